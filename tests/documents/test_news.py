"""The Secretariat's news: press releases and statements, under /<lang>/news/."""

import datetime
import re

import feedparser
import pytest
from django.test import Client

from documents.models import Kind
from tests.documents.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def news(**kwargs):
    return DocumentFactory(kind=kwargs.pop("kind", Kind.PRESS_RELEASE), **kwargs)


def titles(html):
    return re.findall(r'class="document-item__title"><a href="[^"]*"[^>]*>([^<]*)<', html)


def test_the_list_holds_the_news_alone_newest_first(client):
    news(title_en="Older release", date=datetime.date(2025, 9, 1))
    news(title_en="Newer statement", kind=Kind.STATEMENT, date=datetime.date(2025, 9, 22))
    news(title_en="Hidden release", draft=True)
    DocumentFactory(kind=Kind.REPORT, title_en="A report")
    html = client.get("/en/news/").content.decode()
    assert titles(html) == ["Newer statement", "Older release"]
    assert 'href="/en/news/' in html


def test_the_list_is_paginated(client):
    for day in range(1, 13):
        news(title_en=f"Release {day:02}", date=datetime.date(2025, 9, day))
    first = titles(client.get("/en/news/").content.decode())
    second = titles(client.get("/en/news/?page=2").content.decode())
    assert len(first) == 10 and first[0] == "Release 12"
    assert second == ["Release 02", "Release 01"]
    assert client.get("/en/news/?page=9").status_code == 404


def test_the_list_filters_by_year(client):
    news(title_en="Of 2024", date=datetime.date(2024, 9, 17))
    news(title_en="Of 2025", date=datetime.date(2025, 9, 22))
    html = client.get("/en/news/").content.decode()
    assert '<option value="2025">2025</option>' in html  # the years with news offered
    assert '<option value="2024">2024</option>' in html
    html = client.get("/en/news/?year=2024").content.decode()
    assert titles(html) == ["Of 2024"]
    assert '<option value="2024" selected>' in html
    assert "News of 2024" in html
    empty = client.get("/en/news/?year=2023")
    assert empty.status_code == 200
    assert "No news was published in 2023." in empty.content.decode()


@pytest.mark.parametrize("year", ["abc", "99999999999999999999", "1800", "2025.5", "-1"])
def test_a_bad_year_is_a_400_that_says_so(client, year):
    response = client.get("/en/news/", {"year": year})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()


def test_a_news_item_has_its_address_under_news(client):
    item = news(slug="third-session-held", title_ru="Третье заседание прошло")
    response = client.get("/ru/news/third-session-held/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Третье заседание прошло" in html
    assert '<a href="/ru/news/">Новости</a>' in html or '<a href="/ru/news/">News</a>' in html
    assert item.get_absolute_url().endswith("/news/third-session-held/")


def test_an_old_link_under_documents_leads_to_the_news(client):
    news(slug="third-session-held")
    response = client.get("/en/documents/third-session-held/?utm=x")
    assert response.status_code == 301
    assert response["Location"] == "/en/news/third-session-held/?utm=x"


def test_other_documents_are_not_news(client):
    DocumentFactory(kind=Kind.REPORT, slug="a-report")
    assert client.get("/en/news/a-report/").status_code == 404
    assert client.get("/en/documents/a-report/").status_code == 200


def test_a_draft_is_not_news(staff_client):
    news(slug="not-yet", draft=True)
    assert Client().get("/en/news/not-yet/").status_code == 404
    assert Client().get("/en/documents/not-yet/").status_code == 404
    assert staff_client.get("/en/news/not-yet/").status_code == 200


def test_the_home_page_shows_the_latest_news_apart(client):
    for day in range(1, 5):
        news(title_en=f"Release {day}", date=datetime.date(2025, 9, day))
    DocumentFactory(kind=Kind.REPORT, title_en="The report")
    html = client.get("/en/").content.decode()
    section = re.search(r'<section aria-labelledby="news-title">.*?</section>', html, re.S)
    assert titles(section.group()) == ["Release 4", "Release 3", "Release 2"]
    latest = re.search(r'<section aria-labelledby="latest-title">.*?</section>', html, re.S)
    assert titles(latest.group()) == ["The report"]


def test_the_news_feed(client):
    news(title_en="A release", date=datetime.date(2025, 9, 22))
    DocumentFactory(kind=Kind.REPORT, title_en="A report")
    news(title_en="A draft release", draft=True)
    feed = feedparser.parse(client.get("/en/feeds/news/").content)
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == ["A release"]
    assert feed.entries[0].link.endswith("/en/news/" + feed.entries[0].link.split("/")[-2] + "/")
    assert "news" in feed.feed.title.lower()


def test_news_are_in_the_sitemap_under_their_address(client):
    news(slug="a-release")
    DocumentFactory(kind=Kind.REPORT, slug="a-report")
    documents = client.get("/sitemap-documents.xml").content.decode()
    assert "/en/news/a-release/" in documents
    assert "/en/documents/a-report/" in documents
    assert "/documents/a-release/" not in documents
    assert "/en/news/</loc>" in client.get("/sitemap-pages.xml").content.decode()
