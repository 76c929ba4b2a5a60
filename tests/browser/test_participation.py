"""The countries × sessions table and a session's participants, in a real browser at a
phone's width."""

import datetime

import pytest

from forum.models import Session
from tests.browser.conftest import WIDTHS, screenshot
from tests.forum.factories import ParticipationFactory, SessionFactory

pytestmark = pytest.mark.django_db(transaction=True)
# Among the longest country names in az, en and ru.
LONG_NAMES = ["BA", "VC", "CF", "KN", "GS", "AE"]


def page_overflow(page):
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def region_overflow(page):
    return page.evaluate(
        "(r => r.scrollWidth - r.clientWidth)(document.querySelector('.participation'))"
    )


def with_long_names():
    session = Session.objects.get(number=3)
    for code in LONG_NAMES:
        ParticipationFactory(session=session, country=code, organisation=None)


@pytest.mark.parametrize("lang", ["az", "en", "ru"])
def test_the_table_fits_a_phone_without_scrolling(site, page, lang):
    with_long_names()
    page.set_viewport_size({"width": WIDTHS["phone"], "height": 900})
    page.goto(f"{site}/{lang}/sessions/participation/")
    table = page.locator("table.participation-table")
    assert table.locator("tbody tr").count() == 1 + len(LONG_NAMES)
    assert page_overflow(page) <= 0
    assert region_overflow(page) <= 0  # three sessions: the table itself does not scroll
    screenshot(page, f"participation-{lang}-phone")


def test_many_sessions_scroll_inside_a_labelled_region_by_keyboard(site, page):
    for number in range(4, 16):
        session = SessionFactory(number=number, start_date=datetime.date(2026 + number, 9, 1))
        ParticipationFactory(session=session, country="TR")
    with_long_names()
    page.set_viewport_size({"width": WIDTHS["phone"], "height": 900})
    page.goto(f"{site}/ru/sessions/participation/")
    assert page_overflow(page) <= 0  # the page never scrolls sideways
    assert region_overflow(page) > 0

    region = page.locator(".participation")
    assert region.get_attribute("aria-labelledby") == "countries-caption"
    first_cell = page.locator("table.participation-table tbody th").first
    left = first_cell.bounding_box()["x"]
    page.keyboard.press("Tab")
    for _ in range(80):  # Tab to the region: it takes focus, as a scrolling area must
        if page.evaluate("document.activeElement.classList.contains('participation')"):
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("the scrolling table never takes the keyboard's focus")
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    for _ in range(20):  # smooth scrolling takes a moment (no wait_for_function: the CSP)
        if region.evaluate("r => r.scrollLeft") > 0:
            break
        page.wait_for_timeout(50)
    assert region.evaluate("r => r.scrollLeft") > 0
    assert abs(first_cell.bounding_box()["x"] - left) < 1  # the names stay in view
    screenshot(page, "participation-many-sessions-phone")


def test_sorting_by_the_headers(site, page):
    with_long_names()
    page.goto(f"{site}/en/sessions/participation/")
    names = page.locator("table.participation-table tbody th")
    assert names.first.inner_text() == "Azerbaijan"
    header = page.locator("table.participation-table thead th").last
    header.get_by_role("link").click()
    assert page.url.endswith("?sort=-count")
    assert header.get_attribute("aria-sort") == "descending"
    assert names.first.inner_text() == "Azerbaijan"  # three sessions, the others one
    page.locator("table.participation-table thead th").first.get_by_role("link").click()
    assert page.url.endswith("/sessions/participation/")
    page.locator("table.participation-table thead th").first.get_by_role("link").click()
    assert page.url.endswith("?sort=-name")
    assert (
        page.locator("table.participation-table thead th").first.get_attribute("aria-sort")
        == "descending"
    )
    assert names.last.inner_text() == "Azerbaijan"


@pytest.mark.parametrize("lang", ["az", "ru"])
def test_a_sessions_flags_are_drawn_from_this_site(site, page, lang):
    with_long_names()
    page.set_viewport_size({"width": WIDTHS["phone"], "height": 900})
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{site}/{lang}/sessions/3/")
    flags = page.locator("section[aria-labelledby='participants-title'] img.flag")
    assert flags.count() == 1 + len(LONG_NAMES)
    loaded = flags.evaluate_all("imgs => imgs.map(i => i.complete && i.naturalWidth === 16)")
    assert all(loaded)
    assert all(url.startswith(site) for url in requests)
    assert page_overflow(page) <= 0
    page.locator("section[aria-labelledby='participants-title'] a.more").click()
    assert page.url.endswith(f"/{lang}/sessions/participation/")
    page.go_back()
    screenshot(page, f"session-participants-{lang}-phone")
