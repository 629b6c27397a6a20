"""Input parsing for the pilots' pages (Swedish messages through gettext)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vardag.core.actors import Actor
from vardag.core.once import OneTimeKeyField, give_key, new_one_time_key
from vardag.core.selectors import unit_list
from vardag.forums.models import DecisionType
from vardag.forums.selectors import mandate_list
from vardag.ideas.services import DecisionInput
from vardag.pilots import imports, selectors
from vardag.pilots.models import (
    DecisionReview,
    Effect,
    Evaluation,
    Factor,
    ImpactGoal,
    ImplementationPlan,
    Participant,
    Partner,
    Phase,
    Pilot,
    StartedBy,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
RECEIVING_ROWS = 4


def _mf(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


class SwedishNumberField(forms.CharField):
    """A number typed the Swedish way: 1 234,5 (also 1234.5)."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # a number, where CharField returns text
        text = super().to_python(value)
        if not text:
            return None
        number = imports.parse_number(text)
        if number is None:
            raise forms.ValidationError(_("Skriv ett tal, t.ex. 1 234,5."))
        return number


class PilotForm(forms.ModelForm):
    request_key = OneTimeKeyField()  # planning only: vardag.core.once

    class Meta:
        model = Pilot
        fields = [
            "hypothesis",
            "smallest_solution",
            "test_group",
            "test_group_size",
            "starts_on",
            "ends_on",
            "risks",
        ]
        widgets = {
            "hypothesis": forms.Textarea(attrs={"rows": 3}),
            "smallest_solution": forms.Textarea(attrs={"rows": 3}),
            "risks": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DATE,
            "ends_on": DATE,
        }

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _mf(self, "test_group").queryset = selectors.test_group_choices(actor)
        if self.instance.pk:
            del self.fields["request_key"]  # an edit of the plan
        else:
            give_key(self)


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["kind", "name", "role"]


class IterationForm(forms.Form):
    starts_on = forms.DateField(label=_("Från"), widget=DATE)
    what_changed = forms.CharField(
        label=_("Vad ändrades"), widget=forms.Textarea(attrs={"rows": 3})
    )
    why = forms.CharField(label=_("Varför"), widget=forms.Textarea(attrs={"rows": 3}))


class GoalForm(forms.ModelForm):
    baseline = SwedishNumberField(label=_("Utgångsvärde"), required=False)
    target = SwedishNumberField(label=_("Målvärde"))

    class Meta:
        model = ImpactGoal
        fields = [
            "level",
            "indicator",
            "unit",
            "direction",
            "baseline",
            "baseline_on",
            "target",
            "starts_on",
            "ends_on",
            "data_source",
            "organisation_goal",
            "agenda2030_target",
            "measurable_from",
        ]
        widgets = {
            "baseline_on": DATE,
            "starts_on": DATE,
            "ends_on": DATE,
            "measurable_from": DATE,
        }


class MeasurementForm(forms.Form):
    measured_on = forms.DateField(label=_("Datum"), widget=DATE)
    value = SwedishNumberField(label=_("Värde"))
    note = forms.CharField(label=_("Kommentar"), required=False, max_length=300)
    request_key = OneTimeKeyField()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        give_key(self)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil (CSV eller XLSX)"),
        help_text=_(
            "Kolumnerna datum och värde, gärna kommentar. Decimalkomma och mellanslag som "
            "tusentalsavgränsare går bra."
        ),
    )


class EvaluationForm(forms.ModelForm):
    lesson = forms.CharField(
        label=_("Lärdom"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Krävs om piloten avslutas: vad har ni lärt er?"),
    )
    publish_lesson = forms.BooleanField(label=_("Publicera lärdomen"), required=False)
    request_key = OneTimeKeyField()

    class Meta:
        model = Evaluation
        fields = [
            "period_starts_on",
            "period_ends_on",
            "findings",
            "users_said",
            "children_views",
            "insights",
            "value_assessment",
            "costs_sek",
            "hours_used",
            "recommendation",
            "rationale",
        ]
        widgets = {
            "period_starts_on": DATE,
            "period_ends_on": DATE,
            "findings": forms.Textarea(attrs={"rows": 3}),
            "users_said": forms.Textarea(attrs={"rows": 3}),
            "children_views": forms.Textarea(attrs={"rows": 3}),
            "rationale": forms.Textarea(attrs={"rows": 3}),
            "insights": forms.CheckboxSelectMultiple,
            "recommendation": forms.RadioSelect,
        }

    def __init__(self, *args: Any, actor: Actor, pilot: Pilot, **kwargs: Any):
        super().__init__(*args, **kwargs)
        give_key(self)
        field = self.fields["insights"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = selectors.insight_choices(actor)
        _mf(self, "value_assessment").queryset = selectors.value_assessment_choices(actor).filter(
            subject_type="ideas.idea", subject_id=pilot.idea_id
        )
        self.fields["value_assessment"].required = True


class PlanForm(forms.ModelForm):
    class Meta:
        model = ImplementationPlan
        fields = [
            "budget_source",
            "annual_cost_sek",
            "budget_notes",
            "routines",
            "training",
            "follow_up_on",
        ]
        widgets = {
            "budget_notes": forms.Textarea(attrs={"rows": 2}),
            "routines": forms.Textarea(attrs={"rows": 3}),
            "training": forms.Textarea(attrs={"rows": 3}),
            "follow_up_on": DATE,
            "budget_source": forms.RadioSelect,
        }

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any):
        super().__init__(*args, **kwargs)
        units = unit_list(actor)
        owners = selectors.line_owner_choices(actor)
        for n in range(1, RECEIVING_ROWS + 1):
            self.fields[f"unit_{n}"] = forms.ModelChoiceField(
                label=_("Mottagande enhet %(n)s") % {"n": n}, queryset=units, required=False
            )
            self.fields[f"owner_{n}"] = forms.ModelChoiceField(
                label=_("Linjeägare %(n)s (chef i enheten)") % {"n": n},
                queryset=owners,
                required=False,
            )

    def row_fields(self) -> list[tuple[Any, Any]]:
        return [(self[f"unit_{n}"], self[f"owner_{n}"]) for n in range(1, RECEIVING_ROWS + 1)]

    def receiving(self) -> list[tuple[Any, Any]]:
        rows = []
        for n in range(1, RECEIVING_ROWS + 1):
            unit, owner = self.cleaned_data.get(f"unit_{n}"), self.cleaned_data.get(f"owner_{n}")
            if unit is not None:
                rows.append((unit, owner))
        return rows


class TakeoverForm(forms.Form):
    note = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FollowUpForm(forms.Form):
    summary = forms.CharField(
        label=_("Vad uppföljningen visar"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, goals: list[ImpactGoal], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for goal in goals:
            self.fields[f"goal_{goal.pk}"] = SwedishNumberField(
                label=_("Utfall: %(indicator)s (%(unit)s)")
                % {"indicator": goal.indicator, "unit": goal.unit}
            )

    def values(self) -> dict[int, Decimal]:
        return {
            int(name.removeprefix("goal_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("goal_") and value is not None
        }


class ReviewForm(forms.ModelForm):
    class Meta:
        model = DecisionReview
        fields = ["review_on", "reason", "note"]
        widgets = {"review_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}


class ReviewDecisionForm(forms.Form):
    decision_type = forms.ChoiceField(label=_("Beslut vid omprövningen"))
    mandate = forms.ModelChoiceField(label=_("Mandat"), queryset=ImpactGoal.objects.none())
    rationale = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3}))
    registry_number = forms.CharField(label=_("Diarienummer"), required=False, max_length=50)
    request_key = OneTimeKeyField()

    def __init__(self, *args: Any, actor: Actor, allowed: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        labels = dict(DecisionType.choices)
        field = self.fields["decision_type"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(c, labels[c]) for c in allowed]
        _mf(self, "mandate").queryset = mandate_list(actor)
        if not self.is_bound:
            self.initial["request_key"] = new_one_time_key()

    def to_decision(self) -> DecisionInput:
        """The review's outcome as a decision for services.review_decide."""
        d = self.cleaned_data
        return DecisionInput(
            decision_type=d["decision_type"],
            mandate=d["mandate"],
            rationale=d["rationale"],
            registry_number=d["registry_number"],
        )


class AdoptionForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Enhet som inför"), queryset=ImpactGoal.objects.none())
    line_owner = forms.ModelChoiceField(
        label=_("Linjeägare (chef i enheten)"), queryset=ImpactGoal.objects.none()
    )
    started_on = forms.DateField(label=_("Startar"), widget=DATE)
    adaptation = forms.CharField(
        label=_("Egen anpassning"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vad ni gör annorlunda än ursprunget, och varför."),
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _mf(self, "unit").queryset = unit_list(actor)
        _mf(self, "line_owner").queryset = selectors.line_owner_choices(actor)


class AdoptionResultForm(forms.Form):
    goal = forms.ModelChoiceField(label=_("Effektmål"), queryset=ImpactGoal.objects.none())
    measured_on = forms.DateField(label=_("Datum"), widget=DATE)
    value = SwedishNumberField(label=_("Värde"))
    results = forms.CharField(
        label=_("Resultat hittills (text)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, origin: Pilot, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _mf(self, "goal").queryset = ImpactGoal.objects.filter(pilot=origin)


class LessonRecordForm(forms.Form):
    text = forms.CharField(
        label=_("Lärdom"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Det viktigaste ni vill att andra ska veta."),
    )
    started_by = forms.ChoiceField(
        label=_("Vem tog initiativet?"), choices=StartedBy.choices, widget=forms.RadioSelect
    )
    participants = forms.MultipleChoiceField(
        label=_("Vilka deltog?"),
        choices=Participant.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    helped = forms.MultipleChoiceField(
        label=_("Det här hjälpte"),
        choices=Factor.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    helped_text = forms.CharField(
        label=_("Mer om vad som hjälpte"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    hindered = forms.MultipleChoiceField(
        label=_("Det här hindrade"),
        choices=Factor.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    hindered_text = forms.CharField(
        label=_("Mer om vad som hindrade"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    effects = forms.MultipleChoiceField(
        label=_("Effekter som syntes"),
        choices=Effect.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    effects_text = forms.CharField(
        label=_("Mer om effekterna"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_published = forms.BooleanField(
        label=_("Publicera lärdomen i den öppna portföljen"), required=False
    )


class PhaseFilterForm(forms.Form):
    fas = forms.ChoiceField(
        label=_("Fas"), choices=[("", _("Alla faser")), *Phase.choices], required=False
    )
