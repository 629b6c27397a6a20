"""Retention rules (gallring), erasure requests (radering) and disclosures (utlämnande)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
        pgettext_lazy("retention rule", "åtgärd"),
        max_length=12,
        choices=RetentionAction.choices,
        default=RetentionAction.REMOVE,
    )
    decision_reference = models.CharField(
        _("gallringsbeslut"),
        max_length=300,
        help_text=_(
            "Beslutet eller punkten i dokumenthanteringsplanen som medger gallringen, "
            "till exempel ”Socialnämnden 2025-03-12 § 41, DHP 4.2.3”."
        ),
    )
    is_active = models.BooleanField(pgettext_lazy("retention rule", "gäller"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("gallringsregel")
        verbose_name_plural = _("gallringsregler")
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="retention_rule_once"),
            models.CheckConstraint(condition=models.Q(months__gte=1), name="retention_months_1"),
        ]

    def __str__(self) -> str:
        from vardag.records.kinds import KINDS

        kind = KINDS.get(self.kind)
        label = str(kind.label) if kind is not None else self.kind
        return _("%(kind)s, %(months)s mån., enligt %(decision)s") % {
            "kind": label,
            "months": self.months,
            "decision": self.decision_reference,
        }


class ErasureRequest(models.Model):
    """A request to erase personal data (GDPR art. 17), as handled by the organisation: what was
    erased and what was refused, with the reason."""

    class Status(models.TextChoices):
        REVIEWED = "reviewed", _("Granskad, inte genomförd")
        DONE = "done", _("Genomförd")
        WITHDRAWN = "withdrawn", _("Återkallad eller avslutad")

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
    withdrawn_reason = models.TextField(_("skäl till att begäran återkallades"), blank=True)

    class Meta:
        verbose_name = _("begäran om radering")
        verbose_name_plural = _("begäranden om radering")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return _("Begäran om radering %(id)s") % {"id": self.pk}

    @property
    def is_open(self) -> bool:
        """Reviewed and neither carried out nor withdrawn: the only state in which it may be
        carried out, reviewed again or withdrawn (the pages offer what the services allow)."""
        return self.status == self.Status.REVIEWED

    @property
    def has_something_to_erase(self) -> bool:
        """Whether the reviewed plan erases anything: only then may it be carried out (the page
        offers "Radera" by the same rule as erasure_request_execute)."""
        return any(row.get("count") for row in (self.plan or {}).get("erase", []))


class SecrecyGround(models.TextChoices):
    """Grounds in offentlighets- och sekretesslagen (2009:400) that welfare work meets most."""

    SOCIAL_SERVICES = "osl_26_1", _("OSL 26 kap. 1 § (socialtjänst)")
    SCHOOL = "osl_23_2", _("OSL 23 kap. 2 § (skola: elevhälsa och särskilt elevstöd)")
    HEALTH_CARE = "osl_25_1", _("OSL 25 kap. 1 § (hälso- och sjukvård)")
    HEALTH_GENERAL = "osl_21_1", _("OSL 21 kap. 1 § (hälsa och sexualliv)")
    STAFF_WELFARE = "osl_39_3", _("OSL 39 kap. 3 § (personalsocial verksamhet)")
    BUSINESS = "osl_19_3", _("OSL 19 kap. 3 § (myndighetens affärsförhållanden)")
    SECURITY = "osl_18_8", _("OSL 18 kap. 8 § (säkerhets- och bevakningsåtgärder)")
    PROTECTED_IDENTITY = "osl_21_3", _("OSL 21 kap. 3 § (skyddade personuppgifter)")


class Disclosure(models.Model):
    """A request for a public document (utlämnande av allmän handling) and the masking decision:
    which parts are withheld, on which secrecy ground, decided by whom."""

    class DocumentType(models.TextChoices):
        IDEA = "idea", _("Idé")
        DECISION = "decision", _("Beslut")
        PROTOCOL = "protocol", _("Mötesprotokoll")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    document_type = models.CharField(_("handling"), max_length=10, choices=DocumentType.choices)
    document_id = models.PositiveIntegerField(_("nummer"))
    document_title = models.CharField(max_length=300)
    requested_by = models.CharField(
        _("vem som begärt handlingen"),
        max_length=200,
        blank=True,
        help_text=_("Frivilligt: den som begär en allmän handling får vara anonym."),
    )
    received_on = models.DateField(_("begäran kom in"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("motivering"), blank=True)

    class Meta:
        verbose_name = _("utlämnande")
        verbose_name_plural = _("utlämnanden")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_document_type_display()}: {self.document_title}"


class DisclosureMask(models.Model):
    """One masked part of a disclosed document: which part (never its text) and the ground."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="masks")
    part_key = models.CharField(max_length=80)
    part_label = models.CharField(max_length=200)
    ground = models.CharField(_("sekretessgrund"), max_length=12, choices=SecrecyGround.choices)

    class Meta:
        verbose_name = _("maskerad del")
        verbose_name_plural = _("maskerade delar")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["disclosure", "part_key"], name="disclosure_mask_once")
        ]

    def __str__(self) -> str:
        return f"{self.part_label}: {self.get_ground_display()}"
