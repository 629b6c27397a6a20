"""Process model presets: Helsingborg's four steps and SKR Innovationsguiden's six phases.

Each stage: (name, description, guiding questions, exit criteria). Texts are Swedish because they
are organisation data (editable per organisation), not interface strings.
"""

from __future__ import annotations

PresetStage = tuple[str, str, list[str], list[str]]

# The decision that ends a stage (the gate its exit criteria name), by preset and stage name.
EXIT_GATES: dict[str, dict[str, str]] = {
    "helsingborg": {"Utforska idé": "grant_time", "Utforska upplägg": "grant_money"},
    "skr": {"Ringa in": "grant_time", "Testa idéer": "scale_up"},
}

HELSINGBORG: list[PresetStage] = [
    (
        "Utforska idé",
        "Förstå behovet och idén utifrån och in, innan någon lösning bestäms.",
        [
            "Vilka användare berörs, och vad försöker de själva åstadkomma?",
            "Vad vet vi redan, och vad är antaganden?",
            "Vilka andra enheter eller organisationer berörs?",
        ],
        [
            "Behovet är beskrivet med användarnas egna ord.",
            "Berörda enheter och målgrupper är namngivna.",
            "Beslut om tid (G1) är fattat.",
        ],
    ),
    (
        "Utforska upplägg",
        "Pröva hur idén kan genomföras och vad den kräver.",
        [
            "Vilket värde skapas för individen och för samhället?",
            "Inom vilket lagrum ryms idén?",
            "Vad behövs i tid, pengar och kompetens?",
        ],
        [
            "Värdebedömning med lagrum är gjord.",
            "Användare har varit delaktiga.",
            "Beslut om pengar (G2) är fattat.",
        ],
    ),
    (
        "Utveckla pilot",
        "Testa i liten skala med tydliga effektmål.",
        [
            "Vilka effektmål och nollvärden gäller?",
            "Vilken testgrupp och period?",
            "Hur samlar vi in användarnas upplevelse?",
        ],
        [
            "Piloten är utvärderad mot effektmålen.",
            "Risker för värdeförstöring är bedömda.",
        ],
    ),
    (
        "Skala",
        "Föra in det som fungerar i ordinarie verksamhet.",
        [
            "Vem är mottagande enhet och linjeansvarig?",
            "Vilken driftbudget och vilka rutiner ändras?",
            "När följer vi upp?",
        ],
        [
            "Beslut om att skala upp (G3) är fattat.",
            "Uppföljning är gjord och resultatet är registrerat.",
        ],
    ),
]

SKR_INNOVATIONSGUIDEN: list[PresetStage] = [
    (
        "Ringa in",
        "Ringa in utmaningen och sätt ramarna för arbetet.",
        [
            "Vilket problem eller vilken möjlighet vill vi arbeta med?",
            "Vem äger frågan, och vilket mandat har vi?",
            "Vilka resurser har vi?",
        ],
        ["Utmaningen är formulerad som en ”Hur kan vi …?”-fråga.", "Projektramen är beslutad."],
    ),
    (
        "Undersöka",
        "Undersök behoven hos dem som berörs.",
        [
            "Vilka är användarna och vilka behov har de?",
            "Vad säger användarna med egna ord?",
            "Vilka aktörer finns runt användaren?",
        ],
        ["Insikter är dokumenterade med källor.", "Användare har medverkat."],
    ),
    (
        "Fokusera",
        "Välj vilka behov och insikter arbetet ska utgå från.",
        ["Vilka insikter är viktigast?", "Vilket behov ska vi lösa först?"],
        ["Ett prioriterat behov är formulerat."],
    ),
    (
        "Ta fram idéer",
        "Ta fram många idéer tillsammans med användare och medarbetare.",
        ["Vilka idéer svarar mot behovet?", "Vilka idéer vill vi testa?"],
        ["Idéer att testa är valda."],
    ),
    (
        "Testa idéer",
        "Testa idéerna med användarna i enkla prototyper och piloter.",
        [
            "Hur vet vi att idén fungerar för användaren?",
            "Vad har vi lärt oss av testerna?",
        ],
        ["Testresultaten är utvärderade mot effektmålen."],
    ),
    (
        "Förverkliga",
        "Genomför lösningen i ordinarie verksamhet.",
        [
            "Vem tar över ansvaret i linjen?",
            "Vad behöver ändras i rutiner och budget?",
        ],
        ["Lösningen är införd och uppföljd."],
    ),
]

PRESETS: dict[str, tuple[str, str, list[PresetStage]]] = {
    "helsingborg": (
        "Helsingborgs fyra steg",
        "Utforska idé → Utforska upplägg → Utveckla pilot → Skala.",
        HELSINGBORG,
    ),
    "skr": (
        "SKR Innovationsguiden",
        "Ringa in → Undersöka → Fokusera → Ta fram idéer → Testa idéer → Förverkliga.",
        SKR_INNOVATIONSGUIDEN,
    ),
}
