"""Research at the size of a real study: import, coding page, agreement, .qdpx export.

Data (fixed seed): a study of ``--transcripts`` two-hour transcripts (~100,000 characters each,
with 20 named people, phone numbers and personnummer in them), 40 codes, two coders who each
code ~300 excerpts per transcript. Throw-away SQLite database (or an empty, disposable
``DATABASE_URL``).

Rows:
- ``suggest + apply (one transcript)``: the pseudonymisation a researcher waits for between
  upload and review, and at save. Baseline: ``privacy.redact`` of the same text (detectors only).
- ``coding page, 600 excerpts``: server time of the source page with both coders' highlights.
  Baseline: the same page for a 2,000-character source with 5 excerpts.
- ``agreement, all codes``: kappa and alpha per code for two coders over all transcripts.
  Baseline: scikit-learn's cohen_kappa_score on per-character label lists built in Python.
- ``.qdpx export``: the whole study as a REFI-QDA project. No baseline.

    /work/venv/bin/python bench/bench_research.py [--transcripts N]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import Timing, measure, print_table  # noqa: E402

SEED = 20260301
NAMES = [
    f"{first} {last}"
    for first, last in zip(
        ["Anna", "Erik", "Lena", "Omar", "Sara", "Jonas", "Karin", "Amira", "Per", "Helena"] * 2,
        [
            "Lind",
            "Berg",
            "Ek",
            "Said",
            "Holm",
            "Wallin",
            "Haddad",
            "Eklund",
            "Björk",
            "Sandberg",
            "Ström",
            "Nord",
            "Falk",
            "Lund",
            "Ahmed",
            "Nilsson",
            "Karlsson",
            "Larsson",
            "Olsson",
            "Persson",
        ],
        strict=True,
    )
]
SENTENCE = (
    "vi har inte tid att pröva nya idéer eftersom det akuta tar allt men chefen stöttar "
    "oss när vi föreslår något och familjerna vet ofta bäst själva"
)
WORDS = SENTENCE.split(" ")


def setup_django() -> None:
    os.environ.setdefault("VARDAG_DEBUG", "1")
    os.environ.setdefault("VARDAG_ALLOWED_HOSTS", "testserver,localhost")
    if "DATABASE_URL" not in os.environ:
        os.environ["VARDAG_DATA_DIR"] = tempfile.mkdtemp(prefix="vardag-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def transcript(rng: random.Random, length: int = 100_000) -> str:
    import datetime

    from vardag.core.privacy.tests.numbers import make_number

    parts, size = [], 0
    while size < length:
        speaker = rng.choice(NAMES)
        words = [rng.choice(WORDS) for _ in range(rng.randint(15, 60))]
        if rng.random() < 0.05:
            words.append(
                make_number(datetime.date(1980 + rng.randint(0, 30), 5, 17), rng.randint(1, 999))
            )
        if rng.random() < 0.05:
            words.append(f"070-{rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}")
        if rng.random() < 0.2:
            words.insert(3, rng.choice(NAMES).split()[0])
        line = f"{speaker}: {' '.join(words)}."
        parts.append(line)
        size += len(line) + 2
    return "\n\n".join(parts)


def build(n_transcripts: int):
    from django.test import Client

    from vardag.accounts.testing import make_world
    from vardag.research import selectors, services
    from vardag.research.models import Code, Excerpt, Source

    rng = random.Random(SEED)
    world = make_world()
    study = services.study_create(actor=world.researcher, title="Bench")
    study = selectors.access_study(world.researcher, study.pk)
    services.member_set(actor=world.researcher, study=study, user=world.employee, role="coder")
    codes = [Code.objects.create(study=study, name=f"Kod {i}") for i in range(40)]
    texts = [transcript(rng) for _ in range(n_transcripts)]
    sources = []
    for i, text in enumerate(texts):
        accepted = services.suggestions_for(study, text, NAMES)
        draft = services.ImportDraft(title=f"Intervju {i}", text=text, accepted=accepted)
        sources.append(services.source_import(actor=world.researcher, study=study, draft=draft))
    rows = []
    for source in sources:
        n = len(source.text)
        for _ in range(300):
            start = rng.randrange(0, n - 400)
            end = start + rng.randint(40, 400)
            code = rng.choice(codes)
            rows.append(
                Excerpt(source=source, code=code, coder=world.researcher, start=start, end=end)
            )
            if rng.random() < 0.7:  # the colleague mostly agrees, with shifted boundaries
                shift = rng.randint(-30, 30)
                rows.append(
                    Excerpt(
                        source=source,
                        code=code,
                        coder=world.employee,
                        start=max(0, start + shift),
                        end=min(n, end + shift),
                    )
                )
    Excerpt.objects.bulk_create(rows, ignore_conflicts=True)
    small = Source.objects.create(study=study, title="Liten", text=texts[0][:2000])
    for code in codes[:5]:
        Excerpt.objects.create(source=small, code=code, coder=world.researcher, start=10, end=200)
    client = Client()
    client.force_login(world.researcher)
    return world, study, sources, small, texts, client


def sklearn_agreement(study, a: int, b: int) -> None:
    from sklearn.metrics import cohen_kappa_score

    from vardag.research.models import Excerpt, Source

    for code in study.codes.all():
        labels_a, labels_b = [], []
        for source in Source.objects.filter(study=study).exclude(title="Liten"):
            n = len(source.text)
            la, lb = [0] * n, [0] * n
            for coder, target in ((a, la), (b, lb)):
                for s, e in Excerpt.objects.filter(
                    source=source, code=code, coder_id=coder
                ).values_list("start", "end"):
                    for i in range(s, e):
                        target[i] = 1
            labels_a += la
            labels_b += lb
        cohen_kappa_score(labels_a, labels_b)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--transcripts", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    setup_django()
    from django.urls import reverse

    from vardag.core import privacy
    from vardag.research import refi, selectors, services

    world, study, sources, small, texts, client = build(args.transcripts)
    text = texts[0]
    key = services.study_key(study)

    def pseudonymise() -> None:
        privacy.apply(text, privacy.suggest(text, names=NAMES, key=key), key)

    a, b = world.researcher.pk, world.employee.pk
    big_url = reverse("research:source", args=[sources[0].pk])
    small_url = reverse("research:source", args=[small.pk])
    r = args.repeats
    rows = [
        Timing(
            "suggest + apply (one transcript)",
            *measure(pseudonymise, repeats=r),
            baseline_ms=measure(lambda: privacy.redact(text), repeats=r)[0],
        ),
        Timing(
            "coding page, ~600 excerpts",
            *measure(lambda: client.get(big_url), repeats=r),
            baseline_ms=measure(lambda: client.get(small_url), repeats=r)[0],
        ),
        Timing(
            f"agreement, 40 codes × {args.transcripts} transcripts",
            *measure(lambda: selectors.code_agreements(study, a, b), repeats=r),
            baseline_ms=measure(lambda: sklearn_agreement(study, a, b), repeats=1, warmup=0)[0],
        ),
        Timing(
            ".qdpx export",
            *measure(lambda: refi.project_qdpx(services.study_as_refi(study)), repeats=r),
        ),
    ]
    print_table(f"Research: {args.transcripts} transcripts of ~100,000 characters", rows)


if __name__ == "__main__":
    main()
