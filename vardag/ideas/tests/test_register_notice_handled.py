"""Stale "Ny idé att registrera" notices (new-user tryout): once one of those asked registers
the idea (or it is otherwise decided, withdrawn or merged), the notices to the others are marked
handled: read, with a note saying who did what, kept in each inbox and in the audit log, and no
longer e-mailed. Notices that ask about something else stay as they were."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from vardag.core.models import AuditEvent
from vardag.core.roles import Role
from vardag.forums.models import DecisionType as D
from vardag.forums.models import Mandate, MandateScope
from vardag.ideas import services
from vardag.ideas.services import DecisionInput
from vardag.ideas.tests.factories import governance, make_idea
from vardag.notifications import services as notification_services
from vardag.notifications.models import Delivery, Notification

pytestmark = pytest.mark.django_db

REGISTER_KINDS = ("idea.submitted", "idea.unroutable", "idea.feedback_overdue")


@pytest.fixture
def asked(world):
    """The unit manager, the administration head (an organisation-wide role mandate) and the
    committee's chair (a forum mandate) are all asked to register the idea."""
    gov = governance(world)
    since = timezone.localdate() - timedelta(days=1)
    common = {"organisation": world.org, "decision_types": [D.REGISTER], "valid_from": since}
    common["scope"] = MandateScope.ORGANISATION
    Mandate.objects.create(title="Förvaltningschef", holder_role=Role.ADMINISTRATION_HEAD, **common)
    Mandate.objects.create(title="Nämnden", holder_forum=gov.committee, **common)
    idea = make_idea(world)
    return gov, idea


def _notices(idea):
    url = reverse("ideas:detail", args=[idea.pk])
    return Notification.objects.filter(kind__in=REGISTER_KINDS, url=url).order_by("pk")


def _register(world, gov, idea):
    return services.decision_record(
        actor=world.manager,
        idea=idea,
        decision=DecisionInput(
            decision_type=D.REGISTER,
            mandate=gov.manager_mandate,
            forum=gov.apt,
            next_handling_on=timezone.localdate() + timedelta(days=7),
        ),
    )


def test_registering_handles_every_outstanding_register_notice_and_keeps_them(world, asked):
    gov, idea = asked
    before = list(_notices(idea).values_list("recipient__username", flat=True))
    assert set(before) == {"manager", "head", "politician"}
    # One of them had already opened hers: she keeps her time of reading.
    opened = Notification.objects.get(kind="idea.submitted", recipient=world.head)
    notification_services.notification_mark_read(actor=world.head, notification=opened)
    read_at = Notification.objects.get(pk=opened.pk).read_at
    other_idea = make_idea(world, title="En annan idé")

    _register(world, gov, idea)

    after = list(_notices(idea))
    assert [n.recipient.username for n in after] == before  # none deleted
    today = timezone.localdate()
    note = f"Idén är redan registrerad av {world.manager.get_full_name()} ({today})."
    assert all(n.handled_at is not None and n.read_at is not None for n in after)
    assert {n.handled_note for n in after} == {note}
    assert Notification.objects.get(pk=opened.pk).read_at == read_at
    # The audit log has each notice's handling, besides its creation.
    handled = AuditEvent.objects.filter(action="notification.handled")
    assert sorted(handled.values_list("target_id", flat=True)) == sorted(str(n.pk) for n in after)
    assert set(handled.values_list("actor_id", flat=True)) == {world.manager.pk}
    # The other idea still waits for registration: its notices are open and unread.
    assert all(n.handled_at is None and n.read_at is None for n in _notices(other_idea))


def test_the_inbox_says_who_registered_it_and_counts_it_no_more(world, asked, client_for):
    gov, idea = asked
    client = client_for("politician")
    unread_before = Notification.objects.filter(recipient=world.politician, read_at=None).count()
    assert unread_before == 1
    _register(world, gov, idea)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Idén är redan registrerad av" in page and world.manager.get_full_name() in page
    assert Notification.objects.filter(recipient=world.politician, read_at=None).count() == 0
    assert "0 olästa" in page


def test_the_note_is_in_the_recipients_language(world, asked):
    gov, idea = asked
    world.head.language = "en"
    world.head.save(update_fields=["language"])
    _register(world, gov, idea)
    english = Notification.objects.get(kind="idea.submitted", recipient=world.head)
    assert english.handled_note.startswith("The idea has already been registered by")


def test_another_decision_or_a_withdrawal_handles_them_too(world, asked):
    gov, idea = asked
    services.decision_record(
        actor=world.manager,
        idea=idea,
        decision=DecisionInput(
            decision_type=D.ARCHIVE,
            mandate=gov.manager_mandate,
            rationale="Finns redan.",
            lesson="Kolla först vad som finns.",
        ),
    )
    assert {n.handled_note for n in _notices(idea)} == {
        f"Idén är redan avgjord av {world.manager.get_full_name()} "
        f"({timezone.localdate()}): Arkivera."
    }
    withdrawn = make_idea(world, title="Tas tillbaka")
    services.idea_withdraw(actor=world.employee, idea=withdrawn, reason="Fel forum.")
    notes = {n.handled_note for n in _notices(withdrawn)}
    assert notes == {f"Förslagsställaren tog tillbaka idén {timezone.localdate()}."}


def test_a_transfer_leaves_the_idea_waiting_and_the_notices_open(world, asked):
    gov, idea = asked
    services.decision_record(
        actor=world.manager,
        idea=idea,
        decision=DecisionInput(
            decision_type=D.ESCALATE,
            mandate=gov.manager_mandate,
            forum=gov.management,
            rationale="Ledningsgruppen tar den.",
        ),
    )
    assert idea.__class__.objects.get(pk=idea.pk).state == "submitted"
    assert all(n.handled_at is None for n in _notices(idea))


def test_the_overdue_flag_before_registration_is_handled_by_the_registration(world, asked):
    gov, idea = asked
    later = timezone.localdate() + timedelta(days=15)
    assert services.feedback_overdue_flag(today=later) == 1
    overdue = Notification.objects.filter(kind="idea.feedback_overdue")
    assert overdue.count() == 3
    _register(world, gov, idea)
    assert overdue.filter(handled_at__isnull=False).count() == 3


def test_a_handled_notice_is_not_e_mailed_any_more(world, asked):
    gov, idea = asked
    daily = Notification.objects.get(kind="idea.submitted", recipient=world.head)
    Notification.objects.filter(pk=daily.pk).update(delivery=Delivery.DAILY, emailed_at=None)
    waiting = Notification.objects.get(kind="idea.submitted", recipient=world.politician)
    Notification.objects.filter(pk=waiting.pk).update(emailed_at=None)
    assert world.head.pk in notification_services.digest_recipients()
    _register(world, gov, idea)
    mail.outbox.clear()
    assert world.head.pk not in notification_services.digest_recipients()
    assert notification_services.digest_send(user_id=world.head.pk) == 0
    notification_services.notification_email(notification_id=waiting.pk)
    assert mail.outbox == []
    assert Notification.objects.get(pk=waiting.pk).emailed_at is None


def test_resuming_an_idea_handles_the_reminders_to_take_it_up_again(world):
    gov = governance(world)
    idea = make_idea(world)
    revisit = timezone.localdate() + timedelta(days=10)
    _register(world, gov, idea)
    services.decision_record(
        actor=world.manager,
        idea=idea,
        decision=DecisionInput(
            decision_type=D.ON_HOLD,
            mandate=gov.manager_mandate,
            revisit_on=revisit,
            rationale="Budgeten är slut i år.",
        ),
    )
    assert services.revisit_due_flag(today=revisit) == 1
    reminders = Notification.objects.filter(kind="idea.revisit_due")
    assert reminders.count() == 2 and all(n.handled_at is None for n in reminders)
    services.decision_record(
        actor=world.manager,
        idea=idea,
        decision=DecisionInput(
            decision_type=D.RESUME,
            mandate=gov.manager_mandate,
            rationale="Pengar finns nu.",
            next_handling_on=revisit + timedelta(days=7),
        ),
    )
    notes = Notification.objects.filter(kind="idea.revisit_due").values_list(
        "handled_note", flat=True
    )
    assert len(notes) == 2 and all("Återuppta" in note for note in notes)


def test_merging_a_submitted_duplicate_handles_its_notices(world, asked):
    gov, idea = asked
    into = make_idea(world, title="Samma idé, först inlämnad")
    services.idea_merge(actor=world.manager, idea=idea, into=into)
    name = world.manager.get_full_name()
    assert {n.handled_note for n in _notices(idea)} == {
        f"Idén slogs samman med ”{into.title}” av {name} ({timezone.localdate()})."
    }
    assert all(n.handled_at is None for n in _notices(into))


def test_the_migration_gives_earlier_notices_their_topic_and_handles_the_stale_ones(world, asked):
    """Notices sent before notifications had a topic (ideas migration 0013)."""
    import importlib

    from django.apps import apps

    gov, idea = asked
    waiting = make_idea(world, title="Väntar fortfarande")
    _register(world, gov, idea)
    # As they were before the topic existed: no topic, not handled, unread.
    Notification.objects.update(topic="", handled_at=None, handled_note="", read_at=None)
    world.head.language = "en"
    world.head.save(update_fields=["language"])
    migration = importlib.import_module("vardag.ideas.migrations.0013_register_notice_topics")
    migration.forwards(apps, None)

    name = world.manager.get_full_name()
    stale = {n.recipient.username: n for n in _notices(idea)}
    assert stale["manager"].handled_note == (
        f"Idén är redan registrerad av {name} ({timezone.localdate()})."
    )
    assert stale["head"].handled_note.startswith(f"The idea has already been registered by {name}")
    assert all(
        n.read_at is not None and n.topic == f"idea.register:{idea.pk}" for n in stale.values()
    )
    open_ones = list(_notices(waiting))
    assert open_ones and all(n.handled_at is None and n.read_at is None for n in open_ones)
    assert {n.topic for n in open_ones} == {f"idea.register:{waiting.pk}"}
    # The next registration handles them as it does new ones.
    _register(world, gov, waiting)
    assert all(n.handled_at is not None for n in _notices(waiting))
