"""Reads of the participation app, always scoped to the actor's organisation.

`evidence_for()` is the seam the ideas app uses for its decision gates (G2/G3).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from vardag.core import actors
from vardag.core.access import organisation_id
from vardag.core.models import Unit
from vardag.participation.models import (
    CHILD_BANDS,
    Activity,
    ActorMap,
    Contribution,
    Insight,
    Journey,
    LegalReference,
    Persona,
    Perspective,
    SubjectLink,
    SubjectType,
    UserGroup,
    ValueAssessment,
    WithinFrame,
)
from vardag.psychometrics import suppress_small_groups


def legal_reference_list(actor: actors.Actor) -> QuerySet[LegalReference]:
    org = organisation_id(actor)
    return LegalReference.objects.filter(Q(organisation__isnull=True) | Q(organisation_id=org))


def access_own_legal_reference(actor: actors.Actor, reference_id: int) -> LegalReference:
    """One of the organisation's own references (national ones are not editable here)."""
    return get_object_or_404(
        LegalReference, pk=reference_id, organisation_id=organisation_id(actor)
    )


def user_group_list(actor: actors.Actor) -> QuerySet[UserGroup]:
    """The organisation's user groups; `filters.UserGroupFilterSet` narrows them (page and API)."""
    qs = UserGroup.objects.filter(organisation_id=organisation_id(actor))
    return (
        qs.select_related("owner_unit")
        .annotate(
            insight_count=Count("insights", distinct=True),
            activity_count=Count("activities", distinct=True),
        )
        .order_by("name", "id")
    )


def access_user_group(actor: actors.Actor, group_id: int) -> UserGroup:
    return get_object_or_404(
        UserGroup.objects.select_related("owner_unit").prefetch_related(
            "legal_frames",
            Prefetch("personas", Persona.objects.prefetch_related("quotes__insight")),
            "journeys",
        ),
        pk=group_id,
        organisation_id=organisation_id(actor),
    )


def persona_list(actor: actors.Actor) -> QuerySet[Persona]:
    return Persona.objects.filter(user_group__organisation_id=organisation_id(actor))


def access_persona(actor: actors.Actor, persona_id: int) -> Persona:
    return get_object_or_404(persona_list(actor).select_related("user_group"), pk=persona_id)


def journey_list(actor: actors.Actor) -> QuerySet[Journey]:
    return Journey.objects.filter(user_group__organisation_id=organisation_id(actor))


def access_journey(actor: actors.Actor, journey_id: int) -> Journey:
    return get_object_or_404(
        journey_list(actor).select_related("user_group").prefetch_related("steps"), pk=journey_id
    )


def insight_list(actor: actors.Actor) -> QuerySet[Insight]:
    """The organisation's insights; `filters.InsightFilterSet` narrows them (page and API)."""
    qs = Insight.objects.filter(organisation_id=organisation_id(actor))
    return qs.prefetch_related("user_groups", "activities")


def access_insight(actor: actors.Actor, insight_id: int) -> Insight:
    return get_object_or_404(
        Insight.objects.prefetch_related("user_groups", "activities", "links", "quotes__persona"),
        pk=insight_id,
        organisation_id=organisation_id(actor),
    )


def activity_list(actor: actors.Actor) -> QuerySet[Activity]:
    return (
        Activity.objects.filter(organisation_id=organisation_id(actor))
        .select_related("unit")
        .prefetch_related("user_groups", "counts")
        .annotate(contribution_count=Count("contributions", distinct=True))
        .order_by("-held_on", "-id")
    )


def access_activity(actor: actors.Actor, activity_id: int) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related("unit").prefetch_related(
            "user_groups", "counts", "insights", "links"
        ),
        pk=activity_id,
        organisation_id=organisation_id(actor),
    )


def contribution_list(actor: actors.Actor, activity: Activity) -> QuerySet[Contribution]:
    """Contributions of an activity the actor may see (never any identity: there is none)."""
    return Contribution.objects.filter(
        activity=activity, activity__organisation_id=organisation_id(actor)
    )


def access_contribution(actor: actors.Actor, contribution_id: int) -> Contribution:
    return get_object_or_404(
        Contribution.objects.select_related("activity"),
        pk=contribution_id,
        activity__organisation_id=organisation_id(actor),
    )


@dataclass(frozen=True)
class Band:
    label: str
    count: int | None  # None: hidden (under the suppression threshold)


@dataclass(frozen=True)
class ParticipantSummary:
    total: int | None
    bands: list[Band]
    threshold: int
    scale: list[Band] = field(default_factory=list)


def participant_summary(activity: Activity, threshold: int) -> ParticipantSummary:
    """Counts per age band and the answer scale, with small groups hidden."""
    counts = {c.get_age_band_display(): c.count for c in activity.counts.all()}
    result = suppress_small_groups(counts, threshold=threshold) if counts else None
    bands = [Band(str(k), None if result and k in result.hidden else v) for k, v in counts.items()]
    total = sum(counts.values())
    is_total_hidden = bool(result and result.is_total_hidden)
    scale_counts = {
        str(Contribution.Scale(row["scale"] or 0).label): row["n"]
        for row in activity.contributions.exclude(scale=None)
        .values("scale")
        .annotate(n=Count("id"))
        .order_by("scale")
    }
    scale: list[Band] = []
    if scale_counts:
        hidden = suppress_small_groups(scale_counts, threshold=threshold)
        if not hidden.is_total_hidden:
            scale = [Band(k, None if k in hidden.hidden else v) for k, v in scale_counts.items()]
    return ParticipantSummary(None if is_total_hidden else total, bands, threshold, scale)


def invitation_problems(activity: Activity) -> dict[str, str]:
    """Why the participant link could not work yet, by field (empty: it can).

    One rule for the activity page (offers "Öppna deltagarlänken" only when it is empty), the
    service that opens the link, and the public page (answers only while it is empty).
    """
    from vardag.participation import lix

    if not activity.question.strip():
        return {"question": _("Skriv en fråga till deltagarna innan länken öppnas.")}
    if activity.child_mode and not lix.is_easy_read(activity.question):
        message = _(
            "Frågan är för svår för barnläget (LIX %(value)s, högst %(max)s). "
            "Använd korta meningar och korta ord."
        ) % {"value": round(lix.lix(activity.question)), "max": lix.CHILD_MAX}
        return {"question": message}
    return {}


def link_works(activity: Activity) -> bool:
    """The participant link takes answers: it exists, is open and nothing stops it."""
    return bool(activity.token and activity.is_open and not invitation_problems(activity))


def open_activity(token: str) -> Activity:
    """The activity behind a participant's invitation link (public, no actor)."""
    activity = Activity.objects.select_related("organisation").filter(token=token).first()
    if activity is None or not token:
        raise Http404
    return activity


def code_digest(code: str) -> str:
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()


def contribution_by_code(code: str) -> Contribution | None:
    """The participant's own contribution, found only with their personal return code."""
    if not code or len(code) > 40:
        return None
    return (
        Contribution.objects.select_related("activity")
        .filter(code_digest=code_digest(code))
        .first()
    )


def value_assessment_list(actor: actors.Actor) -> QuerySet[ValueAssessment]:
    return ValueAssessment.objects.filter(organisation_id=organisation_id(actor)).prefetch_related(
        "legal_references"
    )


def access_value_assessment(actor: actors.Actor, assessment_id: int) -> ValueAssessment:
    return get_object_or_404(
        ValueAssessment.objects.prefetch_related("legal_references", "user_groups", "risks"),
        pk=assessment_id,
        organisation_id=organisation_id(actor),
    )


def actor_map_list(actor: actors.Actor) -> QuerySet[ActorMap]:
    return (
        ActorMap.objects.filter(organisation_id=organisation_id(actor))
        .annotate(actor_count=Count("actors"))
        .order_by("title", "id")
    )


def access_actor_map(actor: actors.Actor, map_id: int) -> ActorMap:
    return get_object_or_404(
        ActorMap.objects.prefetch_related("actors__depends_on"),
        pk=map_id,
        organisation_id=organisation_id(actor),
    )


def linkable_subjects(actor: actors.Actor, subject_type: str) -> QuerySet[Any]:
    """The challenges or ideas the actor may link things to: their organisation's, without
    other people's drafts (a draft is its initiator's alone). One rule for pickers and for
    subject_link. Resolved through the app registry, so participation never imports ideas."""
    if subject_type not in SubjectType.values:
        raise Http404
    try:
        model = apps.get_model(subject_type)
    except LookupError as exc:
        raise Http404 from exc
    qs: QuerySet[Any] = model.objects.filter(organisation_id=organisation_id(actor))
    if subject_type == SubjectType.IDEA:
        qs = qs.filter(~Q(state="draft") | Q(initiator_id=actor.pk))
    return qs


def subject_label(actor: actors.Actor, subject_type: str, subject_id: int) -> str:
    """The title of a challenge or idea the actor may link to; 404 otherwise."""
    obj = linkable_subjects(actor, subject_type).filter(pk=subject_id).first()
    if obj is None:
        raise Http404
    return str(obj)


# --- Evidence for decision gates --------------------------------------------------------------


@dataclass(frozen=True)
class Requirements:
    """What a gate asks for; the ideas app stores these per process model and passes them in."""

    min_user_groups: int = 1
    min_user_voice_insights: int = 0
    needs_value_assessment_with_legal_basis: bool = False
    needs_lundy_when_children: bool = False
    # Units (e.g. the idea's affected units) that must each have held a linked activity.
    consulted_unit_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Evidence:
    subject_type: str
    subject_id: int
    user_groups: list[UserGroup]
    insights: list[Insight]
    activities: list[Activity]
    value_assessments: list[ValueAssessment]

    @property
    def user_voice_insights(self) -> list[Insight]:
        return [i for i in self.insights if i.perspective == Perspective.USER]

    @property
    def has_children(self) -> bool:
        return any(g.includes_children for g in self.user_groups) or any(
            a.involves_children for a in self.activities
        )

    @property
    def has_value_assessment_with_legal_basis(self) -> bool:
        return any(
            v.within_legal_frame == WithinFrame.YES and list(v.legal_references.all())
            for v in self.value_assessments
        )

    @property
    def is_lundy_complete_for_children(self) -> bool:
        child_activities = [a for a in self.activities if a.involves_children]
        return bool(child_activities) and all(
            a.is_lundy_complete and a.are_child_safeguards_complete for a in child_activities
        )

    def missing(self, req: Requirements) -> list[str]:
        """Plain-language list of what is still missing; empty when the gate may pass."""
        gaps: list[str] = []
        if len(self.user_groups) < req.min_user_groups:
            gaps.append(
                _("Minst %(n)s målgrupp behöver kopplas (nu %(have)s).")
                % {"n": req.min_user_groups, "have": len(self.user_groups)}
            )
        if len(self.user_voice_insights) < req.min_user_voice_insights:
            gaps.append(
                _("Minst %(n)s insikter i användarnas egen röst behövs (nu %(have)s).")
                % {"n": req.min_user_voice_insights, "have": len(self.user_voice_insights)}
            )
        if req.needs_value_assessment_with_legal_basis and not (
            self.has_value_assessment_with_legal_basis
        ):
            gaps.append(
                _("En värdebedömning med rättslig grund, inom den rättsliga ramen, saknas.")
            )
        if (
            req.needs_lundy_when_children
            and self.has_children
            and not self.is_lundy_complete_for_children
        ):
            gaps.append(
                _(
                    "Barn berörs: en delaktighetsaktivitet med Lundys checklista och "
                    "skydd för barn behövs."
                )
            )
        held_by = {a.unit_id for a in self.activities}
        not_consulted = sorted(set(req.consulted_unit_ids) - held_by)
        if not_consulted:
            names = ", ".join(str(u) for u in Unit.objects.filter(pk__in=not_consulted))
            gaps.append(
                _("Ingen delaktighetsaktivitet från dessa berörda verksamheter: %(units)s.")
                % {"units": names}
            )
        return gaps


def _linked(org: int, subjects: Iterable[tuple[str, int]]) -> QuerySet[SubjectLink]:
    cond = Q(pk__in=[])
    for subject_type, subject_id in subjects:
        cond |= Q(subject_type=subject_type, subject_id=subject_id)
    return SubjectLink.objects.filter(cond, organisation_id=org)


def evidence_for(
    actor: actors.Actor,
    *,
    subject_type: str,
    subject_id: int,
    also: Iterable[tuple[str, int]] = (),
) -> Evidence:
    """The user-perspective evidence linked to a challenge or idea (plus `also`, e.g. the
    idea's challenge). A fixed number of queries whatever the amount of evidence."""
    org = organisation_id(actor)
    subjects = [(subject_type, subject_id), *also]
    links = list(_linked(org, subjects).values_list("user_group_id", "insight_id", "activity_id"))
    insight_ids = {i for _g, i, _a in links if i}
    insights = list(
        Insight.objects.filter(organisation_id=org, pk__in=insight_ids).prefetch_related(
            "user_groups", "activities"
        )
    )
    cond = Q(pk__in=[])
    for st, sid in subjects:
        cond |= Q(subject_type=st, subject_id=sid)
    assessments = list(
        ValueAssessment.objects.filter(cond, organisation_id=org).prefetch_related(
            "legal_references", "user_groups"
        )
    )
    group_ids = {g for g, _i, _a in links if g}
    group_ids |= {g.pk for i in insights for g in i.user_groups.all()}
    group_ids |= {g.pk for v in assessments for g in v.user_groups.all()}
    activity_ids = {a for _g, _i, a in links if a}
    activity_ids |= {a.pk for i in insights for a in i.activities.all()}
    groups = list(UserGroup.objects.filter(organisation_id=org, pk__in=group_ids))
    activities = list(Activity.objects.filter(organisation_id=org, pk__in=activity_ids))
    return Evidence(subject_type, subject_id, groups, insights, activities, assessments)


def links_for_subject(
    actor: actors.Actor, subject_type: str, subject_id: int
) -> QuerySet[SubjectLink]:
    return _linked(organisation_id(actor), [(subject_type, subject_id)]).select_related(
        "user_group", "insight", "activity"
    )


def child_bands() -> frozenset[str]:
    return frozenset(str(b) for b in CHILD_BANDS)
