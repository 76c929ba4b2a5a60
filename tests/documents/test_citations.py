"""A document's citation files (documents/citations.py), read back by real parsers:
bibtexparser for BibTeX, rispy for RIS, json and the CSL-JSON schema's shape."""

import datetime
import json
import re

import bibtexparser
import pytest
import rispy
from bibtexparser.bparser import BibTexParser
from bibtexparser.customization import splitname
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from documents.citations import BIBTEX_SPECIAL, FORMATS
from documents.models import Kind
from forum.core import workflow
from forum.core.content import Status, Via
from tests.documents.factories import DocumentFactory
from tests.forum.factories import (
    HIDDEN_STATES,
    OrganisationFactory,
    PersonFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

# The item types of CSL 1.0.2 (csl-data.json's enumeration).
CSL_TYPES = {
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book",
    "broadcast", "chapter", "classic", "collection", "dataset", "document", "entry",
    "entry-dictionary", "entry-encyclopedia", "event", "figure", "graphic", "hearing",
    "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
    "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical",
    "personal_communication", "post", "post-weblog", "regulation", "report", "review",
    "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage",
}  # fmt: skip
RIS_LINE = re.compile(r"[A-Z][A-Z0-9]  - .*")

HOSTILE_TITLE = 'Заявление «О мире» и "безопасности": {важно} 50% & 100%, \\ _ # $ ^ ~'
# The same, as BibTeX must write it: TeX's specials escaped, braces as commands (BibTeX
# counts "\{" as a brace), Cyrillic and «» as they are.
HOSTILE_BIBTEX = (
    'Заявление «О мире» и "безопасности": \\textbraceleft{}важно\\textbraceright{} '
    "50\\% \\& 100\\%, \\textbackslash{} \\_ \\# \\$ \\textasciicircum{} \\textasciitilde{}"
)


@pytest.fixture
def hostile():
    """A Russian communiqué of session 3 by a person, its title full of special characters."""
    return DocumentFactory(
        slug="hostile-title",
        kind=Kind.COMMUNIQUE,
        symbol="BSF/3/STAT.1",
        title_ru=HOSTILE_TITLE,
        summary_ru="Первая строка.\nER  - \nTY  - JOUR\nВторая строка.",
        body_ru="<p>Текст.</p>",
        original_language="ru",
        author_person=PersonFactory(name_ru="Ильхам Алиев", name_en="Ilham Aliyev"),
        session=SessionFactory(number=3),
    )


def download(client, document, extension, language="ru"):
    response = client.get(f"/{language}/documents/{document.slug}/cite.{extension}")
    assert response.status_code == 200, response.content
    return response


def parse_bibtex(text):
    parser = BibTexParser(common_strings=True)  # BibTeX's month macros (sep)
    entries = bibtexparser.loads(text, parser=parser).entries
    assert len(entries) == 1
    return entries[0]


def parse_ris(response):
    text = response.content.decode()
    lines = text.split("\r\n")
    assert lines[-1] == "" and lines[-2] == "ER  - ", "RIS ends with ER and a line end"
    assert all(RIS_LINE.fullmatch(line) for line in lines[:-2]), lines
    assert lines[0].startswith("TY  - ")
    entries = rispy.loads(text)
    assert len(entries) == 1
    return entries[0]


def parse_csl(response):
    items = json.loads(response.content)
    assert isinstance(items, list) and len(items) == 1
    item = items[0]
    # What CSL-JSON requires and what every citation needs.
    assert isinstance(item["id"], str) and item["id"]
    assert item["type"] in CSL_TYPES
    assert isinstance(item["title"], str) and item["title"]
    parts = item["issued"]["date-parts"]
    assert len(parts) == 1 and all(isinstance(part, int) for part in parts[0])
    return item


def test_bibtex_of_a_russian_title_with_special_characters(client, hostile):
    response = download(client, hostile, "bib")
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="hostile-title-ru.bib"'
    entry = parse_bibtex(response.content.decode())
    assert entry["ENTRYTYPE"] == "misc"
    assert entry["ID"] == "hostile-title"
    assert entry["title"] == "{" + HOSTILE_BIBTEX + "}"  # braced twice: its case is kept
    assert entry["author"] == "Алиев, Ильхам"
    assert (entry["year"], entry["month"], entry["date"]) == ("2025", "September", "2025-09-21")
    assert entry["publisher"] == "Бакинский форум безопасности"
    assert entry["howpublished"] == "Бакинский форум безопасности, Заседание № 3"
    assert entry["number"] == "BSF/3/STAT.1"
    assert entry["url"] == "http://testserver/s/BSF/3/STAT.1"  # by its symbol's permalink
    assert entry["urldate"] == timezone.localdate().isoformat()
    assert entry["language"] == "russian"
    assert entry["abstract"] == "Первая строка. ER - TY - JOUR Вторая строка."


def test_bibtex_escapes_every_special_character_once():
    escaped = "".join(BIBTEX_SPECIAL.values())
    assert escaped.count("{") == escaped.count("}")  # balanced, as BibTeX counts them


def test_ris_of_a_russian_title_with_special_characters(client, hostile):
    response = download(client, hostile, "ris")
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="hostile-title-ru.ris"'
    entry = parse_ris(response)
    assert entry["type_of_reference"] == "GOVDOC"
    assert entry["title"] == HOSTILE_TITLE  # RIS has nothing to escape
    assert entry["authors"] == ["Алиев, Ильхам"]
    assert entry["year"] == "2025"
    assert entry["date"] == "2025/09/21/"
    assert entry["publisher"] == "Бакинский форум безопасности"
    assert entry["secondary_title"] == "Бакинский форум безопасности, Заседание № 3"
    assert entry["urls"] == ["http://testserver/s/BSF/3/STAT.1"]
    assert entry["access_date"] == timezone.localdate().strftime("%Y/%m/%d/")
    assert entry["language"] == "ru"
    # The lines of the summary made one: none of them became a tag or a record of its own.
    assert entry["abstract"] == "Первая строка. ER - TY - JOUR Вторая строка."


def test_csl_json_of_a_russian_title_with_special_characters(client, hostile):
    response = download(client, hostile, "json")
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json"
    assert response["Content-Disposition"] == 'attachment; filename="hostile-title-ru.json"'
    assert "«О мире»".encode() in response.content  # UTF-8, not \u escapes
    item = parse_csl(response)
    assert item["id"] == "hostile-title"
    assert item["type"] == "document"
    assert item["genre"] == "Коммюнике"
    assert item["title"] == HOSTILE_TITLE
    assert item["author"] == [{"family": "Алиев", "given": "Ильхам"}]
    assert item["issued"] == {"date-parts": [[2025, 9, 21]]}
    today = timezone.localdate()
    assert item["accessed"] == {"date-parts": [[today.year, today.month, today.day]]}
    assert item["publisher"] == "Бакинский форум безопасности"
    assert item["event-title"] == "Бакинский форум безопасности, Заседание № 3"
    assert item["number"] == "BSF/3/STAT.1"
    assert item["URL"] == "http://testserver/s/BSF/3/STAT.1"
    assert item["language"] == "ru"
    assert item["abstract"] == "Первая строка.\nER  - \nTY  - JOUR\nВторая строка."


ORGANISATION = "Ministry of Defence and Security Service, Republic of Azerbaijan"


@pytest.mark.parametrize(
    ("kind", "bibtex_type", "ris_type", "csl_type"),
    [
        (Kind.DECLARATION, "misc", "GOVDOC", "document"),
        (Kind.REGULATIONS, "misc", "GOVDOC", "document"),
        (Kind.REPORT, "techreport", "RPRT", "report"),
        (Kind.PRESS_RELEASE, "misc", "GEN", "document"),
    ],
)
def test_an_organisation_is_one_author_never_split(client, kind, bibtex_type, ris_type, csl_type):
    document = DocumentFactory(
        kind=kind,
        symbol="BSF/3/X",
        author_organisation=OrganisationFactory(name_en=ORGANISATION, acronym_en="MDSS"),
    )
    entry = parse_bibtex(download(client, document, "bib", "en").content.decode())
    assert entry["ENTRYTYPE"] == bibtex_type
    # Braced whole: " and " is no second author, the comma no "Last, First".
    assert entry["author"] == "{" + ORGANISATION + "}"
    assert splitname(entry["author"]) == {
        "first": [],
        "von": [],
        "last": ["{" + ORGANISATION + "}"],
        "jr": [],
    }
    # Its symbol's permalink, which leads to its own page: a press release's is under news/.
    assert entry["url"] == "http://testserver/s/BSF/3/X"
    news = "news" if kind == Kind.PRESS_RELEASE else "documents"
    assert client.get(entry["url"])["Location"] == f"/en/{news}/{document.slug}/"
    if bibtex_type == "techreport":
        assert entry["institution"] == "Baku Security Forum"
        assert entry["number"] == "BSF/3/X"
        assert entry["type"] == "Report"

    ris = parse_ris(download(client, document, "ris", "en"))
    assert ris["type_of_reference"] == ris_type
    assert ris["authors"] == [ORGANISATION]
    number_tag = "issn" if ris_type == "RPRT" else "note"  # rispy's names of SN and M1
    assert "BSF/3/X" in (ris.get(number_tag), ris.get("number"))

    item = parse_csl(download(client, document, "json", "en"))
    assert item["type"] == csl_type
    assert item["author"] == [{"literal": ORGANISATION}]


def test_an_address_is_a_speech(client):
    document = DocumentFactory(
        kind=Kind.ADDRESS, author_person=PersonFactory(name_en="Ilham Heydar oglu Aliyev")
    )
    assert parse_csl(download(client, document, "json", "en"))["type"] == "speech"
    assert parse_ris(download(client, document, "ris", "en"))["type_of_reference"] == "GEN"
    entry = parse_bibtex(download(client, document, "bib", "en").content.decode())
    assert entry["author"] == "Aliyev, Ilham Heydar oglu"


def test_a_document_without_author_session_or_symbol(client):
    document = DocumentFactory(symbol="", session=None, summary_en="")
    entry = parse_bibtex(download(client, document, "bib", "en").content.decode())
    assert "author" not in entry and "howpublished" not in entry and "number" not in entry
    item = parse_csl(download(client, document, "json", "en"))
    assert "author" not in item and "event-title" not in item and "abstract" not in item


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_every_language(client, language):
    titles = {"az": "Bəyannamə: İclasın ğ ş ç ö ü", "en": "Declaration", "ru": "Декларация"}
    document = DocumentFactory(
        kind=Kind.DECLARATION,
        slug="every-language",
        **{f"title_{code}": title for code, title in titles.items()},
        **{f"body_{code}": "<p>…</p>" for code in titles},
    )
    url = f"http://testserver/{language}/documents/every-language/"

    entry = parse_bibtex(download(client, document, "bib", language).content.decode())
    assert entry["title"] == "{" + titles[language] + "}"  # Azerbaijani letters in UTF-8
    assert entry["url"] == url
    assert entry["language"] == {"az": "azerbaijani", "en": "english", "ru": "russian"}[language]

    ris = parse_ris(download(client, document, "ris", language))
    assert (ris["title"], ris["urls"], ris["language"]) == (titles[language], [url], language)

    item = parse_csl(download(client, document, "json", language))
    assert (item["title"], item["URL"], item["language"]) == (titles[language], url, language)
    assert (
        item["publisher"]
        == {
            "az": "Bakı Təhlükəsizlik Forumu",
            "en": "Baku Security Forum",
            "ru": "Бакинский форум безопасности",
        }[language]
    )


def test_the_language_is_the_text_s_where_it_is_not_the_page_s(client):
    """A page in Azerbaijani shows the Russian original where no translation exists: the
    citation says so."""
    document = DocumentFactory(
        title_az="Bəyanat", title_ru="Заявление", body_en="", body_ru="<p>Текст.</p>",
        original_language="ru",
    )  # fmt: skip
    item = parse_csl(download(client, document, "json", "az"))
    assert (item["title"], item["language"]) == ("Bəyanat", "ru")


def test_the_document_page_links_to_each_download(client, hostile):
    html = client.get(hostile.get_absolute_url()).content.decode()
    for extension, written in FORMATS.items():
        media_type = written.content_type.split(";")[0]
        link = (
            f'<a href="/en/documents/hostile-title/cite.{extension}" download hreflang="en"'
            f' type="{media_type}">'
        )
        assert link in html


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_a_hidden_document_has_no_citation(client, state):
    document = DocumentFactory(slug="hidden", **HIDDEN_STATES[state])
    for extension in FORMATS:
        assert client.get(f"/en/documents/hidden/cite.{extension}").status_code == 404
    assert client.get(document.get_absolute_url()).status_code == 404


def test_a_hidden_session_is_not_named(client):
    session = SessionFactory(number=78, draft=True)
    document = DocumentFactory(session=session)
    for extension in FORMATS:
        text = download(client, document, extension, "en").content.decode()
        assert "Session 78" not in text and "/sessions/78/" not in text


def test_staff_preview_a_draft_s_citation_never_cached(staff_client):
    document = DocumentFactory(slug="draft", draft=True)
    response = staff_client.get("/en/documents/draft/cite.bib")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert parse_bibtex(response.content.decode())["ID"] == "draft"
    assert document.pk


def test_an_unknown_format_is_no_address(client):
    DocumentFactory(slug="known")
    for path in ("cite.txt", "cite.bib.exe", "cite.", "cite.BIB"):
        assert client.get(f"/en/documents/known/{path}").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_cached_and_dropped_when_the_document_is_withdrawn(settings):
    settings.PUBLIC_PAGE_CACHE = True
    client = Client()
    document = DocumentFactory(slug="cached", title_en="Cached title")
    first = client.get("/en/documents/cached/cite.ris")
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/en/documents/cached/cite.ris")
    assert second.status_code == 200 and len(queries) == 0
    assert second.content == first.content
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert second["Content-Type"] == first["Content-Type"]

    document.title_en = "Retitled"
    workflow.save(document, None, Via.SHELL)
    assert b"TI  - Retitled" in client.get("/en/documents/cached/cite.ris").content
    workflow.move([document], Status.WITHDRAWN, None)
    assert client.get("/en/documents/cached/cite.ris").status_code == 404


def test_the_accessed_date_is_today(client, hostile, time_machine):
    time_machine.move_to(datetime.datetime(2031, 5, 6, 12, tzinfo=datetime.UTC))
    item = parse_csl(download(client, hostile, "json"))
    assert item["accessed"] == {"date-parts": [[2031, 5, 6]]}
