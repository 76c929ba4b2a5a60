"""Every control of every public page type can be reached with Tab, with a visible focus."""

import pytest

from tests.browser.test_reader_flows import PAGES

pytestmark = pytest.mark.django_db(transaction=True)
FOCUSABLE = """() => [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])'
)].filter(e => !e.disabled && e.getClientRects().length > 0).length"""
ACTIVE = """() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  return {
    key: [...document.querySelectorAll('*')].indexOf(e) + ' ' + e.outerHTML.slice(0, 80),
    ring: style.outlineStyle !== 'none' && style.outlineWidth !== '0px',
  };
}"""


@pytest.mark.parametrize("name", PAGES)
def test_every_control_is_reached_with_a_visible_focus(site, page, name):
    page.goto(site + PAGES[name].format(lang="en"))
    expected = page.evaluate(FOCUSABLE)
    reached, without_ring = set(), []
    for _ in range(2 * expected + 10):  # a date field takes a Tab per part
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        if active["key"].split(" ", 1)[1].startswith("<body"):
            break
        reached.add(active["key"])
        if not active["ring"]:
            without_ring.append(active["key"][:80])
    assert len(reached) >= expected, f"{len(reached)} of {expected} controls reached"
    assert without_ring == []
