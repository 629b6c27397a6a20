"""Input forms of the meetings app (Swedish labels and messages through gettext)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from vardag.core.actors import Actor
from vardag.core.once import OneTimeKeyField, give_key, new_one_time_key
from vardag.forums.models import Forum
from vardag.ideas.forms import ConsultationForm
from vardag.ideas.models import Idea
from vardag.ideas.selectors import idea_base
from vardag.ideas.workflow import ACTIVE_STATES
from vardag.meetings.models import Cadence, Meeting, Purpose
from vardag.meetings.selectors import action_owner_candidates, adjuster_candidates

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _datetime_field(label: Any, **kwargs: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        **kwargs,
    )


def _people(forum: Forum) -> Any:
    return (
        get_user_model()
        .objects.filter(forum_memberships__forum=forum, is_active=True)
        .order_by("first_name", "last_name")
    )


class SeriesForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    cadence = forms.ChoiceField(label=_("Mötesrytm"), choices=Cadence.choices)
    first_starts_at = _datetime_field(_("Första mötet börjar"))
    duration_minutes = forms.IntegerField(
        label=_("Längd (minuter)"), min_value=10, max_value=600, initial=60
    )
    place = forms.CharField(label=_("Plats"), max_length=200, required=False)
    online_link = forms.URLField(
        label=_("Länk till digitalt möte"), required=False, assume_scheme="https"
    )
    chair = forms.ModelChoiceField(
        label=_("Ordförande"), queryset=Forum.objects.none(), required=False
    )
    secretary = forms.ModelChoiceField(
        label=_("Sekreterare"), queryset=Forum.objects.none(), required=False
    )
    agenda_deadline_days = forms.IntegerField(
        label=_("Sista dag för ärenden (dagar före mötet)"), min_value=0, max_value=30, initial=2
    )
    count = forms.IntegerField(
        label=_("Antal möten att planera"), min_value=1, max_value=52, initial=10
    )

    def __init__(self, *args: Any, forum: Forum, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name in ("chair", "secretary"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = _people(forum)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("place") and not data.get("online_link"):
            self.add_error("place", _("Ange en plats eller en länk till det digitala mötet."))
        return data


class MeetingAddForm(forms.Form):
    starts_at = _datetime_field(_("Mötet börjar"))


class MoveForm(forms.Form):
    starts_at = _datetime_field(_("Ny starttid"))
    ends_at = _datetime_field(_("Ny sluttid"))
    place = forms.CharField(label=_("Plats"), max_length=200, required=False)
    online_link = forms.URLField(
        label=_("Länk till digitalt möte"), required=False, assume_scheme="https"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("Mötet måste sluta efter att det har börjat."))
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Skäl till att mötet ställs in"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    purpose = forms.ChoiceField(label=_("Syfte"), choices=Purpose.choices)
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    presenter = forms.ModelChoiceField(
        label=_("Föredragande"), queryset=Forum.objects.none(), required=False
    )
    minutes = forms.IntegerField(label=_("Tid (minuter)"), min_value=1, max_value=240, initial=10)
    idea = forms.ModelChoiceField(
        label=_("Länkad idé"), queryset=Idea.objects.none(), required=False
    )
    is_shared = forms.BooleanField(
        label=_("Dela punkten med samverkande organisationer"), required=False, initial=True
    )
    request_key = OneTimeKeyField()  # a new item only (with_idea); vardag.core.once

    def __init__(
        self, *args: Any, actor: Actor, forum: Forum, with_idea: bool = True, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        presenter = self.fields["presenter"]
        assert isinstance(presenter, forms.ModelChoiceField)
        presenter.queryset = _people(forum)
        idea = self.fields["idea"]
        assert isinstance(idea, forms.ModelChoiceField)
        if with_idea:
            idea.queryset = idea_base(actor).filter(state__in=ACTIVE_STATES).order_by("title")
            give_key(self)
        else:
            del self.fields["idea"]
            del self.fields["request_key"]

    def idea_from(self, value: str) -> Idea | None:
        """The idea named in the address (`?idea=<id>`) if it is one the form may link."""
        field = self.fields.get("idea")
        choices = field.queryset if isinstance(field, forms.ModelChoiceField) else None
        if choices is None or not value.isdigit() or len(value) > 9:
            return None
        found: Idea | None = choices.filter(pk=int(value)).first()
        return found


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Anteckningar"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class FeedbackDraftForm(forms.Form):
    text = forms.CharField(
        label=_("Återkoppling som skickas när protokollet är justerat"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("Åtgärd"), max_length=300)
    owner = forms.ModelChoiceField(label=_("Ansvarig"), queryset=Forum.objects.none())
    due_on = forms.DateField(label=_("Klar senast"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, forum: Forum, **kwargs: Any):
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = _people(forum)


class GiveActionForm(forms.Form):
    """An action for a forum between meetings (acting on a result, for example)."""

    forum = forms.ModelChoiceField(label=_("Forum"), queryset=Forum.objects.none())
    title = forms.CharField(
        label=_("Åtgärd"),
        max_length=300,
        help_text=_("Vad ska göras? Skriv så att forumet kan följa upp det."),
    )
    owner = forms.ModelChoiceField(label=_("Ansvarig"), queryset=Forum.objects.none())
    due_on = forms.DateField(label=_("Klar senast"), widget=forms.DateInput(attrs={"type": "date"}))
    origin_label = forms.CharField(label=_("Underlag"), max_length=300, required=False)
    origin_url = forms.CharField(max_length=300, required=False, widget=forms.HiddenInput)
    request_key = OneTimeKeyField()

    def __init__(self, *args: Any, forums: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["request_key"] = new_one_time_key()
        forum = self.fields["forum"]
        owner = self.fields["owner"]
        assert isinstance(forum, forms.ModelChoiceField)
        assert isinstance(owner, forms.ModelChoiceField)
        forum.queryset = forums
        owner.queryset = action_owner_candidates(forums)


class StatementForm(ConsultationForm):
    """The forum's statement in the meeting: the forum and the day are the meeting's."""

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any):
        super().__init__(*args, actor=actor, **kwargs)
        del self.fields["forum"]
        del self.fields["recorded_on"]


class CloseForm(forms.Form):
    adjuster = forms.ModelChoiceField(
        label=_("Justerare"),
        queryset=Forum.objects.none(),
        help_text=_(
            "En ledamot som inte är ordförande eller sekreterare och inte för protokollet."
        ),
    )
    attendees = forms.CharField(
        label=_("Närvarande"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, actor: Actor, meeting: Meeting, **kwargs: Any):
        super().__init__(*args, **kwargs)
        adjuster = self.fields["adjuster"]
        assert isinstance(adjuster, forms.ModelChoiceField)
        adjuster.queryset = adjuster_candidates(actor, meeting)


class AdjusterChangeForm(forms.Form):
    adjuster = forms.ModelChoiceField(
        label=_("Ny justerare"),
        queryset=Forum.objects.none(),
        help_text=_(
            "En ledamot som inte är ordförande eller sekreterare och inte för protokollet."
        ),
    )
    reason = forms.CharField(
        label=_("Skäl till bytet"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Till exempel: justeraren är sjuk. Skälet sparas i händelseloggen."),
    )

    def __init__(self, *args: Any, actor: Actor, meeting: Meeting, **kwargs: Any):
        super().__init__(*args, **kwargs)
        adjuster = self.fields["adjuster"]
        assert isinstance(adjuster, forms.ModelChoiceField)
        adjuster.queryset = adjuster_candidates(actor, meeting).exclude(pk=meeting.adjuster_id)
