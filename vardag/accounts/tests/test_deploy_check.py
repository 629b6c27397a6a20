"""`vardag check --deploy` with production settings (issue 14, item 7), in a process of its own.

It uses no database (Django's deploy checks read settings only; the process gets no
DATABASE_URL), so it is not a test the PostgreSQL run of CI repeats (conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("https", ["1", "0"])
def test_check_deploy_is_clean_with_production_settings(https):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("VARDAG_", "DJANGO_", "PYTEST_"))
        and key not in ("CI", "DATABASE_URL")
    }
    env |= {
        "VARDAG_SECRET_KEY": "x" * 30 + "-a-long-production-secret-0123456789",
        "VARDAG_ALLOWED_HOSTS": "vardag.example.se",
        "VARDAG_DATA_DIR": str(ROOT / "var" / "check-deploy"),
        "VARDAG_HTTPS": https,
    }
    result = subprocess.run(
        [sys.executable, "-m", "vardag.cli", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if https == "1":
        assert result.returncode == 0, result.stdout + result.stderr
        assert "no issues" in result.stdout
    else:  # served without TLS: Django says what is missing, so the choice is visible
        assert "security.W004" in result.stdout + result.stderr
