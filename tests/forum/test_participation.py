"""Who took part in which session: the countries × sessions table and a session's list."""

import random
import re

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.utils import translation
from django_countries.data import COUNTRIES
from django_countries.fields import Country
from lxml import html as lxml_html

from forum.core.collation import sort_key
from forum.models import Organisation
from tests.forum.factories import OrganisationFactory, ParticipationFactory, SessionFactory

pytestmark = pytest.mark.django_db
URL = "/{lang}/sessions/participation/"
# Names whose order code points or stripped accents get wrong in az and ru.
CODES = ["TR", "HR", "AF", "KZ", "IR", "YE", "CN", "AZ", "IN"]
ALPHABETICAL = {
    "az": ["Azərbaycan", "Çin", "Əfqanıstan", "Hindistan", "Xorvatiya", "İran", "Qazaxıstan",
           "Türkiyə", "Yəmən"],
    "en": ["Afghanistan", "Azerbaijan", "China", "Croatia", "India", "Iran", "Kazakhstan",
           "Türkiye", "Yemen"],
    "ru": ["Азербайджан", "Афганистан", "Индия", "Иран", "Йемен", "Казахстан", "Китай",
           "Турция", "Хорватия"],
}  # fmt: skip


def country(code, language):
    with translation.override(language):
        return str(Country(code).name)


@pytest.fixture
def forum():
    """Sessions 1 and 2 published, 3 a draft; Azerbaijan hosts 1 and attends 2, Türkiye
    sends two agencies to 1 and goes to the draft, China only to the draft."""
    first, second = SessionFactory(number=1), SessionFactory(number=2, reported_country_count=50)
    draft = SessionFactory(number=3, draft=True)
    ParticipationFactory(session=first, country="AZ", is_host=True)
    ParticipationFactory(session=second, country="AZ", organisation=None)
    ParticipationFactory(session=first, country="TR")
    ParticipationFactory(session=first, country="TR")
    ParticipationFactory(session=draft, country="TR")
    ParticipationFactory(session=draft, country="CN", organisation=None)
    international = OrganisationFactory(
        name_en="Shanghai Cooperation Organisation", kind=Organisation.Kind.INTERNATIONAL
    )
    ParticipationFactory(session=second, country="", organisation=international)
    hidden = OrganisationFactory(name_en="Draft-only organisation")
    ParticipationFactory(session=draft, country="", organisation=hidden)
    return first, second, draft


def rows(response, table="countries"):
    return [row.name for row in getattr(response.context["matrix"], table)]


def test_the_table_counts_published_sessions_only(client, forum):
    response = client.get(URL.format(lang="en"))
    assert response.status_code == 200
    matrix = response.context["matrix"]
    assert [session.number for session in matrix.sessions] == [1, 2]
    by_name = {row.name: row for row in matrix.countries}
    assert list(by_name) == ["Azerbaijan", "Türkiye"]
    assert by_name["Azerbaijan"].cells == ["host", "present"]
    assert by_name["Türkiye"].cells == ["present", ""]  # two agencies, one session
    assert [row.count for row in matrix.countries] == [2, 1]
    assert matrix.country_totals == [2, 1]
    assert rows(response, "organisations") == ["Shanghai Cooperation Organisation"]
    assert matrix.organisation_totals == [0, 1]

    html = response.content.decode()
    assert "China" not in html and "Draft-only" not in html
    assert "/sessions/3/" not in html and "Session 3" not in html
    assert 'href="/en/sessions/1/"' in html and 'href="/en/sessions/2/"' in html
    assert "about 50 countries, as reported" in html


def test_cells_say_in_words_what_their_symbols_show(client, forum):
    page = lxml_html.fromstring(client.get(URL.format(lang="en")).content)
    table = page.get_element_by_id("countries-caption").getparent()
    assert table.find("caption").text.strip() == "Countries by session"
    assert all(th.get("scope") == "col" for th in table.findall("thead/tr/th"))
    azerbaijan = table.xpath("tbody/tr[th[@scope='row']='Azerbaijan']")[0]
    assert [td.text_content() for td in azerbaijan.findall("td")] == ["★host", "✓took part", "2"]
    region = table.getparent()
    assert region.get("role") == "region" and region.get("tabindex") == "0"
    assert region.get("aria-labelledby") == "countries-caption"


@pytest.mark.parametrize(
    ("sort", "expected", "sorted_header"),
    [
        ("", ALPHABETICAL["en"], ("Country", "ascending")),
        ("name", ALPHABETICAL["en"], ("Country", "ascending")),
        ("-name", ALPHABETICAL["en"][::-1], ("Country", "descending")),
        # Ties stay in alphabetical order.
        ("-count", ["Türkiye", "Yemen", "Afghanistan", "Azerbaijan", "China", "Croatia",
                    "India", "Iran", "Kazakhstan"], ("Total", "descending")),
        ("count", ["Afghanistan", "Azerbaijan", "China", "Croatia", "India", "Iran",
                   "Kazakhstan", "Türkiye", "Yemen"], ("Total", "ascending")),
    ],
)  # fmt: skip
def test_each_order(client, sort, expected, sorted_header):
    first, second = SessionFactory(number=1), SessionFactory(number=2)
    for code in CODES:
        ParticipationFactory(session=first, country=code)
    for code in ("TR", "YE"):
        ParticipationFactory(session=second, country=code)
    response = client.get(URL.format(lang="en"), {"sort": sort} if sort else {})
    assert response.status_code == 200
    assert rows(response) == expected
    page = lxml_html.fromstring(response.content)
    headers = page.xpath("//table[@class='participation-table']/thead/tr/th[@aria-sort]")
    assert [(th.text_content().strip(" ▲▼\n"), th.get("aria-sort")) for th in headers] == [
        sorted_header
    ]


def test_headers_sort_the_other_way_when_sorted_already(client, forum):
    def links(sort):
        page = lxml_html.fromstring(client.get(URL.format(lang="en"), {"sort": sort}).content)
        header = page.xpath("//table[@class='participation-table']/thead/tr/th")
        return header[0].find("a").get("href"), header[-1].find("a").get("href")

    page = "/en/sessions/participation/"
    assert links("name") == (f"{page}?sort=-name", f"{page}?sort=-count")
    assert links("-name") == (page, f"{page}?sort=-count")
    assert links("-count") == (page, f"{page}?sort=count")
    assert links("count") == (page, f"{page}?sort=-count")


@pytest.mark.parametrize(
    "sort",
    ["<script>alert(1)</script>", "name' OR 1=1--", "NAME", "x" * 5000, "\x00", "count "],
)
def test_an_unknown_order_is_refused_and_the_table_shown_by_name(client, forum, sort):
    response = client.get(URL.format(lang="en"), {"sort": sort})
    assert response.status_code == 400
    assert rows(response) == ["Azerbaijan", "Türkiye"]
    html = response.content.decode()
    assert "That order is unknown" in html
    assert "<script>alert" not in html


def test_the_page_cache_keeps_each_order_apart(client, settings, forum):
    settings.PUBLIC_PAGE_CACHE = True
    by_name = client.get(URL.format(lang="en")).content
    by_count = client.get(URL.format(lang="en"), {"sort": "count"}).content
    assert by_name != by_count
    assert client.get(URL.format(lang="en"), {"sort": "count", "utm": "x"}).content == by_count
    assert client.get(URL.format(lang="en"), {"sort": "bad"}).status_code == 400


@pytest.mark.parametrize("lang", ["az", "en", "ru"])
def test_countries_are_named_and_sorted_in_the_page_language(client, lang):
    session = SessionFactory(number=1)
    for code in CODES:
        ParticipationFactory(session=session, country=code)
    response = client.get(URL.format(lang=lang))
    assert rows(response) == ALPHABETICAL[lang]


@pytest.mark.parametrize("lang", ["az", "ru", "en"])
def test_the_order_is_icus_for_every_country_name(lang):
    """The same order as PostgreSQL's ICU collation, where the server has it."""
    collation = f"{lang}-x-icu"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_collation WHERE collname = %s", [collation])
        if cursor.fetchone() is None:
            pytest.skip(f"PostgreSQL has no {collation} collation")
        names = [country(code, lang) for code in COUNTRIES]
        cursor.execute(
            f'SELECT name FROM unnest(%s::text[]) name ORDER BY name COLLATE "{collation}"',
            [names],
        )
        icu = [name for (name,) in cursor.fetchall()]
    assert sorted(names, key=lambda name: sort_key(name, lang)) == icu


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("az", ["Cəbi", "Çay", "Ev", "Əl", "Hava", "Xalq", "Işıq", "İl", "Kənd", "Qala", "Zəng"]),
        ("ru", ["Ежевика", "Ёлка", "Жук", "Иней", "Йод", "Кот"]),
        ("en", ["apple", "Éclair", "eclairs", "zebra"]),
    ],
)
def test_words_sort_by_the_languages_alphabet(language, words):
    shuffled = random.Random(7).sample(words, len(words))
    assert sorted(shuffled, key=lambda word: sort_key(word, language)) == words


def test_no_participation_published_yet(client):
    SessionFactory(number=1)
    ParticipationFactory(session=SessionFactory(number=2, draft=True))
    response = client.get(URL.format(lang="en"))
    assert response.status_code == 200
    assert "The list of participants has not been published yet." in response.content.decode()
    assert "<table" not in response.content.decode()


def session_participants(client, lang):
    page = lxml_html.fromstring(client.get(f"/{lang}/sessions/1/").content)
    section = page.xpath("//section[@aria-labelledby='participants-title']")[0]
    return section, [li.text_content().strip() for li in section.iter("li")]


@pytest.mark.parametrize("lang", ["az", "en", "ru"])
def test_a_session_lists_its_host_then_countries_then_organisations(client, lang):
    session = SessionFactory(number=1)
    ParticipationFactory(session=session, country="TR", organisation=None)
    ParticipationFactory(session=session, country="CN", organisation=None)
    ParticipationFactory(
        session=session, country="AZ", is_host=True, organisation=OrganisationFactory(
            name_en="State Security Service", name_az="DTX", name_ru="СГБ")
    )  # fmt: skip
    ParticipationFactory(session=session, country="AF", organisation=None)
    for name in ("OSCE", "Interpol"):
        organisation = OrganisationFactory(name_en=name, name_az=name, name_ru=name)
        ParticipationFactory(session=session, country="", organisation=organisation)
    _section, items = session_participants(client, lang)
    host = {"az": "DTX", "en": "State Security Service", "ru": "СГБ"}[lang]
    countries = [country(code, lang) for code in ("AF", "CN", "TR")]
    countries.sort(key=lambda name: sort_key(name, lang))
    assert items[0] == f"{country('AZ', lang)} — {host} {country_host(lang)}"
    assert items[1:4] == countries
    assert items[4:] == ["Interpol", "OSCE"]


def country_host(lang):
    return {"az": "Ev sahibi", "en": "Host", "ru": "Принимающая сторона"}[lang]


def test_flags_are_local_decorative_and_sized(client):
    session = SessionFactory(number=1)
    ParticipationFactory(session=session, country="AZ", is_host=True)
    ParticipationFactory(session=session, country="", organisation=OrganisationFactory())
    section, _items = session_participants(client, "en")
    flags = section.findall(".//img")
    assert len(flags) == 1  # an organisation without a country has none
    flag = flags[0]
    assert flag.get("src") == "/static/flags/az.gif"
    assert flag.get("alt") == ""
    assert (flag.get("width"), flag.get("height")) == ("16", "11")
    assert finders.find("flags/az.gif")  # a file of this site's, none from another host


def test_the_sessions_pages_link_to_the_table(client, forum):
    for url in ("/en/sessions/", "/en/sessions/1/"):
        html = client.get(url).content.decode()
        assert 'href="/en/sessions/participation/"' in html, url


def test_the_sitemap_lists_the_table_in_every_language(client):
    xml = client.get("/sitemap-pages.xml").content.decode()
    for lang in ("az", "en", "ru"):
        assert f"http://testserver/{lang}/sessions/participation/" in xml


@pytest.mark.parametrize("lang", ["az", "en", "ru"])
def test_one_h1_and_every_language(lang, forum):
    html = Client().get(URL.format(lang=lang)).content.decode()
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert f'<html lang="{lang}">' in html
