"""Models of vardag.orgadmin: HR imports (file, column mapping, dry run, apply)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vardag.core.models import Job, Organisation


class HrImport(models.Model):
    """One uploaded HR or directory export, from mapping through dry run to apply."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uppladdad")
        CHECKED = "checked", _("Provkörd")
        APPLYING = "applying", _("Genomförs")
        APPLIED = "applied", _("Genomförd")
        FAILED = "failed", _("Misslyckades")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="hr_imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="hr_imports"
    )
    file_name = models.CharField(_("fil"), max_length=255)
    content = models.BinaryField()
    file_format = models.CharField(_("format"), max_length=10)
    encoding = models.CharField(_("teckenkodning"), max_length=20, blank=True)
    delimiter = models.CharField(_("avgränsare"), max_length=1, blank=True)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    row_count = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    rejected = models.JSONField(default=list, blank=True)

    class Scope(models.TextChoices):
        ORGANISATION = "organisation", _("Hela organisationen")
        FILE = "file", _("Bara enheterna i filen")

    scope = models.CharField(
        _("omfattning"), max_length=12, choices=Scope.choices, blank=True, default=""
    )
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("HR-import")
        verbose_name_plural = _("HR-importer")

    def __str__(self) -> str:
        return self.file_name

    @property
    def can_apply(self) -> bool:
        return self.status == self.Status.CHECKED and not self.rejected

    @property
    def scopes(self) -> dict[str, Any]:
        """What each scope would close, from the dry run (empty before it)."""
        return dict(self.summary.get("scopes", {}))

    @property
    def needs_scope(self) -> bool:
        """The import closes something outside the file's units: the admin must choose."""
        scopes = self.scopes
        return bool(scopes) and scopes.get("organisation") != scopes.get("file")
