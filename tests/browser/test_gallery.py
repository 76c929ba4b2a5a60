"""
A session's photographs in a real browser, at phone and desktop widths: a grid of figures
whose sizes load from the site itself, and a dialog to see them larger that the keyboard
drives (open, arrows, Esc, focus back) and a finger too; no accessibility violation, valid
HTML, nothing the Content-Security-Policy refuses. Without JavaScript, each thumbnail is a
link to the photograph.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from forum.models import Session
from tests.browser.conftest import AXE, WCAG, WIDTHS, html_errors, screenshot
from tests.browser.test_accessibility import needs_axe, needs_vnu
from tests.forum.factories import SessionPhotoFactory, picture

pytestmark = pytest.mark.django_db(transaction=True)
PATH = "/{lang}/sessions/3/"
CAPTIONS = ["The opening of the session", "Heads of delegations", "The Joint Declaration"]


@pytest.fixture
def gallery(site):
    """Session 3 of the demo with three described photographs and an undescribed one."""
    session = Session.objects.get(number=3)
    for index, caption in enumerate(CAPTIONS):
        size = [(1800, 1200), (900, 1200), (640, 480)][index]
        SessionPhotoFactory(
            session=session,
            order=index,
            image=SimpleUploadedFile(f"photo-{index}.jpg", picture(size)),
            caption_en=caption,
            alt_text_en=f"Photograph {index + 1}: {caption.lower()}",
        )
    SessionPhotoFactory(session=session, order=9, alt_text_az="", caption_en="Not yet described")
    return site


@pytest.fixture
def problems(page):
    """Console errors (a CSP refusal is one) and uncaught exceptions of the page's scripts."""
    found = []
    page.on("console", lambda m: found.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: found.append(str(error)))
    return found


def axe_violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
        for v in result["violations"]
    ]


def focused(page):
    return page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")


def test_the_photographs_load_from_the_site_itself(gallery, page, problems):
    page.goto(gallery + PATH.format(lang="en"))
    figures = page.locator(".gallery__item")
    assert figures.count() == 3
    assert [figures.nth(i).locator("figcaption").inner_text() for i in range(3)] == CAPTIONS
    assert page.get_by_text("Not yet described").count() == 0
    images = page.locator(".gallery__link img")
    for index in range(3):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        page.wait_for_function(
            "image => image.complete && image.naturalWidth > 0", arg=image.element_handle()
        )
        assert image.get_attribute("loading") == "lazy"
        assert image.evaluate("image => new URL(image.currentSrc).origin") == gallery
    assert problems == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_dialog_works_with_the_keyboard(gallery, browser, width):
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 800})
    page = context.new_page()
    page.goto(gallery + PATH.format(lang="en"))
    dialog = page.locator("dialog.lightbox")
    links = page.locator(".gallery__link")

    links.nth(1).focus()
    page.keyboard.press("Enter")
    assert dialog.is_visible()
    assert dialog.get_attribute("open") is not None
    assert page.get_by_role("dialog", name="Photograph 2 of 3").is_visible()
    shown = dialog.locator(".lightbox__frame img")
    assert shown.get_attribute("alt") == "Photograph 2: heads of delegations"
    assert dialog.locator(".lightbox__caption").inner_text() == "Heads of delegations"
    page.wait_for_function(
        "image => image.complete && image.naturalWidth > 0", arg=shown.element_handle()
    )
    box = shown.bounding_box()
    assert box["width"] <= WIDTHS[width] and box["height"] <= 800
    assert "Close" in focused(page)  # the dialog's first control, in view
    screenshot(page, f"gallery-dialog-{width}")

    page.keyboard.press("ArrowRight")
    assert dialog.locator(".lightbox__count").inner_text() == "Photograph 3 of 3"
    page.keyboard.press("ArrowRight")  # round to the first
    assert dialog.locator(".lightbox__count").inner_text() == "Photograph 1 of 3"
    page.keyboard.press("ArrowLeft")
    assert dialog.locator(".lightbox__count").inner_text() == "Photograph 3 of 3"
    assert dialog.locator(".lightbox__caption").inner_text() == "The Joint Declaration"

    page.keyboard.press("Tab")
    assert "Previous photograph" in focused(page)
    page.keyboard.press("Enter")
    assert dialog.locator(".lightbox__count").inner_text() == "Photograph 2 of 3"

    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    # Back on the thumbnail of the photograph last shown.
    assert page.evaluate(
        "() => document.activeElement === document.querySelectorAll('.gallery__link')[1]"
    )
    context.close()


def test_on_a_phone_a_tap_opens_and_a_button_closes(gallery, browser):
    context = browser.new_context(
        viewport={"width": WIDTHS["phone"], "height": 700}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.goto(gallery + PATH.format(lang="en"))
    link = page.locator(".gallery__link").first
    link.scroll_into_view_if_needed()
    link.tap()
    dialog = page.locator("dialog.lightbox")
    assert dialog.is_visible()
    box = dialog.bounding_box()
    assert box["width"] == WIDTHS["phone"]  # the whole screen
    for name in ("Close", "Next photograph", "Previous photograph"):
        button = dialog.get_by_role("button", name=name)
        size = button.bounding_box()
        assert size["height"] >= 44 and size["width"] >= 44 and size["x"] + size["width"] <= 375
    dialog.get_by_role("button", name="Next photograph").tap()
    assert dialog.locator(".lightbox__count").inner_text() == "Photograph 2 of 3"
    dialog.get_by_role("button", name="Close").tap()
    assert not dialog.is_visible()
    context.close()


def test_without_javascript_a_thumbnail_links_to_the_photograph(gallery, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(gallery + PATH.format(lang="en"))
    with page.expect_response(lambda r: "/photos/" in r.url) as response:
        page.locator(".gallery__link").first.click()
    assert response.value.status == 200
    assert response.value.headers["content-type"] == "image/webp"
    context.close()


@needs_axe
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["az", "en", "ru"])
def test_no_accessibility_violations_with_the_dialog_closed_or_open(gallery, browser, width, lang):
    # axe is injected as a script: the site's policy forbids that, on purpose.
    context = browser.new_context(
        viewport={"width": WIDTHS[width], "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.goto(gallery + PATH.format(lang=lang))
    closed = axe_violations(page)
    page.locator(".gallery__link").first.click()
    page.locator("dialog.lightbox").wait_for()
    opened = axe_violations(page)
    context.close()
    assert (closed, opened) == ([], [])


@needs_vnu
def test_the_page_with_its_gallery_is_valid_html(gallery, page, tmp_path):
    files = []
    for lang in ("az", "en", "ru"):
        page.goto(gallery + PATH.format(lang=lang))
        file = tmp_path / f"session-{lang}.html"
        file.write_text(page.content(), encoding="utf-8")
        files.append(str(file))
    assert html_errors(files) == []
