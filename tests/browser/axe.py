"""axe-core as every browser test runs it: WCAG 2.1 A/AA rules, violations only.

`resultTypes: ["violations"]` makes axe keep the node details of violations only (passes and
inapplicable rules are summarised by one node each), which roughly halves each run and the JSON
that travels back from the browser; every rule still runs and every violation is reported in
full (test_accessibility.test_axe_really_reports_violations guards that).
"""

from __future__ import annotations

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def violations(page, *, inject: bool = True) -> list[str]:
    """axe-core's violations on the page as it is now, one line each with up to three targets.
    `inject=False` reuses the axe already injected into this document (after a resize)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    if inject:
        page.evaluate(axe.axe_script)
    response = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    problems = []
    for violation in response["violations"]:
        targets = [n["target"] for n in violation["nodes"]][:3]
        problems.append(f"{violation['id']}: {violation['help']} {targets}")
    return problems


def watch_csp(page) -> list[str]:
    """A list the page's console fills with what the Content Security Policy blocks (clear it
    before each page load to keep one page's findings apart)."""
    blocked: list[str] = []
    page.on(
        "console",
        lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return blocked


WIDTHS = (1280, 320)


def overflow(page) -> list[str]:
    """Horizontal overflow of the page as laid out now (what 320 px must not have)."""
    pixels = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    return (
        [f"horizontal overflow of {pixels}px at {page.viewport_size['width']}px"]
        if pixels > 1
        else []
    )


def at_widths(page, widths=WIDTHS) -> list[str]:
    """The loaded page checked at each width, widest first: the viewport is resized in place and
    the layout reflows as if the page had loaded at that width (Vardag's pages have no script
    that reads the width when it loads), so axe runs again without a second load or injection.
    The viewport is left at the first width. Each problem names its width."""
    height = page.viewport_size["height"]
    problems = []
    for index, width in enumerate(widths):
        if index or page.viewport_size["width"] != width:
            page.set_viewport_size({"width": width, "height": height})
        found = violations(page, inject=not index)
        if width <= 320:
            found.extend(overflow(page))
        problems.extend(f"{width}px: {problem}" for problem in found)
    page.set_viewport_size({"width": widths[0], "height": height})
    return problems
