"""Retention rules (gallring), erasure requests (radering) and disclosures (utlämnande)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vardag.core.models import Organisation


class RetentionAction(models.TextChoices):
    REMOVE = "remove", _("Gallra (ta bort)")
    ANONYMISE = "anonymise", _("Avidentifiera (ta bort fritext och personkoppling)")


class RetentionRule(models.Model):
    """How long one kind of record is kept before the daily job removes or anonymises it, and
    the organisation's retention decision (gallringsbeslut) that allows it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="retention_rules"
    )
    kind = models.CharField(_("slag av uppgift"), max_length=40)
    months = models.PositiveSmallIntegerField(_("bevaras i månader"))
    action = models.CharField(
        _("åtgärd"), max_length=12, choices=RetentionAction.choices, default=RetentionAction.REMOVE
    )
    decision_reference = models.CharField(
        _("gallringsbeslut"),
        max_length=300,
        help_text=_(
            "Beslutet eller punkten i dokumenthanteringsplanen som medger gallringen, "
            "till exempel ”Socialnämnden 2025-03-12 § 41, DHP 4.2.3”."
        ),
    )
    is_active = models.BooleanField(_("gäller"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="retention_rule_once"),
            models.CheckConstraint(condition=models.Q(months__gte=1), name="retention_months_1"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.months} mån.)"


class ErasureRequest(models.Model):
    """A request to erase personal data (GDPR art. 17), as handled by the organisation: what was
    erased and what was refused, with the reason."""

    class Status(models.TextChoices):
        REVIEWED = "reviewed", _("Granskad, inte genomförd")
        DONE = "done", _("Genomförd")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("person"),
    )
    code_digest = models.CharField(max_length=64, blank=True)
    received_on = models.DateField(_("begäran kom in"))
    note = models.TextField(_("anteckning"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REVIEWED)
    plan = models.JSONField(default=dict)
    outcome = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return _("Begäran om radering %(id)s") % {"id": self.pk}
