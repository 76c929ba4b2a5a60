"""Every public page type, in az, en and ru, at phone and desktop widths: no axe-core
violation of the WCAG 2.2 AA rules, and valid HTML by the Nu HTML Checker."""

import shutil

import pytest

from tests.browser.conftest import AXE, VNU, WIDTHS, axe_violations, html_errors
from tests.browser.test_reader_flows import PAGES as READER_PAGES

pytestmark = pytest.mark.django_db(transaction=True)
PAGES = {
    **READER_PAGES,
    "participation": "/{lang}/sessions/participation/",
    "participation-sorted": "/{lang}/sessions/participation/?sort=-count",
    "page": "/{lang}/pages/about/",
    "contact": "/{lang}/pages/contact/",
    "news": "/{lang}/news/",
    "news-item": "/{lang}/news/third-session-held-2025/",
}

needs_axe = pytest.mark.skipif(not AXE.exists(), reason="run `npm install` in tests/browser")
needs_vnu = pytest.mark.skipif(
    not VNU.exists() or not shutil.which("java"), reason="vnu-jar or Java is missing"
)


@needs_axe
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["az", "en", "ru"])
def test_no_accessibility_violations(site, browser, width, lang):
    # axe is injected as a script: the site's policy forbids that, on purpose.
    context = browser.new_context(
        viewport={"width": WIDTHS[width], "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    problems = {}
    for name, path in PAGES.items():
        page.goto(site + path.format(lang=lang))
        found = axe_violations(page)
        if found:
            problems[name] = found
    context.close()
    assert problems == {}


@needs_vnu
def test_every_page_type_is_valid_html(site, page, tmp_path):
    files = []
    for lang in ("az", "en", "ru"):
        for name, path in PAGES.items():
            page.goto(site + path.format(lang=lang))
            file = tmp_path / f"{name}-{lang}.html"
            file.write_text(page.content(), encoding="utf-8")
            files.append(str(file))
    assert html_errors(files) == []
