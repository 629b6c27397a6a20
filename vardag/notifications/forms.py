from typing import Any

from django import forms

from vardag.notifications import kinds
from vardag.notifications.models import Delivery


class PreferencesForm(forms.Form):
    """One choice (immediately / daily digest / off) per kind of notification."""

    def __init__(self, *args: Any, current: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index, (kind, label) in enumerate(kinds.known()):
            self.fields[f"k{index}"] = forms.ChoiceField(
                label=label,
                choices=Delivery.choices,
                initial=current.get(kind, Delivery.IMMEDIATELY),
                widget=forms.RadioSelect,
            )

    def choices(self) -> dict[str, str]:
        return {
            kind: self.cleaned_data[f"k{index}"] for index, (kind, _l) in enumerate(kinds.known())
        }
