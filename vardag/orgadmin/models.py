"""Models of vardag.orgadmin: HR imports (file, column mapping, dry run, apply)."""

from __future__ import annotations

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
