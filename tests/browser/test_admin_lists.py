"""The admin's lists fit the screen: at 1280 px every column is in view without scrolling
sideways and long titles stop at two lines; at 375 px a phone still shows each row's
status and languages. Checked by measuring the boxes the browser lays out (screenshots
are kept in test-artifacts/ to look at, not relied on), and by axe (WCAG 2.2 AA)."""

import datetime

import pytest
from django.utils import timezone

from documents.models import Document, Kind
from forum.core.content import Status
from forum.models import Session
from tests.browser.conftest import WIDTHS, axe_violations, screenshot
from tests.browser.test_accessibility import needs_axe
from tests.browser.test_staff_flows import log_in, staff
from tests.documents.factories import DocumentFactory

pytestmark = pytest.mark.django_db(transaction=True)
LISTS = {
    "documents": "/admin/documents/document/",
    "sessions": "/admin/forum/session/",
}
LONG_TITLE = (
    "Report of the working group on the protection of critical energy infrastructure "
    "in the Caspian region, its ports and its pipelines, No. {}"
)

# Box measurements, in the page: what sticks out, what overlaps, how tall titles are.
MEASURE = """() => {
    const rect = el => el.getBoundingClientRect();
    const visible = el => { const r = rect(el); return r.width > 0 && r.height > 0; };
    const table = document.querySelector('#result_list');
    const content = document.querySelector('#content');
    const padding = parseFloat(getComputedStyle(content).paddingRight);
    const titles = [...document.querySelectorAll('#result_list tbody .clamped')].map(el => {
        const style = getComputedStyle(el);
        return {height: rect(el).height, line: parseFloat(style.lineHeight),
                text: el.textContent, title: el.title};
    });
    const cells = name => [...document.querySelectorAll(`#result_list td.field-${name}`)]
        .filter(visible).map(el => ({left: rect(el).left, right: rect(el).right}));
    const parts = ['#header', '.breadcrumbs', '#toolbar', '.actions', '#changelist-filter',
                   '#result_list', '.paginator']
        .flatMap(s => [...document.querySelectorAll(s)]).filter(visible)
        .map(el => ({name: el.id || el.className, ...rect(el).toJSON()}));
    // Within the table: the cells of one row side by side, none on another.
    const row = document.querySelector('#result_list tbody tr');
    const rowCells = [...row.children].filter(visible)
        .map(el => ({name: el.className, ...rect(el).toJSON()}));
    return {
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        tableRight: rect(table).right,
        contentRight: rect(content).right - padding,
        resultsScroll: [table.parentElement.scrollWidth, table.parentElement.clientWidth],
        titles, parts, rowCells,
        status: cells('status_badge'),
        languages: cells('missing_languages'),
    };
}"""


def overlapping(boxes):
    """Pairs of boxes whose areas overlap (touching edges do not count)."""
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if (
                min(a["right"], b["right"]) - max(a["left"], b["left"]) > 0.5
                and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5
            ):
                found.append((a["name"], b["name"]))
    return found


@pytest.fixture
def crowded(site):
    """The demo, and thirty more documents with 130-character titles, some of them
    scheduled, in review or missing a language."""
    sessions = list(Session.objects.order_by("number"))
    soon = timezone.now() + datetime.timedelta(days=3)
    for n in range(30):
        title = LONG_TITLE.format(n + 1)
        DocumentFactory(
            kind=list(Kind)[n % len(Kind)],
            slug=f"long-title-{n}",
            symbol=f"BSF/{n % 3 + 1}/WG/{n:03}",
            session=sessions[n % len(sessions)],
            title_en=title,
            title_ru=f"Доклад рабочей группы о защите критической энергетической "
            f"инфраструктуры Каспийского региона, его портов и трубопроводов, № {n + 1}",
            title_az="" if n % 4 == 0 else f"{title} (az)",
            **(
                {"published_at": soon}
                if n % 5 == 0
                else {"status": Status.IN_REVIEW, "published_at": None}
                if n % 5 == 1
                else {}
            ),
        )
    assert Document.objects.filter(title_en__startswith="Report of the working").count() == 30
    return site


def check_fits(page, name):
    found = page.evaluate(MEASURE)
    width = found["innerWidth"]
    assert found["scrollWidth"] <= width, f"{name}: the page scrolls sideways"
    assert overlapping(found["parts"]) == [], name
    assert overlapping(found["rowCells"]) == [], name
    assert found["status"], f"{name}: no status shown"
    for cell in found["status"] + found["languages"]:
        assert 0 <= cell["left"] and cell["right"] <= width, f"{name}: a badge is off-screen"
    for title in found["titles"]:
        assert title["height"] <= 2 * title["line"] + 1, f"{name}: {title['text'][:40]}…"
        assert title["title"] == title["text"]
    return found


@pytest.mark.parametrize("role", ["Editor", "Publisher"])
@pytest.mark.parametrize("name", LISTS)
def test_lists_fit_the_desktop_and_the_phone(crowded, browser, django_user_model, role, name):
    staff(django_user_model, role.lower(), role)
    context = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": 900})
    page = context.new_page()
    log_in(page, crowded, role.lower())
    page.goto(crowded + LISTS[name])
    screenshot(page, f"admin-list-{name}-{role.lower()}-desktop")
    found = check_fits(page, f"{name} at 1280 px")
    assert found["tableRight"] <= found["contentRight"] + 0.5
    assert found["resultsScroll"][0] <= found["resultsScroll"][1], "the table scrolls"
    assert found["languages"], "no languages column"
    if name == "documents":
        assert any(t["text"].startswith("Report of the working") for t in found["titles"])

    page.set_viewport_size({"width": WIDTHS["phone"], "height": 800})
    screenshot(page, f"admin-list-{name}-{role.lower()}-phone")
    found = check_fits(page, f"{name} at 375 px")
    assert found["languages"], "no languages column"
    context.close()


@needs_axe
@pytest.mark.parametrize("width", WIDTHS)
def test_lists_have_no_accessibility_violations(crowded, browser, django_user_model, width):
    staff(django_user_model, "publisher", "Publisher")
    # axe is injected as a script: the admin's policy forbids that, on purpose.
    context = browser.new_context(
        viewport={"width": WIDTHS[width], "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    log_in(page, crowded, "publisher")
    problems = {}
    for name, path in LISTS.items():
        page.goto(crowded + path)
        found = axe_violations(page)
        if found:
            problems[name] = found
    context.close()
    assert problems == {}
