"""The employee's journey in a real browser (issue 12): two ideas in a row in the same browser,
a draft saved twice in one window, and the feedback read later, as she would see it. And the
decision form (one decision's fields, the grouped team picker) passes axe-core."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tests.browser.test_accessibility import _check, _session_cookie
from vardag.accounts.testing import make_world
from vardag.forums.models import DecisionType as D
from vardag.ideas import services
from vardag.ideas.models import Idea, IdeaState
from vardag.ideas.services import DecisionInput
from vardag.ideas.tests.factories import governance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _write(page, title: str) -> None:
    page.locator("#id_title").fill(title)
    page.locator("#id_summary").fill(f"{title}: så blir vardagen enklare för familjerna.")
    page.locator("#id_user_situation").fill("Föräldrar som väntar på besked.")
    page.locator("#id_better_for_whom").fill("Föräldrarna vet vad som händer.")


def test_employee_submits_two_ideas_saves_a_draft_twice_and_reads_the_feedback(
    browser, live_server
):
    from playwright.sync_api import expect

    world = make_world()
    gov = governance(world)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([_session_cookie(world.employee, live_server)])
    page = context.new_page()
    new_idea = live_server.url + reverse("ideas:create")

    # Two ideas in a row, each written and submitted at once (before any automatic save).
    for title in ("Sms när något händer", "Läxhjälp på biblioteket"):
        page.goto(new_idea)
        expect(page.locator("#draft-restored")).to_be_hidden()  # nothing of the last idea
        expect(page.locator("#id_title")).to_have_value("")
        _write(page, title)
        page.get_by_role("button", name="Lämna in idén").click()
        expect(page.locator("h1")).to_have_text(title)
        expect(page.get_by_text("Idén är inlämnad.")).to_be_visible()
        expect(page.get_by_text("redan inlämnad")).to_have_count(0)
    titles = sorted(Idea.objects.filter(state=IdeaState.SUBMITTED).values_list("title", flat=True))
    assert titles == ["Läxhjälp på biblioteket", "Sms när något händer"]

    # A draft saved twice in the same window, typing in between (the autosave runs too).
    page.goto(new_idea)
    page.locator("#id_title").press_sequentially("Skolskjuts")
    with page.expect_navigation():  # the form is sent; its answer is the draft's own page
        page.get_by_role("button", name="Spara utkast").click()
    expect(page.get_by_text("Utkastet sparades").first).to_be_visible()
    page.locator("#id_summary").press_sequentially("Barn som byter skola.")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara utkast").click()
    expect(page.get_by_text("Utkastet sparades").first).to_be_visible()
    # (not the origin choices "Anpassad/Kopierad från någon annan": the conflict notice)
    expect(page.get_by_text("sparats av någon annan")).to_have_count(0)
    expect(page.get_by_text("Någon annan har sparat")).to_have_count(0)
    draft = Idea.objects.get(title="Skolskjuts")
    assert draft.state == IdeaState.DRAFT and draft.summary == "Barn som byter skola."

    # The manager registers the first idea; later the employee reads what she was told.
    first = Idea.objects.get(title="Sms när något händer")
    day = timezone.localdate() + timedelta(days=7)
    with transaction.atomic():
        services.decision_record(
            actor=world.manager,
            idea=first,
            decision=DecisionInput(
                decision_type=D.REGISTER,
                mandate=gov.manager_mandate,
                forum=gov.apt,
                next_handling_on=day,
            ),
        )
    page.goto(live_server.url + reverse("ideas:detail", args=[first.pk]))
    timeline = page.locator("#tidslinje").locator("..")
    expect(timeline).to_contain_text(
        f"Din idé ”Sms när något händer” är registrerad. APT Mottagningen behandlar den, "
        f"nästa gång {day}."
    )
    expect(page.locator("dl.facts").first).to_contain_text(str(day))
    # Her own idea: no decisions, merging or support offered to her.
    for label in ("Registrera beslut", "Slå samman dubblett", "Jag stödjer"):
        expect(page.get_by_text(label, exact=True)).to_have_count(0)
    context.close()


def test_decision_form_passes_axe(browser, live_server):
    world = make_world()
    gov = governance(world)
    with transaction.atomic():
        idea = services.idea_create(
            actor=world.employee,
            title="Sms när något händer",
            unit=world.units["unit"],
            summary="Sms.",
            user_situation="Väntan.",
            better_for_whom="Föräldrar.",
        )
    services.idea_submit(actor=world.employee, idea=idea)
    services.decision_record(
        actor=world.manager,
        idea=idea,
        decision=DecisionInput(
            decision_type=D.REGISTER,
            mandate=gov.manager_mandate,
            forum=gov.apt,
            next_handling_on=timezone.localdate() + timedelta(days=7),
        ),
    )
    failures = []
    for language in ("sv", "en"):
        for width in (1280, 320):
            context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
            context.add_cookies(
                [
                    {"name": "django_language", "value": language, "url": live_server.url},
                    _session_cookie(world.manager, live_server),
                ]
            )
            page = context.new_page()
            for url in (
                reverse("ideas:decide", args=[idea.pk]) + "?typ=grant_time",
                reverse("ideas:detail", args=[idea.pk]),
                reverse("ideas:create"),
            ):
                for problem in _check(page, live_server.url + url):
                    failures.append(f"[{language} {width}px] {url}: {problem}")
            context.close()
    assert not failures, "\n".join(failures)
