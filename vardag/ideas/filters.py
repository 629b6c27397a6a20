"""The idea list's filters, defined once: the page's filter form and the API's query parameters.

`IdeaFilterSet(data, actor=…)` narrows the ideas `selectors.idea_list(actor)` lets the person
see; its form is the filter form of the list and the board, `api.IdeaQuery` is built from it
(`core.filters.query_schema`), and the overview's figures count with it (`dashboards.scope`), so
a figure's link lands on exactly its ideas. A filter added here is on the page and in the API.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from vardag.core.filters import FlagFilter, SearchFilter
from vardag.core.models import Organisation, Unit
from vardag.core.selectors import unit_list
from vardag.forums.models import DecisionType, Forum
from vardag.forums.selectors import forum_list
from vardag.ideas import selectors
from vardag.ideas.models import (
    Challenge,
    Decision,
    Follow,
    Idea,
    IdeaOrganisation,
    IdeaOrigin,
    IdeaState,
    Lesson,
    Stage,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
AffectedUnit = selectors.AffectedUnit


class IdeaFilterForm(forms.Form):
    """The base of the FilterSet's form: the overview's filters go under "Fler filter"."""

    MORE = (
        "under",
        "organisation",
        "cross_organisation",
        "origin",
        "driver",
        "submitted",
        "waiting",
        "escalated",
        "ended",
        "with_lesson",
        "reached",
    )

    def main_fields(self) -> list[Any]:
        return [f for f in self if f.name not in self.MORE]

    def more_fields(self) -> list[Any]:
        return [f for f in self if f.name in self.MORE]

    def has_more(self) -> bool:
        return any(self.data.get(name) for name in self.MORE)


class IdeaFilterSet(django_filters.FilterSet):
    q = SearchFilter(label=_("Sök"))
    state = django_filters.ChoiceFilter(
        label=_("Status"), choices=IdeaState.choices, empty_label=_("Alla")
    )
    stage = django_filters.ModelChoiceFilter(
        label=_("Fas"), queryset=Stage.objects.none(), field_name="stage"
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Enhet"), queryset=Unit.objects.none(), method="filter_unit"
    )
    challenge = django_filters.ModelChoiceFilter(
        label=_("Utmaning"), queryset=Challenge.objects.none(), field_name="challenge"
    )
    forum = django_filters.ModelChoiceFilter(
        label=_("Forum"), queryset=Forum.objects.none(), method="filter_forum"
    )
    kind = django_filters.ChoiceFilter(
        label=_("Typ"), choices=Idea.Kind.choices, empty_label=_("Alla")
    )
    since = django_filters.DateFilter(
        label=_("Från"), field_name="created_at", lookup_expr="date__gte", widget=DATE
    )
    until = django_filters.DateFilter(
        label=_("Till"), field_name="created_at", lookup_expr="date__lte", widget=DATE
    )
    overdue = FlagFilter(label=_("Bara försenad återkoppling"), method="filter_overdue")
    mine = FlagFilter(label=_("Bara mina och de jag följer"), method="filter_mine")
    # The overview's figures link here with these (issue 17); shown under "Fler filter".
    under = FlagFilter(label=_("Med enheterna under den valda enheten"), method="filter_nothing")
    organisation = django_filters.ModelChoiceFilter(
        label=_("Idéns organisation"),
        queryset=Organisation.objects.none(),
        field_name="organisation",
    )
    cross_organisation = FlagFilter(
        label=_("Bara idéer som spänner över organisationer"), method="filter_cross_organisation"
    )
    origin = django_filters.ChoiceFilter(
        label=_("Ursprung"), choices=IdeaOrigin.choices, empty_label=_("Alla")
    )
    driver = django_filters.ChoiceFilter(
        label=_("Drivkraft"),
        choices=[*Challenge.Driver.choices, (selectors.DRIVER_NONE, _("Utan utmaning"))],
        empty_label=_("Alla"),
        method="filter_driver",
    )
    submitted = FlagFilter(label=_("Inga utkast"), method="filter_submitted")
    waiting = FlagFilter(
        label=_("Bara idéer som väntat förbi nästa behandling"), method="filter_waiting"
    )
    escalated = FlagFilter(
        label=_("Bara idéer som lyfts eller lämnats över"), method="filter_escalated"
    )
    ended = FlagFilter(label=_("Bara avslutade (införda eller arkiverade)"), method="filter_ended")
    with_lesson = FlagFilter(label=_("Bara idéer med en lärdom"), method="filter_with_lesson")
    reached = django_filters.ChoiceFilter(
        label=_("Har fått beslutet"),
        choices=DecisionType.choices,
        empty_label=_("Alla"),
        method="filter_reached",
    )

    class Meta:
        model = Idea
        fields: list[str] = []
        form = IdeaFilterForm

    def __init__(
        self, data: Any = None, *, actor: Any, queryset: QuerySet[Idea] | None = None
    ) -> None:
        super().__init__(data, queryset if queryset is not None else selectors.idea_list(actor))
        self.actor = actor
        # Closed units too: their ideas remain, and the overview's figures link to them.
        self.filters["unit"].queryset = unit_list(actor, include_closed=True).order_by("name")
        self.filters["challenge"].queryset = selectors.challenge_list(actor)
        self.filters["forum"].queryset = forum_list(actor)
        self.filters["stage"].queryset = selectors.stage_list(actor)
        self.filters["organisation"].queryset = selectors.organisation_choices(actor)

    # Each method narrows by one filter; an empty value or an unticked box narrows nothing.

    def filter_nothing(self, qs: QuerySet[Idea], name: str, value: Any) -> QuerySet[Idea]:
        return qs  # `under` widens `unit` (filter_unit reads it)

    def filter_unit(self, qs: QuerySet[Idea], name: str, value: Unit) -> QuerySet[Idea]:
        under = bool(self.form.cleaned_data.get("under"))
        units = selectors.unit_and_below(value, under=under)
        affected = AffectedUnit.objects.filter(unit_id__in=units).values("idea_id")
        return qs.filter(Q(unit_id__in=units) | Q(pk__in=affected))

    def filter_forum(self, qs: QuerySet[Idea], name: str, value: Forum) -> QuerySet[Idea]:
        # The idea's own current forum, or a partner organisation's current forum for it.
        partner_forum = IdeaOrganisation.objects.filter(forum_id=value.pk).values("idea_id")
        return qs.filter(Q(forum_id=value.pk) | Q(pk__in=partner_forum))

    def filter_overdue(self, qs: QuerySet[Idea], name: str, value: bool) -> QuerySet[Idea]:
        return selectors.overdue_filter(qs) if value else qs

    def filter_mine(self, qs: QuerySet[Idea], name: str, value: bool) -> QuerySet[Idea]:
        if not value:
            return qs
        # Mine: ideas I started, follow, work on in the team, or co-own for my organisation.
        me = self.actor.pk
        return qs.filter(
            Q(initiator_id=me)
            | Q(pk__in=Follow.objects.filter(user_id=me).values("idea_id"))
            | Q(pk__in=Idea.team.through.objects.filter(user_id=me).values("idea_id"))
            | Q(pk__in=IdeaOrganisation.objects.filter(co_owner_id=me).values("idea_id"))
        )

    def filter_cross_organisation(
        self, qs: QuerySet[Idea], name: str, value: bool
    ) -> QuerySet[Idea]:
        return qs.filter(selectors.cross_organisation_q()) if value else qs

    def filter_driver(self, qs: QuerySet[Idea], name: str, value: str) -> QuerySet[Idea]:
        if value == selectors.DRIVER_NONE:
            return qs.filter(challenge__isnull=True)
        return qs.filter(challenge__driver=value)

    def filter_submitted(self, qs: QuerySet[Idea], name: str, value: bool) -> QuerySet[Idea]:
        return qs.exclude(state=IdeaState.DRAFT) if value else qs

    def filter_waiting(self, qs: QuerySet[Idea], name: str, value: bool) -> QuerySet[Idea]:
        return selectors.waiting_filter(qs) if value else qs

    def filter_escalated(self, qs: QuerySet[Idea], name: str, value: bool) -> QuerySet[Idea]:
        if not value:
            return qs
        escalating = Decision.objects.filter(
            idea_id=OuterRef("pk"), decision_type__in=selectors.ESCALATING
        )
        return qs.filter(Exists(escalating))

    def filter_ended(self, qs: QuerySet[Idea], name: str, value: bool) -> QuerySet[Idea]:
        return qs.filter(state__in=selectors.ENDED_STATES) if value else qs

    def filter_with_lesson(self, qs: QuerySet[Idea], name: str, value: bool) -> QuerySet[Idea]:
        return qs.filter(Exists(Lesson.objects.filter(idea_id=OuterRef("pk")))) if value else qs

    def filter_reached(self, qs: QuerySet[Idea], name: str, value: str) -> QuerySet[Idea]:
        decided = Decision.objects.filter(idea_id=OuterRef("pk"), decision_type=value)
        return qs.filter(Exists(decided))

    def narrowed(self) -> QuerySet[Idea]:
        """The narrowed ideas for a caller whose data is its own (the overview, the start
        page): data the FilterSet refuses is a programming error there, not a person's typo."""
        if not self.is_valid():
            raise ValueError(f"idea filters refused: {self.errors.as_json()}")
        return self.qs


class IdeaLessonFilterSet(django_filters.FilterSet):
    """The lessons page's filters (`/ideer/lardomar/`): the same text search as the pilots'
    lessons library (`pilots.filters.LessonFilterSet`, which adds the structured record's
    categories), plus the idea's unit (with the units below it) and "published only". The
    lessons have no API list of their own in ideas (the pilots API lists them)."""

    q = django_filters.CharFilter(
        label=_("Sök i texten"), field_name="text", lookup_expr="icontains", max_length=100
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Enhet"),
        queryset=Unit.objects.none(),
        method="filter_unit",
        help_text=_("Idéns enhet och enheterna under den"),
    )
    published = FlagFilter(label=_("Bara publicerade"), method="filter_published")

    class Meta:
        model = Lesson
        fields: list[str] = []

    def __init__(self, data: Any = None, *, actor: Any) -> None:
        super().__init__(data, selectors.lesson_list(actor))
        self.filters["unit"].queryset = unit_list(actor, include_closed=True).order_by("name")

    def filter_unit(self, qs: QuerySet[Lesson], name: str, value: Unit) -> QuerySet[Lesson]:
        return qs.filter(idea__unit_id__in=selectors.unit_and_below(value, under=True))

    def filter_published(self, qs: QuerySet[Lesson], name: str, value: bool) -> QuerySet[Lesson]:
        return qs.filter(is_published=True) if value else qs
