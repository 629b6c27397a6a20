"""Process model presets: Helsingborg's four steps and SKR Innovationsguiden's six phases.

Each stage: (name, description, guiding questions, exit criteria). Texts are organisation data
(editable per organisation), not interface strings, so they are not translated through gettext:
each preset is given in Swedish and in English (`PRESETS_EN`, stage by stage in the same order),
and a process model installed from it keeps both (`Stage.name`/`name_en` and so on, like the
questionnaires' `text_sv`/`text_en`). An admin edits either, and a stage they add may have an
English name or none (the Swedish one is shown).
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


# The same presets in English, stage by stage in the same order as the Swedish ones.
HELSINGBORG_EN: list[PresetStage] = [
    (
        "Explore the idea",
        "Understand the need and the idea from the outside in, before any solution is decided.",
        [
            "Which users are concerned, and what are they trying to achieve themselves?",
            "What do we already know, and what are assumptions?",
            "Which other units or organisations are concerned?",
        ],
        [
            "The need is described in the users' own words.",
            "The units and user groups concerned are named.",
            "The decision on time (G1) is taken.",
        ],
    ),
    (
        "Explore the set-up",
        "Try out how the idea can be carried out and what it requires.",
        [
            "What value is created for the individual and for society?",
            "Within which legal framework does the idea fit?",
            "What is needed in time, money and skills?",
        ],
        [
            "A value assessment with its legal basis is done.",
            "Users have taken part.",
            "The decision on money (G2) is taken.",
        ],
    ),
    (
        "Develop a pilot",
        "Test on a small scale with clear impact goals.",
        [
            "Which impact goals and baselines apply?",
            "Which test group and period?",
            "How do we gather the users' experience?",
        ],
        [
            "The pilot is evaluated against the impact goals.",
            "Risks of value destruction are assessed.",
        ],
    ),
    (
        "Scale",
        "Bring what works into ordinary operations.",
        [
            "Who is the receiving unit and the line owner?",
            "Which operating budget, and which routines change?",
            "When do we follow up?",
        ],
        [
            "The decision to scale up (G3) is taken.",
            "The follow-up is done and its outcome recorded.",
        ],
    ),
]

SKR_INNOVATIONSGUIDEN_EN: list[PresetStage] = [
    (
        "Define",
        "Define the challenge and set the frame of the work.",
        [
            "Which problem or which opportunity do we want to work on?",
            "Who owns the question, and what mandate do we have?",
            "What resources do we have?",
        ],
        ["The challenge is put as a “How might we …?” question.", "The project frame is decided."],
    ),
    (
        "Investigate",
        "Investigate the needs of those concerned.",
        [
            "Who are the users and what needs do they have?",
            "What do the users say in their own words?",
            "Which actors are there around the user?",
        ],
        ["Insights are documented with their sources.", "Users have taken part."],
    ),
    (
        "Focus",
        "Choose which needs and insights the work starts from.",
        ["Which insights matter most?", "Which need do we solve first?"],
        ["A prioritised need is put into words."],
    ),
    (
        "Generate ideas",
        "Generate many ideas together with users and employees.",
        ["Which ideas answer the need?", "Which ideas do we want to test?"],
        ["Ideas to test are chosen."],
    ),
    (
        "Test ideas",
        "Test the ideas with the users in simple prototypes and pilots.",
        [
            "How do we know that the idea works for the user?",
            "What have we learnt from the tests?",
        ],
        ["The test results are evaluated against the impact goals."],
    ),
    (
        "Realise",
        "Put the solution into ordinary operations.",
        [
            "Who takes over the responsibility in the line organisation?",
            "What needs to change in routines and budget?",
        ],
        ["The solution is implemented and followed up."],
    ),
]

PRESETS_EN: dict[str, tuple[str, str, list[PresetStage]]] = {
    "helsingborg": (
        "Helsingborg's four steps",
        "Explore the idea → Explore the set-up → Develop a pilot → Scale.",
        HELSINGBORG_EN,
    ),
    "skr": (
        "SKR's Innovation Guide",
        "Define → Investigate → Focus → Generate ideas → Test ideas → Realise.",
        SKR_INNOVATIONSGUIDEN_EN,
    ),
}
