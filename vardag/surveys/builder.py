"""Writes of the questionnaire builder: questionnaires, versions, sections, dimensions, items.

Versions are frozen at their first response. Every edit goes through `editable_version`, which
returns the newest version, or a copy of it when answers have come in (a new version N+1). The
object being edited must belong to the newest version; it is then found again in the copy
(items and dimensions by code, sections by order), so one edit never touches an answered version.

After every edit the conditions of the version are checked as a whole (`_check_conditions`): a
section can only depend on a scale, yes/no or single-choice item in an earlier section, with a
value that item can have. An edit that would break one is refused and rolls back entirely,
including the new version it would have made.

Refusals are `ValidationError`s: views show them on the form (`save_or_errors`) or as a message
(`act_or_message`); the API answers 422.
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from vardag.core import audit
from vardag.core.actors import Actor
from vardag.core.models import Organisation
from vardag.surveys import instrument
from vardag.surveys.models import (
    Dimension,
    Item,
    Questionnaire,
    Response,
    Section,
    Version,
)

Direction = Literal["up", "down"]
CONDITION_KINDS = {
    Item.Kind.LIKERT4,
    Item.Kind.LIKERT5,
    Item.Kind.LIKERT7,
    Item.Kind.YES_NO,
    Item.Kind.SINGLE,
}
CHOICE_KINDS = {Item.Kind.SINGLE, Item.Kind.MULTIPLE}
SCALE_KINDS = {Item.Kind.LIKERT4, Item.Kind.LIKERT5, Item.Kind.LIKERT7}


# ---- questionnaires and versions -------------------------------------------------------------


@transaction.atomic
def questionnaire_create(
    *,
    actor: Actor,
    organisation: Organisation,
    title: str,
    description: str = "",
    kind: str = "other",
    instrument_version: str = "",
) -> Questionnaire:
    questionnaire = Questionnaire.objects.create(
        organisation=organisation,
        title=title,
        description=description,
        kind=kind,
        instrument_version=instrument_version,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    Version.objects.create(questionnaire=questionnaire, number=1)
    audit.record(actor, "questionnaire.created", target=questionnaire)
    return questionnaire


def _copy_version(version: Version) -> Version:
    """A new editable version with the same sections, dimensions, items and conditions."""
    new = Version.objects.create(questionnaire=version.questionnaire, number=version.number + 1)
    dims = {}
    for dim in version.dimensions.all():
        old_pk = dim.pk
        dim.pk, dim.version = None, new
        dim.save()
        dims[old_pk] = dim
    sections, items = {}, {}
    for section in version.sections.all():
        old_pk = section.pk
        cond_item, cond_value = section.condition_item_id, section.condition_value
        section.pk, section.version, section.condition_item = None, new, None
        section.save()
        sections[old_pk] = (section, cond_item, cond_value)
    for item in version.items.all():
        old_pk = item.pk
        item.pk, item.version = None, new
        item.section = sections[item.section_id][0]
        item.dimension = dims.get(item.dimension_id)  # type: ignore[arg-type]  # no dimension is None, as before
        item.save()
        items[old_pk] = item
    for section, cond_item, cond_value in sections.values():
        if cond_item in items:
            section.condition_item = items[cond_item]
            section.condition_value = cond_value
            section.save(update_fields=["condition_item", "condition_value"])
    return new


def version_has_answers(version: Version) -> bool:
    """Frozen, or answers exist (web answers freeze it; imported ones may not have)."""
    return version.is_frozen or Response.objects.filter(round__version=version).exists()


def latest_version(questionnaire: Questionnaire) -> Version:
    latest = questionnaire.versions.order_by("-number").first()
    assert latest is not None
    return latest


def editable_version(*, actor: Actor, questionnaire: Questionnaire) -> Version:
    """The version to edit: the newest one, or a fresh copy if answers have come in.

    The questionnaire row is locked first, so two simultaneous edits of an answered version make
    one new version, not two (PostgreSQL; SQLite serialises writers anyway).
    """
    Questionnaire.objects.select_for_update().filter(pk=questionnaire.pk).first()
    latest = latest_version(questionnaire)
    if not version_has_answers(latest):
        return latest
    if not latest.is_frozen:
        latest.frozen_at = timezone.now()
        latest.save(update_fields=["frozen_at"])
    new = _copy_version(latest)
    audit.record(
        actor, "questionnaire.versioned", target=questionnaire, data={"version": new.number}
    )
    return new


def _editable_for(actor: Actor, questionnaire: Questionnaire, version_id: int) -> Version:
    """The editable version, provided the object edited belongs to the newest version."""
    Questionnaire.objects.select_for_update().filter(pk=questionnaire.pk).first()
    if latest_version(questionnaire).pk != version_id:
        raise ValidationError(
            _(
                "Enkäten har ändrats sedan sidan öppnades, så ändringen gjordes inte. "
                "Öppna enkäten igen och gör om ändringen."
            )
        )
    return editable_version(actor=actor, questionnaire=questionnaire)


def _record(actor: Actor, action: str, version: Version, **data: Any) -> None:
    audit.record(
        actor,
        f"questionnaire.{action}",
        target=version.questionnaire,
        data={**data, "version": version.number},
    )


# ---- checks ----------------------------------------------------------------------------------


def _check_conditions(version: Version) -> None:
    """Every condition of the version points to an earlier answerable item and a value it has."""
    sections = version.sections.select_related("condition_item__section")
    for section in sections:
        item = section.condition_item
        if item is None:
            continue
        names = {"section": section.title_sv, "code": item.code}
        if item.kind not in CONDITION_KINDS:
            raise ValidationError(
                _(
                    "Avsnittet ”%(section)s” visas bara vid ett visst svar på %(code)s, men den "
                    "frågans svarstyp kan inte styra ett villkor (välj en skala, ja/nej eller "
                    "ett val)."
                )
                % names
            )
        if item.section.order >= section.order:
            raise ValidationError(
                _(
                    "Avsnittet ”%(section)s” visas bara vid ett visst svar på %(code)s, så "
                    "frågan måste komma i ett tidigare avsnitt."
                )
                % names
            )
        if section.condition_value not in item.allowed_values():
            raise ValidationError(
                _(
                    "Avsnittet ”%(section)s” visas bara om %(code)s har svaret %(value)s, "
                    "men den frågan kan inte få det svaret."
                )
                % {**names, "value": section.condition_value}
            )


def _clean_choices(kind: str, choices: list[list[str]] | None) -> list[list[str]]:
    """Options of single/multiple choice: whole-number values (for SPSS), unique, two or more."""
    if kind not in CHOICE_KINDS:
        return []
    cleaned: list[list[str]] = []
    for option in choices or []:
        value = str(option[0]).strip() if option else ""
        try:
            number = int(value)
        except ValueError:
            raise ValidationError(
                {"choices": _("Svarsalternativens värden ska vara heltal, t.ex. 1, 2, 3.")}
            ) from None
        label_sv = str(option[1]).strip() if len(option) > 1 and option[1] else value
        label_en = str(option[2]).strip() if len(option) > 2 and option[2] else ""
        cleaned.append([str(number), label_sv, label_en])
    if len(cleaned) < 2:
        raise ValidationError({"choices": _("Ange minst två svarsalternativ.")})
    if len({c[0] for c in cleaned}) != len(cleaned):
        raise ValidationError({"choices": _("Två svarsalternativ har samma värde.")})
    return cleaned


def _check_item(item: Item) -> None:
    if item.kind not in Item.Kind.values:
        raise ValidationError({"kind": _("Okänd svarstyp.")})
    if item.is_reversed and item.kind not in SCALE_KINDS:
        raise ValidationError({"is_reversed": _("Bara frågor med skala kan vändas.")})
    if item.dimension_id is None:
        return
    if item.kind not in SCALE_KINDS:
        raise ValidationError(
            {"dimension_code": _("Bara frågor med skala kan höra till en dimension.")}
        )
    others = Item.objects.filter(dimension_id=item.dimension_id).exclude(pk=item.pk)
    if others.exclude(kind=item.kind).exists():
        raise ValidationError(
            {
                "kind": _(
                    "Dimensionens andra frågor har en annan skala; en dimension räknas på en "
                    "och samma skala."
                )
            }
        )


def _section_by_order(version: Version, order: int) -> Section:
    section = version.sections.filter(order=order).first()
    if section is None:
        raise ValidationError({"section_order": _("Avsnittet finns inte.")})
    return section


def _dimension_by_code(version: Version, code: str) -> Dimension | None:
    if not code:
        return None
    dimension = version.dimensions.filter(code=code).first()
    if dimension is None:
        raise ValidationError({"dimension_code": _("Dimensionen finns inte.")})
    return dimension


def _condition_item(version: Version, code: str) -> Item | None:
    if not code:
        return None
    item = version.items.filter(code=code).first()
    if item is None:
        raise ValidationError(
            {"condition_item_code": _("Det finns ingen fråga med det variabelnamnet.")}
        )
    return item


def _renumber(rows: list[Any]) -> None:
    """Dense, unique order 1..n in the given sequence (only changed rows are written)."""
    for index, row in enumerate(rows, start=1):
        if row.order != index:
            row.order = index
            row.save(update_fields=["order"])


def _swap(rows: list[Any], row: Any, direction: Direction) -> None:
    """Swap `row` with its neighbour and renumber densely; `row` gets its new order."""
    index = [r.pk for r in rows].index(row.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(rows):
        raise ValidationError(
            _("Den ligger redan först.") if direction == "up" else _("Den ligger redan sist.")
        )
    rows[index], rows[other] = rows[other], rows[index]
    _renumber(rows)
    row.order = other + 1


# ---- sections --------------------------------------------------------------------------------


@transaction.atomic
def section_add(
    *,
    actor: Actor,
    questionnaire: Questionnaire,
    title_sv: str,
    title_en: str = "",
    condition_item_code: str = "",
    condition_value: str = "",
) -> Section:
    version = editable_version(actor=actor, questionnaire=questionnaire)
    order = (version.sections.aggregate(m=Max("order"))["m"] or 0) + 1
    condition_item = _condition_item(version, condition_item_code)
    section = Section.objects.create(
        version=version,
        order=order,
        title_sv=title_sv,
        title_en=title_en,
        condition_item=condition_item,
        condition_value=condition_value.strip() if condition_item else "",
    )
    _check_conditions(version)
    _record(actor, "section_added", version, title=title_sv)
    return section


@transaction.atomic
def section_update(
    *,
    actor: Actor,
    section: Section,
    title_sv: str,
    title_en: str = "",
    condition_item_code: str = "",
    condition_value: str = "",
) -> Section:
    questionnaire = section.version.questionnaire
    version = _editable_for(actor, questionnaire, section.version_id)
    target = version.sections.get(order=section.order)
    target.title_sv, target.title_en = title_sv, title_en
    target.condition_item = _condition_item(version, condition_item_code)
    target.condition_value = condition_value.strip() if target.condition_item else ""
    target.save()
    _check_conditions(version)
    _record(actor, "section_updated", version, title=title_sv)
    return target


@transaction.atomic
def section_delete(*, actor: Actor, section: Section) -> Version:
    """Delete a section and its items; refused while another section's condition uses one."""
    questionnaire = section.version.questionnaire
    version = _editable_for(actor, questionnaire, section.version_id)
    target = version.sections.get(order=section.order)
    dependant = (
        version.sections.filter(condition_item__section=target)
        .exclude(pk=target.pk)
        .select_related("condition_item")
        .first()
    )
    if dependant is not None and dependant.condition_item is not None:
        raise ValidationError(
            _(
                "Avsnittet kan inte tas bort: avsnittet ”%(other)s” visas bara vid ett visst "
                "svar på %(code)s i det här avsnittet. Ändra det villkoret först."
            )
            % {"other": dependant.title_sv, "code": dependant.condition_item.code}
        )
    title = target.title_sv
    target.delete()
    _renumber(list(version.sections.order_by("order", "id")))
    _record(actor, "section_deleted", version, title=title)
    return version


@transaction.atomic
def section_move(*, actor: Actor, section: Section, direction: Direction) -> Section:
    questionnaire = section.version.questionnaire
    version = _editable_for(actor, questionnaire, section.version_id)
    target = version.sections.get(order=section.order)
    _swap(list(version.sections.order_by("order", "id")), target, direction)
    _check_conditions(version)
    _record(actor, "section_moved", version, title=target.title_sv, direction=direction)
    return target


# ---- dimensions ------------------------------------------------------------------------------


@transaction.atomic
def dimension_add(
    *,
    actor: Actor,
    questionnaire: Questionnaire,
    code: str,
    name_sv: str,
    name_en: str = "",
    description_sv: str = "",
    description_en: str = "",
) -> Dimension:
    version = editable_version(actor=actor, questionnaire=questionnaire)
    if version.dimensions.filter(code=code).exists():
        raise ValidationError({"code": _("Koden används redan av en annan dimension.")})
    order = (version.dimensions.aggregate(m=Max("order"))["m"] or 0) + 1
    dim = Dimension.objects.create(
        version=version,
        code=code,
        name_sv=name_sv,
        name_en=name_en,
        description_sv=description_sv,
        description_en=description_en,
        order=order,
    )
    _record(actor, "dimension_added", version, code=code)
    return dim


@transaction.atomic
def dimension_update(
    *,
    actor: Actor,
    dimension: Dimension,
    name_sv: str,
    name_en: str = "",
    description_sv: str = "",
    description_en: str = "",
) -> Dimension:
    """Rename and describe; the code stays (results are compared between rounds by it)."""
    questionnaire = dimension.version.questionnaire
    version = _editable_for(actor, questionnaire, dimension.version_id)
    target = version.dimensions.get(code=dimension.code)
    target.name_sv, target.name_en = name_sv, name_en
    target.description_sv, target.description_en = description_sv, description_en
    target.save()
    _record(actor, "dimension_updated", version, code=target.code)
    return target


@transaction.atomic
def dimension_delete(*, actor: Actor, dimension: Dimension) -> Version:
    questionnaire = dimension.version.questionnaire
    version = _editable_for(actor, questionnaire, dimension.version_id)
    target = version.dimensions.get(code=dimension.code)
    codes = list(target.items.order_by("section__order", "order").values_list("code", flat=True))
    if codes:
        raise ValidationError(
            _(
                "Dimensionen kan inte tas bort eftersom frågorna %(codes)s hör till den. Flytta "
                "frågorna till en annan dimension eller ta bort dem först."
            )
            % {"codes": ", ".join(codes)}
        )
    target.delete()
    _renumber(list(version.dimensions.order_by("order", "id")))
    _record(actor, "dimension_deleted", version, code=dimension.code)
    return version


# ---- items -----------------------------------------------------------------------------------


def _apply_item_fields(
    item: Item,
    version: Version,
    *,
    code: str,
    kind: str,
    text_sv: str,
    text_en: str = "",
    manager_text_sv: str = "",
    manager_text_en: str = "",
    dimension_code: str = "",
    choices: list[list[str]] | None = None,
    is_reversed: bool = False,
    is_required: bool = False,
) -> None:
    if version.items.filter(code=code).exclude(pk=item.pk).exists():
        raise ValidationError({"code": _("Variabelnamnet används redan i enkäten.")})
    item.code, item.kind = code, kind
    item.text_sv, item.text_en = text_sv, text_en
    item.manager_text_sv, item.manager_text_en = manager_text_sv, manager_text_en
    item.dimension = _dimension_by_code(version, dimension_code)
    item.choices = _clean_choices(kind, choices)
    item.is_reversed, item.is_required = is_reversed, is_required
    _check_item(item)


@transaction.atomic
def item_add(
    *, actor: Actor, questionnaire: Questionnaire, section_order: int, **fields: Any
) -> Item:
    """Add an item at the end of the section with `section_order` (orders survive a copy).

    `fields`: code, kind, text_sv, text_en, manager_text_sv, manager_text_en, dimension_code,
    choices ([[value, label_sv, label_en], …]), is_reversed, is_required.
    """
    version = editable_version(actor=actor, questionnaire=questionnaire)
    section = _section_by_order(version, section_order)
    order = (section.items.aggregate(m=Max("order"))["m"] or 0) + 1
    item = Item(version=version, section=section, order=order)
    _apply_item_fields(item, version, **fields)
    item.save()
    _record(actor, "item_added", version, code=item.code)
    return item


@transaction.atomic
def item_update(*, actor: Actor, item: Item, section_order: int, **fields: Any) -> Item:
    """Change an item; a new section puts it last there. Same `fields` as `item_add`."""
    questionnaire = item.version.questionnaire
    version = _editable_for(actor, questionnaire, item.version_id)
    target = version.items.select_related("section").get(code=item.code)
    old_section = target.section
    _apply_item_fields(target, version, **fields)
    if section_order != old_section.order:
        target.section = _section_by_order(version, section_order)
        target.order = (target.section.items.aggregate(m=Max("order"))["m"] or 0) + 1
    target.save()
    _renumber(list(old_section.items.order_by("order", "id")))
    _check_conditions(version)
    _record(actor, "item_updated", version, code=target.code)
    return target


@transaction.atomic
def item_delete(*, actor: Actor, item: Item) -> Version:
    """Delete an item; refused while a section's condition uses it (see docs in the page)."""
    questionnaire = item.version.questionnaire
    version = _editable_for(actor, questionnaire, item.version_id)
    target = version.items.select_related("section").get(code=item.code)
    dependant = version.sections.filter(condition_item=target).first()
    if dependant is not None:
        raise ValidationError(
            _(
                "Frågan %(code)s kan inte tas bort: avsnittet ”%(section)s” visas bara vid ett "
                "visst svar på den. Ändra eller ta bort villkoret först."
            )
            % {"code": target.code, "section": dependant.title_sv}
        )
    section = target.section
    target.delete()
    _renumber(list(section.items.order_by("order", "id")))
    _record(actor, "item_deleted", version, code=item.code)
    return version


@transaction.atomic
def item_move(*, actor: Actor, item: Item, direction: Direction) -> Item:
    """Move an item one step within its section (to another section: edit the item)."""
    questionnaire = item.version.questionnaire
    version = _editable_for(actor, questionnaire, item.version_id)
    target = version.items.select_related("section").get(code=item.code)
    _swap(list(target.section.items.order_by("order", "id")), target, direction)
    _record(actor, "item_moved", version, code=target.code, direction=direction)
    return target


# ---- Vardag's conditions instrument ----------------------------------------------------------


def installed_instrument(organisation_id: int) -> Questionnaire | None:
    return Questionnaire.objects.filter(
        organisation_id=organisation_id, instrument_version=instrument.INSTRUMENT_VERSION
    ).first()


@transaction.atomic
def instrument_ensure(*, actor: Actor, organisation: Organisation) -> tuple[Questionnaire, bool]:
    """The organisation's conditions instrument of this version, installed if missing.

    Idempotent: the organisation row is locked, so a second request waits and then finds the
    first one's questionnaire; the unique constraint (organisation, instrument_version) stops
    any race the lock cannot (SQLite has no row locks). Returns (questionnaire, created).
    """
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    existing = installed_instrument(organisation.pk)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return _instrument_create(actor, organisation), True
    except IntegrityError:
        found = installed_instrument(organisation.pk)
        if found is None:
            raise
        return found, False


def instrument_install(*, actor: Actor, organisation: Organisation) -> Questionnaire:
    """Vardag's conditions instrument (instrument.py) for an organisation, at most once."""
    return instrument_ensure(actor=actor, organisation=organisation)[0]


def _instrument_create(actor: Actor, organisation: Organisation) -> Questionnaire:
    questionnaire = questionnaire_create(
        actor=actor,
        organisation=organisation,
        title=str(_("Förutsättningar för innovation")) + f" ({instrument.INSTRUMENT_VERSION})",
        description=_(
            "Vardags förutsättningsanalys: åtta dimensioner med parallella frågor till "
            "medarbetare och chefer."
        ),
        kind=Questionnaire.Kind.CONDITIONS,
        instrument_version=instrument.INSTRUMENT_VERSION,
    )
    version = questionnaire.versions.get()
    for d_order, dim in enumerate(instrument.DIMENSIONS, start=1):
        dimension = Dimension.objects.create(
            version=version,
            code=dim.code,
            name_sv=dim.name_sv,
            name_en=dim.name_en,
            description_sv=dim.description_sv,
            description_en=dim.description_en,
            order=d_order,
        )
        section = Section.objects.create(
            version=version, order=d_order, title_sv=dim.name_sv, title_en=dim.name_en
        )
        Item.objects.bulk_create(
            Item(
                version=version,
                section=section,
                dimension=dimension,
                order=i_order,
                code=item.code,
                kind=instrument.SCALE,
                text_sv=item.sv,
                text_en=item.en,
                manager_text_sv=item.manager_sv,
                manager_text_en=item.manager_en,
                is_reversed=item.is_reversed,
                is_required=False,
            )
            for i_order, item in enumerate(dim.items, start=1)
        )
    last = Section.objects.create(
        version=version,
        order=len(instrument.DIMENSIONS) + 1,
        title_sv="Dina tankar",
        title_en="Your thoughts",
    )
    open_item = instrument.OPEN_ITEM
    Item.objects.create(
        version=version,
        section=last,
        order=1,
        code=open_item.code,
        kind=Item.Kind.OPEN,
        text_sv=open_item.sv,
        text_en=open_item.en,
        manager_text_sv=open_item.manager_sv,
        manager_text_en=open_item.manager_en,
    )
    audit.record(actor, "questionnaire.instrument_installed", target=questionnaire)
    return questionnaire
