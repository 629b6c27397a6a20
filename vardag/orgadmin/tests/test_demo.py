from io import StringIO

import pytest
from django.core.management import call_command

from vardag.accounts.models import GroupMapping, User
from vardag.core.models import CollaborationAgreement
from vardag.orgadmin.models import HrImport


@pytest.mark.django_db
def test_demo_has_an_agreement_group_mappings_and_an_applied_import():
    call_command("demo", stdout=StringIO())
    agreement = CollaborationAgreement.objects.get(title__startswith="Tidiga")
    assert {p.slug for p in agreement.parties.all()} == {"ekbacka", "norrvik"}
    assert GroupMapping.objects.filter(organisation__slug="ekbacka").count() == 2
    hr_import = HrImport.objects.get()
    assert hr_import.status == HrImport.Status.APPLIED and hr_import.rejected == []
    assert User.objects.filter(external_id__startswith="EK-1").count() == 3
