"""The `vardag` command on a fresh machine and in production (issue 12, item 2).

Outside production every command runs in development mode as `vardag serve` does; in
production a missing setting is one plain line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from vardag.cli import is_development

ROOT = Path(__file__).resolve().parent.parent
CLEARED = ("VARDAG_SECRET_KEY", "VARDAG_DEBUG", "DATABASE_URL", "VARDAG_ALLOWED_HOSTS")


def _run(
    *args: str, tmp_path: Path, stdin: int | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environ.pop("PYTEST_VERSION", None)  # the settings treat a test run as neither
    environ.pop("DJANGO_SETTINGS_MODULE", None)
    environ.update(VARDAG_DATA_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-m", "vardag.cli", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=stdin,
        umask=0o022,  # a usual shell's
    )


def test_help_without_a_secret_lists_vardags_commands_first(tmp_path):
    result = _run("--help", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    out = result.stdout
    names = ["serve", "demo", "worker", "token", "seed", "bench", "register"]
    positions = [out.index(f"\n  {name} ") for name in names]
    assert positions == sorted(positions)
    django = out.index("Django's commands:")
    assert out.index("\n  register ") < django < out.index(" migrate,", django)


def test_token_create_works_where_serve_does(tmp_path, migrated_sqlite):
    migrated_sqlite(tmp_path / "vardag.sqlite3")  # what `vardag migrate` leaves (conftest.py)
    assert _run("migrate", "-v0", tmp_path=tmp_path).returncode == 0  # and nothing left to do
    result = _run("token", "create", "nobody", tmp_path=tmp_path)
    # The command ran against the database (development mode), and said what was wrong.
    assert "Traceback" not in result.stderr
    assert result.returncode == 1 and "No active user named 'nobody'" in result.stderr


@pytest.mark.parametrize(
    "env",
    [{"DATABASE_URL": "postgres://vardag@db/vardag"}, {"VARDAG_DEBUG": "0"}],
    ids=["database-url", "debug-off"],
)
def test_production_without_a_secret_says_so_in_one_line(tmp_path, env):
    result = _run("token", "create", "nobody", tmp_path=tmp_path, **env)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith("vardag: VARDAG_SECRET_KEY must be set")
    assert "Traceback" not in result.stderr


def test_what_counts_as_production():
    assert is_development({})
    assert is_development({"VARDAG_DEBUG": "1", "VARDAG_SECRET_KEY": "x"})
    assert not is_development({"VARDAG_SECRET_KEY": "x"})
    assert not is_development({"DATABASE_URL": "postgres://db/v"})
    assert not is_development({"VARDAG_DEBUG": "0"})


def test_serve_makes_e_mailed_links_follow_its_port():
    from vardag.cli import site_url_default

    environ: dict[str, str] = {}
    site_url_default(environ, "127.0.0.1", "8765")
    assert environ["VARDAG_SITE_URL"] == "http://127.0.0.1:8765"
    chosen = {"VARDAG_BASE_URL": "https://vardag.ekbacka.se"}
    site_url_default(chosen, "0.0.0.0", "8000")  # noqa: S104
    assert "VARDAG_SITE_URL" not in chosen


def test_e_mails_use_the_site_address_the_settings_read(tmp_path):
    """The settings read VARDAG_BASE_URL (or VARDAG_SITE_URL); e-mails use them via one helper."""
    code = (
        "import django; django.setup(); "
        "from vardag.core.links import absolute_url; "
        "from vardag.notifications.services import preferences_link; "
        "print(absolute_url('/ideer/1/')); print(preferences_link())"
    )
    environ = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environ.pop("PYTEST_VERSION", None)
    environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        VARDAG_DEBUG="1",
        VARDAG_DATA_DIR=str(tmp_path),
        VARDAG_BASE_URL="http://127.0.0.1:8765/",
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.split()
    assert first == "http://127.0.0.1:8765/ideer/1/"
    assert second.startswith("http://127.0.0.1:8765/")


def test_the_repository_carries_the_licence_it_declares():
    import tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]
    assert declared == "EUPL-1.2"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("European Union Public Licence v. 1.2")
    for heading in ("1. Definitions", "15. Applicable Law", "Appendix", "'Compatible Licences'"):
        assert heading in text


def test_restore_without_yes_and_without_a_terminal_says_so_in_one_line(tmp_path):
    archive = tmp_path / "vardag-backup.tar.gz"
    archive.write_bytes(b"not looked at before the question")
    result = _run("restore", str(archive), tmp_path=tmp_path, stdin=subprocess.DEVNULL)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "EOFError" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--yes" in lines[0] and "no terminal" in lines[0]
    assert result.stdout == ""


def test_restore_with_stdin_closed_says_so_in_one_line(tmp_path):
    archive = tmp_path / "vardag-backup.tar.gz"
    archive.write_bytes(b"x")
    environ = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environ.pop("PYTEST_VERSION", None)
    environ.pop("DJANGO_SETTINGS_MODULE", None)
    environ["VARDAG_DATA_DIR"] = str(tmp_path)
    result = subprocess.run(  # noqa: S603 - the interpreter running the tests
        ["/bin/sh", "-c", 'exec "$0" -m vardag.cli restore "$1" <&-', sys.executable, archive],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "--yes" in result.stderr


def test_the_database_vardag_creates_is_the_owners_only(tmp_path):
    """`vardag migrate` creates the SQLite database (README step 3): with a usual umask (022) it
    and the data folder are still readable by their owner only."""
    data = tmp_path / "var"
    _run("migrate", "--check", tmp_path=data)  # opens (creates) the database, migrates nothing
    database = data / "vardag.sqlite3"
    assert database.is_file()
    assert oct(database.stat().st_mode & 0o777) == oct(0o600)
    assert oct(data.stat().st_mode & 0o777) == oct(0o700)
