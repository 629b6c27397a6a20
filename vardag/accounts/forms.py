from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from vardag.core.identity import exempt_fields
from vardag.core.once import OneTimeKeyField, give_key


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Fel användarnamn eller lösenord. Observera att det kan spela roll om du "
            "skriver med stora eller små bokstäver."
        ),
        "inactive": _("Kontot är inaktiverat."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Användarnamn")
        self.fields["password"].label = _("Lösenord")
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        exempt_fields(self, "password")  # checked against its hash, never stored as text


class PasswordSetForm(SetPasswordForm):
    """A new password after a reset; passwords are hashed, not kept as text."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        exempt_fields(self, "new_password1", "new_password2")


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Namn på nyckeln"),
        max_length=100,
        help_text=_("Till exempel vad nyckeln ska användas till."),
    )
    request_key = OneTimeKeyField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        give_key(self)


class LogoutEverywhereForm(forms.Form):
    revoke_tokens = forms.BooleanField(
        label=_("Återkalla också mina API-nycklar"),
        required=False,
        help_text=_(
            "API-nycklar är inte inloggningar: utan det här valet fortsätter program som "
            "använder dina nycklar att fungera."
        ),
    )
