import re

import pytest
from django.urls import reverse

from forum.models import Session
from tests.forum.factories import (
    CommitteeFactory,
    CommitteeMemberFactory,
    OrganisationFactory,
    PersonFactory,
    SecretariatFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

# Each admin model, a factory for a row, and a translated field whose tabs must show.
MODELS = [
    ("session", SessionFactory, "theme"),
    ("organisation", OrganisationFactory, "name"),
    ("person", PersonFactory, "name"),
    ("committee", CommitteeFactory, "mandate"),
]


def assert_language_tabs(html, field):
    assert "core/admin/form_languages.js" in html and 'role="tablist"' in html
    for language in ("az", "en", "ru"):
        assert f'name="{field}_{language}"' in html
    # Every script the admin page loads is served by the site itself.
    for src in re.findall(r'<script[^>]+src="([^"]+)"', html):
        assert src.startswith("/") and not src.startswith("//"), src


@pytest.mark.parametrize(("model", "factory", "field"), MODELS)
def test_add_and_change_pages_open_with_language_tabs(staff_client, model, factory, field):
    obj = factory()
    for url in (
        reverse(f"admin:forum_{model}_add"),
        reverse(f"admin:forum_{model}_change", args=[obj.pk]),
        reverse(f"admin:forum_{model}_changelist"),
    ):
        response = staff_client.get(url)
        assert response.status_code == 200, url
    assert_language_tabs(
        staff_client.get(reverse(f"admin:forum_{model}_change", args=[obj.pk])).content.decode(),
        field,
    )


def test_committee_change_page_has_member_and_secretariat_inlines(staff_client):
    member = CommitteeMemberFactory()
    SecretariatFactory(committee=member.committee)
    html = staff_client.get(
        reverse("admin:forum_committee_change", args=[member.committee.pk])
    ).content.decode()
    assert 'name="members-0-position_ru"' in html
    assert 'name="secretariat-0-address_az"' in html


def test_jquery_ui_is_served_locally(client):
    from django.contrib.staticfiles import finders

    assert finders.find("xstatic/jquery-ui/jquery-ui.min.js")


def test_missing_languages_column_and_filter(staff_client):
    SessionFactory(number=1)
    SessionFactory(number=2, theme_az="", description_ru="Только по-русски")
    url = reverse("admin:forum_session_changelist")

    html = staff_client.get(url).content.decode()
    assert re.search(r'field-missing_languages"><span class="language-badges"><s [^>]*>az', html)
    assert re.search(r'</s> <s [^>]*>en.*</s> <span class="badge">ru</span></span></td>', html)

    response = staff_client.get(url, {"missing": "az"})
    assert [s.number for s in response.context["cl"].result_list] == [2]
    response = staff_client.get(url, {"missing": "ru"})
    assert list(response.context["cl"].result_list) == []


def test_session_can_be_added_through_the_admin(staff_client):
    agency = OrganisationFactory()
    data = {
        "number": 4,
        "theme_en": "A theme",
        "theme_ru": "Тема",
        "theme_az": "Mövzu",
        "start_date": "2026-09-20",
        "end_date": "2026-09-21",
        "date_precision": "day",
        "city_en": "Baku",
        "city_ru": "Баку",
        "city_az": "Bakı",
        "organiser": agency.pk,
        "status": "draft",
        "original_language": "en",
        "participations-TOTAL_FORMS": 1,
        "participations-INITIAL_FORMS": 0,
        "participations-0-country": "TR",
        "participations-0-organisation": "",
        "photos-TOTAL_FORMS": 0,
        "photos-INITIAL_FORMS": 0,
    }
    response = staff_client.post(reverse("admin:forum_session_add"), data)
    assert response.status_code == 302, response.context["adminform"].errors
    session = Session.objects.get(number=4)
    assert session.theme_ru == "Тема"
    assert session.participations.get().country == "TR"


def test_admin_rejects_reversed_dates_with_a_message(staff_client):
    data = {
        "number": 4,
        "start_date": "2026-09-21",
        "end_date": "2026-09-20",
        "date_precision": "day",
        "city_en": "Baku",
        "status": "draft",
        "original_language": "en",
        "participations-TOTAL_FORMS": 0,
        "participations-INITIAL_FORMS": 0,
        "photos-TOTAL_FORMS": 0,
        "photos-INITIAL_FORMS": 0,
    }
    response = staff_client.post(reverse("admin:forum_session_add"), data)
    assert response.status_code == 200
    assert "Constraint “forum_session_dates_in_order” is violated." in response.content.decode()
    assert not Session.objects.exists()


def test_view_on_site_link(staff_client):
    session = SessionFactory(number=8)
    html = staff_client.get(
        reverse("admin:forum_session_change", args=[session.pk])
    ).content.decode()
    assert "viewsitelink" in html


def test_autocomplete_for_organisations(staff_client):
    OrganisationFactory(name_en="State Security Service", acronym_en="SSS")
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Security",
            "app_label": "forum",
            "model_name": "session",
            "field_name": "organiser",
        },
    )
    assert response.status_code == 200
    assert response.json()["results"][0]["text"] == "State Security Service (SSS)"
