"""Access cases for the overview's pages and API routes (see vardag.core.testing.Case).

The overview is for managers, heads of administration, committee members, organisation admins
and innovation leads; the foreign persona (an admin of another municipality) sees only its own
organisation's overview and a 404 for units of ours."""

from __future__ import annotations

from vardag.core.testing import Case
from vardag.ideas.tests.factories import make_idea


def _setup(world):
    idea = make_idea(world, title="Digital väntrumsinformation för familjer")
    units = world.units
    return idea, f"a={units['unit'].pk}&b={units['administration'].pk}"


def url_cases(world):
    idea, pair = _setup(world)
    return {
        "dashboards:overview": Case(persona="head", foreign="own", marker="Socialförvaltningen"),
        "dashboards:compare": Case(
            persona="head", foreign="own", query=pair, marker="Mottagningsenheten"
        ),
        "dashboards:report": Case(
            persona="head", foreign="own", kwargs={"fmt": "xlsx"}, is_page=False
        ),
    }


def api_cases(world):
    idea, pair = _setup(world)
    base = "/api/v1/dashboards"
    return {
        f"GET {base}/overview": Case(persona="head", foreign="own", marker="Socialförvaltningen"),
        f"GET {base}/compare": Case(persona="head", query=pair),
    }
