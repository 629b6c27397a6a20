"""Forms for forums and the mandate register."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vardag.core.models import Unit
from vardag.core.roles import Role
from vardag.core.selectors import partner_organisation_ids, unit_list
from vardag.forums.models import DecisionType, Forum, ForumMembership, Mandate
from vardag.forums.selectors import forum_list

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _mf(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


class ForumForm(forms.ModelForm):
    class Meta:
        model = Forum
        fields = ["name", "type", "owner_unit", "partner_units", "description", "cadence"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "partner_units": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, actor: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _mf(self, "owner_unit").queryset = unit_list(actor).order_by("name")
        orgs = {actor.organisation_id} | partner_organisation_ids(actor)
        _mf(self, "partner_units").queryset = (
            Unit.objects.filter(organisation_id__in=orgs, closed_at__isnull=True)
            .select_related("organisation")
            .order_by("organisation__name", "name")
        )


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=Unit.objects.none())
    role = forms.ChoiceField(label=_("Roll i forumet"), choices=ForumMembership.Role.choices)

    def __init__(self, *args: Any, forum: Forum, **kwargs: Any):
        super().__init__(*args, **kwargs)
        from vardag.accounts.models import User

        orgs = {forum.organisation_id} | {u.organisation_id for u in forum.partner_units.all()}
        _mf(self, "user").queryset = User.objects.filter(
            organisation_id__in=orgs, is_active=True
        ).order_by("first_name", "last_name")


class MandateForm(forms.ModelForm):
    decision_types = forms.MultipleChoiceField(
        label=_("Beslutstyper"), choices=DecisionType.choices, widget=forms.CheckboxSelectMultiple
    )
    holder_role = forms.ChoiceField(
        label=_("…eller roll"), choices=[("", "–"), *Role.choices], required=False
    )

    class Meta:
        model = Mandate
        fields = [
            "title",
            "holder_forum",
            "holder_role",
            "holder_unit",
            "decision_types",
            "max_amount_sek",
            "max_hours",
            "scope",
            "source_paragraph",
            "report_to",
            "valid_from",
            "valid_until",
            "notes",
        ]
        widgets = {
            "valid_from": DATE,
            "valid_until": DATE,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "max_amount_sek": _("Lämna tomt om mandatet saknar beloppsgräns."),
            "max_hours": _("Lämna tomt om mandatet saknar timgräns."),
        }

    def __init__(self, *args: Any, actor: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        forums = forum_list(actor).filter(organisation_id=actor.organisation_id)
        _mf(self, "holder_forum").queryset = forums
        _mf(self, "holder_forum").label = _("Mandatet innehas av forum…")
        _mf(self, "report_to").queryset = forums
        _mf(self, "holder_unit").queryset = unit_list(actor).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("holder_forum")) == bool(data.get("holder_role")):
            raise forms.ValidationError(
                _("Ange antingen ett forum eller en roll som innehar mandatet.")
            )
        until, since = data.get("valid_until"), data.get("valid_from")
        if until and since and until < since:
            self.add_error("valid_until", _("Slutdatum kan inte vara före startdatum."))
        return data
