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
