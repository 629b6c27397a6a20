"""The idea form in a real browser: a draft is saved while typing and survives a reload, a failed
save or an expired session; the process-model pages an admin uses pass axe-core."""

from __future__ import annotations

import re

import pytest
from django.contrib.sessions.models import Session
from django.db import transaction
from django.urls import reverse

from tests.browser.axe import violations
from tests.browser.test_accessibility import _check, _session_cookie
from tests.browser.test_idea_journey import _write
from vardag.accounts.testing import make_world
from vardag.ideas import drafts, services
from vardag.ideas.models import Idea
from vardag.ideas.tests.factories import governance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUMMARY = "Familjer som väntar på besked får ett sms när något händer i ärendet."
STATUS = "#draft-status"


def _page(browser, live_server, user, *, bypass_csp=False):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=bypass_csp)
    context.add_cookies([_session_cookie(user, live_server)])
    page = context.new_page()
    return context, page


def test_draft_is_saved_while_typing_and_is_there_after_a_reload(browser, live_server):
    from playwright.sync_api import expect

    world = make_world()
    context, page = _page(browser, live_server, world.employee)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(live_server.url + reverse("ideas:create"))
    page.locator("#id_title").press_sequentially("Sms till familjer")
    page.locator("#id_summary").press_sequentially(SUMMARY)
    expect(page.locator(STATUS)).to_contain_text("Utkastet sparades", timeout=15_000)
    idea = Idea.objects.get(initiator=world.employee)
    assert idea.summary == SUMMARY and idea.state == "draft"
    # The address is now the draft's own, so a reload opens it.
    assert page.url.endswith(reverse("ideas:edit", args=[idea.pk]))
    page.reload()
    expect(page.locator("#id_summary")).to_have_value(SUMMARY)
    expect(page.locator("#id_title")).to_have_value("Sms till familjer")
    expect(page.locator("#draft-restored")).to_be_hidden()  # nothing was lost, nothing to restore
    # Typing more updates the same draft.
    page.locator("#id_user_situation").press_sequentially("Föräldrar väntar i veckor.")
    expect(page.locator(STATUS)).to_contain_text("Utkastet sparades", timeout=15_000)
    assert Idea.objects.filter(initiator=world.employee).count() == 1
    idea.refresh_from_db()
    assert idea.user_situation == "Föräldrar väntar i veckor." and idea.version >= 2
    assert not [m for m in console if "Content Security Policy" in m], console
    context.close()


def test_text_of_a_failed_save_is_restored_after_a_reload(browser, live_server):
    from playwright.sync_api import expect

    world = make_world()
    context, page = _page(browser, live_server, world.employee, bypass_csp=True)
    page.goto(live_server.url + reverse("ideas:create"))
    page.route("**/autospara/", lambda route: route.abort())  # the network fails
    page.locator("#id_summary").press_sequentially(SUMMARY)
    expect(page.locator(STATUS)).to_contain_text("kunde inte sparas just nu", timeout=15_000)
    assert not Idea.objects.exists()
    page.unroute("**/autospara/")
    page.reload()
    expect(page.locator("#draft-restored")).to_be_visible()
    expect(page.locator("#id_summary")).to_have_value(SUMMARY)
    expect(page.locator(STATUS)).to_contain_text("Utkastet sparades", timeout=15_000)
    assert Idea.objects.get().summary == SUMMARY
    assert violations(page) == []  # the form with the notice and the status shown
    context.close()


def test_text_written_after_the_session_expired_comes_back_after_signing_in(browser, live_server):
    from playwright.sync_api import expect

    world = make_world()
    with transaction.atomic():
        idea = drafts.idea_draft_save(
            actor=world.employee, idea=None, draft_key="b-1", title="Läxhjälp"
        )
    context, page = _page(browser, live_server, world.employee)
    page.goto(live_server.url + reverse("ideas:edit", args=[idea.pk]))
    Session.objects.all().delete()  # the session has expired (the browser keeps its cookies)
    page.locator("#id_summary").press_sequentially(SUMMARY)
    expect(page.locator(STATUS)).to_contain_text("utloggad", timeout=15_000)
    link = page.locator(f"{STATUS} a")
    assert reverse("accounts:login") in link.get_attribute("href")
    context.add_cookies([_session_cookie(world.employee, live_server)])  # signed in again
    page.goto(live_server.url + reverse("ideas:edit", args=[idea.pk]))
    expect(page.locator("#draft-restored")).to_be_visible()
    expect(page.locator("#id_summary")).to_have_value(SUMMARY)
    expect(page.locator(STATUS)).to_contain_text("Utkastet sparades", timeout=15_000)
    idea.refresh_from_db()
    assert idea.summary == SUMMARY and idea.title == "Läxhjälp"
    context.close()


def test_process_model_pages_of_an_admin_pass_axe(browser, live_server):
    world = make_world()
    model = services.process_model_install_for(world.org.pk, "helsingborg", make_default=True)
    stage = model.stages.order_by("order").first()
    failures = []
    for language in ("sv", "en"):
        for width in (1280, 320):
            context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
            context.add_cookies(
                [
                    {"name": "django_language", "value": language, "url": live_server.url},
                    _session_cookie(world.admin, live_server),
                ]
            )
            page = context.new_page()
            for url in (
                reverse("ideas:process_models"),
                reverse("ideas:stage_delete", args=[stage.pk]),
                reverse("ideas:create"),
                reverse("ideas:drafts"),
            ):
                for problem in _check(page, live_server.url + url):
                    failures.append(f"[{language} {width}px] {url}: {problem}")
            context.close()
    assert not failures, "\n".join(failures)


def test_two_windows_the_second_is_told_and_chooses_to_keep_its_text(browser, live_server):
    from playwright.sync_api import expect

    world = make_world()
    with transaction.atomic():
        idea = drafts.idea_draft_save(
            actor=world.employee, idea=None, draft_key="b-2", title="Läxhjälp"
        )
    url = live_server.url + reverse("ideas:edit", args=[idea.pk])
    context, first = _page(browser, live_server, world.employee)
    second = context.new_page()
    first.goto(url)
    second.goto(url)
    first.locator("#id_summary").press_sequentially("Text från första fönstret.")
    expect(first.locator(STATUS)).to_contain_text("Utkastet sparades", timeout=15_000)
    second.locator("#id_summary").press_sequentially("Text från andra fönstret.")
    expect(second.locator(STATUS)).to_contain_text("Någon annan har sparat idén", timeout=15_000)
    idea.refresh_from_db()
    assert idea.summary == "Text från första fönstret."  # nothing overwritten silently
    expect(second.locator("#id_summary")).to_have_value("Text från andra fönstret.")
    second.get_by_role("button", name="Spara min text ändå").click()
    expect(second.locator(STATUS)).to_contain_text("Utkastet sparades", timeout=15_000)
    idea.refresh_from_db()
    assert idea.summary == "Text från andra fönstret."
    context.close()


def test_back_after_submitting_does_not_offer_the_submitted_text_again(browser, live_server):
    """Typed slowly (the draft is saved while typing), submitted, then the browser's Back."""
    from playwright.sync_api import expect

    world = make_world()
    context, page = _page(browser, live_server, world.employee)
    page.goto(live_server.url + reverse("ideas:create"))
    page.locator("#id_title").press_sequentially("Testidé två")
    page.locator("#id_summary").press_sequentially(SUMMARY)
    page.locator("#id_user_situation").fill("Föräldrar som väntar på besked.")
    page.locator("#id_better_for_whom").fill("Föräldrarna vet vad som händer.")
    expect(page.locator(STATUS)).to_contain_text("Utkastet sparades", timeout=15_000)
    page.get_by_role("button", name="Lämna in idén").click()
    expect(page.get_by_text("Idén är inlämnad.")).to_be_visible()
    page.go_back()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(2500)  # an automatic save would have run by now
    expect(page.locator("#draft-restored")).to_be_hidden()
    expect(page.get_by_text("inte hann sparas")).to_have_count(0)
    assert Idea.objects.filter(initiator=world.employee).count() == 1
    context.close()


def _hold_autosave(page) -> list:
    """Requests to the automatic save wait here until the test lets them through."""
    held: list = []
    page.route("**/autospara/", lambda route: held.append(route))
    return held


def _release(page, held) -> None:
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the form did not ask the server about its copy"
    with page.expect_response("**/autospara/"):
        for route in held:
            route.continue_()
    page.unroute("**/autospara/")


def test_typing_at_once_after_submitting_keeps_every_letter(browser, live_server):
    """The browser's copy of the idea just submitted is checked with the server while the writer
    already types the next one: the form is not touched, whenever the answer comes."""
    from playwright.sync_api import expect

    world = make_world()
    governance(world)
    context, page = _page(browser, live_server, world.employee)
    page.goto(live_server.url + reverse("ideas:create"))
    _write(page, "Sms när något händer")
    page.get_by_role("button", name="Lämna in idén").click()
    expect(page.get_by_text("Idén är inlämnad.")).to_be_visible()

    held = _hold_autosave(page)
    page.goto(live_server.url + reverse("ideas:create"))
    expect(page.locator("#id_title")).to_have_value("")  # the last idea is not put back
    page.locator("#id_title").press_sequentially("Skolskjuts")
    _release(page, held)
    page.wait_for_timeout(300)
    expect(page.locator("#id_title")).to_have_value("Skolskjuts")
    expect(page.locator("#draft-restored")).to_be_hidden()
    expect(page.locator(STATUS)).to_contain_text("Utkastet sparades", timeout=15_000)
    expect(page.locator("#id_title")).to_have_value("Skolskjuts")
    assert Idea.objects.filter(initiator=world.employee).count() == 2
    assert Idea.objects.filter(title="Sms när något händer").count() == 1
    context.close()


def test_a_sent_idea_that_never_arrived_is_kept_as_a_draft(browser, live_server):
    """The submission is lost on the way. On the next "new idea" page its text comes back as a
    saved draft when nothing has been typed yet, and is linked to when the writer has begun."""
    from playwright.sync_api import expect

    world = make_world()
    context, page = _page(browser, live_server, world.employee)
    create = live_server.url + reverse("ideas:create")

    def lose_posts(route):
        if route.request.method == "POST":
            route.abort()
        else:
            route.continue_()

    for typed in ("", "Läxhjälp"):
        page.goto(create)
        title = f"Borttappad {len(typed)}"
        _write(page, title)
        page.route(create, lose_posts)
        page.get_by_role("button", name="Lämna in idén").click()
        page.wait_for_timeout(300)
        page.unroute(create, lose_posts)
        assert not Idea.objects.filter(title=title).exists()

        held = _hold_autosave(page)
        page.goto(create)
        if typed:
            page.locator("#id_title").press_sequentially(typed)
        _release(page, held)
        notice = page.locator("#draft-restored")
        expect(notice).to_be_visible()
        kept = Idea.objects.get(title=title)
        assert kept.state == "draft"
        if typed:
            expect(notice).to_contain_text("kom inte fram")
            expect(page.locator("#id_title")).to_have_value(typed)
            expect(notice.get_by_role("link", name="Öppna utkastet")).to_have_attribute(
                "href", reverse("ideas:edit", args=[kept.pk])
            )
        else:
            expect(page.locator("#id_title")).to_have_value(title)
            expect(page).to_have_url(live_server.url + reverse("ideas:edit", args=[kept.pk]))
        expect(page.locator("#draft-discard")).to_be_hidden()
        expect(page.locator(STATUS)).to_contain_text("Utkastet sparades", timeout=15_000)
    context.close()


def test_submitting_again_after_back_creates_no_second_idea(browser, live_server):
    """Submitted at once, the browser's Back (the page comes again from the server, the browser
    puts the text back), "Lämna in idén" again: the one idea, told it is in already, and nobody
    notified twice. (Saved while typing first, Back opens the submitted idea's edit page: see
    test_drafts.py for the same submission sent twice there.)"""
    from playwright.sync_api import expect

    from vardag.notifications.models import Notification

    world = make_world()
    governance(world)
    context, page = _page(browser, live_server, world.employee)
    page.goto(live_server.url + reverse("ideas:create"))
    _write(page, "Sms när något händer")
    page.get_by_role("button", name="Lämna in idén").click()
    expect(page.get_by_text("Idén är inlämnad.")).to_be_visible()
    idea = Idea.objects.get(initiator=world.employee)
    notified = Notification.objects.filter(kind__startswith="idea.").count()
    assert notified > 0
    page.go_back()
    expect(page.get_by_role("button", name="Lämna in idén")).to_be_visible()
    page.wait_for_timeout(1000)  # the form's check of its copy with the server has answered
    page.get_by_role("button", name="Lämna in idén").click()
    expect(page.get_by_text("Idén är redan inlämnad.")).to_be_visible()
    assert page.url.endswith(reverse("ideas:detail", args=[idea.pk]))
    assert Idea.objects.filter(initiator=world.employee).count() == 1
    assert Notification.objects.filter(kind__startswith="idea.").count() == notified
    context.close()


def test_move_down_back_and_move_down_again_moves_the_stage_once(browser, live_server):
    """The tryout: "Flytta ner", the browser's Back, "Flytta ner" again moved the stage from 1
    to 2 to 3. Back asks the server again (no-store) and shows the new order; the button of the
    stage just moved sends the position it was moved to, so the repeat is a no-op."""
    from playwright.sync_api import expect

    world = make_world()
    model = services.process_model_install_for(world.org.pk, "helsingborg", make_default=True)
    names = list(model.stages.order_by("order").values_list("name", flat=True))
    context, page = _page(browser, live_server, world.admin)
    page.goto(live_server.url + reverse("ideas:process_models"))
    down = re.compile(rf"Flytta ner\s*:\s*{names[0]}")
    page.get_by_role("button", name=down).click()
    expect(page.get_by_text(f"”{names[0]}” är nu fas 2.")).to_be_visible()
    page.go_back()
    expect(page.locator("li strong").first).to_have_text(names[1])  # the order after the move
    page.get_by_role("button", name=down).click()
    expect(page.get_by_role("status")).to_contain_text(f"”{names[0]}” är redan fas 2.")
    assert list(model.stages.order_by("order").values_list("name", flat=True)) == [
        names[1],
        names[0],
        *names[2:],
    ]
    # An ordinary page again: moving it down once more is a move.
    page.get_by_role("button", name=down).click()
    expect(page.get_by_role("status")).to_contain_text(f"”{names[0]}” är nu fas 3.")
    context.close()
