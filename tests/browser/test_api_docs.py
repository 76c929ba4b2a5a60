"""The open-data API's documentation in a real browser: Swagger UI from this site alone,
under the site's Content-Security-Policy, reading the live schema and calling the API."""

import pytest

from tests.browser.conftest import WIDTHS, axe_violations, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_documentation_runs_under_the_csp_with_nothing_from_elsewhere(site, page):
    violations, elsewhere, errors = [], [], []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("request", lambda r: not r.url.startswith(site) and elsewhere.append(r.url))
    page.expose_function("violated", lambda text: violations.append(text))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation',"
        " e => window.violated(e.violatedDirective + ' ' + e.blockedURI))"
    )
    page.goto(f"{site}/api/v1/docs/")
    page.get_by_text("Baku Security Forum: open data API").first.wait_for()
    operations = page.locator(".opblock-summary-path")
    operations.first.wait_for()
    paths = set(operations.all_inner_texts())
    assert {"/api/v1/documents/", "/api/v1/sessions/{number}/"} <= {
        p.replace("\u200b", "") for p in paths
    }

    # Try the document list with a filter, as a reader of the docs would.
    page.locator("#operations-documents-documents_list .opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.locator("#operations-documents-documents_list input[placeholder='q']").fill("forum")
    page.get_by_role("button", name="Execute").click()
    status = page.locator(
        "#operations-documents-documents_list .live-responses-table tbody .response-col_status"
    )
    status.first.wait_for()
    assert status.first.inner_text().strip() == "200"
    screenshot(page, "api-documentation")

    assert not violations, violations
    assert not elsewhere, elsewhere
    assert not errors, errors


@pytest.mark.parametrize("width", WIDTHS.values())
def test_the_documentation_passes_axe(site, browser, width):
    # axe is injected as a script, which the site's policy forbids: this context ignores it.
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{site}/api/v1/docs/")
    page.locator(".opblock-summary-path").first.wait_for()
    page.locator("#operations-documents-documents_list .opblock-summary").click()
    page.get_by_role("button", name="Try it out").wait_for()
    violations = axe_violations(page)
    assert violations == [], "\n".join(violations)
    context.close()
