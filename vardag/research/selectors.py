"""Reads for research. A study is visible only to its owner and its members (same organisation);
anything else is the same 404 as something missing."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from vardag.core.access import organisation_id, require
from vardag.core.actors import Actor
from vardag.core.roles import INNOVATION_ROLES, Role
from vardag.psychometrics import suppress_small_groups
from vardag.research import agreement
from vardag.research.models import (
    Activity,
    Code,
    Excerpt,
    Memo,
    Source,
    Study,
    StudyMember,
    Theme,
)

OWNER = "owner"
CODING_ROLES = {OWNER, StudyMember.Role.RESEARCHER, StudyMember.Role.CODER}
MANAGING_ROLES = {OWNER, StudyMember.Role.RESEARCHER}


def can_create_study(actor: Actor) -> bool:
    return actor.has_role(Role.RESEARCHER, Role.ADMIN, *INNOVATION_ROLES)


def study_list(actor: Actor) -> QuerySet[Study]:
    org = organisation_id(actor)
    return (
        Study.objects.filter(organisation_id=org)
        .filter(Q(owner=actor) | Q(members__user=actor))
        .distinct()
        .select_related("owner")
        .annotate(
            source_count=Count("sources", distinct=True),
            code_count=Count("codes", distinct=True),
        )
    )


def access_study(actor: Actor, study_id: int) -> Study:
    study = study_list(actor).filter(pk=study_id).first()
    if study is None:
        raise Http404
    study.actor_role = role_in(actor, study)  # type: ignore[attr-defined]  # set by selectors.access_study
    return study


def role_in(actor: Actor, study: Study) -> str:
    if study.owner_id == actor.pk:
        return OWNER
    member = StudyMember.objects.filter(study=study, user=actor).values_list("role", flat=True)
    return next(iter(member), "")


def can_code(study: Study) -> bool:
    return getattr(study, "actor_role", "") in CODING_ROLES


def can_manage(study: Study) -> bool:
    return getattr(study, "actor_role", "") in MANAGING_ROLES


def is_owner(study: Study) -> bool:
    return getattr(study, "actor_role", "") == OWNER


def require_coder(study: Study) -> None:
    require(can_code(study))


def require_manager(study: Study) -> None:
    require(can_manage(study))


def _in_study(actor: Actor, model: Any, pk: int, path: str, related: tuple[str, ...] = ()) -> Any:
    obj = model.objects.select_related(*related).filter(pk=pk).first()
    if obj is None:
        raise Http404
    study_id = obj
    for part in path.split("__"):
        study_id = getattr(study_id, part)
    obj.study_obj = access_study(actor, study_id)
    return obj


def access_activity(actor: Actor, activity_id: int) -> Activity:
    activity: Activity = _in_study(actor, Activity, activity_id, "study_id")
    return activity


def access_source(actor: Actor, source_id: int) -> Source:
    source: Source = _in_study(actor, Source, source_id, "study_id", ("activity", "unit"))
    return source


def access_code(actor: Actor, code_id: int) -> Code:
    code: Code = _in_study(actor, Code, code_id, "study_id", ("parent",))
    return code


def access_theme(actor: Actor, theme_id: int) -> Theme:
    theme: Theme = _in_study(actor, Theme, theme_id, "study_id")
    return theme


def access_excerpt(actor: Actor, excerpt_id: int) -> Excerpt:
    excerpt: Excerpt = _in_study(actor, Excerpt, excerpt_id, "source__study_id", ("source", "code"))
    return excerpt


def visible_excerpts(actor: Actor, study: Study) -> QuerySet[Excerpt]:
    """Excerpts the actor may see: all, or in blind coding only their own (the owner sees all)."""
    qs = Excerpt.objects.filter(source__study=study)
    if study.is_blind and not is_owner(study):
        qs = qs.filter(coder=actor)
    # A source's text can be 100,000+ characters: never copy it into every excerpt row.
    return qs.select_related("code", "coder", "source").defer("source__text")


def with_texts(excerpts: list[Excerpt]) -> list[Excerpt]:
    """Give excerpts their sources with text, each source loaded once."""
    sources = Source.objects.in_bulk({e.source_id for e in excerpts})
    for excerpt in excerpts:
        excerpt.source = sources[excerpt.source_id]
    return excerpts


SOURCES_PER_PAGE = 50


def source_page(study: Study, number: Any, *, per_page: int = SOURCES_PER_PAGE) -> Page[Any]:
    """One page of the study's sources by title: counted and sliced in the database, then the
    page's rows with their activity, unit and excerpt count (never their texts)."""
    ids = study.sources.order_by("title", "id").values_list("pk", flat=True)
    page = Paginator(ids, per_page).get_page(number)
    shown = list(page.object_list)
    rows = (
        Source.objects.filter(pk__in=shown)
        .select_related("activity", "unit")
        .defer("text", "cues")
        .annotate(excerpt_count=Count("excerpts"))
        .in_bulk()
    )
    # The page of ids becomes a page of sources; django-stubs types object_list by the ids.
    page.object_list = [rows[pk] for pk in shown if pk in rows]  # type: ignore[misc]  # see above
    return page


def sources_of(study: Study) -> QuerySet[Source]:
    return (
        study.sources.select_related("activity", "unit")
        .annotate(excerpt_count=Count("excerpts"))
        .order_by("title", "id")
    )


@dataclass
class CodeNode:
    code: Code
    depth: int
    excerpt_count: int = 0


def code_tree(study: Study, counts: dict[int, int] | None = None) -> list[CodeNode]:
    """Codes depth-first, children under their parent, with excerpt counts."""
    codes = list(study.codes.all().order_by("name", "id"))
    children: dict[int | None, list[Code]] = defaultdict(list)
    for code in codes:
        children[code.parent_id].append(code)
    nodes: list[CodeNode] = []

    def walk(parent: int | None, depth: int) -> None:
        for code in children.get(parent, []):
            nodes.append(CodeNode(code, depth, (counts or {}).get(code.pk, 0)))
            walk(code.pk, depth + 1)

    walk(None, 0)
    return nodes


def excerpt_counts(actor: Actor, study: Study) -> dict[int, int]:
    rows = visible_excerpts(actor, study).values("code_id").annotate(n=Count("id"))
    return {r["code_id"]: r["n"] for r in rows}


def code_excerpts(excerpts: QuerySet[Excerpt], code: Code) -> list[Excerpt]:
    """The code's excerpts among `excerpts` (visible ones, narrowed by `filters.ExcerptFilterSet`),
    in reading order, with their texts."""
    return with_texts(list(excerpts.filter(code=code).order_by("source__title", "start")))


def with_context(excerpt: Excerpt, chars: int = 160) -> tuple[str, str, str]:
    text = excerpt.source.text
    before = text[max(0, excerpt.start - chars) : excerpt.start]
    after = text[excerpt.end : excerpt.end + chars]
    return before, text[excerpt.start : excerpt.end], after


# ---- analysis ------------------------------------------------------------------------------

ATTRIBUTES = {
    "speaker_role": "source__speaker_role",
    "unit": "source__unit__name",
    "activity_kind": "source__activity__kind",
}


@dataclass
class Matrix:
    columns: list[str]
    rows: list[tuple[Code, list[int | None]]]
    sources_per_column: dict[str, int | None]
    hidden_columns: set[str] = field(default_factory=set)


def code_matrix(actor: Actor, study: Study, attribute: str) -> Matrix:
    """Excerpt counts per code × attribute value. A column whose sources (informants) are fewer
    than the organisation's threshold is suppressed (with complements), as it describes people."""
    field_path = ATTRIBUTES[attribute]
    source_field = field_path.removeprefix("source__")
    per_column = dict(
        study.sources.values_list(source_field)
        .annotate(n=Count("id"))
        .values_list(source_field, "n")
    )
    counts = {str(k or "–"): n for k, n in per_column.items()}
    threshold = study.organisation.suppression_threshold
    suppression = suppress_small_groups(counts, threshold=threshold, is_total_published=True)
    columns = sorted(counts)
    cells: dict[tuple[int, str], int] = defaultdict(int)
    for row in visible_excerpts(actor, study).values("code_id", field_path).annotate(n=Count("id")):
        cells[(row["code_id"], str(row[field_path] or "–"))] += row["n"]
    rows = []
    for node in code_tree(study):
        values: list[int | None] = [
            cells[(node.code.pk, c)] if suppression.is_visible(c) else None for c in columns
        ]
        rows.append((node.code, values))
    return Matrix(
        columns=columns,
        rows=rows,
        sources_per_column={c: counts[c] if suppression.is_visible(c) else None for c in columns},
        hidden_columns=set(suppression.hidden),
    )


def co_occurrence(actor: Actor, study: Study) -> list[tuple[Code, Code, int]]:
    """Pairs of codes whose excerpts overlap in the same source, with the number of overlaps."""
    # Plain tuples, not model objects: a study holds tens of thousands of excerpts.
    spans = (
        visible_excerpts(actor, study)
        .order_by("source_id", "start")
        .values_list("source_id", "code_id", "start", "end")
    )
    by_source: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for source_id, code_id, start, end in spans.iterator(chunk_size=5000):
        by_source[source_id].append((code_id, start, end))
    pairs: dict[tuple[int, int], int] = defaultdict(int)
    for items in by_source.values():
        for i, (a_code, _a_start, a_end) in enumerate(items):
            for b_code, b_start, _b_end in items[i + 1 :]:
                if b_start >= a_end:
                    break
                if a_code != b_code:
                    pairs[(min(a_code, b_code), max(a_code, b_code))] += 1
    codes = study.codes.in_bulk({code for pair in pairs for code in pair})
    return sorted(
        ((codes[a], codes[b], n) for (a, b), n in pairs.items()),
        key=lambda t: (-t[2], t[0].name, t[1].name),
    )


def coders_of(study: Study) -> list[Any]:
    from vardag.accounts.models import User

    ids = Excerpt.objects.filter(source__study=study).values_list("coder_id", flat=True).distinct()
    return list(User.objects.filter(pk__in=set(ids)).order_by("first_name", "id"))


def code_agreements(study: Study, coder_a: int, coder_b: int) -> list[tuple[Code, Any]]:
    """Per code: kappa and alpha of two coders over the sources both have coded."""
    rows = list(
        Excerpt.objects.filter(source__study=study, coder_id__in=[coder_a, coder_b]).values_list(
            "source_id", "code_id", "coder_id", "start", "end"
        )
    )
    coded_by: dict[int, set[int]] = defaultdict(set)
    for source_id, _code, coder, _s, _e in rows:
        coded_by[coder].add(source_id)
    shared = coded_by[coder_a] & coded_by[coder_b]
    lengths = {
        pk: len(text) for pk, text in Source.objects.filter(pk__in=shared).values_list("pk", "text")
    }
    spans: dict[tuple[int, int], dict[int, list[tuple[int, int]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for source_id, code_id, coder, start, end in rows:
        if source_id in shared:
            spans[(code_id, coder)][source_id].append((start, end))
    result = []
    for node in code_tree(study):
        code = node.code
        if (code.pk, coder_a) not in spans and (code.pk, coder_b) not in spans:
            continue
        result.append(
            (
                code,
                agreement.code_agreement(
                    code.pk, lengths, spans[(code.pk, coder_a)], spans[(code.pk, coder_b)]
                ),
            )
        )
    return result


def memos_for(study: Study, **target: Any) -> QuerySet[Memo]:
    return study.memos.filter(**target).select_related("author", "excerpt__code", "excerpt__source")


def theme_list(study: Study) -> QuerySet[Theme]:
    return study.themes.prefetch_related("codes").annotate(code_count=Count("codes"))


def theme_evidence(actor: Actor, theme: Theme) -> list[Excerpt]:
    study = theme.study_obj  # type: ignore[attr-defined]  # the study checked for access (selectors._in_study)
    return with_texts(
        list(
            visible_excerpts(actor, study)
            .filter(code__in=theme.codes.all())
            .order_by("source__title", "start")
        )
    )
