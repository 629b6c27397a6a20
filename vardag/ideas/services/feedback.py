"""Feedback to the initiator and followers, and the daily flags (feedback overdue, revisit due)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from vardag.core import audit, once
from vardag.core.access import require
from vardag.core.actors import Actor
from vardag.forums.models import DecisionType
from vardag.ideas import policy
from vardag.ideas.models import (
    Decision,
    Feedback,
    Follow,
    Idea,
    IdeaEvent,
    IdeaState,
)
from vardag.ideas.selectors import (
    responsible_managers,
)
from vardag.ideas.services.common import (
    _co_owners,
    _event,
    asked_to_decide,
    asked_topic,
    registrars,
)
from vardag.ideas.workflow import ACTIVE_STATES
from vardag.notifications.services import notify, translated


def feedback_text(decision: Decision, idea: Idea) -> str:
    """The plain-Swedish message to the initiator and followers."""
    values = {
        "title": idea.title,
        "forum": idea.forum or "",
        "date": idea.next_handling_on or "",
        "hours": decision.hours,
        "amount": f"{decision.amount_sek:,}".replace(",", " "),
        "revisit": idea.revisit_on or "",
    }
    messages = {
        DecisionType.REGISTER: _(
            "Din idé ”%(title)s” är registrerad. %(forum)s behandlar den, nästa gång %(date)s."
        ),
        DecisionType.GRANT_TIME: _(
            "Idén ”%(title)s” har fått %(hours)s timmar för att utforskas vidare."
        ),
        DecisionType.GRANT_MONEY: _(
            "Idén ”%(title)s” har fått %(amount)s kronor för att ta fram ett upplägg."
        ),
        DecisionType.START_PILOT: _("Idén ”%(title)s” går nu vidare till en pilot."),
        DecisionType.EVALUATE: _("Piloten för ”%(title)s” ska nu utvärderas."),
        DecisionType.ITERATE: _("Piloten för ”%(title)s” fortsätter i en ny omgång."),
        DecisionType.SCALE_UP: _("Idén ”%(title)s” ska skalas upp och införas."),
        DecisionType.IMPLEMENTED: _("Idén ”%(title)s” är nu införd i verksamheten."),
        DecisionType.ESCALATE: _(
            "Idén ”%(title)s” har lyfts till %(forum)s, som behandlar den senast %(date)s."
        ),
        DecisionType.TRANSFER: _(
            "Idén ”%(title)s” har lämnats över till %(forum)s, som behandlar den senast %(date)s."
        ),
        DecisionType.ON_HOLD: _("Idén ”%(title)s” är vilande. Den tas upp igen %(revisit)s."),
        DecisionType.RESUME: _("Arbetet med idén ”%(title)s” är återupptaget."),
        DecisionType.ARCHIVE: _("Idén ”%(title)s” har avslutats och arkiverats."),
        DecisionType.REVIEW: _("Ett beslut om idén ”%(title)s” har omprövats."),
    }
    if not values["date"]:
        # Never a sentence with a hole in it: the same news without the date.
        messages[DecisionType.REGISTER] = _(
            "Din idé ”%(title)s” är registrerad. %(forum)s behandlar den."
        )
        messages[DecisionType.ESCALATE] = _("Idén ”%(title)s” har lyfts till %(forum)s.")
        messages[DecisionType.TRANSFER] = _("Idén ”%(title)s” har lämnats över till %(forum)s.")
    lines = [messages[DecisionType(decision.decision_type)] % values]
    if decision.rationale:
        lines.append(_("Motivering: %(text)s") % {"text": decision.rationale})
    if decision.conditions:
        lines.append(_("Villkor: %(text)s") % {"text": decision.conditions})
    lines.append(
        _("Beslutet fattades av %(who)s med stöd av ”%(mandate)s”.")
        % {"who": decision.decided_by, "mandate": decision.mandate}
    )
    return "\n".join(lines)


def _send_feedback(
    actor: Actor, idea: Idea, body: str, decision: Decision | None, *, request_key: str = ""
) -> Feedback:
    feedback = Feedback.objects.create(
        idea=idea, decision=decision, author=actor, body=body, request_key=request_key
    )
    _event(idea, IdeaEvent.Kind.FEEDBACK, actor, body)
    followers = [f.user for f in Follow.objects.filter(idea=idea).select_related("user")]
    notify(
        actor=actor,
        recipients=[idea.initiator, *followers, *_co_owners(idea)],
        kind="idea.feedback",
        subject=lambda: _("Återkoppling om idén ”%(title)s”") % {"title": idea.title},
        body=body,
        url=reverse("ideas:detail", args=[idea.pk]),
    )
    return feedback


@transaction.atomic
def feedback_give(
    *,
    actor: Actor,
    idea: Idea,
    body: str,
    next_handling_on: date | None = None,
    decision: Decision | None = None,
    request_key: str = "",
) -> Feedback:
    """Feedback between decisions (e.g. "we will take it up on the 12th"), or the held-back
    feedback on a `decision` (sent when a meeting's minutes are approved).

    A repeat with the same `request_key` (double click, retry) returns the first feedback and
    sends nothing again."""
    idea = Idea.objects.select_for_update(of=("self",)).select_related("initiator").get(pk=idea.pk)
    # A decision's held-back feedback (sent with approved minutes) is the delivery of a decision
    # already recorded through the mandate check; other feedback follows the page's rule.
    held_back = (
        decision is not None and decision.idea_id == idea.pk and not hasattr(decision, "feedback")
    )
    require(
        idea.organisation_id == actor.organisation_id
        and (held_back or policy.can_give_feedback(actor, idea))
    )
    given = once.earlier(Feedback, request_key, idea=idea)
    if given is not None:
        return given
    if not body.strip():
        raise ValidationError(_("Skriv en återkoppling."))
    if next_handling_on is not None:
        if next_handling_on < timezone.localdate():
            raise ValidationError(_("Nästa behandling kan inte vara i det förflutna."))
        idea.next_handling_on = next_handling_on
    idea.feedback_due_on = idea.next_handling_on if idea.state in ACTIVE_STATES else None
    idea.overdue_flagged_on = None
    idea.save()
    if decision is not None and (decision.idea_id != idea.pk or hasattr(decision, "feedback")):
        decision = None  # already answered, or not this idea's: send it as loose feedback
    feedback = _send_feedback(actor, idea, body, decision, request_key=request_key[:64])
    audit.record(actor, "feedback.give", target=idea, data={"feedback": feedback.pk})
    return feedback


@transaction.atomic
def feedback_overdue_flag(*, today: date | None = None) -> int:
    """Flag ideas whose feedback is overdue to their responsible managers (once per lapse)."""
    day = today or timezone.localdate()
    ideas = list(
        Idea.objects.select_for_update(of=("self",))
        .filter(state__in=ACTIVE_STATES, feedback_due_on__lt=day, overdue_flagged_on__isnull=True)
        .select_related("organisation")
    )
    for idea in ideas:
        # Before registration the feedback is owed by whoever may register the idea (the same
        # people and forum chairs `idea_submit` asked; the innovation leads and admins when no
        # mandate covers it); afterwards by the managers responsible for its home unit.
        if idea.state == IdeaState.SUBMITTED:
            managers = registrars(idea).everyone()
            topic = asked_topic(idea, IdeaState.SUBMITTED)  # handled once it is registered
        else:
            managers, topic = responsible_managers(idea), ""
        notify(
            actor=None,
            recipients=managers,
            kind="idea.feedback_overdue",
            subject=translated(gettext_noop("Återkoppling försenad: %(title)s"), title=idea.title),
            body=translated(
                gettext_noop("Förslagsställaren skulle ha fått återkoppling senast %(date)s."),
                date=idea.feedback_due_on,
            ),
            url=reverse("ideas:detail", args=[idea.pk]),
            topic=topic,
        )
        idea.overdue_flagged_on = day
        idea.save(update_fields=["overdue_flagged_on"])
        _event(idea, IdeaEvent.Kind.OVERDUE, None, str(idea.feedback_due_on))
        audit.record(None, "idea.feedback_overdue", target=idea)
    return len(ideas)


@transaction.atomic
def revisit_due_flag(*, today: date | None = None) -> int:
    """Remind those who can resume an idea on hold when it reaches its date to be taken up
    again (once per hold): the people whose mandate covers resuming it and the chairs of its
    forum and of forums whose mandate covers it; the innovation leads and admins when there is
    nobody (`asked_to_decide`, the rule the decision page uses)."""
    day = today or timezone.localdate()
    ideas = list(
        Idea.objects.select_for_update(of=("self",))
        .filter(state=IdeaState.ON_HOLD, revisit_on__lte=day, revisit_flagged_on__isnull=True)
        .select_related("forum")
    )
    for idea in ideas:
        asked = asked_to_decide(idea, DecisionType.RESUME, also_forums=[idea.forum])
        notify(
            actor=None,
            recipients=asked.everyone(),
            kind="idea.revisit_due",
            subject=translated(
                gettext_noop("Dags att ta upp idén igen: %(title)s"), title=idea.title
            ),
            body=translated(
                gettext_noop("Idén är vilande och skulle tas upp igen %(date)s."),
                date=idea.revisit_on,
            ),
            url=reverse("ideas:detail", args=[idea.pk]),
            topic=asked_topic(idea, IdeaState.ON_HOLD),
        )
        idea.revisit_flagged_on = day
        idea.save(update_fields=["revisit_flagged_on"])
        _event(idea, IdeaEvent.Kind.REVISIT, None, str(idea.revisit_on))
        audit.record(None, "idea.revisit_due", target=idea)
    return len(ideas)
