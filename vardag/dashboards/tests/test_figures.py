"""Every figure of the overview against a direct computation from the records: a scenario with
ideas over several units, an idea spanning two organisations and a unit under the threshold."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from django.urls import reverse
from django.utils import timezone

from vardag.core.models import Unit
from vardag.dashboards import selectors
from vardag.dashboards.tests.factories import scenario
from vardag.forums.models import DecisionType as D
from vardag.ideas.models import Decision, Feedback, Idea, IdeaState, Lesson
from vardag.surveys import analysis
from vardag.surveys.models import Answer, Dimension, Item, Response

pytestmark = pytest.mark.django_db

COUNT = re.compile(r'<p role="status">(\d+) idé')


def _subtree(root: Unit) -> set[int]:
    units = {u.pk: u.parent_id for u in Unit.objects.filter(organisation_id=root.organisation_id)}
    found, changed = {root.pk}, True
    while changed:
        more = {uid for uid, parent in units.items() if parent in found} - found
        changed = bool(more)
        found |= more
    return found


def _ideas_in(world, root: Unit) -> list[Idea]:
    """Submitted ideas of the organisation whose home unit or an affected unit is in the
    subtree (one query per idea: a direct reading, not the selector)."""
    sub = _subtree(root)
    return [
        i
        for i in Idea.objects.exclude(state=IdeaState.DRAFT).filter(organisation=world.org)
        if i.unit_id in sub or any(u.pk in sub for u in i.affected_units.all())
    ]


def _rows(o):
    yield o.portfolio.total
    yield o.portfolio.cross_organisation
    for _key, _heading, rows in o.portfolio.tables():
        yield from rows
    yield o.flow.waiting
    yield o.flow.overdue
    yield o.flow.escalated
    yield o.flow.ended
    yield o.flow.with_lesson
    for g in o.flow.gates:
        yield g.reached
    for r in o.units.rows:
        yield r.ideas


def test_portfolio_counts_the_records_and_every_number_lands_on_its_ideas(world, client_for):
    s = scenario(world)
    o = selectors.overview(world.head)
    assert o.scope.unit == world.units["administration"]
    ideas = _ideas_in(world, world.units["administration"])
    assert s.ideas["draft"].pk not in {i.pk for i in ideas}
    assert s.ideas["school"].pk not in {i.pk for i in ideas}  # the school is not the head's
    assert o.portfolio.total.n == len(ideas) == 7
    assert {r.key: r.n for r in o.portfolio.by_state} == Counter(i.state for i in ideas)
    assert {r.key: r.n for r in o.portfolio.by_kind} == Counter(i.kind for i in ideas)
    assert {r.key: r.n for r in o.portfolio.by_origin} == Counter(i.origin for i in ideas)
    assert {r.key: r.n for r in o.portfolio.by_driver} == {"none": len(ideas)}
    assert o.portfolio.cross_organisation.n == 1  # the idea that affects Norrvik's unit
    by_unit = {r.label: r.n for r in o.portfolio.by_unit}
    second = s.second_unit
    assert by_unit == {
        "Socialförvaltningen": len(ideas),
        "Mottagningsenheten": len(_ideas_in(world, world.units["unit"])),
        second.name: 0,
    }
    client = client_for("head")
    checked = 0
    for row in _rows(o):
        if row.query is None:
            continue
        page = client.get(f"{reverse('ideas:list')}?{row.query}").content.decode()
        match = COUNT.search(page)
        assert match, row
        assert int(match.group(1)) == row.n, (row.label, row.query)
        checked += 1
    assert checked > 20


def test_flow_figures_are_medians_and_shares_of_the_records(world):
    s = scenario(world)
    o = selectors.overview(world.head)
    ideas = {i.pk: i for i in _ideas_in(world, world.units["administration"])}
    local = timezone.localtime
    decisions = pd.DataFrame(
        [
            {
                "idea": d.idea_id,
                "type": d.decision_type,
                "on": d.decided_on,
                "forum": d.forum.name if d.forum else "Utan forum",
                "feedback": local(d.feedback.created_at).date(),
                "submitted": local(ideas[d.idea_id].submitted_at).date(),
            }
            for d in Decision.objects.filter(idea_id__in=ideas).select_related("forum", "feedback")
        ]
    )
    for gate in o.flow.gates:
        rows = decisions[decisions["type"] == gate.key].sort_values("on").groupby("idea").first()
        days = [(r.on - r.submitted).days for r in rows.itertuples()]
        assert gate.reached.n == len(days)
        assert gate.days.n == len(days)
        if days:
            series = pd.Series(days, dtype=float)
            assert gate.days.median == pytest.approx(series.median())
            assert gate.days.q1 == pytest.approx(series.quantile(0.25))
            assert gate.days.q3 == pytest.approx(series.quantile(0.75))
    g1 = next(g for g in o.flow.gates if g.key == D.GRANT_TIME)
    assert g1.days.n == 2 and g1.days.median == pytest.approx(np.median([60 - 40, 30 - 20]))
    late = (decisions["feedback"] - decisions["on"]).map(lambda d: d.days) > 14
    assert o.flow.decisions == len(decisions)
    assert o.flow.feedback_in_time.part == int((~late).sum())
    assert o.flow.feedback_in_time.part < o.flow.feedback_in_time.whole  # the G1 feedback
    firsts = []
    for pk, idea in ideas.items():
        first = Feedback.objects.filter(idea_id=pk).order_by("created_at").first()
        if first and idea.submitted_at:
            firsts.append((local(first.created_at).date() - local(idea.submitted_at).date()).days)
    assert o.flow.first_feedback.n == len(firsts)
    assert o.flow.first_feedback.median == pytest.approx(pd.Series(firsts).median())
    assert o.flow.first_feedback_in_time.part == sum(1 for d in firsts if d <= 14)
    assert {t.label: t.n for t in o.flow.by_forum} == Counter(decisions["forum"])
    today = timezone.localdate()
    active = {"draft", "on_hold", "archived", "implemented"}
    assert o.flow.overdue.n == sum(
        1
        for i in ideas.values()
        if i.state not in active and i.feedback_due_on and i.feedback_due_on < today
    )
    assert o.flow.waiting.n == 1 and o.actions.waiting[0].idea_id == s.ideas["waiting"].pk
    assert o.flow.escalated.n == 1
    assert o.flow.escalations[0].reason == "Idén berör hela förvaltningen."
    ended = [i for i in ideas.values() if i.state in ("archived", "implemented")]
    with_lesson = [i for i in ended if Lesson.objects.filter(idea=i).exists()]
    assert (o.flow.lesson_share.part, o.flow.lesson_share.whole) == (len(with_lesson), len(ended))
    assert o.flow.lesson_share.whole == 1


def _direct_means(round_, unit_ids: set[int]) -> tuple[int, dict[str, float]]:
    """Dimension means straight from the answers: a respondent's score is the mean of the items
    answered (reversed items turned), when at least half are answered."""
    responses = list(
        Response.objects.filter(
            round=round_, unit_id__in=unit_ids, submitted_on__isnull=False
        ).values_list("pk", flat=True)
    )
    answers = pd.DataFrame(
        list(
            Answer.objects.filter(response_id__in=responses, value__isnull=False).values_list(
                "response_id", "item__code", "value"
            )
        ),
        columns=["response", "code", "value"],
    ).pivot(index="response", columns="code", values="value")
    means = {}
    for dim in Dimension.objects.filter(version=round_.version):
        items = [i for i in Item.objects.filter(dimension=dim) if i.is_scale]
        data = answers.reindex(columns=[i.code for i in items]).astype(float)
        for item in items:
            if item.is_reversed:
                data[item.code] = 1 + item.scale_points - data[item.code]
        counted = data.notna().sum(axis=1) >= len(items) / 2
        means[dim.code] = float(data[counted].mean(axis=1).mean())
    return len(responses), means


def test_units_show_conditions_of_the_answers_and_hide_the_small_unit(world):
    s = scenario(world)
    o = selectors.overview(world.innovation_lead)  # the whole organisation
    rows = {r.unit.pk: r for r in o.units.rows}
    school = rows[s.small_unit.pk]
    assert school.latest is not None and school.latest.n is None  # 3 answers: never a figure
    assert school.latest.means == {}
    for unit_id, row in rows.items():
        shown = analysis.round_results(s.round, unit_ids=_subtree(Unit.objects.get(pk=unit_id)))
        if row.latest.n is None:
            assert shown.n is None, row.unit  # hidden exactly where the results page hides it
            continue
        n, means = _direct_means(s.round, _subtree(row.unit))
        assert row.latest.n == n
        if n:
            assert shown.n == n
            for code, mean in row.latest.means.items():
                assert mean == pytest.approx(means[code])
    assert any(r.latest.n for r in rows.values())  # something is shown
    n, means = _direct_means(s.round, {u.pk for u in Unit.objects.filter(organisation=world.org)})
    whole = o.units.scope_latest
    assert whole is not None and whole.n == n == 12 + 9 + 3 + 6
    for code, mean in whole.means.items():
        assert mean == pytest.approx(means[code])
    weakest = min(means, key=lambda code: means[code])
    assert o.actions.weak is not None and o.actions.weak.code == weakest
    unit = rows[world.units["unit"].pk]
    ideas = _ideas_in(world, world.units["unit"])
    assert unit.ideas.n == len(ideas)
    assert unit.reached_g2.part == sum(
        1 for i in ideas if i.decisions.filter(decision_type=D.GRANT_MONEY).exists()
    )
    people = {m.user_id for m in world.units["unit"].memberships.all()}
    assert unit.employees == len(people)


def test_users_part_counts_voice_children_and_values(world):
    scenario(world)
    o = selectors.overview(world.head)
    assert (o.users.past_g2.part, o.users.past_g2.whole) == (1, 2)  # one user-voice insight
    assert o.users.children_heard == 3
    assert (o.users.children_fed_back.part, o.users.children_in_time.part) == (2, 1)
    kinds = {k.key: k for k in o.users.by_kind}
    assert kinds["co_design"].participants == 6
    assert kinds["consultation"].activities == 2
    assert kinds["consultation"].participants is None  # 3 people: under the threshold
    assert o.users.value is not None and o.users.value.n == 2  # the pilots' value assessments


def test_an_idea_spanning_organisations_counts_in_the_partner_overview_too(world):
    s = scenario(world)
    partner = selectors.overview(world.foreign)  # an admin of the partner municipality
    assert partner.scope.organisation == world.other_org
    assert partner.portfolio.total.n == 1
    assert partner.portfolio.cross_organisation.n == 1
    assert [(r.label, r.n) for r in partner.portfolio.by_organisation] == [("Ekbacka kommun", 1)]
    other_unit = next(r for r in partner.units.rows if r.unit == world.units["other_unit"])
    assert other_unit.ideas.n == 1
    assert s.ideas["cross"].title not in str(partner.flow.escalations)
    # and nothing else of Ekbacka: no decisions, no units of ours
    assert all(r.unit.organisation_id == world.other_org.pk for r in partner.units.rows)


def test_period_filters_the_ideas_by_creation_day(world):
    scenario(world)
    today = timezone.localdate()
    Idea.objects.filter(title="Bildstöd i väntrummet").update(
        created_at=timezone.now() - timezone.timedelta(days=400)
    )
    o = selectors.overview(world.head, since=today - timezone.timedelta(days=100))
    assert o.portfolio.total.n == len(_ideas_in(world, world.units["administration"])) - 1
