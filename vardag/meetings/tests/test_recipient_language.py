"""Issue 12 item 24: a notification is written in its recipient's language, not the sender's."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from vardag.accounts.models import User
from vardag.meetings import services as meeting_services
from vardag.meetings.tests.factories import meeting_day_is, meeting_world
from vardag.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_language_switch_is_kept_on_the_account(world, client_for):
    client = client_for("employee")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert User.objects.get(pk=world.employee.pk).language == "en"
    # The next sign-in, in another browser without the cookie, is in English too.
    other = Client()
    other.force_login(User.objects.get(pk=world.employee.pk))
    assert '<html lang="en">' in other.get("/").content.decode()


def test_a_swedish_sender_notifies_an_english_reader_in_english(
    world, client_for, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=world.employee.pk).update(language="en")
    mw = meeting_world(world)
    meeting = meeting_day_is(mw.next, 0)
    adjuster = User.objects.get(pk=world.employee.pk)
    sv = translation.override("sv")
    with sv, django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        meeting_services.meeting_close(actor=world.manager, meeting=meeting, adjuster=adjuster)
    note = Notification.objects.get(recipient=world.employee, kind="meeting.minutes_to_approve")
    assert note.subject.startswith("Minutes to approve: ")
    sent = [m for m in mail.outbox if m.to == [world.employee.email]]
    assert sent and sent[-1].subject.startswith("Minutes to approve: ")
    assert "Change which notifications you get by e-mail" in sent[-1].body
    # The Swedish-reading members get Swedish from the same action.
    with translation.override("en"), transaction.atomic():
        meeting_services.minutes_approve(
            actor=User.objects.get(pk=world.employee.pk), meeting=meeting
        )
    manager_note = Notification.objects.get(
        recipient=world.manager, kind="meeting.minutes_approved"
    )
    assert manager_note.subject.startswith("Protokollet är justerat: ")
