"""Forms of the ideas app: parse and validate, with Swedish messages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vardag.core.actors import Actor
from vardag.core.models import Unit
from vardag.core.once import OneTimeKeyField, new_one_time_key
from vardag.core.selectors import unit_list
from vardag.forums.models import DecisionType, Mandate
from vardag.forums.selectors import forum_list
from vardag.ideas import policy
from vardag.ideas.drafts import has_derived_title
from vardag.ideas.models import Challenge, Consultation, Idea, IdeaOrigin, Stage
from vardag.ideas.selectors import (
    TeamGroup,
    affected_unit_choices,
    challenge_list,
    co_owner_candidates,
    group_by_unit,
    team_candidates,
)
from vardag.ideas.services import (
    STAGE_FIELDS,
    SUBMIT_REQUIRED,
    DecisionInput,
    default_handling_date,
    submit_field_problems,
)
from vardag.ideas.workflow import NEXT_GATE


def _mf(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class IdeaForm(forms.ModelForm):
    """The idea form. `draft=True` saves a draft: nothing is required (not even the title)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    draft_key = OneTimeKeyField()

    class Meta:
        model = Idea
        fields = [
            "title",
            "summary",
            "kind",
            "challenge",
            "unit",
            "affected_units",
            "user_situation",
            "user_resources",
            "organisation_offer",
            "better_for_whom",
            "asks_hours",
            "asks_amount_sek",
            "origin",
            "origin_source",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "user_situation": forms.Textarea(attrs={"rows": 3}),
            "user_resources": forms.Textarea(attrs={"rows": 3}),
            "organisation_offer": forms.Textarea(attrs={"rows": 3}),
            "better_for_whom": forms.Textarea(attrs={"rows": 3}),
            "affected_units": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "user_situation": _("Vem är användaren, vad vill hen uppnå och vad är svårt i dag?"),
            "user_resources": _("Vad kan användaren själv, och vilka har hen runt sig?"),
            "organisation_offer": _("Vad gör vi och andra verksamheter i dag?"),
            "better_for_whom": _("Vad blir bättre än tidigare, och för vem?"),
            "asks_hours": _("Ungefär hur många arbetstimmar behövs för att pröva idén?"),
            "asks_amount_sek": _("Behövs pengar utöver arbetstid? Ange 0 om inte."),
        }

    def __init__(
        self, *args: Any, actor: Actor, draft: bool = False, submit: bool = False, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.is_draft_save = draft
        self.is_submit = submit
        if draft:
            for name in ("title", "unit", "kind", "asks_hours", "asks_amount_sek"):
                self.fields[name].required = False
        # Required to submit (services.SUBMIT_REQUIRED): marked, and announced as required, even
        # where a draft may be saved without them.
        for name in SUBMIT_REQUIRED:
            self.fields[name].widget.attrs.update({"required": True, "aria-required": "true"})
            self.fields[name].required_to_submit = True  # type: ignore[attr-defined]  # a marker the template reads, not a Field attribute
        units = unit_list(actor).order_by("name")
        _mf(self, "unit").queryset = units
        self.fields["unit"].label = _("Din enhet")
        own = actor.organisation_id
        _mf(self, "affected_units").label_from_instance = lambda u: (  # type: ignore[method-assign,assignment]  # django-stubs types it as a method; Django documents replacing it on the field
            str(u) if u.organisation_id == own else f"{u} ({u.organisation})"
        )
        _mf(self, "affected_units").queryset = affected_unit_choices(actor)
        self.fields["affected_units"].required = False
        _mf(self, "challenge").queryset = challenge_list(actor)
        self.fields["challenge"].required = False
        self.fields["summary"].required = False
        self.fields["origin"].required = False  # left empty: new to the organisation
        if not self.is_bound and self.instance.pk is None:
            own_units = sorted(actor.unit_ids)
            if own_units:
                self.initial.setdefault("unit", own_units[0])
        if self.instance.pk:
            self.initial["version"] = self.instance.version
            self.initial["draft_key"] = self.instance.draft_key
            if has_derived_title(self.instance):
                self.initial["title"] = ""  # made from the text; the writer has not written one
        elif not self.is_bound:
            self.initial["draft_key"] = new_one_time_key()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_submit:
            # "Lämna in idén" checks what submission needs first: nothing is saved or created
            # until it is there, and the text stays in the form with the reasons by its fields.
            for name, problem in submit_field_problems(data).items():
                if name not in self.errors:
                    self.add_error(name, problem)
        if self.is_draft_save:
            # A draft keeps what is written; what is left empty gets the model's default.
            data["kind"] = data.get("kind") or Idea.Kind.SERVICE
            data["asks_hours"] = data.get("asks_hours") or 0
            data["asks_amount_sek"] = data.get("asks_amount_sek") or 0
            data["title"] = data.get("title") or ""
        data["origin"] = data.get("origin") or IdeaOrigin.NEW
        if (
            not self.is_draft_save
            and data["origin"] != IdeaOrigin.NEW
            and not (data.get("origin_source") or "").strip()
        ):
            self.add_error("origin_source", _("Skriv varifrån idén kommer."))
        return data

    def _post_clean(self) -> None:
        if self.is_draft_save:
            return  # the model's own rules (title required) apply when the idea is submitted
        super()._post_clean()  # type: ignore[misc]  # ModelForm._post_clean is private, not in django-stubs

    def idea_data(self) -> dict[str, Any]:
        """The cleaned content for the services (without the form's bookkeeping fields)."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("draft_key", None)
        return data


D = DecisionType
_RECORD = ("rationale", "conditions", "registry_number")
# The fields each decision type uses (DOMAIN.md's guards); the form shows only these.
DECISION_FIELDS: dict[str, tuple[str, ...]] = {
    D.REGISTER: ("forum", "next_handling_on", *_RECORD),
    D.GRANT_TIME: ("hours", "team", "next_handling_on", *_RECORD),
    D.GRANT_MONEY: ("amount_sek", "next_handling_on", *_RECORD),
    D.START_PILOT: ("next_handling_on", *_RECORD),
    D.EVALUATE: ("next_handling_on", *_RECORD),
    D.ITERATE: ("next_handling_on", *_RECORD),
    D.SCALE_UP: ("next_handling_on", *_RECORD),
    D.IMPLEMENTED: _RECORD,
    D.ESCALATE: ("forum", "next_handling_on", *_RECORD),
    D.TRANSFER: ("forum", "next_handling_on", *_RECORD),
    D.ON_HOLD: ("revisit_on", *_RECORD),
    D.RESUME: ("next_handling_on", *_RECORD),
    D.ARCHIVE: ("rationale", "lesson", "publish_lesson", "registry_number"),
}
ALWAYS = ("decision_type", "mandate", "request_key")


def decision_type_chosen(request: Any, choices: dict[str, Any], state: str) -> str:
    """The decision a decision form is for: the one posted or asked for (?typ=), else the next
    gate, else the first this person may take."""
    for wanted in (request.POST.get("decision_type"), request.GET.get("typ"), NEXT_GATE.get(state)):
        if wanted in choices:
            return str(wanted)
    return next(iter(choices))


class DecisionTypeForm(forms.Form):
    """Step one of the decision form (a GET form): which decision. Only decisions this person
    has a mandate for here are offered."""

    typ = forms.ChoiceField(label=_("Beslut"), choices=[])

    def __init__(self, *args: Any, choices: dict[str, Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        labels = dict(DecisionType.choices)
        field = self.fields["typ"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(c, labels[c]) for c in choices]


class DecisionForm(forms.Form):
    """The decision form for one decision type: only that type's fields, only the mandates this
    person may use for it here (vardag.ideas.policy.decision_choices)."""

    decision_type = forms.ChoiceField(
        label=_("Beslut"), choices=DecisionType.choices, widget=forms.HiddenInput
    )
    mandate = forms.ModelChoiceField(label=_("Mandat"), queryset=Unit.objects.none())
    forum = forms.ModelChoiceField(label=_("Forum"), queryset=Unit.objects.none(), required=False)
    next_handling_on = forms.DateField(label=_("Nästa behandling"), required=False, widget=DATE)
    hours = forms.IntegerField(label=_("Timmar"), min_value=0, max_value=100_000, initial=0)
    amount_sek = forms.IntegerField(
        label=_("Belopp (kr)"), min_value=0, max_value=1_000_000_000, initial=0
    )
    team = forms.ModelMultipleChoiceField(
        label=_("Idéteam"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    revisit_on = forms.DateField(label=_("Tas upp igen"), required=False, widget=DATE)
    rationale = forms.CharField(
        label=_("Motivering"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    conditions = forms.CharField(
        label=_("Villkor"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    registry_number = forms.CharField(label=_("Diarienummer"), required=False, max_length=50)
    lesson = forms.CharField(
        label=_("Lärdom"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vad har ni lärt er?"),
    )
    publish_lesson = forms.BooleanField(label=_("Publicera lärdomen"), required=False)
    request_key = OneTimeKeyField()

    def __init__(
        self,
        *args: Any,
        actor: Actor,
        idea: Idea,
        choices: dict[str, list[Any]],
        decision_type: str,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.idea = idea
        self.chosen_type = decision_type
        keep = {*ALWAYS, *DECISION_FIELDS.get(decision_type, ())}
        for name in [n for n in self.fields if n not in keep]:
            del self.fields[name]
        labels = dict(DecisionType.choices)
        field = self.fields["decision_type"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(c, labels[c]) for c in choices]
        self.initial["decision_type"] = decision_type
        mandates = choices.get(decision_type, [])
        _mf(self, "mandate").queryset = Mandate.objects.filter(
            pk__in=[m.pk for m in mandates]
        ).select_related("holder_forum", "holder_unit")
        _mf(self, "mandate").label_from_instance = lambda m: (  # type: ignore[method-assign,assignment]  # django-stubs types it as a method; Django documents replacing it on the field
            f"{m.title} ({m.holder_label})"
        )
        if len(mandates) == 1:
            self.initial.setdefault("mandate", mandates[0].pk)
        if "forum" in self.fields:
            forums = forum_list(actor)
            if decision_type in (D.ESCALATE, D.TRANSFER) and idea.forum_id is not None:
                forums = forums.exclude(pk=idea.forum_id)  # it moves elsewhere
            # Only forums that can decide the idea's next step: the rule the service applies.
            takes = [f.pk for f in forums if policy.forum_takes(idea, f, decision_type)]
            _mf(self, "forum").queryset = forums.filter(pk__in=takes)
            self.fields["forum"].required = True
        if "next_handling_on" in self.fields and decision_type in (D.ESCALATE, D.TRANSFER):
            self.fields["next_handling_on"].help_text = _(
                "Lämnas datumet tomt ska forumet behandla idén inom organisationens tidsfrist, "
                "senast %(date)s."
            ) % {"date": default_handling_date(idea)}
        if decision_type == D.REGISTER:
            self.fields["next_handling_on"].required = True
        for name in ("hours", "amount_sek"):
            if name in self.fields:  # the decision's own figure: asked for, not pre-set to 0
                self.fields[name].required = True
                self.fields[name].initial = None
        if decision_type == D.GRANT_TIME:
            self.fields["team"].required = True
            _mf(self, "team").queryset = team_candidates(idea)
        if decision_type == D.ON_HOLD:
            self.fields["revisit_on"].required = True
            self.fields["rationale"].required = True
        if decision_type == D.ARCHIVE:
            self.fields["rationale"].required = True
            self.fields["lesson"].required = True
        if not self.is_bound:
            self.initial["request_key"] = new_one_time_key()
            if "team" in self.fields:
                self.initial["team"] = [u.pk for u in idea.team.all()] or [idea.initiator_id]

    @property
    def chosen_label(self) -> str:
        return str(DecisionType(self.chosen_type).label)

    def to_decision(self) -> DecisionInput:
        """The decision for services.decision_record; the fields of other types (not on this
        form) keep DecisionInput's defaults."""
        d = self.cleaned_data
        return DecisionInput(
            decision_type=d["decision_type"],
            mandate=d["mandate"],
            amount_sek=d.get("amount_sek", 0),
            hours=d.get("hours", 0),
            rationale=d.get("rationale", ""),
            conditions=d.get("conditions", ""),
            registry_number=d.get("registry_number", ""),
            forum=d.get("forum"),
            next_handling_on=d.get("next_handling_on"),
            team=d.get("team", ()),
            revisit_on=d.get("revisit_on"),
            lesson=d.get("lesson", ""),
            publish_lesson=d.get("publish_lesson", False),
        )

    def team_groups(self) -> list[TeamGroup]:
        """The team picker's people grouped by unit, the idea's home unit first."""
        if "team" not in self.fields:
            return []
        value = self["team"].value() or []
        checked = {str(v) for v in value}
        people = list(_mf(self, "team").queryset or [])
        return group_by_unit(people, first_unit_id=self.idea.unit_id, checked=checked)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 3}))
    request_key = OneTimeKeyField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["request_key"] = new_one_time_key()


class FeedbackForm(forms.Form):
    body = forms.CharField(label=_("Återkoppling"), widget=forms.Textarea(attrs={"rows": 3}))
    next_handling_on = forms.DateField(label=_("Nästa behandling"), required=False, widget=DATE)
    request_key = OneTimeKeyField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "feedback_%s")  # the comment form on the same page has "body"
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["request_key"] = new_one_time_key()


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Bilaga"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Varför tar du tillbaka idén?"), widget=forms.Textarea(attrs={"rows": 2})
    )


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(label=_("Slå samman med"), queryset=Unit.objects.none())
    rationale = forms.CharField(
        label=_("Motivering"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _mf(self, "into").queryset = candidates


class ChallengeForm(forms.ModelForm):
    class Meta:
        model = Challenge
        fields = [
            "question",
            "description",
            "driver",
            "owner_unit",
            "scope",
            "starts_on",
            "ends_on",
            "origin_url",
            "origin_label",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "scope": forms.Textarea(attrs={"rows": 2}),
            "starts_on": DATE,
            "ends_on": DATE,
            "origin_url": forms.HiddenInput,
            "origin_label": forms.HiddenInput,
        }

    request_key = OneTimeKeyField()

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _mf(self, "owner_unit").queryset = unit_list(actor).order_by("name")
        if not self.is_bound and not self.instance.pk:
            self.initial["request_key"] = new_one_time_key()

    def clean_origin_url(self) -> str:
        from vardag.ideas.services import is_local_path

        url = self.cleaned_data.get("origin_url") or ""
        if url and not is_local_path(url):
            raise forms.ValidationError(_("Underlaget måste vara en adress i Vardag."))
        return url

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Slutdatum kan inte vara före startdatum."))
        return data


class GuideForm(forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=_("Vilka enheter berörs?"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    decision_type = forms.ChoiceField(
        label=_("Vad behöver du?"),
        choices=[
            (DecisionType.REGISTER, _("Få idén registrerad och behandlad")),
            (DecisionType.GRANT_TIME, _("Tid att utforska idén")),
            (DecisionType.GRANT_MONEY, _("Pengar för att ta fram ett upplägg")),
            (DecisionType.SCALE_UP, _("Skala upp det som fungerat")),
        ],
    )
    hours = forms.IntegerField(label=_("Timmar"), min_value=0, max_value=100_000, initial=0)
    amount_sek = forms.IntegerField(
        label=_("Belopp (kr)"), min_value=0, max_value=1_000_000_000, initial=0
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _mf(self, "units").queryset = unit_list(actor).order_by("name")


class StageForm(forms.Form):
    stage = forms.ModelChoiceField(label=_("Fas"), queryset=Unit.objects.none())

    def __init__(self, *args: Any, idea: Idea, stages: list[Stage], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = _mf(self, "stage")
        field.queryset = Stage.objects.filter(process_model_id=idea.process_model_id)
        # Offered: only the stages the idea may move to now (vardag.ideas.policy.stage_choices);
        # any other stage of the model is refused by the service with the reason.
        field.choices = [(s.pk, s.label) for s in stages]


class StageEditForm(forms.ModelForm):
    class Meta:
        model = Stage
        fields = list(STAGE_FIELDS)  # what the stage services save
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "description_en": forms.Textarea(attrs={"rows": 2}),
            "guiding_questions": forms.Textarea(attrs={"rows": 5}),
            "guiding_questions_en": forms.Textarea(attrs={"rows": 5}),
            "exit_criteria": forms.Textarea(attrs={"rows": 4}),
            "exit_criteria_en": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "guiding_questions": _("En fråga per rad."),
            "exit_criteria": _("Ett kriterium per rad."),
            "description_en": _("Frivilligt; tomt: den svenska texten visas."),
            "guiding_questions_en": _(
                "Frivilligt, en fråga per rad; tomt: de svenska frågorna visas."
            ),
            "exit_criteria_en": _(
                "Frivilligt, ett kriterium per rad; tomt: de svenska kriterierna visas."
            ),
        }


class IdeaOrganisationForm(forms.Form):
    """A partner organisation names its co-owner of the idea and its current forum."""

    co_owner = forms.ModelChoiceField(
        label=_("Medägare"),
        queryset=Unit.objects.none(),
        help_text=_(
            "En person i din organisation som äger idén tillsammans med förslagsställaren."
        ),
    )
    forum = forms.ModelChoiceField(
        label=_("Aktuellt forum"),
        queryset=Unit.objects.none(),
        help_text=_("Ett forum i din organisation, eller ett gemensamt forum."),
    )
    next_handling_on = forms.DateField(label=_("Nästa behandling"), required=False, widget=DATE)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _mf(self, "co_owner").queryset = co_owner_candidates(actor)
        _mf(self, "forum").queryset = forum_list(actor)


class ConsultationForm(forms.Form):
    """A partner organisation's statement (yttrande) on the idea."""

    position = forms.ChoiceField(
        label=_("Ställningstagande"),
        choices=Consultation.Position.choices,
        widget=forms.RadioSelect,
    )
    statement = forms.CharField(
        label=_("Yttrande"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Motivera ställningstagandet; skriv ut villkoren om ni tillstyrker med villkor."
        ),
    )
    forum = forms.ModelChoiceField(
        label=_("Forum som yttrat sig"), queryset=Unit.objects.none(), required=False
    )
    recorded_on = forms.DateField(label=_("Datum för yttrandet"), widget=DATE)
    request_key = OneTimeKeyField()

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _mf(self, "forum").queryset = forum_list(actor)
        if not self.is_bound:
            self.initial["request_key"] = new_one_time_key()


class StageMoveForm(forms.Form):
    """Move a stage to `position` (1 = first); sent again, it finds the stage there already."""

    position = forms.IntegerField(min_value=1, max_value=32767)


class StageDeleteForm(forms.Form):
    move_to = forms.ModelChoiceField(
        label=_("Flytta idéerna till fasen"),
        queryset=Stage.objects.none(),
        required=False,
        help_text=_("Varje idé som flyttas får en händelse i sin tidslinje."),
    )

    def __init__(self, *args: Any, stage: Stage, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _mf(self, "move_to").queryset = (
            Stage.objects.filter(process_model_id=stage.process_model_id)
            .exclude(pk=stage.pk)
            .order_by("order")
        )
