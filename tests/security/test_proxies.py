"""
Addresses a request can claim: the client's own behind our proxies (X-Forwarded-For,
trusted only as far as TRUSTED_PROXY_COUNT says) and the links a page prints.
"""

import re
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.django_db

NGINX = "127.0.0.1"


@pytest.fixture(autouse=True)
def one_search_a_minute(settings):
    settings.THROTTLE_RATE = "1/m"


def search(client, n, forwarded=None, remote=NGINX):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return client.get(f"/en/documents/?q=w{n}", REMOTE_ADDR=remote, **headers).status_code


def test_without_a_trusted_proxy_the_header_is_ignored(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert search(client, 1, forwarded="198.51.100.1", remote="203.0.113.9") == 200
    # Another claimed address, the same connection: the same client.
    assert search(client, 2, forwarded="198.51.100.2", remote="203.0.113.9") == 429
    assert search(client, 3, remote="203.0.113.10") == 200


def test_behind_one_proxy_the_address_it_added_is_the_client(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # Real requests through nginx: two readers, one proxy address, two budgets.
    assert search(client, 1, forwarded="198.51.100.1") == 200
    assert search(client, 2, forwarded="198.51.100.2") == 200
    # A forged left-most entry does not make a new client; the right-most one decides.
    assert search(client, 3, forwarded="192.0.2.77, 198.51.100.1") == 429
    assert search(client, 4, forwarded="192.0.2.78, 198.51.100.2") == 429
    # With no header at all (a request that skipped the proxy), the connection counts.
    assert search(client, 5, remote="203.0.113.9") == 200


def test_behind_a_cdn_and_nginx_the_second_from_the_right_is_the_client(client, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    cdn = "198.51.100.200"
    assert search(client, 1, forwarded=f"192.0.2.1, 198.51.100.1, {cdn}") == 200
    assert search(client, 2, forwarded=f"192.0.2.2, 198.51.100.1, {cdn}") == 429
    assert search(client, 3, forwarded=f"198.51.100.2, {cdn}") == 200


def test_a_path_with_two_slashes_names_no_other_host(client):
    response = client.get("/en//evil.example/path")
    assert response.status_code == 404
    page = response.content.decode()
    hosts = {urlsplit(link).netloc for link in re.findall(r'href="([^"]*)"', page)}
    assert hosts <= {"", "testserver"}  # the switcher, hreflang and x-default links
    assert 'hreflang="x-default" href="http://testserver/evil.example/path"' in page
