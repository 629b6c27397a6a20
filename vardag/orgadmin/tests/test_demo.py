import pytest

from vardag.accounts.models import GroupMapping, User
from vardag.core.models import CollaborationAgreement
from vardag.demo import loader
from vardag.orgadmin.models import HrImport


@pytest.mark.django_db
def test_demo_has_an_agreement_group_mappings_and_an_applied_import():
    world = loader.load()
    agreement = CollaborationAgreement.objects.get(title__startswith="Tidiga")
    assert set(agreement.parties.all()) == {world.ekbacka, world.norrvik}
    assert GroupMapping.objects.filter(organisation=world.ekbacka).count() == 2
    hr_import = HrImport.objects.get()
    assert hr_import.status == HrImport.Status.APPLIED and hr_import.rejected == []
    assert User.objects.filter(external_id__startswith="EK-1").count() == 3
