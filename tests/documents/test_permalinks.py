"""Symbol permalinks (/s/BSF/3/DECL, /s/BSF/3/DECL/ru): what they answer, what keeps them
answering after a symbol changes, and where the site gives them (documents/permalinks.py)."""

import json
import re

import feedparser
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from documents.models import Document, Kind, SymbolRedirect
from tests.documents.factories import DeclarationFactory, DocumentFactory
from tests.forum.factories import HIDDEN_STATES
from tests.forum.test_workflow_door import document_data
from tests.forum.test_workflow_door import url as change_url

pytestmark = pytest.mark.django_db
ORIGIN = "http://testserver"


@pytest.fixture
def declaration():
    return DeclarationFactory(slug="declaration", symbol="BSF/3/DECL")


def location(path, client=None, **headers):
    """Where ``path`` redirects to (a 302), for a reader with ``headers``."""
    response = (client or Client()).get(path, headers=headers)
    assert response.status_code == 302, path
    return response["Location"]


# --- resolution ---------------------------------------------------------------------


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_a_language_suffix_leads_to_that_language_s_page(declaration, language):
    response = Client().get(f"/s/BSF/3/DECL/{language}", headers={"accept-language": "az"})
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/documents/declaration/"


@pytest.mark.parametrize(
    ("accept", "expected"), [("ru-RU,ru;q=0.9,en;q=0.8", "ru"), ("az", "az"), ("de, en", "en")]
)
def test_without_a_suffix_the_reader_s_browser_language(declaration, accept, expected):
    response = Client().get("/s/BSF/3/DECL", headers={"accept-language": accept})
    assert response.status_code == 302
    assert response["Location"] == f"/{expected}/documents/declaration/"
    vary = {field.strip().lower() for field in response["Vary"].split(",")}
    assert {"accept-language", "cookie"} <= vary


def test_the_language_cookie_wins_over_the_browser_s_languages(declaration):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "az"
    assert location("/s/BSF/3/DECL", client, accept_language="ru") == "/az/documents/declaration/"


def test_without_a_preference_the_site_s_language(declaration):
    assert location("/s/BSF/3/DECL") == f"/{settings.LANGUAGE_CODE}/documents/declaration/"


def test_any_case_and_no_query_string(declaration):
    assert location("/s/bsf/3/Decl") == "/en/documents/declaration/"
    assert location("/s/bsf/3/decl/RU") == "/ru/documents/declaration/"
    assert location("/s/BSF/3/DECL/?utm_source=x") == "/en/documents/declaration/"


def test_a_news_kind_leads_under_news():
    DocumentFactory(kind=Kind.PRESS_RELEASE, slug="held", symbol="BSF/3/PR.1")
    assert location("/s/BSF/3/PR.1/ru") == "/ru/news/held/"
    assert location("/s/BSF/3/PR.1") == "/en/news/held/"


def test_a_symbol_ending_like_a_language_is_read_whole_first():
    DocumentFactory(slug="session", symbol="BSF/3")
    DocumentFactory(slug="in-azerbaijani", symbol="BSF/3/AZ")
    assert location("/s/BSF/3/AZ") == "/en/documents/in-azerbaijani/"
    assert location("/s/BSF/3/AZ/ru") == "/ru/documents/in-azerbaijani/"
    assert location("/s/BSF/3/ru") == "/ru/documents/session/"
    assert Client().get("/s/BSF/3/de").status_code == 404  # no site language


def test_an_unknown_symbol_is_the_site_s_404(declaration):
    response = Client().get("/s/BSF/3/NOTHING")
    assert response.status_code == 404
    assert "<h1" in response.content.decode()  # the portal's own page


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_a_hidden_document_has_no_permalink(state):
    document = DocumentFactory(symbol="BSF/9/HIDDEN", **HIDDEN_STATES[state])
    # Nor by a symbol it had before.
    SymbolRedirect.objects.create(
        symbol="BSF/9/FORMER", document=document, changed_at=timezone.now()
    )
    for path in ("/s/BSF/9/HIDDEN", "/s/BSF/9/HIDDEN/ru", "/s/BSF/9/FORMER", "/s/bsf/9/former/az"):
        assert Client().get(path).status_code == 404, path


def test_a_published_document_s_former_symbol_answers():
    document = DocumentFactory(slug="kept", symbol="BSF/9/NOW")
    SymbolRedirect.objects.create(
        symbol="BSF/9/BEFORE", document=document, changed_at=timezone.now()
    )
    assert location("/s/bsf/9/before/ru") == "/ru/documents/kept/"


# --- symbols that change --------------------------------------------------------------


def test_a_symbol_a_publisher_changes_in_the_admin_keeps_answering(login):
    publisher = login("Publisher")
    document = DocumentFactory(slug="renamed", symbol="BSF/3/STAT")
    response = publisher.post(change_url(document), document_data(document, symbol="BSF/3/STAT.1"))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.symbol == "BSF/3/STAT.1"
    assert location("/s/BSF/3/STAT.1") == "/en/documents/renamed/"
    assert location("/s/BSF/3/STAT") == "/en/documents/renamed/"
    assert location("/s/bsf/3/stat/az") == "/az/documents/renamed/"


def test_a_symbol_changed_by_a_queryset_update_keeps_answering():
    document = DocumentFactory(slug="updated", symbol="bsf/9/old")
    Document.objects.filter(pk=document.pk).update(symbol="BSF/9/NEW")
    assert SymbolRedirect.objects.get().symbol == "BSF/9/OLD"  # as symbols are compared
    assert location("/s/BSF/9/Old") == "/en/documents/updated/"
    assert location("/s/BSF/9/NEW") == "/en/documents/updated/"


def test_a_former_symbol_given_to_another_document_leads_to_that_one():
    first = DocumentFactory(slug="first", symbol="BSF/9/X")
    Document.objects.filter(pk=first.pk).update(symbol="BSF/9/Y")
    assert location("/s/BSF/9/X") == "/en/documents/first/"
    DocumentFactory(slug="second", symbol="BSF/9/X")
    assert location("/s/BSF/9/X") == "/en/documents/second/"  # the current symbol wins
    assert location("/s/BSF/9/Y") == "/en/documents/first/"


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_a_hidden_document_s_symbol_change_records_nothing(state):
    document = DocumentFactory(symbol="BSF/9/DRAFT", **HIDDEN_STATES[state])
    Document.objects.filter(pk=document.pk).update(symbol="BSF/9/DRAFT.1")
    assert not SymbolRedirect.objects.exists()
    assert Client().get("/s/BSF/9/DRAFT").status_code == 404


# --- what it costs, what it refuses -------------------------------------------------


def test_a_resolution_costs_one_query_or_two(
    settings, declaration, django_assert_num_queries, django_assert_max_num_queries
):
    settings.PUBLIC_PAGE_CACHE = False  # the page cache's own reads are not the view's
    Document.objects.filter(pk=declaration.pk).update(symbol="BSF/3/DECL.1")
    DocumentFactory(symbol="BSF/3/ADDR")
    client = Client()
    with django_assert_num_queries(1):  # a current symbol
        assert client.get("/s/BSF/3/ADDR/ru").status_code == 302
    with django_assert_max_num_queries(2):  # a former one, after the current ones
        assert client.get("/s/BSF/3/DECL/ru").status_code == 302
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/s/BSF/3/NOTHING").status_code == 404
    # Both looked for (the 404 page then reads what every page shows).
    assert len([q for q in queries if "symbol" in q["sql"]]) == 2
    with django_assert_num_queries(0):  # no symbol could be so long: not looked for
        assert client.get("/s/" + "A" * 200).status_code == 404


HOSTILE = [
    "/s/" + "A/" * 5000,
    "/s/" + "A" * 65,
    "/s/%00",
    "/s/BSF/3/DECL%00",
    "/s/BSF/3/DECL/%00",
    "/s/BSF%00/3/DECL/ru",
    "/s/BSF/3/DECL%0A",
    "/s/..",
    "/s/../../etc/passwd",
    "/s/%2e%2e/%2e%2e/",
    "/s//",
    "/s/////",
    "/s//BSF/3/DECL",
    "/s/%D0%91%D0%A1%D0%A4/3/%D0%94%D0%95%D0%9A%D0%9B",
    "/s/BSF/3/DECL%E2%80%AE",
    "/s/%FF%FE%FD",
    "/s/%ED%A0%80",
    "/s/BSF/3/DECL/" + "%C3%A9" * 64,
    "/s/%25",
    "/s/BSF/3/DECL'--",
    "/s/BSF/3/DECL%' OR '1'='1",
    "/s/ru",
    "/s/az/",
]


@pytest.mark.parametrize("path", HOSTILE)
def test_hostile_paths_are_a_404_never_a_500(declaration, path):
    assert Client().get(path).status_code == 404


def test_a_symbol_with_letters_of_other_scripts_resolves():
    DocumentFactory(slug="cyrillic", symbol="БФБ/3/Декл")
    assert location("/s/%D0%B1%D1%84%D0%B1/3/%D0%B4%D0%B5%D0%BA%D0%BB") == (
        "/en/documents/cyrillic/"
    )


# --- where the site gives it --------------------------------------------------------


def test_the_document_s_page_and_the_list_link_the_symbol_to_its_permalink(declaration):
    # In the page's language: a reader who follows it stays in the language they read.
    link = '<a href="/s/BSF/3/DECL/{}"><span class="symbol">BSF/3/DECL</span>'
    page = Client().get("/ru/documents/declaration/").content.decode()
    assert link.format("ru") in page
    # The on-page citation names the same address as the downloads: the language's none.
    assert f'<a href="{ORIGIN}/s/BSF/3/DECL">{ORIGIN}/s/BSF/3/DECL</a>' in page
    assert link.format("en") in Client().get("/en/documents/").content.decode()


def test_no_symbol_no_permalink():
    document = DocumentFactory(slug="plain", symbol="")
    page = Client().get(document.get_absolute_url()).content.decode()
    assert 'href="/s/' not in page and f"{ORIGIN}/s/" not in page
    assert f'<a href="{ORIGIN}/en/documents/plain/">' in page  # cited by its page


def test_the_citations_cite_the_permalink(declaration):
    client = Client()
    ris = client.get("/ru/documents/declaration/cite.ris").content.decode()
    assert f"UR  - {ORIGIN}/s/BSF/3/DECL\r\n" in ris
    bibtex = client.get("/az/documents/declaration/cite.bib").content.decode()
    assert f"url = {{{ORIGIN}/s/BSF/3/DECL}}" in bibtex
    [item] = json.loads(client.get("/en/documents/declaration/cite.json").content)
    assert item["URL"] == f"{ORIGIN}/s/BSF/3/DECL"


@pytest.mark.parametrize("feed", ["/ru/feeds/documents/", "/ru/feeds/news/"])
def test_the_feeds_carry_the_permalink_as_a_related_link(feed):
    kind = Kind.PRESS_RELEASE if "news" in feed else Kind.DECLARATION
    DocumentFactory(kind=kind, slug="with-symbol", symbol="BSF/3/X")
    DocumentFactory(kind=kind, slug="without", symbol="")
    parsed = feedparser.parse(Client().get(feed).content)
    entries = {entry.link.rsplit("/", 2)[-2]: entry for entry in parsed.entries}
    section = "news" if "news" in feed else "documents"
    with_symbol = entries["with-symbol"]
    assert with_symbol.id == f"{ORIGIN}/ru/{section}/with-symbol/"  # the entry's id stays
    assert with_symbol.link == f"{ORIGIN}/ru/{section}/with-symbol/"
    related = [link.href for link in with_symbol.links if link.rel == "related"]
    assert related == [f"{ORIGIN}/s/BSF/3/X"]
    assert not [link for link in entries["without"].links if link.rel == "related"]


def test_the_structured_data_names_the_symbol_and_its_permalink(declaration):
    page = Client().get("/en/documents/declaration/").content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page)
    nodes = [node for block in map(json.loads, blocks) for node in block.get("@graph", [block])]
    [work] = [node for node in nodes if node["@type"] == "Legislation"]
    assert work["identifier"] == work["legislationIdentifier"] == "BSF/3/DECL"
    assert work["sameAs"] == f"{ORIGIN}/s/BSF/3/DECL"
