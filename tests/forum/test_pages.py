import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from forum.core.content import Status
from forum.models import Session
from tests.forum.factories import (
    CommitteeFactory,
    CommitteeMemberFactory,
    ParticipationFactory,
    SecretariatFactory,
    SessionFactory,
)

LANGUAGES = ["az", "en", "ru"]
pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    session = SessionFactory(number=3, theme_ru="Взаимодействие органов безопасности")
    ParticipationFactory(session=session, is_host=True)
    committee = CommitteeFactory()
    CommitteeMemberFactory(committee=committee)
    SecretariatFactory(committee=committee)
    return session


def public_paths():
    return ["/{lang}/", "/{lang}/sessions/", "/{lang}/sessions/3/", "/{lang}/committee/"]


@pytest.mark.parametrize("path", public_paths())
@pytest.mark.parametrize("lang", LANGUAGES)
def test_public_page_in_every_language(client, site, path, lang):
    url = path.format(lang=lang)
    response = client.get(url)
    html = response.content.decode()

    assert response.status_code == 200
    assert f'<html lang="{lang}">' in html
    assert len(re.findall(r"<h1[ >]", html)) == 1
    for other in LANGUAGES:
        other_url = path.format(lang=other)
        assert f'hreflang="{other}" href="http://testserver{other_url}"' in html
        if other != lang:
            # The switcher links to the same page in the other language.
            assert f'href="{other_url}" hreflang="{other}"' in html
    neutral = path.format(lang="")[1:]
    assert f'hreflang="x-default" href="http://testserver{neutral}"' in html


def test_switcher_keeps_the_query_string(client, site):
    response = client.get("/en/sessions/?page=1&x=%C3%A7")
    assert 'href="/ru/sessions/?page=1&amp;x=%C3%A7" hreflang="ru"' in response.content.decode()


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("ru-RU,ru;q=0.9,en;q=0.8", "/ru/"),
        ("az", "/az/"),
        ("de-DE,fr;q=0.5", "/en/"),
        ("", "/en/"),
    ],
)
def test_root_redirects_to_the_best_language(client, accept, expected):
    response = client.get("/", headers={"accept-language": accept} if accept else {})
    assert response.status_code == 302
    assert response["Location"] == expected


def test_unprefixed_page_redirects_to_its_language(client, site):
    response = client.get("/sessions/3/", headers={"accept-language": "ru"})
    assert response.status_code == 302
    assert response["Location"] == "/ru/sessions/3/"


def test_interface_is_translated(client, site):
    assert "Заседания" in client.get("/ru/sessions/").content.decode()
    assert "İclaslar" in client.get("/az/sessions/").content.decode()


def test_translated_field_in_page_language(client, site):
    assert "Взаимодействие органов безопасности" in client.get("/ru/sessions/3/").content.decode()
    html = client.get("/en/sessions/3/").content.decode()
    assert "Theme of session" in html
    assert "Взаимодействие" not in html


def test_missing_translation_falls_back_to_the_original_with_a_note(client):
    SessionFactory(number=7, original_language="ru", theme_en="", theme_az="", theme_ru="Тема")
    html = client.get("/en/sessions/7/").content.decode()
    assert '<p class="lead" lang="ru">Тема</p>' in html
    assert "Not yet translated into this language; shown in the original: Russian." in html
    # The same page in Russian needs no note.
    assert "fallback-note" not in client.get("/ru/sessions/7/").content.decode()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN])
def test_unpublished_session_is_not_public(client, status):
    SessionFactory(number=5, status=status, theme_en="Hidden marker theme")
    assert client.get("/en/sessions/5/").status_code == 404
    assert "Hidden marker theme" not in client.get("/en/sessions/").content.decode()
    assert "Hidden marker theme" not in client.get("/en/").content.decode()


def test_session_scheduled_in_the_future_is_not_public(client):
    from datetime import timedelta

    from django.utils import timezone

    SessionFactory(number=6, published_at=timezone.now() + timedelta(days=1))
    assert client.get("/en/sessions/6/").status_code == 404


def test_unknown_objects_are_404(client, site):
    assert client.get("/en/sessions/99/").status_code == 404
    assert client.get("/en/sessions/not-a-number/").status_code == 404
    response = client.get("/ru/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="ru">' in response.content.decode()


def test_committee_page_is_404_without_a_published_committee(client):
    CommitteeFactory(draft=True)
    assert client.get("/en/committee/").status_code == 404


def test_committee_page_shows_members_and_secretariat(client, site):
    html = client.get("/en/committee/").content.decode()
    assert "Organizing Committee" in html
    assert "Deputy head" in html
    assert "mailto:secretariat@example.org" in html
    assert "Azerbaijan" in html


def test_country_names_in_every_language(client, site):
    assert "Azərbaycan" in client.get("/az/sessions/3/").content.decode()
    assert "Азербайджан" in client.get("/ru/sessions/3/").content.decode()


def test_home_features_the_next_session(client):
    from datetime import date, timedelta

    from django.utils import timezone

    today = timezone.localdate()
    SessionFactory(number=1, start_date=date(2023, 5, 1), end_date=date(2023, 5, 1))
    SessionFactory(
        number=9, start_date=today + timedelta(days=30), end_date=today + timedelta(days=31)
    )
    html = client.get("/en/").content.decode()
    assert "Next session" in html
    assert html.index("Session 9") < html.index("Session 1")


def test_sample_content_is_marked(client):
    SessionFactory(number=4, is_sample=True)
    assert "badge--sample" in client.get("/en/sessions/4/").content.decode()


def page_query_counts(client):
    with translation.override("en"):
        urls = {
            "home": reverse("forum:home"),
            "sessions": reverse("forum:sessions"),
            "session": Session.objects.latest().get_absolute_url(),
            "committee": reverse("forum:committee"),
        }
    client.get(urls["home"])  # the menus, read once for each content version
    counts = {}
    for page, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[page] = len(queries)
    return counts


def add_items(count, committee):
    for _ in range(count):
        ParticipationFactory(session=SessionFactory())
    CommitteeMemberFactory.create_batch(count, committee=committee)


@pytest.mark.usefixtures("steady_content_version")
def test_query_counts_are_the_same_for_5_or_50_items(client):
    committee = CommitteeFactory()
    SecretariatFactory(committee=committee)
    add_items(5, committee)
    with_5 = page_query_counts(client)
    add_items(45, committee)
    with_50 = page_query_counts(client)

    assert with_5 == with_50
    assert max(with_50.values()) <= 5  # a session's page: its photographs are one query


def test_a_missing_page_s_language_links_keep_its_address_encoded(client):
    response = client.get("/en/a%20b%3Fc/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'href="/az/a%20b%3Fc/"' in html
    assert 'href="/ru/a%20b%3Fc/"' in html


def test_a_page_s_language_links_do_not_remember_made_up_addresses(client):
    from forum.core.reversing import _reverse

    _reverse.cache_clear()
    for n in range(20):
        client.get(f"/en/documents/made-up-{n}/")
    assert _reverse.cache_info().currsize < 20
