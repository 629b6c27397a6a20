"""Uploaded files hold people's data: the web server saves them readable by its owner only
(files 0600, folders 0700), whatever its umask (settings.FILE_UPLOAD_*_PERMISSIONS). The database
and restored files: tests/test_cli.py and tests/test_backup.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from vardag.ideas import services
from vardag.ideas.tests.factories import make_idea


@pytest.mark.django_db
def test_an_uploaded_attachment_is_the_owners_only(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    idea = make_idea(world, title="Läxhjälp på biblioteket")
    previous = os.umask(0o022)  # a usual web server's
    try:
        with transaction.atomic():
            attachment = services.attachment_add(
                actor=world.employee,
                idea=idea,
                upload=SimpleUploadedFile("plan.txt", b"Plan", content_type="text/plain"),
            )
    finally:
        os.umask(previous)
    path = Path(attachment.file.path)
    assert oct(path.stat().st_mode & 0o777) == oct(0o600)
    folder = path.parent
    while folder != settings.MEDIA_ROOT:
        assert oct(folder.stat().st_mode & 0o777) == oct(0o700), folder
        folder = folder.parent
