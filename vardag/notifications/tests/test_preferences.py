"""E-mail per kind: immediately, daily digest or off; a preferences link in every e-mail."""

from __future__ import annotations

import pytest
from django.core import mail
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from vardag.notifications import services, tasks
from vardag.notifications.context_processors import unread
from vardag.notifications.models import Notification, NotificationPreference


def send(world, kind: str = "idea.feedback", subject: str = "Återkoppling på din idé"):
    return services.notify(actor=None, recipients=[world.employee], kind=kind, subject=subject)


@pytest.mark.django_db
def test_immediate_email_has_a_link_to_the_preferences(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send(world)
    assert len(mail.outbox) == 1
    assert "/aviseringar/installningar/" in mail.outbox[0].body
    assert "Ändra vilka aviseringar du får med e-post" in mail.outbox[0].body


@pytest.mark.django_db
def test_preferences_page_saves_choices(world, client_for, django_capture_on_commit_callbacks):
    client = client_for("employee")
    form = client.get(reverse("notifications:preferences")).context["form"]
    data = dict.fromkeys(form.fields, "immediately")
    kinds = [str(f.label) for f in form.fields.values()]
    data["k1"], data["k2"] = "off", "daily"  # idea.feedback off, feedback_overdue daily
    assert client.post(reverse("notifications:preferences"), data).status_code == 302
    prefs = dict(NotificationPreference.objects.values_list("kind", "delivery"))
    assert prefs["idea.feedback"] == "off" and prefs["idea.feedback_overdue"] == "daily"
    assert "Återkoppling på mina idéer" in kinds
    with django_capture_on_commit_callbacks(execute=True):
        send(world, "idea.feedback", "Tyst")
        send(world, "idea.feedback_overdue", "Sen 1")
        send(world, "idea.feedback_overdue", "Sen 2")
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=world.employee).count() == 3  # in-app still

    tasks.send_daily_digests.enqueue()
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert "2" in digest.subject and "Sen 1" in digest.body and "Sen 2" in digest.body
    assert "Tyst" not in digest.body and "/aviseringar/installningar/" in digest.body
    tasks.send_daily_digests.enqueue()
    assert len(mail.outbox) == 1  # idempotent: nothing new to send


@pytest.mark.django_db
def test_invalid_choice_is_a_form_error(world, client_for):
    response = client_for("employee").post(reverse("notifications:preferences"), {"k0": "loud"})
    assert response.status_code == 200
    assert NotificationPreference.objects.count() == 0


@pytest.mark.django_db
def test_unread_count_and_mark_all_read(world, client_for):
    send(world)
    send(world, subject="Andra")
    request = RequestFactory().get("/")
    request.user = world.employee
    context = unread(request)
    assert Template("{{ unread_notifications }}").render(Context(context)) == "2"
    client = client_for("employee")
    assert "2 olästa" in client.get(reverse("notifications:inbox")).content.decode()
    client.post(reverse("notifications:mark_all_read"))
    assert Template("{{ unread_notifications }}").render(Context(unread(request))) == "0"


@pytest.mark.django_db
def test_my_notifications_are_in_my_data_download(world, client_for):
    import io
    import json
    import zipfile

    send(world, subject="=SUMMA(A1)")
    services.notify(actor=None, recipients=[world.manager], kind="idea.feedback", subject="Chefens")
    response = client_for("employee").get(reverse("accounts:data_export"))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    # Named in the person's language, columns by verbose name (accounts.personal_data).
    notes = json.loads(archive.read("aviseringar.json"))
    assert [n["Rubrik"] for n in notes] == ["=SUMMA(A1)"]
    text = archive.read("aviseringar.csv").decode("utf-8-sig")
    assert "'=SUMMA(A1)" in text  # no formula injection when opened in Excel
    assert "Chefens" not in text
