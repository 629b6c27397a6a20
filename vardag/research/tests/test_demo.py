import pytest

from vardag.core.privacy import contains_valid_personnummer
from vardag.research import selectors
from vardag.research.models import Source, Study

pytestmark = pytest.mark.django_db


def test_demo_study_is_pseudonymised_and_coded_by_two():
    from vardag.demo import loader

    world = loader.load()
    study = Study.objects.get(organisation=world.ekbacka)
    texts = " ".join(Source.objects.filter(study=study).values_list("text", flat=True))
    for original in ("Lena Ek", "Omar Said", "lena.ek@example.org"):
        assert original not in texts
    assert not contains_valid_personnummer(texts)
    fg = Source.objects.get(study=study, activity__kind="focus_group")
    assert all(c["speaker"] != "Lena Ek" for c in fg.cues)
    owner, colleague = world.users["researcher"], world.users["designer"]
    rows = dict(selectors.code_agreements(study, owner.pk, colleague.pk))
    tid = next(a for code, a in rows.items() if code.name == "Tid")
    stod = next(a for code, a in rows.items() if code.name == "Ledningens stöd")
    assert tid.kappa == pytest.approx(1.0)
    assert 0 < stod.kappa < 1
    assert study.themes.filter(condition_kind="barrier").count() == 2
