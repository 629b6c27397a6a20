"""At 320 px a list reads: tables stack into "label: value" rows with JavaScript, and without it
they keep whole words in their columns and scroll inside their wrapper (never letter by letter)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browser.test_accessibility import _check, _session_cookie
from vardag.accounts.testing import make_world
from vardag.ideas.tests.factories import make_idea

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each cell's narrowest word-fitting width: a column may not be narrower than its longest word.
LONGEST_WORD_FITS = """() => Array.from(document.querySelectorAll('main td')).every(cell => {
  let widest = 0;
  const words = (cell.innerText || '').split(/\\s+/).filter(Boolean);
  const probe = document.createElement('span');
  probe.style.whiteSpace = 'nowrap';
  cell.appendChild(probe);
  for (const word of words) {
    probe.textContent = word;
    widest = Math.max(widest, probe.offsetWidth);
  }
  probe.remove();
  const style = getComputedStyle(cell);
  const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return widest <= inner + 1;
})"""


def _home(browser, live_server, world, *, javascript: bool):
    context = browser.new_context(
        viewport={"width": 320, "height": 800}, java_script_enabled=javascript
    )
    context.add_cookies([_session_cookie(world.employee, live_server)])
    page = context.new_page()
    page.goto(live_server.url + reverse("shell:home"))
    return context, page


def test_tables_stack_at_320_px(browser, live_server):
    world = make_world()
    make_idea(world, title="Samordnad individuell plan med förskoleklassen och socialtjänsten")
    context, page = _home(browser, live_server, world, javascript=True)
    table = page.locator("main table").first
    assert "table--stack" in (table.get_attribute("class") or "")
    cells = page.locator("main tbody td")
    assert cells.first.get_attribute("data-label") == "Idé"
    assert page.locator("main tbody td[data-label='Status']").count() >= 1
    widths = [cells.nth(i).bounding_box()["width"] for i in range(cells.count())]
    assert min(widths) > 250, widths  # every cell spans the row: stacked, not squeezed
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    assert _check(page, page.url) == []
    context.close()


def test_without_javascript_columns_keep_whole_words(browser, live_server):
    world = make_world()
    make_idea(world, title="Samordnad individuell plan med förskoleklassen och socialtjänsten")
    context, page = _home(browser, live_server, world, javascript=False)
    assert "table--stack" not in (page.locator("main table").first.get_attribute("class") or "")
    assert page.evaluate(LONGEST_WORD_FITS)
    context.close()
