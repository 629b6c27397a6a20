"""The `browser` fixture lives in the root conftest.py so that every browser test shares one
Chromium session (two sync Playwright sessions cannot run in one process)."""

browser = None  # old import target; pytest uses the root fixture
