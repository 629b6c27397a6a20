"""An idea on a planned meeting's agenda is handled next at that meeting (new-user tryout).

A manager scanning the idea list, or reading the idea page, saw "Nästa behandling: –" and
"Aktuellt forum: Inte tilldelat ännu" for an idea that stood on a forum's agenda, and took it
that nobody handled it. The page and the list now name the earliest planned meeting whose
agenda (as the person sees it) holds the idea; the idea's own date is said too when it comes
first. Which forum the idea is assigned to is a decision and does not change.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vardag.core.testing import assert_constant_queries
from vardag.ideas import agenda
from vardag.ideas.models import Idea
from vardag.meetings import services
from vardag.meetings.models import AgendaItem, Meeting
from vardag.meetings.tests.factories import make_idea
from vardag.meetings.tests.test_propose_from_idea import _registered_idea, scene  # noqa: F401

pytestmark = pytest.mark.django_db

NEXT = re.compile(r"<dt>Nästa behandling</dt><dd>(.*?)</dd>", re.S)
FORUM = re.compile(r"<dt>Aktuellt forum</dt><dd>(.*?)</dd>", re.S)


def _get(user, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _detail(user, idea) -> tuple[str, str]:
    page = _get(user, reverse("ideas:detail", args=[idea.pk]))
    return NEXT.search(page).group(1).strip(), FORUM.search(page).group(1).strip()


def _list_cell(user, idea) -> str:
    page = _get(user, reverse("ideas:list"))
    href = reverse("ideas:detail", args=[idea.pk])
    row = re.search(rf'<tr>\s*<td><a href="{href}">.*?</tr>', page, re.S).group(0)
    return re.findall(r"<td>(.*?)</td>", row, re.S)[4].strip()


def _on_agenda(meeting: Meeting) -> str:
    when = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")
    url = reverse("meetings:meeting", args=[meeting.pk])
    return f'<a href="{url}">{meeting.forum.name}, {when}</a>'


def _propose(user, meeting, idea, **extra) -> AgendaItem:
    with transaction.atomic():
        return services.item_propose(
            actor=user, meeting=meeting, title=idea.title, idea=idea, **extra
        )


def test_an_idea_on_the_next_meetings_agenda_is_handled_there(scene):  # noqa: F811
    world, mw, idea = scene
    own_date = idea.next_handling_on  # 20 days on; the next meeting is in 7
    assert _detail(world.manager, idea)[0] == own_date.isoformat()
    _propose(world.employee, mw.next, idea)
    expected = f"På dagordningen för {_on_agenda(mw.next)}"
    assert _detail(world.manager, idea)[0] == expected
    assert _list_cell(world.manager, idea) == expected
    idea.refresh_from_db()
    assert idea.forum_id == mw.gov.apt.pk and idea.next_handling_on == own_date  # unchanged


def test_the_idea_s_own_earlier_date_is_said_with_the_meeting(scene):  # noqa: F811
    world, mw, idea = scene
    later = mw.meetings[2]  # 21 days on, after the idea's own date (20 days on)
    _propose(world.manager, later, idea)
    own = idea.next_handling_on.isoformat()
    expected = f"Planerad till {own}; på dagordningen för {_on_agenda(later)}"
    assert _detail(world.employee, idea)[0] == expected
    assert _list_cell(world.employee, idea) == expected


def test_the_earliest_planned_meeting_counts_and_cancelled_or_past_ones_do_not(scene):  # noqa: F811
    world, mw, idea = scene
    first, second = mw.meetings[0], mw.meetings[1]
    _propose(world.manager, second, idea)
    _propose(world.manager, first, idea)
    assert _on_agenda(first) in _detail(world.manager, idea)[0]
    Meeting.objects.filter(pk=first.pk).update(status="cancelled")
    assert _on_agenda(second) in _detail(world.manager, idea)[0]
    Meeting.objects.filter(pk=second.pk).update(starts_at=timezone.now() - timedelta(days=2))
    assert _detail(world.manager, idea)[0] == idea.next_handling_on.isoformat()


def test_an_idea_without_a_forum_on_an_agenda_says_both(scene):  # noqa: F811
    """The tryout's case: a submitted idea (no forum yet) put on a forum's agenda. It is still
    not assigned (a decision); the page says where it stands."""
    world, mw, _registered = scene
    idea = make_idea(world, title="Ny idé utan forum")
    assert idea.forum is None and idea.next_handling_on is None
    _propose(world.manager, mw.next, idea)
    handling, forum = _detail(world.employee, idea)
    assert handling == f"På dagordningen för {_on_agenda(mw.next)}"
    assert forum == f"Inte tilldelat ännu (på dagordningen för {mw.gov.apt.name})"
    assert _list_cell(world.employee, idea) == handling
    assert Idea.objects.get(pk=idea.pk).forum_id is None


def test_an_item_the_person_may_not_see_is_not_shown(scene):  # noqa: F811
    """Another organisation's item that is not shared is not shown to the other organisation
    (the rule of the agenda page); the person who sees the meeting's own items does see it."""
    world, mw, idea = scene
    item = _propose(world.manager, mw.next, idea, is_shared=False)
    AgendaItem.objects.filter(pk=item.pk).update(organisation=world.other_org)
    assert _detail(world.manager, idea)[0] == idea.next_handling_on.isoformat()
    AgendaItem.objects.filter(pk=item.pk).update(is_shared=True)
    assert _on_agenda(mw.next) in _detail(world.manager, idea)[0]


def test_the_annotation_agrees_with_a_direct_query(scene):  # noqa: F811
    world, mw, idea = scene
    others = [make_idea(world, title=f"Idé {n}") for n in range(4)]
    for n, other in enumerate(others):
        for meeting in mw.meetings[n % 3 :]:
            _propose(world.manager, meeting, other)
    today = timezone.localdate()
    for row in agenda.with_agenda_meeting(world.employee, Idea.objects.all()):
        expected = (
            AgendaItem.objects.filter(
                idea=row, meeting__status="planned", meeting__starts_at__date__gte=today
            )
            .order_by("meeting__starts_at")
            .values_list("meeting_id", flat=True)
            .first()
        )
        assert row.agenda_meeting_id == expected


def test_the_list_queries_do_not_grow_with_ideas_on_agendas(scene, client_for):  # noqa: F811
    world, mw, _idea = scene
    client = client_for("manager")

    def grow(n: int) -> None:
        while Idea.objects.count() < n:
            other = make_idea(world, title=f"Idé {Idea.objects.count()}")
            _propose(world.manager, mw.meetings[Idea.objects.count() % 3], other)

    assert_constant_queries(lambda: client.get(reverse("ideas:list")), grow, small=5, large=20)


def test_the_next_handling_reads_in_english(scene):  # noqa: F811
    world, mw, idea = scene
    _propose(world.manager, mw.meetings[2], idea)
    world.manager.language = "en"
    world.manager.save(update_fields=["language"])
    page = _get(world.manager, reverse("ideas:detail", args=[idea.pk]))
    own = idea.next_handling_on.isoformat()
    assert f"Planned for {own}; on the agenda of {_on_agenda(mw.meetings[2])}" in page


def test_the_api_list_gives_the_next_agenda_meeting(scene, client_for):  # noqa: F811
    world, mw, idea = scene
    _propose(world.manager, mw.meetings[1], idea)
    client = client_for("employee")
    rows = client.get("/api/v1/ideas/ideas?limit=25").json()["items"]
    row = next(r for r in rows if r["id"] == idea.pk)
    assert row["agenda_meeting_id"] == mw.meetings[1].pk
    assert row["agenda_forum"] == mw.gov.apt.name
    assert row["next_handling_on"] == idea.next_handling_on.isoformat()  # its own date, as before
    starts = timezone.datetime.fromisoformat(row["agenda_meeting_starts_at"])
    assert starts == mw.meetings[1].starts_at
    others = [r for r in rows if r["id"] != idea.pk]
    assert all(r["agenda_meeting_id"] is None for r in others)


def test_the_api_list_queries_do_not_grow_with_ideas_on_agendas(scene, client_for):  # noqa: F811
    world, mw, _idea = scene
    client = client_for("manager")

    def grow(n: int) -> None:
        while Idea.objects.count() < n:
            other = make_idea(world, title=f"Idé {Idea.objects.count()}")
            _propose(world.manager, mw.meetings[Idea.objects.count() % 3], other)

    assert_constant_queries(
        lambda: client.get("/api/v1/ideas/ideas?limit=25"), grow, small=5, large=20
    )


def test_the_start_page_s_own_ideas_say_it_too(scene):  # noqa: F811
    world, mw, idea = scene
    _propose(world.manager, mw.next, idea)
    page = _get(world.employee, "/")  # the employee is the idea's initiator
    assert f"På dagordningen för {_on_agenda(mw.next)}" in page
