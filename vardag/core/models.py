"""The kernel: organisations, their unit tree, collaboration agreements, audit events, jobs."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Kommun")
        REGION = "region", _("Region")
        INDEPENDENT = "independent", _("Fristående huvudman")

    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn"), unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    org_number = models.CharField(_("organisationsnummer"), max_length=20, blank=True)
    # Organisation policy (editable by the organisation admin).
    default_language = models.CharField(
        _("standardspråk"), max_length=5, choices=settings.LANGUAGES, default="sv"
    )
    feedback_deadline_days = models.PositiveSmallIntegerField(
        _("återkopplingstid i dagar"), default=14
    )
    suppression_threshold = models.PositiveSmallIntegerField(
        _("minsta gruppstorlek för redovisning"), default=5
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        constraints = [
            models.CheckConstraint(
                condition=Q(suppression_threshold__gte=2), name="org_threshold_at_least_2"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("Nämnd")
        ADMINISTRATION = "administration", _("Förvaltning")
        DEPARTMENT = "department", _("Avdelning")
        UNIT = "unit", _("Enhet")
        SCHOOL = "school", _("Skola")
        TEAM = "team", _("Arbetslag")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="units", verbose_name=_("organisation")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("överordnad enhet"),
    )
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("kod"), max_length=64, blank=True, help_text=_("Id i HR-systemet"))
    closed_at = models.DateField(_("avvecklad"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"],
                condition=~Q(code=""),
                name="unit_code_unique_per_org",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.closed_at is None or self.closed_at > timezone.localdate()


class CollaborationAgreement(models.Model):
    """Samverkansöverenskommelse: the only thing that lets data cross organisations."""

    title = models.CharField(_("rubrik"), max_length=200)
    purpose = models.TextField(_("syfte"), blank=True)
    parties = models.ManyToManyField(
        Organisation, related_name="agreements", verbose_name=_("parter")
    )
    unit_parties = models.ManyToManyField(
        Unit,
        blank=True,
        related_name="agreements",
        verbose_name=_("förvaltningar som parter"),
        help_text=_("För samverkan mellan förvaltningar i samma kommun."),
    )
    valid_from = models.DateField(_("gäller från"))
    valid_until = models.DateField(_("gäller till"), null=True, blank=True)
    terminated_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("samverkansöverenskommelse")
        verbose_name_plural = _("samverkansöverenskommelser")

    def __str__(self) -> str:
        return self.title

    def is_active_on(self, day) -> bool:
        return (
            self.terminated_at is None
            and self.valid_from <= day
            and (self.valid_until is None or self.valid_until >= day)
        )


class AuditEvent(models.Model):
    """One row per change: who did what to which object, when."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("händelse i granskningsloggen")
        verbose_name_plural = _("händelser i granskningsloggen")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-created_at"]),
            models.Index(fields=["organisation", "action"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


class Job(models.Model):
    """Progress of a long background job, shown by the progress component."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kö")
        RUNNING = "running", _("Pågår")
        DONE = "done", _("Klart")
        FAILED = "failed", _("Misslyckades")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="jobs")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs"
    )
    kind = models.CharField(max_length=100)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    result = models.JSONField(default=dict, blank=True)
    result_url = models.CharField(max_length=300, blank=True)
    # The background task that does the work (vardag.core.jobs.job_enqueue): what to run again,
    # and which task result to watch for a worker that died.
    task_path = models.CharField(max_length=200, blank=True)
    task_args = models.JSONField(default=list, blank=True)
    task_id = models.CharField(max_length=64, blank=True, db_index=True)
    interrupted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bakgrundsjobb")
        verbose_name_plural = pgettext_lazy("plural", "bakgrundsjobb")  # same word as singular
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def can_rerun(self) -> bool:
        """A job whose worker died (not one that failed on its own) can be run again."""
        return (
            self.status == self.Status.FAILED
            and self.interrupted_at is not None
            and bool(self.task_path)
        )

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}


class WorkerLease(models.Model):
    """A running task worker says it is alive (vardag.core.jobs). A lease not renewed means the
    worker died: the tasks it had claimed are retried or failed by the sweep."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("arbetarprocessens livstecken")
        verbose_name_plural = _("arbetarprocessers livstecken")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"


class RateLimitWindow(models.Model):
    """Failed attempts from one client in one time window, for one kind of guessable secret.

    Kept in the database so the limit holds across processes and machines (the default cache
    is per process). The client is stored only as a keyed hash, never as an IP address.
    """

    scope = models.CharField(max_length=50)
    client = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("spärrfönster för försök")
        verbose_name_plural = pgettext_lazy(
            "plural", "spärrfönster för försök"
        )  # same word as singular
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "client", "window_start"], name="ratelimit_one_row_per_window"
            )
        ]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
