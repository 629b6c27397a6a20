"""Writes for notifications. Other apps call notify(); e-mail goes out from tasks on commit.

Each person chooses per kind: e-mail immediately, in a daily digest, or no e-mail (the in-app
list always keeps the notification). Every e-mail ends with a link to change that choice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vardag.core import audit
from vardag.core.actors import Actor
from vardag.core.links import absolute_url
from vardag.notifications import kinds
from vardag.notifications.models import Delivery, Notification, NotificationPreference


def delivery_for(recipient_ids: Iterable[int], kind: str) -> dict[int, str]:
    chosen = dict(
        NotificationPreference.objects.filter(
            user_id__in=list(recipient_ids), kind=kind
        ).values_list("user_id", "delivery")
    )
    return defaultdict(lambda: Delivery.IMMEDIATELY, chosen)


# A notification's text: plain text (e.g. what someone wrote), or a function that writes it
# with gettext, called once per recipient in that person's language.
Text = str | Callable[[], str]


def translated(message: str, **values: Any) -> Callable[[], str]:
    """A text written later in each recipient's language: `message` is a Swedish msgid marked
    with gettext_noop, `values` fill its %(name)s places (handy inside loops)."""
    return lambda: _(message) % values if values else _(message)


def in_language_of(recipient: Any, text: Text) -> str:
    """The text as the recipient reads it: written in their language (User.preferred_language)."""
    if not callable(text):
        return text
    with translation.override(recipient.preferred_language):
        return str(text())


@transaction.atomic
def notify(
    *,
    actor: Actor | None,
    recipients: Iterable[Any],
    kind: str,
    subject: Text,
    body: Text = "",
    url: str = "",
    topic: str = "",
) -> list[Notification]:
    """Create an in-app notification per recipient; e-mail follows their preference.

    Pass `subject`/`body` as functions (`lambda: _("…") % {…}`) so that each recipient gets them
    in their own language, not in the language of whoever caused the notification. A `topic`
    names what the recipients are asked to do, so that `notifications_handled` can settle
    the notifications once one of them (or someone else) has done it.
    """
    people = {r.pk: r for r in recipients if r is not None}
    deliveries = delivery_for(people, kind)
    created = []
    for recipient in people.values():
        notification = Notification.objects.create(
            organisation_id=recipient.organisation_id,
            recipient=recipient,
            kind=kind,
            subject=in_language_of(recipient, subject)[:200],
            body=in_language_of(recipient, body),
            url=url,
            delivery=deliveries[recipient.pk],
            topic=topic[:100],
        )
        audit.record(actor, "notification.created", target=notification, data={"kind": kind})
        created.append(notification)
    ids = [n.pk for n in created if n.delivery == Delivery.IMMEDIATELY]
    transaction.on_commit(lambda: _enqueue(ids))
    return created


def _enqueue(ids: list[int]) -> None:
    from vardag.notifications.tasks import send_notification_email

    for notification_id in ids:
        send_notification_email.enqueue(notification_id)


def preferences_link() -> str:
    return absolute_url(reverse("notifications:preferences"))


def _footer() -> str:
    return _("Ändra vilka aviseringar du får med e-post: %(url)s") % {"url": preferences_link()}


def notification_email(*, notification_id: int) -> None:
    """Send one notification by e-mail; idempotent (a sent one is not sent again)."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient", "organisation")
            .filter(pk=notification_id, emailed_at__isnull=True, handled_at__isnull=True)
            .first()
        )
        if notification is None or not notification.recipient.email:
            return
        link = absolute_url(notification.url or "/")
        with translation.override(notification.recipient.preferred_language):
            send_mail(
                notification.subject,
                f"{notification.body}\n\n{link}\n\n-- \n{_footer()}\n",
                None,
                [notification.recipient.email],
            )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])


def digest_send(*, user_id: int) -> int:
    """Send one person's daily digest of unsent digest notifications; returns how many."""
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update()
            .select_related("recipient", "organisation")
            .filter(recipient_id=user_id, delivery=Delivery.DAILY, emailed_at__isnull=True)
            .filter(handled_at__isnull=True)  # done by someone already: nothing to tell
            .order_by("created_at", "pk")
        )
        if not pending:
            return 0
        recipient = pending[0].recipient
        if recipient.email and recipient.is_active:
            with translation.override(recipient.preferred_language):
                lines = [f"- {n.subject}\n  {absolute_url(n.url or '/')}" for n in pending]
                subject = _("Vardag: %(n)s nya aviseringar") % {"n": len(pending)}
                intro = _("Det här har hänt sedan förra sammanfattningen:")
                body = f"{intro}\n\n" + "\n".join(lines) + f"\n\n-- \n{_footer()}\n"
                send_mail(subject, body, None, [recipient.email])
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(
            emailed_at=timezone.now()
        )
        return len(pending)


def digest_recipients() -> list[int]:
    return list(
        Notification.objects.filter(
            delivery=Delivery.DAILY, emailed_at__isnull=True, handled_at__isnull=True
        )
        .values_list("recipient_id", flat=True)
        .distinct()
    )


@transaction.atomic
def preferences_save(*, actor: Actor, choices: dict[str, str]) -> None:
    """Save the actor's e-mail choice per kind (only known kinds and valid choices)."""
    valid_kinds = {k for k, _label in kinds.known()}
    changed = {}
    for kind, delivery in choices.items():
        if kind not in valid_kinds or delivery not in Delivery.values:
            continue
        pref, created = NotificationPreference.objects.get_or_create(
            user_id=actor.pk, kind=kind, defaults={"delivery": delivery}
        )
        if not created and pref.delivery != delivery:
            pref.delivery = delivery
            pref.save(update_fields=["delivery", "updated_at"])
        elif not created:
            continue
        changed[kind] = delivery
    if changed:
        audit.record(actor, "notification.preferences_changed", target=actor, data=changed)


@transaction.atomic
def notifications_handled(*, actor: Actor | None, topic: str, note: Text) -> int:
    """What the notifications on `topic` asked for is done: each one still open is marked
    handled and read, with `note` (who did what, in the recipient's language) shown beside it
    in the inbox; no e-mail about it is sent any more. Nothing is deleted; returns how many."""
    if not topic:
        return 0
    now = timezone.now()
    open_ones = (
        Notification.objects.select_for_update(of=("self",))
        .select_related("recipient", "recipient__organisation")
        .filter(topic=topic, handled_at__isnull=True)
    )
    count = 0
    for notification in open_ones:
        notification.handled_at = now
        notification.handled_note = in_language_of(notification.recipient, note)[:300]
        notification.read_at = notification.read_at or now
        notification.save(update_fields=["handled_at", "handled_note", "read_at"])
        audit.record(actor, "notification.handled", target=notification, data={"topic": topic})
        count += 1
    return count


@transaction.atomic
def notification_mark_read(*, actor: Actor, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        audit.record(actor, "notification.read", target=notification)
    return notification


@transaction.atomic
def notification_mark_all_read(*, actor: Actor) -> int:
    count = Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if count:
        audit.record(actor, "notification.all_read", target=actor, data={"count": count})
    return count
