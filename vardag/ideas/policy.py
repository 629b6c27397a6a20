"""Who may do what with an idea: one rule per action, used by the pages (to offer it), the API
and the services (to enforce it). Offered means allowed: a page shows a button or a link only
when the rule here lets this person do it, and the service refuses with the same rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vardag.accounts.models import Membership, User
from vardag.core.actors import Actor
from vardag.core.roles import MANAGER_ROLES, Role
from vardag.forums.models import DecisionType, Forum, ForumMembership, Mandate, MandateScope
from vardag.forums.selectors import (
    MandateRequest,
    UnitTree,
    forum_can_decide,
    mandate_covers_scope,
    mandate_refusal_reasons,
    usable_mandates,
)
from vardag.ideas.models import Decision, Idea, IdeaState, Stage
from vardag.ideas.workflow import NEXT_GATE, allowed_decisions, target_state


def is_initiator_or_team(actor: Actor, idea: Idea) -> bool:
    return idea.initiator_id == actor.pk or any(m.pk == actor.pk for m in idea.team.all())


def _own_organisation(actor: Actor, idea: Idea) -> bool:
    return idea.organisation_id == getattr(actor, "organisation_id", None)


def can_edit(actor: Actor, idea: Idea) -> bool:
    """The initiator and the idea team, managers of its home unit and organisation admins."""
    if not _own_organisation(actor, idea) or idea.state == IdeaState.ARCHIVED:
        return False
    if is_initiator_or_team(actor, idea):
        return True
    return actor.is_org_admin or bool(actor.unit_ids_with_role(*MANAGER_ROLES) & {idea.unit_id})


def can_submit(actor: Actor, idea: Idea) -> bool:
    return idea.initiator_id == actor.pk and idea.state == IdeaState.DRAFT


def can_withdraw(actor: Actor, idea: Idea) -> bool:
    """The initiator takes back a submitted idea (a draft is deleted instead)."""
    return idea.initiator_id == actor.pk and idea.state == IdeaState.SUBMITTED


def can_delete_draft(actor: Actor, idea: Idea) -> bool:
    return idea.initiator_id == actor.pk and idea.state == IdeaState.DRAFT


def can_support(actor: Actor, idea: Idea) -> bool:
    """Anyone who sees a submitted, living idea, except those whose idea it is."""
    if idea.state in (IdeaState.DRAFT, IdeaState.ARCHIVED):
        return False
    return not is_initiator_or_team(actor, idea)


def can_comment(actor: Actor, idea: Idea) -> bool:
    return idea.state != IdeaState.DRAFT or idea.initiator_id == actor.pk


def can_merge(actor: Actor, idea: Idea) -> bool:
    """Managers, organisation admins and innovation staff merge a duplicate into another idea."""
    if not _own_organisation(actor, idea) or idea.state in (IdeaState.DRAFT, IdeaState.ARCHIVED):
        return False
    return bool(actor.is_manager or actor.is_org_admin or actor.is_innovation_staff)


def can_publish(actor: Actor, idea: Idea) -> bool:
    """Managers and organisation admins show an idea in the open portfolio."""
    if not _own_organisation(actor, idea) or idea.state == IdeaState.DRAFT:
        return False
    return bool(actor.is_manager or actor.is_org_admin)


def can_give_feedback(actor: Actor, idea: Idea) -> bool:
    """Feedback between decisions: managers, organisation admins and members of its forum."""
    if not _own_organisation(actor, idea) or idea.state in (IdeaState.DRAFT, IdeaState.ARCHIVED):
        return False
    if actor.is_manager or actor.is_org_admin:
        return True
    return idea.forum_id is not None and (
        ForumMembership.objects.filter(user=actor, forum_id=idea.forum_id).exists()
    )


# --- Decisions ---------------------------------------------------------------------------


def mandate_request(
    idea: Idea, decision_type: str, *, amount_sek: int = 0, hours: int = 0
) -> MandateRequest:
    units = list(idea.affected_units.all())
    return MandateRequest(
        decision_type=decision_type,
        unit_ids=frozenset({idea.unit_id, *(u.pk for u in units)}),
        amount_sek=amount_sek,
        hours=hours,
        crosses_organisations=any(u.organisation_id != idea.organisation_id for u in units),
    )


def forum_gate(idea: Idea, decision_type: str) -> str | None:
    """The step the forum named in a decision must be able to decide: registering (G0) hands
    the idea to a forum for the step after registration; escalating or transferring hands it
    on for the step it waits for. None: the decision names no such forum."""
    if decision_type == DecisionType.REGISTER:
        return NEXT_GATE.get(target_state(decision_type, idea.state, idea.state_before_hold))
    if decision_type in (DecisionType.ESCALATE, DecisionType.TRANSFER):
        return NEXT_GATE.get(idea.state)
    return None


def forum_takes(idea: Idea, forum: Forum, decision_type: str) -> bool:
    """May this decision hand the idea to this forum? Its meetings must be able to decide the
    idea's next step for the idea's units (`forums.selectors.forum_can_decide`). The decision
    form offers only such forums; the service refuses others with the reason."""
    gate = forum_gate(idea, decision_type)
    return gate is None or forum_can_decide(forum, mandate_request(idea, gate))


def decision_choices(
    actor: Actor, idea: Idea, *, meeting_forum: Forum | None = None
) -> dict[str, list[Mandate]]:
    """For each decision the idea can take now: the mandates this person may use for it here
    (outside a meeting: their own; in a meeting: also the meeting forum's) that cover the idea's
    units. Amounts and hours are weighed when the decision is recorded. Empty: nothing to offer.
    """
    if not _own_organisation(actor, idea):
        return {}
    allowed = allowed_decisions(idea.state)
    if not allowed:
        return {}
    mandates = usable_mandates(actor, meeting_forum=meeting_forum)
    if not mandates:
        return {}
    tree = UnitTree([idea.organisation_id])
    forum_ids = set(ForumMembership.objects.filter(user=actor).values_list("forum_id", flat=True))
    choices: dict[str, list[Mandate]] = {}
    for decision_type in allowed:
        request = mandate_request(idea, decision_type)
        covering = [
            m
            for m in mandates
            if not mandate_refusal_reasons(actor, m, request, tree=tree, member_forum_ids=forum_ids)
        ]
        if covering:
            choices[decision_type] = covering
    return choices


def can_decide(actor: Actor, idea: Idea, *, meeting_forum: Forum | None = None) -> bool:
    return bool(decision_choices(actor, idea, meeting_forum=meeting_forum))


@dataclass
class Deciders:
    """Who can take one decision on an idea: `people` may record it themselves (the decision
    page offers it to them), `forums` may take it in their meetings with their own mandate."""

    people: list[Any] = field(default_factory=list)
    forums: list[Forum] = field(default_factory=list)

    @property
    def anyone(self) -> bool:
        return bool(self.people or self.forums)


def deciders(idea: Idea, decision_type: str) -> Deciders:
    """Who in the idea's organisation can take `decision_type` on it now, by the rules the
    decision page and the service use: a person counts when `decision_choices` offers them the
    decision (a valid role mandate of theirs covers the type and every unit of the idea); a
    forum counts when one of its own valid mandates covers it (`mandate_covers_scope`, the
    guide's and `forum_can_decide`'s rule). Notifications that ask someone to act on an idea
    ("a new idea to register") go to these, never to a manager whose mandate falls short."""
    day = timezone.localdate()
    request = mandate_request(idea, decision_type)
    tree = UnitTree([idea.organisation_id])
    mandates = [
        m
        for m in Mandate.objects.filter(organisation_id=idea.organisation_id).select_related(
            "holder_forum"
        )
        if decision_type in m.decision_types and m.is_valid_on(day)
    ]
    # Candidates: people holding a role some mandate names (in its unit, when it names one).
    # The units are narrowed for unit and subtree scopes (one of the idea's units, or a unit
    # above one); whether a mandate really covers the idea is decided by `decision_choices`.
    own_units = [u for u in request.unit_ids if u in tree.parent]
    above_any = {a for u in own_units for a in tree.ancestors(u)}
    wanted = Q(pk__in=[])
    for mandate in mandates:
        if mandate.holder_forum_id is not None:
            continue
        where = Q(role=mandate.holder_role)
        if mandate.holder_unit_id is not None:
            where &= Q(unit_id=mandate.holder_unit_id)
        if mandate.scope == MandateScope.UNIT:
            where &= Q(unit_id__in=own_units)
        elif mandate.scope == MandateScope.SUBTREE:
            where &= Q(unit_id__in=above_any)
        wanted |= where
    candidates = {
        m.user_id: m.user
        for m in Membership.objects.filter(
            wanted,
            unit__organisation_id=idea.organisation_id,
            user__organisation_id=idea.organisation_id,
            user__is_active=True,
            starts_on__lte=day,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("user", "user__organisation")
    }
    people = [p for p in candidates.values() if decision_type in decision_choices(p, idea)]
    forums: list[Forum] = []
    for mandate in mandates:
        forum = mandate.holder_forum
        if (
            forum is not None
            and forum.is_open
            and forum not in forums
            and mandate_covers_scope(mandate, request, tree)
            and _joint_forum_fits(mandate, forum, idea, request)
        ):
            forums.append(forum)
    return Deciders(people=sorted(people, key=str), forums=forums)


def _joint_forum_fits(mandate: Mandate, forum: Forum, idea: Idea, request: MandateRequest) -> bool:
    """A mandate across organisations is a joint forum's (samverkansgrupp, DOMAIN.md F4): it
    is for ideas that span organisations, and each organisation handles its own ideas in its
    own forums (G0: the unit manager or the APT). So a joint forum is asked only about an idea
    that crosses organisations, all of which take part in the forum (its own and its partner
    units' organisations), never about an idea of one organisation alone."""
    if mandate.scope != MandateScope.CROSS_ORGANISATION:
        return True
    if not request.crosses_organisations:
        return False
    idea_orgs = {idea.organisation_id, *(u.organisation_id for u in idea.affected_units.all())}
    forum_orgs = {
        forum.organisation_id,
        *forum.partner_units.values_list("organisation_id", flat=True),
    }
    return idea_orgs <= forum_orgs


def forum_conveners(forums: list[Forum]) -> list[Any]:
    """Who puts an item on these forums' agendas: their chairs (the secretaries where a forum
    has no chair)."""
    rows = list(
        ForumMembership.objects.filter(
            forum__in=forums,
            role__in=[ForumMembership.Role.CHAIR, ForumMembership.Role.SECRETARY],
            user__is_active=True,
        ).select_related("user")
    )
    people: dict[int, Any] = {}
    for forum in forums:
        mine = [r for r in rows if r.forum_id == forum.pk]
        chairs = [r.user for r in mine if r.role == ForumMembership.Role.CHAIR]
        for person in chairs or [r.user for r in mine]:
            people[person.pk] = person
    return list(people.values())


def innovation_support(organisation_id: int) -> list[Any]:
    """Who hears about an idea nobody has the mandate to act on: the organisation's innovation
    leads, who help the initiator on, and its admins, who keep the mandate register."""
    day = timezone.localdate()
    current = Membership.objects.filter(
        role__in=[Role.INNOVATION_LEAD, Role.ADMIN],
        unit__organisation_id=organisation_id,
        starts_on__lte=day,
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
    return list(
        User.objects.filter(
            is_active=True,
            organisation_id=organisation_id,
            pk__in=current.values("user_id"),
        ).order_by("first_name", "last_name", "pk")
    )


# --- Stages ------------------------------------------------------------------------------


@dataclass
class StageChoices:
    """The stages an idea may move to now, and the decision that holds the next one back."""

    stages: list[Stage] = field(default_factory=list)
    blocked_by: Stage | None = None  # the stage whose exit needs a decision not yet taken

    @property
    def waiting_for(self) -> str:
        if self.blocked_by is None:
            return ""
        return str(DecisionType(self.blocked_by.exit_gate).label)


def stage_choices(idea: Idea) -> StageChoices:
    """Back to any earlier stage; forward only past stages whose exit decision (the gate named
    as the stage's exit criterion, e.g. G1 for "Utforska idé") has been recorded on the idea."""
    if idea.process_model_id is None:
        return StageChoices()
    stages = list(Stage.objects.filter(process_model_id=idea.process_model_id).order_by("order"))
    decided = set(Decision.objects.filter(idea=idea).values_list("decision_type", flat=True))
    current = next((s for s in stages if s.pk == idea.stage_id), None)
    reachable: list[Stage] = []
    blocked_by = None
    for stage in stages:
        reachable.append(stage)
        passed = current is None or stage.order >= current.order
        if passed and stage.exit_gate and stage.exit_gate not in decided:
            blocked_by = stage
            break
    return StageChoices(reachable, blocked_by)


def can_change_stage(actor: Actor, idea: Idea) -> bool:
    """Those who may edit a submitted idea, when there is a stage to move to."""
    if idea.state == IdeaState.DRAFT or not can_edit(actor, idea):
        return False
    return any(s.pk != idea.stage_id for s in stage_choices(idea).stages)


def stage_refusal(idea: Idea, stage: Stage) -> str:
    """Why the idea cannot move to `stage` now ('' when it can)."""
    choices = stage_choices(idea)
    if any(s.pk == stage.pk for s in choices.stages):
        return ""
    if choices.blocked_by is not None:
        return _(
            "Fasen ”%(stage)s” är klar först när beslutet ”%(decision)s” är fattat. "
            "Idén kan inte gå vidare till ”%(target)s” innan dess."
        ) % {
            "stage": choices.blocked_by.label,
            "decision": choices.waiting_for,
            "target": stage.label,
        }
    return _("Fasen hör inte till idéns processmodell.")
