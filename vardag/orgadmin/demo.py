"""Demo data for the admin area: an agreement between the municipalities' administrations, group
mappings for single sign-on, and one applied HR import of a youth centre's team (the file covers
only its own unit, and is applied as such)."""

from __future__ import annotations

from datetime import date
from typing import Any

from vardag.accounts.models import User
from vardag.orgadmin import importing, services
from vardag.orgadmin.models import HrImport

DEMO_EXPORT = "\r\n".join(
    [
        "Anställningsnummer;Förnamn;Efternamn;E-post;Befattning;Enhetskod;Enhetsnamn;"
        "Överordnad enhetskod;Enhetstyp;Roll;Startdatum",
        "EK-1001;Nora;Sandberg;nora.sandberg@ekbacka.example;Fritidsledare;FG-01;"
        "Fritidsgården Hamnen;SKOLFORVALTNINGEN;Enhet;Enhetschef;2023-08-01",
        "EK-1002;Ali;Rahimi;ali.rahimi@ekbacka.example;Fritidsledare;FG-01;"
        "Fritidsgården Hamnen;SKOLFORVALTNINGEN;Enhet;Medarbetare;2024-01-15",
        "EK-1003;Emma;Strand;emma.strand@ekbacka.example;Fritidsledare;FG-01;"
        "Fritidsgården Hamnen;SKOLFORVALTNINGEN;Enhet;Medarbetare;2025-03-01",
    ]
).encode("utf-8")


def load(world: Any) -> None:
    """`world` is vardag.demo.loader.DemoWorld (a higher layer, so not imported here)."""
    admin: User = world.users["admin"]
    services.agreement_add(
        actor=admin,
        title="Tidiga och samordnade insatser för barn och unga",
        purpose=(
            "Skola och socialtjänst i Ekbacka och Norrvik utvecklar tillsammans stödet till barn "
            "och unga som har kontakt med båda."
        ),
        partners=[world.norrvik],
        units=[world.units["socialforvaltningen"], world.units["skolforvaltningen"]],
        valid_from=date(2025, 1, 1),
        valid_until=date(2027, 12, 31),
    )
    services.group_mapping_add(
        actor=admin,
        group="sg-vardag-enhetschefer-sf",
        unit=world.units["sf_mottagning"],
        role="unit_manager",
    )
    services.group_mapping_add(
        actor=admin,
        group="sg-vardag-innovation",
        unit=world.units["sf_utveckling"],
        role="innovation_lead",
    )
    hr_import = services.import_upload(
        actor=admin, file_name="fritidsgardar-2026.csv", content=DEMO_EXPORT
    )
    mapping = importing.propose_mapping(hr_import.headers)
    services.import_check(actor=admin, hr_import=hr_import, mapping=mapping)
    # The file holds one youth centre under the school administration: it speaks only for its
    # own units, so nothing else in Ekbacka is closed.
    services.import_start(actor=admin, hr_import=hr_import, scope=HrImport.Scope.FILE)
    services.import_run(import_id=hr_import.pk)
