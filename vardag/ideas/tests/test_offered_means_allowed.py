"""Offered means allowed (issue 12): for each role, every action the idea page offers succeeds
for that role: no 403, no refusal after filling in the form.

The test acts as a person who only uses what the page shows: it reads the idea page's links and
buttons, follows each, fills in the form it finds the way a person would (what is already filled
in stays, empty fields get plausible values, the first choice of each list) and sends it. Each
action runs in a savepoint that is rolled back, so every action starts from the same idea.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.contrib.messages import constants
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from vardag.accounts.testing import make_person
from vardag.core.roles import Role
from vardag.forums.models import ForumMembership
from vardag.ideas import services
from vardag.ideas.services import DecisionInput
from vardag.ideas.tests.factories import governance, make_idea

pytestmark = pytest.mark.django_db


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    options: dict[str, list[str]] = field(default_factory=dict)
    submit: tuple[str, str] | None = None


class PageParser(HTMLParser):
    """Links and forms inside <main>, with what a browser would send for each form."""

    def __init__(self, url: str):
        super().__init__(convert_charrefs=True)
        self.url = url
        self.links: list[str] = []
        self.forms: list[Form] = []
        self.in_main = False
        self.form: Form | None = None
        self.textarea: str | None = None
        self.select: str | None = None
        self.selected = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "main":
            self.in_main = True
        if not self.in_main:
            return
        if tag == "a" and a.get("href", "").startswith("/"):
            self.links.append(a["href"].split("#")[0])
        elif tag == "form":
            self.form = Form(a.get("action") or self.url, a.get("method", "get").lower())
        elif self.form is None:
            return
        elif tag == "input":
            name, kind = a.get("name"), a.get("type", "text")
            if not name:
                return
            self.form.kinds[name] = kind
            values = self.form.fields.setdefault(name, [])
            if kind in ("checkbox", "radio"):
                self.form.options.setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    values.append(a.get("value", "on"))
            elif kind == "submit":
                self.form.fields.pop(name)
                self.form.submit = self.form.submit or (name, a.get("value", ""))
            else:
                values.append(a.get("value", ""))
        elif tag == "button" and a.get("name") and a.get("type", "submit") == "submit":
            self.form.submit = self.form.submit or (a["name"], a.get("value", ""))
        elif tag == "textarea":
            self.textarea = a["name"]
            self.form.kinds[a["name"]] = "textarea"
            self.form.fields[a["name"]] = [""]
        elif tag == "select":
            self.select = a["name"]
            self.form.kinds[a["name"]] = "select"
            self.form.fields[a["name"]] = []
            self.form.options[a["name"]] = []
        elif tag == "option" and self.select:
            value = a.get("value", "")
            self.form.options[self.select].append(value)
            if "selected" in a:
                self.form.fields[self.select] = [value]

    def handle_data(self, data: str) -> None:
        if self.form is not None and self.textarea:
            self.form.fields[self.textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.in_main = False
        elif tag == "form" and self.form is not None:
            self.forms.append(self.form)
            self.form = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None


def parse(response, url: str) -> PageParser:
    parser = PageParser(url)
    parser.feed(response.content.decode())
    return parser


def fill(form: Form) -> dict:
    """What a person sends: what is there stays; empty fields get plausible values."""
    today = timezone.localdate()
    data: dict = {}
    for name, values in form.fields.items():
        kind = form.kinds.get(name, "text")
        filled = [v for v in values if v.strip()]
        if filled:
            data[name] = filled
        elif kind == "date":
            data[name] = [str(today + timedelta(days=14))]
        elif kind == "number":
            data[name] = ["10"]
        elif kind == "file":
            data[name] = SimpleUploadedFile("anteckning.txt", b"Text", "text/plain")
        elif kind in ("checkbox", "radio", "select"):
            choices = [o for o in form.options.get(name, []) if o]
            if choices and kind != "checkbox" or name == "team":
                data[name] = choices[:1]
        elif kind != "hidden":
            data[name] = ["Skrivet av testet: så här tänker vi."]
    if form.submit:
        data[form.submit[0]] = form.submit[1]
    return data


def _errors(response) -> list[str]:
    messages = list(response.context["messages"]) if response.context else []
    return [str(m) for m in messages if m.level == constants.ERROR]


def _idea_action(url: str, idea_id: int) -> bool:
    try:
        match = resolve(url)
    except Resolver404:
        return False
    return match.namespace == "ideas" and match.kwargs.get("idea_id") == idea_id


def act(client: Client, url: str, form: Form | None) -> list[str]:
    """Follow an offered link or press an offered button; the problems a person would meet."""
    if form is None:  # a link: the page it opens, and the form on it if there is one
        page = client.get(url)
        if page.status_code != 200:
            return [f"GET {url}: {page.status_code}"]
        forms = [f for f in parse(page, url).forms if f.method == "post"]
        if not forms:
            return []
        form = forms[-1]
    if form.kinds.get("stage") == "select":
        others = [o for o in form.options["stage"] if o not in form.fields["stage"]]
        form.fields["stage"] = others[:1]
    response = client.post(form.action, fill(form), follow=True)
    problems = [f"POST {form.action}: {c}" for _u, c in response.redirect_chain if c >= 400]
    if response.status_code != 200 or not response.redirect_chain:
        said = re.findall(r'class="field-error"[^>]*>([^<]*)<', response.content.decode())
        summary = re.findall(r"<li>([^<]+)</li>", response.content.decode())
        problems.append(f"POST {form.action}: {response.status_code} {said or summary[:3]}")
    return problems + [f"POST {form.action}: {e}" for e in _errors(response)]


def offered(client: Client, idea_id: int) -> tuple[list[str], list[Form]]:
    url = reverse("ideas:detail", args=[idea_id])
    page = parse(client.get(url), url)
    links = sorted({u for u in page.links if _idea_action(u, idea_id) and u != url})
    forms = [f for f in page.forms if f.method == "post" and _idea_action(f.action, idea_id)]
    return links, forms


def try_everything(user, idea_id: int) -> tuple[list[str], list[str]]:
    client = Client()
    client.force_login(user)
    links, forms = offered(client, idea_id)
    problems: list[str] = []
    done = [*links, *(f.action for f in forms)]
    for link in links:
        with transaction.atomic():
            problems += act(client, link, None)
            transaction.set_rollback(True)
    for form in forms:
        with transaction.atomic():
            problems += act(client, form.action, form)
            transaction.set_rollback(True)
    return done, problems


@pytest.fixture
def scene(world):
    """An idea registered in the APT by the unit manager, a second idea to merge with, the
    Helsingborg process model, and a colleague of the initiator in the same unit and APT."""
    gov = governance(world)
    services.process_model_install_for(world.org.pk, "helsingborg", make_default=True)
    colleague = make_person("kollega", world.units["unit"], Role.EMPLOYEE)
    ForumMembership.objects.create(forum=gov.apt, user=colleague)
    idea = make_idea(world)
    make_idea(world, title="Sms när något händer i ärendet")
    with transaction.atomic():
        services.decision_record(
            actor=world.manager,
            idea=idea,
            decision=DecisionInput(
                decision_type="register",
                mandate=gov.manager_mandate,
                forum=gov.apt,
                next_handling_on=timezone.localdate() + timedelta(days=7),
            ),
        )
    return world, gov, colleague, idea


@pytest.mark.parametrize("role", ["employee", "manager", "innovation_lead", "colleague"])
def test_every_action_the_idea_page_offers_succeeds_for_the_role(scene, role):
    world, _gov, colleague, idea = scene
    user = colleague if role == "colleague" else world.people[role]
    done, problems = try_everything(user, idea.pk)
    assert done, "the page offers this role something to do"
    assert problems == []


def test_what_each_role_is_offered(scene, client_for):
    world, _gov, colleague, idea = scene

    def names(user) -> set[str]:
        client = Client()
        client.force_login(user)
        links, forms = offered(client, idea.pk)
        return {resolve(u).url_name for u in links} | {resolve(f.action).url_name for f in forms}

    initiator = names(world.employee)
    # The initiator's own idea: no decisions, no merging, no supporting it herself; the stage
    # cannot move on before the G1 decision that ends "Utforska idé".
    assert {"decide", "merge", "support", "stage", "publish"}.isdisjoint(initiator)
    assert {"edit", "follow", "comment"} <= initiator
    manager = names(world.manager)
    assert {"decide", "merge", "publish", "feedback", "edit"} <= manager
    lead = names(world.innovation_lead)
    assert "merge" in lead and "decide" not in lead
    other = names(colleague)
    assert "support" in other
    # An APT member is not a decision maker on her own: the APT's mandate is used in its meeting.
    assert "decide" not in other
