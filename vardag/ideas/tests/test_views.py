"""The pages, tried as a new user would (issue 4, "Done when")."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from vardag.core.roles import Role
from vardag.core.testing import assert_constant_queries
from vardag.forums.models import Mandate
from vardag.ideas.models import Decision, Idea, IdeaAttachment, IdeaState
from vardag.ideas.tests.factories import governance, make_idea
from vardag.notifications.models import Notification

pytestmark = pytest.mark.django_db

CANVAS = {
    "title": "Samtalsstöd för barnen i väntan på placering",
    "summary": "Barn som väntar på ett beslut om placering får en fast kontaktperson.",
    "kind": "service",
    "user_situation": "Barnet vet inte vad som händer och vem hen kan fråga.",
    "user_resources": "Barnet har ofta en lärare eller mentor som hen litar på.",
    "organisation_offer": "Socialtjänsten utreder; skolan möter barnet varje dag.",
    "better_for_whom": "Barnen känner sig tryggare och vet vad som händer härnäst.",
    "asks_hours": "20",
    "asks_amount_sek": "0",
}


def _date(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def test_new_user_journey_through_the_pages(world, client_for):
    gov = governance(world)
    employee, manager, head = client_for("employee"), client_for("manager"), client_for("head")
    # The guide names the forum or role with the mandate before anything is written.
    guide = employee.get(
        reverse("ideas:guide"),
        {"units": world.units["unit"].pk, "decision_type": "register", "hours": 0, "amount_sek": 0},
    )
    assert "Enhetschef: registrera och bevilja tid" in guide.content.decode()

    response = employee.post(reverse("ideas:create"), {**CANVAS, "unit": world.units["unit"].pk})
    idea = Idea.objects.get(title=CANVAS["title"])
    assert response.status_code == 302 and idea.state == IdeaState.DRAFT
    page = employee.get(reverse("ideas:detail", args=[idea.pk])).content.decode()
    assert "Enhetschef" in page  # "Vart går idén nu?"
    employee.post(reverse("ideas:submit", args=[idea.pk]))
    idea.refresh_from_db()
    assert idea.state == IdeaState.SUBMITTED

    form = manager.get(reverse("ideas:decide", args=[idea.pk]))
    key = form.context["form"].initial["request_key"]
    g0 = {
        "decision_type": "register",
        "mandate": gov.manager_mandate.pk,
        "forum": gov.apt.pk,
        "next_handling_on": _date(7),
        "hours": 0,
        "amount_sek": 0,
        "request_key": key,
    }
    first = manager.post(reverse("ideas:decide", args=[idea.pk]), g0)
    assert first.status_code == 302, first.context["form"].errors
    # A double click sends the same form twice: recorded once.
    assert manager.post(reverse("ideas:decide", args=[idea.pk]), g0).status_code == 302
    assert Decision.objects.filter(idea=idea).count() == 1
    assert Notification.objects.filter(recipient=world.employee, kind="idea.feedback").count() == 1

    g1 = {
        "decision_type": "grant_time",
        "mandate": gov.manager_mandate.pk,
        "hours": 20,
        "amount_sek": 0,
        "team": [world.employee.pk],
        "request_key": "g1",
    }
    assert manager.post(reverse("ideas:decide", args=[idea.pk]), g1).status_code == 302
    # The management team's mandate is the team's, used in its meeting: the page does not
    # offer it to one member. The head of administration decides by her own delegation.
    head_mandate = Mandate.objects.create(
        organisation=world.org,
        title="Förvaltningschef: pengar och avslut",
        holder_role=Role.ADMINISTRATION_HEAD,
        decision_types=["grant_money", "archive"],
        max_amount_sek=50_000,
        scope="subtree",
        valid_from=timezone.localdate() - timedelta(days=30),
    )
    form = head.get(reverse("ideas:decide", args=[idea.pk]) + "?typ=grant_money")
    offered = list(form.context["form"].fields["mandate"].queryset)
    assert offered == [head_mandate]
    as_member = {
        "decision_type": "grant_money",
        "mandate": gov.management_mandate.pk,
        "amount_sek": 1000,
        "request_key": "g2-member",
    }
    assert head.post(reverse("ideas:decide", args=[idea.pk]), as_member).status_code == 422
    over = {
        "decision_type": "grant_money",
        "mandate": head_mandate.pk,
        "hours": 0,
        "amount_sek": 75000,
        "request_key": "g2a",
    }
    refused = head.post(reverse("ideas:decide", args=[idea.pk]), over)
    assert refused.status_code == 422
    assert "över mandatets gräns på 50 000 kr" in refused.content.decode()
    within = {**over, "amount_sek": 40000, "request_key": "g2b", "registry_number": "SN 2026/77"}
    assert head.post(reverse("ideas:decide", args=[idea.pk]), within).status_code == 302
    idea.refresh_from_db()
    assert idea.state == IdeaState.DESIGN

    archive = {
        "decision_type": "archive",
        "mandate": head_mandate.pk,
        "hours": 0,
        "amount_sek": 0,
        "rationale": "Ingår nu i den nya familjecentralen.",
        "lesson": "Involvera skolan från början.",
        "request_key": "arch",
    }
    assert head.post(reverse("ideas:decide", args=[idea.pk]), archive).status_code == 302
    page = employee.get(reverse("ideas:detail", args=[idea.pk])).content.decode()
    for text in (
        "G0 Registrera",
        "G1 Beslut tid",
        "G2 Beslut pengar",
        "Arkivera",
        "SN 2026/77",
        "Involvera skolan från början.",
        "Återkoppling",
    ):
        assert text in page, text


def test_second_editor_is_told_and_keeps_their_text(world, client_for):
    idea = make_idea(world)
    url = reverse("ideas:edit", args=[idea.pk])
    base = {**CANVAS, "unit": world.units["unit"].pk, "version": idea.version}
    first = client_for("employee").post(url, {**base, "title": "Första ändringen"})
    assert first.status_code == 302
    second = client_for("manager").post(
        url, {**base, "summary": "Min egen text som inte får försvinna"}
    )
    assert second.status_code == 409
    body = second.content.decode()
    assert "Någon annan har sparat idén" in body
    assert "Min egen text som inte får försvinna" in body  # still in the form
    idea.refresh_from_db()
    assert idea.title == "Första ändringen"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rapport.pdf", b"MZ this is really an exe", "stämmer inte med filtypen"),
        ("skript.exe", b"MZ", "Filtypen tillåts inte"),
        ("bild.png", b"%PDF-1.4 not a png", "stämmer inte med filtypen"),
    ],
)
def test_mislabelled_attachment_is_refused(world, client_for, name, content, message):
    idea = make_idea(world)
    response = client_for("employee").post(
        reverse("ideas:attachment_upload", args=[idea.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )
    assert message in response.content.decode()
    assert not IdeaAttachment.objects.exists()


def test_oversized_attachment_is_refused(world, client_for, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    idea = make_idea(world)
    response = client_for("employee").post(
        reverse("ideas:attachment_upload", args=[idea.pk]),
        {"file": SimpleUploadedFile("stor.pdf", b"%PDF-1.7\n" + b"x" * 2000)},
        follow=True,
    )
    assert "Filen är för stor" in response.content.decode()
    assert not IdeaAttachment.objects.exists()


def test_valid_attachment_is_stored_and_downloadable(world, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    idea = make_idea(world)
    client = client_for("employee")
    client.post(
        reverse("ideas:attachment_upload", args=[idea.pk]),
        {"file": SimpleUploadedFile("underlag.pdf", b"%PDF-1.7\nhej")},
    )
    attachment = IdeaAttachment.objects.get()
    response = client.get(reverse("ideas:attachment", args=[idea.pk, attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert (
        client_for("foreign")
        .get(reverse("ideas:attachment", args=[idea.pk, attachment.pk]))
        .status_code
        == 404
    )


def test_drafts_are_private_to_their_initiator(world, client_for):
    idea = make_idea(world, submit=False, title="Hemligt utkast")
    assert client_for("manager").get(reverse("ideas:detail", args=[idea.pk])).status_code == 404
    assert "Hemligt utkast" not in client_for("manager").get(reverse("ideas:list")).content.decode()
    assert client_for("employee").get(reverse("ideas:detail", args=[idea.pk])).status_code == 200


def test_employee_cannot_open_decision_form(world, client_for):
    governance(world)
    idea = make_idea(world)
    world.employee.forum_memberships.all().delete()
    assert client_for("employee").get(reverse("ideas:decide", args=[idea.pk])).status_code == 403


def test_support_and_follow_toggle(world, client_for):
    idea = make_idea(world)
    client = client_for("manager")
    client.post(reverse("ideas:support", args=[idea.pk]))
    assert idea.supports.filter(user=world.manager).exists()
    client.post(reverse("ideas:support", args=[idea.pk]))
    assert not idea.supports.filter(user=world.manager).exists()
    client.post(reverse("ideas:follow", args=[idea.pk]))
    assert idea.follows.filter(user=world.manager).exists()


def test_open_portfolio_shows_only_published(world, client):
    shown = make_idea(world, title="Öppen idé om fritidsgårdar")
    make_idea(world, title="Intern idé om scheman")
    Idea.objects.filter(pk=shown.pk).update(is_published=True)
    body = client.get(reverse("ideas:portfolio", args=[world.org.slug])).content.decode()
    assert "Öppen idé om fritidsgårdar" in body
    assert "Intern idé om scheman" not in body


def _grow(world, gov):
    def grow(n: int) -> None:
        while Idea.objects.filter(organisation=world.org).count() < n:
            idea = make_idea(world, title=f"Idé nummer {Idea.objects.count()}")
            idea.affected_units.add(world.units["school"])
            Idea.objects.filter(pk=idea.pk).update(forum=gov.apt, state=IdeaState.IN_PREPARATION)

    return grow


@pytest.mark.parametrize("name", ["ideas:list", "ideas:board"])
def test_list_pages_use_constant_queries(world, client_for, name):
    gov = governance(world)
    client = client_for("manager")
    assert_constant_queries(lambda: client.get(reverse(name)), _grow(world, gov), small=5, large=30)


def test_idea_page_uses_constant_queries(world, client_for):
    gov = governance(world)
    idea = make_idea(world)
    client = client_for("employee")

    def grow(n: int) -> None:
        from vardag.ideas import services

        while idea.comments.count() < n:
            services.comment_add(actor=world.manager, idea=idea, body="Bra!")
        Idea.objects.filter(pk=idea.pk).update(forum=gov.apt)

    assert_constant_queries(
        lambda: client.get(reverse("ideas:detail", args=[idea.pk])), grow, small=3, large=20
    )


def test_lessons_and_challenges_use_constant_queries(world, client_for):
    from vardag.ideas.models import Challenge, Lesson

    client = client_for("manager")
    idea = make_idea(world)

    def grow(n: int) -> None:
        while Lesson.objects.count() < n:
            Lesson.objects.create(organisation=world.org, idea=idea, text="Lärdom")
            Challenge.objects.create(
                organisation=world.org, question="Hur kan vi?", owner_unit=world.units["unit"]
            )

    assert_constant_queries(
        lambda: (client.get(reverse("ideas:lessons")), client.get(reverse("ideas:challenges"))),
        grow,
    )


def test_board_by_stage_and_stage_filter(world, client_for):
    from vardag.ideas import services

    services.process_model_install_for(world.org.pk, "skr", make_default=True)
    idea = make_idea(world, title="Idé i första fasen")
    first = idea.process_model.stages.order_by("order").first()
    client = client_for("manager")
    board = client.get(reverse("ideas:board"), {"per": "fas"}).content.decode()
    assert "Ringa in" in board and "Idé i första fasen" in board
    listed = client.get(reverse("ideas:list"), {"stage": first.pk}).content.decode()
    assert "Idé i första fasen" in listed
    other = idea.process_model.stages.order_by("order").last()
    assert (
        "Idé i första fasen"
        not in client.get(reverse("ideas:list"), {"stage": other.pk}).content.decode()
    )


def test_board_by_stage_uses_constant_queries(world, client_for):
    from vardag.ideas import services

    services.process_model_install_for(world.org.pk, "helsingborg", make_default=True)
    gov = governance(world)
    client = client_for("manager")
    assert_constant_queries(
        lambda: client.get(reverse("ideas:board"), {"per": "fas"}), _grow(world, gov), large=30
    )


def test_api_refuses_decision_above_mandate_with_reason(world):
    from vardag.accounts import services as account_services

    gov = governance(world)
    idea = make_idea(world)
    token = account_services.token_create(actor=world.manager, name="t")[1]
    from django.test import Client

    response = Client().post(
        f"/api/v1/ideas/ideas/{idea.pk}/decisions",
        data={
            "decision_type": "register",
            "mandate_id": gov.management_mandate.pk,
            "forum_id": gov.apt.pk,
            "next_handling_on": _date(3),
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    # The management team's collective mandate, used by one member outside a meeting (issue 12
    # item 10): refused with the reason, nothing recorded.
    assert response.status_code == 422
    assert "används bara när forumet beslutar i sitt möte" in response.json()["detail"]
    assert not Decision.objects.exists()
    search = Client().get(
        "/api/v1/ideas/ideas", {"q": "barnen"}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert [i["title"] for i in search.json()["items"]] == [idea.title]


def test_admin_adapts_stages_of_a_process_model(world, client_for):
    from vardag.ideas import services

    model = services.process_model_install_for(world.org.pk, "skr", make_default=True)
    stage = model.stages.get(order=1)
    data = {
        "name": "Ringa in behovet",
        "description": "",
        "guiding_questions": "Vem berörs?\nVad säger de själva?",
        "exit_criteria": "Frågan är formulerad.",
    }
    admin = client_for("admin")
    assert admin.post(reverse("ideas:stage_edit", args=[stage.pk]), data).status_code == 302
    stage.refresh_from_db()
    assert stage.question_list == ["Vem berörs?", "Vad säger de själva?"]
    admin.post(reverse("ideas:stage_add", args=[model.pk]), {**data, "name": "Följa upp"})
    assert model.stages.order_by("-order").first().name == "Följa upp"
    assert (
        client_for("manager").get(reverse("ideas:stage_edit", args=[stage.pk])).status_code == 403
    )


def test_affected_units_may_cross_organisations_only_under_an_agreement(world, client_for):
    from datetime import date

    from vardag.core.models import CollaborationAgreement

    client = client_for("employee")
    data = {
        **CANVAS,
        "unit": world.units["unit"].pk,
        "affected_units": [world.units["other_unit"].pk],
    }
    refused = client.post(reverse("ideas:create"), data)
    assert refused.status_code == 422 and not Idea.objects.exists()
    agreement = CollaborationAgreement.objects.create(
        title="Samverkan kring unga", valid_from=date(2024, 1, 1)
    )
    agreement.parties.set([world.org, world.other_org])
    assert client.post(reverse("ideas:create"), data).status_code == 302
    idea = Idea.objects.get()
    employee = client_for("employee")
    employee.post(reverse("ideas:submit", args=[idea.pk]))
    # The partner organisation sees the idea that concerns its unit.
    foreign = client_for("foreign").get(reverse("ideas:detail", args=[idea.pk]))
    assert foreign.status_code == 200

    # When the agreement ends, the idea is no longer visible to the other organisation.
    from django.utils import timezone

    agreement.terminated_at = timezone.now()
    agreement.save()
    ended = client_for("foreign").get(reverse("ideas:detail", args=[idea.pk]))
    assert ended.status_code == 404
