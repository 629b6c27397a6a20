from datetime import date

from vardag.core.testing import Case
from vardag.ideas.tests.factories import make_idea
from vardag.records import services


def url_cases(world):
    rule = services.retention_rule_save(
        actor=world.admin,
        kind="notifications",
        months=12,
        action="remove",
        decision_reference="Kommunstyrelsen 2025-01-20 § 7",
    )
    request = services.erasure_request_review(
        actor=world.admin, received_on=date(2026, 12, 1), person=world.employee
    )
    mistaken = services.erasure_request_review(
        actor=world.admin, received_on=date(2026, 12, 2), person=world.manager
    )
    idea = make_idea(
        world, title="Sms-påminnelser", summary="Kortare väntan.\n\nUppgift om en familj."
    )
    disclosure = services.disclosure_start(
        actor=world.admin, document_type="idea", document_id=idea.pk, received_on=date(2026, 12, 3)
    )
    services.disclosure_decide(
        actor=world.admin,
        disclosure=disclosure,
        masks={"idea.summary:2": "osl_26_1"},
        note="Enskilds personliga förhållanden.",
    )
    return {
        "records:disclosure_list": Case(persona="admin", foreign="own", marker="2026-12-03"),
        "records:disclosure_detail": Case(persona="admin", kwargs={"disclosure_id": disclosure.pk}),
        "records:disclosure_pdf": Case(
            persona="admin",
            kwargs={"disclosure_id": disclosure.pk},
            method="post",
            is_page=False,
        ),
        "records:home": Case(persona="admin", foreign="own", marker="Kommunstyrelsen 2025-01-20"),
        "records:rule_edit": Case(persona="admin", kwargs={"rule_id": rule.pk}),
        "records:trail": Case(
            persona="admin", foreign="own", marker="Begäran om radering prövades"
        ),
        "records:erasure_list": Case(persona="admin", foreign="own", marker="2026-12-01"),
        "records:erasure_detail": Case(persona="admin", kwargs={"request_id": request.pk}),
        "records:erasure_rereview": Case(
            persona="admin",
            kwargs={"request_id": request.pk},
            method="post",
            is_page=False,
            expect=302,
        ),
        "records:erasure_withdraw": Case(
            persona="admin",
            kwargs={"request_id": mistaken.pk},
            method="post",
            is_page=False,
            expect=302,
            data={"reason": "Registrerad på fel person"},
        ),
        "records:erasure_execute": Case(
            persona="admin",
            kwargs={"request_id": request.pk},
            method="post",
            is_page=False,
            expect=302,
        ),
    }
