"""The change form's one language switch, in a real browser, as an editor and as a
translator: every translated field in the chosen language, the original beside it."""

import pytest

from documents.models import Document
from tests.browser.conftest import WIDTHS, axe_violations, screenshot
from tests.browser.test_accessibility import needs_axe
from tests.browser.test_staff_flows import log_in, staff, submit
from tests.documents.factories import DocumentFactory

pytestmark = pytest.mark.django_db(transaction=True)
SEED = "address-president-aliyev-third-session-2025"
FIELDS = ("title", "summary", "body", "is_authentic")
ROLES = ["Editor", "Translator"]


def seed_address():
    """The demo's address, with English as its original and no Azerbaijani summary."""
    Document.objects.filter(slug=SEED).update(original_language="en", summary_az="")
    return Document.objects.get(slug=SEED)


def change_url(site, document):
    return f"{site}/admin/documents/document/{document.pk}/change/"


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def intersect(a, b):
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def assert_shows(page, language):
    assert page.locator(f"#form-language-{language}").get_attribute("aria-selected") == "true"
    for field in FIELDS:
        for code in ("az", "en", "ru"):
            visible = page.locator(f".form-row.field-{field}_{code}").is_visible()
            assert visible == (code == language), (field, code)


@pytest.mark.parametrize("role", ROLES)
def test_one_switch_for_the_whole_form(site, page, django_user_model, role):
    document = seed_address()
    staff(django_user_model, role.lower(), role)
    log_in(page, site, role.lower())
    page.goto(change_url(site, document))

    page.click("#form-language-ru")
    assert_shows(page, "ru")
    # The attachments' table too: one title column, in the language chosen.
    assert page.locator("#attachments-group th.column-title_ru").is_visible()
    assert page.locator("#attachments-group th.column-title_en").is_hidden()
    page.reload()
    assert_shows(page, "ru")  # remembered for this model while editing

    # The original's text beside the field being translated, read-only.
    original = page.locator(".field-title_ru .form-original-text")
    assert original.inner_text().strip() == document.title_en
    assert page.locator(".field-title_ru .form-original-heading").inner_text() == (
        "Original (English)"
    )
    assert page.locator(".field-title_en .form-original").count() == 0
    field, beside = box(page, "#id_title_ru"), original.bounding_box()
    assert beside["x"] >= field["x"] + field["width"]
    assert beside["y"] < field["y"] + field["height"]
    # The body is formatted text: shown as text, not as its markup.
    assert "<p>" not in page.locator(".field-body_ru .form-original-text").inner_text()

    # Not filled in and the original: marked in words, not by colour alone.
    assert page.locator("#form-language-az [data-mark=missing]").is_visible()
    assert page.locator("#form-language-ru [data-mark=missing]").is_hidden()
    assert page.locator("#form-language-en [data-mark=original]").is_visible()

    # The keyboard moves along the tabs; the address can choose too.
    page.focus("#form-language-ru")
    page.keyboard.press("ArrowLeft")
    assert_shows(page, "en")
    assert page.locator(".form-original").first.is_hidden()  # the original needs no twin
    page.goto(change_url(site, document) + "?language=az")
    assert_shows(page, "az")
    page.click("#form-language-ru")

    # The heading is not under the buttons of the object tools.
    for heading in page.locator("#content > h1, #content > h2").all():
        for tool in page.locator(".object-tools li").all():
            assert not intersect(heading.bounding_box(), tool.bounding_box())
    # A title of 130 characters gets room: not Django's 20em box.
    assert box(page, "#id_title_ru")["width"] > 500
    screenshot(page, f"admin-languages-{role.lower()}-desktop")

    page.set_viewport_size({"width": WIDTHS["phone"], "height": 800})
    page.reload()
    assert_shows(page, "ru")
    field, below = box(page, "#id_title_ru"), box(page, ".field-title_ru .form-original-text")
    assert below["y"] >= field["y"] + field["height"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"admin-languages-{role.lower()}-phone")


def test_summary_has_a_live_counter(site, page, django_user_model):
    document = seed_address()
    staff(django_user_model, "editor", "Editor")
    log_in(page, site, "editor")
    page.goto(change_url(site, document) + "?language=az")
    counter = page.locator("#id_summary_az_counter")
    assert counter.get_attribute("aria-live") == "polite"
    assert counter.inner_text() == "Characters: 0"
    page.fill("#id_summary_az", "Qısa")
    assert counter.inner_text() == "Characters: 4"


@pytest.mark.parametrize("role", ROLES)
def test_saving_keeps_every_language(site, page, django_user_model, role):
    staff(django_user_model, role.lower(), role)
    document = DocumentFactory(
        draft=True,
        original_language="en",
        summary_az="",
        summary_ru="Резюме.",
        body_az="<p>Mətn.</p>",
        body_ru="<p>Текст.</p>",
    )
    before = Document.objects.get(pk=document.pk)
    log_in(page, site, role.lower())
    page.goto(change_url(site, document))
    # The only text missing in Azerbaijani: its tab's mark goes as it is filled in.
    assert page.locator("#form-language-az [data-mark=missing]").is_visible()
    page.click("#form-language-az")
    page.fill("#id_summary_az", "Xülasə.")
    assert page.locator("#form-language-az [data-mark=missing]").is_hidden()
    page.click("#form-language-ru")
    page.fill("#id_title_ru", "Новое название")
    submit(page, "input[name=_continue]")
    assert page.locator(".messagelist .success").is_visible()
    assert_shows(page, "ru")

    after = Document.objects.get(pk=document.pk)
    assert (after.title_ru, after.summary_az) == ("Новое название", "Xülasə.")
    for field in FIELDS:
        for code in ("az", "en", "ru"):
            if f"{field}_{code}" not in ("title_ru", "summary_az"):
                name = f"{field}_{code}"
                assert getattr(after, name) == getattr(before, name), name


@needs_axe
@pytest.mark.parametrize("role", ROLES)
def test_change_form_is_accessible(site, browser, django_user_model, role):
    document = seed_address()
    staff(django_user_model, role.lower(), role)
    problems = {}
    for width in WIDTHS:
        # axe is injected as a script: the site's policy forbids that, on purpose.
        context = browser.new_context(
            viewport={"width": WIDTHS[width], "height": 900}, bypass_csp=True
        )
        page = context.new_page()
        log_in(page, site, role.lower())
        page.goto(change_url(site, document) + "?language=ru")
        found = axe_violations(page)
        if found:
            problems[width] = found
        context.close()
    assert problems == {}, "\n".join(f"{w}: {p}" for w, ps in problems.items() for p in ps)
