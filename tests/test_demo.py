"""The demo as new users meet it: what each app's demo data holds, and every link a demo person
is shown works.

The demo is loaded once for this whole module (the `demo` fixture in the root conftest.py rolls it
back afterwards), and the module is one xdist group, so a run loads it once.
"""

from __future__ import annotations

import json
import time
import typing
from html import unescape
from io import StringIO

import pyreadstat
import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.links import kind, links
from vardag.accounts import services as account_services
from vardag.accounts.models import GroupMapping, User
from vardag.api.testing import run_stateful
from vardag.api.urls import api
from vardag.core.api_types import MAX_LIMIT
from vardag.core.models import CollaborationAgreement, Organisation, Unit
from vardag.core.privacy import contains_valid_personnummer
from vardag.demo.loader import DEMO_LOGINS, DEMO_PASSWORD
from vardag.forums.models import DecisionType, Forum
from vardag.ideas import services as idea_services
from vardag.ideas.models import Consultation, Decision, Idea, IdeaOrganisation, IdeaState
from vardag.meetings.models import ActionItem, ItemSource, Meeting, MeetingSeries, MeetingStatus
from vardag.orgadmin.models import HrImport
from vardag.research import selectors as research_selectors
from vardag.research.models import Source, Study
from vardag.surveys import exports
from vardag.surveys.models import Response, Round

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_demo_data_has_two_municipalities_and_people_in_every_role(demo):
    ekbacka = User.objects.get(username="medarbetare").organisation
    assert User.objects.filter(organisation=ekbacka).count() >= 55
    roles = set(ekbacka.units.values_list("memberships__role", flat=True))
    assert {"employee", "unit_manager", "principal", "administration_head", "admin"} <= roles
    assert ekbacka.units.filter(kind="school").count() == 2
    assert User.objects.get(username="medarbetare").check_password(DEMO_PASSWORD)


def test_demo_refuses_to_load_twice(demo):
    with pytest.raises(CommandError):
        call_command("demo", stdout=StringIO())
    call_command("demo", if_empty=True, stdout=StringIO())


def test_demo_has_a_school_and_social_services_idea_across_the_border(demo):
    idea = Idea.objects.get(title__startswith="Trygg skolgång när en ungdom placeras")
    assert {u.organisation.slug for u in idea.affected_units.all()} == {"ekbacka", "norrvik"}
    assert idea.state == IdeaState.DESIGN
    assert idea.forum.name == "Samverkansgrupp Ekbacka–Norrvik"
    part = IdeaOrganisation.objects.get(idea=idea)
    assert part.organisation.slug == "norrvik" and part.co_owner.username == "norrvik"
    assert part.forum.name == "Ledningsgrupp individ- och familjeomsorgen"
    assert Consultation.objects.get(idea=idea).position == "conditions"
    assert Decision.objects.filter(idea=idea, decision_type=DecisionType.GRANT_MONEY).exists()
    # Both demo users see it, with the forum of each organisation.
    for username in ("medarbetare", "norrvik"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        page = client.get(reverse("ideas:detail", args=[idea.pk])).content.decode()
        assert "Medägare och forum per organisation" in page
        assert "Ledningsgrupp individ- och familjeomsorgen" in page
    # Norrvik's own idea affects Ekbacka's school: the principal there is its co-owner.
    norrvik_idea = Idea.objects.get(title="Gemensamt första möte med skolan")
    assert IdeaOrganisation.objects.get(idea=norrvik_idea).co_owner.username == "rektor"


def test_demo_meetings(demo):
    names = set(MeetingSeries.objects.values_list("name", flat=True))
    assert {
        "APT Mottagningsenheten",
        "Ledningsgrupp Socialförvaltningen",
        "Rektorsgrupp",
        "Samverkansforum skola–socialtjänst",
    } <= names
    now = timezone.now()
    for series in MeetingSeries.objects.all():
        past = series.meetings.filter(starts_at__lt=now)
        assert past.exists() and not past.exclude(status=MeetingStatus.APPROVED).exists()
        assert all(p.items.filter(paragraph__isnull=False).exists() for p in past)
        upcoming = series.meetings.filter(starts_at__gte=now).order_by("starts_at").first()
        assert upcoming is not None and upcoming.items.count() >= 2
    apt = Meeting.objects.filter(
        series__name="APT Mottagningsenheten", starts_at__gte=now
    ).order_by("starts_at")[0]
    sources = list(apt.items.values_list("source", flat=True))
    assert ItemSource.ACTION_FOLLOW_UP in sources and sources.count(ItemSource.IDEA_DUE) >= 2
    decided = Meeting.objects.filter(
        series__name="APT Mottagningsenheten", status=MeetingStatus.APPROVED
    ).filter(items__decisions__isnull=False)
    assert decided.exists()
    assert ActionItem.objects.filter(done_at__isnull=True).exists()


def test_demo_has_an_agreement_group_mappings_and_an_applied_import(demo):
    agreement = CollaborationAgreement.objects.get(title__startswith="Tidiga")
    assert {p.slug for p in agreement.parties.all()} == {"ekbacka", "norrvik"}
    assert GroupMapping.objects.filter(organisation__slug="ekbacka").count() == 2
    hr_import = HrImport.objects.get()
    assert hr_import.status == HrImport.Status.APPLIED and hr_import.rejected == []
    assert User.objects.filter(external_id__startswith="EK-1").count() == 3


def test_demo_leaves_the_organisation_as_it_describes_it(demo):
    """Issue 12 item 1: the demo's HR import held one unit and closed all 21 others."""
    ekbacka = User.objects.get(username="medarbetare").organisation
    assert not Unit.objects.filter(organisation=ekbacka, closed_at__isnull=False).exists()
    hr_import = HrImport.objects.get()
    assert hr_import.scope == HrImport.Scope.FILE
    assert hr_import.summary["counts"]["unit_closes"] == 0
    hamnen = Unit.objects.get(organisation=ekbacka, code="FG-01")
    assert hamnen.parent.code == "SKOLFORVALTNINGEN"
    employee = User.objects.get(username="medarbetare")
    own_unit = Unit.objects.get(organisation=ekbacka, code="SF_MOTTAGNING")
    client = Client()
    client.force_login(employee)
    form = client.get(reverse("ideas:create")).content.decode()
    assert f'<option value="{own_unit.pk}"' in form
    manager = Client()
    manager.force_login(User.objects.get(username="enhetschef"))
    groups = manager.get(reverse("participation:group_create")).content.decode()
    assert f'<option value="{own_unit.pk}"' in groups
    token = account_services.token_create(actor=employee, name="demo")[1]
    created = Client().post(
        "/api/v1/ideas/ideas",
        data={"title": "Kvällsöppet på mottagningen", "unit_id": own_unit.pk},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert created.status_code == 201, created.content
    assert Idea.objects.get(pk=created.json()["id"]).unit == own_unit


def test_demo_study_is_pseudonymised_and_coded_by_two(demo):
    study = Study.objects.get(organisation__slug="ekbacka")
    texts = " ".join(Source.objects.filter(study=study).values_list("text", flat=True))
    for original in ("Lena Ek", "Omar Said", "lena.ek@example.org"):
        assert original not in texts
    assert not contains_valid_personnummer(texts)
    fg = Source.objects.get(study=study, activity__kind="focus_group")
    assert all(c["speaker"] != "Lena Ek" for c in fg.cues)
    owner = User.objects.get(username="forskare")
    colleague = User.objects.get(username="tjanstedesigner")
    rows = dict(research_selectors.code_agreements(study, owner.pk, colleague.pk))
    tid = next(a for code, a in rows.items() if code.name == "Tid")
    stod = next(a for code, a in rows.items() if code.name == "Ledningens stöd")
    assert tid.kappa == pytest.approx(1.0)
    assert 0 < stod.kappa < 1
    assert study.themes.filter(condition_kind="barrier").count() == 2
    assert study.themes.filter(insight__isnull=False).count() == 1


def test_demo_round_gives_a_unit_manager_results_gap_and_change(demo, tmp_path):
    current = Round.objects.get(title="Förutsättningar våren 2026")
    earlier = current.previous
    assert earlier is not None and earlier.status == Round.Status.CLOSED
    answered = Response.objects.filter(round=current, submitted_on__isnull=False).count()
    assert 280 <= answered <= 320
    client = Client()
    client.force_login(User.objects.get(username="enhetschef"))
    unit = Unit.objects.get(code="SF_MOTTAGNING")
    page = client.get(reverse("surveys:results", args=[current.pk]), follow=True)
    html = page.content.decode()
    assert page.status_code == 200 and unit.name in html
    assert "Cronbachs alfa" in html and "Förändring sedan förra omgången" in html
    lead = Client()
    lead.force_login(User.objects.get(username="innovationsledare"))
    org_page = lead.get(reverse("surveys:results", args=[current.pk])).content.decode()
    assert "Chefer och medarbetare" in org_page and "Skillnad chefer" in org_page
    assert "070-123 45 67" not in org_page  # phone numbers were redacted at answering
    path = tmp_path / "demo.sav"
    path.write_bytes(exports.to_sav(current))
    frame, meta = pyreadstat.read_sav(str(path))
    assert len(frame) == answered
    assert meta.variable_value_labels["audience"][2.0] == "Chef"


DEPTH = 4


def _walk(username: str) -> tuple[set[str], list[str]]:
    """Breadth-first from the start page, opening one link of each kind the person is shown
    (four clicks deep). Before, the walk stopped after 70 pages, most of them idea pages, and
    reached 51 kinds of page across the demo people; one of each kind reaches 134 in about the
    same time."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    seen: set[str] = set()
    kinds: set[tuple[str, tuple[str, ...]]] = set()
    broken: list[str] = []
    frontier = ["/"]
    for _depth in range(DEPTH):
        next_frontier: list[str] = []
        for url in frontier:
            page_kind = kind(url)
            if url in seen or page_kind in kinds:
                continue
            seen.add(url)
            kinds.add(page_kind)
            response = client.get(url)
            if response.status_code >= 300 and response.status_code not in (301, 302):
                broken.append(f"{url} → {response.status_code}")
                continue
            if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                next_frontier.extend(links(response.content.decode()))
        frontier = next_frontier
    return seen, broken


def test_every_link_a_demo_person_sees_works(demo):
    problems = {}
    for username in [login[1] for login in DEMO_LOGINS]:
        seen, broken = _walk(username)
        assert len(seen) > 10, f"{username} reached only {sorted(seen)}"
        if broken:
            problems[username] = broken
    assert not problems, f"links shown to demo people that fail: {problems}"


def test_demo_has_pilots_in_different_phases_an_implementation_and_an_adoption(demo):
    from vardag.pilots.models import Adoption, LessonRecord, Pilot
    from vardag.pilots.selectors import pilot_figures

    phases = {p.idea.title: p.phase for p in Pilot.objects.select_related("idea")}
    assert set(phases.values()) >= {"running", "scaling", "implemented"}
    implemented = Pilot.objects.get(idea__state=IdeaState.IMPLEMENTED)
    assert implemented.plan.followed_up_on is not None
    assert all(r.is_taken_over for r in implemented.plan.receiving_units.all())
    adoption = Adoption.objects.get()
    assert adoption.organisation.slug == "norrvik" and adoption.origin == implemented
    assert adoption.result_values.exists()
    assert LessonRecord.objects.filter(idea=implemented.idea).exists()
    ekbacka = implemented.organisation_id
    assert pilot_figures(ekbacka).adoptions_of_ours == 1
    # Norrvik's manager sees the innovation to spread and the adoption beside the original.
    client = Client()
    client.force_login(User.objects.get(username="norrvik"))
    page = client.get(reverse("pilots:adoption", args=[adoption.pk])).content.decode()
    assert implemented.idea.title in page and "Resultat bredvid ursprungets" in page


# Exact query counts of the main pages and API lists on the demo (as Zulip pins them): a count
# that creeps up fails here, not only one that grows with the data (the query-budget tests in
# each app prove the counts do not grow with rows). When a change needs more queries on purpose,
# update the number in the same commit and say why.
QUERY_COUNTS = {
    # 14 and 20 (were 13 and 19): the shown ideas' next planned agenda meeting is one query of
    # its own (ideas.selectors.with_row_figures); as subqueries of the grouped row query,
    # PostgreSQL ran them once per support row and the demo link walk took 161 s instead of 44.
    ("medarbetare", "/"): 14,
    # 19 and 17 (were 20 and 18): the filter form's organisation choices are one query with
    # the partner organisations as a subquery (ideas.selectors.organisation_choices), not two.
    ("medarbetare", "/ideer/"): 20,
    ("medarbetare", "/ideer/tavla/"): 17,
    ("medarbetare", "/ideer/ny/"): 13,
    ("medarbetare", "/aviseringar/"): 12,
    ("enhetschef", "/"): 12,
    ("enhetschef", "/moten/"): 12,
    ("enhetschef", "/forum/"): 10,
    ("enhetschef", "/moten/min-vecka/"): 18,
    ("forvaltningschef", "/enkater/"): 12,
    ("innovationsledare", "/delaktighet/insikter/"): 13,
    ("innovationsledare", "/piloter/"): 14,
    ("forskare", "/forskning/"): 9,
    ("admin", "/administration/"): 11,
    # 19 (was 11): the log names and links each event's object, read through its app's own
    # selector in one query per kind on the page (shell.audit_rows): units, people, agreements
    # (each 1), ideas and pilots (each 2, with the partner organisations), HR imports; 21: the
    # retention rules and erasure requests the records events are about (each 1). 32: the
    # other kinds on the first page named too, not "nr <id>" (tryout finding): background jobs,
    # notifications (by kind), memberships, group mappings, lessons, value assessments and
    # disclosures (each 1), impact goals and receiving units (each 2, like pilots).
    ("admin", "/handelselogg/"): 32,
    ("medarbetare", "/api/v1/ideas/ideas?limit=25"): 9,
    ("enhetschef", "/api/v1/forums/forums"): 8,
    ("admin", "/api/v1/orgadmin/units?limit=100"): 9,
}


def test_main_pages_and_api_lists_keep_their_exact_query_counts(demo):
    from vardag.core.testing import count_queries

    clients: dict[str, Client] = {}
    counted = {}
    for (username, url), _expected in QUERY_COUNTS.items():
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        client = clients[username]
        assert client.get(url).status_code == 200, url  # warm caches (content types, session)
        counted[(username, url)] = count_queries(lambda c=client, u=url: c.get(u))
    changed = {key: n for key, n in counted.items() if n != QUERY_COUNTS[key]}
    assert not changed, "query counts changed (user, url): now " + repr(changed)


def test_demo_records_area_has_rules_a_reviewed_erasure_and_a_masked_disclosure(demo):
    from vardag.core.models import AuditEvent
    from vardag.records.models import DisclosureMask, ErasureRequest, RetentionRule

    assert RetentionRule.objects.filter(organisation__slug="ekbacka").count() == 5
    assert all("§" in r.decision_reference for r in RetentionRule.objects.all())
    assert AuditEvent.objects.filter(action="retention.run", organisation__slug="ekbacka").exists()
    request = ErasureRequest.objects.get(subject__username="medarbetare")
    assert {row["reason"] for row in request.plan["refuse"]} >= {"archives_law"}
    assert DisclosureMask.objects.filter(ground="osl_26_1").count() == 1
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    page = client.get(reverse("records:erasure_detail", kwargs={"request_id": request.pk}))
    assert "arkivlagen" in page.content.decode()


def test_demo_stages_are_named_in_the_interfaces_language(demo):
    """The tryout found "Utforska idé" on the English board: the demo's process models carry
    English names and guidance, shown in the English interface, and Swedish in the Swedish."""
    from django.conf import settings

    from vardag.ideas.models import Stage

    stored = Stage.objects.filter(process_model__organisation__slug="ekbacka")
    assert stored.exists() and not stored.filter(name_en="").exists()
    client = Client()
    client.force_login(User.objects.get(username="enhetschef"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    board = unescape(client.get(reverse("ideas:board"), {"per": "fas"}).content.decode())
    assert "Explore the idea" in board and "Develop a pilot" in board
    assert "Utforska idé" not in board
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    board = unescape(client.get(reverse("ideas:board"), {"per": "fas"}).content.decode())
    assert "Utforska idé" in board and "Explore the idea" not in board


# --- The API over the demo, with a token of each municipality ------------------------------------

# The fields that say what an organisation's row is about. Its structure (units, forums and their
# mandates and process models) is left out: a partner sees it under a collaboration agreement
# (where an idea may go), and unit names are public and turn up in anyone's free text.
_OWN_TEXT_FIELDS = ("title", "name", "question", "statement", "summary", "hypothesis")
_STRUCTURE = frozenset(
    {"core.unit", "core.organisation", "accounts.user", "forums.forum", "forums.mandate"}
    | {"ideas.processmodel", "ideas.stage"}
)


def _owned() -> list:
    """The models whose rows belong to one organisation, less its structure."""
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("vardag.")
        and model._meta.label_lower not in _STRUCTURE
        and any(f.name == "organisation" and f.many_to_one for f in model._meta.get_fields())
    ]


def _private_texts(org, other) -> set[str]:
    """What only `org` may read: the titles, names and statements of its rows in which `other`
    has no part, found by direct queries (not the selectors the API uses), less any text that
    `other` also has of its own (a shared template). A row is shared when it names a unit, a
    person or the organisation of `other` (a joint forum's partner units, an idea's affected
    units or co-owners), hangs on an idea or forum that is shared, or a shared idea points to it
    (the challenge it answers) or a row of `other` does (the pilot it adopts)."""

    def shared_with(model, organisation) -> Q:
        """Rows of `model` that name a unit, person or organisation of `organisation`."""
        query = Q(pk__in=[])
        for field in model._meta.get_fields():
            target = getattr(field, "related_model", None)
            if field.name == "organisation" or not (field.many_to_many or field.many_to_one):
                continue
            if target is Organisation:
                query |= Q(**{field.name: organisation})
            elif target in (Unit, User):
                query |= Q(**{f"{field.name}__organisation": organisation})
        return query

    def texts(organisation, partner) -> set[str]:
        shared = {
            Idea: set(
                Idea.objects.filter(
                    shared_with(Idea, partner) | Q(organisation_parts__organisation=partner)
                ).values_list("pk", flat=True)
            ),
            Forum: set(
                Forum.objects.filter(shared_with(Forum, partner)).values_list("pk", flat=True)
            ),
        }
        # What a shared idea points to (the challenge it answers), and what the partner's own
        # rows point to (the idea or pilot it adopts).
        pointing = [(Idea, Idea.objects.filter(pk__in=shared[Idea]))] + [
            (model, model.objects.filter(organisation=partner)) for model in _owned()
        ]
        for _hop in range(3):  # and so on (an adopted pilot's idea)
            for model, rows in pointing:
                for field in model._meta.get_fields():
                    target = field.related_model
                    if field.many_to_one and target._meta.label_lower not in _STRUCTURE:
                        pks = {pk for pk in rows.values_list(field.name, flat=True) if pk}
                        shared.setdefault(target, set()).update(pks)
            pointing = [(m, m.objects.filter(pk__in=pks)) for m, pks in shared.items()]
        found: set[str] = set()
        for model in _owned():
            names = {f.name for f in model._meta.get_fields()}
            rows = model.objects.filter(organisation=organisation).exclude(
                shared_with(model, partner)
            )
            if model in shared:
                rows = rows.exclude(pk__in=shared[model])
            for field in model._meta.get_fields():
                if field.many_to_one and field.related_model in shared:
                    rows = rows.exclude(**{f"{field.name}__in": shared[field.related_model]})
            for field in _OWN_TEXT_FIELDS:
                if field in names and not model._meta.get_field(field).is_relation:
                    found |= {
                        str(v) for v in rows.values_list(field, flat=True) if len(str(v)) >= 12
                    }
        return found

    # A meeting series is named like its forum: part of a name of the structure is structure.
    structure = [
        *Forum.objects.values_list("name", flat=True),
        *Unit.objects.values_list("name", flat=True),
    ]
    return {
        text
        for text in texts(org, other) - texts(other, org)
        if not any(text in name for name in structure)
    }


def _strings(value: object) -> typing.Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_api_fuzzed_over_the_demo_shows_no_organisation_the_others_data(demo):
    """Schemathesis' stateful run (every check) over the demo data as Ekbacka's admin and as
    Norrvik's unit manager: no answer holds a text only the other municipality may read. Then
    every answer one of them reaches through the document's links, the other asks for too: never
    a text only the first may read (so an id of the other organisation gives nothing away)."""
    people = [User.objects.get(username=name) for name in ("admin", "norrvik")]
    assert people[0].organisation != people[1].organisation
    # Norrvik's demo content all involves Ekbacka; one submitted idea of its own.
    idea_services.idea_submit(
        actor=people[1],
        idea=idea_services.idea_create(
            actor=people[1],
            title="Norrviks egen idé om hembesök",
            summary="Bara Norrvik ska kunna läsa den här sammanfattningen.",
            user_situation="Familjer som behöver stöd hemma.",
            better_for_whom="Färre resor för familjerna.",
            unit=people[1].memberships.get().unit,
        ),
    )
    tokens = [account_services.token_create(actor=p, name="schemathesis")[1] for p in people]
    ekbacka, norrvik = (p.organisation for p in people)
    private = [_private_texts(ekbacka, norrvik), _private_texts(norrvik, ekbacka)]
    assert len(private[0]) > 20 and len(private[1]) >= 2, [len(p) for p in private]
    assert "Norrviks egen idé om hembesök" in private[1]
    foreign = {tokens[0]: private[1], tokens[1]: private[0]}

    def leaks(token: str, body: object) -> set[str]:
        return {s for s in _strings(body) for text in foreign.get(token, ()) if text in s}

    checked: list[str] = []

    def no_other_organisations_data(ctx, response, case) -> None:
        if 200 <= response.status_code < 300 and response.content:
            token = response.request.headers["Authorization"].removeprefix("Bearer ")
            leaked = leaks(token, _body(response.content))
            assert not leaked, f"{case.method} {case.formatted_path}: {sorted(leaked)[:3]}"
            checked.append(case.formatted_path)

    print(run_stateful(tokens, scenarios=40, steps=10, checks=[no_other_organisations_data]))
    assert checked  # the check saw answers

    started = time.monotonic()
    reached = [_crawl(token) for token in tokens]
    for index, token in enumerate(tokens):
        asked = [*reached[index].items(), *((u, _get(token, u)) for u in reached[1 - index])]
        for url, body in asked:
            assert not leaks(token, body), (people[index].username, url, leaks(token, body))
    print(
        f"crawl: {len(reached[0])} and {len(reached[1])} answers, each asked by the other too,"
        f" against {len(private[0])} and {len(private[1])} private texts,"
        f" in {time.monotonic() - started:.1f} s"
    )


def _body(content: bytes) -> object:
    try:
        return json.loads(content)
    except ValueError:
        return content.decode(errors="replace")


def _get(token: str, url: str) -> object | None:
    """The answer to a GET, None unless 200."""
    response = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
    return _body(response.content) if response.status_code == 200 else None


def _values(body: object, pointer: str) -> list[object]:
    """What a link's JSON pointer names, with a list index standing for every element."""
    found = [body]
    for part in pointer.strip("/").split("/"):
        if part.isdigit():
            found = [item for value in found if isinstance(value, list) for item in value]
        else:
            found = [value[part] for value in found if isinstance(value, dict) and part in value]
    return found


def _crawl(token: str) -> dict[str, object]:
    """Every GET answer reachable from the lists (whole, up to MAX_LIMIT) by the document's
    links (api.document), each object of a list followed, not just the first."""
    doc = api.get_openapi_schema(path_prefix="/api/v1/")
    by_id = {
        op["operationId"]: (path, op)
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if method == "get"
    }
    todo = [
        (path, {})
        for path, op in by_id.values()
        if "{" not in path and not any(p.get("required") for p in op.get("parameters", []))
    ]
    answers: dict[str, object] = {}
    while todo:
        path, parameters = todo.pop()
        source = next(op for p, op in by_id.values() if p == path)
        url = path.format(**parameters)
        if any(p["name"] == "limit" for p in source.get("parameters", [])):
            url += f"?limit={MAX_LIMIT}"
        if url in answers:
            continue
        answers[url] = body = _get(token, url)
        if body is None:
            continue
        for link in source["responses"][200].get("links", {}).values():
            if link["operationId"] not in by_id:
                continue
            target = by_id[link["operationId"]][0]
            fixed = {
                name: parameters[expression.removeprefix("$request.path.")]
                for name, expression in link["parameters"].items()
                if expression.startswith("$request.path.")
            }
            drawn = [
                (name, _values(body, expression.removeprefix("$response.body#")))
                for name, expression in link["parameters"].items()
                if expression.startswith("$response.body#")
            ]
            for name, values in drawn or [("", [None])]:
                for value in values:
                    todo.append((target, {**fixed, **({name: value} if name else {})}))
    return {url: body for url, body in answers.items() if body is not None}
