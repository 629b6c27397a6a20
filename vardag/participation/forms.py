"""Input parsing for the participation pages (Swedish messages through gettext)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vardag.core import actors
from vardag.core.identity import exempt_fields
from vardag.core.once import OneTimeKeyField, give_key
from vardag.core.selectors import unit_list
from vardag.participation import selectors
from vardag.participation.childtext import CHILD_TEXTS
from vardag.participation.models import (
    Activity,
    Actor,
    ActorMap,
    AgeBand,
    Contribution,
    Insight,
    Journey,
    JourneyStep,
    LegalReference,
    Persona,
    SubjectType,
    ThirdParty,
    UserGroup,
    ValueAssessment,
    ValueRisk,
)


class _ActorForm(forms.ModelForm):
    def __init__(self, *args: Any, actor: actors.Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        for name in ("owner_unit", "unit"):
            if name in self.fields:
                self.fields[name].queryset = unit_list(actor)  # type: ignore[attr-defined]  # form.fields is typed as Field
        if "legal_frames" in self.fields:
            self.fields["legal_frames"].queryset = selectors.legal_reference_list(actor)  # type: ignore[attr-defined]  # form.fields is typed as Field
        if "legal_references" in self.fields:
            self.fields["legal_references"].queryset = selectors.legal_reference_list(actor)  # type: ignore[attr-defined]  # form.fields is typed as Field
        if "user_groups" in self.fields:
            self.fields["user_groups"].queryset = selectors.user_group_list(actor)  # type: ignore[attr-defined]  # form.fields is typed as Field
        if "activities" in self.fields:
            self.fields["activities"].queryset = selectors.activity_list(actor)  # type: ignore[attr-defined]  # form.fields is typed as Field


class UserGroupForm(_ActorForm):
    third_parties = forms.MultipleChoiceField(
        label=_("Tredje parter"),
        choices=ThirdParty.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = UserGroup
        fields = [
            "name",
            "description",
            "owner_unit",
            "age_min",
            "age_max",
            "includes_children",
            "contact",
            "third_parties",
            "legal_frames",
            "size_estimate",
        ]
        widgets = {
            "legal_frames": forms.CheckboxSelectMultiple,
            "contact": forms.RadioSelect,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("age_min"), data.get("age_max")
        if low is not None and high is not None and low > high:
            self.add_error("age_max", _("Åldern till kan inte vara lägre än åldern från."))
        if low is not None and low < 18 and not data.get("includes_children"):
            self.add_error("includes_children", _("Gruppen omfattar barn: kryssa i rutan."))
        return data


class PersonaForm(forms.ModelForm):
    class Meta:
        model = Persona
        fields = ["name", "summary", "needs"]


class PersonaQuoteForm(forms.Form):
    insight: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Insikt som citatet bygger på"), queryset=Insight.objects.none()
    )
    text = forms.CharField(label=_("Citat"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, actor: actors.Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["insight"].queryset = selectors.insight_list(actor)  # type: ignore[attr-defined]  # form.fields is typed as Field


class JourneyForm(forms.ModelForm):
    class Meta:
        model = Journey
        fields = ["title", "description"]


class JourneyStepForm(forms.ModelForm):
    class Meta:
        model = JourneyStep
        fields = [
            "touchpoint",
            "organisation_name",
            "sphere",
            "experience",
            "pain",
            "gain",
            "feeling",
        ]
        widgets = {
            "experience": forms.Textarea(attrs={"rows": 2}),
            "pain": forms.Textarea(attrs={"rows": 2}),
            "gain": forms.Textarea(attrs={"rows": 2}),
        }


class InsightForm(_ActorForm):
    class Meta:
        model = Insight
        fields = [
            "statement",
            "evidence",
            "perspective",
            "user_groups",
            "activities",
            "other_sources",
        ]
        widgets = {
            "evidence": forms.RadioSelect,
            "perspective": forms.RadioSelect,
            "user_groups": forms.CheckboxSelectMultiple,
            "activities": forms.CheckboxSelectMultiple,
            "statement": forms.Textarea(attrs={"rows": 3}),
            "other_sources": forms.Textarea(attrs={"rows": 2}),
        }


class ActivityForm(_ActorForm):
    request_key = OneTimeKeyField()  # a new activity only: vardag.core.once

    class Meta:
        model = Activity
        fields = [
            "title",
            "purpose",
            "unit",
            "kind",
            "method",
            "held_on",
            "user_groups",
            "level",
            "lundy_space",
            "lundy_voice",
            "lundy_audience",
            "lundy_influence",
            "lundy_notes",
            "involves_children",
            "guardian_consent",
            "child_consent",
            "age_adapted_method",
            "support_person",
            "consent_rule",
            "child_mode",
            "question",
        ]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}),
            "user_groups": forms.CheckboxSelectMultiple,
            "level": forms.RadioSelect,
            "consent_rule": forms.RadioSelect,
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "lundy_notes": forms.Textarea(attrs={"rows": 2}),
            "question": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("lundy_space", "lundy_voice", "lundy_audience", "lundy_influence"):
            self.fields[name].required = False
        self.fields["question"].help_text = _(
            "Visas för deltagarna. I barnläget måste texten vara lättläst (LIX högst 30)."
        )
        existing = (
            {c.age_band: c.count for c in self.instance.counts.all()} if self.instance.pk else {}
        )
        if self.instance.pk:
            del self.fields["request_key"]
        else:
            give_key(self)
        for band, label in AgeBand.choices:
            self.fields[f"count_{band}"] = forms.IntegerField(
                label=_("Antal deltagare: %(band)s") % {"band": label},
                min_value=0,
                max_value=10000,
                required=False,
                initial=existing.get(band),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_child_counts = any(
            data.get(f"count_{b}") for b in (AgeBand.UNDER_13, AgeBand.AGE_13_15, AgeBand.AGE_16_17)
        )
        if has_child_counts and not data.get("involves_children"):
            self.add_error("involves_children", _("Barn deltar enligt antalen: kryssa i rutan."))
        return data

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["counts"] = {b: data.pop(f"count_{b}") or 0 for b in AgeBand.values}
        return data


class FeedbackForm(forms.Form):
    feedback = forms.CharField(
        label=_("Återkoppling till deltagarna"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("Deltagarna läser den med sin personliga kod. Skriv enkelt och konkret."),
    )


class RespondForm(forms.Form):
    response = forms.CharField(
        label=_("Svar till deltagaren"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class LinkForm(forms.Form):
    subject_type = forms.ChoiceField(label=_("Koppla till"), choices=SubjectType.choices)
    subject_id = forms.IntegerField(label=_("Nummer (id)"), min_value=1)


class ValueAssessmentForm(_ActorForm):
    class Meta:
        model = ValueAssessment
        fields = [
            "title",
            "perspective",
            "user_groups",
            "wellbeing",
            "outcome",
            "experience",
            "self_management",
            "individual_notes",
            "collective",
            "collective_notes",
            "other_groups",
            "legal_references",
            "within_legal_frame",
            "legal_notes",
            "child_view",
            "best_interests",
        ]
        widgets = {
            "perspective": forms.RadioSelect,
            "within_legal_frame": forms.RadioSelect,
            "user_groups": forms.CheckboxSelectMultiple,
            "legal_references": forms.CheckboxSelectMultiple,
            **{
                name: forms.Textarea(attrs={"rows": 2})
                for name in (
                    "individual_notes",
                    "collective_notes",
                    "other_groups",
                    "legal_notes",
                    "child_view",
                    "best_interests",
                )
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["child_view"].help_text = _(
            "Barnets egen åsikt, med barnets ord. Hålls isär från de vuxnas bedömning."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("within_legal_frame") == "yes" and not data.get("legal_references"):
            self.add_error("legal_references", _("Välj den rättsliga grunden."))
        return data


class ValueRiskForm(forms.ModelForm):
    class Meta:
        model = ValueRisk
        fields = ["description", "mitigation"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "mitigation": forms.Textarea(attrs={"rows": 2}),
        }


class ActorMapForm(forms.ModelForm):
    class Meta:
        model = ActorMap
        fields = ["title"]


class ActorForm(forms.ModelForm):
    class Meta:
        model = Actor
        fields = ["name", "kind", "resources", "depends_on", "dependency_notes"]
        widgets = {
            "depends_on": forms.CheckboxSelectMultiple,
            "resources": forms.Textarea(attrs={"rows": 2}),
            "dependency_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, actor_map: ActorMap, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["depends_on"].queryset = actor_map.actors.all()  # type: ignore[attr-defined]  # form.fields is typed as Field


class LegalReferenceForm(forms.ModelForm):
    class Meta:
        model = LegalReference
        fields = ["code", "title", "citation", "url"]


# --- Participant (public) forms ---------------------------------------------------------------


class ParticipantForm(forms.Form):
    age_band: forms.ChoiceField = forms.ChoiceField(
        label=_("Hur gammal är du?"), widget=forms.RadioSelect
    )
    scale = forms.TypedChoiceField(
        label=_("Ditt betyg"),
        choices=Contribution.Scale.choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "scale-input"}),
    )
    text = forms.CharField(
        label=_("Din synpunkt"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Skriv inte ditt namn eller personnummer. Sådant tas bort innan vi sparar."),
    )
    own_consent = forms.BooleanField(label=_("Jag vill delta"), required=False)
    guardian_consent = forms.BooleanField(label=_("Min vårdnadshavare har sagt ja"), required=False)
    request_key = OneTimeKeyField()

    def __init__(self, *args: Any, activity: Activity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.activity = activity
        give_key(self)
        exempt_fields(self, "text")  # the service redacts it, as the help text promises
        self.fields["age_band"].choices = AgeBand.choices  # type: ignore[attr-defined]  # form.fields is typed as Field
        if activity.child_mode:
            self.fields["age_band"].label = CHILD_TEXTS["age"]
            self.fields["age_band"].choices = [  # type: ignore[attr-defined]  # form.fields is typed as Field
                (v, label) for v, label in AgeBand.choices if v in {"u13", "13-15", "16-17"}
            ]
            self.fields["scale"].label = CHILD_TEXTS["scale"]
            self.fields["text"].label = CHILD_TEXTS["text"]
            self.fields["text"].help_text = CHILD_TEXTS["anonymous"]
            self.fields["own_consent"].label = CHILD_TEXTS["own_consent"]
            self.fields["guardian_consent"].label = CHILD_TEXTS["guardian_consent"]
            self.fields["guardian_consent"].help_text = CHILD_TEXTS["consent_help"]
            self.fields["age_band"].error_messages["required"] = CHILD_TEXTS["age_missing"]
            self.fields["age_band"].error_messages["invalid_choice"] = CHILD_TEXTS["age_missing"]
            self.fields["text"].error_messages["max_length"] = CHILD_TEXTS["too_long"]

    def _say(self, adult: Any, child_key: str) -> Any:
        """Adult wording, or the child mode's easy-read text for the same problem."""
        return CHILD_TEXTS[child_key] if self.activity.child_mode else adult

    def clean(self) -> dict[str, Any]:
        from vardag.participation.services import needs_consent

        data = super().clean() or {}
        band = data.get("age_band")
        if band and needs_consent(self.activity, band):
            if not data.get("own_consent"):
                message = self._say(_("Kryssa i att du vill delta."), "own_consent_missing")
                self.add_error("own_consent", message)
            if not data.get("guardian_consent"):
                message = self._say(
                    _("En vårdnadshavare behöver säga ja först."), "guardian_missing"
                )
                self.add_error("guardian_consent", message)
        if not data.get("text", "").strip() and data.get("scale") is None:
            message = self._say(_("Välj ett svar eller skriv något."), "answer_missing")
            self.add_error("scale", message)
        return data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Din kod"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
