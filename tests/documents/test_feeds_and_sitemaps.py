import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import feedparser
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from documents.models import Document
from documents.sitemaps import DocumentSitemap
from tests.documents.factories import AddressFactory, DocumentFactory, InitiativeFactory
from tests.forum import urls_admin_elsewhere
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


def alternates(url):
    """{hreflang: href} of a sitemap <url>."""
    return {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}


def every_language(path):
    """The alternates a page at ``path`` (without its language) should list."""
    return {
        **{lang: f"http://testserver/{lang}{path}" for lang in ("az", "en", "ru")},
        "x-default": f"http://testserver{path}",
    }


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
    links = [
        link.get("href")
        for link in feed.findall(f"{ATOM}entry/{ATOM}link")
        if link.get("rel") == "alternate"  # not a symbol's permalink (rel="related")
    ]
    assert links and all(
        link.startswith(
            (f"http://testserver/{lang}/documents/", f"http://testserver/{lang}/news/")
        )
        for link in links
    )
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
        assert alternates(url) == every_language("/documents/the-doc/")
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


def test_sitemap_pages_are_bounded(client, monkeypatch):
    from documents.sitemaps import DocumentSitemap

    monkeypatch.setattr(DocumentSitemap, "limit", 2)
    DocumentFactory.create_batch(5)
    first = sitemap_urls(client, "/sitemap-documents.xml?p=1")
    assert len(list(first.iter(f"{SM}url"))) == 6  # two documents, three languages each
    assert client.get("/sitemap-documents.xml?p=4").status_code == 404


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


@pytest.fixture
def two_a_page(monkeypatch):
    monkeypatch.setattr(DocumentSitemap, "limit", 2)


def listed_pages(client, section):
    index = sitemap_urls(client, "/sitemap.xml")
    prefix = f"http://testserver/sitemap-{section}.xml"
    return [
        e.text.removeprefix(prefix) for e in index.iter(f"{SM}loc") if e.text.startswith(prefix)
    ]


def english_locations(client, path):
    locations = [u.find(f"{SM}loc").text for u in sitemap_urls(client, path).iter(f"{SM}url")]
    return [loc for loc in locations if "/en/" in loc]


def test_sitemap_pages_run_by_key_and_list_each_public_document_once(client, two_a_page):
    tomorrow = timezone.now() + timedelta(days=1)
    states = {"P": {}, "D": {"draft": True}, "S": {"published_at": tomorrow}}
    # Consecutive keys, two a page: (P P) (D P) (S D) (D P) (P P).
    documents = [DocumentFactory(**states[state]) for state in "PPDPSDDPPP"]
    assert listed_pages(client, "documents") == ["", "?p=2", "?p=4", "?p=5"]
    listed = []
    for page in listed_pages(client, "documents"):
        listed += english_locations(client, f"/sitemap-documents.xml{page}")
    public = [d for d, state in zip(documents, "PPDPSDDPPP", strict=True) if state == "P"]
    assert listed == [f"http://testserver/en/documents/{d.slug}/" for d in public]
    # A run of keys with nothing public is no page (a sitemap holds at least one <url>),
    # nor is any page past the last.
    assert client.get("/sitemap-documents.xml?p=3").status_code == 404
    assert client.get("/sitemap-documents.xml?p=6").status_code == 404


def test_the_first_sitemap_page_starts_at_the_first_public_document(client, two_a_page):
    DocumentFactory.create_batch(3, draft=True)
    first, second = DocumentFactory.create_batch(2)
    assert listed_pages(client, "documents") == [""]
    assert english_locations(client, "/sitemap-documents.xml") == [
        f"http://testserver/en/documents/{first.slug}/",
        f"http://testserver/en/documents/{second.slug}/",
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/sitemap-documents.xml?p=2",
        "/sitemap-documents.xml?p=0",
        "/sitemap-documents.xml?p=-1",
        "/sitemap-documents.xml?p=abc",
        "/sitemap-pages.xml?p=2",
        "/sitemap-unknown.xml",
    ],
)
def test_a_sitemap_page_that_does_not_exist_is_not_found(client, path):
    DocumentFactory()
    assert client.get(path).status_code == 404


def test_an_empty_section_still_has_its_first_page(client):
    assert listed_pages(client, "initiatives") == [""]
    assert english_locations(client, "/sitemap-initiatives.xml") == []


def test_a_sitemap_page_costs_one_query_whatever_its_number(client, settings, two_a_page):
    settings.PUBLIC_PAGE_CACHE = False
    DocumentFactory.create_batch(10)
    counts = []
    for page in (1, 5):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/sitemap-documents.xml?p={page}").status_code == 200
        counts.append(len(queries))
    assert counts == [1, 1]


def test_a_sitemap_page_is_served_from_the_page_cache(client, settings):
    settings.PUBLIC_PAGE_CACHE = True
    DocumentFactory()
    first = client.get("/sitemap-documents.xml?p=1")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/sitemap-documents.xml?p=1")
    assert (len(queries), again.content) == (0, first.content)
    assert again["Content-Type"] == "application/xml"
    assert again["X-Robots-Tag"] == "noindex, noodp, noarchive"


def test_a_slug_without_an_address_is_left_out_of_a_valid_page(client):
    # The admin refuses such a slug; the database alone does not.
    DocumentFactory(slug="r&d <draft>")
    kept = DocumentFactory()
    assert english_locations(client, "/sitemap-documents.xml") == [
        f"http://testserver/en/documents/{kept.slug}/"
    ]


def test_initiatives_have_every_language_as_alternates_and_follow_their_declaration(client):
    InitiativeFactory(declaration__slug="decl", number=2)
    InitiativeFactory(declaration__slug="draft-decl", declaration__draft=True, number=1)
    root = sitemap_urls(client, "/sitemap-initiatives.xml")
    urls = list(root.iter(f"{SM}url"))
    assert len(urls) == 3
    for url in urls:
        assert alternates(url) == every_language("/documents/decl/initiatives/2/")
        assert url.find(f"{SM}loc").text in alternates(url).values()


@pytest.mark.parametrize("lang", ["az", "en", "ru"])
def test_a_feed_reader_reads_the_language_and_each_document_s_dates(client, lang):
    # Atom's <published> is when the document itself came out (its date, from the start
    # of that day in Baku): a reader expects the address of 21 September under that day,
    # not under the day the portal put it online; <updated> is its last change.
    document = DocumentFactory(
        date=date(2024, 9, 17), published_at=timezone.make_aware(datetime(2025, 9, 22, 10))
    )
    Document.objects.filter(pk=document.pk).update(
        updated_at=timezone.make_aware(datetime(2025, 10, 1, 12, 30))
    )
    feed = feedparser.parse(client.get(f"/{lang}/feeds/documents/").content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.language == lang
    (entry,) = feed.entries
    baku = ZoneInfo("Asia/Baku")
    assert datetime.fromisoformat(entry.published) == datetime(2024, 9, 17, tzinfo=baku)
    assert datetime.fromisoformat(entry.updated) == datetime(2025, 10, 1, 12, 30, tzinfo=baku)
    assert datetime.fromisoformat(feed.feed.updated) == datetime(2025, 10, 1, 12, 30, tzinfo=baku)


def test_robots_txt_keeps_crawlers_out_of_the_admin_without_telling_where_it_moved(
    client, settings
):
    assert "Disallow: /admin/\n" in client.get("/robots.txt").content.decode()
    assert client.get("/admin/login/")["X-Robots-Tag"] == "noindex, nofollow"
    settings.ADMIN_URL = urls_admin_elsewhere.ADMIN_URL
    settings.ROOT_URLCONF = "tests.forum.urls_admin_elsewhere"
    robots = client.get("/robots.txt").content.decode()
    # Not /admin/, where the admin is not; nor its address, chosen not to be guessed.
    assert "/admin/" not in robots
    assert "office-7f3a" not in robots
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    # Its pages say it themselves, to whoever finds them.
    for path in ("/office-7f3a/login/", "/office-7f3a/"):
        assert client.get(path)["X-Robots-Tag"] == "noindex, nofollow"
