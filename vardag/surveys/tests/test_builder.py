"""The questionnaire builder: versions frozen at the first answer, reordering, refusals,
the idempotent instrument install, the pages and the API."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from vardag.accounts import services as account_services
from vardag.core.testing import assert_constant_queries
from vardag.surveys import builder, instrument
from vardag.surveys.models import Audience, Item, Questionnaire, Response, Round, Version

pytestmark = pytest.mark.django_db


def _snapshot(version: Version) -> list[tuple]:
    """Everything a respondent or an analysis sees of a version."""
    sections = [
        (s.order, s.title_sv, s.title_en, s.condition_item_id, s.condition_value)
        for s in version.sections.order_by("order")
    ]
    items = [
        (i.code, i.section.order, i.order, i.kind, i.text_sv, i.text_en, i.choices)
        + (i.dimension_id, i.is_reversed, i.is_required)
        for i in version.items.select_related("section").order_by("code")
    ]
    dims = [
        (d.code, d.name_sv, d.name_en, d.description_sv)
        for d in version.dimensions.order_by("code")
    ]
    return [tuple(sections), tuple(items), tuple(dims)]


def _small(world) -> Questionnaire:
    """Two sections; the second shown only when `used` = 1; a choice item and a dimension."""
    lead = world.innovation_lead
    q = builder.questionnaire_create(actor=lead, organisation=world.org, title="Elevenkät")
    builder.dimension_add(actor=lead, questionnaire=q, code="trust", name_sv="Tillit")
    builder.dimension_add(actor=lead, questionnaire=q, code="spare", name_sv="Reserv")
    builder.section_add(actor=lead, questionnaire=q, title_sv="Start")
    add = {"actor": lead, "questionnaire": q, "section_order": 1}
    builder.item_add(**add, code="used", kind="yes_no", text_sv="Har du använt tjänsten?")
    builder.item_add(
        **add, code="t1", kind="likert5", text_sv="Jag litar på dem", dimension_code="trust"
    )
    builder.item_add(
        **add,
        code="t2",
        kind="likert5",
        text_sv="Jag tvivlar",
        dimension_code="trust",
        is_reversed=True,
        manager_text_sv="Mina medarbetare tvivlar",
    )
    builder.section_add(
        actor=lead,
        questionnaire=q,
        title_sv="Om tjänsten",
        condition_item_code="used",
        condition_value="1",
    )
    builder.item_add(
        actor=lead,
        questionnaire=q,
        section_order=2,
        code="how",
        kind="single",
        text_sv="Hur var den?",
        choices=[["1", "Bra", "Good"], ["2", "Dålig", "Bad"]],
    )
    builder.section_add(actor=lead, questionnaire=q, title_sv="Slut")
    return q


def _answer(q: Questionnaire) -> Version:
    """One (imported) answer on the newest version: it must not change any more."""
    version = builder.latest_version(q)
    round_ = Round.objects.create(organisation=q.organisation, version=version, title="R")
    Response.objects.create(round=round_, audience=Audience.EMPLOYEE, submitted_on="2026-03-01")
    return version


def _item(q: Questionnaire, code: str) -> Item:
    return builder.latest_version(q).items.get(code=code)


def _section(q, order):
    return builder.latest_version(q).sections.get(order=order)


def _dim(q, code):
    return builder.latest_version(q).dimensions.get(code=code)


ITEM_FIELDS = {"code": "t1", "kind": "likert5", "text_sv": "Jag litar mycket på dem"}
EDITS: dict[str, Callable[[Any, Questionnaire], Any]] = {
    "item text": lambda a, q: builder.item_update(
        actor=a, item=_item(q, "t1"), section_order=1, **ITEM_FIELDS, dimension_code="trust"
    ),
    "item scale, dimension and reverse": lambda a, q: builder.item_update(
        actor=a, item=_item(q, "t1"), section_order=1, code="t1", kind="likert7", text_sv="X"
    ),
    "item options": lambda a, q: builder.item_update(
        actor=a,
        item=_item(q, "how"),
        section_order=2,
        code="how",
        kind="single",
        text_sv="Hur var den?",
        choices=[["1", "Bra"], ["2", "Sådär"], ["3", "Dålig"]],
    ),
    "item required": lambda a, q: builder.item_update(
        actor=a,
        item=_item(q, "used"),
        section_order=1,
        code="used",
        kind="yes_no",
        text_sv="Har du använt tjänsten?",
        is_required=True,
    ),
    "item add": lambda a, q: builder.item_add(
        actor=a, questionnaire=q, section_order=3, code="new", kind="open", text_sv="Annat?"
    ),
    "item delete": lambda a, q: builder.item_delete(actor=a, item=_item(q, "t2")),
    "item move": lambda a, q: builder.item_move(actor=a, item=_item(q, "t2"), direction="up"),
    "section title": lambda a, q: builder.section_update(
        actor=a, section=_section(q, 1), title_sv="Början", title_en="Beginning"
    ),
    "section condition": lambda a, q: builder.section_update(
        actor=a,
        section=_section(q, 2),
        title_sv="Om tjänsten",
        condition_item_code="used",
        condition_value="0",
    ),
    "section add": lambda a, q: builder.section_add(actor=a, questionnaire=q, title_sv="Mer"),
    "section delete": lambda a, q: builder.section_delete(actor=a, section=_section(q, 3)),
    "section move": lambda a, q: builder.section_move(
        actor=a, section=_section(q, 3), direction="up"
    ),
    "dimension add": lambda a, q: builder.dimension_add(
        actor=a, questionnaire=q, code="new", name_sv="Ny"
    ),
    "dimension rename": lambda a, q: builder.dimension_update(
        actor=a, dimension=_dim(q, "trust"), name_sv="Förtroende", name_en="Trust"
    ),
    "dimension delete": lambda a, q: builder.dimension_delete(actor=a, dimension=_dim(q, "spare")),
}


@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_every_kind_of_edit_leaves_an_answered_version_alone(world, edit):
    q = _small(world)
    answered = _answer(q)
    before = _snapshot(answered)
    EDITS[edit](world.innovation_lead, q)
    answered.refresh_from_db()
    assert answered.is_frozen  # frozen by the edit although the answer was imported
    assert _snapshot(answered) == before
    latest = builder.latest_version(q)
    assert latest.number == 2 and _snapshot(latest) != before
    # A second edit goes to the same new (unanswered) version.
    builder.section_add(actor=world.innovation_lead, questionnaire=q, title_sv="Till sist")
    assert q.versions.count() == 2


def test_edits_of_an_unanswered_version_change_it_in_place(world):
    for edit in EDITS.values():
        q = _small(world)
        edit(world.innovation_lead, q)
        assert q.versions.count() == 1


def test_copy_keeps_conditions_pointing_into_the_new_version(world):
    q = _small(world)
    _answer(q)
    builder.section_update(actor=world.innovation_lead, section=_section(q, 1), title_sv="Start")
    new = builder.latest_version(q)
    condition = new.sections.get(order=2).condition_item
    assert condition is not None and condition.version_id == new.pk and condition.code == "used"


def _orders(q) -> tuple[list[int], list[list[int]]]:
    version = builder.latest_version(q)
    sections = list(version.sections.order_by("order"))
    return [s.order for s in sections], [
        list(s.items.order_by("order").values_list("order", flat=True)) for s in sections
    ]


def _is_dense(q) -> bool:
    sections, items = _orders(q)
    return sections == list(range(1, len(sections) + 1)) and all(
        orders == list(range(1, len(orders) + 1)) for orders in items
    )


def test_order_stays_dense_and_unique_through_moves_deletes_and_section_changes(world):
    lead = world.innovation_lead
    q = _small(world)
    for n in range(6):
        builder.item_add(
            actor=lead, questionnaire=q, section_order=3, code=f"x{n}", kind="open", text_sv="?"
        )
    rng = random.Random(7)
    for step in range(40):
        version = builder.latest_version(q)
        item = rng.choice(list(version.items.exclude(code__in=["used", "how"])))
        action = rng.choice(["up", "down", "to1", "to3", "delete"] if step % 9 else ["answer"])
        try:
            if action in ("up", "down"):
                builder.item_move(actor=lead, item=item, direction=action)
            elif action == "delete":
                builder.item_delete(actor=lead, item=item)
            elif action == "answer":
                _answer(q)
            else:
                fields = {"code": item.code, "kind": item.kind, "text_sv": item.text_sv}
                fields["dimension_code"] = item.dimension.code if item.dimension else ""
                fields["is_reversed"] = item.is_reversed
                builder.item_update(actor=lead, item=item, section_order=int(action[-1]), **fields)
        except ValidationError:
            pass  # first up / last down
        assert _is_dense(q), (step, action, _orders(q))
    assert q.versions.count() > 1


def test_move_reorders_by_one_step_and_refuses_at_the_ends(world):
    lead = world.innovation_lead
    q = _small(world)
    builder.item_move(actor=lead, item=_item(q, "t2"), direction="up")
    first = builder.latest_version(q).sections.get(order=1)
    assert list(first.items.order_by("order").values_list("code", flat=True)) == [
        "used",
        "t2",
        "t1",
    ]
    with pytest.raises(ValidationError, match="redan först"):
        builder.item_move(actor=lead, item=_item(q, "used"), direction="up")
    with pytest.raises(ValidationError, match="redan sist"):
        builder.section_move(actor=lead, section=_section(q, 3), direction="down")


def _refused(q, fn, match: str) -> None:
    """Refused with the reason, and nothing written (not even a new version)."""
    versions = q.versions.count()
    before = _snapshot(builder.latest_version(q))
    with pytest.raises(ValidationError, match=match), transaction.atomic():
        fn()
    assert q.versions.count() == versions
    assert _snapshot(builder.latest_version(q)) == before


@pytest.mark.parametrize("answered", [False, True], ids=["draft", "answered"])
def test_refusals_give_a_reason_and_write_nothing(world, answered):
    lead = world.innovation_lead
    q = _small(world)
    if answered:
        _answer(q)
    used = _item(q, "used")
    _refused(q, lambda: builder.item_delete(actor=lead, item=used), "Om tjänsten")
    _refused(q, lambda: builder.section_delete(actor=lead, section=_section(q, 1)), "used")
    _refused(
        q,
        lambda: builder.section_move(actor=lead, section=_section(q, 2), direction="up"),
        "tidigare avsnitt",
    )
    _refused(
        q,
        lambda: builder.dimension_delete(actor=lead, dimension=_dim(q, "trust")),
        "t1, t2",
    )
    condition = {"actor": lead, "section": _section(q, 2), "title_sv": "Om tjänsten"}
    _refused(
        q,
        lambda: builder.section_update(
            **condition, condition_item_code="used", condition_value="7"
        ),
        "kan inte få det svaret",
    )
    _refused(
        q,
        lambda: builder.section_update(
            **condition, condition_item_code="nope", condition_value="1"
        ),
        "ingen fråga",
    )
    _refused(  # the condition item would move into a later section than the section it opens
        q,
        lambda: builder.item_update(
            actor=lead, item=used, section_order=3, code="used", kind="yes_no", text_sv="?"
        ),
        "tidigare avsnitt",
    )
    _refused(  # the condition's value is no longer possible with the new kind
        q,
        lambda: builder.item_update(
            actor=lead, item=used, section_order=1, code="used", kind="open", text_sv="?"
        ),
        "kan inte styra",
    )
    item = {"actor": lead, "questionnaire": q, "section_order": 1, "text_sv": "?"}
    _refused(
        q,
        lambda: builder.item_add(**item, code="c", kind="single", choices=[["a", "A"], ["b", "B"]]),
        "heltal",
    )
    _refused(
        q, lambda: builder.item_add(**item, code="c", kind="single", choices=[["1", "A"]]), "två"
    )
    _refused(
        q, lambda: builder.item_add(**item, code="c", kind="yes_no", is_reversed=True), "skala"
    )
    _refused(q, lambda: builder.item_add(**item, code="t1", kind="open"), "används redan")
    _refused(
        q,
        lambda: builder.item_add(**item, code="c", kind="likert7", dimension_code="trust"),
        "samma skala",
    )


def test_an_edit_from_a_page_opened_before_a_new_version_is_refused(world):
    lead = world.innovation_lead
    q = _small(world)
    stale = _item(q, "t1")
    _answer(q)
    builder.section_add(actor=lead, questionnaire=q, title_sv="Mer")  # makes version 2
    _refused(q, lambda: builder.item_delete(actor=lead, item=stale), "har ändrats")


# ---- instrument ------------------------------------------------------------------------------


def test_instrument_install_is_idempotent(world):
    first, created = builder.instrument_ensure(actor=world.innovation_lead, organisation=world.org)
    again, created_again = builder.instrument_ensure(actor=world.admin, organisation=world.org)
    assert created and not created_again and again == first
    assert first.instrument_version == instrument.INSTRUMENT_VERSION
    other = builder.instrument_install(actor=world.foreign, organisation=world.other_org)
    assert other != first
    assert Questionnaire.objects.filter(kind="conditions").count() == 2


def test_the_database_refuses_a_second_install_and_a_race_returns_the_first(world, monkeypatch):
    first = builder.instrument_install(actor=world.innovation_lead, organisation=world.org)
    with pytest.raises(IntegrityError), transaction.atomic():
        Questionnaire.objects.create(
            organisation=world.org, title="x", instrument_version=instrument.INSTRUMENT_VERSION
        )
    # A request that looked before the first one committed (the lock is a no-op on SQLite).
    real = builder.installed_instrument
    calls = iter([None])
    monkeypatch.setattr(
        builder, "installed_instrument", lambda org_id: next(calls, None) or real(org_id)
    )
    found, created = builder.instrument_ensure(actor=world.innovation_lead, organisation=world.org)
    assert found == first and not created
    assert Questionnaire.objects.filter(organisation=world.org).count() == 1


def test_double_post_of_install_makes_one_instrument_and_says_so(world, client_for):
    client = client_for("innovation_lead")
    url = reverse("surveys:instrument_install")
    first = client.post(url)
    second = client.post(url, follow=True)
    q = Questionnaire.objects.get(organisation=world.org)
    assert first["Location"] == reverse("surveys:questionnaire", args=[q.pk])
    assert "fanns redan" in second.content.decode()
    home = client.get(reverse("surveys:home")).content.decode()
    assert "är redan tillagd" in home and reverse("surveys:questionnaire", args=[q.pk]) in home
    assert reverse("surveys:instrument_install") not in home


# ---- pages -----------------------------------------------------------------------------------


def test_questionnaire_page_has_constant_queries_as_items_grow(world, client_for):
    lead = world.innovation_lead
    q = _small(world)
    client = client_for("innovation_lead")
    builder.section_update(
        actor=lead,
        section=_section(q, 3),
        title_sv="Slut",
        condition_item_code="used",
        condition_value="1",
    )

    def grow(n: int) -> None:
        while builder.latest_version(q).items.count() < n:
            count = builder.latest_version(q).items.count()
            builder.item_add(
                actor=lead,
                questionnaire=q,
                section_order=1 + count % 3,
                code=f"g{count}",
                kind="likert5",
                text_sv="Fråga",
                dimension_code="trust",
                choices=[],
            )

    url = reverse("surveys:questionnaire", args=[q.pk])
    assert_constant_queries(lambda: client.get(url), grow)
    assert_constant_queries(
        lambda: client.get(reverse("surveys:dimensions", args=[q.pk])), grow, small=50, large=60
    )
    assert_constant_queries(
        lambda: client.get(reverse("surveys:preview", args=[q.pk])), grow, small=60, large=70
    )


def test_edit_page_says_it_makes_a_new_version_and_saves_there(world, client_for):
    q = _small(world)
    _answer(q)
    client = client_for("innovation_lead")
    item = _item(q, "t1")
    url = reverse("surveys:item_edit", args=[q.pk, item.pk])
    page = client.get(url).content.decode()
    assert "Ändringen skapar version 2 eftersom svar redan har kommit in" in page
    data = {
        "section_order": "1",
        "code": "t1",
        "kind": "likert5",
        "text_sv": "Ny lydelse",
        "dimension_code": "trust",
    }
    saved = client.post(url, data)
    assert saved.status_code == 302 and saved["Location"].endswith("#fraga-t1")
    assert _item(q, "t1").text_sv == "Ny lydelse" and _item(q, "t1").version.number == 2
    assert item.__class__.objects.get(pk=item.pk).text_sv == "Jag litar på dem"
    assert "Ändringen skapar" not in client.get(url).content.decode()  # v2 has no answers
    page = client.get(reverse("surveys:questionnaire", args=[q.pk])).content.decode()
    assert "<h2>Versioner</h2>" in page and "Ny lydelse" in page


def test_form_shows_a_refusal_without_losing_input(world, client_for):
    q = _small(world)
    client = client_for("innovation_lead")
    item = _item(q, "t2")
    page = client.post(
        reverse("surveys:item_edit", args=[q.pk, item.pk]),
        {
            "section_order": "1",
            "code": "t2",
            "kind": "yes_no",
            "text_sv": "Kvar",
            "is_reversed": "on",
        },
    )
    body = page.content.decode()
    assert page.status_code == 200 and "Bara frågor med skala kan vändas" in body and "Kvar" in body


def test_move_buttons_and_delete_refusal_on_the_page(world, client_for):
    q = _small(world)
    client = client_for("innovation_lead")
    t2 = _item(q, "t2")
    moved = client.post(reverse("surveys:item_move", args=[q.pk, t2.pk]), {"direction": "up"})
    assert moved["Location"].endswith("#fraga-t2")
    assert _item(q, "t2").order == 2
    bad = client.post(reverse("surveys:item_move", args=[q.pk, t2.pk]), {"direction": "sideways"})
    assert bad.status_code == 302
    used = _item(q, "used")
    confirm = client.get(reverse("surveys:item_delete", args=[q.pk, used.pk])).content.decode()
    assert "kan inte tas bort" in confirm and 'type="submit"' not in confirm.split("<main")[-1]
    refused = client.post(reverse("surveys:item_delete", args=[q.pk, used.pk]), follow=True)
    assert "Om tjänsten" in refused.content.decode() and _item(q, "used")
    deleted = client.post(reverse("surveys:section_delete", args=[q.pk, _section(q, 3).pk]))
    assert deleted.status_code == 302 and _orders(q)[0] == [1, 2]


def test_employee_sees_the_questionnaire_but_cannot_edit(world, client_for):
    q = _small(world)
    client = client_for("employee")
    page = client.get(reverse("surveys:questionnaire", args=[q.pk])).content.decode()
    assert "Jag litar på dem" in page and "Flytta" not in page
    assert (
        client.get(reverse("surveys:item_edit", args=[q.pk, _item(q, "t1").pk])).status_code == 403
    )
    move = client.post(
        reverse("surveys:item_move", args=[q.pk, _item(q, "t2").pk]), {"direction": "up"}
    )
    assert move.status_code == 403


def test_dimensions_page_lists_items_and_reverse_marks(world, client_for):
    q = _small(world)
    client = client_for("innovation_lead")
    page = client.get(reverse("surveys:dimensions", args=[q.pk])).content.decode()
    assert "Tillit" in page and "t2" in page and "omvänd" in page
    assert reverse("surveys:dimension_delete", args=[q.pk, _dim(q, "spare").pk]) in page
    assert reverse("surveys:dimension_delete", args=[q.pk, _dim(q, "trust").pk]) not in page
    renamed = client.post(
        reverse("surveys:dimension_edit", args=[q.pk, _dim(q, "trust").pk]),
        {"name_sv": "Förtroende", "name_en": "Trust", "description_sv": "Om tillit"},
    )
    assert renamed.status_code == 302 and _dim(q, "trust").name_en == "Trust"
    added = client.post(
        reverse("surveys:dimension_add", args=[q.pk]), {"code": "trust", "name_sv": "Dubbel"}
    )
    assert "Koden används redan" in added.content.decode()


def test_preview_shows_each_audience_and_language_read_only(world, client_for):
    q = _small(world)
    client = client_for("innovation_lead")
    url = reverse("surveys:preview", args=[q.pk])
    employee = client.get(url).content.decode()
    assert "Jag tvivlar" in employee and "Mina medarbetare tvivlar" not in employee
    assert "<fieldset disabled" in employee and "Visas bara om used = 1" in employee
    manager = client.get(url + "?grupp=manager").content.decode()
    assert "Mina medarbetare tvivlar" in manager
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert "Good" in english and "Completely true" in english


# ---- API -------------------------------------------------------------------------------------


def _api(world, persona: str = "innovation_lead"):
    from django.test import Client

    token = account_services.token_create(actor=world.people[persona], name="t")[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def call(method: str, path: str, data: dict | None = None):
        return client.generic(
            method,
            f"/api/v1/surveys{path}",
            data=__import__("json").dumps(data or {}),
            content_type="application/json",
        )

    return call


def test_api_builds_edits_reorders_and_refuses_like_the_pages(world):
    call = _api(world)
    installed = call("POST", "/instrument").json()
    assert installed["created"] and not call("POST", "/instrument").json()["created"]
    q = _small(world)
    base = f"/questionnaires/{q.pk}"
    section = call("POST", f"{base}/sections", {"title_sv": "API"})
    assert section.status_code == 201 and section.json()["order"] == 4
    item = call(
        "POST",
        f"{base}/items",
        {
            "section_order": 4,
            "code": "api1",
            "kind": "multiple",
            "text_sv": "Vad?",
            "choices": [["1", "Ett"], ["2", "Två", "Two"]],
        },
    )
    assert item.status_code == 201, item.content
    _answer(q)
    tree = call("GET", f"{base}/builder").json()
    assert tree["version"] == 1 and tree["next_edit_makes_new_version"]
    t2 = next(i for i in tree["items"] if i["code"] == "t2")
    moved = call("POST", f"{base}/items/{t2['id']}/move", {"direction": "up"})
    assert moved.status_code == 200 and moved.json()["version"] == 2 and moved.json()["order"] == 2
    used = _item(q, "used")
    refused = call("DELETE", f"{base}/items/{used.pk}")
    assert refused.status_code == 422 and "Om tjänsten" in refused.json()["detail"]
    stale = call("DELETE", f"{base}/items/{t2['id']}")  # an id of version 1
    assert stale.status_code == 422 and "har ändrats" in stale.json()["detail"]
    dims = call("GET", f"{base}/dimensions").json()
    trust = next(d for d in dims if d["code"] == "trust")
    assert trust["item_codes"] == ["t2", "t1"] and trust["version"] == 2
    assert call("DELETE", f"{base}/dimensions/{trust['id']}").status_code == 422
    bad = call(
        "POST", f"{base}/items", {"section_order": 1, "code": "a b", "kind": "open", "text_sv": "?"}
    )
    assert bad.status_code == 422
    assert _api(world, "employee")("POST", f"{base}/sections", {"title_sv": "x"}).status_code == 403
    assert q.versions.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_installs_make_one_instrument(world):
    """Two requests at once (PostgreSQL: real concurrent transactions and row locks)."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL (SQLite serialises writers)")
    barrier = threading.Barrier(2)
    results: list[tuple[int, bool]] = []

    def install() -> None:
        try:
            barrier.wait()
            q, created = builder.instrument_ensure(
                actor=world.innovation_lead, organisation=world.org
            )
            results.append((q.pk, created))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=install) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 2 and results[0][0] == results[1][0]
    assert sorted(created for _pk, created in results) == [False, True]
    assert Questionnaire.objects.filter(organisation=world.org).count() == 1
