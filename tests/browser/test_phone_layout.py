"""On a phone (375 px wide): the document list shows its results before its filters, which
are one tap away; the committee's table reads without sideways scrolling; no page scrolls
sideways."""

import pytest

from tests.browser.conftest import WIDTHS, screenshot
from tests.browser.test_reader_flows import PAGES

pytestmark = pytest.mark.django_db(transaction=True)
SIDEWAYS = """() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"""
TOP = "element => element.getBoundingClientRect().top + window.scrollY"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": WIDTHS["phone"], "height": 740})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.mark.parametrize("lang", ["az", "en", "ru"])
def test_the_results_come_before_the_filters(site, phone, lang):
    phone.goto(f"{site}/{lang}/documents/?kind=address")
    first = phone.locator(".document-item").first
    form = phone.locator("form.filters")
    assert first.evaluate(TOP) < form.evaluate(TOP)
    # Within the first screen: the count, the active filter, the first result.
    assert first.evaluate(TOP) < 740
    assert phone.locator(".active-filters .chip").first.is_visible()
    scroll_width, client_width = phone.evaluate(SIDEWAYS)
    assert scroll_width <= client_width
    screenshot(phone, f"phone-documents-{lang}")


def test_the_filters_are_one_tap_away(site, phone):
    phone.goto(f"{site}/en/documents/?kind=address")
    phone.get_by_role("link", name="Search and filters").click()
    assert phone.url.endswith("#filters")
    search = phone.get_by_label("Search", exact=True)
    assert search.is_visible()
    assert search.evaluate(TOP) >= phone.evaluate("window.scrollY")  # scrolled to the form
    # Removing the active filter is a tap too.
    phone.locator(".active-filters .chip").first.click()
    assert "kind=address" not in phone.url


def test_the_committee_table_reads_without_sideways_scrolling(site, phone):
    phone.goto(f"{site}/en/committee/")
    wrap = phone.locator(".table-wrap")
    scroll_width, client_width = wrap.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert scroll_width <= client_width
    # Each value is labelled with its column.
    row = phone.locator("tbody tr").first
    assert "Role" in row.inner_text() and "Country" in row.inner_text()
    screenshot(phone, "phone-committee-en")


@pytest.mark.parametrize("name", PAGES)
def test_no_page_scrolls_sideways_on_a_phone(site, phone, name):
    phone.goto(site + PAGES[name].format(lang="ru"))
    scroll_width, client_width = phone.evaluate(SIDEWAYS)
    assert scroll_width <= client_width, name
