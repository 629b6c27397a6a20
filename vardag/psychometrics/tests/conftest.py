"""Fixtures for the psychometrics tests (pure Python, no database)."""

from __future__ import annotations

from collections.abc import Iterator

import pingouin as pg
import pytest


@pytest.fixture(autouse=True)
def unrounded_pingouin() -> Iterator[None]:
    """pingouin rounds CI columns of its tables to 2 decimals by default; compare unrounded."""
    saved = dict(pg.options)
    pg.options["round.column.CI95"] = None
    pg.options["round.column.CI90"] = None
    yield
    pg.options.clear()
    pg.options.update(saved)
