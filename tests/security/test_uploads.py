"""Attachments: stored under safe names, served only when public, never as a page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from documents.models import Attachment
from tests.documents.factories import PDF, AttachmentFactory, DocumentFactory

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
    ],
)
def test_upload_names_are_sanitized(uploaded, stored):
    document = DocumentFactory(slug="doc")
    attachment = Attachment(document=document, language="en")
    attachment.file.save(uploaded, SimpleUploadedFile(uploaded, PDF), save=False)
    attachment.save()
    assert attachment.file.name == f"documents/2025/doc/{stored}"
