"""The open data page in a real browser: no axe-core violation at a phone's and a desktop's
width, nothing wider than a phone, and valid HTML by the Nu HTML Checker."""

import shutil

import pytest

from tests.browser.conftest import AXE, VNU, WIDTHS, axe_violations, html_errors, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
PATH = "/{lang}/data/"


@pytest.mark.skipif(not AXE.exists(), reason="run `npm install` in tests/browser")
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["az", "en", "ru"])
def test_no_accessibility_violations_and_no_sideways_scroll(site, browser, width, lang):
    # axe is injected as a script: the site's policy forbids that, on purpose.
    context = browser.new_context(
        viewport={"width": WIDTHS[width], "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.goto(site + PATH.format(lang=lang))
    assert page.locator("h1").count() == 1
    assert page.locator(".badge--sample").count() >= 1  # the demo's licence is a sample
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    found = axe_violations(page)
    screenshot(page, f"open-data-{lang}-{width}")
    context.close()
    assert overflow <= 0
    assert found == []


@pytest.mark.skipif(
    not VNU.exists() or not shutil.which("java"), reason="vnu-jar or Java is missing"
)
def test_the_page_is_valid_html(site, page, tmp_path):
    files = []
    for lang in ("az", "en", "ru"):
        page.goto(site + PATH.format(lang=lang))
        file = tmp_path / f"data-{lang}.html"
        file.write_text(page.content(), encoding="utf-8")
        files.append(str(file))
    assert html_errors(files) == []
