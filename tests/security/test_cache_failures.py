"""Redis down: pages are made anew (and the failure logged), never a 500."""

import logging

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.models import Page
from tests.documents.factories import DocumentFactory
from tests.forum.factories import (
    CommitteeFactory,
    PageFactory,
    SessionFactory,
    SessionPhotoFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def redis_down(settings):
    """REDIS_URL on a port where nothing listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/7",
            "KEY_PREFIX": "bsf-test-down",
        }
    }
    settings.PUBLIC_PAGE_CACHE = True
    yield
    caches["default"].close()


def test_public_pages_are_served_uncached_and_the_failure_logged(client, caplog):
    document = DocumentFactory(title_en="Still readable")
    with caplog.at_level(logging.WARNING, logger="forum.core.cache"):
        for url in (
            "/en/",
            "/en/documents/",
            document.get_absolute_url(),
            "/en/feeds/documents/",
            "/sitemap.xml",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
    assert b"Still readable" in client.get("/en/documents/").content
    assert any("Page cache unreadable" in r.getMessage() for r in caplog.records)


def test_the_throttle_lets_requests_through(client, settings):
    settings.THROTTLE_RATE = "1/m"
    for n in range(3):
        assert client.get(f"/en/documents/?q=word{n}").status_code == 200


def test_staff_can_still_log_in(client, django_user_model):
    django_user_model.objects.create_user(
        "staff", password="correct horse battery", is_staff=True, is_superuser=True
    )
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "staff", "password": "correct horse battery"},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert client.get("/en/documents/?q=anything").status_code == 200


def test_new_pages_survive_redis_down(client):
    CommitteeFactory()
    SessionPhotoFactory(session=SessionFactory(number=3))
    PageFactory(slug="about", placement=Page.Placement.NAVIGATION)
    DocumentFactory(kind="press_release", slug="n1")
    for url in (
        "/en/pages/about/",
        "/en/news/",
        "/en/news/n1/",
        "/en/feeds/news/",
        "/en/sessions/participation/",
        "/en/sessions/calendar.ics",
        "/en/sessions/3/calendar.ics",
        "/en/sessions/3/",
        "/en/documents/n1/cite.bib",
        "/sitemap-institutional.xml",
    ):
        assert client.get(url).status_code == 200, url


def test_with_redis_down_pages_stay_within_the_query_budget(demo, client):
    """menu() is called for the navigation and for the footer, and each call reads the
    content version and the pages again when the cache is down: +4 queries on every HTML
    page (a session 10, a search 12, against the budget of 8 in test_query_counts)."""
    counts = {}
    for url in ("/en/sessions/3/", "/en/pages/about/", "/en/documents/?q=forum&kind=address"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[url] = len(queries)
    assert max(counts.values()) <= 8, counts
