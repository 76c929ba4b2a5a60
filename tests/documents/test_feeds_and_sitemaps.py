import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.documents.factories import AddressFactory, DocumentFactory, InitiativeFactory
from tests.forum.factories import SessionFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def entries(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return feed, [e.find(f"{ATOM}title").text for e in feed.iter(f"{ATOM}entry")]


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("ru", "Обращение Президента Азербайджанской Республики Ильхама Алиева"),
        ("en", "Address by President of the Republic of Azerbaijan Ilham Aliyev"),
        ("az", "Azərbaycan Respublikasının Prezidenti İlham Əliyevin"),
    ],
)
def test_feed_per_language(client, lang, title):
    call_command("load_demo")
    feed, titles = entries(client, f"/{lang}/feeds/documents/")
    assert any(t.startswith(title) for t in titles)
    link = feed.find(f"{ATOM}entry/{ATOM}link").get("href")
    assert link.startswith(f"http://testserver/{lang}/documents/")
    # Django's Feed reads ``language`` as an attribute, and falls back to the page's.
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang


def test_feed_applies_the_list_filters(client):
    AddressFactory(title_en="An address")
    DocumentFactory(title_en="A statement")
    feed, titles = entries(client, "/en/feeds/documents/", kind="address")
    assert titles == ["An address"]
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["alternate"] == "http://testserver/en/documents/?kind=address"
    assert links["self"] == "http://testserver/en/feeds/documents/?kind=address"
    # The next request, unfiltered, does not inherit the filters.
    _, titles = entries(client, "/en/feeds/documents/")
    assert sorted(titles) == ["A statement", "An address"]


def test_feed_rejects_bad_filters(client):
    response = client.get("/en/feeds/documents/", {"year": "abc"})
    assert response.status_code == 400
    assert "year" in response.content.decode()


def test_feed_leaves_out_drafts(client):
    DocumentFactory(title_en="Draft marker", draft=True)
    _, titles = entries(client, "/en/feeds/documents/")
    assert "Draft marker" not in titles


def sitemap_urls(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return ET.fromstring(response.content)


def test_sitemap_index_lists_every_section(client):
    index = sitemap_urls(client, "/sitemap.xml")
    locations = [e.text for e in index.iter(f"{SM}loc")]
    for section in ("pages", "sessions", "documents", "initiatives"):
        assert f"http://testserver/sitemap-{section}.xml" in locations


def test_sitemap_has_every_language_with_alternates(client):
    document = DocumentFactory(slug="the-doc")
    root = sitemap_urls(client, "/sitemap-documents.xml")
    urls = {u.find(f"{SM}loc").text: u for u in root.iter(f"{SM}url")}
    for lang in ("az", "en", "ru"):
        url = urls[f"http://testserver/{lang}/documents/the-doc/"]
        alternates = {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
        assert alternates == {
            "az": "http://testserver/az/documents/the-doc/",
            "en": "http://testserver/en/documents/the-doc/",
            "ru": "http://testserver/ru/documents/the-doc/",
            "x-default": "http://testserver/documents/the-doc/",
        }
    assert (
        # In the site's time zone (Baku), which is a day ahead of UTC late in the evening.
        timezone.localtime(document.updated_at).date().isoformat()
        in urls["http://testserver/en/documents/the-doc/"].find(f"{SM}lastmod").text
    )


def test_sitemaps_cover_every_public_page(client):
    SessionFactory(number=3)
    InitiativeFactory(declaration__slug="decl", number=2)
    pages = [u.text for u in sitemap_urls(client, "/sitemap-pages.xml").iter(f"{SM}loc")]
    assert "http://testserver/ru/committee/" in pages
    assert "http://testserver/az/documents/" in pages
    sessions = [u.text for u in sitemap_urls(client, "/sitemap-sessions.xml").iter(f"{SM}loc")]
    assert "http://testserver/en/sessions/3/" in sessions
    initiatives = sitemap_urls(client, "/sitemap-initiatives.xml")
    assert "http://testserver/ru/documents/decl/initiatives/2/" in [
        u.text for u in initiatives.iter(f"{SM}loc")
    ]


def test_sitemaps_leave_out_drafts(client):
    DocumentFactory(slug="secret-draft", draft=True)
    SessionFactory(number=9, draft=True)
    assert b"secret-draft" not in client.get("/sitemap-documents.xml").content
    assert b"/sessions/9/" not in client.get("/sitemap-sessions.xml").content


def test_sitemap_pages_are_bounded(client, settings):
    from documents.sitemaps import DocumentSitemap

    DocumentSitemap.limit = 2
    try:
        DocumentFactory.create_batch(5)
        first = sitemap_urls(client, "/sitemap-documents.xml?p=1")
        assert len(list(first.iter(f"{SM}url"))) == 6  # two documents, three languages each
        assert client.get("/sitemap-documents.xml?p=4").status_code == 404
    finally:
        DocumentSitemap.limit = 2000


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
