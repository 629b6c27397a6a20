"""People: a custom User from the start, memberships (user × unit × role), API tokens."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
    language = models.CharField(
        _("språk"),
        max_length=10,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("Språket i Vardag och i aviseringar; tomt: organisationens språk."),
    )

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

    @property
    def preferred_language(self) -> str:
        """The person's own choice, else the organisation's language, else Swedish."""
        supported = {code for code, _name in settings.LANGUAGES}
        organisation = self.organisation
        for code in (self.language, getattr(organisation, "default_language", "")):
            if code in supported:
                return code
        return settings.LANGUAGE_CODE

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
    class Source(models.TextChoices):
        MANUAL = "manual", _("Manuellt")
        HR = "hr", _("HR-import")
        SSO = "sso", _("Inloggningsgrupp")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("roll"), max_length=30, choices=Role.choices)
    starts_on = models.DateField(_("från"), default=timezone.localdate)
    ends_on = models.DateField(_("till"), null=True, blank=True)
    source = models.CharField(
        _("källa"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit__name", "role"]
        verbose_name = _("uppdrag")
        verbose_name_plural = pgettext_lazy("plural", "uppdrag")  # same word as singular
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
    request_key = models.CharField(max_length=64, blank=True)  # vardag.core.once

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "request_key"],
                condition=~models.Q(request_key=""),
                name="api_token_request_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class UserSession(models.Model):
    """One signed-in browser session, so a person can see and end their sessions."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="browser_sessions")
    session_key = models.CharField(max_length=64, unique=True)
    user_agent = models.CharField(_("webbläsare"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adress"), null=True, blank=True)
    method = models.CharField(_("inloggningssätt"), max_length=20, default="password")
    created_at = models.DateTimeField(_("inloggad"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("senast aktiv"), default=timezone.now)
    ended_at = models.DateTimeField(_("avslutad"), null=True, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]
        verbose_name = _("inloggning")
        verbose_name_plural = _("inloggningar")

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class OidcIdentity(models.Model):
    """Links a person to the stable subject (sub/oid) of an OpenID Connect provider."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="oidc_identities")
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    last_login_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("inloggningsidentitet")
        verbose_name_plural = _("inloggningsidentiteter")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="oidc_identity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.subject}"


class GroupMapping(models.Model):
    """A group claim from the identity provider that gives a role in a unit (set by the admin)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="group_mappings"
    )
    group = models.CharField(
        _("grupp"), max_length=255, help_text=_("Gruppens id eller namn i gruppanspråket")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="group_mappings", verbose_name=_("enhet")
    )
    role = models.CharField(_("roll"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group", "unit__name"]
        verbose_name = _("gruppkoppling")
        verbose_name_plural = _("gruppkopplingar")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "group", "unit", "role"], name="group_mapping_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.get_role_display()}, {self.unit}"
