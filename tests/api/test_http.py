"""The API over HTTP: cached and invalidated as the pages are, conditional requests, CORS,
a stated rate limit, a cache that fails, and its documentation under the site's CSP."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.core import workflow
from forum.core.content import Status, Via
from tests.documents.factories import AddressFactory, DocumentFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cache_on(settings):
    settings.PUBLIC_PAGE_CACHE = True


def test_an_answer_is_cached_and_dropped_when_content_changes(cache_on, client):
    document = DocumentFactory(title_en="Before")
    first = client.get("/api/v1/documents/")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/api/v1/documents/")
    assert again.content == first.content and len(queries) == 0
    document.title_en = "After"
    workflow.save(document, None, Via.SHELL)
    assert client.get("/api/v1/documents/").json()["results"][0]["languages"]["en"]["title"] == (
        "After"
    )
    workflow.move([document], Status.WITHDRAWN, None)
    assert client.get("/api/v1/documents/").json()["count"] == 0
    assert client.get(f"/api/v1/documents/{document.slug}/").status_code == 404


def test_conditional_requests_get_a_304_until_content_changes(cache_on, client):
    DocumentFactory()
    response = client.get("/api/v1/documents/")
    etag, modified = response["ETag"], response["Last-Modified"]
    assert client.get("/api/v1/documents/", headers={"if-none-match": etag}).status_code == 304
    assert (
        client.get("/api/v1/documents/", headers={"if-modified-since": modified}).status_code
        == 304
    )
    DocumentFactory()
    assert client.get("/api/v1/documents/", headers={"if-none-match": etag}).status_code == 200


def test_each_language_of_the_labels_is_its_own_cached_answer(cache_on, client):
    AddressFactory()
    english = client.get("/api/v1/documents/", headers={"accept-language": "en"})
    russian = client.get("/api/v1/documents/", headers={"accept-language": "ru"})
    assert english.json()["results"][0]["kind_label"] == "Address"
    assert russian.json()["results"][0]["kind_label"] == "Обращение"
    assert english["ETag"] != russian["ETag"]
    assert "Accept-Language" in russian["Vary"]
    # A Russian ETag does not make an English request a 304.
    assert (
        client.get(
            "/api/v1/documents/",
            headers={"accept-language": "en", "if-none-match": russian["ETag"]},
        ).status_code
        == 200
    )


def test_parameters_the_api_does_not_read_make_no_answer_of_their_own(cache_on, client):
    DocumentFactory()
    plain = client.get("/api/v1/documents/")
    tracked = client.get("/api/v1/documents/?utm_source=x")
    assert tracked["ETag"] == plain["ETag"]


def test_cors_is_open_for_reading(client):
    DocumentFactory()
    response = client.get("/api/v1/documents/", headers={"origin": "https://example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "X-Total-Count" in response["Access-Control-Expose-Headers"]
    assert "Content-Disposition" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/documents/",
        headers={
            "origin": "https://example.org",
            "access-control-request-method": "GET",
            "access-control-request-headers": "if-none-match",
        },
    )
    assert preflight.status_code == 200
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    # The site's pages are not opened to other sites' scripts.
    page = client.get("/en/documents/", headers={"origin": "https://example.org"})
    assert "Access-Control-Allow-Origin" not in page


def test_cors_headers_come_with_cached_answers_too(cache_on, client):
    DocumentFactory()
    client.get("/api/v1/documents/")
    cached = client.get("/api/v1/documents/", headers={"origin": "https://example.org"})
    assert cached["Access-Control-Allow-Origin"] == "*"


def test_a_client_over_the_rate_gets_a_429_with_retry_after(client, settings):
    settings.API_THROTTLE_RATE = "2/m"
    DocumentFactory()
    assert client.get("/api/v1/documents/?q=one").status_code == 200
    assert client.get("/api/v1/documents/?q=two").status_code == 200
    refused = client.get("/api/v1/documents/?q=three")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "detail" in refused.json()


def test_an_ipv6_client_is_counted_by_its_network(client, settings):
    settings.API_THROTTLE_RATE = "2/m"
    statuses = [
        client.get(f"/api/v1/documents/?q=word{n}", REMOTE_ADDR=f"2001:db8::{n}").status_code
        for n in range(1, 5)
    ]
    assert statuses == [200, 200, 429, 429]
    # Another network has its own budget.
    assert client.get("/api/v1/documents/", REMOTE_ADDR="2001:db8:1::1").status_code == 200


def test_cached_answers_do_not_count_against_the_rate(cache_on, client, settings):
    settings.API_THROTTLE_RATE = "2/m"
    DocumentFactory()
    for _ in range(5):
        assert client.get("/api/v1/documents/").status_code == 200


def test_the_schema_is_made_once_and_counts_against_the_rate(client, settings):
    settings.API_THROTTLE_RATE = "2/m"
    first = client.get("/api/v1/schema/")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/api/v1/schema/")
    assert again.content == first.content and len(queries) == 0
    assert client.get("/api/v1/schema/").status_code == 429


def test_the_documentation_refuses_an_unknown_language_with_or_without_cache(client, settings):
    for cached in (False, True):
        settings.PUBLIC_PAGE_CACHE = cached
        assert client.get("/api/v1/docs/", {"lang": "xx"}).status_code == 400


def test_the_rate_is_stated_in_the_documentation(client, settings):
    settings.API_THROTTLE_RATE = "45/m"
    schema = client.get("/api/v1/schema/").json()
    assert "45 requests a minute" in " ".join(schema["info"]["description"].split())


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/7",
        }
    }
    settings.PUBLIC_PAGE_CACHE = True
    yield
    caches["default"].close()


def test_with_the_cache_down_the_api_answers_unthrottled(redis_down, client, settings):
    settings.API_THROTTLE_RATE = "1/m"
    DocumentFactory(title_en="Still there")
    for _ in range(3):
        response = client.get("/api/v1/documents/")
        assert response.status_code == 200
    assert response.json()["results"][0]["languages"]["en"]["title"] == "Still there"


def test_the_documentation_is_served_from_this_site_under_its_csp(client, settings):
    settings.STATIC_URL = "/static/"
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>" not in html  # no inline script: the start-up script is a file
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(source.startswith("/") for source in sources), sources
    static = [s.removeprefix(settings.STATIC_URL) for s in sources if s.startswith("/static/")]
    assert len(static) == 5 and all(finders.find(path) for path in static), static
    assert 'data-schema-url="/api/v1/schema/"' in html
    # Read-only and anonymous: no cookie, no CSRF token.
    assert not page.cookies and "csrf" not in html.lower()


def test_the_schema_is_openapi_3_in_json_and_yaml(client):
    schema = client.get("/api/v1/schema/")
    assert schema.json()["openapi"].startswith("3.")
    paths = schema.json()["paths"]
    assert "/api/v1/documents/" in paths and "/api/v1/sessions/{number}/" in paths
    parameters = {p["name"] for p in paths["/api/v1/documents/"]["get"]["parameters"]}
    assert {"kind", "session", "year", "q", "sort", "page", "page_size", "lang"} <= parameters
    assert client.get("/api/v1/schema.yaml").content.startswith(b"openapi: 3.")
