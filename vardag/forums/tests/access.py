from vardag.core.testing import Case
from vardag.forums.tests.factories import governance


def url_cases(world):
    gov = governance(world)
    f = {"forum_id": gov.management.pk}
    post = {"method": "post", "is_page": False, "expect": 302}
    return {
        "forums:list": Case(foreign="own", marker="Ledningsgruppen socialförvaltningen"),
        "forums:create": Case(foreign="own", persona="manager"),
        "forums:detail": Case(kwargs=f, marker="Ledningsgruppen socialförvaltningen"),
        "forums:edit": Case(kwargs=f, persona="head"),
        "forums:member_add": Case(
            kwargs=f, persona="head", data={"user": world.employee.pk, "role": "member"}, **post
        ),
        "forums:member_remove": Case(
            kwargs={"forum_id": gov.management.pk, "user_id": world.manager.pk},
            persona="head",
            **post,
        ),
        "forums:mandates": Case(foreign="own", marker="Ledningsgruppen: tid och pengar"),
        "forums:mandate_create": Case(foreign="own", persona="admin"),
        "forums:mandate": Case(
            kwargs={"mandate_id": gov.management_mandate.pk},
            marker="Delegationsordning SN 2026, punkt 4.3",
        ),
        "forums:mandate_edit": Case(
            kwargs={"mandate_id": gov.management_mandate.pk}, persona="admin"
        ),
    }


def api_cases(world):
    gov = governance(world)
    base = "/api/v1/forums"
    return {
        f"GET {base}/forums": Case(foreign="own", marker="Ledningsgruppen"),
        f"GET {base}/forums/{{forum_id}}": Case(kwargs={"forum_id": gov.management.pk}),
        f"GET {base}/mandates": Case(foreign="own", marker="Ledningsgruppen: tid och pengar"),
    }
