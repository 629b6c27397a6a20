"""Drafts that are never lost (issue 4 item 2): autosave, the no-JS draft button, conflicts,
Mina utkast and deleting one's own draft."""

import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from vardag.core.models import AuditEvent
from vardag.core.testing import assert_constant_queries
from vardag.ideas import drafts, services
from vardag.ideas.models import Idea, IdeaState
from vardag.ideas.tests.factories import make_idea

pytestmark = pytest.mark.django_db

NEW = reverse("ideas:autosave_new")


def _autosave_url(idea_id: int) -> str:
    return reverse("ideas:autosave", args=[idea_id])


def _text(world, **extra):
    return {"unit": world.units["unit"].pk, "kind": "service", **extra}


def test_first_autosave_makes_one_draft_however_often_it_is_sent(world, client_for):
    client = client_for("employee")
    data = _text(world, draft_key="k-1", title="", summary="Familjer väntar länge på besked.")
    first = client.post(NEW, data)
    assert first.status_code == 200, first.content
    body = first.json()
    # The same request again (a retry after a lost answer, or a double request): the same draft.
    again = client.post(NEW, data)
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]
    drafts_made = Idea.objects.filter(initiator=world.employee)
    assert drafts_made.count() == 1
    idea = drafts_made.get()
    assert idea.state == IdeaState.DRAFT and idea.draft_key == "k-1"
    # No title written: the draft is named by the start of its text, and the form shows no title.
    assert idea.title == "Familjer väntar länge på besked."
    assert body["message"].startswith("Utkastet sparades ")
    assert body["edit_url"] == reverse("ideas:edit", args=[idea.pk])
    form = client.get(body["edit_url"]).context["form"]
    assert form["title"].value() in ("", None)


def test_a_simultaneous_first_save_finds_the_draft_made_by_the_other(world):
    with transaction.atomic():
        made = drafts.idea_draft_save(
            actor=world.employee, idea=None, draft_key="same", title="Läxhjälp"
        )
    # The second request checked before the first was committed, then tries to create: the
    # unique key stops it and nothing of it is left.
    with transaction.atomic():
        assert drafts._create(world.employee, "same", "Läxhjälp", None, (), {}) is None
    assert Idea.objects.filter(initiator=world.employee).count() == 1
    assert Idea.objects.get().pk == made.pk


def test_autosave_updates_the_draft_and_counts_versions(world, client_for):
    client = client_for("employee")
    made = client.post(NEW, _text(world, draft_key="k-2", title="Läxhjälp")).json()
    url = _autosave_url(made["id"])
    saved = client.post(url, _text(world, title="Läxhjälp i skolan", version=made["version"]))
    assert saved.status_code == 200
    idea = Idea.objects.get(pk=made["id"])
    assert idea.title == "Läxhjälp i skolan"
    assert saved.json()["version"] == idea.version == made["version"] + 1


def test_stale_autosave_is_refused_with_a_message_and_nothing_is_overwritten(world, client_for):
    client = client_for("employee")
    made = client.post(NEW, _text(world, draft_key="k-3", title="Läxhjälp")).json()
    url = _autosave_url(made["id"])
    # Another window saved in between.
    assert client.post(url, _text(world, title="Från fönster ett", version=1)).status_code == 200
    stale = client.post(url, _text(world, title="Från fönster två", version=1))
    assert stale.status_code == 409
    body = stale.json()
    assert body["conflict"] is True and body["version"] == 2
    assert "Någon annan har sparat idén" in body["error"]
    assert "finns kvar i formuläret" in body["error"]
    assert Idea.objects.get(pk=made["id"]).title == "Från fönster ett"
    # Choosing to save one's own text over it (the version shown) works.
    over = client.post(url, _text(world, title="Från fönster två", version=body["version"]))
    assert over.status_code == 200
    assert Idea.objects.get(pk=made["id"]).title == "Från fönster två"


def test_nobody_else_can_autosave_into_a_draft(world, client_for):
    idea = make_idea(world, title="Mitt utkast", submit=False)
    data = _text(world, title="Inte ditt", version=idea.version)
    for persona in ("manager", "admin", "principal", "foreign"):
        assert client_for(persona).post(_autosave_url(idea.pk), data).status_code == 404
    assert Idea.objects.get(pk=idea.pk).title == "Mitt utkast"


def test_submitted_ideas_are_not_autosaved(world, client_for):
    idea = make_idea(world)
    data = _text(world, title="Ändrad", version=idea.version)
    response = client_for("employee").post(_autosave_url(idea.pk), data)
    assert response.status_code == 409
    assert "sparas inte automatiskt" in response.json()["error"]


def test_autosave_without_the_browser_key_or_with_bad_input_says_why(world, client_for):
    client = client_for("employee")
    keyless = client.post(NEW, _text(world, title="Utan nyckel"))
    assert keyless.status_code == 422
    assert "nyckel" in keyless.json()["error"]
    bad = client.post(NEW, _text(world, draft_key="k-4", asks_hours="många"))
    assert bad.status_code == 422
    assert "behövd tid" in bad.json()["error"].lower()
    assert not Idea.objects.exists()


def test_signed_out_autosave_goes_to_sign_in_and_saves_nothing(world):
    response = Client().post(NEW, _text(world, draft_key="k-5", title="Hej"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Idea.objects.exists()


def test_draft_button_saves_without_the_submission_requirements(world, client_for):
    client = client_for("employee")
    page = client.get(reverse("ideas:create"))
    key = page.context["form"].initial["draft_key"]
    assert 'name="action" value="draft"' in page.content.decode()
    data = {**_text(world, summary="Bara en sammanfattning än så länge."), "draft_key": key}
    response = client.post(reverse("ideas:create"), {**data, "action": "draft"})
    idea = Idea.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "ideas:edit", args=[idea.pk]
    )
    assert idea.state == IdeaState.DRAFT and idea.summary.startswith("Bara en")
    # The same form sent twice (a double click): still one draft.
    client.post(reverse("ideas:create"), {**data, "action": "draft"})
    assert Idea.objects.count() == 1


def test_submit_button_says_what_is_missing_and_creates_nothing(world, client_for):
    """Issue 12 item 6: "Lämna in idén" on an incomplete form refuses by the fields, keeps the
    text in the form and creates nothing (no "Utkast utan rubrik")."""
    client = client_for("employee")
    empty = client.post(reverse("ideas:create"), _text(world, draft_key="k-5", action="submit"))
    assert empty.status_code == 422
    assert not Idea.objects.exists()
    assert "Idén behöver en rubrik." in empty.content.decode()
    data = _text(world, title="Läxhjälp", summary="Elever får hjälp.", draft_key="k-6")
    response = client.post(reverse("ideas:create"), {**data, "action": "submit"})
    assert response.status_code == 422
    assert not Idea.objects.exists()
    form = response.context["form"]
    assert form.errors["user_situation"] == ["Beskriv användarens situation och mål."]
    assert form["summary"].value() == "Elever får hjälp."  # the text stays in the form
    complete = {
        **data,
        "user_situation": "Elever som inte får hjälp hemma.",
        "better_for_whom": "Eleverna klarar skolan.",
        "action": "submit",
    }
    done = client.post(reverse("ideas:create"), complete)
    assert done.status_code == 302
    assert Idea.objects.get().state == IdeaState.SUBMITTED


def test_fields_needed_to_submit_are_marked_required(world, client_for):
    page = client_for("employee").get(reverse("ideas:create")).content.decode()
    for name in ("title", "summary", "user_situation", "better_for_whom"):
        tag = re.search(rf'<(input|textarea)[^>]*name="{name}"[^>]*>', page).group(0)
        assert "required" in tag and 'aria-required="true"' in tag, tag
    assert page.count('<span class="required" aria-hidden="true">*</span>') == 4
    assert "Fält märkta med * behövs för att lämna in idén." in page


def test_stale_draft_form_keeps_the_text_and_a_second_save_is_deliberate(world, client_for):
    client = client_for("employee")
    idea = make_idea(world, title="Läxhjälp", submit=False)
    url = reverse("ideas:edit", args=[idea.pk])
    old = idea.version
    assert client.post(url, _text(world, title="Först", version=old, action="draft")).status_code
    second = client.post(url, _text(world, title="Min text", version=old, action="draft"))
    assert second.status_code == 409
    page = second.content.decode()
    assert "Min text" in page and "Senast sparade version" in page
    assert second.context["form"]["version"].value() == str(old + 1)
    assert Idea.objects.get(pk=idea.pk).title == "Först"


def test_my_drafts_lists_only_my_own_drafts(world, client_for):
    make_idea(world, title="Mitt utkast", submit=False)
    make_idea(world, title="Inlämnad idé")
    with transaction.atomic():
        services.idea_create(actor=world.manager, title="Chefens utkast", unit=world.units["unit"])
    page = client_for("employee").get(reverse("ideas:drafts")).content.decode()
    assert "Mitt utkast" in page
    assert "Inlämnad idé" not in page and "Chefens utkast" not in page
    listing = client_for("employee").get(reverse("ideas:list")).content.decode()
    assert "Mina utkast (1)" in listing


def test_my_drafts_uses_constant_queries(world, client_for):
    client = client_for("employee")

    def grow(n):
        while Idea.objects.filter(initiator=world.employee).count() < n:
            make_idea(world, title="Utkast", submit=False)

    assert_constant_queries(lambda: client.get(reverse("ideas:drafts")), grow)


def test_initiator_deletes_a_draft_and_it_is_audited(world, client_for):
    idea = make_idea(world, title="Släng mig", submit=False)
    url = reverse("ideas:draft_delete", args=[idea.pk])
    assert client_for("manager").post(url).status_code == 404
    assert "Släng mig" in client_for("employee").get(url).content.decode()
    response = client_for("employee").post(url)
    assert response.status_code == 302 and response["Location"] == reverse("ideas:drafts")
    assert not Idea.objects.filter(pk=idea.pk).exists()
    event = AuditEvent.objects.get(action="idea.draft_delete")
    assert event.actor == world.employee and event.target_id == str(idea.pk)
    assert event.data["title"] == "Släng mig"


def test_submitted_idea_cannot_be_deleted_as_a_draft(world, client_for):
    idea = make_idea(world)
    response = client_for("employee").post(reverse("ideas:draft_delete", args=[idea.pk]))
    assert response.status_code == 403
    assert Idea.objects.filter(pk=idea.pk).exists()


def test_the_idea_page_offers_to_delete_a_draft_and_to_withdraw_a_submitted_idea(world, client_for):
    draft = make_idea(world, title="Utkast om läxhjälp", submit=False)
    submitted = make_idea(world, title="Inlämnad idé om läxhjälp")
    client = client_for("employee")
    draft_page = client.get(reverse("ideas:detail", args=[draft.pk])).content.decode()
    assert reverse("ideas:draft_delete", args=[draft.pk]) in draft_page
    assert reverse("ideas:withdraw", args=[draft.pk]) not in draft_page
    page = client.get(reverse("ideas:detail", args=[submitted.pk])).content.decode()
    assert reverse("ideas:withdraw", args=[submitted.pk]) in page
    assert reverse("ideas:draft_delete", args=[submitted.pk]) not in page


def _submitted_twice(client, url, data):
    from vardag.notifications.models import Notification

    first = client.post(url, {**data, "action": "submit"})
    assert first.status_code == 302, first.content
    idea = Idea.objects.get(state=IdeaState.SUBMITTED)
    assert first["Location"] == reverse("ideas:detail", args=[idea.pk])
    notified = Notification.objects.count()
    assert notified > 0
    again = client.post(url, {**data, "action": "submit"}, follow=True)
    assert again.redirect_chain[0][0] == reverse("ideas:detail", args=[idea.pk])
    assert "Idén är redan inlämnad." in again.content.decode()
    assert Idea.objects.count() == 1
    assert Notification.objects.count() == notified  # nobody is told twice
    assert AuditEvent.objects.filter(action="idea.submit").count() == 1
    return idea


def _complete(world, key):
    return _text(
        world,
        draft_key=key,
        title="Sms när något händer",
        summary="Familjer får ett sms.",
        user_situation="Föräldrar väntar på besked.",
        better_for_whom="Föräldrarna vet vad som händer.",
    )


def test_the_same_submission_sent_twice_is_one_idea(world, client_for):
    """Without JavaScript: "Lämna in idén" on the new-idea form, the same form sent again."""
    client = client_for("employee")
    key = client.get(reverse("ideas:create")).context["form"].initial["draft_key"]
    _submitted_twice(client, reverse("ideas:create"), _complete(world, key))


def test_a_draft_saved_while_typing_then_submitted_twice_is_one_idea(world, client_for):
    """The draft was saved while typing (it becomes the idea); its form, submitted, is sent
    again (Back, or a retry): answered like the first, not refused as a conflict."""
    client = client_for("employee")
    key = client.get(reverse("ideas:create")).context["form"].initial["draft_key"]
    data = _complete(world, key)
    saved = client.post(NEW, data).json()
    idea = _submitted_twice(client, saved["edit_url"], {**data, "version": saved["version"]})
    assert idea.pk == saved["id"]
