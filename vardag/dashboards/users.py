"""The users' part: insights in the user's own voice, participation, children's views and the
value profile of the scope's ideas (vardag.participation's records, counted in SQL)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from vardag.dashboards.flow import IdeaFacts
from vardag.dashboards.scope import Scope
from vardag.dashboards.stats import Share
from vardag.forums.models import DecisionType
from vardag.ideas.models import Idea
from vardag.participation.models import (
    Activity,
    ActivityKind,
    ParticipantCount,
    Perspective,
    ShierLevel,
    SubjectLink,
    SubjectType,
    ValueAssessment,
    WithinFrame,
)

VALUE_FIELDS = ("wellbeing", "outcome", "experience", "self_management", "collective")
VALUE_LABELS = {
    "wellbeing": _("Välbefinnande på kort sikt"),
    "outcome": _("Utfall på lång sikt"),
    "experience": _("Upplevelsen av livet"),
    "self_management": _("Förmåga att klara sitt eget liv"),
    "collective": _("Värde för samhället och kollektivet"),
}


@dataclass(frozen=True)
class KindRow:
    key: str
    label: str
    activities: int
    participants: int | None  # None: fewer than the threshold, not shown


@dataclass(frozen=True)
class ValueProfile:
    n: int
    means: dict[str, float | None]
    with_legal_basis: Share
    conflicts: int

    @property
    def labelled(self) -> list[tuple[str, float | None]]:
        """The means under the labels the page shows, in the page's order."""
        return [(str(VALUE_LABELS[name]), self.means.get(name)) for name in VALUE_FIELDS]


@dataclass
class UsersPart:
    past_g2: Share  # ideas past G2 with at least one insight in the user's own voice
    by_kind: list[KindRow] = field(default_factory=list)
    by_level: list[KindRow] = field(default_factory=list)
    activities: int = 0
    children_heard: int = 0  # activities where children took part
    children_fed_back: Share = field(default_factory=lambda: Share(0, 0))
    children_in_time: Share = field(default_factory=lambda: Share(0, 0))
    value: ValueProfile | None = None


def _activities(scope: Scope) -> QuerySet[Activity]:
    qs = Activity.objects.filter(organisation_id=scope.organisation.pk, unit_id__in=scope.unit_ids)
    if scope.since:
        qs = qs.filter(held_on__gte=scope.since)
    if scope.until:
        qs = qs.filter(held_on__lte=scope.until)
    return qs


def _suppressed(n: int, threshold: int) -> int | None:
    return n if n == 0 or n >= threshold else None


def _rows(
    scope: Scope, activities: QuerySet[Activity], name: str, choices: list[tuple[Any, Any]]
) -> list[KindRow]:
    counts = {r[name]: r["n"] for r in activities.values(name).annotate(n=Count("pk")).order_by()}
    people = {
        r[f"activity__{name}"]: r["n"] or 0
        for r in ParticipantCount.objects.filter(activity__in=activities)
        .values(f"activity__{name}")
        .annotate(n=Sum("count"))
        .order_by()
    }
    return [
        KindRow(
            str(value),
            str(label),
            counts[value],
            _suppressed(people.get(value, 0), scope.threshold),
        )
        for value, label in choices
        if counts.get(value)
    ]


def value_profile(scope: Scope, ideas: QuerySet[Idea]) -> ValueProfile:
    assessments = ValueAssessment.objects.filter(
        organisation_id=scope.organisation.pk,
        subject_type=SubjectType.IDEA,
        subject_id__in=ideas.values("pk"),
    ).annotate(
        has_basis=Exists(
            ValueAssessment.legal_references.through.objects.filter(
                valueassessment_id=OuterRef("pk")
            )
        )
    )
    rows = list(
        assessments.values_list(*VALUE_FIELDS, "within_legal_frame", "has_basis").order_by()
    )
    n = len(rows)
    means = {
        name: (sum(r[i] for r in rows) / n if n else None) for i, name in enumerate(VALUE_FIELDS)
    }
    with_basis = sum(1 for r in rows if r[5] == WithinFrame.YES and r[6])
    conflicts = 0
    for r in rows:
        individual = sum(r[:4]) / 4
        if individual > 0 > r[4] or individual < 0 < r[4]:
            conflicts += 1
    return ValueProfile(n, means, Share(with_basis, n), conflicts)


def users_part(scope: Scope, ideas: QuerySet[Idea], facts: dict[int, IdeaFacts]) -> UsersPart:
    past_g2 = [i.pk for i in facts.values() if DecisionType.GRANT_MONEY in i.gates]
    voiced = set(
        SubjectLink.objects.filter(
            organisation_id=scope.organisation.pk,
            subject_type=SubjectType.IDEA,
            subject_id__in=past_g2,
            insight__perspective=Perspective.USER,
        )
        .values_list("subject_id", flat=True)
        .distinct()
    )
    activities = _activities(scope)
    child = list(
        activities.filter(involves_children=True).values_list("held_on", "feedback_given_on")
    )
    fed_back = [(h, f) for h, f in child if f is not None]
    in_time = sum(1 for h, f in fed_back if h is not None and (f - h).days <= scope.deadline_days)
    return UsersPart(
        past_g2=Share(len(voiced), len(past_g2)),
        by_kind=_rows(scope, activities, "kind", list(ActivityKind.choices)),
        by_level=_rows(scope, activities, "level", list(ShierLevel.choices)),
        activities=activities.count(),
        children_heard=len(child),
        children_fed_back=Share(len(fed_back), len(child)),
        children_in_time=Share(in_time, len(child)),
        value=value_profile(scope, ideas),
    )
