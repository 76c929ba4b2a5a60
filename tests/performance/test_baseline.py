"""The baseline page lives in the tooling's urlconf only, outside the page cache."""

import pytest

from tests.performance import settings as performance_settings
from tests.performance.baseline import PATH

pytestmark = pytest.mark.django_db


def test_the_production_urls_have_no_benchmark_route(client):
    assert client.get("/_bench/baseline/").status_code == 404


@pytest.mark.urls("tests.performance.urls")
def test_the_tooling_serves_the_baseline_and_never_from_the_page_cache(client, settings):
    settings.MIDDLEWARE = performance_settings.MIDDLEWARE
    settings.TEMPLATES = performance_settings.TEMPLATES
    settings.PUBLIC_PAGE_CACHE = True
    response = client.get(PATH)
    assert response.status_code == 200
    assert "ETag" not in response
    # The site's pages in the same urlconf still go through the cache.
    assert "ETag" in client.get("/en/")
