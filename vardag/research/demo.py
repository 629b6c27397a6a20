"""Demo data: an Ekbacka study of the conditions for innovation, with a fictional focus group
(imported through the same pseudonymisation as real material), workshop notes, coding by two
people, and a theme stated as a barrier."""

from __future__ import annotations

from datetime import date
from typing import Any

from vardag.core import privacy
from vardag.core.actors import Actor
from vardag.research import selectors, services
from vardag.research.importers import transcript_text
from vardag.research.models import Code

FOCUS_GROUP = """WEBVTT

00:00:05.000 --> 00:00:14.000
<v Moderator>Välkomna. Vad behöver ni för att kunna pröva nya arbetssätt på mottagningen?</v>

00:00:15.000 --> 00:00:31.000
<v Lena Ek>Tid, framför allt. Vi har aldrig tid att pröva något nytt, allt går till det akuta.

00:00:32.000 --> 00:00:49.000
<v Omar Said>Och vi vet inte vem som får besluta.
Jag tog upp en idé på APT men ingen visste vart den skulle.

00:00:50.000 --> 00:01:08.000
<v Lena Ek>Min chef stöttar oss när vi väl föreslår något, men det stannar där.
Det finns ingen väg vidare.

00:01:09.000 --> 00:01:25.000
<v Omar Said>Familjerna vet ofta bäst själva.
Vi borde fråga dem innan vi bestämmer hur mötet ska gå till.

00:01:26.000 --> 00:01:40.000
<v Moderator>Vad skulle göra störst skillnad?

00:01:41.000 --> 00:01:59.000
<v Lena Ek>En fast tid i månaden för utveckling, och att någon återkopplar vad som hände med idén.
"""

INTERVIEW = (
    "Intervjuare: Hur ser du på ledningens stöd för förbättringsarbete?\n\n"
    "Enhetschef: Jag vill ge medarbetarna utrymme, men jag har själv inget mandat att flytta "
    "tid från ärendena. Det beslutet ligger hos avdelningschefen.\n\n"
    "Intervjuare: Vad skulle hjälpa?\n\n"
    "Enhetschef: Tydlig delegation, och att vi samverkar med skolan kring barnen i stället för "
    "att arbeta var för sig. Kontakta gärna Lena Ek på lena.ek@example.org om det."
)

STICKY_NOTES = {
    "Tid": ["Fast utvecklingstid varje månad", "Mindre akut brandkårsutryckning"],
    "Mandat": ["Vem beslutar om nya arbetssätt?", "Delegationsordningen är okänd"],
    "Användarna": ["Fråga familjerna först", "Bjud in ungdomar till referensgrupp"],
}


def _import(actor: Actor, study: Any, title: str, text: str, cues: tuple = (), **attrs: Any) -> Any:
    suggestions = services.suggestions_for(study, text, names=["Lena Ek", "Omar Said"])
    accepted = tuple(s for s in suggestions if s.source is not privacy.Source.FIRST_NAME_LIST)
    draft = services.ImportDraft(title=title, text=text, accepted=accepted, cues=cues, **attrs)
    return services.source_import(actor=actor, study=study, draft=draft)


def _code(actor: Actor, source: Any, study: Any, code: Code, phrase: str, end_phrase: str) -> None:
    start = source.text.index(phrase)
    end = source.text.index(end_phrase, start) + len(end_phrase)
    source.study_obj = study
    services.excerpt_create(actor=actor, source=source, codes=[code], start=start, end=end)


def load(world: Any) -> None:
    owner, colleague = world.users["researcher"], world.users["designer"]
    created = services.study_create(
        actor=owner,
        title="Förutsättningar för innovation i socialtjänsten",
        questions="Vad hindrar och möjliggör att medarbetares idéer prövas och tas vidare?",
        approach="Interaktiv forskning: fokusgrupper, intervjuer och workshoppar med medarbetare "
        "och chefer, analyserade tematiskt med en deduktiv startkodbok.",
        funder="FoU Ekbacka",
        partners="Socialförvaltningen, Skol- och fritidsförvaltningen",
        starts_on=date(2026, 1, 15),
        ends_on=date(2026, 12, 15),
    )
    study = selectors.access_study(owner, created.pk)
    services.member_set(actor=owner, study=study, user=colleague, role="coder")
    services.codebook_add_starter(actor=owner, study=study, starter="conditions")
    focus = services.activity_create(
        actor=owner,
        study=study,
        kind="focus_group",
        title="Fokusgrupp mottagningen",
        held_on=date(2026, 3, 4),
        participants=[("employee", world.units["sf_mottagning"], 6)],
    )
    workshop = services.activity_create(
        actor=owner,
        study=study,
        kind="workshop",
        title="Workshop: vägen för en idé",
        held_on=date(2026, 4, 2),
        participants=[("employee", None, 9), ("unit_manager", None, 3)],
    )
    workshop = selectors.access_activity(owner, workshop.pk)
    for cluster, notes in STICKY_NOTES.items():
        services.sticky_notes_add(
            actor=owner, activity=workshop, lines="\n".join(notes), cluster=cluster
        )
    extracted = transcript_text(FOCUS_GROUP)
    fg = _import(
        owner,
        study,
        "Fokusgrupp mottagningen (transkription)",
        extracted.text,
        extracted.cues,
        activity=focus,
        speaker_role="employee",
        unit=world.units["sf_mottagning"],
        recorded_on=date(2026, 3, 4),
        file_name="fokusgrupp.vtt",
    )
    interview = _import(
        owner,
        study,
        "Intervju enhetschef",
        INTERVIEW,
        kind="transcript",
        speaker_role="unit_manager",
        unit=world.units["sf_mottagning"],
        recorded_on=date(2026, 3, 10),
    )
    codes = {c.name: c for c in study.codes.all()}
    colleague_study = selectors.access_study(colleague, study.pk)
    for actor, s in ((owner, study), (colleague, colleague_study)):
        _code(actor, fg, s, codes["Tid"], "Tid, framför allt", "det akuta.")
        _code(actor, fg, s, codes["Mandat"], "vi vet inte vem", "får besluta.")
        _code(
            actor, interview, s, codes["Mandat"], "jag har själv inget mandat", "avdelningschefen."
        )
    _code(owner, fg, study, codes["Ledningens stöd"], "Min chef stöttar", "föreslår något")
    _code(colleague, fg, colleague_study, codes["Ledningens stöd"], "Min chef stöttar", "vidare.")
    _code(owner, fg, study, codes["Kunskap om användare"], "Familjerna vet", "själva.")
    _code(owner, interview, study, codes["Samverkan"], "vi samverkar med skolan", "för sig.")
    services.memo_create(
        actor=owner,
        study=study,
        code=codes["Mandat"],
        text="Mandatfrågan återkommer hos både medarbetare och chefer: "
        "delegationsordningen är okänd.",
    )
    mandate_theme = services.theme_save(
        actor=owner,
        study=study,
        name="Idéer saknar väg och mandat",
        description="Idéer stannar hos närmaste chef: ingen känner till vem som får besluta.",
        codes=[codes["Mandat"], codes["Struktur"]],
        condition_kind="barrier",
        condition_level="organisation",
    )
    services.theme_save(
        actor=owner,
        study=study,
        name="Tid för utveckling",
        description="Det akuta tränger undan utvecklingsarbete.",
        codes=[codes["Tid"]],
        condition_kind="barrier",
        condition_level="group",
    )
    services.theme_to_insight(
        actor=owner,
        theme=selectors.access_theme(owner, mandate_theme.pk),
        statement="Medarbetare vet inte vart en idé ska ta vägen eller vem som får besluta; "
        "idéer stannar hos närmaste chef.",
        evidence="indication",
        perspective="professional",
    )
