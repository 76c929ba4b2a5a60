import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.documents.factories import DocumentFactory
from tests.forum.factories import SessionFactory

pytestmark = pytest.mark.django_db
FIELDS = ("title", "summary", "body")
FULL = {f"{f}_{lang}": f"{f} {lang}" for f in FIELDS for lang in ("az", "en", "ru")}


def counts(html):
    """{(content, language): (missing, outdated)} read off the report's table."""
    rows = re.findall(
        r'<th scope="row">([^<]+)</th>\s*<td data-language="(\w+)">[^<]+</td>\s*'
        r'<td><a[^>]*data-count="missing">(\d+)</a>.*?data-count="outdated">(\d+)<',
        html,
        re.S,
    )
    return {(name, lang): (int(missing), int(outdated)) for name, lang, missing, outdated in rows}


def test_report_counts_missing_and_outdated_translations(staff_client):
    DocumentFactory(**FULL)
    DocumentFactory(**{**FULL, "body_az": "", "title_az": ""})
    DocumentFactory(**{**FULL, "body_ru": ""})
    outdated = DocumentFactory(original_language="en", **FULL)
    SessionFactory(theme_az="")

    # The original changes a day after the translations were saved: az and ru fall behind.
    with time_machine.travel(timezone.now() + timezone.timedelta(days=1)):
        outdated.body_en = "<p>Revised original.</p>"
        outdated.save()
    assert outdated.outdated_languages() == ["az", "ru"]

    response = staff_client.get(reverse("admin:translation-report"), {"all": ""})
    assert response.status_code == 200
    table = counts(response.content.decode())
    assert table[("Documents", "az")] == (1, 1)
    assert table[("Documents", "ru")] == (1, 1)
    assert table[("Documents", "en")] == (0, 0)
    assert table[("Sessions", "az")] == (1, 0)
    html = response.content.decode()
    change = reverse("admin:documents_document_change", args=[outdated.pk])
    assert f'href="{change}?language=az#language-az"' in html
    assert ">Azerbaijani</td>" in html

    # By default, the rows with nothing to do are left out, and a link shows them all.
    html = staff_client.get(reverse("admin:translation-report")).content.decode()
    shown = counts(html)
    assert ("Documents", "en") not in shown
    assert shown[("Documents", "az")] == (1, 1)
    assert 'href="?all"' in html


def test_translating_brings_it_up_to_date():
    document = DocumentFactory(original_language="en", **FULL)
    with time_machine.travel(timezone.now() + timezone.timedelta(days=1)):
        document.title_en = "New title"
        document.save()
    with time_machine.travel(timezone.now() + timezone.timedelta(days=2)):
        document.title_ru = "Новое название"
        document.save()
    assert document.outdated_languages() == ["az"]


def test_report_is_for_staff_only(client):
    response = client.get(reverse("admin:translation-report"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_missing_language_filter_in_every_changelist(staff_client):
    from django.contrib import admin

    for model, model_admin in admin.site._registry.items():
        if hasattr(model_admin, "missing_languages"):
            opts = model._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            response = staff_client.get(url, {"missing": "az"})
            assert response.status_code == 200, url
            assert "missing language" in response.content.decode().lower(), url
