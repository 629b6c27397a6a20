"""Backup and restore of a whole Vardag: the database and the uploaded files in one archive.

An archive is a gzipped tar file with
- `manifest.json`: format, when, which database engine, the applied migrations, the number of
  rows in every table, and the SHA-256 and size of every other member;
- `database.sqlite3` (SQLite, copied with the online backup API, safe while Vardag runs) or
  `database.dump` (PostgreSQL, `pg_dump --format=custom`, a consistent snapshot while it runs);
- `media/...`: every file under MEDIA_ROOT.

`restore` checks the whole archive before it changes anything: every member named in the manifest
is there with its checksum and size, nothing else is, no name leaves the archive's folder, the
database engine is the one configured, and no migration in the backup is unknown to this version
of Vardag. Then it replaces the database and MEDIA_ROOT, and compares the row counts with the
manifest. The commands are `vardag backup` and `vardag restore` (README, "Running in production").
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

FORMAT = "vardag-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.dump"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the person running it."""


@dataclass(frozen=True)
class Restored:
    engine: str
    tables: int
    rows: int
    files: int
    created_at: str


def engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def table_row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - a table name from introspection, quoted  # nosec B608
            counts[table] = int(cursor.fetchone()[0])
    return counts


def applied_migrations() -> list[str]:
    with connection.cursor() as cursor:
        if "django_migrations" not in connection.introspection.table_names(cursor):
            return []
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def _media_files() -> Iterator[tuple[Path, str]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, MEDIA_PREFIX + path.relative_to(root).as_posix()


def _pg_settings() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - pg_dump/pg_restore with arguments from settings  # nosec B603
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} was not found: install the PostgreSQL client programs "
            "(the same major version as the server)."
        ) from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _sqlite_counts(path: Path) -> dict[str, int]:
    copy = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            t: int(copy.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0])  # noqa: S608 - names from sqlite_master  # nosec B608
            for t in sorted(tables)
        }
    finally:
        copy.close()


def _dump_database(kind: str, target: Path) -> dict[str, int]:
    """Write the database to `target`; return the row count of every table in what was written."""
    if kind == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)  # online: pages copied consistently
        finally:
            destination.close()
        return _sqlite_counts(target)
    args, env = _pg_settings()
    # Count in the same snapshot pg_dump reads, so the counts match the dump while Vardag runs.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = table_row_counts()
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                f"--snapshot={snapshot}",
                "--file",
                str(target),
                *args,
            ],
            env,
        )
    return counts


def create(output: Path) -> dict[str, Any]:
    """Write a backup archive to `output`; return its manifest."""
    kind = engine()
    member = SQLITE_MEMBER if kind == "sqlite" else POSTGRES_MEMBER
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vardag-backup-") as work:
        database = Path(work) / member
        counts = _dump_database(kind, database)
        files = {member: {"sha256": sha256_file(database), "size": database.stat().st_size}}
        media = list(_media_files())
        for path, name in media:
            files[name] = {"sha256": sha256_file(path), "size": path.stat().st_size}
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "engine": kind,
            "database": member,
            "migrations": applied_migrations(),
            "tables": counts,
            "files": files,
        }
        partial = output.with_name(output.name + ".part")
        # Only the owner may read the archive: it holds every person's data.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(datetime.now(UTC).timestamp())
            archive.addfile(info, _BytesReader(data))
            archive.add(database, arcname=member, recursive=False)
            for path, name in media:
                archive.add(path, arcname=name, recursive=False)
        partial.replace(output)  # never leave a half-written archive under the real name
    return manifest


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self._data = data
        self._offset = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size < 0 else self._offset + size
        chunk = self._data[self._offset : end]
        self._offset += len(chunk)
        return chunk


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == path.as_posix()


def _read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.getmember(MANIFEST)
    except KeyError:
        raise BackupError("This is not a Vardag backup: it has no manifest.json.") from None
    handle = archive.extractfile(member)
    if handle is None:
        raise BackupError("The archive's manifest.json is not a file.")
    try:
        manifest = json.loads(handle.read())
    except ValueError:
        raise BackupError("The archive's manifest.json is damaged (not JSON).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("This is not a Vardag backup: the manifest names another format.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"The backup has format version {manifest.get('format_version')}; "
            f"this Vardag reads version {FORMAT_VERSION}."
        )
    return manifest


def _check_compatible(manifest: dict[str, Any]) -> None:
    kind = engine()
    if manifest.get("engine") != kind:
        raise BackupError(
            f"The backup is of a {manifest.get('engine')} database, but this Vardag is configured "
            f"for {kind} (DATABASE_URL). Restore it where the same database engine is configured."
        )
    expected = SQLITE_MEMBER if kind == "sqlite" else POSTGRES_MEMBER
    if manifest.get("database") != expected:
        raise BackupError("The manifest names no database file for this engine.")
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = {f"{app}.{name}" for app, name in loader.disk_migrations}
    unknown = sorted(set(manifest.get("migrations", [])) - known)
    if unknown:
        shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
        raise BackupError(
            "The backup comes from a newer or different version of Vardag: these migrations "
            f"are unknown here: {shown}. Install that version first."
        )


def verify(path: Path, into: Path) -> dict[str, Any]:
    """Check the archive and extract it into `into`; raise BackupError on anything wrong."""
    try:
        archive = tarfile.open(path, "r:*")  # noqa: SIM115 - closed by the with below
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{path} cannot be read as a backup archive: {error}") from None
    with archive:
        try:
            manifest = _read_manifest(archive)
            _check_compatible(manifest)
            expected = manifest.get("files")
            if not isinstance(expected, dict) or manifest.get("database") not in expected:
                raise BackupError("The manifest lists no files.")
            seen: set[str] = set()
            for member in archive:
                name = member.name
                if name == MANIFEST:
                    continue
                if not _safe_name(name) or not member.isfile():
                    raise BackupError(f"The archive holds {name!r}, which a backup never holds.")
                if name not in expected:
                    raise BackupError(
                        f"The archive holds {name}, which its manifest does not list."
                    )
                target = into / name
                target.parent.mkdir(parents=True, exist_ok=True)
                handle = archive.extractfile(member)
                assert handle is not None  # a regular file, checked above
                digest = hashlib.sha256()
                with target.open("wb") as out:
                    while chunk := handle.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                wanted = expected[name]
                if digest.hexdigest() != wanted.get(
                    "sha256"
                ) or target.stat().st_size != wanted.get("size"):
                    raise BackupError(
                        f"{name} does not match its checksum in the manifest: "
                        "the archive is damaged or was changed."
                    )
                seen.add(name)
        except (OSError, tarfile.TarError, EOFError) as error:
            raise BackupError(f"The archive is damaged: {error}") from None
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"The archive lacks {', '.join(missing[:5])}, listed in its manifest.")
    return manifest


PRIVATE_FILE, PRIVATE_DIR = 0o600, 0o700  # restored data is everyone's: the owner's only


def _restore_sqlite(source: Path) -> None:
    connection.close()
    connection.ensure_connection()
    origin = sqlite3.connect(source)
    try:
        origin.backup(connection.connection)
    finally:
        origin.close()
    connection.close()
    name = str(connection.settings_dict["NAME"])
    if name and name != ":memory:" and not name.startswith("file:") and Path(name).is_file():
        Path(name).chmod(PRIVATE_FILE)


def _restore_postgres(source: Path) -> None:
    connection.close()
    args, env = _pg_settings()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(source),
        ],
        env,
    )


def _restore_media(extracted: Path) -> int:
    root = Path(settings.MEDIA_ROOT)
    if root.exists():
        for child in root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    root.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    count = 0
    source = extracted / MEDIA_PREFIX.rstrip("/")
    if source.is_dir():
        for path in sorted(source.rglob("*")):
            if path.is_file():
                target = root / path.relative_to(source)
                for folder in reversed(target.relative_to(root).parents[:-1]):
                    (root / folder).mkdir(mode=PRIVATE_DIR, exist_ok=True)
                shutil.copy2(path, target)
                target.chmod(PRIVATE_FILE)
                count += 1
    return count


def restore(path: Path) -> Restored:
    """Replace the database and MEDIA_ROOT with the backup at `path`, after checking all of it."""
    with tempfile.TemporaryDirectory(prefix="vardag-restore-") as work:
        extracted = Path(work)
        try:
            manifest = verify(path, extracted)
        except BackupError as error:
            raise BackupError(f"Restore refused: {error} Nothing was changed.") from error
        database = extracted / manifest["database"]
        if manifest["engine"] == "sqlite":
            _restore_sqlite(database)
        else:
            _restore_postgres(database)
        files = _restore_media(extracted)
    counts = table_row_counts()
    wanted = {k: int(v) for k, v in manifest.get("tables", {}).items()}
    differing = sorted(t for t in wanted if counts.get(t) != wanted[t])
    if differing:
        raise BackupError(
            "The database was restored, but these tables do not have the rows the manifest "
            f"counted: {', '.join(differing[:5])}."
        )
    return Restored(
        engine=manifest["engine"],
        tables=len(wanted),
        rows=sum(wanted.values()),
        files=files,
        created_at=manifest["created_at"],
    )


def default_name() -> str:
    return f"vardag-backup-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}.tar.gz"
