"""The API's documents take the site list's filters: the same names, the same answers, the
same validation (a 400 saying what is wrong), and pages with totals and Link headers."""

import html
import re

import pytest

from tests.documents.factories import AddressFactory, DeclarationFactory, DocumentFactory
from tests.forum.factories import PersonFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(db):
    third, second = SessionFactory(number=3), SessionFactory(number=2)
    aliyev = PersonFactory(name_en="Ilham Aliyev", name_ru="Ильхам Алиев", country="AZ")
    for n in range(5):
        AddressFactory(
            session=third, author_person=aliyev, title_en=f"Address on security {n}",
            body_ru="<p>Обращение к участникам форума.</p>" if n % 2 else "",
        )  # fmt: skip
    DeclarationFactory(session=third, title_en="Declaration of the Forum")
    DocumentFactory(session=second, date="2024-05-01", title_en="Report on cooperation")


QUERIES = [
    {},
    {"kind": "address"},
    {"kind": ["address", "declaration"]},
    {"session": "3", "year": "2025"},
    {"year": "2024"},
    {"date_from": "2025-01-01", "date_to": "2025-12-31"},
    {"author": "aliyev"},
    {"country": "AZ"},
    {"language": "ru"},
    {"q": "security"},
    {"q": "форума", "kind": "address"},
    {"sort": "title"},
    {"sort": "date"},
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_api_finds_what_the_list_finds_in_its_order(archive, client, query):
    page = client.get("/en/documents/", query)
    listed = [document.slug for document in page.context["documents"]]
    answer = client.get("/api/v1/documents/", query)
    assert answer.status_code == 200
    assert [d["slug"] for d in answer.json()["results"]] == listed
    assert answer.json()["count"] == page.context["paginator"].count
    assert answer["X-Total-Count"] == str(page.context["paginator"].count)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"year": "abc"}, "year"),
        ({"year": "1800"}, "year"),
        ({"kind": "nope"}, "kind"),
        ({"session": "999"}, "session"),
        ({"date_from": "2025-13-45"}, "date_from"),
        ({"country": "XX"}, "country"),
        ({"language": "fr"}, "language"),
        ({"sort": "random"}, "sort"),
        ({"q": "x" * 201}, "q"),
        ({"q": "nul\x00byte"}, "q"),
        ({"author": "y" * 101}, "author"),
    ],
)
def test_a_bad_value_is_a_400_saying_what_is_wrong(archive, client, query, field):
    response = client.get("/api/v1/documents/", query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    errors = response.json()
    assert list(errors) == [field] and errors[field][0]
    # The list says the same, in its own way.
    assert client.get("/en/documents/", query).status_code == 400


def test_a_hidden_session_is_not_a_choice(client):
    SessionFactory(number=8, status="draft", published_at=None)
    assert client.get("/api/v1/documents/", {"session": "8"}).status_code == 400


def test_pages_carry_totals_and_link_headers(archive, client):
    first = client.get("/api/v1/documents/", {"page_size": 2})
    assert first.json()["count"] == 7 and first["X-Total-Count"] == "7"
    assert first["Link"] == (
        '<http://testserver/api/v1/documents/?page=2&page_size=2>; rel="next", '
        '<http://testserver/api/v1/documents/?page=4&page_size=2>; rel="last"'
    )
    middle = client.get("/api/v1/documents/", {"page_size": 2, "page": 2})
    assert 'rel="first"' in middle["Link"] and 'rel="prev"' in middle["Link"]
    last = client.get("/api/v1/documents/", {"page_size": 2, "page": 4})
    assert len(last.json()["results"]) == 1 and 'rel="next"' not in last["Link"]
    seen = [
        d["slug"]
        for n in (1, 2, 3, 4)
        for d in client.get("/api/v1/documents/", {"page_size": 2, "page": n}).json()["results"]
    ]
    assert len(set(seen)) == 7


def test_one_page_alone_has_no_link_header(client):
    DocumentFactory()
    assert "Link" not in client.get("/api/v1/documents/")


@pytest.mark.parametrize("page", ["0", "abc", "99", "-1"])
def test_a_page_that_is_not_there_is_a_404(archive, client, page):
    response = client.get("/api/v1/documents/", {"page": page})
    assert response.status_code == 404 and "detail" in response.json()


def test_a_page_holds_from_one_to_a_hundred(client):
    DocumentFactory.create_batch(3)
    assert len(client.get("/api/v1/documents/", {"page_size": 1}).json()["results"]) == 1
    assert len(client.get("/api/v1/documents/", {"page_size": 100}).json()["results"]) == 3
    for size in ("0", "101", "x", "", "٣", "-1"):
        response = client.get("/api/v1/documents/", {"page_size": size})
        assert response.status_code == 400, size
        assert response.json() == {"page_size": ["Give a whole number from 1 to 100."]}


def test_the_list_and_a_document_name_their_json_in_the_api(archive, client):
    page = client.get("/ru/documents/", {"kind": "address", "page": 1})
    link = re.search(r'type="application/json"[^>]*href="([^"]+)"', page.text)
    answer = client.get(html.unescape(link.group(1)))
    assert answer["Content-Language"] == "ru"
    listed = [document.slug for document in page.context["documents"]]
    assert [d["slug"] for d in answer.json()["results"]] == listed
    detail = client.get(f"/en/documents/{listed[0]}/")
    link = re.search(r'type="application/json"[^>]*href="([^"]+)"', detail.text)
    assert client.get(html.unescape(link.group(1))).json()["slug"] == listed[0]


def test_a_kind_given_twice_is_counted_once(archive, client):
    answer = client.get("/api/v1/documents/?kind=address&kind=address&page_size=2")
    assert answer.json()["count"] == 5 and answer["X-Total-Count"] == "5"
    assert 'page=3&page_size=2>; rel="last"' in answer["Link"]
    page = client.get("/en/documents/?kind=address&kind=address")
    assert page.context["paginator"].count == 5
