"""Attachments: stored under safe names, served only when public, never as a page."""

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from documents.models import Attachment
from tests.documents.factories import PDF, AttachmentFactory, DocumentFactory
from tests.documents.test_admin import document_form

pytestmark = pytest.mark.django_db


def test_pdf_is_served_inline_with_safe_headers(client):
    attachment = AttachmentFactory()
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="text.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_a_file_of_another_type_is_only_ever_downloaded(client):
    attachment = AttachmentFactory()
    Attachment.objects.filter(pk=attachment.pk).update(content_type="application/octet-stream")
    response = client.get(attachment.get_absolute_url())
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


def test_files_of_unpublished_documents_are_not_served(client, staff_client):
    attachment = AttachmentFactory(document=DocumentFactory(draft=True))
    assert Client().get(attachment.get_absolute_url()).status_code == 404
    preview = staff_client.get(attachment.get_absolute_url())
    assert preview.status_code == 200
    assert "no-store" in preview["Cache-Control"]


def test_file_of_another_document_is_not_served(client):
    attachment = AttachmentFactory()
    other = DocumentFactory(slug="other")
    url = f"/en/documents/{other.slug}/files/{attachment.pk}/{attachment.filename}"
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("uploaded", "stored"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("<script>alert(1)</script>.PDF", "script.pdf"),
        ("<b onmouseover=alert(1)>.pdf", "b-onmouseoveralert1.pdf"),
        ("Обращение Президента (ru).pdf", "обращение-президента-ru.pdf"),
        ("report.pdf.html.pdf", "reportpdfhtml.pdf"),
        # A PDF is stored as one whatever its name: checked by its bytes, served as a PDF.
        (".pdf", "file.pdf"),
        ("Scan", "scan.pdf"),
        ("scan.pdf.exe", "scanpdfexe.pdf"),
    ],
)
def test_upload_names_are_sanitized(uploaded, stored):
    document = DocumentFactory(slug="doc")
    attachment = Attachment(document=document, language="en")
    attachment.file.save(uploaded, SimpleUploadedFile(uploaded, PDF), save=False)
    attachment.save()
    assert attachment.file.name == f"documents/2025/doc/{stored}"


def save_document(staff_client, document, attachment=None, upload=None):
    """The document's change form sent back as the admin shows it, with its attachment."""
    inline = {"attachments-0-language": "ru", "attachments-0-order": 0}
    if attachment:
        inline |= {"attachments-INITIAL_FORMS": 1, "attachments-0-id": attachment.pk}
    if upload:
        inline |= {"attachments-0-file": upload}
    data = document_form(
        kind=document.kind, slug=document.slug, **{"attachments-TOTAL_FORMS": 1}, **inline
    )
    url = reverse("admin:documents_document_change", args=[document.pk])
    return staff_client.post(url, data)


def test_a_pdf_named_dot_pdf_is_stored_as_a_pdf_and_its_document_saves_again(staff_client):
    document = DocumentFactory(slug="doc", draft=True)
    upload = SimpleUploadedFile(".pdf", PDF, content_type="application/pdf")
    assert save_document(staff_client, document, upload=upload).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.file.name == "documents/2025/doc/file.pdf"
    assert attachment.content_type == "application/pdf"

    assert save_document(staff_client, document, attachment).status_code == 302
    attachment.refresh_from_db()
    assert attachment.file.name == "documents/2025/doc/file.pdf"


@pytest.mark.parametrize("stored", ["named", "missing"])
def test_an_already_stored_file_never_stops_its_document_from_saving(staff_client, stored):
    """Files stored before today's rules (pdf.bin), or gone from the disk."""
    attachment = AttachmentFactory(document=DocumentFactory(slug="doc", draft=True))
    if stored == "named":
        old = attachment.file.storage.save("documents/2025/doc/pdf.bin", attachment.file)
        Attachment.objects.filter(pk=attachment.pk).update(file=old)
    else:
        attachment.file.storage.delete(attachment.file.name)
    response = save_document(staff_client, attachment.document, attachment)
    assert response.status_code == 302
    assert Attachment.objects.get().pk == attachment.pk


def test_the_media_folder_is_not_a_public_address(client):
    attachment = AttachmentFactory(document=DocumentFactory(draft=True))
    for prefix in ("/media/", "/"):
        assert client.get(prefix + attachment.file.name).status_code == 404


def test_behind_nginx_the_app_checks_and_nginx_sends_the_bytes(client, settings):
    settings.ATTACHMENT_ACCEL_REDIRECT = "/protected-media/"
    attachment = AttachmentFactory(file__filename="Полный текст.pdf")
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == "/protected-media/" + quote(attachment.file.name)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"

    draft = AttachmentFactory(document=DocumentFactory(draft=True))
    refused = client.get(draft.get_absolute_url())
    assert refused.status_code == 404 and "X-Accel-Redirect" not in refused
