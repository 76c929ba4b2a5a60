import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import Document, Kind
from tests.documents.factories import AddressFactory, DeclarationFactory, DocumentFactory
from tests.forum.factories import OrganisationFactory, PersonFactory, SessionFactory

pytestmark = pytest.mark.django_db
URL = "/en/documents/"


def titles(response):
    return [d.title_en for d in response.context["documents"]]


@pytest.fixture
def corpus():
    third, second = SessionFactory(number=3), SessionFactory(number=2)
    president = PersonFactory(name_en="Ilham Aliyev", country="AZ")
    turk = PersonFactory(name_en="Turkish Official", country="TR")
    agency = OrganisationFactory(name_en="Agency of Kazakhstan", country="KZ")
    return {
        "address3": AddressFactory(
            title_en="Address three",
            session=third,
            author_person=president,
            date=datetime.date(2025, 9, 21),
            body_ru="<p>Текст</p>",
        ),
        "address2": AddressFactory(
            title_en="Address two",
            session=second,
            author_person=president,
            date=datetime.date(2024, 9, 17),
            body_en="",
        ),
        "declaration": DeclarationFactory(
            title_en="Declaration three",
            session=third,
            date=datetime.date(2025, 9, 21),
            author_organisation=agency,
        ),
        "statement": DocumentFactory(
            title_en="Statement two",
            session=second,
            date=datetime.date(2024, 9, 18),
            author_person=turk,
            body_az="<p>Mətn</p>",
        ),
        "draft": DocumentFactory(title_en="Draft marker", draft=True, session=third),
    }


def test_unfiltered_list_is_published_newest_first(client, corpus):
    response = client.get(URL)
    assert response.status_code == 200
    assert titles(response)[-2:] == ["Statement two", "Address two"]
    assert "Draft marker" not in response.content.decode()
    assert response.context["paginator"].count == 4


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=address", {"Address three", "Address two"}),
        ("kind=address&kind=declaration", {"Address three", "Address two", "Declaration three"}),
        ("session=3", {"Address three", "Declaration three"}),
        ("year=2024", {"Address two", "Statement two"}),
        ("date_from=2024-09-18", {"Address three", "Declaration three", "Statement two"}),
        ("date_to=2024-09-17", {"Address two"}),
        ("date_from=2024-09-01&date_to=2024-12-31", {"Address two", "Statement two"}),
        ("country=TR", {"Statement two"}),
        ("country=KZ", {"Declaration three"}),
        ("country=AZ", {"Address three", "Address two"}),
        ("language=ru", {"Address three"}),
        ("language=az", {"Statement two"}),
        ("kind=address&session=3&year=2025", {"Address three"}),
        ("kind=statement&session=3", set()),
    ],
)
def test_filters(client, corpus, query, expected):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert set(titles(response)) == expected


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("aliyev", {"Address three", "Address two"}),
        ("Kazakhstan", {"Declaration three"}),
        ("nobody", set()),
    ],
)
def test_author_filter_by_name_in_any_language(client, corpus, author, expected):
    response = client.get(URL, {"author": author})
    assert set(titles(response)) == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        # The same date: the later created (the higher key) first when newest first.
        ("date", ["Address two", "Statement two", "Address three", "Declaration three"]),
        ("-date", ["Declaration three", "Address three", "Statement two", "Address two"]),
        ("title", ["Address three", "Address two", "Declaration three", "Statement two"]),
        ("relevance", ["Declaration three", "Address three", "Statement two", "Address two"]),
        (None, ["Declaration three", "Address three", "Statement two", "Address two"]),
    ],
)
def test_sorting(client, corpus, sort, expected):
    assert titles(client.get(URL, {"sort": sort} if sort else {})) == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (None, ["Address two: security", "Address three"]),  # relevance: the title first
        ("relevance", ["Address two: security", "Address three"]),
        ("-date", ["Address three", "Address two: security"]),
        ("date", ["Address two: security", "Address three"]),
        ("title", ["Address three", "Address two: security"]),
    ],
)
def test_sorting_a_search(client, corpus, sort, expected):
    # A summary weighs less than a title; the statement's text alone, nothing.
    Document.objects.filter(pk=corpus["address3"].pk).update(summary_en="Security")
    Document.objects.filter(pk=corpus["address2"].pk).update(title_en="Address two: security")
    query = {"q": "security", **({"sort": sort} if sort else {})}
    assert titles(client.get(URL, query)) == expected


def test_sort_by_title_is_alphabetical(client, corpus):
    result = titles(client.get(URL, {"sort": "title"}))
    assert result == sorted(result)


@pytest.mark.parametrize(
    "query",
    [
        "year=abc",
        "year=99999",
        "session=999",
        "session=abc",
        "kind=poem",
        "date_from=2025-13-45",
        "country=XX",
        "language=fr",
        "author=" + "x" * 101,
        "sort=price",
        "q=" + "x" * 500,
    ],
)
def test_bad_filter_values_give_a_form_error(client, corpus, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert response.context["filter"].form.errors
    assert 'class="field-errors"' in response.content.decode()


@pytest.mark.parametrize("page", ["99", "abc", "0", "-1", "99999999999999999999999"])
def test_page_past_the_end_is_404(client, corpus, page):
    assert client.get(URL, {"page": page}).status_code == 404


def test_pagination_keeps_the_filters(client):
    for n in range(25):
        AddressFactory(title_en=f"Paged {n}")
    response = client.get(URL, {"kind": "address", "sort": "title"})
    html = response.content.decode()
    assert 'href="?kind=address&amp;sort=title&amp;page=2" rel="next"' in html
    second = client.get(URL, {"kind": "address", "sort": "title", "page": 2})
    assert len(second.context["documents"]) == 5
    assert 'href="?kind=address&amp;sort=title&amp;page=1" rel="prev"' in second.content.decode()


def test_filter_form_goes_back_to_page_one(client, corpus):
    html = client.get(URL, {"kind": "address", "page": 1}).content.decode()
    form = re.search(r'<form class="filters".*?</form>', html, re.S).group(0)
    assert 'name="page"' not in form


def test_counts_per_kind_follow_the_other_filters(client, corpus):
    response = client.get(URL, {"session": 3, "kind": "address"})
    assert response.context["kind_counts"] == {Kind.ADDRESS: 1, Kind.DECLARATION: 1}


def test_active_filters_can_be_cleared_one_by_one(client, corpus):
    response = client.get(URL + "?kind=address&kind=declaration&session=3&page=1")
    active = {
        (a["label"], a["value"]): a["remove_url"] for a in response.context["active_filters"]
    }
    assert active[("Kind", "Address")] == "?kind=declaration&session=3"
    assert active[("Kind", "Declaration")] == "?kind=address&session=3"
    assert active[("Session", "Session 3")] == "?kind=address&kind=declaration"


def test_active_filter_labels_are_translated(client, corpus):
    response = client.get("/ru/documents/", {"session": 3})
    assert [(a["label"], a["value"]) for a in response.context["active_filters"]] == [
        ("Заседание", "Заседание № 3")
    ]


def test_filtered_list_is_a_link_to_share(client, corpus):
    first = titles(client.get(URL + "?kind=address&year=2025"))
    assert titles(client.get(URL + "?year=2025&kind=address")) == first == ["Address three"]


@pytest.mark.parametrize("size", [5, 40])
def test_list_query_count_does_not_depend_on_page_size(client, size):
    for _ in range(size):
        AddressFactory()
    with CaptureQueriesContext(connection) as queries:
        client.get(URL, {"kind": "address", "session": ""})
    with CaptureQueriesContext(connection) as filtered:
        client.get(URL, {"q": "Statement", "kind": "address"})
    assert len(queries) <= 6
    assert len(filtered) <= 7


def test_a_list_with_invalid_filters_offers_no_feed_of_them(client):
    response = client.get("/en/documents/?year=abc")
    assert response.status_code == 400
    assert "feeds/documents/?year=abc" not in response.content.decode()
    assert "feeds/documents/?year=2020" in client.get("/en/documents/?year=2020").content.decode()
