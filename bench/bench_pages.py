"""Server time of Vardag's most used pages at municipal scale.

Builds a municipality in a throw-away SQLite database (or the database in DATABASE_URL, which
must be empty and disposable), then times each page with Django's test client. The baseline is
the same page in the small test world, so the ratio shows how each page scales with data.

    .venv/bin/python bench/bench_pages.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def setup_django() -> None:
    os.environ.setdefault("VARDAG_DEBUG", "1")
    os.environ.setdefault("VARDAG_ALLOWED_HOSTS", "testserver,localhost")
    if "DATABASE_URL" not in os.environ:
        os.environ["VARDAG_DATA_DIR"] = tempfile.mkdtemp(prefix="vardag-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def grow_municipality(world, *, people: int, units: int, events: int) -> None:
    from django.db import transaction

    from vardag.accounts.models import Membership, User
    from vardag.core.models import AuditEvent, Unit

    parent = world.units["administration"]
    with transaction.atomic():
        new_units = Unit.objects.bulk_create(
            Unit(organisation=world.org, parent=parent, name=f"Enhet {i:04d}", kind="unit")
            for i in range(units)
        )
        users = User.objects.bulk_create(
            User(
                username=f"person{i:05d}",
                organisation=world.org,
                first_name="Person",
                last_name=str(i),
            )
            for i in range(people)
        )
        Membership.objects.bulk_create(
            Membership(user=u, unit=new_units[i % units], role="employee")
            for i, u in enumerate(users)
        )
        AuditEvent.objects.bulk_create(
            AuditEvent(
                organisation=world.org,
                actor=users[i % people],
                actor_label="Person",
                action="idea.submitted" if i % 2 else "unit.created",
                target_type="core.unit",
                target_id=str(new_units[i % units].pk),
                target_label="Enhet",
            )
            for i in range(events)
        )


PAGES = [
    ("start page", "employee", "/"),
    ("audit log, first page", "admin", "/handelselogg/"),
    ("audit log, filtered by action", "admin", "/handelselogg/?action=idea"),
    ("notifications", "employee", "/aviseringar/"),
    ("API: units (first 100)", "employee", "/api/v1/units?limit=100"),
]


def time_pages(world) -> dict[str, tuple[float, float]]:
    from django.test import Client
    from timing import measure

    results = {}
    for name, persona, url in PAGES:
        client = Client()
        client.force_login(world.people[persona])
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        results[name] = measure(lambda c=client, u=url: c.get(u))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from timing import Timing, print_table

    from vardag.accounts.testing import make_world

    world = make_world()
    baseline = time_pages(world)
    scale = (800, 40, 10_000) if args.quick else (8_000, 400, 100_000)
    grow_municipality(world, people=scale[0], units=scale[1], events=scale[2])
    large = time_pages(world)
    rows = [
        Timing(name, large[name][0], large[name][1], baseline[name][0]) for name, _p, _u in PAGES
    ]
    print_table(
        f"Vardag pages on {connection.vendor}: {scale[0]} people, {scale[1]} units, "
        f"{scale[2]} audit events (baseline: the small test world)",
        rows,
    )


if __name__ == "__main__":
    main()
