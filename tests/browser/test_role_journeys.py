"""Journeys in a real browser for issue 12 (items 1, 8, 9, 22), following only what pages show:
the admin imports one department's HR file, a child answers on a phone and presses Back, and the
unit manager takes an idea from triage through an APT to minutes approved by another member."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tests.browser.test_accessibility import _check, _session_cookie
from vardag.accounts.models import Membership, User
from vardag.accounts.testing import make_person, make_world
from vardag.core.models import Unit
from vardag.core.roles import Role
from vardag.forums.models import ForumMembership
from vardag.ideas import services as idea_services
from vardag.ideas.models import Feedback, Idea, IdeaState
from vardag.ideas.tests.factories import governance
from vardag.meetings import services as meeting_services
from vardag.meetings.models import Meeting, MeetingStatus
from vardag.meetings.tests.factories import at
from vardag.orgadmin import importing
from vardag.orgadmin import services as org_services
from vardag.orgadmin.models import HrImport
from vardag.participation import services as participation_services
from vardag.participation.childtext import CHILD_TEXTS
from vardag.participation.models import Contribution
from vardag.participation.tests.factories import make_activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = (
    "Anställningsnummer;Förnamn;Efternamn;E-post;Befattning;Enhetskod;Enhetsnamn;"
    "Överordnad enhetskod;Enhetstyp;Roll;Startdatum"
)


def _row(eid: str, name: str, code: str, unit: str, parent: str, kind: str = "Enhet") -> str:
    person = f"{eid};{name};Testsson;{eid.lower()}@example.org;Handläggare"
    return f"{person};{code};{unit};{parent};{kind};Medarbetare;2024-01-01"


WHOLE = [
    _row("E1", "Alma", "A1", "Mottagningen", "A"),
    _row("E2", "Bertil", "B1", "Hemtjänst Norr", "B"),
    _row("E3", "Cilla", "A1", "Mottagningen", "A"),
    _row("E5", "Edit", "A", "Avdelning barn", "", "Avdelning"),
    _row("E6", "Filip", "B", "Avdelning äldre", "", "Avdelning"),
]


def _csv(rows: list[str]) -> bytes:
    return "\r\n".join([HEADER, *rows]).encode("utf-8")


def _context(browser, live_server, user=None, *, width: int = 1280, axe: bool = False):
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=axe)
    if user is not None:
        context.add_cookies([_session_cookie(user, live_server)])
    return context


def test_admin_imports_one_departments_file_and_closes_nothing_else(browser, live_server):
    from playwright.sync_api import expect

    world = make_world()
    # The whole organisation came in by an earlier import (nothing to close: no question).
    with transaction.atomic():
        first = org_services.import_upload(
            actor=world.admin, file_name="hela.csv", content=_csv(WHOLE)
        )
        org_services.import_check(
            actor=world.admin, hr_import=first, mapping=importing.propose_mapping(first.headers)
        )
    org_services.import_start(actor=world.admin, hr_import=first)
    assert HrImport.objects.get(pk=first.pk).status == HrImport.Status.APPLIED

    context = _context(browser, live_server, world.admin, axe=True)
    page = context.new_page()
    page.goto(live_server.url + reverse("orgadmin:import_list"))
    page.locator("input[type=file]").set_input_files(
        files=[
            {
                "name": "avdelning-a.csv",
                "mimeType": "text/csv",
                "buffer": _csv(WHOLE[:1] + WHOLE[3:4]),
            }
        ]
    )
    page.get_by_role("button", name="Ladda upp").click()
    page.get_by_role("button", name="Provkör").click()
    # What each reading would close is shown before anything happens.
    expect(
        page.get_by_role("heading", name="Avslutas om filen gäller hela organisationen")
    ).to_be_visible()
    org_list = page.locator("section[aria-labelledby=h-close-org]")
    expect(org_list).to_contain_text("B Avdelning äldre")
    expect(org_list).to_contain_text("B1 Hemtjänst Norr")
    expect(page.locator("section[aria-labelledby=h-close-file]")).not_to_contain_text(
        "Avdelning äldre"
    )
    assert not _check(page, page.url)  # axe: 0 violations on the choice
    # Without a choice the page asks for one and nothing is applied.
    page.get_by_role("button", name="Genomför importen").click()
    expect(page.locator(".error-summary")).to_contain_text("Välj vad filen gäller")
    assert HrImport.objects.latest("pk").status == HrImport.Status.CHECKED
    page.get_by_label("Bara enheterna i filen", exact=False).check()
    page.get_by_role("button", name="Genomför importen").click()
    expect(page.get_by_text("Importen är genomförd.").first).to_be_visible()
    closed = Unit.objects.filter(organisation=world.org, closed_at__isnull=False)
    assert not closed.exists()
    assert User.objects.get(external_id="E2").is_active
    cilla = Membership.objects.get(user__external_id="E3")
    assert cilla.ends_on is not None  # she left department A: her assignment there ended
    context.close()


def test_a_child_answers_on_a_phone_and_presses_back(browser, live_server):
    from playwright.sync_api import expect

    world = make_world()
    with transaction.atomic():
        activity = participation_services.activity_invitation_open(
            actor=world.innovation_lead,
            activity=make_activity(
                world,
                child_mode=True,
                involves_children=True,
                question="Vad gör dig glad i skolan?",
            ),
        )
    context = _context(browser, live_server, width=320)
    page = context.new_page()
    page.goto(live_server.url + reverse("participation:take_part", args=[activity.token]))
    expect(page.get_by_text("Vad gör dig glad i skolan?")).to_be_visible()
    # Sending too soon: the child is told what to do, in easy words.
    page.get_by_role("button", name=str(CHILD_TEXTS["send"])).click()
    expect(page.locator(".error-summary")).to_contain_text(str(CHILD_TEXTS["fix"]))
    expect(page.locator(".error-summary")).to_contain_text(str(CHILD_TEXTS["age_missing"]))
    expect(page.get_by_text("Det finns fel i formuläret")).to_have_count(0)
    page.get_by_text("13–15 år").click()
    page.locator("label.pp-scale__option").nth(4).click()
    page.locator("#id_text").fill("Rasterna med kompisar.")
    page.get_by_role("button", name=str(CHILD_TEXTS["send"])).click()
    expect(page.locator("h1")).to_have_text(str(CHILD_TEXTS["thanks"]))
    code = page.locator(".pp-code").inner_text().split()[-1]
    assert len(code) >= 8
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    # Back: the question again, not the browser's "resend the form?" page, and no second answer.
    page.go_back()
    expect(page.get_by_text("Vad gör dig glad i skolan?")).to_be_visible()
    expect(page.locator("#id_text")).to_have_value("")
    assert Contribution.objects.count() == 1
    expect(page.get_by_text(code)).to_have_count(0)
    context.close()


def _choose_decision(page, decision_type: str) -> None:
    page.locator("select[name=typ]").select_option(decision_type)
    page.get_by_role("button", name="Visa fälten för beslutet").click()


def test_unit_manager_takes_an_idea_from_triage_to_minutes_approved_by_another_member(
    browser, live_server
):
    from playwright.sync_api import expect

    world = make_world()
    gov = governance(world)
    colleague = make_person("kollega", world.units["unit"], Role.EMPLOYEE)
    ForumMembership.objects.create(forum=gov.apt, user=colleague)
    stand_in = make_person("ersattare", world.units["unit"], Role.EMPLOYEE)
    ForumMembership.objects.create(forum=gov.apt, user=stand_in)
    title = "Sms-påminnelse före besök"
    with transaction.atomic():
        idea = idea_services.idea_create(
            actor=world.employee,
            title=title,
            unit=world.units["unit"],
            summary="Ett sms dagen före besöket.",
            user_situation="Familjer som glömmer tiden.",
            better_for_whom="Familjerna och mottagningen.",
        )
        idea_services.idea_submit(actor=world.employee, idea=idea)
        # Today's APT, chaired and minuted by the unit manager.
        series = meeting_services.series_create(
            actor=world.manager,
            forum=gov.apt,
            name="APT Mottagningen",
            cadence="weekly",
            first_starts_at=at(0, 8),
            place="Rum Ekan",
            chair=world.manager,
            secretary=world.manager,
            count=2,
        )
    meeting = series.meetings.order_by("starts_at").first()
    manager = _context(browser, live_server, world.manager).new_page()

    # Triage: the manager registers the idea to the APT, to be handled today.
    manager.goto(live_server.url + reverse("ideas:detail", args=[idea.pk]))
    manager.get_by_role("link", name="Registrera beslut").click()
    _choose_decision(manager, "register")
    manager.locator("select[name=mandate]").select_option(str(gov.manager_mandate.pk))
    manager.locator("select[name=forum]").select_option(str(gov.apt.pk))
    manager.locator("input[name=next_handling_on]").fill(timezone.localdate().isoformat())
    manager.get_by_role("button", name="Registrera beslut och återkoppla").click()
    expect(manager.get_by_text("Beslutet är registrerat").first).to_be_visible()
    assert Idea.objects.get(pk=idea.pk).state == IdeaState.IN_PREPARATION

    # The APT: the idea comes onto the agenda, and is decided in meeting mode.
    manager.goto(live_server.url + reverse("meetings:meeting", args=[meeting.pk]))
    manager.get_by_role("button", name="Lägg förslagen på dagordningen").click()
    expect(manager.locator("main")).to_contain_text(title)
    manager.get_by_role("link", name="Genomför mötet").click()
    manager.get_by_role("link", name=f"Fatta beslut om {title}").click()
    _choose_decision(manager, "grant_time")
    manager.locator("select[name=mandate]").select_option(str(gov.manager_mandate.pk))
    manager.locator("input[name=hours]").fill("20")
    manager.locator(f"#team-{world.employee.pk}").check()
    manager.locator("textarea[name=rationale]").fill("Prova under våren.")
    manager.get_by_role("button", name="Registrera beslutet").click()
    expect(manager.get_by_text("Beslutet är registrerat i protokollet.")).to_be_visible()

    # Closing: the chair and secretary is not offered as adjuster; a colleague is chosen.
    manager.get_by_role("link", name="Avsluta mötet och skapa protokoll").click()
    offered = manager.locator("select[name=adjuster] option").all_inner_texts()
    assert str(world.manager) not in offered and str(colleague) in offered
    manager.locator("select[name=adjuster]").select_option(str(colleague.pk))
    manager.get_by_role("button", name="Avsluta och skicka till justering").click()
    expect(manager.get_by_text("Protokollet väntar på justering.")).to_be_visible()
    expect(manager.get_by_role("button", name="Justera protokollet")).to_have_count(0)

    # The colleague falls ill. The employee, whose own idea the minutes decide, is not offered
    # (jäv); the manager names another member instead, with a reason.
    offered = manager.locator("select[name=adjuster] option").all_inner_texts()
    assert str(world.employee) not in offered and str(stand_in) in offered
    manager.locator("select[name=adjuster]").select_option(str(stand_in.pk))
    manager.locator("textarea[name=reason]").fill("Kollegan är sjukskriven.")
    manager.get_by_role("button", name="Byt justerare").click()
    expect(manager.get_by_text("Justeraren är bytt och har fått protokollet.")).to_be_visible()

    # The stand-in approves; the feedback then reaches the employee as the idea's initiator.
    adjuster = _context(browser, live_server, stand_in).new_page()
    adjuster.goto(live_server.url + reverse("meetings:minutes", args=[meeting.pk]))
    adjuster.get_by_role("button", name="Justera protokollet").click()
    expect(adjuster.get_by_text("Protokollet är justerat och låst.").first).to_be_visible()
    employee = _context(browser, live_server, world.employee).new_page()
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.APPROVED
    employee.goto(live_server.url + reverse("ideas:detail", args=[idea.pk]))
    expect(employee.locator("main")).to_contain_text("Ur justerat protokoll")
    assert Feedback.objects.filter(idea=idea, body__contains="justerat protokoll").count() == 1
