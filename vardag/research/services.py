"""Writes for research: every change atomic and audited.

Source text reaches the database only through source_import(), after pseudonymisation with the
study's key (vardag.core.privacy.apply also replaces every identity number the reviewer missed).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Q

from vardag.core import audit, privacy
from vardag.core.access import require
from vardag.core.actors import Actor
from vardag.core.privacy.pseudonymise import TEMPLATES
from vardag.research import refi
from vardag.research.importers import Cue
from vardag.research.models import (
    Activity,
    Code,
    Excerpt,
    Memo,
    ParticipantGroup,
    PseudonymEntry,
    PseudonymKeyRecord,
    Source,
    StickyNote,
    Study,
    StudyMember,
    Theme,
)
from vardag.research.selectors import can_create_study, require_coder, require_manager
from vardag.research.starter import STARTERS, StarterCode


@transaction.atomic
def study_create(*, actor: Any, **fields: Any) -> Study:
    # `Any`: a person without an organisation gets the database's refusal, as before (typed as
    # Actor, organisation_id would have to be checked first, which answers differently).
    require(can_create_study(actor))
    study = Study.objects.create(organisation_id=actor.organisation_id, owner=actor, **fields)
    audit.record(actor, "study.created", target=study)
    return study


@transaction.atomic
def study_update(*, actor: Actor, study: Study, **fields: Any) -> Study:
    require_manager(study)
    for name, value in fields.items():
        setattr(study, name, value)
    study.save()
    audit.record(actor, "study.updated", target=study, data={"fields": sorted(fields)})
    return study


@transaction.atomic
def member_set(*, actor: Actor, study: Study, user: Any, role: str) -> StudyMember:
    require_manager(study)
    require(user.organisation_id == study.organisation_id and user.pk != study.owner_id)
    member, _ = StudyMember.objects.update_or_create(
        study=study, user=user, defaults={"role": role}
    )
    audit.record(actor, "study.member_set", target=study, data={"user": user.pk, "role": role})
    return member


@transaction.atomic
def member_remove(*, actor: Actor, study: Study, member_id: int) -> None:
    require_manager(study)
    StudyMember.objects.filter(study=study, pk=member_id).delete()
    audit.record(actor, "study.member_removed", target=study, data={"member": member_id})


@transaction.atomic
def activity_create(
    *, actor: Actor, study: Study, participants: Sequence[tuple[str, Any, int]] = (), **fields: Any
) -> Activity:
    require_manager(study)
    activity = Activity.objects.create(study=study, **fields)
    for role, unit, count in participants:
        ParticipantGroup.objects.create(activity=activity, role=role, unit=unit, count=count)
    audit.record(actor, "activity.created", target=activity, organisation=study.organisation_id)
    return activity


# ---- pseudonymisation and import -----------------------------------------------------------


# The original of the synthetic entry that tells a partial key the highest number in use.
_HIGHEST = "\x00highest"


def study_key(study: Study) -> privacy.PseudonymKey:
    """The whole key (the owner's key page)."""
    rows = study.pseudonym_entries.order_by("pk").values_list("kind", "original", "pseudonym")
    return privacy.PseudonymKey(tuple(privacy.KeyEntry(privacy.Kind(k), o, p) for k, o, p in rows))


def _key_for(
    study: Study, originals: Iterable[str], pseudonyms: Iterable[str] = ()
) -> privacy.PseudonymKey:
    """The part of the study key one text needs: the entries of its originals, of the pseudonyms
    it proposes, and per kind the highest numbered pseudonym (so the next number is right).
    Three indexed queries, however large the key has grown."""
    wanted, proposed = set(originals), set(pseudonyms)
    rows = (
        study.pseudonym_entries.filter(Q(original__in=wanted) | Q(pseudonym__in=proposed))
        .order_by("pk")
        .values_list("kind", "original", "pseudonym")
        if wanted or proposed
        else []
    )
    entries = [privacy.KeyEntry(privacy.Kind(k), o, p) for k, o, p in rows]
    highest = (
        study.pseudonym_entries.exclude(numbered_kind="")
        .values("numbered_kind")
        .annotate(n=Max("number"))
        .order_by("numbered_kind")
    )
    for row in highest:
        kind = privacy.Kind(row["numbered_kind"])
        entries.append(privacy.KeyEntry(kind, _HIGHEST, TEMPLATES[kind].format(n=row["n"])))
    return privacy.PseudonymKey(tuple(entries))


def _numbered(pseudonym: str) -> tuple[str, int | None]:
    for kind, template in TEMPLATES.items():
        match = re.fullmatch(re.escape(template).replace(r"\{n\}", r"(\d+)"), pseudonym)
        if match:
            return kind.value, int(match.group(1))
    return "", None


def _save_new_entries(study: Study, key: privacy.PseudonymKey) -> None:
    """Add the originals this import met for the first time (the rest are already stored)."""
    new = [e for e in key.entries if e.original != _HIGHEST]
    known = set(
        study.pseudonym_entries.filter(original__in={e.original for e in new}).values_list(
            "kind", "original"
        )
    )
    rows = []
    for e in new:
        if (e.kind.value, e.original) in known:
            continue
        numbered_kind, number = _numbered(e.pseudonym)
        rows.append(
            PseudonymEntry(
                study=study,
                kind=e.kind.value,
                original=e.original,
                pseudonym=e.pseudonym,
                numbered_kind=numbered_kind,
                number=number,
            )
        )
    PseudonymEntry.objects.bulk_create(rows)


def _originals_in(
    text: str, accepted: Iterable[privacy.Suggestion], cues: Sequence[Cue]
) -> set[str]:
    """The originals an import can look up: accepted suggestions, the identity numbers that are
    replaced anyway, and the speakers' names (which get the same pseudonym as in the text)."""
    found = {s.key for s in accepted}
    for number in privacy.find_identity_numbers(text):
        found.add(privacy.suggestion_for(text, number.start, number.end, number.kind).key)
    found |= {c.speaker.casefold() for c in cues if c.speaker}
    return found


def suggestions_for(
    study: Study, text: str, names: Iterable[str] = ()
) -> tuple[privacy.Suggestion, ...]:
    names = tuple(names)
    spans = privacy.suggest(text, names=names)  # which originals the text holds
    return privacy.suggest(text, names=names, key=_key_for(study, {s.key for s in spans}))


@dataclass(frozen=True)
class ImportDraft:
    """What the reviewer decided; the original text never reaches the database."""

    title: str
    text: str
    accepted: tuple[privacy.Suggestion, ...]
    cues: tuple[Cue, ...] = ()
    file_name: str = ""
    kind: str = Source.Kind.TRANSCRIPT
    activity: Activity | None = None
    speaker_role: str = ""
    unit: Any = None
    recorded_on: Any = None


def _map_cues(cues: Sequence[Cue], offsets: privacy.OffsetMap) -> list[dict[str, Any]]:
    return [
        {"start": c.start, "end": c.end, "speaker": c.speaker, "offset": offsets.to_new(c.offset)}
        for c in cues
    ]


@transaction.atomic
def source_import(*, actor: Actor, study: Study, draft: ImportDraft) -> Source:
    """Pseudonymise with the study key (locked), store the text, add the new originals to the
    key apart. Reads only the key entries this text needs, so imports stay as fast as the study
    grows."""
    require_coder(study)
    record, _ = PseudonymKeyRecord.objects.select_for_update().get_or_create(study=study)
    # PostgreSQL text cannot hold NUL; U+FFFD keeps the length, so accepted offsets still fit.
    text = draft.text.replace("\x00", "\ufffd")
    key = _key_for(
        study,
        _originals_in(text, draft.accepted, draft.cues),
        {s.pseudonym for s in draft.accepted},
    )
    result = privacy.apply(text, draft.accepted, key)
    speakers = _pseudonymise_speakers(draft.cues, result.key)
    source = Source.objects.create(
        study=study,
        activity=draft.activity,
        title=privacy.redact(draft.title.replace("\x00", "")).text[:200],
        kind=draft.kind,
        text=result.text,
        file_name=draft.file_name[:255],
        speaker_role=draft.speaker_role,
        unit=draft.unit,
        recorded_on=draft.recorded_on,
        cues=[
            {**c, "speaker": speakers.get(c["speaker"], c["speaker"])}
            for c in _map_cues(draft.cues, result.offsets)
        ],
        replaced_count=len(result.offsets.replacements),
        created_by=actor,
    )
    _save_new_entries(study, result.key)
    record.save(update_fields=["updated_at"])
    audit.record(
        actor,
        "source.imported",
        target=source,
        organisation=study.organisation_id,
        data={"replaced": source.replaced_count, "forced": result.forced},
    )
    return source


def _pseudonymise_speakers(cues: Sequence[Cue], key: privacy.PseudonymKey) -> dict[str, str]:
    """Speaker labels that the key knows as names get the same pseudonym as in the text."""
    out = {}
    for speaker in {c.speaker for c in cues if c.speaker}:
        known = key.pseudonym_for(privacy.Kind.NAME, speaker.casefold())
        if known:
            out[speaker] = known
    return out


@transaction.atomic
def source_update(*, actor: Actor, source: Source, **fields: Any) -> Source:
    require_manager(source.study_obj)  # type: ignore[attr-defined]  # the study checked for access (selectors._in_study)
    activity = fields.get("activity")
    require(activity is None or activity.study_id == source.study_id)
    if "title" in fields:
        fields["title"] = privacy.redact(fields["title"]).text[:200]
    for name, value in fields.items():
        setattr(source, name, value)
    source.save()
    audit.record(actor, "source.updated", target=source, organisation=source.study.organisation_id)
    return source


@transaction.atomic
def source_delete(*, actor: Actor, source: Source) -> None:
    require_manager(source.study_obj)  # type: ignore[attr-defined]  # the study checked for access (selectors._in_study)
    audit.record(actor, "source.deleted", target=source, organisation=source.study.organisation_id)
    source.delete()


@transaction.atomic
def sticky_notes_add(*, actor: Actor, activity: Activity, lines: str, cluster: str = "") -> int:
    """One note per non-empty line; identity numbers, phones and e-mails are always replaced."""
    require_coder(activity.study_obj)  # type: ignore[attr-defined]  # the study checked for access (selectors._in_study)
    count = 0
    for line in lines.splitlines():
        text = line.strip().lstrip("-•*").strip()
        if not text:
            continue
        clean = privacy.redact(text).text[:500]
        StickyNote.objects.create(activity=activity, text=clean, cluster=cluster.strip()[:100])
        count += 1
    audit.record(
        actor,
        "activity.notes_added",
        target=activity,
        organisation=activity.study.organisation_id,
        data={"count": count},
    )
    return count


@transaction.atomic
def sticky_note_cluster(
    *, actor: Actor, activity: Activity, note_ids: Sequence[int], cluster: str
) -> int:
    require_coder(activity.study_obj)  # type: ignore[attr-defined]  # the study checked for access (selectors._in_study)
    n = StickyNote.objects.filter(activity=activity, pk__in=note_ids).update(cluster=cluster[:100])
    audit.record(
        actor,
        "activity.notes_clustered",
        target=activity,
        organisation=activity.study.organisation_id,
        data={"count": n, "cluster": cluster},
    )
    return n


# ---- codebook ------------------------------------------------------------------------------


def _check_parent(study: Study, parent: Code | None, code: Code | None = None) -> None:
    if parent is None:
        return
    require(parent.study_id == study.pk)
    node: Code | None = parent
    while node is not None:  # no cycles: the new parent may not be the code or below it
        require(code is None or node.pk != code.pk)
        node = node.parent


@transaction.atomic
def code_create(
    *,
    actor: Actor,
    study: Study,
    name: str,
    parent: Code | None = None,
    definition: str = "",
    colour: str = "#1f6feb",
) -> Code:
    require_manager(study)
    _check_parent(study, parent)
    code = Code.objects.create(
        study=study, parent=parent, name=name, definition=definition, colour=colour
    )
    audit.record(actor, "code.created", target=code, organisation=study.organisation_id)
    return code


@transaction.atomic
def code_update(
    *, actor: Actor, code: Code, name: str, definition: str, colour: str, parent: Code | None
) -> Code:
    """Rename, redefine, recolour or move (a new parent); excerpts stay with the code."""
    study = code.study_obj  # type: ignore[attr-defined]  # the study checked for access (selectors._in_study)
    require_manager(study)
    _check_parent(study, parent, code)
    code.name, code.definition, code.colour, code.parent = name, definition, colour, parent
    code.save()
    audit.record(actor, "code.updated", target=code, organisation=study.organisation_id)
    return code


@transaction.atomic
def code_merge(*, actor: Actor, source: Code, into: Code) -> Code:
    """Move the excerpts, memos, theme links and sub-codes of ``source`` to ``into``; delete it."""
    study = source.study_obj  # type: ignore[attr-defined]  # the study checked for access (selectors._in_study)
    require_manager(study)
    require(into.study_id == study.pk and into.pk != source.pk)
    _check_parent(study, into, source)
    moved = 0
    for excerpt in source.excerpts.all():
        duplicate = Excerpt.objects.filter(
            source_id=excerpt.source_id,
            code=into,
            coder_id=excerpt.coder_id,
            start=excerpt.start,
            end=excerpt.end,
        ).first()
        if duplicate:
            Memo.objects.filter(excerpt=excerpt).update(excerpt=duplicate)
            excerpt.delete()
        else:
            excerpt.code = into
            excerpt.save(update_fields=["code"])
            moved += 1
    Memo.objects.filter(code=source).update(code=into)
    for child in source.children.all():
        child.parent = into
        try:
            with transaction.atomic():
                child.save(update_fields=["parent"])
        except IntegrityError:
            child.name = f"{child.name} ({source.name})"[:200]
            child.save(update_fields=["parent", "name"])
    for theme in source.themes.all():
        theme.codes.add(into)
    audit.record(
        actor,
        "code.merged",
        target=into,
        organisation=study.organisation_id,
        data={"from": source.name, "moved": moved},
    )
    source.delete()
    return into


@transaction.atomic
def code_delete(*, actor: Actor, code: Code) -> None:
    study = code.study_obj  # type: ignore[attr-defined]  # the study checked for access (selectors._in_study)
    require_manager(study)
    audit.record(actor, "code.deleted", target=code, organisation=study.organisation_id)
    code.delete()


def _add_tree(study: Study, starter: StarterCode, parent: Code | None) -> int:
    code, created = Code.objects.get_or_create(
        study=study,
        parent=parent,
        name=starter.name,
        defaults={"definition": starter.definition, "colour": starter.colour},
    )
    return int(created) + sum(_add_tree(study, child, code) for child in starter.children)


@transaction.atomic
def codebook_add_starter(*, actor: Actor, study: Study, starter: str) -> int:
    require_manager(study)
    added = _add_tree(study, STARTERS[starter], None)
    audit.record(
        actor, "codebook.starter_added", target=study, data={"starter": starter, "added": added}
    )
    return added


def _import_codes(study: Study, codes: list[refi.RefiCode], by_guid: dict[str, Code]) -> int:
    """Add the code tree level by level (one INSERT per level, so thousands of codes take
    seconds, not minutes); a code with the same name under the same parent is kept and reused.
    ``by_guid`` maps each imported code's guid_key to the code it became."""
    existing = {(c.parent_id, c.name): c for c in Code.objects.filter(study=study)}
    used = {c.guid for c in existing.values()}
    added = 0
    level: list[tuple[Code | None, refi.RefiCode]] = [(None, rc) for rc in codes]
    while level:
        new: list[Code] = []
        for parent, rc in level:
            key = (parent.pk if parent else None, rc.name)
            code = existing.get(key)
            if code is None:
                guid = uuid.UUID(rc.guid)
                if guid in used:
                    guid = uuid.uuid4()
                used.add(guid)
                code = Code(
                    study=study,
                    parent=parent,
                    name=rc.name,
                    definition=rc.description,
                    colour=rc.colour or "#1f6feb",
                    guid=guid,
                    refi_guid=rc.guid if rc.guid != str(guid) else "",
                )
                existing[key] = code
                new.append(code)
            by_guid[refi.guid_key(rc.guid)] = code
        Code.objects.bulk_create(new)
        added += len(new)
        level = [
            (by_guid[refi.guid_key(rc.guid)], child) for _, rc in level for child in rc.children
        ]
    return added


def _import_sets(study: Study, sets: list[refi.RefiSet], by_guid: dict[str, Code]) -> int:
    """REFI-QDA Sets become themes with their codes (a theme of the same name gets the codes)."""
    for refi_set in sets:
        theme = Theme.objects.filter(study=study, name=refi_set.name).first()
        if theme is None:
            theme = Theme.objects.create(
                study=study,
                name=refi_set.name,
                description=refi_set.description,
                refi_guid=refi_set.guid,
            )
        theme.codes.add(*(by_guid[g] for g in refi_set.code_guids if g in by_guid))
    return len(sets)


@transaction.atomic
def codebook_import(*, actor: Actor, study: Study, codebook: refi.RefiCodebook) -> tuple[int, int]:
    """Add codes and Sets (as themes) from a REFI-QDA codebook; codes with the same name and
    parent are kept. Returns (codes added, sets imported)."""
    require_manager(study)
    by_guid: dict[str, Code] = {}
    added = _import_codes(study, codebook.codes, by_guid)
    sets = _import_sets(study, codebook.sets, by_guid)
    audit.record(actor, "codebook.imported", target=study, data={"added": added, "sets": sets})
    return added, sets


# ---- coding, memos, themes -----------------------------------------------------------------


@transaction.atomic
def excerpt_create(
    *, actor: Actor, source: Source, codes: Sequence[Code], start: int, end: int
) -> list[Excerpt]:
    study = source.study_obj  # type: ignore[attr-defined]  # the study checked for access (selectors._in_study)
    require_coder(study)
    require(0 <= start < end <= len(source.text))
    require(all(c.study_id == study.pk for c in codes))
    created = []
    for code in codes:
        excerpt, is_new = Excerpt.objects.get_or_create(
            source=source, code=code, coder=actor, start=start, end=end
        )
        if is_new:
            created.append(excerpt)
    audit.record(
        actor,
        "excerpt.created",
        target=source,
        organisation=study.organisation_id,
        data={"codes": [c.pk for c in codes], "start": start, "end": end},
    )
    return created


@transaction.atomic
def excerpt_delete(*, actor: Actor, excerpt: Excerpt) -> None:
    study = excerpt.study_obj  # type: ignore[attr-defined]  # the study checked for access (selectors._in_study)
    require_coder(study)
    require(excerpt.coder_id == actor.pk or study.actor_role == "owner")  # type: ignore[attr-defined]  # set by selectors.access_study
    audit.record(
        actor, "excerpt.deleted", target=excerpt.source, organisation=study.organisation_id
    )
    excerpt.delete()


@transaction.atomic
def memo_create(
    *,
    actor: Actor,
    study: Study,
    text: str,
    source: Source | None = None,
    excerpt: Excerpt | None = None,
    code: Code | None = None,
) -> Memo:
    """Memos on sources, excerpts or codes; free text from staff, identity numbers replaced."""
    require_coder(study)
    for target in (source, code):
        require(target is None or target.study_id == study.pk)
    require(excerpt is None or excerpt.source.study_id == study.pk)
    memo = Memo.objects.create(
        study=study,
        source=source,
        excerpt=excerpt,
        code=code,
        author=actor,
        text=privacy.redact(text).text,
    )
    audit.record(actor, "memo.created", target=memo, organisation=study.organisation_id)
    return memo


@transaction.atomic
def theme_save(
    *,
    actor: Actor,
    study: Study,
    name: str,
    description: str,
    codes: Sequence[Code],
    condition_kind: str = "",
    condition_level: str = "",
    theme: Theme | None = None,
) -> Theme:
    require_manager(study)
    require(all(c.study_id == study.pk for c in codes))
    require(bool(condition_kind) == bool(condition_level))
    if theme is None:
        theme = Theme(study=study)
    theme.name, theme.description = name, description
    theme.condition_kind, theme.condition_level = condition_kind, condition_level
    theme.save()
    theme.codes.set(codes)
    audit.record(
        actor,
        "theme.saved",
        target=theme,
        organisation=study.organisation_id,
        data={"codes": [c.pk for c in codes], "condition": condition_kind},
    )
    return theme


def _evidence_text(study: Study, theme: Theme, limit: int = 12) -> str:
    excerpts = (
        Excerpt.objects.filter(source__study=study, code__in=theme.codes.all())
        .select_related("source", "code")
        .defer("source__text")
        .order_by("source__title", "start")
    )
    texts: dict[int, str] = {}
    seen: set[tuple[int, int, int]] = set()
    lines = [f"Studie: {study.title}. Tema: {theme.name}."]
    for e in excerpts:
        if (e.source_id, e.start, e.end) in seen or len(seen) >= limit:
            continue
        seen.add((e.source_id, e.start, e.end))
        if e.source_id not in texts:
            texts[e.source_id] = Source.objects.values_list("text", flat=True).get(pk=e.source_id)
        quote = texts[e.source_id][e.start : e.end].replace("\n", " ")[:400]
        lines.append(f"”{quote}” ({e.source.title}; {e.code.name})")
    return "\n".join(lines)


@transaction.atomic
def theme_to_insight(
    *,
    actor: Actor,
    theme: Theme,
    statement: str,
    evidence: str,
    perspective: str,
    idea_id: int | None = None,
) -> Any:
    """A participation Insight from a theme, its excerpts quoted as sources; optionally linked
    to an idea (through participation's generic link, so research never imports ideas)."""
    from vardag.participation import services as participation

    study = theme.study_obj  # type: ignore[attr-defined]  # the study checked for access (selectors._in_study)
    require_manager(study)
    insight = participation.insight_create(
        actor=actor,
        statement=statement,
        evidence=evidence,
        perspective=perspective,
        other_sources=_evidence_text(study, theme),
    )
    if idea_id:
        participation.subject_link(
            actor=actor, subject_type="ideas.idea", subject_id=idea_id, insight=insight
        )
    theme.insight = insight
    theme.save(update_fields=["insight"])
    audit.record(
        actor,
        "theme.insight_created",
        target=theme,
        organisation=study.organisation_id,
        data={"insight": insight.pk, "idea": idea_id},
    )
    return insight


# ---- REFI-QDA project import ----------------------------------------------------------------


@transaction.atomic
def project_import(*, actor: Actor, project: refi.RefiProject, title: str = "") -> Study:
    """A new study from a parsed .qdpx: codes, Sets (as themes), sources, codings by coder and
    notes (as memos on what they refer to). Texts from other tools are pseudonymised too:
    identity numbers, phone numbers and e-mail addresses (no names: nobody listed them);
    offsets of codings follow the replacements. All or nothing."""
    study = study_create(
        actor=actor, title=(title or project.name)[:200], approach=project.description
    )
    study.actor_role = "owner"  # type: ignore[attr-defined]  # set by selectors.access_study
    by_guid: dict[str, Code] = {}
    _import_codes(study, project.codes, by_guid)
    _import_sets(study, project.sets, by_guid)
    key = privacy.PseudonymKey()
    coders = _import_coders(actor, project.users)
    targets: dict[str, dict[str, Any]] = {}  # note guid → the memo's target
    for rc in refi.all_codes(project.codes):
        for note in rc.note_guids:
            targets.setdefault(note, {"code": by_guid[refi.guid_key(rc.guid)]})
    excerpts: list[Excerpt] = []
    for rs in project.sources:
        detected = [
            s
            for s in privacy.suggest(rs.text, first_names=(), key=key)
            if s.kind is not privacy.Kind.NAME
        ]
        result = privacy.apply(rs.text, detected, key)
        key = result.key
        source = Source.objects.create(
            study=study,
            title=rs.name,
            text=result.text,
            guid=_fresh_source_guid(rs.guid),
            refi_guid=rs.guid,
            kind=Source.Kind.DOCUMENT,
            replaced_count=len(result.offsets.replacements),
            created_by=actor,
        )
        for note in rs.note_guids:
            targets.setdefault(note, {"source": source})
        seen: set[tuple[int, str, int, int]] = set()
        for coding in rs.codings:
            start, end = result.offsets.span_to_new(coding.start, coding.end)
            coder, label = coders.get(coding.user_guid, (actor, ""))
            code = by_guid[refi.guid_key(coding.code_guid)]
            if (code.pk, f"{coder.pk}:{label}", start, end) in seen:
                continue
            seen.add((code.pk, f"{coder.pk}:{label}", start, end))
            excerpt = Excerpt(
                source=source, code=code, coder=coder, coder_label=label, start=start, end=end
            )
            excerpts.append(excerpt)
            for note in coding.note_guids:
                targets.setdefault(note, {"excerpt": excerpt})
    Excerpt.objects.bulk_create(excerpts, batch_size=2000)
    PseudonymKeyRecord.objects.create(study=study)
    _save_new_entries(study, key)
    Memo.objects.bulk_create(
        Memo(
            study=study,
            author=actor,
            text=privacy.redact(note.text).text,
            **targets.get(refi.guid_key(note.guid), {}),
        )
        for note in project.notes
    )
    audit.record(
        actor,
        "study.imported",
        target=study,
        data={
            "sources": len(project.sources),
            "codes": len(by_guid),
            "sets": len(project.sets),
            "codings": len(excerpts),
        },
    )
    return study


def _import_coders(actor: Any, users: Sequence[refi.RefiUser]) -> dict[str, tuple[Any, str]]:
    """REFI users → a person in the actor's organisation with the same full name, else the
    importing actor with the imported name as a label (so two coders stay two)."""
    from vardag.accounts.models import User

    people = User.objects.filter(organisation_id=actor.organisation_id, is_active=True)
    by_name = {u.get_full_name().casefold(): u for u in people if u.get_full_name()}
    out = {}
    for user in users:
        person = by_name.get(user.name.strip().casefold())
        out[user.guid] = (person, "") if person else (actor, user.name[:200] or user.guid)
    return out


def _fresh_source_guid(guid: str) -> uuid.UUID:
    """The source's own GUID unless another study already holds it."""
    value = uuid.UUID(guid)
    return uuid.uuid4() if Source.objects.filter(guid=value).exists() else value


def _memo_refs(study: Study) -> dict[tuple[str, int], list[str]]:
    """The memos of a study by what they are on: ("code"|"source"|"excerpt", id) → note guids."""
    refs: dict[tuple[str, int], list[str]] = {}
    for memo in study.memos.order_by("created_at", "id"):
        for kind in ("excerpt", "code", "source"):
            target_id = getattr(memo, f"{kind}_id")
            if target_id:
                refs.setdefault((kind, target_id), []).append(str(memo.guid))
                break
    return refs


def study_as_refi(study: Study) -> refi.RefiProject:
    """The study as a REFI-QDA project: GUIDs as the tool that made them wrote them, themes as
    Sets, memos as Notes referred to from their code, source or coded selection."""
    codes = list(study.codes.all())
    children: dict[int | None, list[Code]] = {}
    for c in codes:
        children.setdefault(c.parent_id, []).append(c)
    memo_refs = _memo_refs(study)

    def tree(parent: int | None) -> list[refi.RefiCode]:
        return [
            refi.RefiCode(
                _guid_of(c),
                c.name,
                c.colour,
                c.definition,
                tree(c.pk),
                note_guids=memo_refs.get(("code", c.pk), []),
            )
            for c in sorted(children.get(parent, []), key=lambda c: (c.name, c.pk))
        ]

    project = refi.RefiProject(name=study.title, codes=tree(None), description=study.approach)
    project.sets = [
        refi.RefiSet(
            guid=t.refi_guid or str(uuid.uuid5(uuid.UUID(int=study.pk), f"theme:{t.pk}")),
            name=t.name,
            description=t.description,
            code_guids=[_guid_of(c) for c in t.codes.all()],
        )
        for t in study.themes.prefetch_related("codes").order_by("name", "id")
    ]
    users: dict[str, refi.RefiUser] = {}
    excerpts = Excerpt.objects.filter(source__study=study).select_related("code", "coder")
    by_source: dict[int, list[Excerpt]] = {}
    for e in excerpts.order_by("start", "end", "id"):
        by_source.setdefault(e.source_id, []).append(e)
        who = _coder_key(e)
        if who and who not in users:
            name = e.coder_label or (e.coder.get_full_name() if e.coder else "")
            users[who] = refi.RefiUser(_user_guid(study, who), name)
    for source in study.sources.order_by("title", "id"):
        project.sources.append(
            refi.RefiSource(
                guid=_guid_of(source),
                name=source.title,
                text=source.text,
                codings=[
                    refi.RefiCoding(
                        str(e.guid),
                        e.start,
                        e.end,
                        _guid_of(e.code),
                        users[who].guid if (who := _coder_key(e)) else "",
                        note_guids=memo_refs.get(("excerpt", e.pk), []),
                    )
                    for e in by_source.get(source.pk, [])
                ],
                note_guids=memo_refs.get(("source", source.pk), []),
            )
        )
    project.users = list(users.values())
    project.notes = [
        refi.RefiNote(str(m.guid), f"memo {m.pk}", m.text)
        for m in study.memos.order_by("created_at", "id")
    ]
    return project


def _guid_of(obj: Code | Source) -> str:
    """A code's or source's GUID as it came from another tool, else Vardag's own."""
    return obj.refi_guid or str(obj.guid)


def _coder_key(excerpt: Excerpt) -> str:
    if excerpt.coder_label:
        return f"label:{excerpt.coder_label}"
    return f"user:{excerpt.coder_id}" if excerpt.coder_id else ""


def _user_guid(study: Study, who: str) -> str:
    """A stable pseudonymous guid per study and coder (no account ids leave in exports)."""
    return str(uuid.uuid5(uuid.UUID(int=study.pk), who))
