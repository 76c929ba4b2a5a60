"""Nothing unpublished, with a unique marker, shows on any public surface (documents:
tests/documents/test_publication.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.documents.factories import (
    AttachmentFactory,
    DocumentFactory,
    InitiativeFactory,
    ProgressNoteFactory,
)
from tests.forum.factories import (
    HIDDEN_STATES,
    CommitteeFactory,
    CommitteeMemberFactory,
    OrganisationFactory,
    PageFactory,
    ParticipationFactory,
    PersonFactory,
    SessionFactory,
    SessionPhotoFactory,
)

pytestmark = pytest.mark.django_db
MARKER = "qvzmarker"

SURFACES = [
    "/{lang}/",
    "/{lang}/sessions/",
    "/{lang}/sessions/participation/",
    "/{lang}/sessions/calendar.ics",
    "/{lang}/documents/",
    "/{lang}/documents/?session=",
    "/{lang}/committee/",
    "/{lang}/feeds/documents/",
    "/{lang}/news/",
    "/{lang}/feeds/news/",
    "/sitemap.xml",
    "/sitemap-pages.xml",
    "/sitemap-sessions.xml",
    "/sitemap-documents.xml",
    "/sitemap-initiatives.xml",
    "/sitemap-institutional.xml",
    "/robots.txt",
    # The open-data API, each resource in pages of a hundred (labels in each language).
    "/api/v1/?lang={lang}",
    "/api/v1/documents/?page_size=100&lang={lang}",
    "/api/v1/news/?page_size=100&lang={lang}",
    "/api/v1/sessions/?page_size=100&lang={lang}",
    "/api/v1/initiatives/?page_size=100&lang={lang}",
    "/api/v1/committees/?page_size=100&lang={lang}",
    "/api/v1/people/?page_size=100&lang={lang}",
    "/api/v1/organisations/?page_size=100&lang={lang}",
    "/api/v1/pages/?page_size=100&lang={lang}",
]


def surfaces_text(client):
    pages = []
    for surface in SURFACES:
        for lang in ("az", "en", "ru"):
            response = client.get(surface.format(lang=lang))
            assert response.status_code == 200, surface
            pages.append(response.content.decode().lower())
    return "\n".join(pages)


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_hidden_session_initiative_and_committee_leak_nowhere(state):
    client = Client()
    session = SessionFactory(number=77, theme_en=f"{MARKER} theme", **HIDDEN_STATES[state])
    # Its participants: a column of the participation table, and counts, if they leaked.
    ParticipationFactory(
        session=session, country="", organisation=OrganisationFactory(name_en=f"{MARKER} org")
    )
    ParticipationFactory(session=session, country="NR", organisation=None)
    ParticipationFactory(session=SessionFactory(number=76), country="AZ", organisation=None)
    declaration = DocumentFactory(kind="declaration", slug="visible-declaration")
    InitiativeFactory(
        declaration=declaration, number=5, title_en=f"{MARKER} initiative", **HIDDEN_STATES[state]
    )
    CommitteeFactory(name_en="Visible committee")
    hidden_committee = CommitteeFactory(name_en=f"{MARKER} committee", **HIDDEN_STATES[state])
    CommitteeMemberFactory(
        committee=hidden_committee, person=PersonFactory(name_en=f"{MARKER} person")
    )

    text = surfaces_text(client)
    assert MARKER not in text
    assert "/sessions/77/" not in text
    assert client.get("/en/sessions/77/").status_code == 404
    assert client.get("/en/sessions/77/calendar.ics").status_code == 404
    table = client.get("/en/sessions/participation/").context["matrix"]
    assert [s.number for s in table.sessions] == [76] and table.country_totals == [1]
    assert [row.name for row in table.countries] == ["Azerbaijan"] and not table.organisations
    assert client.get("/en/documents/visible-declaration/initiatives/5/").status_code == 404
    assert client.get("/en/documents/", {"session": 77}).status_code == 400
    assert client.get("/en/documents/", {"q": MARKER}).context["paginator"].count == 0
    assert session.pk


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_files_of_hidden_documents_leak_nowhere(state):
    CommitteeFactory()
    attachment = AttachmentFactory(
        document=DocumentFactory(slug=f"{MARKER}-doc", **HIDDEN_STATES[state])
    )
    client = Client()
    assert client.get(attachment.get_absolute_url()).status_code == 404
    for extension in ("bib", "ris", "json"):
        assert client.get(f"/en/documents/{MARKER}-doc/cite.{extension}").status_code == 404
    assert attachment.filename not in surfaces_text(client)


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_photographs_of_hidden_sessions_and_undescribed_ones_leak_nowhere(state):
    CommitteeFactory()
    of_hidden = SessionPhotoFactory(
        session=SessionFactory(number=79, **HIDDEN_STATES[state]), caption_en=f"{MARKER} one"
    )
    undescribed = SessionPhotoFactory(
        session=SessionFactory(number=80), alt_text_ru="", caption_en=f"{MARKER} two"
    )
    client = Client()
    for photo in (of_hidden, undescribed):
        for size in photo.sizes:
            assert client.get(size.url).status_code == 404
    text = surfaces_text(client) + client.get("/en/sessions/80/").content.decode().lower()
    assert MARKER not in text and "/photos/" not in text


def test_author_of_hidden_documents_only_is_not_offered_as_a_filter():
    author = PersonFactory(name_en=f"{MARKER} author")
    DocumentFactory(
        author_person=author,
        author_organisation=None,
        draft=True,
    )
    DocumentFactory(author_organisation=OrganisationFactory(name_en=f"{MARKER} body"), draft=True)
    client = Client()
    for url in ("/en/documents/", "/api/v1/people/", "/api/v1/organisations/"):
        assert MARKER not in client.get(url).content.decode().lower(), url


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_a_published_document_does_not_reveal_its_hidden_session(state):
    session = SessionFactory(number=78, theme_en=f"{MARKER} theme", **HIDDEN_STATES[state])
    document = DocumentFactory(slug="published-first", session=session)
    ProgressNoteFactory(
        initiative=InitiativeFactory(declaration=DocumentFactory(kind="declaration")),
        session=session,
    )
    client = Client()
    pages = [
        client.get(url).content.decode()
        for url in (
            "/en/",
            "/en/documents/",
            document.get_absolute_url(),
            *(f"/en/documents/published-first/cite.{extension}" for extension in ("bib", "ris")),
            "/api/v1/documents/published-first/",
            "/api/v1/initiatives/",
        )
    ] + [
        client.get(InitiativeFactory._meta.model.objects.get().get_absolute_url()).content.decode()
    ]
    for page in pages:
        assert "/sessions/78/" not in page and "Session 78" not in page


def test_a_preview_needs_the_second_factor_where_the_admin_asks_for_it(settings):
    settings.ADMIN_REQUIRE_2FA = True
    draft = DocumentFactory(draft=True, title_en=f"{MARKER} draft")
    staff = get_user_model().objects.create_user("staff", password="pw", is_staff=True)
    client = Client()
    client.force_login(staff)  # a password, no second factor
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/admin/").status_code == 302  # to the login, for the code

    settings.ADMIN_REQUIRE_2FA = False
    assert client.get(draft.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_hidden_pages_and_news_leak_nowhere(state):
    CommitteeFactory()
    page = PageFactory(slug=f"{MARKER}-page", title_en=f"{MARKER} page", **HIDDEN_STATES[state])
    navigation = PageFactory(
        title_en=f"{MARKER} menu", placement=page.Placement.NAVIGATION, **HIDDEN_STATES[state]
    )
    DocumentFactory(
        kind="press_release",
        slug=f"{MARKER}-news",
        title_en=f"{MARKER} release",
        **HIDDEN_STATES[state],
    )
    client = Client()
    assert MARKER not in surfaces_text(client)
    assert client.get(f"/en/pages/{MARKER}-page/").status_code == 404
    assert client.get(navigation.get_absolute_url()).status_code == 404
    assert client.get(f"/en/news/{MARKER}-news/").status_code == 404
    assert client.get(f"/en/documents/{MARKER}-news/").status_code == 404
    assert client.get("/en/news/", {"year": 2025}).context["paginator"].count == 0
