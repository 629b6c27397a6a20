import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vardag.core.privacy import contains_valid_personnummer
from vardag.core.privacy.tests.numbers import oracle_findings
from vardag.core.privacy.tests.test_properties import texts_with_numbers
from vardag.core.testing import assert_constant_queries
from vardag.research import refi, selectors, services
from vardag.research.models import Code, Excerpt, Memo, Source, Study
from vardag.research.tests.factories import make_study

pytestmark = pytest.mark.django_db


def _accessed(actor, study):
    return selectors.access_study(actor, study.pk)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=texts_with_numbers(), accept=st.booleans())
def test_stored_text_never_holds_a_valid_personnummer(world, text, accept):
    study = _accessed(world.researcher, make_study(world.researcher).study)
    suggestions = services.suggestions_for(study, text)
    draft = services.ImportDraft(
        title="P", text=text, accepted=tuple(suggestions) if accept else ()
    )
    source = services.source_import(actor=world.researcher, study=study, draft=draft)
    stored = Source.objects.get(pk=source.pk).text
    assert not contains_valid_personnummer(stored)
    assert oracle_findings(stored) == []


def test_merge_moves_excerpts_memos_and_children(world):
    w = make_study(world.researcher)
    study = _accessed(world.researcher, w.study)
    child = Code.objects.create(study=w.study, parent=w.other_code, name="Chefen")
    Excerpt.objects.create(
        source=w.source, code=w.other_code, coder=world.researcher, start=61, end=95
    )
    Excerpt.objects.create(
        source=w.source, code=w.other_code, coder=world.researcher, start=0, end=11
    )
    Memo.objects.create(study=w.study, code=w.other_code, text="m")
    source = selectors.access_code(world.researcher, w.other_code.pk)
    services.code_merge(actor=world.researcher, source=source, into=w.code)
    assert not Code.objects.filter(pk=w.other_code.pk).exists()
    # the duplicate span collapsed into the existing excerpt; the other moved
    assert sorted(w.code.excerpts.values_list("start", flat=True)) == [0, 61]
    assert Memo.objects.get().code_id == w.code.pk
    child.refresh_from_db()
    assert child.parent_id == w.code.pk
    assert study.pk == w.study.pk


def test_move_refuses_cycles(world):
    w = make_study(world.researcher)
    child = Code.objects.create(study=w.study, parent=w.code, name="Under")
    code = selectors.access_code(world.researcher, w.code.pk)
    with pytest.raises(PermissionDenied):
        services.code_update(
            actor=world.researcher,
            code=code,
            name="Tid",
            definition="",
            colour="#000000",
            parent=child,
        )


def test_starter_sets_are_idempotent(world):
    study = _accessed(world.researcher, make_study(world.researcher).study)
    first = services.codebook_add_starter(
        actor=world.researcher, study=study, starter="service_logic"
    )
    again = services.codebook_add_starter(
        actor=world.researcher, study=study, starter="service_logic"
    )
    assert first == 7 and again == 0


def test_codebook_qdc_round_trip_through_the_pages(world, client_for):
    w = make_study(world.researcher)
    client = client_for("researcher")
    client.post(
        reverse("research:codebook_starter", args=[w.study.pk]), {"starter": "service_logic"}
    )
    qdc = client.get(reverse("research:codebook_export", args=[w.study.pk])).content
    other = make_study(world.researcher, title="Annan")
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        reverse("research:codebook_import", args=[other.study.pk]),
        {"file": SimpleUploadedFile("k.qdc", qdc)},
    )
    names = lambda s: sorted(s.codes.values_list("name", flat=True))  # noqa: E731
    assert names(other.study) == names(w.study)
    assert Code.objects.get(study=other.study, name="Värdeskapande").parent.name == "Tjänstelogik"


def test_co_occurrence_and_matrix_suppress_small_groups(world):
    w = make_study(world.researcher)
    study = _accessed(world.researcher, w.study)
    Excerpt.objects.create(
        source=w.source, code=w.other_code, coder=world.researcher, start=70, end=120
    )
    pairs = selectors.co_occurrence(world.researcher, study)
    assert [({a.name, b.name}, n) for a, b, n in pairs] == [({"Tid", "Ledningens stöd"}, 1)]
    matrix = selectors.code_matrix(world.researcher, study, "speaker_role")
    assert all(v is None for _code, values in matrix.rows for v in values)  # 1 source < 5
    for i in range(6):
        Source.objects.create(study=w.study, title=f"S{i}", text="x", speaker_role="employee")
    matrix = selectors.code_matrix(world.researcher, study, "speaker_role")
    assert {c.name: v for c, v in matrix.rows}["Tid"] == [1]


def test_project_import_pseudonymises_foreign_texts(world):
    import datetime

    from vardag.core.privacy.tests.numbers import make_number

    number = make_number(datetime.date(1990, 5, 17), 321)
    text = f"Hon har nummer {number} och sa: tiden räcker inte."
    start = text.index("tiden")
    project = refi.RefiProject(
        name="Från NVivo",
        codes=[refi.RefiCode("00000000-0000-4000-8000-000000000001", "Tid")],
        sources=[
            refi.RefiSource(
                "00000000-0000-4000-8000-000000000002",
                "K",
                text,
                [
                    refi.RefiCoding(
                        "00000000-0000-4000-8000-000000000003",
                        start,
                        len(text),
                        "00000000-0000-4000-8000-000000000001",
                    )
                ],
            )
        ],
    )
    study = services.project_import(actor=world.researcher, project=project)
    source = study.sources.get()
    assert number not in source.text
    excerpt = Excerpt.objects.get(source=source)
    assert source.text[excerpt.start : excerpt.end] == "tiden räcker inte."


def test_list_and_coding_pages_use_constant_queries(world, client_for):
    client = client_for("researcher")
    w = make_study(world.researcher)

    def grow(n):
        while Excerpt.objects.filter(source=w.source).count() < n:
            i = Excerpt.objects.filter(source=w.source).count()
            code = Code.objects.create(study=w.study, name=f"K{i}")
            Excerpt.objects.create(
                source=w.source, code=code, coder=world.researcher, start=i % 50, end=i % 50 + 20
            )
            Study.objects.create(organisation=world.org, owner=world.researcher, title=f"S{i}")

    assert_constant_queries(
        lambda: client.get(reverse("research:source", args=[w.source.pk])), grow
    )
    assert_constant_queries(
        lambda: client.get(reverse("research:studies")), grow, small=55, large=80
    )
    assert_constant_queries(
        lambda: client.get(reverse("research:codebook", args=[w.study.pk])),
        grow,
        small=85,
        large=100,
    )


def test_qdpx_round_trip_keeps_two_coders_on_the_same_span(world):
    w = make_study(world.researcher)
    Excerpt.objects.create(source=w.source, code=w.code, coder=world.employee, start=61, end=95)
    study = _accessed(world.researcher, w.study)
    project = services.study_as_refi(study)
    project.users.append(refi.RefiUser("00000000-0000-4000-8000-0000000000aa", "Extern Kodare"))
    project.sources[0].codings.append(
        refi.RefiCoding(
            "00000000-0000-4000-8000-0000000000ab",
            61,
            95,
            str(w.code.guid),
            "00000000-0000-4000-8000-0000000000aa",
        )
    )
    data = refi.project_qdpx(project)
    imported = services.project_import(actor=world.researcher, project=refi.read_project(data))
    excerpts = Excerpt.objects.filter(source__study=imported, start=61, end=95)
    assert sorted((e.coder.username, e.coder_label) for e in excerpts) == [
        ("employee", ""),
        ("researcher", ""),
        ("researcher", "Extern Kodare"),
    ]
    again = services.study_as_refi(imported)

    def codings(p):
        names = {u.guid: u.name for u in p.users}
        return sorted(
            (s.name, c.start, c.end, names.get(c.user_guid, ""))
            for s in p.sources
            for c in s.codings
        )

    assert codings(again) == codings(refi.read_project(data))
