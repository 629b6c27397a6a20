import pytest

from vardag.core.privacy import contains_valid_personnummer
from vardag.research import selectors
from vardag.research.models import Source, Study

pytestmark = pytest.mark.django_db


def test_demo_study_is_pseudonymised_and_coded_by_two():
    from io import StringIO

    from django.core.management import call_command

    from vardag.accounts.models import User

    call_command("demo", stdout=StringIO())  # the `vardag demo` command runs research's demo.load
    study = Study.objects.get(organisation__slug="ekbacka")
    texts = " ".join(Source.objects.filter(study=study).values_list("text", flat=True))
    for original in ("Lena Ek", "Omar Said", "lena.ek@example.org"):
        assert original not in texts
    assert not contains_valid_personnummer(texts)
    fg = Source.objects.get(study=study, activity__kind="focus_group")
    assert all(c["speaker"] != "Lena Ek" for c in fg.cues)
    owner = User.objects.get(username="forskare")
    colleague = User.objects.get(username="tjanstedesigner")
    rows = dict(selectors.code_agreements(study, owner.pk, colleague.pk))
    tid = next(a for code, a in rows.items() if code.name == "Tid")
    stod = next(a for code, a in rows.items() if code.name == "Ledningens stöd")
    assert tid.kappa == pytest.approx(1.0)
    assert 0 < stod.kappa < 1
    assert study.themes.filter(condition_kind="barrier").count() == 2
    assert study.themes.filter(insight__isnull=False).count() == 1
