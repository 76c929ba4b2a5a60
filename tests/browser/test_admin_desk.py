"""The editors' desk in a real browser: each role logs in and finds its lists, at desktop
and phone widths, with no accessibility violation and no sideways scroll."""

import datetime

import pytest
from django.utils import timezone

from forum.core import workflow
from forum.core.content import Status
from tests.browser.conftest import AXE, WCAG, WIDTHS, screenshot
from tests.browser.test_accessibility import needs_axe
from tests.browser.test_staff_flows import log_in, staff
from tests.documents.factories import DocumentFactory

pytestmark = pytest.mark.django_db(transaction=True)
PANELS = {
    "Editor": ["drafts", "sent-back", "recent"],
    "Publisher": ["review", "scheduled", "recent"],
    "Translator": ["translations", "recent"],
}


def violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
        for v in result["violations"]
    ]


@needs_axe
@pytest.mark.parametrize("role", PANELS)
def test_each_role_finds_its_desk(site, browser, django_user_model, role):
    user = staff(django_user_model, role.lower(), role)
    writer = staff(django_user_model, "writer", "Editor")
    mine = workflow.save(DocumentFactory.build(draft=True, title_en="A draft of mine"), user)
    waiting = workflow.save(
        DocumentFactory.build(draft=True, title_en="Waiting for review"), writer
    )
    workflow.move([waiting], Status.IN_REVIEW, writer)
    DocumentFactory(
        title_en="Coming out later", published_at=timezone.now() + datetime.timedelta(days=3)
    )
    DocumentFactory(title_en="Not yet in Russian", title_ru="", body_ru="")

    problems, shown = {}, {}
    for name, width in WIDTHS.items():
        # axe is injected as a script: the admin's policy forbids that, on purpose.
        context = browser.new_context(
            viewport={"width": width, "height": 900},
            bypass_csp=True,
            timezone_id="Europe/Berlin",
        )
        page = context.new_page()
        log_in(page, site, user.username)
        shown[name] = [key for key in PANELS[role] if page.locator(f"#desk-{key}").is_visible()]
        if role == "Editor":
            link = page.locator("#desk-drafts a", has_text="A draft of mine")
            assert link.get_attribute("href").endswith(f"/documents/document/{mine.pk}/change/")
        if role == "Publisher":
            assert page.locator("#desk-review", has_text="Waiting for review").is_visible()
            # Baku time, and the reader's own (Berlin here) added by desk.js.
            reader = page.locator("#desk-scheduled time.desk-reader-time")
            assert reader.count() == 1 and reader.get_attribute("datetime")
        if role == "Translator":
            language = page.locator("#desk-translations a", has_text="Russian: missing").first
            assert "?language=ru#language-ru" in language.get_attribute("href")
        assert page.locator("#desk-security-title").count() == 0
        found = violations(page)
        if found:
            problems[name] = found
        if name == "phone":
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            boxes = page.evaluate(
                "[...document.querySelectorAll('.desk-panel')].map(p => {"
                " const b = p.getBoundingClientRect(); return [b.left, b.right, b.top]; })"
            )
            assert boxes and all(0 <= left and right <= width for left, right, _ in boxes)
            tops = [top for _l, _r, top in boxes]
            assert tops == sorted(tops) and len(set(tops)) == len(tops)  # stacked
        screenshot(page, f"admin-desk-{role.lower()}-{name}")
        if role == "Translator":
            page.goto(f"{site}/admin/translations/")
            found = violations(page)
            if found:
                problems[f"report-{name}"] = found
            if name == "phone":
                screenshot(page, f"admin-translation-report-{name}")
        context.close()
    assert shown == dict.fromkeys(WIDTHS, PANELS[role])
    assert problems == {}
