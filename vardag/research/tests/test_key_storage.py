"""The pseudonym key is stored a row per original: an import reads what its text needs and adds
its new originals, so it neither slows down nor changes meaning as the study's key grows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vardag.research import selectors, services
from vardag.research.importers import transcript_text
from vardag.research.models import PseudonymEntry, Source
from vardag.research.tests.factories import make_study

pytestmark = pytest.mark.django_db

VTT = """WEBVTT

00:00:01.000 --> 00:00:05.000
<v Anna Lind>Vi behöver tid för att pröva idéer.</v>

00:00:06.000 --> 00:00:09.000
<v Bo Ek>Ring Cecilia Berg på 070-123 45 67.</v>
"""


def _study(world):
    return selectors.access_study(world.researcher, make_study(world.researcher).study.pk)


def _import(world, study, text, names=(), cues=(), title="Samtal"):
    suggestions = services.suggestions_for(study, text, names=names)
    draft = services.ImportDraft(title=title, text=text, accepted=suggestions, cues=cues)
    return services.source_import(actor=world.researcher, study=study, draft=draft)


def _grow_key(study, n):
    have = PseudonymEntry.objects.filter(study=study).count()
    PseudonymEntry.objects.bulk_create(
        PseudonymEntry(
            study=study,
            kind="name",
            original=f"person nummer {i}",
            pseudonym=f"Person {i}",
            numbered_kind="name",
            number=i,
        )
        for i in range(have + 1, n + 1)
    )


def test_an_import_continues_the_numbering_and_reuses_known_pseudonyms(world):
    study = _study(world)
    _grow_key(study, 300)
    first = _import(world, study, "Anna Lind och Bo Ek talade.", names=["Anna Lind", "Bo Ek"])
    assert first.text == "Person 301 och Person 302 talade."
    second = _import(world, study, "Bo Ek svarade Anna Lind.", names=["Anna Lind", "Bo Ek"])
    assert second.text == "Person 302 svarade Person 301."
    entries = PseudonymEntry.objects.filter(study=study, original__in=["anna lind", "bo ek"])
    assert sorted(entries.values_list("pseudonym", "number")) == [
        ("Person 301", 301),
        ("Person 302", 302),
    ]
    # the owner's key page still shows the whole key
    assert len(services.study_key(study).entries) == 302


def test_speakers_known_from_an_earlier_text_keep_their_pseudonym(world):
    study = _study(world)
    _import(world, study, "Anna Lind och Bo Ek talade.", names=["Anna Lind", "Bo Ek"])
    extracted = transcript_text(VTT)
    source = _import(world, study, extracted.text, names=["Cecilia Berg"], cues=extracted.cues)
    speakers = {cue["speaker"] for cue in Source.objects.get(pk=source.pk).cues}
    assert speakers == {"Person 1", "Person 2"}
    assert "Cecilia Berg" not in source.text and "070-123 45 67" not in source.text


def test_an_import_reads_the_same_number_of_queries_however_large_the_key(world):
    study = _study(world)
    text = "Anna Lind ringde 070-123 45 67 och skrev till anna@example.org."

    def queries(key_size):
        _grow_key(study, key_size)
        suggestions = services.suggestions_for(study, text, names=["Anna Lind"])
        draft = services.ImportDraft(title="T", text=text, accepted=suggestions)
        with CaptureQueriesContext(connection) as ctx:
            services.source_import(actor=world.researcher, study=study, draft=draft)
        PseudonymEntry.objects.filter(study=study, number__isnull=True).delete()
        PseudonymEntry.objects.filter(study=study, original="anna lind").delete()
        return len(ctx.captured_queries)

    queries(5)  # the first import into a study creates its key record
    assert queries(5) == queries(500)


# ---- the study and analysis pages at the size of a large study --------------------------------


def _grow_sources(study, coder):
    from vardag.research.models import Excerpt

    code = study.codes.first()

    def grow(n: int) -> None:
        have = study.sources.count()
        made = Source.objects.bulk_create(
            Source(study=study, title=f"Samtal {i:04d}", text="Vi behöver tid. " * 50)
            for i in range(have, n)
        )
        Excerpt.objects.bulk_create(
            Excerpt(source=s, code=code, coder=coder, start=0, end=10 + k)
            for s in made
            for k in range(2)
        )

    return grow


@pytest.mark.parametrize("page", ["research:study", "research:analysis"])
def test_study_pages_need_the_same_queries_for_few_and_many_sources(world, client_for, page):
    from django.urls import reverse

    from vardag.core.testing import assert_constant_queries

    study = make_study(world.researcher).study
    client = client_for("researcher")
    url = reverse(page, args=[study.pk])

    def fetch() -> None:
        assert client.get(url).status_code == 200

    assert_constant_queries(fetch, _grow_sources(study, world.researcher), small=5, large=120)


def test_the_study_page_lists_sources_a_page_at_a_time_without_their_texts(world, client_for):
    from django.urls import reverse

    study = make_study(world.researcher).study
    _grow_sources(study, world.researcher)(120)
    client = client_for("researcher")
    url = reverse("research:study", args=[study.pk])
    with CaptureQueriesContext(connection) as ctx:
        first = client.get(url).content.decode()
    assert "120 källor" in first
    assert first.count("/forskning/kallor/") == selectors.SOURCES_PER_PAGE
    assert "Sida 1 av 3" in first and "?sida=2" in first
    assert not [q for q in ctx.captured_queries if '"research_source"."text"' in q["sql"]]
    last = client.get(url + "?sida=3").content.decode()
    assert "Samtal 0119" in last and "Samtal 0001" not in last
