import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from documents.models import Attachment, Document, Kind
from forum.core.content import Status
from tests.documents.factories import (
    PDF,
    AddressFactory,
    DeclarationFactory,
    DocumentFactory,
    InitiativeFactory,
)
from tests.forum.factories import SessionFactory

pytestmark = pytest.mark.django_db


def document_form(**overrides):
    data = {
        "kind": Kind.STATEMENT,
        "title_en": "A statement",
        "title_ru": "Заявление",
        "title_az": "Bəyanat",
        "slug": "a-statement",
        "date": "2025-09-21",
        "body_en": "<p>Text</p>",
        "status": Status.DRAFT,
        "original_language": "en",
        "adoption": "",
        "attachments-TOTAL_FORMS": 0,
        "attachments-INITIAL_FORMS": 0,
    }
    return {**data, **overrides}


@pytest.mark.parametrize("model", ["document", "address", "declaration", "initiative"])
def test_admin_pages_open_with_language_tabs(staff_client, model):
    obj = InitiativeFactory() if model == "initiative" else DeclarationFactory()
    if model == "address":
        obj = AddressFactory()
    for url in (
        reverse(f"admin:documents_{model}_changelist"),
        reverse(f"admin:documents_{model}_add"),
        reverse(f"admin:documents_{model}_change", args=[obj.pk]),
    ):
        response = staff_client.get(url)
        assert response.status_code == 200, url
    html = response.content.decode()
    assert "core/admin/form_languages.js" in html and 'role="tablist"' in html
    assert 'name="title_ru"' in html and 'name="title_az"' in html


def test_proxy_changelists_show_their_kind_only(staff_client):
    AddressFactory(title_en="An address")
    DeclarationFactory(title_en="A declaration")
    response = staff_client.get(reverse("admin:documents_address_changelist"))
    assert [d.title_en for d in response.context["cl"].result_list] == ["An address"]


def test_adding_through_the_address_admin_sets_the_kind(staff_client):
    data = document_form(slug="an-address")
    del data["kind"]
    response = staff_client.post(reverse("admin:documents_address_add"), data)
    assert response.status_code == 302
    assert Document.objects.get(slug="an-address").kind == Kind.ADDRESS


def test_body_is_sanitized_on_save(staff_client):
    data = document_form(body_en='<p onclick="x()">Hi<script>alert(1)</script></p><h2>T</h2>')
    staff_client.post(reverse("admin:documents_document_add"), data)
    assert Document.objects.get().body_en == "<p>Hi</p><h2>T</h2>"


def test_admin_search_across_languages_and_symbol(staff_client):
    DocumentFactory(title_ru="Декларация форума", symbol="BSF/3/DECL")
    DocumentFactory(title_en="Other")
    url = reverse("admin:documents_document_changelist")
    for term in ("Декларация", "BSF/3/DECL"):
        response = staff_client.get(url, {"q": term})
        assert len(response.context["cl"].result_list) == 1, term


def test_admin_filters(staff_client):
    session = SessionFactory(number=3)
    DocumentFactory(session=session, kind=Kind.ADDRESS, title_az="")
    full = {f"{field}_{lang}": "x" for field in ("summary", "body") for lang in ("az", "ru")}
    DocumentFactory(status=Status.DRAFT, published_at=None, **full)
    url = reverse("admin:documents_document_changelist")
    for params, count in [
        ({"kind__exact": "address"}, 1),
        ({"session__id__exact": session.pk}, 1),
        ({"status__exact": "draft"}, 1),
        ({"missing": "az"}, 1),
        ({"missing": "ru"}, 1),
        ({"missing": "en"}, 0),
    ]:
        response = staff_client.get(url, params)
        assert len(response.context["cl"].result_list) == count, params


def test_bulk_publish_and_withdraw(staff_client):
    client = Client()
    draft = DocumentFactory(draft=True)
    url = reverse("admin:documents_document_changelist")
    # Not complete in every language: the admin asks first.
    response = staff_client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
    assert "Publish with missing language versions?" in response.content.decode()
    assert "az (full text)" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    staff_client.post(
        url, {"action": "publish", "_selected_action": [draft.pk], "publish_anyway": "yes"}
    )
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED and draft.published_at is not None
    assert client.get(draft.get_absolute_url()).status_code == 200

    staff_client.post(url, {"action": "withdraw", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Status.WITHDRAWN
    assert client.get(draft.get_absolute_url()).status_code == 404


def attachment_post(staff_client, document, upload):
    data = document_form(
        kind=document.kind,
        slug=document.slug,
        status=document.status,
        **{
            "attachments-TOTAL_FORMS": 1,
            "attachments-0-language": "ru",
            "attachments-0-file": upload,
            "attachments-0-order": 0,
        },
    )
    return staff_client.post(reverse("admin:documents_document_change", args=[document.pk]), data)


def test_pdf_attachment_is_stored_with_size_and_type(staff_client):
    document = DocumentFactory()
    upload = SimpleUploadedFile("Обращение (ru).pdf", PDF, content_type="application/pdf")
    response = attachment_post(staff_client, document, upload)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.size == len(PDF)
    assert attachment.content_type == "application/pdf"
    assert attachment.file.name.startswith(f"documents/2025/{document.slug}/")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("fake.pdf", b"<html><script>alert(1)</script></html>", "not a PDF"),
        ("script.html", PDF, "not a PDF"),
        ("big.pdf", PDF + b"0" * 2048, "attachments may be at most"),
    ],
)
def test_bad_attachments_are_refused_with_a_message(
    staff_client, settings, name, content, message
):
    settings.ATTACHMENT_MAX_BYTES = 1024
    document = DocumentFactory()
    response = attachment_post(staff_client, document, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Attachment.objects.exists()


def test_view_on_site_and_preview_of_a_draft(staff_client):
    draft = DocumentFactory(draft=True)
    html = staff_client.get(
        reverse("admin:documents_document_change", args=[draft.pk])
    ).content.decode()
    assert "viewsitelink" in html
    assert staff_client.get(draft.get_absolute_url()).status_code == 200
