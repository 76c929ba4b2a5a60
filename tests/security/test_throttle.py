"""Expensive requests (searches, filters, filtered feeds) are limited per anonymous client."""

import pytest
from django.test import Client

from tests.documents.factories import DocumentFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def two_a_minute(settings):
    settings.THROTTLE_RATE = "2/m"


def test_a_client_looping_over_searches_gets_a_429_page_in_its_language(client):
    assert client.get("/ru/documents/?q=one").status_code == 200
    assert client.get("/ru/documents/?q=two").status_code == 200
    refused = client.get("/ru/documents/?q=three")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 65
    page = refused.content.decode()
    assert '<html lang="ru"' in page
    assert "<h1>Слишком много запросов</h1>" in page
    assert f"Попробуйте снова через {refused['Retry-After']} секунд" in page
    assert 'hreflang="az"' in page  # the site's own page: header, language switcher


def test_filters_and_filtered_feeds_count_too(client):
    assert client.get("/en/documents/?kind=address&year=2025").status_code == 200
    assert client.get("/en/feeds/documents/?q=peace").status_code == 200
    assert client.get("/en/feeds/documents/?country=FR").status_code == 429
    assert client.get("/en/documents/?sort=title").status_code == 429


def test_plain_pages_and_the_plain_feed_are_not_limited(client):
    DocumentFactory()
    client.get("/en/documents/?q=one")
    client.get("/en/documents/?q=two")
    assert client.get("/en/documents/?q=three").status_code == 429
    assert client.get("/en/documents/").status_code == 200
    assert client.get("/en/documents/?page=1").status_code == 200
    assert client.get("/en/feeds/documents/").status_code == 200
    assert client.get("/en/").status_code == 200


def test_a_cached_search_never_counts(client, settings):
    settings.PUBLIC_PAGE_CACHE = True
    assert client.get("/en/documents/?q=peace").status_code == 200
    for _ in range(10):
        assert client.get("/en/documents/?q=peace").status_code == 200  # served from cache
    assert client.get("/en/documents/?q=war").status_code == 200
    assert client.get("/en/documents/?q=treaty").status_code == 429


def test_each_client_has_its_own_budget_and_staff_have_none(client, django_user_model):
    for n in range(3):
        client.get(f"/en/documents/?q=a{n}", REMOTE_ADDR="198.51.100.7")
    assert client.get("/en/documents/?q=b", REMOTE_ADDR="198.51.100.7").status_code == 429
    assert client.get("/en/documents/?q=b", REMOTE_ADDR="198.51.100.8").status_code == 200
    editor = Client(REMOTE_ADDR="198.51.100.7")
    editor.force_login(django_user_model.objects.create_user("editor", is_staff=True))
    for n in range(5):
        assert editor.get(f"/en/documents/?q=c{n}").status_code == 200


def test_every_app_server_counts_together_through_redis(client, redis_cache):
    assert client.get("/en/documents/?q=one").status_code == 200
    assert client.get("/en/documents/?q=two").status_code == 200
    assert client.get("/en/documents/?q=three").status_code == 429
    # The count is in Redis, where every app server reads and adds to it.
    assert redis_cache._cache.get_client().keys("bsf-test:*")
