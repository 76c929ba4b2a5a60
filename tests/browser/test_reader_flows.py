"""What a reader does, in a real browser."""

import re
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import WIDTHS, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
SEED = "address-president-aliyev-third-session-2025"
PAGES = {
    "home": "/{lang}/",
    "sessions": "/{lang}/sessions/",
    "session": "/{lang}/sessions/3/",
    "documents": "/{lang}/documents/",
    "search": "/{lang}/documents/?q=forum",
    "document": f"/{{lang}}/documents/{SEED}/",
    "declaration": "/{lang}/documents/declaration-baku-security-forum-2025/",
    "initiative": "/{lang}/documents/declaration-baku-security-forum-2025/initiatives/1/",
    "committee": "/{lang}/committee/",
}


def test_switching_language_stays_on_the_document(site, page):
    page.goto(f"{site}/en/documents/{SEED}/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Русский").click()
    assert urlsplit(page.url).path == f"/ru/documents/{SEED}/"
    assert page.locator("html").get_attribute("lang") == "ru"
    assert "Обращение Президента" in page.locator("h1").inner_text()


def test_filter_search_page_and_share(site, page):
    page.goto(f"{site}/en/documents/")
    page.get_by_label("Address").check()
    page.get_by_label("Session", exact=True).select_option("3")
    page.get_by_role("button", name="Show documents").click()
    assert "kind=address" in page.url and "session=3" in page.url
    assert page.locator(".document-item").count() == 1

    page.get_by_label("Search").fill("форум")
    page.get_by_role("button", name="Show documents").click()
    results = page.locator(".document-item h3").all_inner_texts()
    assert any("Address by President" in title for title in results)
    assert page.locator("mark").count() >= 1

    shared = page.url
    other = page.context.new_page()
    other.goto(shared)
    assert other.locator(".document-item h3").all_inner_texts() == results
    other.close()


def test_session_leads_to_its_declaration_and_initiatives(site, page):
    page.goto(f"{site}/en/sessions/3/")
    page.get_by_role("link", name="Declaration of the Baku Security Forum").click()
    assert page.locator("h1").inner_text() == "Declaration of the Baku Security Forum"
    page.get_by_role("link", name=re.compile("Sample initiative")).click()
    assert "/initiatives/1/" in page.url
    page.get_by_role("link", name="Declaration of the Baku Security Forum").first.click()
    assert page.url.endswith("/documents/declaration-baku-security-forum-2025/")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["az", "en", "ru"])
def test_every_page_fits_the_screen(site, page, width, lang):
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    for name, path in PAGES.items():
        page.goto(site + path.format(lang=lang))
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}"
        screenshot(page, f"{name}-{lang}-{width}")


def test_keyboard_reaches_the_content_and_the_filters(site, page):
    page.goto(f"{site}/en/documents/")
    page.keyboard.press("Tab")
    page.wait_for_function("document.activeElement.classList.contains('skip-link')")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#content'")
    # Tab on until the search field: every control on the way is reachable.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "q":
            break
    else:
        pytest.fail("the search field cannot be reached with Tab")
    page.keyboard.type("forum")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=forum"))
    assert page.locator(".document-item").count() >= 1


def test_paging_keeps_the_filters(site, page):
    from tests.documents.factories import AddressFactory
    from tests.forum.factories import SessionFactory

    session = SessionFactory(number=9)
    for n in range(25):
        AddressFactory(session=session, title_en=f"Paged address {n:02d}")
    page.goto(f"{site}/en/documents/?kind=address&session=9")
    assert page.locator(".document-item").count() == 20
    page.get_by_role("link", name="Next").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert "kind=address" in page.url and "session=9" in page.url
    assert page.locator(".document-item").count() == 5
    page.get_by_role("link", name="Previous").click()
    page.wait_for_url(re.compile(r"page=1"))
    assert page.locator(".document-item").count() == 20


def test_filters_work_on_a_phone(site, page):
    page.set_viewport_size({"width": WIDTHS["phone"], "height": 800})
    page.goto(f"{site}/ru/documents/")
    page.get_by_role("link", name="Документы").first.is_visible()
    page.get_by_label("Обращение").check()
    page.get_by_label("Поиск", exact=True).fill("форум")
    button = page.locator(".filters button[type=submit]")
    assert button.is_visible()
    button.click()
    page.wait_for_url(re.compile(r"q="))
    assert page.locator(".document-item").count() >= 1
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
