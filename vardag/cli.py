"""The `vardag` command: serve, demo, worker, token, and every Django management command."""

from __future__ import annotations

import argparse
import os
import sys

from vardag.core.supervise import Supervisor


def _setup(*, development: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if development and "VARDAG_SECRET_KEY" not in os.environ:
        # No secret configured: this is a developer's or evaluator's machine.
        os.environ.setdefault("VARDAG_DEBUG", "1")
    import django

    django.setup()


def serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="vardag serve", description="Run Vardag on one machine.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    parser.add_argument("--no-worker", action="store_true", help="Do not start a task worker.")
    args = parser.parse_args(argv)
    _setup(development=True)
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
    if command == "serve":
        return serve(argv[1:])
    from django.core.management import execute_from_command_line

    _setup(development=False)
    if command == "worker":
        argv = ["vardag_worker", *argv[1:]]
    execute_from_command_line(["vardag", *argv])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
