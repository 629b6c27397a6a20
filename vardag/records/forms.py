from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vardag.records.kinds import kind_choices
from vardag.records.models import Disclosure, RetentionAction, RetentionRule, SecrecyGround


class RetentionRuleForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("Slag av uppgift"), choices=())
    months = forms.IntegerField(label=_("Bevaras i månader"), min_value=1, max_value=1200)

    class Meta:
        model = RetentionRule
        fields = ["kind", "months", "action", "decision_reference", "is_active"]

    def __init__(self, *args: Any, open_kinds: list[str] | None = None, **kwargs: Any) -> None:
        """`open_kinds`: for a new rule, the kinds without a rule (selectors.open_rule_kinds)."""
        super().__init__(*args, **kwargs)
        choices = kind_choices()
        if not self.instance.pk and open_kinds is not None:
            choices = [(key, label) for key, label in choices if key in open_kinds]
        cast(forms.ChoiceField, self.fields["kind"]).choices = choices
        cast(forms.ChoiceField, self.fields["action"]).choices = RetentionAction.choices
        if self.instance.pk:
            self.fields["kind"].disabled = True


def person_label(obj: Any, *, email: bool = True) -> str:
    """A person told apart from others with the same name: the name, the units and the user
    name (and e-mail)."""
    units = sorted({membership.unit.name for membership in obj.memberships.all()})
    contact = obj.username
    if email and obj.email:
        contact = obj.email if obj.username in ("", obj.email) else f"{obj.username}, {obj.email}"
    name = obj.get_full_name() or obj.username
    return f"{name} – {', '.join(units) or _('ingen enhet')} – {contact}"


class PersonChoiceField(forms.ModelChoiceField):
    """People with the same name told apart: the name, the units and the user name or e-mail."""

    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class WithdrawErasureForm(forms.Form):
    reason = forms.CharField(
        label=_("Skäl"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Till exempel att begäran registrerades av misstag eller att personen tog tillbaka den"
        ),
    )


class ErasureRequestForm(forms.Form):
    person = PersonChoiceField(
        label=_("Person"),
        queryset=None,
        required=False,
        help_text=_("Medarbetaren som begär radering"),
    )
    participant_code = forms.CharField(
        label=_("Deltagarkod"),
        required=False,
        max_length=40,
        help_text=_("Koden en deltagare fick när hen lämnade sin synpunkt, om det är en deltagare"),
    )
    received_on = forms.DateField(
        label=_("Begäran kom in"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(
        label=_("Anteckning"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hur begäran kom in och hur den som begärt det får svar"),
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class DisclosureForm(forms.Form):
    document_type = forms.ChoiceField(label=_("Handling"), choices=Disclosure.DocumentType.choices)
    document_id = forms.IntegerField(
        label=_("Nummer"),
        min_value=1,
        max_value=2_000_000_000,
        help_text=_(
            "Idéns, beslutets eller mötets nummer, som i adressen: /ideer/12/ är idé nummer 12"
        ),
    )
    received_on = forms.DateField(
        label=_("Begäran kom in"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    requested_by = forms.CharField(
        label=_("Vem som begärt handlingen"),
        required=False,
        max_length=200,
        help_text=_("Frivilligt: den som begär en allmän handling får vara anonym."),
    )


class MaskingForm(forms.Form):
    """One choice per part of the document: disclose it, or mask it on a secrecy ground."""

    note = forms.CharField(
        label=_("Motivering av sekretessprövningen"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, parts: list[Any], masks: dict[str, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [("", _("Lämnas ut")), *SecrecyGround.choices]
        self.part_fields = []
        for index, part in enumerate(parts):
            name = f"part_{index}"
            self.fields[name] = forms.ChoiceField(
                label=_("Prövning: %(part)s") % {"part": part.label},
                choices=choices,
                required=False,
                initial=masks.get(part.key, ""),
            )
            self.part_fields.append((part, name))

    def masks(self) -> dict[str, str]:
        return {
            part.key: self.cleaned_data[name]
            for part, name in self.part_fields
            if self.cleaned_data.get(name)
        }
