"""The `browser` fixture lives in the root conftest.py, so every browser test in the project
shares one Chromium session (two sync Playwright sessions cannot run in one process)."""

browser = None  # old import target for tests written before the move; pytest uses the root fixture
