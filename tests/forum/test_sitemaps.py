"""The sitemap writer (forum/core/sitemaps.py): Django's XML, Django's addresses, escaped."""

import html
import xml.etree.ElementTree as ET
from pathlib import Path

import django.contrib.sitemaps
import pytest
from django.template import Context, Engine
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from documents.models import Document, Initiative
from documents.sitemaps import DocumentSitemap
from forum.core.i18n import LANGUAGE_CODES
from forum.core.sitemaps import Location, urlset
from forum.models import Session
from forum.sitemaps import PagesSitemap
from tests.documents.factories import DocumentFactory, InitiativeFactory
from tests.forum.factories import SessionFactory

pytestmark = pytest.mark.django_db
ORIGIN = "http://testserver"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
# Django's own sitemap templates, whatever engines the site's settings hold.
DJANGO_SITEMAPS = Engine(dirs=[Path(django.contrib.sitemaps.__file__).parent / "templates"])


def django_urlset(items, changefreq):
    """The page Django's i18n sitemap views wrote for ``items``: reverse() per language."""
    urls = []
    for item in items:
        locations = {}
        for code in LANGUAGE_CODES:
            with translation.override(code):
                locations[code] = ORIGIN + item.get_absolute_url()
        alternates = [{"location": loc, "lang_code": code} for code, loc in locations.items()]
        neutral = locations["en"].replace(f"{ORIGIN}/en/", f"{ORIGIN}/", 1)
        alternates.append({"location": neutral, "lang_code": "x-default"})
        urls.extend(
            {
                "location": location,
                "lastmod": item.updated_at,
                "changefreq": changefreq,
                "alternates": alternates,
            }
            for location in locations.values()
        )
    template = DJANGO_SITEMAPS.get_template("sitemap.xml")
    return template.render(Context({"urlset": urls})).encode()


def test_a_page_is_the_xml_djangos_template_wrote(client):
    DocumentFactory.create_batch(3)
    DocumentFactory(slug="Upper_and-under_9")
    documents = Document.objects.published().order_by("pk")
    assert client.get("/sitemap-documents.xml").content == django_urlset(documents, "monthly")


def test_sessions_and_initiatives_are_the_xml_djangos_template_wrote(client):
    SessionFactory(number=12)
    SessionFactory(number=2)
    InitiativeFactory(number=3)
    sessions = Session.objects.published().order_by("number")
    assert client.get("/sitemap-sessions.xml").content == django_urlset(sessions, "monthly")
    initiatives = Initiative.objects.published().order_by("pk")
    assert client.get("/sitemap-initiatives.xml").content == django_urlset(initiatives, "monthly")


class Named:
    """A page known by its URL name, as Django's sitemaps list them."""

    updated_at = None

    def __init__(self, name):
        self.name = name

    def get_absolute_url(self):
        return reverse(self.name)


def test_the_named_pages_are_the_xml_djangos_template_wrote(client):
    pages = [Named(name) for name in PagesSitemap.names]
    assert client.get("/sitemap-pages.xml").content == django_urlset(pages, "daily")


def test_the_index_is_the_xml_djangos_template_wrote(client, monkeypatch):
    monkeypatch.setattr(DocumentSitemap, "limit", 2)
    DocumentFactory.create_batch(3)
    latest = max(d.updated_at for d in Document.objects.all())
    sites = [{"location": f"{ORIGIN}/sitemap-pages.xml", "last_mod": None}]
    sites += [
        {"location": f"{ORIGIN}/sitemap-sessions.xml", "last_mod": None},
        {"location": f"{ORIGIN}/sitemap-institutional.xml", "last_mod": None},
        {"location": f"{ORIGIN}/sitemap-documents.xml", "last_mod": latest},
        {"location": f"{ORIGIN}/sitemap-documents.xml?p=2", "last_mod": latest},
        {"location": f"{ORIGIN}/sitemap-initiatives.xml", "last_mod": None},
    ]
    template = DJANGO_SITEMAPS.get_template("sitemap_index.xml")
    expected = template.render(Context({"sitemaps": sites})).encode()
    assert client.get("/sitemap.xml").content == expected


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("documents:detail", {"slug": "a-slug_with-9-Parts"}),
        ("documents:initiative", {"slug": "decl", "number": 12}),
        ("forum:session", {"number": 3}),
        # A str converter takes what a slug cannot: quoted, then escaped for XML.
        ("documents:attachment", {"slug": "d", "pk": 5, "filename": 'R&D "1" <x> é ü.pdf'}),
        ("documents:attachment", {"slug": "d", "pk": 5, "filename": "a%20b;c=d@e~f'g{h}"}),
    ],
)
def test_addresses_are_what_reverse_gives(name, kwargs):
    location = Location(name, list(kwargs), ORIGIN)
    fields = location.fill(list(kwargs.values()))
    for code in LANGUAGE_CODES:
        with translation.override(code):
            expected = ORIGIN + reverse(name, kwargs=kwargs)
        assert location.patterns[code].format_map(fields) == html.escape(expected)
    with translation.override("en"):
        neutral = reverse(name, kwargs=kwargs).replace("/en/", "/", 1)
    assert location.patterns["x-default"].format_map(fields) == html.escape(ORIGIN + neutral)


@pytest.mark.parametrize("slug", ["a b", "r&d", "ünï", "a/b", ""])
def test_a_value_the_url_refuses_has_no_address(slug):
    with pytest.raises(NoReverseMatch):
        reverse("documents:detail", kwargs={"slug": slug})
    assert Location("documents:detail", ["slug"], ORIGIN).fill([slug]) is None


def test_what_needs_escaping_is_escaped_and_parses():
    location = Location("documents:attachment", ["slug", "pk", "filename"], ORIGIN)
    filename = 'R&D "1" <x> é.pdf'
    body = urlset([(location, [("d", 5, filename, None)])], changefreq="monthly")
    root = ET.fromstring(body)
    with translation.override("ru"):
        expected = ORIGIN + reverse(
            "documents:attachment", kwargs={"slug": "d", "pk": 5, "filename": filename}
        )
    locations = [url.find(f"{SM}loc").text for url in root.iter(f"{SM}url")]
    assert expected in locations
    assert len(locations) == 3
    links = {link.get("hreflang"): link.get("href") for link in root.iter(f"{XHTML}link")}
    assert links["ru"] == expected
