"""
Hostile and arbitrary input at every public URL and every filter: never a 5xx, and a bad
filter value is a form error. Property-based (hypothesis), with a bounded example count
so that CI stays fast (HYPOTHESIS_PROFILE=thorough runs many more).
"""

import os
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.documents.factories import AddressFactory, DeclarationFactory, InitiativeFactory
from tests.forum.factories import CommitteeFactory, SessionFactory

pytestmark = pytest.mark.django_db
settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile("thorough", parent=settings.get_profile("ci"), max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

FILTERS = [
    "q",
    "kind",
    "session",
    "year",
    "date_from",
    "date_to",
    "author",
    "country",
    "language",
    "sort",
    "page",
]
PATHS = [
    "/{lang}/",
    "/{lang}/sessions/",
    "/{lang}/sessions/{value}/",
    "/{lang}/committee/",
    "/{lang}/documents/",
    "/{lang}/documents/{value}/",
    "/{lang}/documents/{value}/initiatives/{value}/",
    "/{lang}/documents/{value}/files/{value}/{value}",
    "/{lang}/feeds/documents/",
    "/sitemap.xml",
    "/sitemap-{value}.xml",
    "/{value}",
]
NASTY = [
    "' OR 1=1 --",
    "'; DROP TABLE documents_document; --",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "\x00",
    "%00",
    "%ff%fe",
    "%c0%af",
    "../../etc/passwd",
    "x" * 5000,
    "9" * 40,
    "-1",
    "0",
    "1e309",
    "NaN",
    "\ud800",
    "Ы" * 300,
    "{{ 7*7 }}",
    "${7*7}",
    "()&%",
    "\r\nSet-Cookie: x=1",
]
values = st.one_of(st.sampled_from(NASTY), st.text(max_size=300), st.integers().map(str))
langs = st.sampled_from(["az", "en", "ru", "de", "xx", "", "AZ", "en-us", "%00"])


@pytest.fixture
def site():
    session = SessionFactory(number=3)
    declaration = DeclarationFactory(session=session, slug="declaration")
    AddressFactory(session=session)
    InitiativeFactory(declaration=declaration, number=1)
    CommitteeFactory()


def quoted(value):
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


@given(path=st.sampled_from(PATHS), lang=langs, value=values)
def test_no_public_url_answers_5xx(site, path, lang, value):
    url = path.format(lang=lang, value=quoted(value)).replace("//", "/")
    response = Client().get(url)
    assert response.status_code < 500, url


@given(params=st.lists(st.tuples(st.sampled_from(FILTERS), values), max_size=6))
def test_no_filter_value_causes_a_5xx(site, params):
    query = "&".join(f"{name}={quoted(value)}" for name, value in params)
    client = Client()
    for url in (f"/en/documents/?{query}", f"/ru/feeds/documents/?{query}"):
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code == 400 and url.startswith("/en/documents/"):
            assert response.context["filter"].form.errors


@given(
    name=st.sampled_from(["year", "session", "kind", "date_from", "country", "language"]),
    value=st.sampled_from(["abc", "' OR 1=1 --", "<b>", "99999999999999999999"]),
)
def test_bad_filter_values_are_form_errors(site, name, value):
    response = Client().get("/en/documents/", {name: value})
    assert response.status_code == 400
    assert name in response.context["filter"].form.errors


@given(value=st.sampled_from(["2025", "address", "3"]), count=st.integers(2, 30))
def test_repeated_parameters(site, value, count):
    response = Client().get("/en/documents/?" + "&".join([f"year={value}"] * count))
    assert response.status_code in (200, 400)
