"""
Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium) against the site
served by pytest-django's live server on the test database. Skipped, with the reason
shown, where Chromium or Playwright is missing; .ci/run installs both.
"""

import json
import os
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WIDTHS = {"phone": 375, "desktop": 1280}
AXE = Path(__file__).with_name("node_modules") / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


VNU = Path(__file__).with_name("node_modules") / "vnu-jar" / "build" / "dist" / "vnu.jar"


def html_errors(files):
    """The Nu HTML Checker's errors in the saved ``files`` (paths), a line each."""
    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
    )
    messages = json.loads(checked.stderr or checked.stdout)["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]


def axe_violations(page):
    """The page's violations of axe-core's WCAG 2.2 AA rules, a line each. axe is injected
    as a script: open the page in a context with ``bypass_csp=True``, as the site's policy
    forbids that, on purpose."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
        for v in result["violations"]
    ]


try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

if sync_playwright is None or not shutil.which(CHROMIUM):
    pytest.skip(
        f"browser tests skipped: Chromium ({CHROMIUM}) or Playwright is not installed",
        allow_module_level=True,
    )

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between page actions are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def site(live_server, transactional_db, settings):
    settings.PUBLIC_PAGE_CACHE = True  # readers get cached pages; the tests use them too
    call_command("load_demo")
    return live_server.url


def screenshot(page, name):
    """An artifact to look at, not a check: a capture that fails is noted, not fatal."""
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True, timeout=15_000)
    except PlaywrightError as error:
        warnings.warn(f"no screenshot of {name}: {error.message.splitlines()[0]}", stacklevel=2)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.slow)
