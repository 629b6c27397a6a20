"""The coding page's offsets are exact: each paragraph's visible text is text[start:end]."""

import html
import re
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from vardag.research.rendering import code_css, paragraphs

TAGS = re.compile(r"<[^>]+>")


@st.composite
def texts_and_spans(draw):
    text = draw(st.text(alphabet="ab <&>\"'\nåä", min_size=1, max_size=200))
    spans = []
    for _ in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        code = draw(st.integers(1, 3))
        spans.append(
            SimpleNamespace(
                start=start, end=end, code_id=code, code=SimpleNamespace(name=f"K{code}")
            )
        )
    return text, spans


@settings(max_examples=300, deadline=None)
@given(texts_and_spans())
def test_paragraph_text_is_the_exact_slice_and_marks_cover_the_spans(data):
    text, spans = data
    for p in paragraphs(text, spans):
        assert html.unescape(TAGS.sub("", p.html)) == text[p.start : p.end]
        marked = re.findall(r"<mark[^>]*>(.*?)</mark>", p.html, re.S)
        inside = [e for e in spans if e.start < p.end and e.end > p.start]
        covered = {i for e in inside for i in range(max(e.start, p.start), min(e.end, p.end))}
        assert sum(len(html.unescape(m)) for m in marked) == len(covered)


def test_code_css_accepts_only_hex_colours():
    css = code_css([(1, "#aabbcc"), (2, "red;} body{display:none")])
    assert ".coded.code-1 { border-bottom-color: #aabbcc; }" in css
    assert "display:none" not in css
