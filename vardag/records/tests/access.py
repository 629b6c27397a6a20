from datetime import date

from vardag.core.testing import Case
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
    return {
        "records:home": Case(persona="admin", foreign="own", marker="Kommunstyrelsen 2025-01-20"),
        "records:rule_edit": Case(persona="admin", kwargs={"rule_id": rule.pk}),
        "records:trail": Case(persona="admin", foreign="own", marker="erasure.reviewed"),
        "records:erasure_list": Case(persona="admin", foreign="own", marker="2026-12-01"),
        "records:erasure_detail": Case(persona="admin", kwargs={"request_id": request.pk}),
        "records:erasure_execute": Case(
            persona="admin",
            kwargs={"request_id": request.pk},
            method="post",
            is_page=False,
            expect=302,
        ),
    }
