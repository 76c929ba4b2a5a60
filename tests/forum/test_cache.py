"""Cached public pages: served again without the database, and stale the moment content changes."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from documents.models import Initiative
from forum.core import workflow
from forum.core.cache import current_version
from forum.core.content import Status, Via
from forum.core.models import ContentVersion
from tests.documents.factories import DocumentFactory, InitiativeFactory
from tests.forum.factories import SessionFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.PUBLIC_PAGE_CACHE = True


def get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def test_a_page_is_served_from_the_cache_the_second_time(client):
    DocumentFactory(title_en="Cached one")
    first, first_queries = get(client, "/en/documents/")
    second, second_queries = get(client, "/en/documents/")
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert first_queries > 1
    assert second_queries == 0  # the content version is beside the page, in the cache


def test_each_language_and_query_string_is_its_own_page(client):
    DocumentFactory(title_en="Kind test", kind="address")
    english = client.get("/en/documents/").content
    russian = client.get("/ru/documents/").content
    filtered = client.get("/en/documents/?kind=declaration").content
    assert english != russian and english != filtered
    assert b"Kind test" not in filtered


@pytest.mark.parametrize(
    ("change", "visible"),
    [
        (lambda doc: setattr(doc, "status", Status.WITHDRAWN), False),
        (lambda doc: setattr(doc, "title_en", "Retitled"), True),
    ],
)
def test_an_edit_or_withdrawal_shows_at_once(client, change, visible):
    document = DocumentFactory(title_en="Before")
    assert b"Before" in client.get("/en/documents/").content
    assert client.get(document.get_absolute_url()).status_code == 200
    change(document)
    workflow.save(document, None, Via.SHELL)
    listing = client.get("/en/documents/").content
    assert b"Before" not in listing
    assert (b"Retitled" in listing) is visible
    assert client.get(document.get_absolute_url()).status_code == (200 if visible else 404)


def test_publishing_and_deleting_show_at_once(client):
    assert b"Fresh" not in client.get("/en/").content
    document = DocumentFactory(title_en="Fresh")
    assert b"Fresh" in client.get("/en/").content
    workflow.move([document], Status.WITHDRAWN, None)
    document.delete()
    assert b"Fresh" not in client.get("/en/").content


def test_a_scheduled_time_passing_shows_at_once(client):
    release = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=2)
    DocumentFactory(title_en="Scheduled", published_at=release)
    SessionFactory(number=1)  # any later save keeps the next release time
    assert b"Scheduled" not in client.get("/en/documents/").content
    with time_machine.travel(release + datetime.timedelta(seconds=1), tick=False):
        assert b"Scheduled" in client.get("/en/documents/").content


def test_conditional_get(client):
    DocumentFactory()
    response = client.get("/en/documents/")
    etag, modified = response["ETag"], response["Last-Modified"]
    # Browsers ask again each time; a CDN may keep the page a stated time (test_operations).
    assert response["Cache-Control"].startswith("public, max-age=0, s-maxage=")
    assert client.get("/en/documents/", headers={"if-none-match": etag}).status_code == 304
    assert client.get("/en/documents/", headers={"if-modified-since": modified}).status_code == 304
    assert client.get("/en/feeds/documents/", headers={"if-none-match": etag}).status_code == 200
    DocumentFactory()
    assert client.get("/en/documents/", headers={"if-none-match": etag}).status_code == 200


def test_staff_pages_and_previews_are_never_cached(django_user_model):
    staff = django_user_model.objects.create_superuser("staff", "s@example.org", "pw")
    draft = DocumentFactory(draft=True, title_en="Draft preview")
    editor = Client()
    editor.force_login(staff)
    preview = editor.get(draft.get_absolute_url())
    assert preview.status_code == 200 and "ETag" not in preview
    assert Client().get(draft.get_absolute_url()).status_code == 404
    # And the public page an editor saw is not what the public is then served.
    DocumentFactory(title_en="Public")
    editor.get("/en/documents/")
    assert b"Draft preview" not in Client().get("/en/documents/").content


def test_error_pages_are_not_cached(client):
    assert client.get("/en/documents/?year=abc").status_code == 400
    assert client.get("/en/documents/no-such/").status_code == 404
    DocumentFactory(slug="no-such")
    assert client.get("/en/documents/no-such/").status_code == 200


def test_a_cached_page_keeps_its_security_headers(client):
    DocumentFactory()
    client.get("/en/documents/")
    hit = client.get("/en/documents/")
    assert hit["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in hit["Content-Security-Policy"]
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert hit["Content-Type"] == "text/html; charset=utf-8"


def test_pages_are_shared_through_redis(client, redis_cache):
    DocumentFactory(title_en="Through Redis")
    first = client.get("/en/documents/")
    _, queries = get(client, "/en/documents/")
    assert queries == 0
    assert b"Through Redis" in first.content


# What one request may put in the cache: one page per canonical address and host.


def test_unknown_parameters_and_their_order_make_no_page_of_their_own(client):
    DocumentFactory(title_en="Tracked", kind="address")
    first, _ = get(client, "/en/documents/?utm_source=a&sort=title&kind=address")
    again, queries = get(client, "/en/documents/?kind=address&sort=title&utm_source=b")
    assert first.status_code == again.status_code == 200
    assert queries == 0  # the same page, from the cache
    assert b"Tracked" in again.content
    assert b"utm_source" not in first.content  # no link carries a parameter the site ignores


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/documents/?q=x&kind=address", "/en/documents/?q=x&kind=address"),
        ("/en/documents?kind=speech", "/en/documents/?kind=speech"),
        ("/sessions/?page=2", "/en/sessions/?page=2"),
    ],
)
def test_a_redirect_to_the_page_keeps_its_query(client, path, location):
    response = client.get(path)
    assert response.status_code in {301, 302}
    assert response["Location"] == location


def test_the_host_is_part_of_the_key(client, settings):
    settings.ALLOWED_HOSTS = ["forum.example", "localhost"]
    DocumentFactory()
    poisoned = client.get("/en/feeds/documents/", headers={"host": "localhost:1"})
    assert b"http://localhost:1/" in poisoned.content
    feed = client.get("/en/feeds/documents/", headers={"host": "forum.example"})
    assert b"http://forum.example/en/documents/" in feed.content
    assert b"localhost:1" not in feed.content


def test_a_host_outside_allowed_hosts_is_refused_before_the_cache(client, settings):
    settings.ALLOWED_HOSTS = ["forum.example"]
    DocumentFactory()
    assert client.get("/en/documents/", headers={"host": "forum.example"}).status_code == 200
    assert client.get("/en/documents/", headers={"host": "evil.example"}).status_code == 400


def test_the_filter_options_memo_does_not_grow_with_made_up_values(client):
    from django.conf import settings

    from documents import filters

    for value in ["AZ", "FR", "DE", "XX", "nope", "ZZ"]:
        client.get(f"/en/documents/?country={value}&sort=title&language=ru")
        client.get(f"/ru/documents/?country={value}&sort=date&q=forum")
    # The sort menu has two forms, with a search and without.
    assert len(filters._options) <= (len(filters.FIXED_OPTIONS) + 1) * len(settings.LANGUAGES)


def test_the_filter_form_marks_the_chosen_options(client):
    page = client.get("/en/documents/?country=FR&sort=title").content.decode()
    assert '<option value="FR" selected>' in page
    assert '<option value="AZ">' in page
    assert '<option value="title" selected>' in page
    assert client.get("/en/documents/?country=XX").status_code == 400


# What moves the public ETag and Last-Modified: only what a reader may see.


def versioned(client, url="/en/documents/"):
    response = client.get(url)
    return response["ETag"], response["Last-Modified"]


def unchanged(client, etag, url="/en/documents/"):
    return client.get(url, headers={"if-none-match": etag}).status_code == 304


def test_work_on_drafts_moves_nothing_the_public_sees(client):
    from tests.documents.factories import AttachmentFactory

    DocumentFactory(title_en="Public")
    etag, modified = versioned(client)
    draft = DocumentFactory(draft=True, title_en="Draft")
    draft.title_en = "Draft, edited"
    draft.save()
    AttachmentFactory(document=draft)
    draft.delete()
    assert unchanged(client, etag)
    assert versioned(client) == (etag, modified)


def test_a_scheduled_item_moves_the_version_only_when_it_falls_due(client):
    release = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=2)
    DocumentFactory(title_en="Public")
    etag, _ = versioned(client)
    DocumentFactory(title_en="Scheduled", published_at=release)
    assert unchanged(client, etag)
    with time_machine.travel(release + datetime.timedelta(seconds=1), tick=False):
        assert not unchanged(client, etag)
        assert b"Scheduled" in client.get("/en/documents/").content


def test_public_items_their_children_and_people_still_move_it(client):
    from documents.models import Address
    from tests.documents.factories import AttachmentFactory
    from tests.forum.factories import PersonFactory

    document = DocumentFactory(title_en="Public")
    for change in (
        lambda: AttachmentFactory(document=document),
        lambda: PersonFactory(),
        lambda: Address.objects.get(pk=document.pk).save(),  # saved through its proxy
    ):
        etag, _ = versioned(client)
        change()
        assert not unchanged(client, etag)


@pytest.mark.parametrize(
    "variants",
    [
        # A parameter this page does not read: one page, served from the cache.
        ["/en/documents/?p=r1", "/en/documents/?p=r2", "/en/documents/"],
        ["/en/?q=r1", "/en/?q=r2", "/en/"],
        ["/ru/sessions/?kind=a", "/ru/sessions/"],
        # A page number however it is written.
        ["/en/documents/?page=0001", "/en/documents/?page=1&page=01", "/en/documents/?page=١"],
        ["/sitemap-documents.xml?p=01", "/sitemap-documents.xml?p=1"],
    ],
)
def test_one_page_is_one_entry_however_its_address_is_written(client, variants):
    DocumentFactory()
    first, _ = get(client, variants[0])
    assert first.status_code == 200
    for variant in variants[1:]:
        again, queries = get(client, variant)
        assert (again.status_code, queries) == (200, 0), variant  # a hit: no page made
        assert again.content == first.content


def test_what_a_page_reads_still_makes_its_own_page(client):
    DocumentFactory(title_en="Address one", kind="address")
    DocumentFactory(title_en="Statement two", kind="statement")
    addresses, _ = get(client, "/en/documents/?kind=address")
    statements, queries = get(client, "/en/documents/?kind=statement")
    assert queries > 1 and b"Statement two" in statements.content
    assert b"Statement two" not in addresses.content


def test_a_made_up_session_cookie_gets_the_cached_page(client):
    DocumentFactory()
    get(client, "/en/documents/")
    client.cookies["sessionid"] = "made-up"
    _, queries = get(client, "/en/documents/")
    assert queries <= 2  # the session looked up, the page from the cache: no page made


def test_the_sessions_archive_pages_with_the_cache_on(client):
    for number in range(1, 28):
        SessionFactory(number=number)
    first = client.get("/en/sessions/").content
    second = client.get("/en/sessions/?page=2").content
    assert first != second and b"Session 1<" in second


def test_an_item_moved_out_from_under_a_public_parent_leaves_the_pages(
    django_capture_on_commit_callbacks,
):
    public_declaration = DocumentFactory(kind="declaration")
    hidden_declaration = DocumentFactory(kind="declaration", draft=True)
    initiative = InitiativeFactory(declaration=public_declaration)
    before = current_version()[0]
    with django_capture_on_commit_callbacks(execute=True):
        moved = Initiative.objects.get(pk=initiative.pk)
        moved.declaration = hidden_declaration
        workflow.save(moved, None)
    assert current_version()[0] > before


def test_another_process_s_change_is_seen_within_the_stated_staleness(client, settings):
    """With each process's own memory as the cache, a change made by another process (here
    the row moved behind this one's back) is seen within VERSION_STALENESS seconds."""
    settings.VERSION_STALENESS = 2
    DocumentFactory()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        first, _ = get(client, "/en/documents/")
        ContentVersion.objects.update(number=F("number") + 1)  # another server published
        clock.shift(1)
        _, queries = get(client, "/en/documents/")
        assert queries == 0  # still this process's version: at most 2 s old
        clock.shift(2)
        again, queries = get(client, "/en/documents/")
        assert queries > 1  # the version read again, the page made anew
        assert again["ETag"] != first["ETag"]


def test_with_the_database_down_a_session_cookie_still_gets_the_cached_page(client, monkeypatch):
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import OperationalError

    DocumentFactory()
    get(client, "/en/documents/")

    def unreachable(self, key):
        raise OperationalError("the database is down")

    monkeypatch.setattr(SessionStore, "exists", unreachable)
    client.cookies["sessionid"] = "whoever"
    response, queries = get(client, "/en/documents/")
    assert (response.status_code, queries) == (200, 0)
