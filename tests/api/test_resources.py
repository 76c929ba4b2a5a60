"""The open-data API's resources: what each gives, in every language, published only."""

import hashlib

import pytest

from documents.models import DataLicence, Document
from forum.models import Session
from tests.documents.factories import (
    AddressFactory,
    AttachmentFactory,
    DeclarationFactory,
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
    SecretariatFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def results(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_the_root_names_every_resource_the_docs_the_bulk_files_and_the_licence(demo, client):
    DataLicence.objects.update_or_create(
        pk=1, defaults={"name_en": "CC BY 4.0", "url": "https://example.org/by/4.0/"}
    )
    root = client.get("/api/v1/").json()
    for resource in (
        "sessions", "documents", "news", "initiatives", "committees", "people",
        "organisations", "pages",
    ):  # fmt: skip
        assert client.get(root[resource]).status_code == 200, resource
    assert client.get(root["schema"]).status_code == 200
    assert client.get(root["documentation"]).status_code == 200
    assert root["bulk"]["csv"].endswith("/data/documents.csv")
    assert root["licence"]["name"]["en"] == "CC BY 4.0"
    assert client.get("/api/").url == "/api/v1/"


def test_a_document_gives_every_language_version_side_by_side(client):
    document = AddressFactory(
        symbol="BSF/3/ADDR",
        original_language="ru",
        is_authentic_ru=True,
        title_az="",
        body_ru="<p>Полный текст.</p>",
        summary_ru="Кратко.",
    )
    answer = client.get(f"/api/v1/documents/{document.slug}/").json()
    assert answer["symbol"] == "BSF/3/ADDR"
    assert answer["permalink"] == "http://testserver/s/BSF/3/ADDR"
    assert answer["kind"] == "address" and answer["kind_label"] == "Address"
    assert answer["original_language"] == "ru"
    ru, en, az = (answer["languages"][code] for code in ("ru", "en", "az"))
    assert ru == {
        "title": document.title_ru,
        "summary": "Кратко.",
        "text": "<p>Полный текст.</p>",
        "has_text": True,
        "authentic": True,
        "original": True,
        "page": f"http://testserver/ru/documents/{document.slug}/",
        "permalink": "http://testserver/s/BSF/3/ADDR/ru",
    }
    assert en["authentic"] is False and en["text"] == "<p>The text of the statement.</p>"
    # Not written in Azerbaijani: nulls, and no page to point at.
    assert az["title"] is None and az["text"] is None and az["page"] is None
    assert answer["author"]["type"] == "person"
    assert answer["author"]["name"]["en"] == document.author_person.name_en
    assert answer["session"]["number"] == document.session.number


def test_a_list_says_whether_a_text_exists_without_sending_it(client):
    DocumentFactory(body_en="<p>Long text.</p>", body_ru="")
    [item] = results(client, "/api/v1/documents/")
    assert item["languages"]["en"]["has_text"] is True
    assert item["languages"]["ru"]["has_text"] is False
    assert "text" not in item["languages"]["en"]


def test_attachments_come_with_size_type_and_checksum(client):
    attachment = AttachmentFactory()
    [given] = client.get(f"/api/v1/documents/{attachment.document.slug}/").json()["attachments"]
    data = client.get(given["url"]).getvalue()
    assert given["size"] == len(data)
    assert given["content_type"] == "application/pdf"
    assert given["sha256"] == hashlib.sha256(data).hexdigest()
    assert given["language"] == "ru" and given["title"]["en"] == "Full text (PDF)"


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_a_declaration_lists_only_its_published_initiatives(client, state):
    declaration = DeclarationFactory()
    shown = InitiativeFactory(declaration=declaration, number=1)
    InitiativeFactory(declaration=declaration, number=2, **HIDDEN_STATES[state])
    ProgressNoteFactory(initiative=shown, text_en="Under way.")
    answer = client.get(f"/api/v1/documents/{declaration.slug}/").json()
    assert [i["number"] for i in answer["initiatives"]] == [1]
    initiative = client.get(answer["initiatives"][0]["url"]).json()
    assert initiative["declaration"]["slug"] == declaration.slug
    assert initiative["notes"][0]["text"]["en"] == "Under way."
    assert [i["number"] for i in results(client, "/api/v1/initiatives/")] == [1]


def test_a_session_gives_who_took_part_and_its_documents(client):
    session = SessionFactory(number=3)
    ParticipationFactory(session=session, country="AZ", organisation=None, is_host=True)
    ParticipationFactory(
        session=session, country="", organisation=OrganisationFactory(name_en="Interpol")
    )
    AddressFactory(session=session)
    answer = client.get("/api/v1/sessions/3/", {"lang": "ru"}).json()
    host, organisation = answer["participation"]
    assert host == {"country": {"code": "AZ", "name": "Азербайджан"}, "organisation": None,
                    "is_host": True}  # fmt: skip
    assert organisation["organisation"]["name"]["en"] == "Interpol"
    assert answer["pages"]["az"] == "http://testserver/az/sessions/3/"
    assert len(results(client, answer["documents"])) == 1


def test_a_document_of_a_hidden_session_names_no_session(client):
    document = AddressFactory(session=SessionFactory(number=9, status="draft", published_at=None))
    answer = client.get(f"/api/v1/documents/{document.slug}/").json()
    assert answer["session"] is None


def test_the_committee_gives_its_members_and_secretariat(client):
    committee = CommitteeFactory()
    CommitteeMemberFactory(committee=committee, person=PersonFactory(name_en="A. Member"))
    SecretariatFactory(committee=committee, email="sec@example.org")
    [answer] = results(client, "/api/v1/committees/")
    assert answer["members"][0]["person"]["name"]["en"] == "A. Member"
    assert answer["secretariat"]["email"] == "sec@example.org"
    assert answer["coordinating_country"]["code"] == "AZ"


def test_people_and_organisations_are_those_published_content_names(client):
    shown = AddressFactory(author_person=PersonFactory(name_en="Shown author"))
    AddressFactory(
        author_person=PersonFactory(name_en="Draft author"), status="draft", published_at=None
    )
    DocumentFactory(author_organisation=OrganisationFactory(name_en="Issuing body"))
    DocumentFactory(
        author_organisation=OrganisationFactory(name_en="Hidden body"),
        status="draft",
        published_at=None,
    )
    CommitteeMemberFactory(
        committee=CommitteeFactory(), agency=OrganisationFactory(name_en="Agency")
    )
    people = {p["name"]["en"] for p in results(client, "/api/v1/people/")}
    assert "Shown author" in people and "Draft author" not in people
    assert shown.author_person.name_en in people
    organisations = {o["name"]["en"] for o in results(client, "/api/v1/organisations/")}
    assert {"Issuing body", "Agency"} <= organisations
    assert "Hidden body" not in organisations


def test_news_are_the_press_releases_and_statements(client):
    DocumentFactory(kind="press_release", slug="release")
    DocumentFactory(kind="statement", slug="statement")
    DocumentFactory(kind="report", slug="report")
    response = client.get("/api/v1/news/")
    assert {d["slug"] for d in response.json()["results"]} == {"release", "statement"}
    assert response["X-Total-Count"] == "2" and response.json()["count"] == 2
    assert client.get("/api/v1/news/", {"kind": "report"}).json()["count"] == 0
    assert client.get("/api/v1/news/", {"kind": "statement"}).json()["count"] == 1


def test_pages_give_their_text_in_every_language(client):
    PageFactory(slug="about", body_en="<p>About.</p>", body_ru="<p>О форуме.</p>")
    answer = client.get("/api/v1/pages/about/").json()
    assert answer["body"] == {"az": None, "en": "<p>About.</p>", "ru": "<p>О форуме.</p>"}
    assert answer["pages"]["ru"] == "http://testserver/ru/pages/about/"


@pytest.mark.parametrize(
    ("headers", "params", "label", "language"),
    [
        ({}, {}, "Address", "en"),
        ({}, {"lang": "ru"}, "Обращение", "ru"),
        ({"HTTP_ACCEPT_LANGUAGE": "az,en;q=0.5"}, {}, "Müraciət", "az"),
        ({"HTTP_ACCEPT_LANGUAGE": "fr-CH, fr;q=0.9, ru;q=0.8"}, {}, "Обращение", "ru"),
        ({"HTTP_ACCEPT_LANGUAGE": "ru"}, {"lang": "en"}, "Address", "en"),
    ],
)
def test_the_labels_follow_lang_or_accept_language(client, headers, params, label, language):
    AddressFactory()
    response = client.get("/api/v1/documents/", params, **headers)
    assert response.json()["results"][0]["kind_label"] == label
    assert response["Content-Language"] == language


def test_an_unknown_lang_is_a_400_saying_which_there_are(client):
    response = client.get("/api/v1/documents/", {"lang": "fr"})
    assert response.status_code == 400
    assert response.json() == {"lang": ["Choose one of: az, en, ru."]}


def test_the_language_cookie_does_not_change_an_api_answer(client):
    AddressFactory()
    client.cookies["django_language"] = "ru"
    assert client.get("/api/v1/documents/").json()["results"][0]["kind_label"] == "Address"


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_nothing_hidden_has_an_address_in_the_api(client, state):
    hidden = HIDDEN_STATES[state]
    document = DocumentFactory(**hidden)
    session = SessionFactory(number=40, **hidden)
    page = PageFactory(**hidden)
    initiative = InitiativeFactory(**hidden)
    of_hidden = InitiativeFactory(declaration=DeclarationFactory(**hidden))
    committee = CommitteeFactory(**hidden)
    for url in (
        f"/api/v1/documents/{document.slug}/",
        f"/api/v1/news/{document.slug}/",
        f"/api/v1/sessions/{session.number}/",
        f"/api/v1/pages/{page.slug}/",
        f"/api/v1/initiatives/{initiative.pk}/",
        f"/api/v1/initiatives/{of_hidden.pk}/",
        f"/api/v1/committees/{committee.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert set(response.json()) == {"detail"}, url
    assert Document.objects.count() == 3 and Session.objects.filter(number=40).exists()


def test_staff_signed_in_see_what_readers_see(demo, staff_client):
    DocumentFactory(slug="a-draft", status="draft", published_at=None)
    assert staff_client.get("/api/v1/documents/a-draft/").status_code == 404
    answer = staff_client.get("/api/v1/documents/?page_size=100").json()
    slugs = {document["slug"] for document in answer["results"]}
    assert "a-draft" not in slugs


def test_writing_is_refused(client):
    document = DocumentFactory()
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(f"/api/v1/documents/{document.slug}/")
        assert response.status_code == 405, method
    assert Document.objects.get().title_en == document.title_en


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/documents/a%00b/",
        "/api/v1/news/a%00b/",
        "/api/v1/pages/a%00b/",
        "/api/v1/sessions/1%00/",
        "/api/v1/initiatives/0.5/",
        "/api/v1/people/99999999999999999999999/",
        "/api/v1/committees/%D9%A3/",
        "/api/v1/nothing-here/",
        "/api/v2/",
    ],
)
def test_an_address_that_is_nothing_is_a_json_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}
