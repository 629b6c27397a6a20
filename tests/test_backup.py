"""`vardag backup` and `vardag restore`: a round trip restores every table and every uploaded file
exactly, and a broken or mismatched archive is refused before anything changes.

Runs on the configured database: SQLite by default, PostgreSQL when DATABASE_URL names one (CI
runs both). The table digests are computed here with plain SQL, independently of the backup code.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from vardag.accounts.models import User
from vardag.accounts.testing import make_world
from vardag.core import audit
from vardag.core.models import AuditEvent, Organisation

pytestmark = pytest.mark.django_db(transaction=True)


def _plain(row) -> str:
    """A row as text, times in UTC whatever the connection's time zone."""
    return repr(tuple(v.astimezone(UTC).isoformat() if isinstance(v, datetime) else v for v in row))


def _rows_here(table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return sorted(_plain(row) for row in cursor.fetchall())[:2]


def table_digests() -> dict[str, tuple[int, str]]:
    """Every table: (row count, SHA-256 of its rows in a fixed order)."""
    result = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = sorted(_plain(row) for row in cursor.fetchall())
            result[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return result


def media_digest(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def media(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    (root / "ideas" / "2026").mkdir(parents=True)
    (root / "ideas" / "2026" / "åtgärdsplan.pdf").write_bytes(b"%PDF-1.4 plan\n" * 500)
    (root / "research").mkdir()
    (root / "research" / "intervju.txt").write_text("Transkription\n", encoding="utf-8")
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def filled(media) -> None:
    world = make_world()
    with transaction.atomic():
        audit.record(world.admin, "backup.test", target=world.units["unit"], data={"å": 1})


def _backup(tmp_path: Path) -> Path:
    tmp_path.mkdir(exist_ok=True)
    out = io.StringIO()
    call_command("backup", str(tmp_path), stdout=out)
    archives = list(tmp_path.glob("vardag-backup-*.tar.gz"))
    assert len(archives) == 1, out.getvalue()
    return archives[0]


def _change_everything(media: Path) -> None:
    AuditEvent.objects.all().delete()
    Organisation.objects.create(name="Efter backupen", slug="efter", kind="municipality")
    User.objects.filter(username__isnull=False).update(first_name="Ändrad")
    (media / "ideas" / "2026" / "åtgärdsplan.pdf").write_bytes(b"changed")
    (media / "research" / "intervju.txt").unlink()
    (media / "ny.txt").write_text("new")


def test_round_trip_restores_every_table_and_file(filled, media, tmp_path):
    before_tables = table_digests()
    before_files = media_digest(media)
    assert sum(count for count, _ in before_tables.values()) > 50
    assert before_tables["core_auditevent"][0] > 0
    archive = _backup(tmp_path / "out")

    _change_everything(media)
    assert table_digests() != before_tables
    assert media_digest(media) != before_files

    out = io.StringIO()
    call_command("restore", str(archive), "--yes", stdout=out)
    assert "Restored" in out.getvalue()
    assert table_digests() == before_tables
    assert media_digest(media) == before_files


def test_manifest_lists_checksums_and_counts(filled, media, tmp_path):
    archive = _backup(tmp_path / "out")
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = {m.name for m in tar.getmembers()}
        pdf = tar.extractfile("media/ideas/2026/åtgärdsplan.pdf").read()
    assert manifest["engine"] == connection.vendor
    assert manifest["files"]["media/ideas/2026/åtgärdsplan.pdf"]["sha256"] == (
        hashlib.sha256(pdf).hexdigest()
    )
    assert names == {"manifest.json", *manifest["files"]}
    counts = {table: count for table, (count, _) in table_digests().items()}
    assert manifest["tables"] == {t: counts[t] for t in manifest["tables"]}
    assert set(counts) <= set(manifest["tables"])
    assert "accounts.0001_initial" in manifest["migrations"]
    assert archive.stat().st_mode & 0o777 == 0o600  # it holds every person's data


def _rewrite(archive: Path, target: Path, *, manifest=None, members=None, drop=()) -> Path:
    """A copy of the archive with its manifest or members changed."""
    with tarfile.open(archive) as tar:
        content = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    data = json.loads(content["manifest.json"])
    if manifest:
        manifest(data)
    content["manifest.json"] = json.dumps(data).encode()
    content.update(members or {})
    with tarfile.open(target, "w:gz") as tar:
        for name, body in content.items():
            if name in drop:
                continue
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    return target


def _other_engine(data):
    data["engine"] = "postgresql" if connection.vendor == "sqlite" else "sqlite"


def _unknown_migration(data):
    data["migrations"].append("ideas.9999_from_the_future")


BROKEN = {
    "changed file": (
        {"members": {"media/research/intervju.txt": b"Someone changed this\n"}},
        "does not match its checksum",
    ),
    "missing file": (
        {"drop": ("media/research/intervju.txt",)},
        "lacks media/research/intervju.txt",
    ),
    "unlisted file": ({"members": {"media/extra.txt": b"x"}}, "does not list"),
    "path outside": ({"members": {"../../etc/cron.d/x": b"x"}}, "never holds"),
    "other engine": ({"manifest": _other_engine}, "configured"),
    "newer version": ({"manifest": _unknown_migration}, "ideas.9999_from_the_future"),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_restore_refuses_a_broken_or_mismatched_archive(filled, media, tmp_path, kind):
    archive = _backup(tmp_path / "out")
    changes, message = BROKEN[kind]
    broken = _rewrite(archive, tmp_path / "broken.tar.gz", **changes)
    Organisation.objects.create(name="Efter backupen", slug="efter", kind="municipality")
    before_tables, before_files = table_digests(), media_digest(media)

    with pytest.raises(CommandError, match="Restore refused") as refused:
        call_command("restore", str(broken), "--yes", stdout=io.StringIO())
    assert message in str(refused.value)
    assert "Nothing was changed" in str(refused.value)
    assert table_digests() == before_tables
    assert media_digest(media) == before_files


def test_restore_refuses_what_is_not_an_archive(filled, media, tmp_path):
    archive = _backup(tmp_path / "out")
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    noise = tmp_path / "noise.tar.gz"
    noise.write_bytes(b"not an archive at all" * 10)
    plain = tmp_path / "plain.tar.gz"
    with tarfile.open(plain, "w:gz") as tar:
        info = tarfile.TarInfo("readme.txt")
        tar.addfile(info, io.BytesIO(b""))
    before = table_digests()
    for path, message in (
        (truncated, "damaged"),
        (noise, "cannot be read"),
        (plain, "no manifest.json"),
    ):
        with pytest.raises(CommandError, match=message):
            call_command("restore", str(path), "--yes", stdout=io.StringIO())
    assert table_digests() == before


def test_restored_files_are_the_owners_only_whatever_the_umask(filled, media, tmp_path):
    archive = _backup(tmp_path / "out")
    previous = os.umask(0o022)
    try:
        call_command("restore", str(archive), "--yes", stdout=io.StringIO())
    finally:
        os.umask(previous)
    assert oct(media.joinpath("ideas").stat().st_mode & 0o777) == oct(0o700)
    for path in media.rglob("*"):
        wanted = 0o700 if path.is_dir() else 0o600
        assert oct(path.stat().st_mode & 0o777) == oct(wanted), path


def test_check_only_changes_nothing(filled, media, tmp_path):
    archive = _backup(tmp_path / "out")
    Organisation.objects.create(name="Efter backupen", slug="efter", kind="municipality")
    before = table_digests()
    out = io.StringIO()
    call_command("restore", str(archive), "--check", stdout=out)
    assert "is a whole Vardag backup" in out.getvalue()
    assert table_digests() == before


# --- Another machine: `vardag backup` of a running SQLite Vardag, `vardag restore` elsewhere ---

ROOT = Path(__file__).resolve().parents[1]


def _vardag(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("VARDAG_", "PYTEST", "DJANGO_")) and k != "DATABASE_URL"
    }
    env.update(VARDAG_DEBUG="1", VARDAG_DATA_DIR=str(data_dir))
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "vardag.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        umask=0o022,  # a usual shell's: what `vardag` creates must still be the owner's only
    )


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def _file_digests(path: Path) -> dict[str, tuple[int, str]]:
    db = sqlite3.connect(path)
    try:
        names = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        result = {}
        for name in sorted(names):
            rows = sorted(repr(r) for r in db.execute(f'SELECT * FROM "{name}"'))  # noqa: S608
            result[name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
        return result
    finally:
        db.close()


def _insert_organisations(path: Path, stop: threading.Event, written: list[str]) -> None:
    db = sqlite3.connect(path, timeout=20, isolation_level=None)
    number = 0
    while not stop.is_set():
        number += 1
        slug = f"kommun-{number}"
        db.execute(
            "INSERT INTO core_organisation (name, slug, kind, org_number, default_language, "
            "feedback_deadline_days, suppression_threshold, created_at) "
            "VALUES (?, ?, 'municipality', '', 'sv', 14, 5, '2026-12-07 10:00:00')",
            (f"Kommun {number}", slug),
        )
        written.append(slug)
        time.sleep(0.005)
    db.close()


@pytest.mark.skipif(
    "DATABASE_URL" in os.environ, reason="runs SQLite in subprocesses; once per CI run is enough"
)
def test_backup_of_a_running_site_restores_on_another_machine(tmp_path, migrated_sqlite):
    source, target, out = tmp_path / "source", tmp_path / "target", tmp_path / "backups"
    out.mkdir()
    migrated_sqlite(source / "vardag.sqlite3")  # what `vardag migrate` leaves (conftest.py)
    (source / "media" / "ideas").mkdir(parents=True)
    (source / "media" / "ideas" / "bilaga.pdf").write_bytes(b"%PDF-1.4 bilaga\n" * 1000)
    database = source / "vardag.sqlite3"

    stop, written = threading.Event(), []
    writer = threading.Thread(target=_insert_organisations, args=(database, stop, written))
    writer.start()  # the site keeps writing while the backup is taken
    try:
        time.sleep(0.3)
        made = _vardag(source, "backup", str(out))
    finally:
        stop.set()
        writer.join()
    assert made.returncode == 0, made.stderr
    archive = next(out.glob("vardag-backup-*.tar.gz"))

    restored = _vardag(target, "restore", str(archive), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert "Restored the backup" in restored.stdout

    before, after = _file_digests(database), _file_digests(target / "vardag.sqlite3")
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert {t: count for t, (count, _) in after.items()} == manifest["tables"]
    changing = "core_organisation"
    assert {t: d for t, d in after.items() if t != changing} == {
        t: d for t, d in before.items() if t != changing
    }
    # What the backup caught of the concurrent writes is a consistent prefix of them.
    db = sqlite3.connect(target / "vardag.sqlite3")
    slugs = [r[0] for r in db.execute("SELECT slug FROM core_organisation ORDER BY id")]
    db.close()
    assert 0 < len(slugs) <= len(written) and slugs == written[: len(slugs)]
    assert media_digest(target / "media") == media_digest(source / "media")
    # The restored database and files hold everyone's data: the owner's only.
    assert _mode(target / "vardag.sqlite3") == 0o600
    assert _mode(target / "media" / "ideas") == 0o700
    assert _mode(target / "media" / "ideas" / "bilaga.pdf") == 0o600


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only (DATABASE_URL); CI runs it"
)
def test_postgres_backup_restores_into_another_database(filled, media, tmp_path):
    import psycopg
    from psycopg.types.string import TextLoader

    archive = _backup(tmp_path / "out")
    before_tables, before_files = table_digests(), media_digest(media)
    db = connection.settings_dict
    other = f"{db['NAME']}_elsewhere"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{other}"')
        cursor.execute(f'CREATE DATABASE "{other}"')
    url = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{other}"
    )
    try:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("VARDAG_", "PYTEST", "DJANGO_"))
        }
        env.update(VARDAG_DEBUG="1", VARDAG_DATA_DIR=str(tmp_path / "elsewhere"), DATABASE_URL=url)
        restored = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "vardag.cli", "restore", str(archive), "--yes"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert restored.returncode == 0, restored.stderr
        with psycopg.connect(url) as elsewhere:
            # JSON as text, as Django's connection reads it.
            elsewhere.adapters.register_loader("jsonb", TextLoader)
            cursor = elsewhere.cursor()
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "ORDER BY tablename"
            )
            after, shown = {}, {}
            for (table,) in cursor.fetchall():
                cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
                rows = sorted(_plain(row) for row in cursor.fetchall())
                after[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
                shown[table] = rows[:2]
        differing = sorted(t for t in before_tables if after.get(t) != before_tables[t])
        assert not differing, {t: (shown.get(t), _rows_here(t)) for t in differing}
        assert media_digest(tmp_path / "elsewhere" / "media") == before_files
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{other}" WITH (FORCE)')
