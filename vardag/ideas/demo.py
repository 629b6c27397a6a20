"""Demo ideas in Ekbacka: social services and upper-secondary school, in every state.

Everything goes through the services, so each idea has a real history: decisions under the demo
mandate register (vardag.forums.demo), feedback to the initiator, a timeline and lessons.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from vardag.accounts.models import Membership
from vardag.core import services as core_services
from vardag.core.actors import Actor
from vardag.core.selectors import partner_organisation_ids
from vardag.forums.models import DecisionType as D
from vardag.forums.models import Forum, Mandate
from vardag.ideas import services
from vardag.ideas.models import Challenge, Consultation, Idea
from vardag.participation.demo import link_to_ideas

CHALLENGES = [
    (
        "orosanmalan",
        "Hur kan vi korta tiden mellan en orosanmälan och första kontakten med familjen?",
        Challenge.Driver.CHALLENGE,
        "sf_barn",
        "Familjer beskriver väntan som det svåraste. Barnen vet sällan vad som händer.",
    ),
    (
        "narvaro",
        "Hur kan vi få fler elever att vara i skolan hela dagen?",
        Challenge.Driver.CHALLENGE,
        "gymnasieavdelningen",
        "Den ströfrånvaro som växer till hög frånvaro syns för sent.",
    ),
    (
        "gemensam_plan",
        "Hur kan skola och socialtjänst möta unga med en gemensam plan?",
        Challenge.Driver.OPPORTUNITY,
        "socialforvaltningen",
        "Den nya samverkansöverenskommelsen öppnar för gemensamma arbetssätt.",
    ),
]

# key, initiator key, unit key, title, summary, canvas (situation, resources, offer, better),
# kind, challenge key, affected unit keys, asks (hours, amount)
IDEAS: list[tuple] = [
    (
        "bildstod",
        "employee",
        "sf_mottagning",
        "Bildstöd i väntrummet",
        "Enkla bilder som visar vad som händer under ett första besök hos socialtjänsten.",
        (
            "Barn och föräldrar som kommer till oss första gången, ofta oroliga.",
            "Föräldrarna vill förstå och förbereda sina barn.",
            "Ett väntrum utan information.",
            "Barnen vet vad som ska hända och blir mindre rädda.",
        ),
        "service",
        "orosanmalan",
        [],
        (10, 2000),
    ),
    (
        "sms",
        "employee",
        "sf_mottagning",
        "Sms-påminnelse före första samtalet",
        "Familjen får ett sms med tid, plats och vem de ska träffa, två dagar före samtalet.",
        (
            "Föräldrar som fått en kallelse med posten och missar tiden.",
            "De flesta har en mobiltelefon och läser sms.",
            "Brev med posten.",
            "Färre uteblivna besök; familjen vet vem de ska möta.",
        ),
        "technology",
        "orosanmalan",
        [],
        (20, 0),
    ),
    (
        "tolk",
        "mottagning_staff",
        "sf_mottagning",
        "Tolk på plats vid första besöket",
        "Boka tolk på plats i stället för telefontolk vid första samtalet med familjer.",
        (
            "Familjer som inte talar svenska och ska förstå en utredning.",
            "Släktingar som ibland tolkar, vilket inte är lämpligt.",
            "Telefontolk.",
            "Familjen förstår och kan ställa frågor; barnen slipper tolka.",
        ),
        "service",
        "orosanmalan",
        [],
        (0, 15000),
    ),
    (
        "blankett",
        "employee",
        "sf_mottagning",
        "Gemensam blankett för orosanmälan från skolan",
        "En gemensam digital blankett så att skolans anmälningar innehåller det vi behöver.",
        (
            "Lärare och kuratorer som ska anmäla oro och är osäkra på vad som behövs.",
            "Elevhälsan känner eleven väl.",
            "En fritext-e-post från skolan.",
            "Snabbare bedömning; skolan får veta att anmälan kommit fram.",
        ),
        "collaboration",
        "gemensam_plan",
        ["elevhalsan"],
        (30, 0),
    ),
    (
        "eftervard",
        "utredning_staff",
        "sf_utredning",
        "Ungdomars egen plan för eftervården",
        "Unga som varit placerade skriver själva sin plan för tiden efter placeringen.",
        (
            "Unga som flyttar hem eller till eget boende efter en placering.",
            "Deras egna nätverk och vad de själva vill.",
            "En plan som socialsekreteraren skriver.",
            "Den unga äger planen och vet vem hen kan ringa.",
        ),
        "working_method",
        None,
        [],
        (40, 0),
    ),
    (
        "dagbok",
        "familj_staff",
        "sf_familj",
        "Digital dagbok för familjebehandling",
        "Familjen kan skriva korta anteckningar mellan träffarna och dela dem med behandlaren.",
        (
            "Familjer i behandling som glömmer vad som hänt mellan träffarna.",
            "Föräldrarna vill visa framsteg.",
            "Träffar varannan vecka.",
            "Behandlingen utgår från familjens egen vardag.",
        ),
        "technology",
        None,
        [],
        (60, 40000),
    ),
    (
        "kvall",
        "familj_staff",
        "sf_familj",
        "Familjesamtal på kvällstid",
        "Erbjud familjesamtal två kvällar i veckan för föräldrar som arbetar dagtid.",
        (
            "Föräldrar med arbeten där det är svårt att vara ledig.",
            "Båda föräldrarna vill delta.",
            "Samtal kontorstid.",
            "Båda föräldrarna kan delta utan att förlora inkomst.",
        ),
        "service",
        None,
        [],
        (120, 30000),
    ),
    (
        "sip",
        "utredning_staff",
        "sf_utredning",
        "Samordnad plan med skolan för elever i utredning",
        "En gemensam plan med elevhälsan när en elev är aktuell i en barnavårdsutredning.",
        (
            "Elever som möter både skolan och socialtjänsten och berättar samma sak många gånger.",
            "Eleven har förtroende för sin mentor.",
            "Två parallella planer.",
            "Eleven får en plan och en kontaktväg; skolan och socialtjänsten drar åt samma håll.",
        ),
        "collaboration",
        "gemensam_plan",
        ["elevhalsan", "ekbackagymnasiet"],
        (200, 80000),
    ),
    (
        "mobilt",
        "head_social",
        "sf_barn",
        "Mobilt team för unga i riskzon",
        "Ett team som möter unga där de är – på skolan, fritidsgården och i centrum.",
        (
            "Unga som inte söker hjälp på kontoret.",
            "Vänner och fritidsledare de litar på.",
            "Mottagning på kontoret.",
            "Tidigare kontakt och färre akuta placeringar.",
        ),
        "organisation",
        None,
        [],
        (600, 250000),
    ),
    (
        "dropin",
        "forsorjning_staff",
        "sf_forsorjning",
        "Drop-in för ekonomisk rådgivning",
        "Öppen rådgivning om budget och skulder varje torsdag, utan tidsbokning.",
        (
            "Personer med försörjningsstöd som oroar sig för skulder.",
            "Många vill klara sig själva med lite hjälp.",
            "Bokade möten med lång väntan.",
            "Snabbare hjälp och färre som blir beroende av försörjningsstöd länge.",
        ),
        "service",
        None,
        [],
        (300, 120000),
    ),
    (
        "chatt",
        "mottagning_staff",
        "sf_mottagning",
        "Chattfunktion för ungdomar",
        "Unga kan chatta anonymt med en socialsekreterare på kvällar.",
        (
            "Unga som vill fråga något utan att ge sig till känna.",
            "Mobilen.",
            "Telefontid dagtid.",
            "Fler unga vågar ta kontakt tidigt.",
        ),
        "technology",
        None,
        [],
        (100, 200000),
    ),
    (
        "app",
        "mottagning_staff",
        "sf_mottagning",
        "Gemensam app för alla kontakter",
        "En app där familjer ser alla sina kontakter med kommunen.",
        (
            "Familjer med många kontakter i kommunen.",
            "De har mobiltelefon.",
            "Många olika kanaler.",
            "Överblick för familjen.",
        ),
        "technology",
        None,
        [],
        (400, 900000),
    ),
    (
        "laxhjalp",
        "im_teacher",
        "hs_arbetslag_im",
        "Läxhjälp på biblioteket för elever på introduktionsprogrammet",
        "Lärare och volontärer finns på stadsbiblioteket två eftermiddagar i veckan.",
        (
            "Elever som nyss kommit till Sverige och saknar studiero hemma.",
            "Eleverna är motiverade och hjälper varandra.",
            "Läxhjälp i skolan till kl. 15.",
            "Eleverna klarar fler kurser och får en lugn plats att plugga på.",
        ),
        "service",
        "narvaro",
        ["hamnskolan"],
        (40, 5000),
    ),
    (
        "mentor",
        "teacher",
        "ek_arbetslag_sa",
        "Mentorstid med elevhälsan varje vecka",
        "Kurator deltar i mentorstiden en gång i veckan i årskurs 1.",
        (
            "Elever som mår dåligt men inte söker upp elevhälsan.",
            "Eleverna har en mentor de träffar varje vecka.",
            "Drop-in hos kuratorn.",
            "Eleverna får tidigt stöd och färre blir hemmasittare.",
        ),
        "working_method",
        "narvaro",
        ["elevhalsan"],
        (50, 0),
    ),
    (
        "franvaro",
        "teacher",
        "ek_arbetslag_sa",
        "Frånvarolarm till mentor och vårdnadshavare samma dag",
        "Mentor och vårdnadshavare får besked samma dag när en elev är borta oanmält.",
        (
            "Elever vars ströfrånvaro växer utan att någon ser mönstret.",
            "Vårdnadshavare som vill veta.",
            "Frånvarorapport varje månad.",
            "Frånvaron bryts tidigt tillsammans med eleven och familjen.",
        ),
        "technology",
        "narvaro",
        [],
        (40, 8000),
    ),
    (
        "elevrad",
        "na_teacher",
        "ek_arbetslag_na",
        "Elevrådet med i schemaläggningen",
        "Elevrådet får lämna synpunkter på schemat innan det fastställs.",
        (
            "Elever med långa håltimmar och sena slut.",
            "Elevrådet är aktivt.",
            "Schemat läggs utan elever.",
            "Ett schema som fungerar bättre för eleverna.",
        ),
        "working_method",
        None,
        [],
        (20, 0),
    ),
    (
        "sms_dublett",
        "utredning_staff",
        "sf_utredning",
        "Påminnelse via sms inför möten",
        "Skicka sms till föräldrar innan möten med socialtjänsten.",
        ("Föräldrar som missar möten.", "Mobiltelefon.", "Brev.", "Färre missade möten."),
        "technology",
        None,
        [],
        (10, 0),
    ),
]


def _role_holder(world: Any, unit_key: str, role: str) -> Any:
    membership = (
        Membership.objects.filter(unit=world.units[unit_key], role=role)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return membership.user if membership else None


def _people(world: Any) -> dict[str, Any]:
    staff, users = world.staff, world.users
    return {
        **users,
        "mottagning_staff": staff["sf_mottagning"][0],
        "utredning_staff": staff["sf_utredning"][0],
        "familj_staff": staff["sf_familj"][0],
        "forsorjning_staff": staff["sf_forsorjning"][0],
        "im_teacher": staff["hs_arbetslag_im"][0],
        "na_teacher": staff["ek_arbetslag_na"][0],
        "familj_manager": _role_holder(world, "sf_familj", "unit_manager"),
        "utredning_manager": _role_holder(world, "sf_utredning", "unit_manager"),
        "forsorjning_manager": _role_holder(world, "sf_forsorjning", "unit_manager"),
        "dept_head": _role_holder(world, "sf_barn", "unit_manager"),
        "hamn_principal": _role_holder(world, "hamnskolan", "principal"),
        "school_head": _role_holder(world, "skolforvaltningen", "administration_head"),
    }


class Decider:
    """Records demo decisions through decision_record, with the right mandate by title."""

    def __init__(self, world: Any):
        self.mandates = {m.title.split(":")[0]: m for m in Mandate.objects.all()}
        self.forums = {f.name: f for f in Forum.objects.all()}
        self.today = timezone.localdate()

    def __call__(self, actor: Actor, idea: Idea, type_: str, mandate: str, **kw: Any) -> None:
        if "forum" in kw:
            kw["forum"] = self.forums[kw["forum"]]
        if "in_days" in kw:
            kw["next_handling_on"] = self.today + timedelta(days=kw.pop("in_days"))
        decide_in_meeting(actor, idea, type_, self.mandates[mandate], **kw)
        idea.refresh_from_db()


def decide_in_meeting(
    actor: Actor, idea: Idea, decision_type: str, mandate: Mandate, **kw: Any
) -> None:
    """The demo's history: a forum's decision was taken in the forum's own meeting."""
    services.decision_record(
        actor=actor,
        idea=idea,
        decision=services.DecisionInput(decision_type=decision_type, mandate=mandate, **kw),
        meeting_forum=mandate.holder_forum,
    )


def _create(world: Any, people: dict, challenges: dict, row: tuple) -> Idea:
    key, who, unit, title, summary, canvas, kind, challenge, affected, asks = row
    with transaction.atomic():
        return services.idea_create(
            actor=people[who],
            title=title,
            summary=summary,
            unit=world.units[unit],
            affected_units=[world.units[a] for a in affected],
            user_situation=canvas[0],
            user_resources=canvas[1],
            organisation_offer=canvas[2],
            better_for_whom=canvas[3],
            kind=kind,
            challenge=challenges.get(challenge),
            asks_hours=asks[0],
            asks_amount_sek=asks[1],
        )


def _story(world: Any, p: dict, ideas: dict[str, Idea], decide: Decider) -> None:
    """Move each idea through the process to the state it shows in the demo."""
    EC, LG, FL = "Enhetschef", "Ledningsgrupp barn och familj", "Förvaltningsledningen"
    R, SV = "Rektor", "Samverkansgruppen"
    m = p["manager"]
    # It affects the school's student health: beyond the unit manager's mandate.
    decide(
        m, ideas["blankett"], D.REGISTER, SV, forum="Samverkansgrupp skola–socialtjänst", in_days=9
    )
    decide(m, ideas["chatt"], D.REGISTER, EC, forum="APT Mottagningsenheten", in_days=9)
    decide(
        m,
        ideas["chatt"],
        D.ON_HOLD,
        EC,
        revisit_on=decide.today + timedelta(days=120),
        rationale="Vi inväntar kommunens beslut om en gemensam chattplattform.",
    )
    decide(m, ideas["app"], D.REGISTER, EC, forum="APT Mottagningsenheten", in_days=5)
    decide(
        m,
        ideas["app"],
        D.ESCALATE,
        EC,
        forum="Förvaltningsledning socialförvaltningen",
        in_days=14,
        rationale="Idén berör hela kommunen och kräver större resurser.",
    )
    decide(
        p["head_social"],
        ideas["app"],
        D.ARCHIVE,
        FL,
        rationale="Kommunen inför en gemensam e-tjänsteplattform som täcker behovet.",
        lesson="Kolla vad som redan planeras centralt innan ni tar fram en egen app.",
        publish_lesson=True,
    )
    um = p["utredning_manager"]
    decide(um, ideas["eftervard"], D.REGISTER, EC, forum="Ledningsgrupp barn och familj", in_days=6)
    decide(
        um,
        ideas["eftervard"],
        D.GRANT_TIME,
        EC,
        hours=40,
        team=[ideas["eftervard"].initiator],
        rationale="Pröva med tre ungdomar under våren.",
        in_days=45,
    )
    fm, dh = p["familj_manager"], p["dept_head"]
    for key in ("dagbok", "kvall"):
        idea = ideas[key]
        decide(fm, idea, D.REGISTER, EC, forum="Ledningsgrupp barn och familj", in_days=7)
        decide(fm, idea, D.GRANT_TIME, EC, hours=40, team=[idea.initiator, fm], in_days=30)
        decide(
            dh,
            idea,
            D.GRANT_MONEY,
            LG,
            amount_sek=idea.asks_amount_sek,
            registry_number=f"SN 2026/{idea.pk:03d}",
            rationale="Ryms i avdelningens utvecklingsmedel.",
            in_days=60,
        )
    decide(
        dh,
        ideas["kvall"],
        D.START_PILOT,
        LG,
        conditions="Utvärderas efter tolv veckor.",
        in_days=84,
    )
    h, sip = p["head_social"], ideas["sip"]
    decide(h, sip, D.REGISTER, SV, forum="Samverkansgrupp skola–socialtjänst", in_days=10)
    decide(h, sip, D.GRANT_TIME, SV, hours=200, team=[sip.initiator, p["principal"]], in_days=40)
    decide(h, sip, D.GRANT_MONEY, SV, amount_sek=80000, registry_number="SN 2026/041", in_days=60)
    decide(h, sip, D.START_PILOT, SV, in_days=90)
    decide(h, sip, D.EVALUATE, SV, rationale="Piloten med tolv elever är klar.", in_days=20)
    mob = ideas["mobilt"]
    decide(dh, mob, D.REGISTER, EC, forum="Förvaltningsledning socialförvaltningen", in_days=5)
    decide(h, mob, D.GRANT_TIME, FL, hours=600, team=[h, p["innovation_lead"]], in_days=30)
    decide(h, mob, D.GRANT_MONEY, FL, amount_sek=250000, registry_number="SN 2026/012", in_days=60)
    decide(h, mob, D.START_PILOT, FL, in_days=120)
    # Evaluated; the scale-up (G3) needs an implementation plan: vardag.pilots' demo goes on.
    decide(h, mob, D.EVALUATE, FL, in_days=30)
    drop, fsm = ideas["dropin"], p["forsorjning_manager"]
    decide(fsm, drop, D.REGISTER, EC, forum="Förvaltningsledning socialförvaltningen", in_days=5)
    decide(h, drop, D.GRANT_TIME, FL, hours=300, team=[drop.initiator, fsm], in_days=20)
    decide(h, drop, D.GRANT_MONEY, FL, amount_sek=120000, in_days=60)
    decide(h, drop, D.START_PILOT, FL, in_days=90)
    # Scale-up, takeover, follow-up and "införd": vardag.pilots' demo (it needs the pilot).
    decide(h, drop, D.EVALUATE, FL, in_days=30)
    pr = p["principal"]
    rg = "Rektorsgruppen"  # student health is outside the principal's own school
    decide(pr, ideas["mentor"], D.REGISTER, rg, forum="Rektorsgruppen gymnasiet", in_days=8)
    mentor = ideas["mentor"]
    decide(pr, mentor, D.GRANT_TIME, rg, hours=50, team=[mentor.initiator], in_days=40)
    fr = ideas["franvaro"]
    decide(pr, fr, D.REGISTER, R, forum="APT Ekbackagymnasiet", in_days=8)
    decide(pr, fr, D.GRANT_TIME, R, hours=40, team=[fr.initiator], in_days=20)
    decide(pr, fr, D.GRANT_MONEY, R, amount_sek=8000, in_days=30)
    decide(pr, fr, D.START_PILOT, R, conditions="Bara årskurs 1 under vårterminen.", in_days=70)
    decide(pr, ideas["elevrad"], D.REGISTER, R, forum="APT Ekbackagymnasiet", in_days=12)
    services.idea_merge(actor=p["manager"], idea=ideas["sms_dublett"], into=ideas["sms"])
    # An overdue one: submitted long ago and never registered.
    Idea.objects.filter(pk=ideas["tolk"].pk).update(
        feedback_due_on=decide.today - timedelta(days=3)
    )
    services.feedback_overdue_flag()
    _stages(p, ideas)
    for key in ("mobilt", "dropin", "app", "kvall", "franvaro"):
        services.idea_publish(actor=p["admin"], idea=ideas[key], is_published=True)


STAGE_BY_STATE = {"exploring": 1, "design": 2, "pilot": 3, "evaluating": 3, "scaling": 4}
STAGE_BY_STATE["implemented"] = 4


def _stages(p: dict, ideas: dict[str, Idea]) -> None:
    """The idea teams move their ideas to the work stage that matches how far they have come."""
    for idea in ideas.values():
        idea.refresh_from_db()
        order = STAGE_BY_STATE.get(idea.state)
        if order is None or idea.process_model is None:
            continue
        stage = idea.process_model.stages.get(order=order)
        services.stage_set(actor=idea.initiator, idea=idea, stage=stage)


def _agreement(world: Any) -> None:
    """Ideas across the municipal border need an active agreement when they are written."""
    if world.norrvik.pk in partner_organisation_ids(world.users["employee"]):
        return
    core_services.agreement_create(
        actor=None,
        title="Skolgång för barn och unga som placeras mellan Ekbacka och Norrvik",
        purpose=(
            "Socialtjänsten och gymnasieskolan i båda kommunerna planerar skolgången tillsammans "
            "när ett barn eller en ungdom placeras i den andra kommunen."
        ),
        parties=[world.ekbacka, world.norrvik],
        valid_from=date(2026, 1, 1),
        valid_until=date(2027, 12, 31),
    )


def _across_the_border(world: Any, challenges: dict, decide: Decider) -> None:
    """School ↔ social services between Ekbacka and Norrvik: co-owners, a forum per
    organisation, Norrvik's statement and then money (G2)."""
    u = world.users
    with transaction.atomic():
        idea = services.idea_create(
            actor=u["employee"],
            title="Trygg skolgång när en ungdom placeras i grannkommunen",
            summary=(
                "När en ungdom från Ekbacka placeras i familjehem i Norrvik gör socialtjänsten och "
                "skolan i båda kommunerna en gemensam plan för skolgången innan flytten."
            ),
            unit=world.units["sf_mottagning"],
            affected_units=[
                world.units["ekbackagymnasiet"],
                world.units["elevhalsan"],
                world.units["nv_individ"],
                world.units["nv_skola"],
            ],
            user_situation=(
                "Ungdomar som placeras i en annan kommun byter skola mitt i terminen och tappar "
                "ofta veckor av undervisning."
            ),
            user_resources="Mentorn i den gamla skolan och familjehemmet som vill hjälpa till.",
            organisation_offer=(
                "Socialtjänsten i Ekbacka ansvarar för placeringen, Norrvik för stödet på orten "
                "och skolorna för undervisningen – men var för sig."
            ),
            better_for_whom=(
                "Ungdomen börjar i den nya skolan med en plan, och ingen behöver berätta sin "
                "historia fler gånger än nödvändigt."
            ),
            kind=Idea.Kind.COLLABORATION,
            challenge=challenges["gemensam_plan"],
            asks_hours=120,
            asks_amount_sek=60_000,
        )
    services.idea_submit(actor=u["employee"], idea=idea)
    sv, h, other = "Samverkansgruppen Ekbacka–Norrvik", u["head_social"], u["other"]
    decide(h, idea, D.REGISTER, sv, forum="Samverkansgrupp Ekbacka–Norrvik", in_days=10)
    services.idea_organisation_set(
        actor=other,
        idea=idea,
        co_owner=other,
        forum=decide.forums["Ledningsgrupp individ- och familjeomsorgen"],
        next_handling_on=decide.today + timedelta(days=12),
    )
    decide(h, idea, D.GRANT_TIME, sv, hours=120, team=[idea.initiator, u["principal"]], in_days=30)
    services.consultation_record(
        actor=other,
        idea=idea,
        position=Consultation.Position.SUPPORTS_WITH_CONDITIONS,
        statement=(
            "Individ- och familjeomsorgen i Norrvik tillstyrker, under förutsättning att Norrviks "
            "gymnasieskola är med i planeringen från start och att uppgifter om ungdomen bara "
            "delas med vårdnadshavarens samtycke."
        ),
        forum=decide.forums["Ledningsgrupp individ- och familjeomsorgen"],
    )
    decide(
        h,
        idea,
        D.GRANT_MONEY,
        sv,
        amount_sek=60_000,
        registry_number="SN 2026/077",
        conditions="Norrviks villkor i yttrandet gäller.",
        in_days=45,
    )


def _norrvik(world: Any) -> None:
    services.process_model_install_for(world.norrvik.pk, "skr", make_default=True)
    other = world.users["other"]
    staff = world.staff.get("nv_individ", [other])[0]
    with transaction.atomic():
        idea = services.idea_create(
            actor=staff,
            title="Gemensamt första möte med skolan",
            unit=world.units["nv_individ"],
            summary="Socialtjänsten och skolan träffar familjen tillsammans första gången.",
            user_situation="Familjer som möter två verksamheter med olika frågor.",
            better_for_whom="Familjen behöver berätta en gång.",
            affected_units=[world.units["ekbackagymnasiet"]],
        )
    services.idea_submit(actor=staff, idea=idea)
    # Ekbacka is affected too: its principal names a co-owner and the forum there.
    principal = world.users["principal"]
    services.idea_organisation_set(
        actor=principal,
        idea=idea,
        co_owner=principal,
        forum=Forum.objects.get(name="Rektorsgruppen gymnasiet"),
        next_handling_on=timezone.localdate() + timedelta(days=16),
    )


@transaction.atomic
def load(world: Any) -> None:
    services.process_model_install_for(world.ekbacka.pk, "helsingborg", make_default=True)
    services.process_model_install_for(world.ekbacka.pk, "skr", make_default=False)
    people = _people(world)
    challenges = {
        key: services.challenge_create(
            actor=world.users["innovation_lead"],
            question=question,
            owner_unit=world.units[unit],
            driver=driver,
            description=description,
            starts_on=timezone.localdate() - timedelta(days=60),
            ends_on=timezone.localdate() + timedelta(days=300),
        )
        for key, question, driver, unit, description in CHALLENGES
    }
    ideas = {row[0]: _create(world, people, challenges, row) for row in IDEAS}
    for key, idea in ideas.items():
        if key != "bildstod":
            services.idea_submit(actor=idea.initiator, idea=idea)
            idea.refresh_from_db()
    # The user perspective behind the joint plan (participation's demo groups and insights),
    # linked once it is submitted (a draft is its initiator's alone).
    link_to_ideas(world, idea=ideas["sip"], challenge=challenges["gemensam_plan"])
    decide = Decider(world)
    _story(world, people, ideas, decide)
    _agreement(world)
    _across_the_border(world, challenges, decide)
    _norrvik(world)
