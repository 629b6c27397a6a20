"""Reads of the records area: organisation admins (who handle retention, erasure and disclosure
for the organisation, with the data protection officer), their own organisation only."""

from __future__ import annotations

from django.db.models import Case, CharField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from vardag.core.access import organisation_id, require
from vardag.core.actors import Actor
from vardag.core.models import AuditEvent
from vardag.ideas import selectors as idea_selectors
from vardag.records import documents
from vardag.records.documents import Document
from vardag.records.kinds import KINDS, OWN_TRAIL_PREFIXES
from vardag.records.models import Disclosure, ErasureRequest, RetentionRule


def admin_org_id(actor: Actor) -> int:
    org_id = organisation_id(actor)
    require(bool(getattr(actor, "is_org_admin", False)))
    return org_id


def retention_rule_list(actor: Actor) -> QuerySet[RetentionRule]:
    return RetentionRule.objects.filter(organisation_id=admin_org_id(actor)).select_related(
        "updated_by"
    )


def kinds_without_rule(org_id: int) -> list[str]:
    """The kinds of record the organisation has no retention rule for yet: the only ones a new
    rule can be for (one rule per kind; the rule for a kind is changed, not added again)."""
    taken = set(RetentionRule.objects.filter(organisation_id=org_id).values_list("kind", flat=True))
    return [key for key in KINDS if key not in taken]


def open_rule_kinds(actor: Actor) -> list[str]:
    return kinds_without_rule(admin_org_id(actor))


def visible_retention_rules(actor: Actor) -> QuerySet[RetentionRule]:
    """The rules the reader may see (for the event log's names): an admin's organisation's, or
    none; never refuses."""
    if not getattr(actor, "is_org_admin", False) or getattr(actor, "organisation_id", None) is None:
        return RetentionRule.objects.none()
    return retention_rule_list(actor)


def visible_erasure_requests(actor: Actor) -> QuerySet[ErasureRequest]:
    if not getattr(actor, "is_org_admin", False) or getattr(actor, "organisation_id", None) is None:
        return ErasureRequest.objects.none()
    return erasure_request_list(actor)


def access_retention_rule(actor: Actor, rule_id: int) -> RetentionRule:
    return get_object_or_404(retention_rule_list(actor), pk=rule_id)


def erasure_request_list(actor: Actor) -> QuerySet[ErasureRequest]:
    return (
        ErasureRequest.objects.filter(organisation_id=admin_org_id(actor))
        .select_related("subject", "created_by")
        .prefetch_related("subject__memberships__unit")
    )


def access_erasure_request(actor: Actor, request_id: int) -> ErasureRequest:
    return get_object_or_404(erasure_request_list(actor), pk=request_id)


def records_trail(actor: Actor) -> QuerySet[AuditEvent]:
    """What the retention job, erasure requests and disclosures did in the organisation."""
    own = Q()
    for prefix in OWN_TRAIL_PREFIXES:
        own |= Q(action__startswith=prefix)
    return (
        AuditEvent.objects.filter(organisation_id=admin_org_id(actor))
        .filter(own)
        .order_by("-created_at", "-id")
    )


def disclosure_list(actor: Actor) -> QuerySet[Disclosure]:
    return Disclosure.objects.filter(organisation_id=admin_org_id(actor)).select_related(
        "created_by", "decided_by"
    )


def named_disclosures(actor: Actor) -> QuerySet[Disclosure]:
    """The disclosures with `idea_title`: the title of the idea a disclosure is about (or the
    idea its decision is about), where the reader may see that idea, else None. One query: the
    event log and the records trail name a disclosure by what it is about."""
    visible = idea_selectors.own_idea_base(actor)  # a disclosure is of the own organisation
    own_idea = visible.filter(pk=OuterRef("document_id")).values("title")[:1]
    decided_idea = visible.filter(decisions__pk=OuterRef("document_id")).values("title")[:1]
    return disclosure_list(actor).annotate(
        idea_title=Case(
            When(document_type=Disclosure.DocumentType.IDEA, then=Subquery(own_idea)),
            When(document_type=Disclosure.DocumentType.DECISION, then=Subquery(decided_idea)),
            default=Value(None, output_field=CharField()),
        )
    )


def disclosure_name(disclosure: Disclosure) -> str:
    """What a disclosure is about in the reader's language: "Idé: Bättre schema" where the
    reader may see the idea (from `named_disclosures`), else "Idé: nr 10"."""
    title = getattr(disclosure, "idea_title", None)
    if disclosure.document_type == Disclosure.DocumentType.DECISION and title:
        what = _("beslut nr %(id)s om %(title)s") % {"id": disclosure.document_id, "title": title}
    else:
        what = title or _("nr %(id)s") % {"id": disclosure.document_id}
    return f"{disclosure.get_document_type_display()}: {what}"


def access_disclosure(actor: Actor, disclosure_id: int) -> Disclosure:
    return get_object_or_404(disclosure_list(actor), pk=disclosure_id)


def disclosure_document(disclosure: Disclosure) -> Document:
    document = documents.load(
        disclosure.document_type, disclosure.document_id, disclosure.organisation_id
    )
    if document is None:
        raise Http404
    return document


def disclosure_masks(disclosure: Disclosure) -> dict[str, str]:
    return dict(disclosure.masks.values_list("part_key", "ground"))
