"""Every public page runs at most 8 SQL queries, the same whatever the page or corpus size."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import Document
from forum.models import Committee, Session
from tests.documents.factories import (
    AddressFactory,
    AttachmentFactory,
    InitiativeFactory,
)
from tests.forum.factories import (
    CommitteeMemberFactory,
    ParticipationFactory,
    SessionPhotoFactory,
    picture,
)

pytestmark = pytest.mark.django_db
LIMIT = 8
PAGES = [
    "/en/",
    "/en/sessions/",
    "/en/sessions/3/",
    "/en/sessions/participation/",
    "/ru/sessions/participation/?sort=-count",
    "/en/sessions/calendar.ics",
    "/ru/sessions/3/calendar.ics",
    "/en/committee/",
    "/en/pages/about/",
    "/ru/pages/contact/",
    "/en/news/",
    "/az/news/?year=2025",
    "/en/news/third-session-held-2025/",
    "/en/feeds/news/",
    "/en/documents/",
    "/en/documents/?kind=address&session=3&year=2025",
    "/en/documents/?q=forum&kind=address",
    "/ru/documents/?q=форума&author=aliyev&country=AZ&language=ru&sort=title",
    "/en/documents/address-president-aliyev-third-session-2025/",
    "/en/documents/declaration-baku-security-forum-2025/",
    "/en/documents/declaration-baku-security-forum-2025/initiatives/1/",
    "/en/documents/address-president-aliyev-third-session-2025/cite.bib",
    "/ru/documents/declaration-baku-security-forum-2025/cite.ris",
    "/az/documents/address-president-aliyev-third-session-2025/cite.json",
    "/en/feeds/documents/",
    "/en/feeds/documents/?kind=address",
    "/sitemap.xml",
    "/sitemap-documents.xml",
    "/robots.txt",
    # The open-data API: the same budget, flat in the archive's size and in a page's.
    "/api/v1/",
    "/api/v1/documents/",
    "/api/v1/documents/?page_size=100",
    "/api/v1/documents/?kind=address&session=3&year=2025",
    "/api/v1/documents/?q=forum&lang=ru",
    "/api/v1/documents/declaration-baku-security-forum-2025/",
    "/api/v1/news/",
    "/api/v1/sessions/",
    "/api/v1/sessions/3/",
    "/api/v1/initiatives/?page_size=100",
    "/api/v1/committees/",
    "/api/v1/people/?page_size=100",
    "/api/v1/organisations/?page_size=100",
    "/api/v1/pages/",
]


def grow(count):
    """More of everything the pages list."""
    session = Session.objects.get(number=3)
    declaration = Document.objects.get(slug="declaration-baku-security-forum-2025")
    for n in range(count):
        AddressFactory(session=session)
        ParticipationFactory(session=session, country="")
        InitiativeFactory(declaration=declaration, number=n + 2)
        AttachmentFactory(document=declaration)
        SessionPhotoFactory(session=session, image=SimpleUploadedFile("p.jpg", picture((60, 40))))
    CommitteeMemberFactory.create_batch(count, committee=Committee.objects.get())


def counts(client):
    result = {}
    for url in PAGES:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        result[url] = len(queries)
    return result


@pytest.mark.parametrize("cached", [False, True])
@pytest.mark.usefixtures("steady_content_version")
def test_query_counts_are_bounded_and_flat(client, settings, cached):
    settings.PUBLIC_PAGE_CACHE = cached
    call_command("load_demo")
    small = counts(client)
    grow(25)
    cache.clear()
    large = counts(client)
    assert small == large
    assert max(large.values()) <= LIMIT, large
