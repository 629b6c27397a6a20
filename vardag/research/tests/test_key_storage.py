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
