# ruff: noqa: E501
"""Vardag's own conditions instrument (förutsättningsanalys), shipped as data.

Eight dimensions from the report's first finding (DOMAIN.md F1), five items each on a 1–5 scale,
written for Vardag. Each item has a parallel wording for managers so that the two views can be
compared item by item. Background and sources: docs/conditions-instrument.md.
"""

from __future__ import annotations

from dataclasses import dataclass

INSTRUMENT_VERSION = "2026.1"
SCALE = "likert5"
SCALE_LABELS = {
    "sv": [
        "Stämmer inte alls",
        "Stämmer dåligt",
        "Stämmer delvis",
        "Stämmer ganska bra",
        "Stämmer helt",
    ],
    "en": ["Not at all true", "Mostly untrue", "Partly true", "Mostly true", "Completely true"],
}


@dataclass(frozen=True)
class InstrumentItem:
    code: str
    sv: str
    en: str
    manager_sv: str
    manager_en: str
    is_reversed: bool = False


@dataclass(frozen=True)
class InstrumentDimension:
    code: str
    name_sv: str
    name_en: str
    description_sv: str
    description_en: str
    items: tuple[InstrumentItem, ...]


def _i(code: str, sv: str, en: str, msv: str, men: str, rev: bool = False) -> InstrumentItem:
    return InstrumentItem(code, sv, en, msv, men, rev)


DIMENSIONS: tuple[InstrumentDimension, ...] = (
    InstrumentDimension(
        "structure",
        "Struktur",
        "Structure",
        "Finns det en tydlig väg för idéer genom de ordinarie mötes- och beslutsstrukturerna?",
        "Is there a clear path for ideas through the ordinary meeting and decision structures?",
        (
            _i(
                "str1",
                "Jag vet vart jag ska vända mig med en idé om hur vårt arbete kan bli bättre.",
                "I know where to take an idea about how our work could be improved.",
                "Mina medarbetare vet vart de ska vända sig med en idé om hur arbetet kan bli bättre.",
                "My staff know where to take an idea about how our work could be improved.",
            ),
            _i(
                "str2",
                "Idéer tas upp på våra ordinarie möten, till exempel APT.",
                "Ideas are discussed at our ordinary meetings, such as workplace meetings.",
                "Jag tar upp medarbetarnas idéer på våra ordinarie möten, till exempel APT.",
                "I bring my staff's ideas to our ordinary meetings, such as workplace meetings.",
            ),
            _i(
                "str3",
                "Det är tydligt vem som fattar beslut om att pröva något nytt.",
                "It is clear who decides whether to try something new.",
                "Det är tydligt för medarbetarna vem som fattar beslut om att pröva något nytt.",
                "It is clear to my staff who decides whether to try something new.",
            ),
            _i(
                "str4",
                "Idéer blir liggande utan att någon tar hand om dem.",
                "Ideas are left lying without anyone taking care of them.",
                "Idéer från min verksamhet blir liggande utan att någon tar hand om dem.",
                "Ideas from my unit are left lying without anyone taking care of them.",
                True,
            ),
            _i(
                "str5",
                "Den som lämnar en idé får återkoppling på vad som händer med den.",
                "Whoever puts forward an idea is told what happens to it.",
                "Jag ger återkoppling till den som lämnar en idé om vad som händer med den.",
                "I tell whoever puts forward an idea what happens to it.",
            ),
        ),
    ),
    InstrumentDimension(
        "culture",
        "Kultur",
        "Culture",
        "Är det naturligt att ifrågasätta, pröva och lära av misslyckanden?",
        "Is it natural to question, to try and to learn from failure?",
        (
            _i(
                "cul1",
                "Hos oss är det naturligt att ifrågasätta hur saker brukar göras.",
                "In our workplace it is natural to question how things are usually done.",
                "I min verksamhet är det naturligt att ifrågasätta hur saker brukar göras.",
                "In my unit it is natural to question how things are usually done.",
            ),
            _i(
                "cul2",
                "Jag kan föreslå något nytt utan att oroa mig för att verka besvärlig.",
                "I can suggest something new without worrying about seeming difficult.",
                "Mina medarbetare kan föreslå något nytt utan att oroa sig för att verka besvärliga.",
                "My staff can suggest something new without worrying about seeming difficult.",
            ),
            _i(
                "cul3",
                "När ett försök inte fungerar pratar vi om vad vi har lärt oss.",
                "When an attempt does not work, we talk about what we have learned.",
                "När ett försök inte fungerar pratar vi i min verksamhet om vad vi har lärt oss.",
                "When an attempt does not work, we talk in my unit about what we have learned.",
            ),
            _i(
                "cul4",
                "Nya idéer möts oftast av skäl till varför de inte går.",
                "New ideas are usually met with reasons why they will not work.",
                "Nya idéer i min verksamhet möts oftast av skäl till varför de inte går.",
                "New ideas in my unit are usually met with reasons why they will not work.",
                True,
            ),
            _i(
                "cul5",
                "Att utveckla verksamheten ses som en del av vårt vardagliga arbete.",
                "Developing our services is seen as part of our everyday work.",
                "Att utveckla verksamheten ses som en del av medarbetarnas vardagliga arbete.",
                "Developing our services is seen as part of my staff's everyday work.",
            ),
        ),
    ),
    InstrumentDimension(
        "mandate",
        "Mandat",
        "Mandate",
        "Vet man vad man själv får besluta om och pröva?",
        "Do people know what they may decide and try themselves?",
        (
            _i(
                "man1",
                "Jag vet vilka förändringar i mitt arbete jag själv får besluta om.",
                "I know which changes in my work I may decide on myself.",
                "Mina medarbetare vet vilka förändringar i sitt arbete de själva får besluta om.",
                "My staff know which changes in their work they may decide on themselves.",
            ),
            _i(
                "man2",
                "Jag får pröva mindre förändringar utan att först fråga om lov.",
                "I may try small changes without asking permission first.",
                "Mina medarbetare får pröva mindre förändringar utan att först fråga om lov.",
                "My staff may try small changes without asking permission first.",
            ),
            _i(
                "man3",
                "Jag vet vilka regler och lagar som avgör vad vi kan förändra.",
                "I know which rules and laws decide what we can change.",
                "Jag vet vilka regler och lagar som avgör vad vi kan förändra.",
                "I know which rules and laws decide what we can change.",
            ),
            _i(
                "man4",
                "Det är oklart vem som har rätt att säga ja till en ny idé.",
                "It is unclear who has the right to say yes to a new idea.",
                "Det är oklart om jag har rätt att säga ja till en ny idé.",
                "It is unclear whether I have the right to say yes to a new idea.",
                True,
            ),
            _i(
                "man5",
                "Jag har inflytande över hur nya arbetssätt utformas.",
                "I have influence over how new ways of working are designed.",
                "Mina medarbetare har inflytande över hur nya arbetssätt utformas.",
                "My staff have influence over how new ways of working are designed.",
            ),
        ),
    ),
    InstrumentDimension(
        "time",
        "Tid och resurser",
        "Time and resources",
        "Finns det utrymme i vardagen att utveckla och pröva?",
        "Is there room in everyday work to develop and try things?",
        (
            _i(
                "tim1",
                "Jag har tid i mitt arbete att utveckla nya arbetssätt.",
                "I have time in my work to develop new ways of working.",
                "Mina medarbetare har tid i sitt arbete att utveckla nya arbetssätt.",
                "My staff have time in their work to develop new ways of working.",
            ),
            _i(
                "tim2",
                "Det finns pengar att pröva en bra idé i liten skala.",
                "There is money to try a good idea on a small scale.",
                "Jag kan avsätta pengar för att pröva en bra idé i liten skala.",
                "I can set aside money to try a good idea on a small scale.",
            ),
            _i(
                "tim3",
                "Den dagliga arbetsbelastningen gör utvecklingsarbete omöjligt.",
                "The daily workload makes development work impossible.",
                "Den dagliga arbetsbelastningen gör utvecklingsarbete omöjligt i min verksamhet.",
                "The daily workload makes development work impossible in my unit.",
                True,
            ),
            _i(
                "tim4",
                "Jag kan få stöd av någon med kunskap om utvecklingsmetoder.",
                "I can get support from someone who knows development methods.",
                "Min verksamhet kan få stöd av någon med kunskap om utvecklingsmetoder.",
                "My unit can get support from someone who knows development methods.",
            ),
            _i(
                "tim5",
                "Ett lyckat försök får resurser för att bli en del av den ordinarie verksamheten.",
                "A successful trial gets the resources to become part of ordinary operations.",
                "Jag kan ge ett lyckat försök resurser för att bli en del av den ordinarie verksamheten.",
                "I can give a successful trial the resources to become part of ordinary operations.",
            ),
        ),
    ),
    InstrumentDimension(
        "leadership",
        "Ledningens stöd",
        "Leadership support",
        "Uppmuntrar och skyddar cheferna utvecklingsarbete?",
        "Do managers encourage and protect development work?",
        (
            _i(
                "lea1",
                "Min chef uppmuntrar mig att komma med idéer.",
                "My manager encourages me to come up with ideas.",
                "Jag uppmuntrar mina medarbetare att komma med idéer.",
                "I encourage my staff to come up with ideas.",
            ),
            _i(
                "lea2",
                "Min chef tar sig tid att diskutera mina förslag.",
                "My manager takes time to discuss my proposals.",
                "Jag tar mig tid att diskutera medarbetarnas förslag.",
                "I take time to discuss my staff's proposals.",
            ),
            _i(
                "lea3",
                "Min chef för fram idéer från oss till ledningen.",
                "My manager takes our ideas to senior management.",
                "Jag för fram idéer från mina medarbetare till ledningen.",
                "I take my staff's ideas to senior management.",
            ),
            _i(
                "lea4",
                "Min högsta ledning visar att utvecklingsarbete är viktigt.",
                "Senior management shows that development work matters.",
                "Min egen chef visar att utvecklingsarbete är viktigt.",
                "My own manager shows that development work matters.",
            ),
            _i(
                "lea5",
                "Min chef prioriterar drift framför utveckling så fort det blir ansträngt.",
                "My manager puts daily operations before development as soon as things get tight.",
                "Jag prioriterar drift framför utveckling så fort det blir ansträngt.",
                "I put daily operations before development as soon as things get tight.",
                True,
            ),
        ),
    ),
    InstrumentDimension(
        "collaboration",
        "Samverkan",
        "Collaboration",
        "Går det att utveckla tillsammans med andra enheter och organisationer?",
        "Is it possible to develop things together with other units and organisations?",
        (
            _i(
                "col1",
                "Jag vet vem jag kan kontakta på andra enheter när en idé berör dem.",
                "I know whom to contact in other units when an idea concerns them.",
                "Jag vet vem jag kan kontakta på andra enheter när en idé berör dem.",
                "I know whom to contact in other units when an idea concerns them.",
            ),
            _i(
                "col2",
                "Samarbetet med skolan respektive socialtjänsten fungerar när vi vill förbättra något.",
                "Collaboration between school and social services works when we want to improve "
                "something.",
                "Samarbetet med skolan respektive socialtjänsten fungerar när min verksamhet vill "
                "förbättra något.",
                "Collaboration between school and social services works when my unit wants to "
                "improve something.",
            ),
            _i(
                "col3",
                "Det finns forum där vi kan utveckla arbetssätt tillsammans med andra verksamheter.",
                "There are forums where we can develop ways of working with other services.",
                "Det finns forum där min verksamhet kan utveckla arbetssätt tillsammans med andra.",
                "There are forums where my unit can develop ways of working with other services.",
            ),
            _i(
                "col4",
                "Gränser mellan förvaltningar stoppar idéer som skulle hjälpa dem vi finns till för.",
                "Boundaries between administrations stop ideas that would help the people we serve.",
                "Gränser mellan förvaltningar stoppar idéer som skulle hjälpa dem vi finns till för.",
                "Boundaries between administrations stop ideas that would help the people we "
                "serve.",
                True,
            ),
            _i(
                "col5",
                "Vi delar med oss av det vi lärt oss till andra enheter.",
                "We share what we have learned with other units.",
                "Min verksamhet delar med sig av det vi lärt oss till andra enheter.",
                "My unit shares what we have learned with other units.",
            ),
        ),
    ),
    InstrumentDimension(
        "user_orientation",
        "Användarorientering",
        "User orientation",
        "Utgår utvecklingen från användarnas eget värdeskapande och delaktighet?",
        "Does development start from users' own value creation and participation?",
        (
            _i(
                "uso1",
                "När vi förändrar något utgår vi från vad som blir bättre för dem vi finns till för.",
                "When we change something, we start from what becomes better for the people we "
                "serve.",
                "När min verksamhet förändrar något utgår vi från vad som blir bättre för dem vi "
                "finns till för.",
                "When my unit changes something, we start from what becomes better for the people "
                "we serve.",
            ),
            _i(
                "uso2",
                "Elever, brukare eller vårdnadshavare är med och utformar nya arbetssätt.",
                "Students, clients or guardians take part in designing new ways of working.",
                "Elever, brukare eller vårdnadshavare är med och utformar nya arbetssätt i min "
                "verksamhet.",
                "Students, clients or guardians take part in designing new ways of working in my "
                "unit.",
            ),
            _i(
                "uso3",
                "Vi berättar för dem vi har frågat vad som hände med deras synpunkter.",
                "We tell the people we asked what happened to their views.",
                "Min verksamhet berättar för dem vi har frågat vad som hände med deras synpunkter.",
                "My unit tells the people we asked what happened to their views.",
            ),
            _i(
                "uso4",
                "Förändringar utgår mest från vad som är enklast för organisationen.",
                "Changes mostly start from what is easiest for the organisation.",
                "Förändringar i min verksamhet utgår mest från vad som är enklast för "
                "organisationen.",
                "Changes in my unit mostly start from what is easiest for the organisation.",
                True,
            ),
            _i(
                "uso5",
                "Barns och ungas egna synpunkter tas till vara när vi utvecklar verksamheten.",
                "Children's and young people's own views are used when we develop our services.",
                "Barns och ungas egna synpunkter tas till vara när min verksamhet utvecklas.",
                "Children's and young people's own views are used when my unit develops.",
            ),
        ),
    ),
    InstrumentDimension(
        "user_knowledge",
        "Kunskap om användarnas situation",
        "Knowledge of users' situations",
        "Vet man tillräckligt om användarnas vardag, resurser och mål?",
        "Is enough known about users' everyday lives, resources and goals?",
        (
            _i(
                "usk1",
                "Jag har god kunskap om vardagen för dem vi finns till för.",
                "I have good knowledge of the everyday lives of the people we serve.",
                "Min verksamhet har god kunskap om vardagen för dem vi finns till för.",
                "My unit has good knowledge of the everyday lives of the people we serve.",
            ),
            _i(
                "usk2",
                "Jag vet vilka egna resurser och mål användarna har.",
                "I know which resources and goals of their own the users have.",
                "Mina medarbetare vet vilka egna resurser och mål användarna har.",
                "My staff know which resources and goals of their own the users have.",
            ),
            _i(
                "usk3",
                "Vi tar reda på användarnas erfarenheter innan vi bestämmer oss för en lösning.",
                "We find out about users' experiences before we decide on a solution.",
                "Min verksamhet tar reda på användarnas erfarenheter innan vi bestämmer oss för en "
                "lösning.",
                "My unit finds out about users' experiences before we decide on a solution.",
            ),
            _i(
                "usk4",
                "Vi bygger ofta förändringar på antaganden om vad användarna behöver.",
                "We often base changes on assumptions about what users need.",
                "Min verksamhet bygger ofta förändringar på antaganden om vad användarna behöver.",
                "My unit often bases changes on assumptions about what users need.",
                True,
            ),
            _i(
                "usk5",
                "Kunskap om användarnas situation delas mellan skola och socialtjänst.",
                "Knowledge of users' situations is shared between school and social services.",
                "Kunskap om användarnas situation delas mellan skola och socialtjänst.",
                "Knowledge of users' situations is shared between school and social services.",
            ),
        ),
    ),
)

OPEN_ITEM = InstrumentItem(
    "open_better",
    "Vad skulle göra det lättare för dig att utveckla verksamheten? (Skriv inte namn eller "
    "personnummer.)",
    "What would make it easier for you to develop your services? (Do not write names or "
    "personal identity numbers.)",
    "Vad skulle göra det lättare för din verksamhet att utveckla sig? (Skriv inte namn eller "
    "personnummer.)",
    "What would make it easier for your unit to develop? (Do not write names or personal "
    "identity numbers.)",
)
