"""`vardag bench`: Vardag at the size of a municipality, measured the way people use it.

1. Seeds the database (`vardag seed --scale ...`) unless it already holds that data (reused).
2. Starts gunicorn (2 workers × 4 threads, DEBUG off) on the same database and signs the demo
   personas in through the real login form.
3. For every main page and API list: p50/p95 at 1 client and at 16 concurrent clients, the ratio
   of the 1-client p50 to a floor page measured in the same run (a minimal signed-in page: the
   machine's noise and the framework's cost per request cancel out), and the number of queries
   per request (counted in-process with the test client on the same data).
4. Search p95 over Swedish word forms; answer and transcript import rates (in a transaction that
   is rolled back, so the database stays as seeded), each at the start and as the data grows;
   Cronbach's alpha and item statistics at 1,000 / 10,000 / 100,000 respondents by Vardag and by
   pingouin on the same data (the same statistic, checked equal); peak memory (VmHWM) of the
   gunicorn workers and of a task worker that ran tasks.

Prints one table and writes JSON (bench/results/<database>-<scale>.json by default). Works on
SQLite and PostgreSQL (DATABASE_URL). Times are wall-clock on a possibly shared machine: read the
ratios and the query counts first.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import tracemalloc
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count

from vardag.core.models import Organisation
from vardag.demo import scale

HOST = "127.0.0.1"
FLOOR = "floor page (signed in)"


@dataclass
class PageResult:
    name: str
    path: str
    status: int = 0
    queries: int | None = None
    p50_1: float = 0.0
    p95_1: float = 0.0
    p50_16: float | None = None
    p95_16: float | None = None
    bytes: int = 0
    ratio: float | None = None


@dataclass
class Report:
    database: str
    scale: str
    seeded_in_s: float | None
    pages: list[PageResult] = field(default_factory=list)
    search: dict[str, Any] = field(default_factory=dict)
    imports: dict[str, Any] = field(default_factory=dict)
    analysis: list[dict[str, Any]] = field(default_factory=list)
    memory: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


# (name, persona, path template, measure at 16 clients)
PAGES: list[tuple[str, str, str, bool]] = [
    (FLOOR, "employee", "/tillganglighet/", True),
    ("start page", "employee", "/", True),
    ("idea list", "employee", "/ideer/", True),
    ("idea list, filtered by state", "employee", "/ideer/?state=exploring", True),
    ("idea board", "employee", "/ideer/tavla/", True),
    ("idea page", "employee", "/ideer/{idea}/", True),
    ("forums", "employee", "/forum/", True),
    ("meetings", "manager", "/moten/", True),
    ("meeting page", "manager", "/moten/{meeting}/", True),
    ("audit log", "admin", "/handelselogg/", True),
    ("notifications", "employee", "/aviseringar/", True),
    ("research study", "researcher", "/forskning/{study}/", True),
    ("research analysis", "researcher", "/forskning/{study}/analys/", True),
    ("questionnaire results", "innovation_lead", "/enkater/omgang/{round}/resultat/", False),
    ("overview, administration", "head_social", "/oversikt/", False),
    ("overview, whole organisation", "innovation_lead", "/oversikt/", False),
    ("API: ideas (25)", "employee", "/api/v1/ideas/ideas?limit=25", True),
    ("API: forums", "employee", "/api/v1/forums/forums?limit=25", True),
    ("API: units (100)", "employee", "/api/v1/units?limit=100", True),
]
SEARCH_WORDS = ["skolan", "skolor", "föräldrarna", "förälder", "barnens", "familjehem", "elev"]


# ---- helpers --------------------------------------------------------------------------------


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def child_env() -> dict[str, str]:
    """The web and worker processes: same database, DEBUG off, a throw-away secret."""
    env = dict(os.environ)
    env["VARDAG_DEBUG"] = "0"
    env["VARDAG_SECRET_KEY"] = env.get("VARDAG_BENCH_SECRET_KEY", "bench-" + "x" * 40)
    env["VARDAG_ALLOWED_HOSTS"] = f"{HOST},localhost"
    env["VARDAG_DATA_DIR"] = str(settings.DATA_DIR)
    env["DATABASE_URL"] = os.environ.get("DATABASE_URL", "") or _sqlite_url()
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env.pop("PYTEST_VERSION", None)
    return env


def _sqlite_url() -> str:
    return f"sqlite:///{settings.DATABASES['default']['NAME']}"


def vm_hwm_mib(pid: int) -> float | None:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"VmHWM:\s+(\d+) kB", text)
    return int(match.group(1)) / 1024 if match else None


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


class Http:
    """A signed-in client over one keep-alive connection."""

    def __init__(self, port: int, cookie: str = "") -> None:
        self.port = port
        self.cookie = cookie
        self.conn = http.client.HTTPConnection(HOST, port, timeout=300)

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        all_headers = {"Host": HOST, **(headers or {})}
        if self.cookie:
            all_headers["Cookie"] = self.cookie
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=all_headers)
                response = self.conn.getresponse()
                data = response.read()
                return response.status, {k.lower(): v for k, v in response.getheaders()}, data
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=300)
                if attempt:
                    raise
        raise RuntimeError("unreachable")

    def get(self, path: str) -> tuple[int, bytes]:
        status, _h, data = self.request("GET", path)
        return status, data


def login(port: int, username: str, password: str) -> str:
    """Sign in through the login form; the session cookie."""
    client = Http(port)
    status, headers, body = client.request("GET", "/konto/logga-in/")
    csrf_cookie = re.search(r"csrftoken=([^;]+)", headers.get("set-cookie", ""))
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if not (csrf_cookie and token):
        raise RuntimeError(f"login page without CSRF token (status {status})")
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1).decode(), "username": username, "password": password}
    ).encode()
    status, headers, _body = client.request(
        "POST",
        "/konto/logga-in/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie.group(1)}",
            "Referer": f"http://{HOST}:{port}/konto/logga-in/",
        },
    )
    session = re.search(r"sessionid=([^;]+)", headers.get("set-cookie", ""))
    if status != 302 or not session:
        raise RuntimeError(f"could not sign in {username} (status {status})")
    return f"sessionid={session.group(1)}"


# ---- the server ---------------------------------------------------------------------------


@contextmanager
def gunicorn(workers: int, threads: int) -> Iterator[tuple[int, subprocess.Popen]]:
    env = child_env()
    subprocess.run(  # noqa: S603  # nosec B603
        [sys.executable, "-m", "vardag.cli", "collectstatic", "--noinput", "-v0"],
        env=env,
        check=True,
    )
    port = free_port()
    process = subprocess.Popen(  # noqa: S603  # nosec B603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            "gthread",
            "--timeout",
            "300",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection((HOST, port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.3)
        yield port, process
    finally:
        process.terminate()
        process.wait(timeout=30)


# ---- measuring ------------------------------------------------------------------------------


def timed_get(client: Http, path: str) -> tuple[float, int, int]:
    start = time.perf_counter()
    status, body = client.get(path)
    return (time.perf_counter() - start) * 1000, status, len(body)


def one_client(port: int, cookie: str, path: str, repeats: int) -> tuple[list[float], int, int]:
    client = Http(port, cookie)
    _ms, status, size = timed_get(client, path)  # warm-up (and the status)
    timed_get(client, path)
    samples = [timed_get(client, path)[0] for _ in range(repeats)]
    return samples, status, size


def many_clients(port: int, cookies: list[str], path: str, per_client: int) -> list[float]:
    samples: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(cookies))

    def run(cookie: str) -> None:
        client = Http(port, cookie)
        client.get("/healthz")
        barrier.wait()
        mine = [timed_get(client, path)[0] for _ in range(per_client)]
        with lock:
            samples.extend(mine)

    threads = [threading.Thread(target=run, args=(c,)) for c in cookies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return samples


def query_count(user: Any, path: str) -> int | None:
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    return len(ctx.captured_queries) if response.status_code == 200 else None


# ---- the parts of the run --------------------------------------------------------------------


def targets() -> dict[str, Any]:
    from vardag.ideas.models import Idea, IdeaState
    from vardag.meetings.models import Meeting
    from vardag.research.models import Study
    from vardag.surveys.models import Round

    org = Organisation.objects.get(slug="ekbacka")
    idea = (
        Idea.objects.filter(organisation=org)
        .exclude(state=IdeaState.DRAFT)
        .annotate(n=Count("events"))
        .order_by("-n", "pk")
        .first()
    )
    meeting = (
        Meeting.objects.filter(organisation=org)
        .annotate(n=Count("items"))
        .order_by("-n", "pk")
        .first()
    )
    study = (
        Study.objects.filter(organisation=org)
        .annotate(n=Count("sources"))
        .order_by("-n", "pk")
        .first()
    )
    round_ = Round.objects.filter(organisation=org).order_by("-pk").first()
    return {
        "idea": idea.pk if idea else 0,
        "meeting": meeting.pk if meeting else 0,
        "study": study.pk if study else 0,
        "round": round_.pk if round_ else 0,
    }


def personas() -> dict[str, Any]:
    from vardag.accounts.models import User
    from vardag.demo.loader import DEMO_LOGINS

    usernames = {key: username for key, username, *_rest in DEMO_LOGINS}
    users = {u.username: u for u in User.objects.filter(username__in=usernames.values())}
    return {key: users[name] for key, name in usernames.items()}


def measure_pages(
    report: Report, port: int, repeats: int, per_client: int, clients: int, say: Callable
) -> None:
    from vardag.demo.loader import DEMO_PASSWORD

    people = personas()
    ids = targets()
    cookies: dict[str, list[str]] = {}
    for key in {p for _n, p, _u, _c in PAGES}:
        # Several sessions per persona: 16 clients are 16 signed-in browsers.
        first = login(port, people[key].username, DEMO_PASSWORD)
        cookies[key] = [first] + [
            login(port, people[key].username, DEMO_PASSWORD) for _ in range(min(clients, 4) - 1)
        ]
    for name, persona, template, concurrent in PAGES:
        path = template.format(**ids)
        result = PageResult(name=name, path=path)
        samples, result.status, result.bytes = one_client(port, cookies[persona][0], path, repeats)
        result.p50_1, result.p95_1 = statistics.median(samples), percentile(samples, 0.95)
        if concurrent and result.status == 200:
            pool = [cookies[persona][i % len(cookies[persona])] for i in range(clients)]
            many = many_clients(port, pool, path, per_client)
            result.p50_16, result.p95_16 = statistics.median(many), percentile(many, 0.95)
        result.queries = query_count(people[persona], path)
        report.pages.append(result)
        say(
            f"  {name:<32} {result.status} p50 {result.p50_1:7.1f} ms"
            + (f", 16 clients p50 {result.p50_16:7.1f} ms" if result.p50_16 else "")
            + f", {result.queries} queries"
        )
    floor = next(p for p in report.pages if p.name == FLOOR).p50_1
    for page in report.pages:
        page.ratio = page.p50_1 / floor if floor else None


def measure_search(report: Report, port: int, repeats: int) -> None:
    from vardag.demo.loader import DEMO_PASSWORD

    cookie = login(port, personas()["employee"].username, DEMO_PASSWORD)
    client = Http(port, cookie)
    samples, hits = [], {}
    for word in SEARCH_WORDS:
        path = "/ideer/?" + urllib.parse.urlencode({"q": word})
        client.get(path)
        for _ in range(repeats):
            ms, status, _size = timed_get(client, path)
            samples.append(ms)
        hits[word] = status
    report.search = {
        "words": SEARCH_WORDS,
        "p50_ms": statistics.median(samples),
        "p95_ms": percentile(samples, 0.95),
        "statuses": hits,
    }


class _Rollback(Exception):
    pass


def measure_imports(report: Report, rows: int, sources: int) -> None:
    """Answer and transcript imports, into empty targets and into the seeded (grown) ones."""
    from vardag.demo.loader import DEMO_LOGINS
    from vardag.research.models import Study

    people = personas()
    del DEMO_LOGINS
    out: dict[str, Any] = {}
    gen = scale.Generator(scale.SCALES["liten"], seed=99)
    try:
        with transaction.atomic():
            world = _world(people)
            gen.unit_ids = []  # answers use the organisation's seeded units
            gen.org_units = _org_units(world)
            gen.scale = scale.Scale("bench", 0, 0, 0, 0, 0, 0, rows, sources, 0, 0)
            start = time.perf_counter()
            imported = gen.answers(world)
            first = time.perf_counter() - start
            from vardag.surveys.models import Round

            round_ = Round.objects.filter(organisation=world.ekbacka).order_by("-pk").first()
            grown = _answers_into(gen, world, round_, rows)
            items = imported and _answers_per_row(round_)
            out["answers"] = {
                "rows": rows,
                "answers_per_row": items,
                "empty_round_answers_per_s": rows * items / first,
                "grown_round_answers_per_s": rows * items / grown,
            }
            study = Study.objects.filter(organisation=world.ekbacka).order_by("-pk").first()
            seeded = study.sources.count() if study else 0
            start = time.perf_counter()
            gen.transcripts(world)
            grown_s = time.perf_counter() - start
            empty_s = _transcripts_into_new_study(gen, world)
            out["transcripts"] = {
                "sources": sources,
                "empty_study_sources_per_s": sources / empty_s,
                "grown_study_sources_per_s": sources / grown_s,
                "grown_study_sources": seeded,
            }
            raise _Rollback
    except _Rollback:
        pass
    report.imports = out


def _world(people: dict[str, Any]) -> Any:
    from vardag.core.models import Organisation
    from vardag.demo.loader import DemoWorld

    world = DemoWorld(
        ekbacka=Organisation.objects.get(slug="ekbacka"),
        norrvik=Organisation.objects.get(slug="norrvik"),
    )
    world.users = people
    from vardag.core.models import Unit

    world.units = {
        u.code.lower(): u for u in Unit.objects.exclude(code="").exclude(code__startswith="SEED-")
    }
    return world


def _org_units(world: Any) -> dict[int, list[int]]:
    from vardag.core.models import Unit

    units = list(
        Unit.objects.filter(organisation=world.ekbacka, code__startswith=scale.SEED_CODE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not units:
        units = list(
            Unit.objects.filter(organisation=world.ekbacka)
            .exclude(code="")
            .values_list("pk", flat=True)
        )
    return {world.ekbacka.pk: units}


def _answers_per_row(round_: Any) -> int:
    from vardag.surveys.models import Answer, Response

    responses = Response.objects.filter(round=round_).count()
    return round(Answer.objects.filter(response__round=round_).count() / max(responses, 1))


def _answers_into(gen: Any, world: Any, round_: Any, rows: int) -> float:
    """A second file into the same round (now holding the first): does the rate hold?"""
    from vardag.surveys import importers

    data = _answer_file(gen, round_, rows, prefix="B")
    start = time.perf_counter()
    report = importers.import_answers(
        actor=world.users["innovation_lead"], round_=round_, data=data, filename="svar2.csv"
    )
    if not report.is_ok:
        raise RuntimeError(report.as_json())
    return time.perf_counter() - start


def _answer_file(gen: Any, round_: Any, rows: int, prefix: str) -> bytes:
    import csv
    import io

    from vardag.core.models import Unit
    from vardag.surveys import importers
    from vardag.surveys.models import Item

    items = importers.importable_items(round_)
    codes = list(
        Unit.objects.filter(pk__in=next(iter(gen.org_units.values()))).values_list(
            "code", flat=True
        )
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["respondent", "enhet", "roll", *[i.code for i in items]])
    for n in range(rows):
        row = [f"{prefix}{n:06d}", codes[n % len(codes)], "medarbetare"]
        row += [
            "" if i.kind == Item.Kind.OPEN else str(1 + (n + k) % 5) for k, i in enumerate(items)
        ]
        writer.writerow(row)
    return buffer.getvalue().encode()


def _transcripts_into_new_study(gen: Any, world: Any) -> float:
    from vardag.research import selectors as research_selectors
    from vardag.research import services as research

    owner = world.users["researcher"]
    created = research.study_create(actor=owner, title="Mätstudie", questions="", approach="")
    study = research_selectors.access_study(owner, created.pk)
    research.member_set(actor=owner, study=study, user=world.users["designer"], role="coder")
    research.codebook_add_starter(actor=owner, study=study, starter="conditions")
    start = time.perf_counter()
    gen.transcripts(world, study=study)
    return time.perf_counter() - start


def measure_analysis(report: Report, sizes: list[int], repeats: int) -> None:
    import numpy as np
    import pingouin as pg

    from vardag import psychometrics as pm

    for n in sizes:
        frame = _likert(n)
        dims = [[c for c in frame.columns if c.startswith(f"q{d}_")] for d in range(1, 9)]

        def vardag_alpha(frame: Any = frame, dims: list = dims) -> list[float]:
            return [float(pm.cronbach_alpha(frame[c]).alpha) for c in dims]

        def pingouin_alpha(frame: Any = frame, dims: list = dims) -> list[float]:
            return [float(pg.cronbach_alpha(frame[c].dropna())[0]) for c in dims]

        def vardag_items(frame: Any = frame, dims: list = dims) -> None:
            for c in dims:
                pm.cronbach_alpha(frame[c])
                pm.item_statistics(frame[c])

        def pingouin_items(frame: Any = frame, dims: list = dims) -> None:
            for c in dims:
                items = frame[c].dropna()
                pg.cronbach_alpha(items)
                for column in c:
                    rest = items.drop(columns=column)
                    pg.cronbach_alpha(rest)
                    np.corrcoef(items[column], rest.sum(axis=1))

        same = np.allclose(vardag_alpha(), pingouin_alpha(), atol=1e-6)
        for what, mine, theirs in (
            ("alpha, 8 scales of 5 items", vardag_alpha, pingouin_alpha),
            ("alpha + alpha-if-deleted + item-rest r", vardag_items, pingouin_items),
        ):
            row = {"respondents": n, "what": what, "same_alpha": bool(same)}
            for label, run in (("vardag", mine), ("pingouin", theirs)):
                times = []
                for _ in range(repeats):
                    start = time.perf_counter()
                    run()
                    times.append(time.perf_counter() - start)
                tracemalloc.start()
                run()
                _cur, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                row[f"{label}_s"] = statistics.median(times)
                row[f"{label}_peak_mib"] = peak / 2**20
            report.analysis.append(row)


def _likert(n: int) -> Any:
    """n complete respondents × 40 items (8 scales × 5), Likert 1–5; fixed seed."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(20260301)
    columns = {}
    for d in range(1, 9):
        factor = rng.normal(size=n)
        for i in range(1, 6):
            loading = 0.5 + 0.08 * i
            latent = loading * factor + np.sqrt(1 - loading**2) * rng.normal(size=n)
            columns[f"q{d}_{i}"] = np.clip(np.round(3 + 1.2 * latent), 1, 5)
    return pd.DataFrame(columns)


def measure_worker(report: Report, tasks: int) -> None:
    """A task worker runs `tasks` digests; its peak memory, and that each ran once."""
    from django_tasks_db.models import DBTaskResult

    from vardag.notifications.tasks import send_digest

    people = list(personas().values())
    # The seeded data leaves thousands of e-mail tasks queued (invitations, notifications): the
    # measured tasks go first, else the worker spends the run on that backlog.
    report.memory["worker_backlog"] = DBTaskResult.objects.filter(status="READY").count()
    first = send_digest.using(priority=100)
    results = [first.enqueue(people[i % len(people)].pk) for i in range(tasks)]
    ids = [r.id for r in results]
    worker = subprocess.Popen(  # noqa: S603  # nosec B603
        [sys.executable, "-m", "vardag.cli", "worker", "--no-startup-delay", "--interval", "0.2"],
        env=child_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            done = DBTaskResult.objects.filter(id__in=ids, status__in=["SUCCESSFUL", "FAILED"])
            if done.count() == len(ids):
                break
            time.sleep(0.5)
        report.memory["worker_peak_mib"] = vm_hwm_mib(worker.pid)
        report.memory["worker_tasks_done"] = DBTaskResult.objects.filter(
            id__in=ids, status="SUCCESSFUL"
        ).count()
    finally:
        worker.terminate()
        worker.wait(timeout=30)


# ---- the whole run -------------------------------------------------------------------------


def run(
    *,
    scale_name: str,
    seed: int,
    quick: bool,
    out: Path | None,
    say: Callable[[str], None],
    skip: set[str],
) -> Report:
    seeded_in = None
    if not scale.is_seeded():
        say(f"Seeding '{scale_name}' …")
        started = time.perf_counter()
        scale.seed(scale_name, seed=seed, log=say)
        seeded_in = time.perf_counter() - started
    else:
        say("Reusing the seeded database.")
    report = Report(database=connection.vendor, scale=scale_name, seeded_in_s=seeded_in)
    repeats, per_client, clients = (6, 2, 16) if quick else (15, 4, 16)
    if "pages" not in skip or "search" not in skip:
        with gunicorn(workers=2, threads=4) as (port, process):
            if "pages" not in skip:
                say("Pages (1 and 16 clients):")
                measure_pages(report, port, repeats, per_client, clients, say)
            if "search" not in skip:
                measure_search(report, port, 3 if quick else 6)
            workers = children(process.pid)
            report.memory["web_workers_peak_mib"] = [vm_hwm_mib(pid) for pid in workers]
            report.memory["web_master_peak_mib"] = vm_hwm_mib(process.pid)
    if "imports" not in skip:
        say("Imports …")
        measure_imports(report, rows=1_000 if quick else 4_000, sources=10 if quick else 40)
    if "analysis" not in skip:
        say("Analysis …")
        measure_analysis(report, [1_000, 10_000, 100_000], 2 if quick else 5)
    if "worker" not in skip:
        measure_worker(report, 10)
    if out is None:
        out = Path("bench/results") / f"{connection.vendor}-{scale_name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(asdict(report), indent=2, ensure_ascii=False) + "\n")
    say(table(report))
    say(f"JSON: {out}")
    return report


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}".replace(",", " ")


def table(report: Report) -> str:
    lines = [
        f"### Vardag on {report.database}, scale '{report.scale}'",
        "",
        "| page | status | queries | 1 client p50 ms | p95 ms | × floor | 16 clients p50 ms "
        "| p95 ms | KiB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for p in report.pages:
        ratio = "–" if p.ratio is None else f"{p.ratio:.1f}"
        lines.append(
            f"| {p.name} | {p.status} | {p.queries if p.queries is not None else '–'} "
            f"| {_ms(p.p50_1)} | {_ms(p.p95_1)} | {ratio} | {_ms(p.p50_16)} | {_ms(p.p95_16)} "
            f"| {p.bytes // 1024} |"
        )
    if report.search:
        lines.append(
            f"| search ({len(report.search['words'])} word forms) | | | "
            f"{_ms(report.search['p50_ms'])} | {_ms(report.search['p95_ms'])} | | | | |"
        )
    if report.imports:
        a, t = report.imports.get("answers"), report.imports.get("transcripts")
        lines += [
            "",
            "| import | into an empty target | into the seeded (grown) target |",
            "|---|---|---|",
        ]
        if a:
            lines.append(
                f"| answers/s ({a['rows']} rows × {a['answers_per_row']}) "
                f"| {_ms(a['empty_round_answers_per_s'])} | {_ms(a['grown_round_answers_per_s'])} |"
            )
        if t:
            lines.append(
                f"| transcripts/s ({t['sources']} sources; study of {t['grown_study_sources']}) "
                f"| {t['empty_study_sources_per_s']:.1f} | {t['grown_study_sources_per_s']:.1f} |"
            )
    if report.analysis:
        lines += [
            "",
            "| analysis | respondents | Vardag s | peak MiB | pingouin s | peak MiB | same α |",
            "|---|---|---|---|---|---|---|",
        ]
        for row in report.analysis:
            lines.append(
                f"| {row['what']} | {_ms(row['respondents'])} | {row['vardag_s']:.3f} "
                f"| {row['vardag_peak_mib']:.1f} | {row['pingouin_s']:.3f} "
                f"| {row['pingouin_peak_mib']:.1f} | {'yes' if row['same_alpha'] else 'NO'} |"
            )
    if report.memory:
        web = [m for m in report.memory.get("web_workers_peak_mib", []) if m]
        lines += [
            "",
            f"Peak memory (VmHWM): web workers {', '.join(f'{m:.0f}' for m in web)} MiB; "
            f"task worker {report.memory.get('worker_peak_mib') or 0:.0f} MiB "
            f"({report.memory.get('worker_tasks_done', 0)} tasks ran).",
        ]
    return "\n".join(lines)
