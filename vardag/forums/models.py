"""Forums (mötesforum) and the mandate register (delegationsordning).

A Forum is one of the ordinary meeting and decision structures (APT, ledningsgrupp, nämnd …)
with an owner unit, members and partner units. A Mandate is one row of the delegation order:
who may decide what, up to which amount and hours, within which scope, and to whom it reports.
Decisions themselves live in vardag.ideas (they are decisions on ideas).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vardag.core.models import Organisation, Unit
from vardag.core.roles import Role


class ForumType(models.TextChoices):
    APT = "apt", _("APT")
    MANAGEMENT_TEAM = "management_team", _("Ledningsgrupp")
    PRINCIPALS_GROUP = "principals_group", _("Rektorsgrupp")
    ADMINISTRATION_MANAGEMENT = "administration_management", _("Förvaltningsledning")
    COLLABORATION_GROUP = "collaboration_group", _("Samverkansgrupp")
    INNOVATION_COUNCIL = "innovation_council", _("Innovationsråd")
    COMMITTEE = "committee", _("Nämnd")


class DecisionType(models.TextChoices):
    """Every kind of decision on an idea (DOMAIN.md: the state machine's transitions)."""

    REGISTER = "register", _("G0 Registrera")
    GRANT_TIME = "grant_time", _("G1 Beslut tid")
    GRANT_MONEY = "grant_money", _("G2 Beslut pengar")
    START_PILOT = "start_pilot", _("Starta pilot")
    EVALUATE = "evaluate", _("Utvärdera")
    ITERATE = "iterate", _("Iterera pilot")
    SCALE_UP = "scale_up", _("G3 Beslut skala upp")
    IMPLEMENTED = "implemented", _("Införd")
    ESCALATE = "escalate", _("Lyfta till annat forum")
    TRANSFER = "transfer", _("Överlämna")
    ON_HOLD = "on_hold", _("Vilande")
    RESUME = "resume", _("Återuppta")
    ARCHIVE = "archive", _("Arkivera")
    REVIEW = "review", _("Omprövning")


class MandateScope(models.TextChoices):
    UNIT = "unit", _("Den egna enheten")
    SUBTREE = "subtree", _("Enheten och enheter under den")
    ORGANISATION = "organisation", _("Hela organisationen")
    CROSS_ORGANISATION = "cross_organisation", _("Över organisationsgränser (med överenskommelse)")


class Forum(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="forums",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("namn"), max_length=200)
    type = models.CharField(_("typ"), max_length=30, choices=ForumType.choices)
    owner_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="owned_forums", verbose_name=_("ägarenhet")
    )
    partner_units = models.ManyToManyField(
        Unit,
        blank=True,
        related_name="partner_forums",
        verbose_name=_("samverkande enheter"),
        help_text=_("Enheter, även i andra organisationer med överenskommelse, som deltar."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ForumMembership",
        related_name="forums",
        verbose_name=_("ledamöter"),
    )
    description = models.TextField(_("beskrivning"), blank=True)
    cadence = models.CharField(
        _("mötesrytm"), max_length=200, blank=True, help_text=_("Till exempel: varannan tisdag")
    )
    closed_at = models.DateField(_("avvecklat"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("mötesforum")
        verbose_name_plural = pgettext_lazy("plural", "mötesforum")  # same word as singular
        indexes = [models.Index(fields=["organisation", "type"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.closed_at is None or self.closed_at > timezone.localdate()


class ForumMembership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Ordförande")
        SECRETARY = "secretary", _("Sekreterare")
        MEMBER = "member", _("Ledamot")

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_memberships"
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["forum", "role", "user"]
        verbose_name = _("ledamot i forum")
        verbose_name_plural = _("ledamöter i forum")
        constraints = [
            models.UniqueConstraint(fields=["forum", "user"], name="forum_membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}, {self.forum}"


class Mandate(models.Model):
    """One point in the delegation order.

    The holder is either a forum (its members record the forum's decisions) or a role in a unit
    (`holder_role`; with `holder_unit` empty the role counts in whichever unit the person holds it).
    Empty `max_amount_sek` / `max_hours` mean no limit of that kind in this mandate.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="mandates",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("benämning"), max_length=200)
    holder_forum = models.ForeignKey(
        Forum,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mandates",
        verbose_name=_("mandatet innehas av forum"),
    )
    holder_role = models.CharField(
        _("mandatet innehas av roll"), max_length=30, choices=Role.choices, blank=True
    )
    holder_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mandates",
        verbose_name=_("enhet för rollen"),
        help_text=_("Lämna tom om rollen gäller i den enhet där personen har den."),
    )
    decision_types = models.JSONField(_("beslutstyper"), default=list)
    max_amount_sek = models.PositiveIntegerField(_("högsta belopp (kr)"), null=True, blank=True)
    max_hours = models.PositiveIntegerField(_("högsta antal timmar"), null=True, blank=True)
    scope = models.CharField(
        _("omfattning"), max_length=30, choices=MandateScope.choices, default=MandateScope.SUBTREE
    )
    source_paragraph = models.CharField(
        _("punkt i delegationsordningen"), max_length=200, blank=True
    )
    report_to = models.ForeignKey(
        Forum,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_mandates",
        verbose_name=_("anmäls till"),
    )
    valid_from = models.DateField(_("gäller från"), default=timezone.localdate)
    valid_until = models.DateField(_("gäller till"), null=True, blank=True)
    notes = models.TextField(_("anteckningar"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("mandat")
        verbose_name_plural = pgettext_lazy("plural", "mandat")  # same word as singular
        constraints = [
            models.CheckConstraint(
                condition=(Q(holder_forum__isnull=False) & Q(holder_role=""))
                | (Q(holder_forum__isnull=True) & ~Q(holder_role="")),
                name="mandate_exactly_one_holder",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="mandate_valid_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Each decision type once, in the order given (a delegation order lists groups of types
        # that may overlap; the register printed "G1 Beslut tid" twice).
        self.decision_types = list(dict.fromkeys(self.decision_types or []))
        super().save(*args, **kwargs)

    @property
    def holder_label(self) -> str:
        if self.holder_forum_id is not None:
            return str(self.holder_forum)
        role = Role(self.holder_role).label if self.holder_role else ""
        return f"{role}, {self.holder_unit}" if self.holder_unit_id else str(role)

    def decision_type_labels(self) -> list[str]:
        labels = dict(DecisionType.choices)
        return [str(labels.get(code, code)) for code in self.decision_types]

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_until is None or self.valid_until >= day)
