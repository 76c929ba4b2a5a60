"""Suggestions while typing in the document search, in a real browser: a WAI-ARIA 1.2
combobox driven by the keyboard, read out by its live region, with no accessibility
violation and nothing the site's Content-Security-Policy refuses; and without JavaScript,
the search form as it was."""

import re
from urllib.parse import unquote_plus, urlsplit

import pytest

from tests.browser.conftest import AXE, WCAG, WIDTHS, screenshot
from tests.browser.test_accessibility import needs_axe
from tests.browser.test_reader_flows import SEED

pytestmark = pytest.mark.django_db(transaction=True)
SEED_TITLE = "Address by President of the Republic of Azerbaijan Ilham Aliyev"


@pytest.fixture
def problems(page):
    """What the browser complains of: console errors (a CSP refusal is one) and uncaught
    exceptions of the page's scripts."""
    found = []
    page.on("console", lambda m: found.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: found.append(str(error)))
    return found


def typed(page, site, text, lang="en"):
    """The combobox of the document list, once ``text`` is typed and suggestions are shown."""
    page.goto(f"{site}/{lang}/documents/")
    field = page.locator("#id_q")
    field.press_sequentially(text, delay=20)
    page.get_by_role("listbox").wait_for()
    return field


def test_the_field_becomes_a_combobox_controlling_a_listbox(site, page, problems):
    response = page.goto(f"{site}/en/documents/")
    policy = response.headers["content-security-policy"]
    assert re.search(r"script-src 'self'(;|$)", policy)
    field = page.get_by_role("combobox", name="Search")
    assert field.get_attribute("type") == "text"  # a search field may not be a combobox
    assert field.get_attribute("aria-autocomplete") == "list"
    assert field.get_attribute("aria-expanded") == "false"
    listbox = page.locator(f"#{field.get_attribute('aria-controls')}")
    assert listbox.get_attribute("role") == "listbox"
    assert listbox.get_attribute("aria-label") == "Suggestions"
    assert listbox.is_hidden()
    assert field.get_attribute("aria-activedescendant") is None

    # The words of the seed's title alone (the 2024 address's title starts as it does).
    field.press_sequentially("address by president of the republic", delay=20)
    listbox.wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    options = listbox.get_by_role("option")
    assert options.count() == 1
    assert SEED_TITLE in options.first.inner_text()
    assert "Address · 21 September 2025" in options.first.inner_text()
    status = page.get_by_role("status").filter(has_text="suggestion")
    assert (
        status.inner_text()
        == "1 suggestion. Use the down arrow key to reach it and Enter to open it."
    )
    assert problems == []


def test_arrow_keys_choose_and_enter_opens(site, page, problems):
    field = typed(page, site, "baku")
    options = page.get_by_role("listbox").get_by_role("option")
    count = options.count()
    assert count > 2
    ids = [options.nth(i).get_attribute("id") for i in range(count)]

    def chosen():
        active = field.get_attribute("aria-activedescendant")
        selected = [
            i for i in ids if page.locator(f"#{i}").get_attribute("aria-selected") == "true"
        ]
        assert selected == ([active] if active else [])
        return active

    assert chosen() is None
    field.press("ArrowDown")
    assert chosen() == ids[0]
    field.press("ArrowDown")
    assert chosen() == ids[1]
    field.press("End")
    assert chosen() == ids[-1]
    field.press("ArrowDown")  # round to the first
    assert chosen() == ids[0]
    field.press("ArrowUp")  # and back to the last
    assert chosen() == ids[-1]
    field.press("Home")
    assert chosen() == ids[0]
    assert page.evaluate("document.activeElement.id") == "id_q"  # focus stays in the field
    screenshot(page, "suggestions-open-en-desktop")

    label = options.first.locator(".suggest__label").inner_text()
    field.press("Enter")
    page.wait_for_url(re.compile(r"/en/(documents|news)/[\w-]+/$"))
    assert page.locator("h1").inner_text() == label
    assert problems == []


def test_escape_and_a_click_elsewhere_close_the_list(site, page, problems):
    field = typed(page, site, "baku")
    listbox = page.get_by_role("listbox")
    field.press("ArrowDown")
    field.press("Escape")
    assert listbox.is_hidden()
    assert field.get_attribute("aria-expanded") == "false"
    assert field.get_attribute("aria-activedescendant") is None
    assert field.input_value() == "baku"  # the first Escape closes the list only

    field.press("ArrowDown")  # opens it again, on the first option
    assert listbox.is_visible()
    first = listbox.get_by_role("option").first
    assert field.get_attribute("aria-activedescendant") == first.get_attribute("id")

    page.locator("h1").click()
    assert listbox.is_hidden()
    assert field.get_attribute("aria-expanded") == "false"

    field.focus()
    field.press("Escape")  # with the list closed, Escape empties the field
    assert field.input_value() == ""
    assert listbox.is_hidden()
    assert problems == []


def test_enter_without_a_chosen_option_searches_as_before(site, page, problems):
    field = typed(page, site, "baku")
    field.press("Enter")
    page.wait_for_url(re.compile(r"/en/documents/\?"))
    assert "q=baku" in page.url
    assert page.locator(".document-item").count() >= 1
    assert problems == []


def test_a_person_is_clicked_to_their_documents(site, page, problems):
    typed(page, site, "ilham al")
    page.get_by_role("listbox").get_by_role("option", name=re.compile("^Ilham Aliyev")).click()
    page.wait_for_url(re.compile(r"author="))
    assert unquote_plus(urlsplit(page.url).query) == "author=Ilham Aliyev"
    assert SEED in page.content()
    assert problems == []


def test_suggestions_in_the_language_of_the_page(site, page, problems):
    typed(page, site, "заседан", lang="ru")
    options = page.get_by_role("listbox").get_by_role("option")
    names = options.locator(".suggest__label").all_inner_texts()
    assert "Заседание № 3" in names
    assert any(name.startswith("Обращение Президента") for name in names)
    options.filter(has_text="Заседание № 3").click()
    page.wait_for_url(re.compile(r"/ru/sessions/3/$"))
    assert problems == []


def test_a_symbol_suggests_documents_by_symbol(site, page, problems):
    field = typed(page, site, "bsf/3/d")
    options = page.get_by_role("listbox").get_by_role("option").all_inner_texts()
    assert options[0].startswith("BSF/3/DECL")
    field.press("ArrowDown")
    field.press("Enter")
    page.wait_for_url(re.compile(r"/en/documents/declaration-baku-security-forum-2025/$"))
    assert problems == []


@needs_axe
@pytest.mark.parametrize("width", WIDTHS)
def test_no_accessibility_violation_with_the_list_open(site, browser, width):
    # axe is injected as a script: the site's policy forbids that, on purpose.
    context = browser.new_context(
        viewport={"width": WIDTHS[width], "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    field = typed(page, site, "baku")
    field.press("ArrowDown")
    field.press("ArrowDown")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    screenshot(page, f"suggestions-open-en-{width}")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    context.close()
    assert overflow <= 0
    assert [f"{v['id']}: {v['nodes'][0]['target']}" for v in result["violations"]] == []


def test_without_javascript_the_search_form_is_as_it_was(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/en/documents/")
    field = page.get_by_role("searchbox", name="Search")
    assert field.get_attribute("role") is None
    assert page.get_by_role("listbox").count() == 0
    field.fill("Address by President of the Republic")
    field.press("Enter")
    page.wait_for_url(re.compile(r"q=Address"))
    assert SEED_TITLE in page.locator(".document-item h3").first.inner_text()
    context.close()
