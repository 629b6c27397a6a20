"""Access cases for the pilots' pages and API routes (see vardag.core.testing.Case)."""

from __future__ import annotations

from datetime import timedelta

from vardag.core.testing import Case
from vardag.forums.models import DecisionType as D
from vardag.pilots import services
from vardag.pilots.models import DecisionReview
from vardag.pilots.tests.factories import idea_with_money, implemented_pilot, scaling_pilot


def _setup(world):
    first = idea_with_money(world, title="Sms-påminnelse före första samtalet")
    done = implemented_pilot(world, first)
    second = idea_with_money(
        world, title="Kvällsöppet för familjer", gov=first.gov, group=first.group
    )
    scaling = scaling_pilot(world, second)
    waiting = idea_with_money(
        world, title="Bildstöd i väntrummet", gov=first.gov, group=first.group
    )
    adoption = services.adoption_create(
        actor=world.principal,
        origin=done,
        unit=world.units["school"],
        line_owner=world.principal,
        started_on=first.today - timedelta(days=3),
        adaptation="För elever.",
    )
    g3 = scaling.idea.decisions.get(decision_type=D.SCALE_UP)
    review = DecisionReview.objects.create(
        organisation=world.org,
        decision=g3,
        forum=g3.forum,
        review_on=first.today + timedelta(days=30),
        reason=DecisionReview.Reason.FOLLOW_UP,
    )
    g2 = done.idea.decisions.get(decision_type=D.GRANT_MONEY)
    return done, scaling, waiting.idea, adoption, review, g2


def url_cases(world):
    done, scaling, waiting, adoption, review, g2 = _setup(world)
    goal = done.goals.first()
    receiving = scaling.plan.receiving_units.get()
    p = {"pilot_id": done.pk}
    return {
        "pilots:list": Case(foreign="own", marker=done.idea.title),
        "pilots:create": Case(kwargs={"idea_id": waiting.pk}),
        "pilots:detail": Case(kwargs=p),
        "pilots:edit": Case(kwargs=p),
        "pilots:partner_add": Case(kwargs=p),
        "pilots:iteration_add": Case(kwargs=p),
        "pilots:goal_add": Case(kwargs=p),
        "pilots:evaluation_add": Case(kwargs=p),
        "pilots:plan": Case(kwargs={"pilot_id": scaling.pk}),
        "pilots:follow_up": Case(kwargs={"pilot_id": scaling.pk}, persona="manager"),
        "pilots:lesson_add": Case(kwargs=p),
        "pilots:goal": Case(kwargs={"goal_id": goal.pk}),
        "pilots:measurement_add": Case(kwargs={"goal_id": goal.pk}),
        "pilots:measurement_import": Case(kwargs={"goal_id": goal.pk}),
        "pilots:takeover": Case(kwargs={"receiving_id": receiving.pk}, persona="manager"),
        "pilots:taken_on": Case(
            bystander="own", foreign="own", persona="manager", marker=scaling.idea.title
        ),
        "pilots:reviews": Case(foreign="own", marker=scaling.idea.title),
        "pilots:review_create": Case(kwargs={"decision_id": g2.pk}),
        "pilots:review": Case(kwargs={"review_id": review.pk}),
        "pilots:spreadable": Case(foreign="own", marker=done.idea.title),
        "pilots:adopt": Case(bystander="allowed", kwargs={"pilot_id": done.pk}, persona="manager"),
        "pilots:adoption": Case(kwargs={"adoption_id": adoption.pk}),
        "pilots:lessons": Case(foreign="own"),
    }


def api_cases(world):
    done, scaling, _waiting, adoption, review, g2 = _setup(world)
    goal = done.goals.first()
    receiving = scaling.plan.receiving_units.get()
    base = "/api/v1/pilots"
    return {
        f"GET {base}/pilots": Case(foreign="own", marker=done.idea.title),
        f"GET {base}/pilots/{{pilot_id}}": Case(kwargs={"pilot_id": done.pk}),
        f"GET {base}/pilots/{{pilot_id}}/evaluations": Case(kwargs={"pilot_id": done.pk}),
        f"GET {base}/pilots/{{pilot_id}}/plan": Case(kwargs={"pilot_id": done.pk}),
        f"GET {base}/goals/{{goal_id}}": Case(kwargs={"goal_id": goal.pk}),
        f"POST {base}/goals/{{goal_id}}/measurements": Case(
            kwargs={"goal_id": goal.pk},
            method="post",
            expect=201,
            data={"measured_on": str(done.starts_on + timedelta(days=1)), "value": "12.5"},
        ),
        f"POST {base}/receiving/{{receiving_id}}/takeover": Case(
            kwargs={"receiving_id": receiving.pk}, method="post", persona="manager", data={}
        ),
        f"GET {base}/reviews": Case(foreign="own", marker=scaling.idea.title),
        f"POST {base}/decisions/{{decision_id}}/review": Case(
            kwargs={"decision_id": g2.pk},
            method="post",
            expect=201,
            data={"review_on": str(review.review_on), "reason": "other", "note": ""},
        ),
        f"GET {base}/adoptions": Case(foreign="own"),
        f"GET {base}/adoptions/{{adoption_id}}": Case(kwargs={"adoption_id": adoption.pk}),
        f"GET {base}/lessons": Case(foreign="own"),
        f"GET {base}/figures": Case(foreign="own"),
    }
