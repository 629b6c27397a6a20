"""`vardag seed --scale liten`: the generator's small size, checked for what it makes and that
the same seed makes the same municipality (no times asserted)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from vardag.core.models import CollaborationAgreement, Organisation
from vardag.demo import loader, scale
from vardag.ideas.models import Idea, IdeaState
from vardag.research.models import PseudonymEntry, Source
from vardag.surveys.models import Response

pytestmark = pytest.mark.django_db


def _seeded(seed: int) -> tuple[str, dict[str, int]]:
    """Seed in a savepoint, take the digest and counts, roll back."""
    point = transaction.savepoint()
    result = scale.seed("liten", seed=seed)
    digest = scale.fingerprint()
    states = set(Idea.objects.values_list("state", flat=True))
    by_org = {
        o.slug: Idea.objects.filter(organisation=o).count() for o in Organisation.objects.all()
    }
    checks = {
        **result.counts,
        "states": len(states),
        "ekbacka ideas": by_org["ekbacka"],
        "norrvik ideas": by_org["norrvik"],
        "agreements": CollaborationAgreement.objects.count(),
        "imported responses": Response.objects.filter(source=Response.Source.IMPORT).count(),
        "key entries": PseudonymEntry.objects.count(),
        "crossing ideas": Idea.objects.filter(affected_units__organisation__slug="norrvik")
        .exclude(organisation__slug="norrvik")
        .count(),
    }
    assert states == set(IdeaState.values)
    transaction.savepoint_rollback(point)
    return digest, checks


def test_liten_makes_a_small_municipality_the_same_way_every_time():
    loader.load()  # once; each seed grows the demo in a savepoint that is rolled back
    digest, counts = _seeded(7)
    spec = scale.SCALES["liten"]
    assert counts["ideas"] >= spec.ideas and counts["units"] >= spec.units
    assert counts["people"] >= spec.people and counts["forums"] >= spec.forums
    assert counts["timeline events"] > 3 * spec.ideas and counts["decisions"] > 0
    assert counts["meetings"] >= spec.meetings
    assert counts["agenda items"] >= spec.meetings * spec.items_per_meeting
    assert counts["audit events"] >= spec.audit_events
    assert counts["imported responses"] == spec.respondents  # through the real answer import
    assert counts["transcripts"] >= spec.transcripts and counts["key entries"] > 0
    assert counts["ekbacka ideas"] > counts["norrvik ideas"] > 0
    assert counts["agreements"] >= 1
    again, same_counts = _seeded(7)
    assert (again, same_counts) == (digest, counts)
    other, _counts = _seeded(8)
    assert other != digest


def test_seed_refuses_a_database_that_holds_more_than_the_demo():
    Organisation.objects.create(name="Annan kommun", slug="annan", kind="municipality")
    with pytest.raises(CommandError):
        call_command("seed", scale="liten", stdout=StringIO())
    call_command("seed", scale="liten", if_empty=True, stdout=StringIO())
    assert not Idea.objects.exists() and not Source.objects.exists()
