from vardag.accounts.models import ApiToken, UserSession
from vardag.core.testing import Case


def url_cases(world):
    token = ApiToken.objects.create(
        user=world.employee, name="Min rapportnyckel", prefix="abcdefabcdef", digest="0" * 64
    )
    session = UserSession.objects.create(
        user=world.employee, session_key="k" * 40, user_agent="Firefox på jobbdatorn"
    )
    return {
        "accounts:session_end": Case(
            kwargs={"session_id": session.pk}, method="post", is_page=False, expect=302
        ),
        "accounts:data_export": Case(foreign="own", is_page=False),
        "accounts:oidc_start": Case(public=True, is_page=False),
        "accounts:oidc_callback": Case(public=True, is_page=False),
        "accounts:login": Case(public=True),
        "accounts:logout": Case(method="post", public=True, is_page=False, expect=302),
        "accounts:logout_everywhere": Case(method="post", foreign="own", is_page=False, expect=302),
        "accounts:account": Case(foreign="own", marker="Min rapportnyckel"),
        "accounts:token_revoke": Case(
            kwargs={"token_id": token.pk}, method="post", is_page=False, expect=302
        ),
        "accounts:password_reset": Case(public=True),
        "accounts:password_reset_done": Case(public=True),
        "accounts:password_reset_confirm": Case(
            kwargs={"uidb64": "MQ", "token": "set-password"}, public=True
        ),
        "accounts:password_reset_complete": Case(public=True),
    }
