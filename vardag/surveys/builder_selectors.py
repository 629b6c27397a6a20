"""Reads of the questionnaire builder, scoped to the actor's organisation.

Sections, items and dimensions are reached through their questionnaire: a foreign or missing
questionnaire and an object of another questionnaire all give the same 404.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from vardag.core.actors import Actor
from vardag.surveys.builder import latest_version, version_has_answers
from vardag.surveys.models import Dimension, Item, Questionnaire, Section, Version


def access_section(actor: Actor, questionnaire: Questionnaire, section_id: int) -> Section:
    return get_object_or_404(
        Section.objects.select_related("version__questionnaire", "condition_item"),
        pk=section_id,
        version__questionnaire=questionnaire,
    )


def access_item(actor: Actor, questionnaire: Questionnaire, item_id: int) -> Item:
    return get_object_or_404(
        Item.objects.select_related("version__questionnaire", "section", "dimension"),
        pk=item_id,
        version__questionnaire=questionnaire,
    )


def access_dimension(actor: Actor, questionnaire: Questionnaire, dimension_id: int) -> Dimension:
    return get_object_or_404(
        Dimension.objects.select_related("version__questionnaire"),
        pk=dimension_id,
        version__questionnaire=questionnaire,
    )


def builder_contents(questionnaire: Questionnaire) -> Version:
    """The newest version with sections (and their conditions), items and dimensions loaded
    in a fixed number of queries, however many items there are."""
    version = latest_version(questionnaire)
    items = Item.objects.select_related("dimension").order_by("order", "id")
    sections = Section.objects.select_related("condition_item").order_by("order", "id")
    dimensions = Dimension.objects.order_by("order", "id")
    return (
        Version.objects.select_related("questionnaire")
        .prefetch_related(
            Prefetch("sections", queryset=sections),
            Prefetch("sections__items", queryset=items),
            Prefetch("dimensions", queryset=dimensions),
            Prefetch("dimensions__items", queryset=items.select_related("section")),
        )
        .get(pk=version.pk)
    )


def next_version_notice(questionnaire: Questionnaire) -> str:
    """What an edit will do to the versions, said before the edit is made ("" if nothing)."""
    latest = latest_version(questionnaire)
    if not version_has_answers(latest):
        return ""
    return _(
        "Ändringen skapar version %(n)s eftersom svar redan har kommit in på version %(current)s. "
        "Svaren och resultaten hör fortsatt till version %(current)s."
    ) % {"n": latest.number + 1, "current": latest.number}


def condition_items(version: Version) -> list[Item]:
    """Items a section's condition may use (the service checks that they come earlier)."""
    from vardag.surveys.builder import CONDITION_KINDS

    return list(
        version.items.filter(kind__in=CONDITION_KINDS)
        .select_related("section")
        .order_by("section__order", "order")
    )


def has_manager_wording(version: Version) -> bool:
    return version.items.exclude(manager_text_sv="").exists()


def condition_user(item: Item) -> Section | None:
    """A section whose condition uses the item (such an item cannot be deleted)."""
    return Section.objects.filter(condition_item=item).first()


def version_history(questionnaire: Questionnaire) -> QuerySet[Version]:
    """Every version, newest first, with how many rounds used it (one query)."""
    return questionnaire.versions.annotate(round_count=Count("rounds")).order_by("-number")
