from django import forms
from django.utils.translation import gettext_lazy as _

from vardag.core.models import Organisation


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
