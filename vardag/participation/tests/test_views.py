import pytest
from django.db import transaction
from django.urls import reverse

from vardag.participation.models import Activity, UserGroup
from vardag.participation.tests.factories import make_activity, make_group

pytestmark = pytest.mark.django_db


def test_employee_reads_but_cannot_create(world, client_for):
    client = client_for("employee")
    make_group(world)
    assert client.get(reverse("participation:groups")).status_code == 200
    assert client.get(reverse("participation:group_create")).status_code == 403
    assert client.post(reverse("participation:group_create"), {"name": "x"}).status_code == 403


def test_bad_group_input_is_explained(world, client_for):
    response = client_for("innovation_lead").post(
        reverse("participation:group_create"),
        {
            "name": "Unga",
            "owner_unit": world.units["unit"].pk,
            "age_min": 16,
            "age_max": 12,
            "contact": "voluntary",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and not UserGroup.objects.exists()
    assert "Åldern till kan inte vara lägre än åldern från." in html
    assert "Gruppen omfattar barn: kryssa i rutan." in html


def test_hard_child_question_is_refused_on_the_form(world, client_for):
    response = client_for("innovation_lead").post(
        reverse("participation:activity_create"),
        {
            "title": "Enkät",
            "unit": world.units["unit"].pk,
            "kind": "consultation",
            "method": "survey",
            "level": 1,
            "consent_rule": "none",
            "child_mode": "on",
            "involves_children": "on",
            "question": "Hur bedömer ungdomarna kommunikationsinsatsernas tillgänglighet?",
        },
    )
    assert response.status_code == 200 and not Activity.objects.exists()
    assert "Frågan är för svår för barnläget" in response.content.decode()


def test_child_counts_need_the_children_box(world, client_for):
    response = client_for("innovation_lead").post(
        reverse("participation:activity_create"),
        {
            "title": "Verkstad",
            "unit": world.units["unit"].pk,
            "kind": "co_design",
            "method": "workshop",
            "level": 2,
            "consent_rule": "none",
            "count_u13": 4,
        },
    )
    assert response.status_code == 200 and not Activity.objects.exists()


def test_invitation_needs_a_question(world, client_for):
    activity = make_activity(world, question="")
    client = client_for("innovation_lead")
    response = client.post(
        reverse("participation:activity_invitation", args=[activity.pk]), {"open": "1"}, follow=True
    )
    activity.refresh_from_db()
    assert not activity.is_open
    assert "Skriv en fråga till deltagarna" in response.content.decode()


def test_qr_code_is_an_svg_of_the_link(world, client_for):
    from vardag.participation import services

    activity = services.activity_invitation_open(
        actor=world.innovation_lead, activity=make_activity(world)
    )
    response = client_for("employee").get(reverse("participation:activity_qr", args=[activity.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")


def test_link_to_a_foreign_idea_is_refused(world, client_for):
    group = make_group(world)
    response = client_for("innovation_lead").post(
        reverse("participation:link", args=["malgrupp", group.pk]),
        {"subject_type": "ideas.idea", "subject_id": 999999},
        follow=True,
    )
    assert "Det finns ingen sådan utmaning eller idé." in response.content.decode()
    assert not group.links.exists()


def test_the_insight_library_downloads_as_filtered(world, client_for):
    import csv
    import io

    from openpyxl import load_workbook

    from vardag.participation import services

    def add(actor, statement, sources=""):
        with transaction.atomic():
            services.insight_create(
                actor=actor,
                statement=statement,
                evidence="insight",
                perspective="user",
                other_sources=sources,
            )

    add(
        world.innovation_lead,
        "Morgnarna är svårast för familjer med små barn.",
        '=HYPERLINK("http://x")\nEnkät 2026',
    )
    add(world.innovation_lead, "Kvällarna är lugna.")
    add(world.foreign, "Norrviks morgnar.")
    client = client_for("employee")
    url = reverse("participation:insight_export", args=["csv"])
    response = client.get(url, {"q": "morgnar"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff")), delimiter=";"))
    assert [r[1] for r in rows[1:]] == ["Morgnarna är svårast för familjer med små barn."]
    assert rows[1][6] == '\'=HYPERLINK("http://x"); Enkät 2026'
    xlsx = client.get(reverse("participation:insight_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 3  # header + this organisation's two insights
    assert client.get(reverse("participation:insight_export", args=["pdf"])).status_code == 404
