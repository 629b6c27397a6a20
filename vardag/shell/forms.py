from django import forms
from django.utils.translation import gettext_lazy as _

from vardag.core.models import Organisation
from vardag.core.selectors import AuditFilter


class AuditFilterForm(forms.Form):
    person = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=150,
        help_text=_("Namn eller användarnamn"),
    )
    action = forms.ChoiceField(label=_("Händelse"), required=False)
    target = forms.CharField(
        label=_("Objekt"),
        required=False,
        max_length=120,
        help_text=_("Typ och id, till exempel ideas.idea:12"),
    )
    since = forms.DateField(
        label=_("Från och med"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Till och med"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Alla"))] + [(a, a) for a in actions]

    def to_filter(self) -> AuditFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return AuditFilter(
            person=data.get("person") or "",
            action=data.get("action") or "",
            target=data.get("target") or "",
            since=data.get("since"),
            until=data.get("until"),
        )


class AccessibilityFeedbackForm(forms.Form):
    """A report of an accessibility problem. Signed-in people write to their own organisation;
    visitors choose the organisation whose service they used."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        help_text=_("Vilken kommun eller organisation gäller det?"),
    )
    page = forms.CharField(
        label=_("Sida eller funktion"),
        required=False,
        max_length=200,
        help_text=_("Till exempel adressen eller namnet på sidan"),
    )
    message = forms.CharField(
        label=_("Vad fungerade inte?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    contact = forms.CharField(
        label=_("Din e-postadress eller ditt telefonnummer"),
        required=False,
        max_length=200,
        help_text=_("Frivilligt, om du vill ha svar"),
    )

    def __init__(self, *args, signed_in: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if signed_in:
            del self.fields["organisation"]
