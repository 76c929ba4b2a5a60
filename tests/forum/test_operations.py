"""
What a load balancer, a CDN and an operator need of each app server: /healthz and /readyz,
logs as one JSON object a line with the request's id, a line for each slow request, a
clean 503 in the reader's language while the database is out of reach, and the
Cache-Control a CDN reads.
"""

import datetime
import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import close_old_connections, connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.documents.factories import DocumentFactory

pytestmark = pytest.mark.django_db(transaction=True)

CDN_PAGE = "public, max-age=0, s-maxage=60, stale-while-revalidate=30"


@pytest.fixture
def cache_down(settings):
    """The cache in a Redis on a port where nothing listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    yield
    caches["default"].close()


@pytest.fixture
def database_down(transactional_db):
    """The database out of reach for real: the connection closed and pointed at a port
    where nothing listens, so the next query fails to connect. Restored before the test's
    database is emptied."""
    saved = dict(connection.settings_dict)

    def back():
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)

    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT="1")
    yield back
    back()


@pytest.fixture
def reader():
    """A client that gets the server's answer to an exception, as a browser would."""
    return Client(raise_request_exception=False)


@pytest.fixture
def cdn(settings):
    settings.PUBLIC_PAGE_CACHE = True
    settings.CDN_MAX_AGE = 60
    settings.CDN_STALE_WHILE_REVALIDATE = 30


# Health


def test_healthz_answers_any_host_over_plain_http_without_database(client, settings):
    settings.ALLOWED_HOSTS = ["bakusecurityforum.example"]
    settings.SECURE_SSL_REDIRECT = True
    settings.PUBLIC_PAGE_CACHE = True
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz", headers={"host": "10.0.0.7:8001"})
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"
    assert len(queries) == 0


def test_healthz_does_not_ask_the_cache(client, cache_down):
    assert client.get("/healthz").status_code == 200


def test_healthz_refuses_other_methods(client):
    assert client.post("/healthz").status_code == 405


def test_readyz_says_database_and_cache_answer(client, settings):
    settings.ALLOWED_HOSTS = ["bakusecurityforum.example"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/readyz", headers={"host": "127.0.0.1:8001"})
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readyz_names_a_cache_that_is_down(client, cache_down, caplog):
    with caplog.at_level(logging.WARNING, logger="forum.core.health"):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "error"}
    assert "cache does not answer" in caplog.text


def test_readyz_names_a_database_that_is_down(client, database_down):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"database": "error", "cache": "ok"}


def test_the_health_addresses_are_no_pages_of_the_site(client):
    sitemap = client.get("/sitemap.xml").content + client.get("/sitemap-pages.xml").content
    assert b"healthz" not in sitemap and b"readyz" not in sitemap
    assert client.get("/healthz/").status_code != 200  # no language redirect, no page


def test_a_connection_broken_by_a_database_restart_is_replaced(client):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    other = connections.create_connection("default")
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()
    close_old_connections()  # what the start of each request does
    assert client.get("/readyz").status_code == 200


# Logs


@pytest.fixture
def log_lines():
    """The lines the console handler would write, through its own formatter and filters."""
    console = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(console.formatter)
    for log_filter in console.filters:
        handler.addFilter(log_filter)
    logging.getLogger().addHandler(handler)
    yield lambda: stream.getvalue().splitlines()
    logging.getLogger().removeHandler(handler)


def test_log_lines_are_json_objects_with_the_given_request_id(client, log_lines):
    response = client.get("/en/no-such-page/", headers={"x-request-id": "f3b2a1c0d9e8"})
    assert response.status_code == 404
    assert response["X-Request-ID"] == "f3b2a1c0d9e8"
    records = [json.loads(line) for line in log_lines()]
    not_found = next(record for record in records if record["logger"] == "django.request")
    assert not_found["request_id"] == "f3b2a1c0d9e8"
    assert not_found["level"] == "WARNING"
    assert "/en/no-such-page/" in not_found["message"]
    assert "request" not in not_found  # the request object stays out of the log
    assert datetime.datetime.fromisoformat(not_found["time"]).utcoffset() is not None


@pytest.mark.parametrize("given", ["evil\nFAKE level=ERROR", "x" * 500, "a b", "<script>"])
def test_a_hostile_request_id_is_replaced(client, log_lines, given):
    response = client.get("/en/no-such-page/", headers={"x-request-id": given})
    made = response["X-Request-ID"]
    assert made != given and len(made) == 32
    records = [json.loads(line) for line in log_lines()]
    assert {record["request_id"] for record in records} == {made}


def test_a_request_without_an_id_gets_one(client):
    first = client.get("/healthz/")["X-Request-ID"]
    second = client.get("/healthz/")["X-Request-ID"]
    assert first != second and len(first) == 32


def test_an_exception_is_one_line_with_its_traceback_as_a_string(log_lines):
    try:
        raise ValueError("first\nsecond")
    except ValueError:
        logging.getLogger("forum.test").exception("It failed\nbadly")
    lines = log_lines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["message"] == "It failed\nbadly"
    assert record["exc_info"].startswith("Traceback") and "ValueError: first" in record["exc_info"]
    assert record["request_id"] == "none"


def log_in_a_new_process(**environ):
    """What a fresh process with these settings writes for one warning."""
    env = {key: value for key, value in os.environ.items() if key != "LOG_FORMAT"}
    script = "import django, logging; django.setup(); logging.getLogger('forum.x').warning('hi')"
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[2],
        env={**env, **environ, "DJANGO_SETTINGS_MODULE": "forum.project.settings"},
        capture_output=True,
        text=True,
    )


def test_log_format_is_json_by_default_and_text_on_request():
    [line] = log_in_a_new_process().stderr.splitlines()
    assert json.loads(line)["message"] == "hi"
    text = log_in_a_new_process(LOG_FORMAT="text").stderr
    assert text.rstrip().endswith(" WARNING forum.x [none] hi")
    refused = log_in_a_new_process(LOG_FORMAT="xml")
    assert refused.returncode != 0 and "LOG_FORMAT" in refused.stderr


def test_a_slow_request_is_logged_once_without_its_query_string(client, settings, caplog):
    settings.SLOW_REQUEST_SECONDS = 0.000001
    DocumentFactory()
    with caplog.at_level(logging.WARNING, logger="forum.requests"):
        client.get("/en/documents/?q=my+own+name", headers={"x-request-id": "slow-1"})
    [record] = [r for r in caplog.records if r.name == "forum.requests"]
    assert record.levelname == "WARNING"
    assert (record.method, record.path, record.status) == ("GET", "/en/documents/", 200)
    assert record.duration_ms >= 0 and record.queries > 0
    assert "my own name" not in record.getMessage() and "q=" not in record.getMessage()
    assert record.request_id == "slow-1"


def test_no_slow_request_is_logged_at_zero(client, settings, caplog):
    settings.SLOW_REQUEST_SECONDS = 0
    with caplog.at_level(logging.WARNING, logger="forum.requests"):
        client.get("/en/")
    assert not [r for r in caplog.records if r.name == "forum.requests"]


# The database out of reach


@pytest.mark.parametrize("page_cache", [True, False], ids=["page cache", "no page cache"])
@pytest.mark.parametrize(
    ("path", "headers", "language", "heading"),
    [
        ("/az/documents/", {}, "az", "Müvəqqəti olaraq əlçatan deyil"),
        ("/en/documents/", {"accept-language": "ru"}, "en", "Temporarily unavailable"),
        ("/ru/", {}, "ru", "Временно недоступно"),
        ("/sitemap.xml", {"accept-language": "ru,en;q=0.5"}, "ru", "Временно недоступно"),
        ("/sitemap.xml", {}, "en", "Temporarily unavailable"),
    ],
)
def test_with_the_database_down_a_reader_gets_a_503_in_their_language(
    reader, database_down, settings, caplog, page_cache, path, headers, language, heading
):
    settings.PUBLIC_PAGE_CACHE = page_cache
    with caplog.at_level(logging.WARNING):
        response = reader.get(path, headers=headers)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Language"] == language
    page = response.content.decode()
    assert f'<html lang="{language}">' in page and f"<h1>{heading}</h1>" in page
    assert "Traceback" not in page and "OperationalError" not in page
    [line] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert line.name == "forum.requests" and line.levelname == "WARNING"
    assert "503" in line.getMessage() and not line.exc_info


def test_with_the_database_down_a_staff_session_gets_the_503_too(reader, database_down):
    reader.cookies["sessionid"] = "a-session-of-staff"
    response = reader.get("/en/documents/")
    assert response.status_code == 503
    assert "no-store" in response["Cache-Control"]


def test_with_the_database_down_the_api_answers_json(reader, database_down):
    response = reader.get("/api/v1/documents/", headers={"accept-language": "ru"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {
        "detail": "Сервис ненадолго недоступен. Пожалуйста, повторите попытку позже."
    }
    english = reader.get("/api/v1/documents/?lang=en").json()
    assert english == {"detail": "The service is briefly unavailable. Please try again shortly."}


def test_other_errors_are_still_the_500_page(reader, monkeypatch):
    from documents import views

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views.HomeView, "get", broken)
    response = reader.get("/en/")
    assert response.status_code == 500
    assert b"Server error" in response.content


def test_the_site_answers_again_once_the_database_is_back(client, database_down):
    assert client.get("/readyz").status_code == 503
    database_down()  # back
    assert client.get("/readyz").status_code == 200


# What a CDN may keep


def test_a_public_page_may_be_kept_by_a_cdn(client, cdn, settings):
    DocumentFactory()
    page = client.get("/en/documents/")
    assert page["Cache-Control"] == CDN_PAGE
    hit = client.get("/en/documents/")
    assert hit["Cache-Control"] == CDN_PAGE and hit["ETag"] == page["ETag"]
    not_modified = client.get("/en/documents/", headers={"if-none-match": page["ETag"]})
    assert not_modified.status_code == 304
    assert not_modified["Cache-Control"] == CDN_PAGE and not_modified["ETag"] == page["ETag"]
    # A change of the settings holds for pages already in the cache.
    settings.CDN_MAX_AGE = 0
    assert client.get("/en/documents/")["Cache-Control"] == "public, max-age=0, must-revalidate"
    settings.CDN_MAX_AGE, settings.CDN_STALE_WHILE_REVALIDATE = 120, 0
    assert client.get("/en/documents/")["Cache-Control"] == "public, max-age=0, s-maxage=120"


def test_an_api_answer_may_be_kept_by_a_cdn_per_language(client, cdn):
    response = client.get("/api/v1/documents/")
    assert response["Cache-Control"] == CDN_PAGE
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize("page_cache", [True, False])
def test_whatever_staff_see_no_shared_cache_keeps(staff_client, cdn, settings, page_cache):
    settings.PUBLIC_PAGE_CACHE = page_cache
    draft = DocumentFactory(draft=True)
    for path in ("/en/documents/", "/en/", draft.get_absolute_url(), f"/{settings.ADMIN_URL}"):
        response = staff_client.get(path)
        assert response.status_code == 200, path
        control = response["Cache-Control"]
        assert "private" in control and "no-store" in control, path
        assert "public" not in control and "s-maxage" not in control, path


def test_the_admin_login_is_kept_by_no_cache(client, settings):
    control = client.get(f"/{settings.ADMIN_URL}login/")["Cache-Control"]
    assert "private" in control and "no-store" in control


def test_the_bulk_files_keep_their_own_headers_for_staff_too(staff_client, cdn):
    DocumentFactory()
    response = staff_client.get("/data/documents.csv")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
