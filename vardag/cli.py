"""The `vardag` command: serve, demo, worker, token, and every Django management command."""

from __future__ import annotations

import argparse
import os
import re
import sys
from typing import Any

from vardag.core.supervise import Supervisor

# Any of these in the environment says "this is a real deployment" (README: Running in
# production). Without them, and without VARDAG_DEBUG, every command runs in development mode,
# as `vardag serve` always has, so `vardag token create` works in the shell where serve does.
PRODUCTION_MARKERS = ("VARDAG_SECRET_KEY", "DATABASE_URL", "VARDAG_ALLOWED_HOSTS")

# Vardag's own commands, listed first by `vardag --help` (the rest are Django's).
OWN_COMMANDS = [
    ("serve", "Run Vardag on one machine: migrate, load the demo once, start a worker, serve."),
    ("worker", "Run the background task worker (vardag_worker)."),
]


# Commands that create or replace the database and uploaded files, which hold everyone's data:
# what they create is for the owner only (files 0600, folders 0700). Others (collectstatic,
# makemigrations) keep the usual umask.
PRIVATE_DATA_COMMANDS = frozenset({"serve", "worker", "restore", "migrate", "demo", "seed"})
OWNER_ONLY_UMASK = 0o077


class SetupError(Exception):
    """A setting is missing or wrong: said in one line, without a traceback."""


def is_development(environ: dict[str, str] | os._Environ[str] | None = None) -> bool:
    environ = os.environ if environ is None else environ
    if "VARDAG_DEBUG" in environ:
        return environ["VARDAG_DEBUG"].strip().lower() in {"1", "true", "yes", "on"}
    return not any(environ.get(name) for name in PRODUCTION_MARKERS)


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if is_development():
        os.environ.setdefault("VARDAG_DEBUG", "1")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        raise SetupError(str(exc)) from None


FIRST = ["serve", "demo", "worker", "token", "seed", "bench", "register"]


def _short(text: str, width: int = 70) -> str:
    """A command's help in a few words: its first sentence, cut at a colon or comma if long."""
    line = re.split(r"\.\s+(?=[A-Z])", " ".join((text or "").split()))[0].rstrip(".")
    for mark in (": ", " (", ", "):
        if len(line) > width and mark in line:
            line = line.split(mark)[0]
    return line if len(line) <= width else line[: width - 1] + "…"


def help_text() -> str:
    """Vardag's commands first (with their one-line help), then Django's by name."""
    import textwrap

    from django.core.management import get_commands, load_command_class

    commands = get_commands()
    found = dict(OWN_COMMANDS)
    for name, app in sorted(commands.items()):
        if app.startswith("vardag.") and name != "vardag_worker":
            found[name] = _short(str(load_command_class(app, name).help))
    order = [n for n in FIRST if n in found] + [n for n in found if n not in FIRST]
    own = {name: found[name] for name in order}
    others = sorted(name for name, app in commands.items() if not app.startswith("vardag."))
    width = max(len(name) for name in own) + 2
    lines = ["Usage: vardag <command> [options]", "", "Vardag's commands:"]
    lines += [f"  {name:<{width}}{text}" for name, text in own.items()]
    lines += ["", "Django's commands:"]
    lines += textwrap.wrap(", ".join(others), width=76, initial_indent="  ", subsequent_indent="  ")
    lines += ["", "`vardag <command> --help` shows a command's options."]
    return "\n".join(lines)


def site_url_default(environ: Any, host: str, port: str) -> None:
    """Links in e-mails follow the address served, unless VARDAG_SITE_URL/BASE_URL say else.

    The worker started by serve inherits the environment, so its e-mails carry it too.
    """
    if environ.get("VARDAG_SITE_URL") or environ.get("VARDAG_BASE_URL"):
        return
    any_address = {"0.0.0.0", "::", ""}  # noqa: S104 - read, not bound: links name one host  # nosec B104
    shown = "127.0.0.1" if host in any_address else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    environ["VARDAG_SITE_URL"] = f"http://{shown}:{port}"


def serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="vardag serve", description="Run Vardag on one machine.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    parser.add_argument("--no-worker", action="store_true", help="Do not start a task worker.")
    args = parser.parse_args(argv)
    site_url_default(os.environ, args.host, args.port)
    _setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    from vardag.demo import loader

    if not loader.is_loaded():
        print("Loading demo data …", flush=True)
        loader.load()
    print(loader.logins_text(), flush=True)
    worker = None
    if not args.no_worker:
        # Supervised: a worker that dies (killed, out of memory) is started again.
        worker = Supervisor([sys.executable, "-m", "vardag.cli", "worker", "--no-startup-delay"])
        worker.start()
    print(f"\nVardag: http://{args.host}:{args.port}/  (Ctrl+C stops)\n", flush=True)
    try:
        call_command("runserver", f"{args.host}:{args.port}", use_reloader=False)
    except KeyboardInterrupt:
        pass
    finally:
        if worker is not None:
            worker.stop(timeout=10)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv else "help"
    if command in PRIVATE_DATA_COMMANDS:
        os.umask(OWNER_ONLY_UMASK)
    try:
        if command == "serve":
            return serve(argv[1:])
        _setup()
    except SetupError as exc:
        print(f"vardag: {exc}", file=sys.stderr)
        return 2
    if argv in ([], ["help"], ["--help"], ["-h"]):
        print(help_text())
        return 0
    from django.core.management import execute_from_command_line

    if command == "worker":
        argv = ["vardag_worker", *argv[1:]]
    execute_from_command_line(["vardag", *argv])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
