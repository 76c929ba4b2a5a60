"""
What machines and other sites read of the public pages: the canonical address, the Open
Graph and Twitter card, and the schema.org data (JSON-LD), checked against the part of
the vocabulary the site relies on.
"""

import datetime
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.template import engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import translation
from PIL import Image

from documents.models import Kind
from forum.core.templating import canonical_url
from forum.models import Session
from tests.documents.factories import (
    AddressFactory,
    AttachmentFactory,
    DeclarationFactory,
    DocumentFactory,
    InitiativeFactory,
)
from tests.forum.factories import (
    CommitteeFactory,
    CommitteeMemberFactory,
    OrganisationFactory,
    PersonFactory,
    SecretariatFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"
HOSTILE = "</script><script>alert(1)</script><!--"
OG_LOCALES = {"az": "az_AZ", "en": "en_GB", "ru": "ru_RU"}


# The part of schema.org the site writes: for each type, the properties it may carry and
# those it must (https://schema.org/<Type>; Google's required ones for its features).
VOCABULARY = {
    "Organization": (
        {"@id", "name", "url", "alternateName", "logo", "description", "foundingDate",
         "member", "subOrganization", "email", "telephone", "address", "affiliation"},
        {"name"},
    ),
    "WebSite": ({"@id", "name", "url", "inLanguage", "publisher"}, {"name", "url"}),
    "Person": ({"name", "jobTitle", "affiliation"}, {"name"}),
    "ImageObject": ({"url", "width", "height"}, {"url"}),
    "Event": (
        {"@id", "name", "url", "description", "startDate", "endDate", "eventStatus",
         "eventAttendanceMode", "location", "organizer", "inLanguage"},
        {"name", "url", "startDate"},
    ),
    "Place": ({"name", "address"}, {"address"}),
    "PostalAddress": ({"addressLocality", "addressCountry"}, {"addressCountry"}),
    "CreativeWork": (
        {"@id", "name", "url", "description", "inLanguage", "datePublished", "dateModified",
         "author", "publisher", "isPartOf", "identifier", "sameAs", "genre", "associatedMedia"},
        {"name", "url", "datePublished", "inLanguage", "publisher"},
    ),
    "Legislation": (
        {"@id", "name", "url", "description", "inLanguage", "datePublished", "dateModified",
         "author", "publisher", "isPartOf", "identifier", "sameAs", "legislationIdentifier",
         "legislationType", "legislationDate", "associatedMedia"},
        {"name", "url", "datePublished", "inLanguage", "publisher"},
    ),
    "MediaObject": (
        {"name", "contentUrl", "encodingFormat", "inLanguage"}, {"contentUrl", "encodingFormat"}
    ),
    "BreadcrumbList": ({"itemListElement"}, {"itemListElement"}),
    "ItemList": ({"itemListElement"}, {"itemListElement"}),
    "ListItem": ({"position", "name", "item", "url"}, {"position"}),
}  # fmt: skip
REFERENCE = {"@type", "@id", "name", "url"}
DATES = {"startDate", "endDate", "datePublished", "foundingDate", "legislationDate"}
DATETIMES = {"dateModified"}
URLS = {"@id", "url", "item", "contentUrl", "sameAs"}
ENUMERATIONS = {
    "eventStatus": {
        f"https://schema.org/{status}"
        for status in ("EventScheduled", "EventCancelled", "EventPostponed", "EventRescheduled")
    },
    "eventAttendanceMode": {"https://schema.org/OfflineEventAttendanceMode"},
}
ISO_DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?")  # a day, or a month alone


def validate(node, path="$"):
    """Raises AssertionError where ``node`` strays from VOCABULARY."""
    if isinstance(node, list):
        for n, item in enumerate(node):
            validate(item, f"{path}[{n}]")
        return
    if not isinstance(node, dict):
        assert node not in (None, ""), f"{path}: empty value"
        return
    kind = node.get("@type")
    assert kind in VOCABULARY, f"{path}: unknown @type {kind!r}"
    allowed, required = VOCABULARY[kind]
    assert set(node) - {"@type", "@context"} <= allowed, f"{path}: {set(node) - allowed}"
    if not (node.keys() <= REFERENCE and "@id" in node):  # a pointer to a node given in full
        assert required <= set(node), f"{path}: {kind} lacks {required - set(node)}"
    for key, value in node.items():
        where = f"{path}.{key}"
        assert value not in (None, "", [], {}), f"{where}: empty"
        if key in DATES:
            assert ISO_DATE.fullmatch(value), f"{where}: {value!r} is no ISO date"
        if key in DATETIMES:
            datetime.datetime.fromisoformat(value)
        if key in URLS:
            assert_absolute(value, where)
        if key in ENUMERATIONS:
            assert value in ENUMERATIONS[key], f"{where}: {value!r}"
        if key == "inLanguage":
            assert value in dict(settings.LANGUAGES), f"{where}: {value!r}"
        if key == "itemListElement":
            assert [item["position"] for item in value] == list(
                range(value[0]["position"], value[0]["position"] + len(value))
            ), f"{where}: positions not consecutive"
        if isinstance(value, (dict, list)) and key != "alternateName":
            validate(value, where)
    if kind == "BreadcrumbList":
        assert node["itemListElement"][0]["position"] == 1
        for item in node["itemListElement"]:
            assert {"name", "item"} <= set(item), f"{path}: a breadcrumb lacks its name or link"
    if kind == "ItemList":
        assert all("url" in item for item in node["itemListElement"])


def assert_absolute(url, where):
    parts = urlsplit(url)
    assert parts.scheme in ("http", "https") and parts.netloc, f"{where}: {url!r} not absolute"


class Head(HTMLParser):
    """The parts of a page other sites read: meta tags, links, scripts, breadcrumbs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta, self.links, self.scripts, self.breadcrumbs = {}, {}, [], []
        self._script = self._crumb = None
        self._in_breadcrumbs = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            key = attrs.get("property") or attrs["name"]
            self.meta.setdefault(key, []).append(attrs.get("content"))
        elif tag == "link" and attrs.get("rel"):
            self.links.setdefault(attrs["rel"], []).append(attrs)
        elif tag == "script":
            self._script = {"attrs": attrs, "text": ""}
        elif tag == "nav" and "breadcrumbs" in (attrs.get("class") or ""):
            self._in_breadcrumbs = True
        elif tag == "a" and self._in_breadcrumbs:
            self._crumb = [attrs["href"], ""]

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append(self._script)
            self._script = None
        elif tag == "a" and self._crumb is not None:
            self.breadcrumbs.append((self._crumb[1].strip(), self._crumb[0]))
            self._crumb = None
        elif tag == "nav":
            self._in_breadcrumbs = False

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"] += data
        elif self._crumb is not None:
            self._crumb[1] += data

    def one(self, key):
        values = self.meta.get(key, [])
        assert len(values) == 1, f"{key}: {values}"
        return values[0]

    def json_ld(self):
        """The JSON-LD blocks' nodes, each block checked as a whole."""
        nodes = []
        for script in self.scripts:
            if script["attrs"].get("type") != "application/ld+json":
                continue
            data = json.loads(script["text"])
            assert data.pop("@context") == "https://schema.org"
            found = data.pop("@graph", None) or [data]
            validate(found)
            nodes.extend(found)
        return nodes


def read(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    head = Head()
    head.feed(response.content.decode())
    return head


def of_type(nodes, kind):
    return [node for node in nodes if node["@type"] == kind]


@pytest.fixture
def site():
    organiser = OrganisationFactory(name_en="State Security Service", acronym="SSS")
    third = SessionFactory(
        number=3,
        start_date=datetime.date(2025, 9, 20),
        end_date=datetime.date(2025, 9, 21),
        organiser=organiser,
        venue_en="Baku Congress Centre",
        description_en="Heads of services met in Baku.",
    )
    first = SessionFactory(
        number=1,
        start_date=datetime.date(2023, 5, 1),
        end_date=datetime.date(2023, 5, 31),
        date_precision=Session.DatePrecision.MONTH,
    )
    address = AddressFactory(
        slug="address",
        symbol="BSF/3/ADDR",
        session=third,
        author_person=PersonFactory(position_en="President"),
    )
    declaration = DeclarationFactory(
        slug="declaration",
        symbol="BSF/3/DECL",
        session=third,
        author_person=None,
        author_organisation=organiser,
        adopted_on=datetime.date(2025, 9, 21),
    )
    AttachmentFactory(document=declaration)
    InitiativeFactory(declaration=declaration, number=1)
    DocumentFactory(slug="press-release", kind=Kind.PRESS_RELEASE, date=datetime.date(2025, 9, 1))
    committee = CommitteeFactory(established_on=datetime.date(2025, 9, 21))
    CommitteeMemberFactory(committee=committee, person__name_en="Member Known")
    CommitteeMemberFactory(committee=committee, person__name_en="Member Sample", is_sample=True)
    SecretariatFactory(committee=committee, is_sample=True)
    return {"third": third, "first": first, "address": address, "declaration": declaration}


PAGES = [
    "/{lang}/",
    "/{lang}/sessions/",
    "/{lang}/sessions/3/",
    "/{lang}/sessions/1/",
    "/{lang}/documents/",
    "/{lang}/documents/address/",
    "/{lang}/documents/declaration/",
    "/{lang}/documents/declaration/initiatives/1/",
    "/{lang}/committee/",
    "/{lang}/news/",
    "/{lang}/news/press-release/",
]
BUILDERS = [
    "forum_organization", "forum_website", "session_data", "session_list_data",
    "committee_data", "document_data", "document_list_data", "initiative_data",
]  # fmt: skip
ARTICLES = {
    "/{lang}/documents/address/",
    "/{lang}/documents/declaration/",
    "/{lang}/news/press-release/",
}


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_page_names_its_address_and_gives_a_card(client, site, path, lang):
    url = path.format(lang=lang)
    head = read(client, url)

    [canonical] = head.links["canonical"]
    assert canonical["href"] == ORIGIN + url
    assert head.one("og:url") == canonical["href"]
    for key in ("og:site_name", "og:title", "og:description", "og:image:alt"):
        assert head.one(key).strip(), key
    assert head.one("og:type") == ("article" if path in ARTICLES else "website")
    assert head.one("og:locale") == OG_LOCALES[lang]
    assert set(head.meta["og:locale:alternate"]) == set(OG_LOCALES.values()) - {OG_LOCALES[lang]}
    assert head.one("og:image") == f"{ORIGIN}/static/forum/social-card.png"
    assert (head.one("og:image:width"), head.one("og:image:height")) == ("1200", "630")
    assert head.one("twitter:card") == "summary_large_image"

    nodes = head.json_ld()  # each block parses and keeps to the vocabulary
    [forum] = [node for node in nodes if node.get("@id") == f"{ORIGIN}/#forum"]
    with translation.override(lang):
        assert forum["name"] == translation.gettext("Baku Security Forum")
    assert forum["url"] == f"{ORIGIN}/{lang}/"
    assert forum["logo"]["url"] == f"{ORIGIN}/static/forum/logo.png"


def test_the_title_is_the_pages_own_and_the_home_page_the_forums(client, site):
    assert read(client, "/en/sessions/3/").one("og:title") == "Session 3"
    assert read(client, "/en/").one("og:title") == "Baku Security Forum"
    website = of_type(read(client, "/en/").json_ld(), "WebSite")
    assert website[0]["url"] == f"{ORIGIN}/en/"


def test_the_default_image_is_drawn_to_the_card_size():
    path = Path(settings.BASE_DIR) / "forum/static/forum/social-card.png"
    with Image.open(path) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))


def test_a_page_may_set_its_own_image(rf):
    template = engines["jinja2"].from_string(
        '{% extends "base.html" %}{% set page_image = {"url": "/media/photo.jpg", "alt": "A'
        ' hall"} %}'
    )
    request = rf.get("/en/")
    request.resolver_match = resolve("/en/")
    head = Head()
    head.feed(template.render({}, request))
    assert head.one("og:image") == f"{ORIGIN}/media/photo.jpg"
    assert head.one("og:image:alt") == "A hall"
    assert "og:image:width" not in head.meta


@pytest.mark.parametrize(
    ("path", "canonical"),
    [
        # What no view reads, empty filters and page 1 name no other page.
        ("/en/documents/?utm_source=mail&kind=address&q=&page=1", "/en/documents/?kind=address"),
        ("/en/documents/?session=3&kind=address&page=02", "/en/documents/?kind=address&page=2&session=3"),  # noqa: E501
        ("/en/documents/?kind=report&kind=address", "/en/documents/?kind=report&kind=address"),
        # Another order of the same set: the set's address, from its first page.
        ("/en/documents/?kind=address&sort=title&page=2", "/en/documents/?kind=address"),
        ("/en/sessions/?page=1&fbclid=x", "/en/sessions/"),
        ("/en/sessions/?page=3", "/en/sessions/?page=3"),
        ("/en/sessions/03/", "/en/sessions/3/"),
        ("/en/committee/?preview=4", "/en/committee/"),
        ("/ru/", "/ru/"),
    ],
)  # fmt: skip
def test_the_canonical_address_keeps_what_chooses_the_page(settings, path, canonical):
    settings.ALLOWED_HOSTS = ["forum.example"]  # the request's host, as the alternates use
    request = RequestFactory().get(path, HTTP_HOST="forum.example")
    with translation.override(path.split("/")[1]):
        request.resolver_match = resolve(request.path_info)
        assert canonical_url(request) == "http://forum.example" + canonical


def test_the_hreflang_links_name_canonical_addresses(client, site):
    head = read(client, "/en/documents/?kind=address&utm_source=mail&sort=title")
    hreflang = {link.get("hreflang"): link["href"] for link in head.links["alternate"]}
    assert hreflang["ru"] == f"{ORIGIN}/ru/documents/?kind=address"
    assert head.links["canonical"][0]["href"] == f"{ORIGIN}/en/documents/?kind=address"


def test_a_page_that_is_not_there_has_no_canonical_address(client, site):
    assert "canonical" not in read(client, "/en/sessions/99/", status=404).links
    assert "og:url" not in read(client, "/en/nowhere/", status=404).meta


def test_a_session_is_an_event(client, site):
    nodes = read(client, "/en/sessions/3/").json_ld()
    [event] = of_type(nodes, "Event")
    assert event["@id"] == f"{ORIGIN}/en/sessions/3/#event"
    assert event["name"] == "Baku Security Forum: Session 3"
    assert (event["startDate"], event["endDate"]) == ("2025-09-20", "2025-09-21")
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["location"]["name"] == "Baku Congress Centre"
    assert event["location"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Baku",
        "addressCountry": "AZ",
    }
    assert event["organizer"]["name"] == "State Security Service"
    assert event["organizer"]["alternateName"] == "SSS"
    assert event["description"] == "Heads of services met in Baku."
    assert event["inLanguage"] == "en"


def test_a_session_known_to_the_month_has_no_made_up_day(client, site):
    [event] = of_type(read(client, "/ru/sessions/1/").json_ld(), "Event")
    assert (event["startDate"], event["endDate"]) == ("2023-05", "2023-05")
    assert event["location"]["address"]["addressLocality"] == "Баку"
    assert "organizer" not in event


def test_an_address_is_a_creative_work_of_its_session(client, site):
    nodes = read(client, "/en/documents/address/").json_ld()
    [work] = of_type(nodes, "CreativeWork")
    address = site["address"]
    assert work["name"] == address.title_en
    assert work["identifier"] == "BSF/3/ADDR"
    assert work["datePublished"] == "2025-09-21"
    modified = datetime.datetime.fromisoformat(work["dateModified"])
    assert modified == address.updated_at.replace(microsecond=0)
    assert work["author"] == {
        "@type": "Person",
        "name": address.author_person.name_en,
        "jobTitle": "President",
    }
    assert work["publisher"]["@id"] == f"{ORIGIN}/#forum"
    assert work["isPartOf"]["@id"] == f"{ORIGIN}/en/sessions/3/#event"
    assert work["inLanguage"] == "en"
    # The same session as its own page describes it.
    [event] = of_type(read(client, "/en/sessions/3/").json_ld(), "Event")
    assert work["isPartOf"]["@id"] == event["@id"]


def test_a_declaration_is_legislation(client, site):
    head = read(client, "/en/documents/declaration/")
    [work] = of_type(head.json_ld(), "Legislation")
    assert work["legislationIdentifier"] == work["identifier"] == "BSF/3/DECL"
    assert work["sameAs"] == f"{ORIGIN}/s/BSF/3/DECL"
    assert work["legislationDate"] == "2025-09-21"
    assert work["author"]["@type"] == "Organization"
    [media] = work["associatedMedia"]
    assert media["encodingFormat"] == "application/pdf"
    assert media["inLanguage"] == "ru"
    assert head.one("article:published_time") == "2025-09-21"


def test_a_text_in_another_language_says_so(client, site):
    document = DocumentFactory(slug="only-russian", title_en="", body_en="", title_az="")
    [work] = of_type(read(client, f"/en/documents/{document.slug}/").json_ld(), "CreativeWork")
    assert work["name"] == document.title_ru
    assert work["inLanguage"] == "ru"


@pytest.mark.parametrize(
    "path",
    [
        "/en/sessions/3/",
        "/en/documents/address/",
        "/en/documents/declaration/initiatives/1/",
        "/en/news/press-release/",
    ],
)
def test_the_breadcrumbs_are_those_the_page_shows(client, site, path):
    head = read(client, path)
    [trail] = of_type(head.json_ld(), "BreadcrumbList")
    items = trail["itemListElement"]
    assert head.breadcrumbs, "the page shows breadcrumbs"
    assert [(item["name"], item["item"]) for item in items[:-1]] == [
        (name, ORIGIN + href) for name, href in head.breadcrumbs
    ]
    assert items[-1]["item"] == head.links["canonical"][0]["href"]


def test_a_list_names_its_items_in_order(client, site):
    [listed] = of_type(read(client, "/en/documents/").json_ld(), "ItemList")
    assert [item["url"] for item in listed["itemListElement"]] == [
        f"{ORIGIN}/en/documents/declaration/",  # the same date: the one entered last first
        f"{ORIGIN}/en/documents/address/",
        f"{ORIGIN}/en/news/press-release/",
    ]
    [news] = of_type(read(client, "/en/news/").json_ld(), "ItemList")
    assert [item["url"] for item in news["itemListElement"]] == [
        f"{ORIGIN}/en/news/press-release/"
    ]
    [sessions] = of_type(read(client, "/en/sessions/").json_ld(), "ItemList")
    assert [item["name"] for item in sessions["itemListElement"]] == ["Session 3", "Session 1"]


def test_the_committee_names_its_members_but_no_sample(client, site):
    [committee] = [
        node
        for node in read(client, "/en/committee/").json_ld()
        if node.get("@id", "").endswith("#committee")
    ]
    assert committee["name"] == "Organizing Committee"
    assert committee["foundingDate"] == "2025-09-21"
    assert [member["name"] for member in committee["member"]] == ["Member Known"]
    assert "subOrganization" not in committee  # the Secretariat's details are a sample


def test_a_title_cannot_end_the_data_block(client, site):
    document = DocumentFactory(slug="hostile", title_en=HOSTILE, summary_en=HOSTILE)
    response = client.get(f"/en/documents/{document.slug}/")
    page = response.content.decode()
    assert "<script>alert(1)" not in page
    assert "\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)" in page  # JSON's own escapes
    head = Head()
    head.feed(page)
    for script in head.scripts:  # no script but the site's own files and the data blocks
        assert script["attrs"].get("type") == "application/ld+json" or script["attrs"].get("src")
    [work] = of_type(head.json_ld(), "CreativeWork")
    assert (work["name"], work["description"]) == (HOSTILE, HOSTILE)
    assert head.one("og:title") == HOSTILE


def test_no_draft_is_described(client, site):
    draft = SessionFactory(number=7, draft=True)
    document = AddressFactory(slug="of-a-draft", session=draft)
    for path in (f"/en/documents/{document.slug}/", "/en/documents/", "/en/sessions/", "/en/"):
        text = json.dumps(read(client, path).json_ld())
        assert "/sessions/7/" not in text, path
        assert "Session 7" not in text, path
    [work] = of_type(read(client, f"/en/documents/{document.slug}/").json_ld(), "CreativeWork")
    assert "isPartOf" not in work


def test_a_preview_describes_nothing_but_the_forum(staff_client, site):
    draft = SessionFactory(number=7, draft=True)
    nodes = read(staff_client, draft.get_absolute_url()).json_ld()
    assert [node["@type"] for node in nodes] == ["Organization"]


def test_a_sample_is_not_described_as_fact(client, site):
    document = DocumentFactory(slug="sample", is_sample=True)
    nodes = read(client, f"/en/documents/{document.slug}/").json_ld()
    assert not of_type(nodes, "CreativeWork")
    assert of_type(nodes, "BreadcrumbList")


@pytest.mark.usefixtures("steady_content_version")
def test_the_metadata_asks_the_database_nothing(client, site, settings, monkeypatch):
    """Built from what the views load: the same queries with it as without it."""
    settings.PUBLIC_PAGE_CACHE = False
    pages = [path.format(lang="en") for path in PAGES]

    def counts():
        for url in pages:
            client.get(url)  # what is read once and kept (the menus, the content version)
        found = {}
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found[url] = len(queries)
        return found

    with_metadata = counts()
    env = engines["jinja2"].env
    for name in (*BUILDERS, "canonical_url"):
        monkeypatch.setitem(env.globals, name, lambda *args: None)
    assert counts() == with_metadata
