"""The change form's one language switch: what the server tells it (forum/core/admin.py,
admin/content_change_form.html); the switching itself is tested in the browser."""

import re

import pytest
from django.urls import reverse

from documents.models import Document
from forum.core.admin import form_languages
from tests.documents.factories import DocumentFactory
from tests.forum.factories import SessionFactory

pytestmark = pytest.mark.django_db


def tab(html, code):
    match = re.search(rf'<button[^>]*id="form-language-{code}".*?</button>', html, re.S)
    assert match, code
    return match.group(0)


def shown_marks(button):
    return set(re.findall(r'data-mark="(\w+)"(?! hidden)', button))


def stale_document():
    """Original in English, changed after the Russian translation; no Azerbaijani text."""
    document = DocumentFactory(
        original_language="en", body_ru="<p>Текст.</p>", summary_ru="Краткое содержание."
    )
    Document.objects.filter(pk=document.pk).update(
        language_updated={
            "en": "2026-03-02T10:00:00+00:00",
            "ru": "2026-03-01T10:00:00+00:00",
        }
    )
    return Document.objects.get(pk=document.pk)


def test_marks_come_from_missing_and_outdated_languages():
    languages = {
        row["code"]: row for row in form_languages(Document, stale_document())["languages"]
    }
    assert [code for code, row in languages.items() if row["missing"]] == ["az"]
    assert [code for code, row in languages.items() if row["outdated"]] == ["ru"]
    assert [code for code, row in languages.items() if row["is_original"]] == ["en"]


def test_a_new_item_has_no_marks():
    switch = form_languages(Document)
    assert switch["original"] == ""
    assert not any(
        row["missing"] or row["outdated"] or row["is_original"] for row in switch["languages"]
    )


def test_a_blank_original_language_claims_none():
    document = DocumentFactory(original_language="")
    assert form_languages(Document, document)["original"] == ""


@pytest.mark.parametrize("role", ["Editor", "Translator"])
def test_change_form_has_one_switch_with_marks(login, role):
    document = stale_document()
    html = (
        login(role)
        .get(reverse("admin:documents_document_change", args=[document.pk]))
        .content.decode()
    )
    assert html.count('role="tablist"') == 1
    assert 'data-original="en"' in html and 'data-model="documents.document"' in html
    # Hidden until the script runs: without it every language shows.
    assert re.search(r'class="form-languages" data-form-languages hidden', html)
    assert shown_marks(tab(html, "az")) == {"missing"}
    assert shown_marks(tab(html, "en")) == {"original"}
    assert shown_marks(tab(html, "ru")) == {"outdated"}
    assert 'aria-selected="false"' in tab(html, "ru")
    assert "core/admin/form_languages.js" in html
    assert "tabbed_translation_fields.js" not in html and "language_tab.js" not in html
    for code in ("az", "en", "ru"):
        assert f'name="title_{code}"' in html and f'name="summary_{code}"' in html


def test_document_form_keeps_its_import_button(staff_client):
    document = DocumentFactory()
    response = staff_client.get(reverse("admin:documents_document_change", args=[document.pk]))
    html = response.content.decode()
    assert "admin/content_change_form.html" in [t.name for t in response.templates]
    assert "Import text from a file" in html and 'role="tablist"' in html


def test_other_content_gets_the_switch_too(staff_client):
    session = SessionFactory()
    html = staff_client.get(
        reverse("admin:forum_session_change", args=[session.pk])
    ).content.decode()
    assert 'role="tablist"' in html and 'name="theme_ru"' in html


def test_strings_for_the_script_are_in_the_page(staff_client):
    document = DocumentFactory()
    html = staff_client.get(
        reverse("admin:documents_document_change", args=[document.pk])
    ).content.decode()
    assert 'data-text-original="Original (%(language)s)"' in html
    assert 'data-text-counter="Characters: %(count)s"' in html
    assert 'data-text-counter-max="Characters: %(count)s of %(max)s"' in html
    assert 'data-counted="summary"' in html
