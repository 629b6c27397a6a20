"""Property tests (issue 14 items 1, 2 and 8): whatever a file holds, a reader either gives text
within the bounds or a translated refusal, never another exception, and text is never doubled.

The bounds are made small here so that generated files reach them quickly."""

from __future__ import annotations

import contextlib
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vardag.research import refi
from vardag.research.bounds import Budget, Limits
from vardag.research.importers import ImportProblem, extract
from vardag.research.tests.documents import (
    docx,
    odt_raw,
    pdf,
    w_p,
    w_textbox,
    word_part,
    zipped,
)

SMALL = Limits(
    max_chars=20_000,
    max_elements=3_000,
    max_depth=40,
    max_pages=5,
    max_page_bytes=50_000,
    max_codes=200,
    max_sources=10,
    max_codings=500,
)
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
SUFFIXES = [".txt", ".docx", ".odt", ".pdf", ".vtt", ".srt"]
WORDS = st.text(
    alphabet=st.characters(categories=["L", "N", "Zs"], exclude_characters="\x00"),
    min_size=1,
    max_size=30,
).filter(str.strip)


def _read(name: str, data: bytes) -> str | None:
    """The text, or None when refused with a message; any other exception fails the test."""
    try:
        text = extract(name, data, Budget(SMALL)).text
    except ImportProblem as exc:
        assert str(exc).strip()
        return None
    assert len(text) <= SMALL.max_chars
    return text


@SETTINGS
@given(suffix=st.sampled_from(SUFFIXES), data=st.binary(max_size=3000))
def test_any_bytes_give_text_or_a_message(suffix, data):
    _read("f" + suffix, data)


@SETTINGS
@given(
    suffix=st.sampled_from(SUFFIXES),
    head=st.sampled_from([b"PK\x03\x04", b"%PDF-1.4\n", b"WEBVTT\n\n", b"\xff\xfe", b""]),
    data=st.binary(max_size=2000),
)
def test_bytes_that_start_like_a_real_file_give_text_or_a_message(suffix, head, data):
    _read("f" + suffix, head + data)


@SETTINGS
@given(
    count=st.one_of(
        st.integers(min_value=-5, max_value=10**15).map(str),
        st.text(max_size=12),
    ),
    repeats=st.integers(min_value=1, max_value=5),
)
def test_odt_repeated_spaces_stay_within_the_bound(count, repeats):
    body = "<text:p>a" + f'<text:s text:c="{escape(count, {chr(34): "&quot;"})}"/>' * repeats
    text = _read("s.odt", odt_raw(body + "b</text:p>"))
    assert text is None or (text.startswith("a") and text.endswith("b"))


@SETTINGS
@given(
    depth=st.integers(min_value=1, max_value=120),
    tag=st.sampled_from(["text:span", "text:a", "text:meta", "text:ruby-base"]),
)
def test_odt_nesting_gives_text_or_a_message(depth, tag):
    inner = f"<{tag}>" * depth + "x" + f"</{tag}>" * depth
    text = _read("n.odt", odt_raw(f"<text:p>{inner}</text:p>"))
    assert (text == "x") if depth + 5 < SMALL.max_depth else text in (None, "x")


@SETTINGS
@given(
    before=st.lists(WORDS, max_size=4),
    boxed=st.lists(WORDS, min_size=1, max_size=3),
    after=st.lists(WORDS, max_size=4),
)
def test_docx_text_boxes_come_exactly_once(before, boxed, after):
    marker = [f"RUTA{i}" for i in range(len(boxed))]
    body = "".join(w_p(t) for t in before)
    body += w_p("Ankare", w_textbox(*[f"{m} {t}" for m, t in zip(marker, boxed, strict=True)]))
    body += "".join(w_p(t) for t in after)
    text = _read("t.docx", zipped({"word/document.xml": word_part("document", body)}))
    assert text is not None
    for m in marker:
        assert text.count(m) == 1


@SETTINGS
@given(paragraphs=st.lists(WORDS, min_size=1, max_size=400))
def test_docx_characters_are_bounded_while_reading(paragraphs):
    text = _read("p.docx", docx(paragraphs))
    total = sum(len(p.strip()) + 2 for p in paragraphs if p.strip())
    assert (text is None) == (total > SMALL.max_chars) or text is None


@SETTINGS
@given(
    depth=st.integers(min_value=1, max_value=80),
    breadth=st.integers(min_value=1, max_value=300),
)
def test_codebooks_give_codes_within_bounds_or_a_refusal(depth, breadth):
    n = iter(range(1, 10**6))

    def code(level: int) -> str:
        guid = f"00000000-0000-4000-8000-{next(n):012d}"
        inner = code(level + 1) if level < depth else ""
        return f'<Code guid="{guid}" name="k" isCodable="true">{inner}</Code>'

    flat = "".join(
        f'<Code guid="00000000-0000-4000-9000-{i:012d}" name="b{i}" isCodable="true"/>'
        for i in range(breadth)
    )
    xml = (
        '<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        f"{code(1)}{flat}</Codes></CodeBook>"
    ).encode()
    try:
        book = refi.read_codebook(xml, SMALL)
    except refi.RefiError as exc:
        assert exc.reason == "limit" and exc.detail in ("max_depth", "max_codes")
        return
    assert len(refi.all_codes(book.codes)) == depth + breadth <= SMALL.max_codes


@SETTINGS
@given(data=st.binary(max_size=3000), head=st.sampled_from([b"", b"PK\x03\x04"]))
def test_any_bytes_as_a_qdpx_or_qdc_give_a_refusal_not_an_exception(data, head):
    for reader in (refi.read_project, refi.read_codebook):
        with contextlib.suppress(refi.RefiError):
            reader(head + data, SMALL)


@SETTINGS
@given(
    sources=st.integers(min_value=1, max_value=15),
    codings=st.integers(min_value=0, max_value=80),
)
def test_projects_give_sources_and_codings_within_bounds_or_a_refusal(sources, codings):
    text = "Tiden räcker inte till."
    code = "00000000-0000-4000-8000-000000000001"
    parts: dict[str, str | bytes] = {}
    elements = []
    for s in range(sources):
        guid = f"00000000-0000-4000-9000-{s:012d}"
        selections = "".join(
            f'<PlainTextSelection guid="00000000-0000-4000-a{s:03d}-{c:012d}" '
            f'startPosition="0" endPosition="5"><Coding guid="00000000-0000-4000-b000-'
            f'{c:012d}"><CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>'
            for c in range(codings)
        )
        elements.append(
            f'<TextSource guid="{guid}" name="k{s}" plainTextPath="internal://{guid}.txt">'
            f"{selections}</TextSource>"
        )
        parts[f"sources/{guid}.txt"] = text.encode()
    parts["project.qde"] = (
        '<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0" name="P"><CodeBook>'
        f'<Codes><Code guid="{code}" name="Tid" isCodable="true"/></Codes></CodeBook>'
        f"<Sources>{''.join(elements)}</Sources></Project>"
    )
    try:
        project = refi.read_project(zipped(parts), SMALL)
    except refi.RefiError as exc:
        assert exc.reason == "limit"
        assert exc.detail in ("max_sources", "max_codings", "max_elements")
        elements = 6 + sources * (1 + 3 * codings)
        assert (
            sources > SMALL.max_sources
            or sources * codings > SMALL.max_codings
            or elements > SMALL.max_elements
        )
        return
    assert len(project.sources) == sources and sum(len(s.codings) for s in project.sources) == (
        sources * codings
    )


@pytest.mark.parametrize("pages", [1, SMALL.max_pages + 1])
def test_pdf_pages_are_bounded(pages):
    data = pdf("Hej")
    if pages > 1:
        data = data.replace(
            b"/Kids [3 0 R] /Count 1", b"/Kids [" + b"3 0 R " * pages + b"] /Count %d" % pages
        )
    text = _read("p.pdf", data)
    assert (text is None) == (pages > SMALL.max_pages)
