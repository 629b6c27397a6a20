"""Deductive starter codebooks: service logic, and the conditions dimensions (DOMAIN.md F1)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class StarterCode:
    name: str
    definition: str
    colour: str
    children: tuple[StarterCode, ...] = field(default=())


SERVICE_LOGIC = StarterCode(
    "Tjänstelogik",
    "Värde skapas tillsammans med brukaren i användningen, inte i organisationen.",
    "#0b5394",
    (
        StarterCode(
            "Användarens situation", "Brukarens vardag, behov och mål med egna ord.", "#1f6feb"
        ),
        StarterCode("Värdeskapande", "När och hur tjänsten skapar värde för brukaren.", "#2e7d32"),
        StarterCode("Värdeförstörelse", "När tjänsten försämrar brukarens situation.", "#b3261e"),
        StarterCode("Resurser", "Vad brukaren och verksamheten bidrar med.", "#6a1b9a"),
        StarterCode(
            "Utifrån och in", "Verksamheten ser sig själv ur brukarens perspektiv.", "#00695c"
        ),
        StarterCode(
            "Samskapande", "Brukare och medarbetare utformar tjänsten tillsammans.", "#8d6e00"
        ),
    ),
)

CONDITIONS = StarterCode(
    "Förutsättningar för innovation",
    "Förutsättningsanalysens dimensioner.",
    "#4a148c",
    (
        StarterCode("Struktur", "Processer, forum och vägar för idéer.", "#283593"),
        StarterCode("Kultur", "Normer, tillit och lust att pröva nytt.", "#ad1457"),
        StarterCode("Mandat", "Vem får besluta vad; delegation.", "#37474f"),
        StarterCode("Tid", "Utrymme i arbetstiden för utveckling.", "#5d4037"),
        StarterCode("Ledningens stöd", "Chefers och ledningens stöd.", "#1b5e20"),
        StarterCode("Samverkan", "Samarbete inom och mellan organisationer.", "#004d40"),
        StarterCode("Användarorientering", "Verksamheten utgår från användarna.", "#0d47a1"),
        StarterCode("Kunskap om användare", "Vad verksamheten vet om användarna.", "#bf360c"),
    ),
)

STARTERS = {"service_logic": SERVICE_LOGIC, "conditions": CONDITIONS}
STARTER_CHOICES = [
    ("service_logic", _("Tjänstelogik")),
    ("conditions", _("Förutsättningar för innovation")),
]
