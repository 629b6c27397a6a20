"""Reads of the organisation admin area: only organisation admins, only their organisation."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from vardag.accounts.models import GroupMapping, Membership, User
from vardag.core.access import organisation_id, require
from vardag.core.actors import Actor
from vardag.core.models import AuditEvent, CollaborationAgreement, Organisation, Unit
from vardag.forums.models import Forum
from vardag.orgadmin.models import HrImport


def _admin_org_id(actor: Actor) -> int:
    org_id = organisation_id(actor)
    require(actor.is_org_admin)
    return org_id


def unit_admin_list(actor: Actor) -> QuerySet[Unit]:
    return (
        Unit.objects.filter(organisation_id=_admin_org_id(actor))
        .select_related("parent")
        .annotate(
            member_count=Count(
                "memberships", filter=Q(memberships__ends_on__isnull=True), distinct=True
            )
        )
    )


def access_admin_unit(actor: Actor, unit_id: int) -> Unit:
    return get_object_or_404(unit_admin_list(actor), pk=unit_id)


def unit_history(unit: Unit) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        organisation_id=unit.organisation_id, target_type="core.unit", target_id=str(unit.pk)
    ).select_related("actor")


def unit_memberships(unit: Unit) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(unit=unit)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "role")
    )


def person_list(
    actor: Actor, *, search: str = "", include_inactive: bool = False
) -> QuerySet[User]:
    qs = User.objects.filter(organisation_id=_admin_org_id(actor))
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if search:
        qs = qs.filter(
            Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
            | Q(email__icontains=search)
            | Q(username__icontains=search)
            | Q(external_id__iexact=search)
        )
    memberships = Membership.objects.select_related("unit").order_by("unit__name")
    return qs.prefetch_related(Prefetch("memberships", queryset=memberships)).order_by(
        "last_name", "first_name", "pk"
    )


def access_person(actor: Actor, user_id: int) -> User:
    return get_object_or_404(person_list(actor, include_inactive=True), pk=user_id)


def can_export_person_data(actor: Actor, person: User) -> bool:
    """Who may download a person's data (a register extract, GDPR art. 15): an organisation
    admin, for people of their own organisation. The person page offers it by this rule and
    `services.person_data_export` refuses by it."""
    return (
        bool(getattr(actor, "is_authenticated", False))
        and bool(getattr(actor, "is_org_admin", False))
        and actor.organisation_id is not None
        and person.organisation_id == actor.organisation_id
    )


def membership_admin_list(actor: Actor) -> QuerySet[Membership]:
    """The memberships of the admin's organisation (with the person and the unit they name)."""
    return Membership.objects.filter(unit__organisation_id=_admin_org_id(actor)).select_related(
        "unit", "user"
    )


def access_membership(actor: Actor, membership_id: int) -> Membership:
    return get_object_or_404(membership_admin_list(actor), pk=membership_id)


def agreement_admin_list(actor: Actor) -> QuerySet[CollaborationAgreement]:
    return (
        CollaborationAgreement.objects.filter(parties__id=_admin_org_id(actor))
        .distinct()
        .prefetch_related("parties", "unit_parties")
    )


def access_agreement(actor: Actor, agreement_id: int) -> CollaborationAgreement:
    return get_object_or_404(agreement_admin_list(actor), pk=agreement_id)


def partner_candidates(actor: Actor) -> QuerySet[Organisation]:
    """Organisations one may make an agreement with (every other organisation in Vardag)."""
    return Organisation.objects.exclude(pk=_admin_org_id(actor))


def group_mapping_list(actor: Actor) -> QuerySet[GroupMapping]:
    return GroupMapping.objects.filter(organisation_id=_admin_org_id(actor)).select_related("unit")


def access_group_mapping(actor: Actor, mapping_id: int) -> GroupMapping:
    return get_object_or_404(group_mapping_list(actor), pk=mapping_id)


def import_list(actor: Actor) -> QuerySet[HrImport]:
    return (
        HrImport.objects.filter(organisation_id=_admin_org_id(actor))
        .select_related("created_by", "job")
        .defer("content")
    )


def access_import(actor: Actor, import_id: int) -> HrImport:
    return get_object_or_404(
        HrImport.objects.filter(organisation_id=_admin_org_id(actor)).select_related("job"),
        pk=import_id,
    )


def import_history(hr_import: HrImport) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        organisation_id=hr_import.organisation_id,
        target_type="orgadmin.hrimport",
        target_id=str(hr_import.pk),
    ).select_related("actor")


def agreement_joint_forums(actor: Actor, agreement: CollaborationAgreement) -> QuerySet[Forum]:
    """Forums the agreement opens: one party owns them and another party's units take part."""
    own = _admin_org_id(actor)
    partners = [p.pk for p in agreement.parties.all() if p.pk != own]
    units = [u.pk for u in agreement.unit_parties.all()]
    across = Q(owner_unit__organisation_id=own, partner_units__organisation_id__in=partners) | Q(
        owner_unit__organisation_id__in=partners, partner_units__organisation_id=own
    )
    within = Q(owner_unit_id__in=units, partner_units__id__in=units)
    return (
        Forum.objects.filter(across | within)
        .distinct()
        .select_related("owner_unit__organisation")
        .order_by("name")
    )
