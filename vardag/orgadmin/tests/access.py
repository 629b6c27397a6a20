from datetime import date

from django.db import transaction

from vardag.accounts.models import GroupMapping, Membership
from vardag.core import audit
from vardag.core.models import CollaborationAgreement, Unit
from vardag.core.testing import Case
from vardag.orgadmin.models import HrImport

CSV = (
    "Anställningsnummer;Förnamn;Efternamn;Enhetskod;Enhetsnamn\r\n"
    "A1;Alva;Ekström;K1;Kulturskolan\r\n"
).encode()


def url_cases(world):
    org = world.org
    unit = Unit.objects.create(
        organisation=org, name="Fritidsgården Ekbacka", kind="unit", code="FG1"
    )
    with transaction.atomic():  # a history in words on the unit's page (axe checks it)
        audit.record(
            world.admin,
            "unit.changed",
            target=unit,
            data={"name": ["Fritidsgården", unit.name], "kind": ["school", "unit"]},
        )
    closed = Unit.objects.create(
        organisation=org, name="Nedlagda enheten", kind="unit", closed_at=date(2024, 1, 1)
    )
    agreement = CollaborationAgreement.objects.create(
        title="Skola–socialtjänst Ekbacka", valid_from=date(2025, 1, 1)
    )
    agreement.parties.set([org])
    membership = Membership.objects.get(user=world.employee)
    mapping = GroupMapping.objects.create(
        organisation=org, group="sg-ekbacka-chefer", unit=world.units["unit"], role="unit_manager"
    )
    hr_import = HrImport.objects.create(
        organisation=org,
        created_by=world.admin,
        file_name="ekbacka-hr.csv",
        content=CSV,
        file_format="csv",
        encoding="utf-8",
        delimiter=";",
        headers=["Anställningsnummer", "Förnamn", "Efternamn", "Enhetskod", "Enhetsnamn"],
        mapping={"employee_id": 0, "first_name": 1, "last_name": 2, "unit_code": 3, "unit_name": 4},
        row_count=1,
        status=HrImport.Status.CHECKED,
        summary={
            "counts": {
                "unit_creates": 1,
                "unit_changes": 0,
                "unit_closes": 0,
                "person_creates": 1,
                "person_changes": 0,
                "person_closes": 0,
                "membership_creates": 1,
                "membership_changes": 0,
                "membership_closes": 0,
            },
            "unit_creates": ["K1 Kulturskolan"],
        },
        rejected=[{"line": 3, "reason": "Okänd roll: Trollkarl."}],
    )
    admin = {"persona": "admin"}
    return {
        "orgadmin:home": Case(**admin, foreign="own", marker="ekbacka-hr.csv"),
        "orgadmin:policy": Case(**admin, foreign="own", marker="Ekbacka"),
        "orgadmin:unit_list": Case(**admin, foreign="own", marker="Fritidsgården Ekbacka"),
        "orgadmin:unit_detail": Case(**admin, kwargs={"unit_id": unit.pk}),
        "orgadmin:unit_close": Case(
            **admin,
            kwargs={"unit_id": unit.pk},
            method="post",
            is_page=False,
            expect=302,
            data={"closed_at": "2026-01-01"},
        ),
        "orgadmin:unit_reopen": Case(
            **admin, kwargs={"unit_id": closed.pk}, method="post", is_page=False, expect=302
        ),
        "orgadmin:person_list": Case(**admin, foreign="own", marker="Employee Testsson"),
        "orgadmin:person_detail": Case(**admin, kwargs={"user_id": world.employee.pk}),
        # A register extract (GDPR art. 15): a ZIP, not a page; a plain employee is refused.
        "orgadmin:person_data_export": Case(
            **admin, kwargs={"user_id": world.employee.pk}, is_page=False
        ),
        "orgadmin:membership_edit": Case(**admin, kwargs={"membership_id": membership.pk}),
        "orgadmin:agreement_list": Case(**admin, foreign="own", marker="Skola–socialtjänst"),
        "orgadmin:agreement_detail": Case(**admin, kwargs={"agreement_id": agreement.pk}),
        "orgadmin:agreement_terminate": Case(
            **admin,
            kwargs={"agreement_id": agreement.pk},
            method="post",
            is_page=False,
            expect=302,
        ),
        "orgadmin:sso": Case(**admin, foreign="own", marker="sg-ekbacka-chefer"),
        "orgadmin:group_mapping_remove": Case(
            **admin, kwargs={"mapping_id": mapping.pk}, method="post", is_page=False, expect=302
        ),
        "orgadmin:import_list": Case(**admin, foreign="own", marker="ekbacka-hr.csv"),
        "orgadmin:import_detail": Case(**admin, kwargs={"import_id": hr_import.pk}),
        # This import has a rejected row: the apply is refused on the import page (422).
        "orgadmin:import_apply": Case(
            **admin, kwargs={"import_id": hr_import.pk}, method="post", is_page=False, expect=422
        ),
    }


def api_cases(world):
    hr_import = HrImport.objects.create(
        organisation=world.org,
        created_by=world.admin,
        file_name="api-hr.csv",
        content=CSV,
        file_format="csv",
        headers=["Anställningsnummer"],
        rejected=[{"line": 2, "reason": "Okänd roll: Trollkarl."}],
    )
    api_unit = Unit.objects.create(
        organisation=world.org, name="API-enheten", kind="unit", code="API1"
    )
    membership = Membership.objects.filter(user=world.employee).first()
    assert membership is not None
    base = "/api/v1/orgadmin"
    post = {"persona": "admin", "method": "post"}
    return {
        f"POST {base}/units": Case(
            **post, data={"name": "Nya enheten", "kind": "unit"}, expect=201, foreign="own"
        ),
        f"PATCH {base}/units/{{unit_id}}": Case(
            **post, kwargs={"unit_id": api_unit.pk}, data={"name": "API-enheten 2"}
        ),
        f"POST {base}/units/{{unit_id}}/close": Case(
            **post, kwargs={"unit_id": api_unit.pk}, data={}
        ),
        f"POST {base}/people": Case(
            **post,
            data={"username": "ny.person", "first_name": "Ny", "last_name": "Person"},
            foreign_data={"username": "norrvik.ny", "first_name": "Ny", "last_name": "Person"},
            expect=201,
            foreign="own",
        ),
        f"PATCH {base}/people/{{user_id}}": Case(
            **post, kwargs={"user_id": world.employee.pk}, data={"title": "Kurator"}
        ),
        f"POST {base}/people/{{user_id}}/memberships": Case(
            **post,
            kwargs={"user_id": world.employee.pk},
            data={"unit_id": api_unit.pk, "role": "employee"},
            expect=201,
        ),
        f"PATCH {base}/memberships/{{membership_id}}": Case(
            **post,
            kwargs={"membership_id": membership.pk},
            data={"starts_on": membership.starts_on.isoformat()},
        ),
        f"GET {base}/units": Case(persona="admin", foreign="own", marker="API-enheten"),
        f"GET {base}/people": Case(persona="admin", foreign="own", marker="Employee"),
        f"GET {base}/imports/{{import_id}}": Case(
            persona="admin", kwargs={"import_id": hr_import.pk}, marker="Trollkarl"
        ),
    }
