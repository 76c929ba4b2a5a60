"""Institutional pages staff write (about, contact, accreditation, privacy, accessibility):
published through the workflow, in every language, in the menus and the sitemap."""

import re

import pytest
from django.test import Client

from forum.core import workflow
from forum.core.content import Status, Via
from forum.models import Page
from tests.forum.factories import CommitteeFactory, PageFactory, SecretariatFactory

pytestmark = pytest.mark.django_db


def footer(html):
    return re.search(r"<footer.*?</footer>", html, re.S).group()


def navigation(html):
    return re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group()


@pytest.mark.parametrize("lang", ["az", "en", "ru"])
def test_the_demo_pages_are_public_in_every_language(client, demo, lang):
    for slug in ("about", "contact", "media-accreditation", "privacy", "accessibility"):
        response = client.get(f"/{lang}/pages/{slug}/")
        assert response.status_code == 200, slug
        html = response.content.decode()
        assert f'<html lang="{lang}">' in html
        assert len(re.findall(r"<h1[ >]", html)) == 1
        assert "fallback-note" not in html  # written in all three languages


def test_demo_pages_say_what_is_sample(client, demo):
    sample = 'class="badge badge--sample"'
    assert sample not in client.get("/en/pages/about/").content.decode()
    for slug in ("contact", "media-accreditation", "privacy"):
        assert sample in client.get(f"/en/pages/{slug}/").content.decode(), slug
    statement = client.get("/en/pages/accessibility/").content.decode()
    assert "WCAG 2.2" in statement
    assert "Known limits" in statement
    assert "Reporting a problem" in statement


def test_menus_show_published_pages_in_the_order_staff_gave(client):
    PageFactory(title_en="Second", position=2)
    PageFactory(title_en="First", position=1)
    PageFactory(title_en="Hidden", draft=True, position=0)
    PageFactory(title_en="In the header", placement=Page.Placement.NAVIGATION)
    PageFactory(title_en="Nowhere", placement=Page.Placement.NONE)
    html = client.get("/en/").content.decode()
    links = footer(html)
    assert links.index(">First<") < links.index(">Second<")
    assert "Hidden" not in html
    assert "Nowhere" not in html
    assert "In the header" in navigation(html)
    assert "In the header" not in links


def test_a_menu_follows_publication_at_once(client, django_capture_on_commit_callbacks):
    page = PageFactory(title_en="About us", draft=True)
    assert "About us" not in client.get("/en/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.move([page], Status.PUBLISHED, None, via=Via.SHELL)
    assert "About us" in footer(client.get("/en/").content.decode())
    page.title_en = "About the Forum"
    with django_capture_on_commit_callbacks(execute=True):
        workflow.save(page, None, Via.SHELL)
    assert "About the Forum" in footer(client.get("/en/").content.decode())


def test_a_draft_is_hidden_from_the_public_and_previewed_by_staff(staff_client):
    page = PageFactory(draft=True)
    assert Client().get(f"/en/pages/{page.slug}/").status_code == 404
    response = staff_client.get(f"/en/pages/{page.slug}/")
    assert response.status_code == 200
    assert "Preview for staff" in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_a_missing_translation_shows_the_original_with_a_note(client):
    page = PageFactory(title_ru="", body_ru="", body_en="<p>Only in English.</p>")
    html = client.get(f"/ru/pages/{page.slug}/").content.decode()
    assert "Only in English." in html
    assert 'class="fallback-note"' in html
    assert '<div lang="en"><p>Only in English.</p></div>' in html


def test_the_text_is_sanitized(client):
    page = PageFactory(body_en='<p onclick="x()">Text<script>alert(1)</script></p>')
    html = client.get(f"/en/pages/{page.slug}/").content.decode()
    assert "<script>alert" not in html
    assert "onclick" not in html
    assert "Text" in html


def test_a_contact_page_shows_the_published_secretariat_only(client):
    page = PageFactory(shows_contact_details=True)
    draft = CommitteeFactory(draft=True)
    SecretariatFactory(committee=draft, email="hidden@example.org")
    assert "hidden@example.org" not in client.get(f"/en/pages/{page.slug}/").content.decode()
    SecretariatFactory(committee=CommitteeFactory(), email="office@example.org")
    html = client.get(f"/en/pages/{page.slug}/").content.decode()
    assert 'href="mailto:office@example.org"' in html


def test_pages_are_in_the_sitemap_with_their_languages(client):
    PageFactory(slug="about")
    PageFactory(slug="draft-page", draft=True)
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-institutional.xml" in index
    xml = client.get("/sitemap-institutional.xml").content.decode()
    for lang in ("az", "en", "ru"):
        assert f"/{lang}/pages/about/" in xml
    assert "draft-page" not in xml


def test_an_unknown_or_hostile_address_is_a_404(client):
    assert client.get("/en/pages/nothing/").status_code == 404
    assert client.get("/en/pages/%3Cscript%3E/").status_code == 404


@pytest.mark.parametrize("role", ["Editor", "Translator", "Publisher"])
def test_staff_roles_reach_pages_in_the_admin(login, role):
    page = PageFactory(draft=True)
    client = login(role)
    assert client.get("/admin/forum/page/").status_code == 200
    assert client.get(f"/admin/forum/page/{page.pk}/change/").status_code == 200


def test_a_translator_cannot_publish_a_page(login):
    page = PageFactory(draft=True)
    client = login("Translator")
    data = {
        "title_en": page.title_en,
        "title_ru": "Перевод",
        "title_az": page.title_az,
        "slug": page.slug,
        "placement": page.placement,
        "position": 0,
        "original_language": "en",
        "status": Status.PUBLISHED,
    }
    client.post(f"/admin/forum/page/{page.pk}/change/", data)
    page.refresh_from_db()
    assert page.status == Status.DRAFT
