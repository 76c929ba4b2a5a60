"""An item's history and safety while editing it, in a real browser: comparing two
versions, the question before leaving unsaved changes, two editors on one item."""

import pytest
from reversion import create_revision
from reversion.models import Version

from documents.models import Document
from tests.browser.conftest import AXE, WCAG, WIDTHS, screenshot
from tests.browser.test_staff_flows import log_in, staff, submit
from tests.documents.factories import DocumentFactory

pytestmark = pytest.mark.django_db(transaction=True)
LONG = (
    "The heads of delegations adopted the Declaration of the Baku Security Forum after a "
    "long discussion of the interaction of security bodies in preventing humanitarian crises "
    "and man-made disasters; the text was circulated to every participating country. "
)


def change_url(site, document):
    return f"{site}/admin/documents/document/{document.pk}/change/"


def edit_and_save(page, site, document, **values):
    page.goto(change_url(site, document))
    for name, value in values.items():
        page.fill(f"#id_{name}", value)
    submit(page, "input[name=_continue]")
    assert page.locator(".messagelist .success").count() == 1, page.content()[:2000]


def test_editor_compares_two_versions(site, browser, django_user_model):
    staff(django_user_model, "editor", "Editor")
    document = DocumentFactory(draft=True, slug="history-in-browser")
    context = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, site, "editor")
    edit_and_save(page, site, document, summary_en=LONG * 3)
    edit_and_save(
        page, site, document, summary_en=(LONG * 3).replace("long discussion", "short debate")
    )
    newer, older = Version.objects.get_for_object(document)[:2]
    url = (
        f"{site}/admin/documents/document/{document.pk}/history/compare/"
        f"?version_id1={older.pk}&version_id2={newer.pk}"
    )
    page.goto(url)
    diff = page.locator(".history-field", has=page.locator("h2", has_text="Summary (English)"))
    assert diff.locator("del").first.inner_text() == "long discussion"
    assert diff.locator("ins").first.inner_text() == "short debate"
    assert page.locator("h2", has_text="Updated").count() == 0

    for width in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": 900})
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"sideways scroll at {width}px: {scroll}"
        screenshot(page, f"admin-history-compare-{width}")
    context.close()

    if AXE.exists():
        checked = browser.new_context(
            viewport={"width": WIDTHS["desktop"], "height": 900}, bypass_csp=True
        )
        page = checked.new_page()
        log_in(page, site, "editor")
        page.goto(url)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "tags => axe.run('#content-main', {runOnly: {type: 'tag', values: tags}})", WCAG
        )
        found = [f"{v['id']}: {v['nodes'][0]['target']}" for v in result["violations"]]
        checked.close()
        assert found == []


def test_leaving_unsaved_changes_asks_first(site, page, django_user_model):
    staff(django_user_model, "editor", "Editor")
    document = DocumentFactory(draft=True, slug="unsaved-in-browser")
    log_in(page, site, "editor")
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", answer)
    page.goto(change_url(site, document))
    page.locator("#id_title_en").focus()
    page.keyboard.press("End")
    page.keyboard.type(" (draft)")
    page.locator(".breadcrumbs a").first.click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert page.url == change_url(site, document)
    assert page.input_value("#id_title_en").endswith(" (draft)")

    # Saving does not ask.
    submit(page, "input[name=_continue]")
    assert asked == ["beforeunload"]
    assert Document.objects.get(pk=document.pk).title_en.endswith(" (draft)")
    # Nor does leaving a form nobody typed in.
    page.locator(".breadcrumbs a").first.click()
    page.wait_for_load_state()
    assert asked == ["beforeunload"]


def test_second_editor_is_told_and_keeps_what_they_typed(site, browser, django_user_model):
    staff(django_user_model, "amina", "Editor")
    staff(django_user_model, "boris", "Editor")
    with create_revision():  # as the demo's and imported items have: a first version
        document = DocumentFactory(draft=True, slug="two-editors", title_en="Agreed title")
    first, second = (browser.new_context().new_page() for _ in range(2))
    log_in(first, site, "amina")
    log_in(second, site, "boris")
    first.goto(change_url(site, document))
    second.goto(change_url(site, document))

    first.fill("#id_title_en", "Amina's title")
    submit(first, "input[name=_continue]")
    second.fill("#id_summary_en", "Boris's summary, typed meanwhile.")
    submit(second, "input[name=_continue]")

    error = second.locator(".errornote, .errorlist.nonfield").last.inner_text()
    note = second.locator("ul.errorlist.nonfield").inner_text()
    assert "amina saved this item at" in note, error
    assert "They changed: Title" in note  # named as the form names it
    assert "is now in the form" in note
    # Boris's entry is kept; Amina's title, which he had not touched, is merged in.
    assert second.input_value("#id_summary_en") == "Boris's summary, typed meanwhile."
    assert second.input_value("#id_title_en") == "Amina's title"
    screenshot(second, "admin-two-editors")
    stored = Document.objects.get(pk=document.pk)
    assert (stored.title_en, stored.summary_en) == ("Amina's title", "A summary.")

    # Having looked, saving again keeps both: nothing is lost.
    submit(second, "input[name=_continue]")
    assert second.locator(".messagelist .success").count() == 1
    stored = Document.objects.get(pk=document.pk)
    assert (stored.title_en, stored.summary_en) == (
        "Amina's title",
        "Boris's summary, typed meanwhile.",
    )
