"""Taking part without an account: anonymity, personnummer removal, consent, child mode."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from vardag.participation import services, views
from vardag.participation.childtext import CHILD_TEXTS
from vardag.participation.lix import CHILD_MAX, lix
from vardag.participation.models import Contribution
from vardag.participation.tests.factories import make_activity

pytestmark = pytest.mark.django_db


def _open(world, **extra):
    activity = make_activity(world, **extra)
    return services.activity_invitation_open(actor=world.innovation_lead, activity=activity)


def test_personnummer_typed_by_mistake_is_removed_before_saving(world):
    activity = _open(world)
    response = Client().post(
        reverse("participation:take_part", args=[activity.token]),
        {
            "age_band": "26-64",
            "text": "Jag heter Anna och mitt nummer är 19121212-1212, ring 070-123 45 67.",
        },
        follow=True,
    )
    assert response.status_code == 200
    saved = Contribution.objects.get()
    assert "1212" not in saved.text and "070" not in saved.text and "Anna" not in saved.text
    assert "[personnummer]" in saved.text
    assert saved.redactions >= 3
    assert "Vi tog bort uppgifter" in response.content.decode()


def test_no_field_asks_for_identity(world):
    activity = _open(world)
    html = Client().get(reverse("participation:take_part", args=[activity.token])).content.decode()
    for word in ('name="name"', 'name="email"', 'name="personnummer"', 'name="phone"'):
        assert word not in html


def test_under_13_needs_guardian_and_own_consent(world):
    activity = _open(world, child_mode=True, involves_children=True)
    url = reverse("participation:take_part", args=[activity.token])
    refused = Client().post(url, {"age_band": "u13", "scale": 5}, follow=True)
    assert refused.status_code == 200 and not Contribution.objects.exists()
    assert str(CHILD_TEXTS["guardian_missing"]) in refused.content.decode()
    Client().post(
        url, {"age_band": "u13", "scale": 5, "own_consent": "on", "guardian_consent": "on"}
    )
    saved = Contribution.objects.get()
    assert saved.guardian_consent and saved.own_consent


def test_consent_always_applies_to_adults_too(world):
    activity = _open(world, consent_rule="always")
    Client().post(
        reverse("participation:take_part", args=[activity.token]), {"age_band": "26-64", "scale": 2}
    )
    assert not Contribution.objects.exists()


def test_closed_link_takes_no_answers(world):
    activity = _open(world)
    services.activity_invitation_close(actor=world.innovation_lead, activity=activity)
    response = Client().post(
        reverse("participation:take_part", args=[activity.token]),
        {"age_band": "26-64", "scale": 2},
        follow=True,
    )
    assert response.status_code == 200 and not Contribution.objects.exists()


def test_unknown_token_and_code_are_404(world):
    assert Client().get(reverse("participation:take_part", args=["nope"])).status_code == 404
    assert Client().get(reverse("participation:my_view", args=["ABCD2345"])).status_code == 404


def test_code_lookup_redirects_to_the_participants_page(world):
    activity = _open(world)
    _c, code = services.contribution_submit(activity=activity, age_band="18-25", scale=4)
    response = Client().post(reverse("participation:my_view_lookup"), {"code": code.lower()})
    assert response.status_code == 302
    assert Client().get(response["Location"]).status_code == 200
    wrong = Client().post(reverse("participation:my_view_lookup"), {"code": "XXXX-XXXX"})
    assert str(CHILD_TEXTS["wrong_code"]) in wrong.content.decode()


def test_guessing_codes_is_stopped_per_client(world):
    activity = _open(world)
    _c, code = services.contribution_submit(activity=activity, age_band="18-25", scale=4)
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    lookup = reverse("participation:my_view_lookup")
    for n in range(views.CODE_GUESS_LIMIT):
        guess = f"AAAA-{n:04d}".replace("0", "A").replace("1", "B")
        if n % 2:
            assert guesser.post(lookup, {"code": guess}).status_code == 200
        else:  # guessing in the address counts too
            mine = reverse("participation:my_view", args=[guess.replace("-", "")])
            assert guesser.get(mine).status_code == 404
    # Now even the right code must wait, by form and by address.
    waiting = guesser.post(lookup, {"code": code})
    assert waiting.status_code == 429
    assert str(CHILD_TEXTS["wait"]) in waiting.content.decode()
    assert guesser.get(reverse("participation:my_view", args=[code])).status_code == 429
    # Someone else is not held back.
    other = Client(REMOTE_ADDR="198.51.100.2").post(lookup, {"code": code})
    assert other.status_code == 302


def test_child_mode_has_picture_scale_and_easy_texts(world):
    activity = _open(world, child_mode=True, involves_children=True)
    html = Client().get(reverse("participation:take_part", args=[activity.token])).content.decode()
    assert html.count('class="pp-face"') == 5
    assert str(CHILD_TEXTS["intro"]) in html
    assert 'value="26-64"' not in html  # only child age bands


def test_staff_pages_never_show_the_participants_code(world, client_for):
    activity = _open(world)
    _c, code = services.contribution_submit(activity=activity, age_band="18-25", text="Bra idé")
    html = (
        client_for("innovation_lead")
        .get(reverse("participation:activity", args=[activity.pk]))
        .content.decode()
    )
    assert "Bra idé" in html and code not in html


def test_child_texts_pass_the_lix_check():
    with translation.override("sv"):
        for key, text in CHILD_TEXTS.items():
            assert lix(str(text)) <= CHILD_MAX, f"{key}: LIX {lix(str(text)):.0f}"


def test_lix_matches_a_hand_count():
    # 8 words, 2 sentences, 2 long words (läsbarhet, beräknas): 8/2 + 100*2/8 = 29.
    assert lix("Här är en läsbarhet. Den beräknas så här.") == pytest.approx(4 + 25)
    assert lix("") == 0


def test_child_mode_refuses_a_hard_question(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_activity(
            world,
            child_mode=True,
            question="Hur upplever ungdomarna informationsöverföringen mellan verksamheterna?",
        )


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=200))
def test_free_text_cleaning_never_keeps_a_valid_personnummer(text):
    from vardag.core.privacy import contains_valid_personnummer

    cleaned, _n = services.clean_free_text(text + " 19121212-1212")
    assert not contains_valid_personnummer(cleaned)


def test_quotes_and_insights_lose_identity_numbers(world):
    from vardag.participation.tests.factories import make_group, make_insight

    insight = make_insight(world, statement="Eleven 19121212-1212 vill ha hjälp, ring 0701234567.")
    assert "1212-1212" not in insight.statement and "0701234567" not in insight.statement
    persona = services.persona_create(
        actor=world.innovation_lead, user_group=make_group(world), name="Kim", summary="Fiktiv."
    )
    quote = services.persona_quote_add(
        actor=world.innovation_lead,
        persona=persona,
        insight=insight,
        text="Jag heter Maria och går i trean.",
    )
    assert "Maria" not in quote.text
