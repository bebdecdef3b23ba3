"""Headless Chromium (Debian's `chromium`) driven by Playwright, against pytest-django's live server.

In CI (CI=true) a missing browser fails the run; elsewhere the browser tests skip, saying why.
"""
import os
import shutil
from pathlib import Path

import pytest

from tests.public.conftest import plain_static_files  # noqa: F401 (an autouse fixture, shared)

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a thread
# with a running loop unless told this is safe (it is: the loop only talks to the browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
# The machine has no network beyond package registries: keep Chromium from reaching for one.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    missing = None
    if path is None:
        missing = "Chromium is not installed (apt-get install chromium)"
    elif not (ROOT / "static" / "build" / "archive.css").exists():
        missing = "the stylesheet is not built (make setup, or npm ci && npm run build)"
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing}: CI must run the browser tests", pytrace=False)
        pytest.skip(f"{missing}: browser tests skipped outside CI")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - installed with the test extras
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("Playwright for Python is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 800}, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """screenshot("meeting") saves the current page, full length, as a test artefact."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take
