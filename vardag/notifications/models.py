"""Notifications: an in-app list and an e-mail outbox, sent by background tasks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vardag.core.models import Organisation


class Notification(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="notifications"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("typ"), max_length=60, db_index=True)
    subject = models.CharField(_("rubrik"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    delivery = models.CharField(max_length=12, default="immediately")
    # What the notification asks its recipient to do, e.g. "idea.register:42". Once someone has
    # done it, the notifications still open on the topic are marked handled (services.
    # notifications_handled): read, with a note saying by whom; they are kept, not deleted.
    topic = models.CharField(max_length=100, blank=True, db_index=True)
    handled_at = models.DateTimeField(_("hanterad"), null=True, blank=True)
    handled_note = models.CharField(_("om hanteringen"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("avisering")
        verbose_name_plural = _("aviseringar")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", _("Direkt")
    DAILY = "daily", _("Daglig sammanfattning")
    OFF = "off", _("Ingen e-post")


class NotificationPreference(models.Model):
    """How one person wants e-mail about one kind of notification."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("typ"), max_length=60)
    delivery = models.CharField(
        _("e-post"), max_length=12, choices=Delivery.choices, default=Delivery.IMMEDIATELY
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("aviseringsinställning")
        verbose_name_plural = _("aviseringsinställningar")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_pref_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.delivery}"
