"""Forums and the mandate register: the mandate check, pages and their rules."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from vardag.core.roles import Role
from vardag.core.testing import assert_constant_queries
from vardag.forums.models import DecisionType as D
from vardag.forums.models import Forum, ForumMembership, Mandate, MandateScope
from vardag.forums.selectors import MandateRequest, covering_mandates, mandate_refusal_reasons
from vardag.forums.tests.factories import governance

pytestmark = pytest.mark.django_db


def _request(world, **kw):
    return MandateRequest(
        decision_type=kw.pop("decision_type", D.GRANT_TIME),
        unit_ids=frozenset(kw.pop("units", [world.units["unit"].pk])),
        **kw,
    )


def test_manager_mandate_covers_own_subtree_only(world):
    gov = governance(world)
    ok = mandate_refusal_reasons(world.manager, gov.manager_mandate, _request(world, hours=40))
    assert ok == []
    school = _request(world, units=[world.units["unit"].pk, world.units["school"].pk])
    assert mandate_refusal_reasons(world.manager, gov.manager_mandate, school) == [
        "Idén berör enheter utanför mandatets omfattning."
    ]


def test_limits_type_role_and_validity_each_give_a_reason(world):
    gov = governance(world)
    reasons = mandate_refusal_reasons(
        world.employee,
        gov.manager_mandate,
        _request(world, decision_type=D.GRANT_MONEY, hours=41, amount_sek=1),
    )
    assert len(reasons) == 4  # type, amount, hours, role
    Mandate.objects.filter(pk=gov.manager_mandate.pk).update(
        valid_until=timezone.localdate() - timedelta(days=1)
    )
    gov.manager_mandate.refresh_from_db()
    reasons = mandate_refusal_reasons(world.manager, gov.manager_mandate, _request(world))
    assert reasons == ["Mandatet gäller inte på beslutsdagen."]


def test_forum_mandate_needs_membership_and_cross_org_scope(world):
    gov = governance(world)
    request = _request(world, decision_type=D.GRANT_MONEY, amount_sek=10_000)
    assert mandate_refusal_reasons(world.head, gov.management_mandate, request) == []
    reasons = mandate_refusal_reasons(world.employee, gov.management_mandate, request)
    assert "Du är inte ledamot i Ledningsgruppen socialförvaltningen" in reasons[0]
    crossing = _request(world, decision_type=D.GRANT_MONEY, crosses_organisations=True)
    assert (
        "flera organisationer"
        in mandate_refusal_reasons(world.head, gov.management_mandate, crossing)[0]
    )


def test_foreign_mandate_is_never_valid(world):
    gov = governance(world)
    assert mandate_refusal_reasons(world.foreign, gov.committee_mandate, _request(world))
    assert covering_mandates(world.foreign, _request(world)) == []


def test_covering_mandates_lists_what_the_actor_holds(world):
    gov = governance(world)
    found = covering_mandates(world.manager, _request(world, hours=30))
    assert gov.manager_mandate in found and gov.management_mandate in found


def test_mandate_constraint_requires_exactly_one_holder(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Mandate.objects.create(
            organisation=world.org,
            title="Fel",
            holder_role=Role.UNIT_MANAGER,
            holder_forum=Forum.objects.create(
                organisation=world.org, name="X", type="apt", owner_unit=world.units["unit"]
            ),
            decision_types=[D.REGISTER],
        )


def test_admin_registers_a_mandate_through_the_page(world, client_for):
    gov = governance(world)
    response = client_for("admin").post(
        reverse("forums:mandate_create"),
        {
            "title": "Rektor: registrera",
            "holder_role": Role.PRINCIPAL,
            "decision_types": [D.REGISTER, D.GRANT_TIME],
            "max_hours": 20,
            "scope": MandateScope.SUBTREE,
            "source_paragraph": "Delegationsordning BUN 3.2",
            "report_to": gov.committee.pk,
            "valid_from": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    mandate = Mandate.objects.get(title="Rektor: registrera")
    assert mandate.decision_types == [D.REGISTER, D.GRANT_TIME] and mandate.max_amount_sek is None
    # Both a forum and a role: refused with a message, nothing saved.
    both = client_for("admin").post(
        reverse("forums:mandate_create"),
        {
            "title": "Dubbel",
            "holder_role": Role.PRINCIPAL,
            "holder_forum": gov.apt.pk,
            "decision_types": [D.REGISTER],
            "scope": MandateScope.SUBTREE,
            "valid_from": timezone.localdate().isoformat(),
        },
    )
    assert both.status_code == 200
    assert "antingen ett forum eller en roll" in both.content.decode()
    assert client_for("manager").get(reverse("forums:mandate_create")).status_code == 403


def test_manager_creates_forum_and_adds_members(world, client_for):
    client = client_for("manager")
    response = client.post(
        reverse("forums:create"),
        {"name": "APT Mottagningen kväll", "type": "apt", "owner_unit": world.units["unit"].pk},
    )
    forum = Forum.objects.get(name="APT Mottagningen kväll")
    assert response.status_code == 302
    assert ForumMembership.objects.get(forum=forum, user=world.manager).role == "chair"
    client.post(
        reverse("forums:member_add", args=[forum.pk]),
        {"user": world.employee.pk, "role": "member"},
    )
    assert forum.members.filter(pk=world.employee.pk).exists()
    # A person from another municipality cannot be added.
    client.post(
        reverse("forums:member_add", args=[forum.pk]), {"user": world.foreign.pk, "role": "member"}
    )
    assert not forum.members.filter(pk=world.foreign.pk).exists()
    # The employee may not manage it; a manager of another unit may not create one for it.
    assert client_for("employee").get(reverse("forums:edit", args=[forum.pk])).status_code == 403
    assert (
        client_for("principal")
        .post(
            reverse("forums:create"),
            {"name": "Fel", "type": "apt", "owner_unit": world.units["unit"].pk},
        )
        .status_code
        == 403
    )


def test_forum_and_mandate_lists_use_constant_queries(world, client_for):
    client = client_for("manager")

    def grow(n: int) -> None:
        while Forum.objects.filter(organisation=world.org).count() < n:
            i = Forum.objects.count()
            forum = Forum.objects.create(
                organisation=world.org,
                name=f"Forum {i}",
                type="apt",
                owner_unit=world.units["unit"],
            )
            forum.partner_units.add(world.units["school"])
            ForumMembership.objects.create(forum=forum, user=world.manager)
            Mandate.objects.create(
                organisation=world.org,
                title=f"Mandat {i}",
                holder_forum=forum,
                holder_unit=world.units["unit"],
                decision_types=[D.REGISTER],
                report_to=forum,
            )

    assert_constant_queries(
        lambda: (client.get(reverse("forums:list")), client.get(reverse("forums:mandates"))),
        grow,
    )


def test_a_joint_forum_is_open_to_the_partner_only_while_the_agreement_is_active(world, client_for):
    from vardag.core.models import CollaborationAgreement
    from vardag.forums.selectors import forum_list

    agreement = CollaborationAgreement.objects.create(
        title="Samverkan barn och unga", valid_from=timezone.localdate() - timedelta(days=10)
    )
    agreement.parties.set([world.org, world.other_org])
    joint = Forum.objects.create(
        organisation=world.org,
        name="Samverkansgrupp Ekbacka–Norrvik",
        type="collaboration_group",
        owner_unit=world.units["administration"],
    )
    joint.partner_units.set([world.units["other_unit"]])
    url = reverse("forums:detail", args=[joint.pk])
    assert joint in forum_list(world.foreign)
    assert client_for("foreign").get(url).status_code == 200
    # The agreement ends: the partner no longer sees the forum, its owner still does.
    agreement.valid_until = timezone.localdate() - timedelta(days=1)
    agreement.save()
    assert joint not in forum_list(world.foreign)
    assert client_for("foreign").get(url).status_code == 404
    assert joint in forum_list(world.manager)


def test_a_mandate_without_money_says_so_and_the_guide_names_no_amount(world, client_for):
    """A limit of 0 kr is "without a financial mandate", never "up to 0 kr"; no limit (None)
    stays "no amount limit"."""
    from vardag.forums.tests.factories import governance

    gov = governance(world)
    client = client_for("employee")
    page = client.get(reverse("forums:mandate", args=[gov.manager_mandate.pk])).content.decode()
    assert gov.manager_mandate.max_amount_sek == 0
    assert "Utan ekonomiskt mandat" in page and "0 kr" not in page
    register = client.get(reverse("forums:mandates")).content.decode()
    assert register.count("Utan ekonomiskt mandat") == 1  # the manager's; the others have money
    assert "Ingen beloppsgräns" in register  # the committee's mandate has no limit
    guide = client.get(
        reverse("ideas:guide"),
        {"units": world.units["unit"].pk, "decision_type": "register", "hours": 0, "amount_sek": 0},
    ).content.decode()
    assert "Enhetschef: registrera och bevilja tid" in guide
    assert "Upp till 0 kr" not in guide and "Upp till 40 timmar" in guide


def test_a_mandate_lists_each_decision_type_once(world):
    early, middle = [D.REGISTER, D.GRANT_TIME], [D.GRANT_TIME, D.ESCALATE]
    mandate = Mandate.objects.create(
        organisation=world.org,
        title="Samverkan",
        holder_role=Role.UNIT_MANAGER,
        decision_types=[*early, *middle],
    )
    mandate.refresh_from_db()
    assert mandate.decision_types == [D.REGISTER, D.GRANT_TIME, D.ESCALATE]
    assert len(mandate.decision_type_labels()) == 3
