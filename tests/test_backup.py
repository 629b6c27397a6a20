"""`vardag backup` and `vardag restore`: a round trip restores every table and every uploaded file
exactly, and a broken or mismatched archive is refused before anything changes.

Runs on the configured database: SQLite by default, PostgreSQL when DATABASE_URL names one (CI
runs both). The table digests are computed here with plain SQL, independently of the backup code.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from vardag.accounts.models import User
from vardag.accounts.testing import make_world
from vardag.core import audit
from vardag.core.models import AuditEvent, Organisation

pytestmark = pytest.mark.django_db(transaction=True)


def table_digests() -> dict[str, tuple[int, str]]:
    """Every table: (row count, SHA-256 of its rows in a fixed order)."""
    result = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = sorted(repr(tuple(row)) for row in cursor.fetchall())
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


def test_check_only_changes_nothing(filled, media, tmp_path):
    archive = _backup(tmp_path / "out")
    Organisation.objects.create(name="Efter backupen", slug="efter", kind="municipality")
    before = table_digests()
    out = io.StringIO()
    call_command("restore", str(archive), "--check", stdout=out)
    assert "is a whole Vardag backup" in out.getvalue()
    assert table_digests() == before
