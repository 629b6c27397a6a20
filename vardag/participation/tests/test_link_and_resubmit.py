"""Issue 12 item 22: the link is offered only when it works; child mode explains errors in easy
words; Back after sending does not send again (POST/redirect/GET)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from vardag.participation import selectors, services
from vardag.participation.childtext import CHILD_TEXTS
from vardag.participation.lix import CHILD_MAX, lix
from vardag.participation.models import Activity, Contribution
from vardag.participation.tests.factories import make_activity

pytestmark = pytest.mark.django_db

HARD = (
    "Vilka organisatoriska förutsättningar bedömer du som avgörande för att utbildningsinsatserna "
    "ska implementeras framgångsrikt inom verksamhetsområdet?"
)


def test_the_open_button_is_offered_only_when_the_link_would_work(world, client_for):
    client = client_for("innovation_lead")
    empty = make_activity(world, question="")
    page = client.get(reverse("participation:activity", args=[empty.pk])).content.decode()
    assert "Öppna deltagarlänken" not in page
    assert "Skriv en fråga till deltagarna innan länken öppnas." in page
    # A question too hard for child mode: saved only as it was before child mode was chosen.
    hard = make_activity(world, question=HARD)
    Activity.objects.filter(pk=hard.pk).update(child_mode=True)
    hard.refresh_from_db()
    assert lix(HARD) > CHILD_MAX
    page = client.get(reverse("participation:activity", args=[hard.pk])).content.decode()
    assert "Öppna deltagarlänken" not in page and "för svår för barnläget" in page
    ready = make_activity(world)
    page = client.get(reverse("participation:activity", args=[ready.pk])).content.decode()
    assert "Öppna deltagarlänken" in page
    # Offered means allowed: the same rule opens it.
    services.activity_invitation_open(actor=world.innovation_lead, activity=ready)
    assert selectors.link_works(ready)


def test_a_link_opened_and_then_made_unworkable_takes_no_answers(world):
    activity = services.activity_invitation_open(
        actor=world.innovation_lead, activity=make_activity(world)
    )
    Activity.objects.filter(pk=activity.pk).update(question="")
    url = reverse("participation:take_part", args=[activity.token])
    response = Client().post(url, {"age_band": "26-64", "scale": 4}, follow=True)
    assert not Contribution.objects.exists()
    assert 'name="age_band"' not in response.content.decode()


def test_child_mode_errors_use_easy_words(world):
    activity = services.activity_invitation_open(
        actor=world.innovation_lead,
        activity=make_activity(
            world, child_mode=True, involves_children=True, question="Vad gör dig glad i skolan?"
        ),
    )
    url = reverse("participation:take_part", args=[activity.token])
    html = Client().post(url, {}, follow=True).content.decode()
    for key in ("fix", "age_missing", "answer_missing"):
        assert str(CHILD_TEXTS[key]) in html
    assert "Det finns fel i formuläret" not in html and "Detta fält" not in html
    html = Client().post(url, {"age_band": "u13", "scale": 5}, follow=True).content.decode()
    assert str(CHILD_TEXTS["own_consent_missing"]) in html
    assert str(CHILD_TEXTS["guardian_missing"]) in html
    assert "vårdnadshavare behöver" not in html
    for key in ("fix", "age_missing", "answer_missing", "own_consent_missing", "too_long"):
        assert lix(str(CHILD_TEXTS[key])) <= CHILD_MAX


def test_a_missing_answer_redirects_too_and_keeps_what_was_typed(world):
    activity = services.activity_invitation_open(
        actor=world.innovation_lead, activity=make_activity(world)
    )
    client = Client()
    url = reverse("participation:take_part", args=[activity.token])
    refused = client.post(url, {"text": "Fler vuxna i korridoren"})
    assert refused.status_code == 302 and refused["Location"] == url
    page = client.get(url).content.decode()
    assert "Fler vuxna i korridoren" in page and "error-summary" in page
    # Shown once: the next page view (the next person) gets an empty form.
    assert "Fler vuxna i korridoren" not in client.get(url).content.decode()
    assert not Contribution.objects.exists()


def test_sending_redirects_and_back_gives_the_form_not_a_resubmit(world):
    activity = services.activity_invitation_open(
        actor=world.innovation_lead, activity=make_activity(world)
    )
    client = Client()
    url = reverse("participation:take_part", args=[activity.token])
    sent = client.post(url, {"age_band": "26-64", "scale": 4, "text": "Bra"})
    thanks_url = reverse("participation:thanks", args=[activity.token])
    assert sent.status_code == 302 and sent["Location"] == thanks_url
    page = client.get(thanks_url).content.decode()
    assert "Tack för ditt svar" in page
    code = page.split('class="pp-code">')[1].split("</span>")[1].split("</p>")[0].strip()
    assert selectors.contribution_by_code(code) == Contribution.objects.get()
    # The code is shown once: the next person on the same device does not see it.
    again = client.get(thanks_url)
    assert again.status_code == 302 and again["Location"] == url
    assert code not in client.get(url).content.decode()
    assert Contribution.objects.count() == 1
