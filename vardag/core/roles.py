"""Roles a person can hold in a unit (DOMAIN.md: Role)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EMPLOYEE = "employee", _("Medarbetare")
    UNIT_MANAGER = "unit_manager", _("Enhetschef")
    PRINCIPAL = "principal", _("Rektor")
    ADMINISTRATION_HEAD = "administration_head", _("Förvaltningschef")
    INNOVATION_LEAD = "innovation_lead", _("Innovationsledare")
    SERVICE_DESIGNER = "service_designer", _("Tjänstedesigner")
    RESEARCHER = "researcher", _("Forskare")
    COMMITTEE_MEMBER = "committee_member", _("Nämndledamot")
    ADMIN = "admin", _("Administratör")


MANAGER_ROLES = frozenset({Role.UNIT_MANAGER, Role.PRINCIPAL, Role.ADMINISTRATION_HEAD})
INNOVATION_ROLES = frozenset({Role.INNOVATION_LEAD, Role.SERVICE_DESIGNER})
