"""An unpublished document, with a unique marker, appears on no public surface."""

import datetime

import pytest
from django.utils import timezone

from forum.core import workflow
from tests.documents.factories import DocumentFactory, InitiativeFactory
from tests.forum.factories import HIDDEN_STATES, PersonFactory, SessionFactory

pytestmark = pytest.mark.django_db
MARKER = "Zqxmarker"


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_hidden_document_is_on_no_public_surface(client, state):
    session = SessionFactory(number=3)
    author = PersonFactory(name_en=f"{MARKER} Author")
    document = DocumentFactory(
        slug=f"{MARKER.lower()}-doc",
        title_en=f"{MARKER} title",
        symbol=f"{MARKER}/1",
        session=session,
        author_person=author,
        **HIDDEN_STATES[state],
    )
    InitiativeFactory(declaration=document, title_en=f"{MARKER} initiative")
    DocumentFactory(title_en="Visible", session=session)

    pages = [
        "/en/",
        "/en/documents/",
        f"/en/documents/?kind={document.kind}",
        "/en/sessions/3/",
        "/en/feeds/documents/",
        "/sitemap.xml",
        "/sitemap-documents.xml",
        "/sitemap-initiatives.xml",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert MARKER.lower() not in response.content.decode().lower(), url

    # Searching for it finds nothing (the page only repeats the words searched for).
    assert client.get("/en/documents/", {"q": MARKER}).context["paginator"].count == 0
    assert b"<entry>" not in client.get("/en/feeds/documents/", {"q": MARKER}).content
    assert client.get(document.get_absolute_url()).status_code == 404
    assert client.get(f"{document.get_absolute_url()}initiatives/1/").status_code == 404
    listing = client.get("/en/documents/")
    assert listing.context["paginator"].count == 1
    assert sum(listing.context["kind_counts"].values()) == 1


def test_scheduled_document_appears_when_its_time_comes(client):
    document = DocumentFactory(
        title_en=f"{MARKER} scheduled",
        published_at=timezone.now() + datetime.timedelta(seconds=1),
    )
    # Searching for it finds nothing yet; the same searches find it once it is out.
    assert client.get("/en/documents/", {"q": MARKER}).context["paginator"].count == 0
    assert b"<entry>" not in client.get("/en/feeds/documents/", {"q": MARKER}).content
    assert client.get(document.get_absolute_url()).status_code == 404
    document.published_at = timezone.now() - datetime.timedelta(seconds=1)
    workflow.save(document, None)
    assert client.get(document.get_absolute_url()).status_code == 200
    assert client.get("/en/documents/", {"q": MARKER}).context["paginator"].count == 1
    assert b"<entry>" in client.get("/en/feeds/documents/", {"q": MARKER}).content
