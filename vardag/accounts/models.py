"""People: a custom User from the start, memberships (user × unit × role), API tokens."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vardag.core.models import Organisation, Unit
from vardag.core.roles import INNOVATION_ROLES, MANAGER_ROLES, Role


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("befattning"), max_length=200, blank=True)
    external_id = models.CharField(
        _("externt id"), max_length=255, blank=True, help_text=_("Stabilt id från HR eller SSO")
    )
    sessions_valid_after = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["first_name", "last_name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "external_id"],
                condition=~Q(external_id=""),
                name="user_external_id_unique_per_org",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @cached_property
    def active_memberships(self) -> list[Membership]:
        today = timezone.localdate()
        return list(
            self.memberships.filter(starts_on__lte=today)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
            .select_related("unit")
        )

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(m.role for m in self.active_memberships)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def unit_ids_with_role(self, *roles: str) -> set[int]:
        return {m.unit_id for m in self.active_memberships if m.role in roles}

    @property
    def unit_ids(self) -> set[int]:
        return {m.unit_id for m in self.active_memberships}

    @property
    def is_org_admin(self) -> bool:
        return self.has_role(Role.ADMIN)

    @property
    def is_manager(self) -> bool:
        return self.has_role(*MANAGER_ROLES)

    @property
    def is_innovation_staff(self) -> bool:
        return self.has_role(*INNOVATION_ROLES)


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("roll"), max_length=30, choices=Role.choices)
    starts_on = models.DateField(_("från"), default=timezone.localdate)
    ends_on = models.DateField(_("till"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit__name", "role"]
        verbose_name = _("uppdrag")
        verbose_name_plural = _("uppdrag")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}, {self.unit}"


class ApiToken(models.Model):
    """A personal API token: shown once, stored as a SHA-256 digest, revocable."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("namn"), max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
