"""Every save is a revision: compare, revert, and recover what was deleted."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reversion import create_revision
from reversion.models import Version

from documents.models import Attachment, Document
from forum.core.content import Status
from tests.documents.factories import PDF, DocumentFactory

pytestmark = pytest.mark.django_db


FIRST_VERSION = {
    "kind": "statement",
    "slug": "history",
    "date": "2025-09-21",
    "status": Status.DRAFT,
    "original_language": "ru",
    "adoption": "",
    "title_ru": "Первая редакция",
    "title_en": "First version",
    "title_az": "Birinci redaksiya",
    "body_ru": "<p>Текст</p>",
}


def form(document, attachment, **changes):
    """The change form of the document with its one attachment, as the admin posts it."""
    return {
        **FIRST_VERSION,
        "attachments-TOTAL_FORMS": 1,
        "attachments-INITIAL_FORMS": 1,
        "attachments-0-id": attachment.pk,
        "attachments-0-document": document.pk,
        "attachments-0-language": "ru",
        "attachments-0-order": 0,
        **changes,
    }


def add_document(staff_client):
    data = {
        **FIRST_VERSION,
        "attachments-TOTAL_FORMS": 1,
        "attachments-INITIAL_FORMS": 0,
        "attachments-0-language": "ru",
        "attachments-0-file": SimpleUploadedFile("text.pdf", PDF),
        "attachments-0-order": 0,
    }
    response = staff_client.post(reverse("admin:documents_document_add"), data)
    assert response.status_code == 302
    return Document.objects.get(slug="history")


def edit(staff_client, document, **changes):
    url = reverse("admin:documents_document_change", args=[document.pk])
    response = staff_client.post(url, form(document, document.attachments.get(), **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_every_save_keeps_a_revision_with_its_author(staff_client):
    document = add_document(staff_client)
    edit(staff_client, document, title_en="Second version")
    versions = Version.objects.get_for_object(document)
    assert versions.count() == 2
    assert versions[0].revision.user.username == "editor"
    assert versions[1].field_dict["title_en"] == "First version"

    history = staff_client.get(reverse("admin:documents_document_history", args=[document.pk]))
    assert history.status_code == 200
    compare = staff_client.get(
        reverse("admin:documents_document_compare", args=[document.pk]),
        {"version_id1": versions[1].pk, "version_id2": versions[0].pk},
    )
    assert compare.status_code == 200
    # The changed word is marked (forum.core.history).
    assert "<del>First</del><ins>Second</ins> version" in compare.content.decode()


def test_revert_to_an_earlier_version(staff_client):
    document = add_document(staff_client)
    edit(staff_client, document, title_en="Second version", title_ru="Вторая редакция")
    first = Version.objects.get_for_object(document).last()
    url = reverse("admin:documents_document_revision", args=[document.pk, first.pk])
    assert staff_client.get(url).status_code == 200
    assert staff_client.post(url, form(document, document.attachments.get())).status_code == 302
    document.refresh_from_db()
    assert (document.title_en, document.title_ru) == ("First version", "Первая редакция")


def test_deleted_document_is_recovered_with_translations_and_attachments(staff_client):
    document = add_document(staff_client)
    attachment = document.attachments.get()
    file_name = attachment.file.name
    delete = reverse("admin:documents_document_delete", args=[document.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Document.objects.exists() and not Attachment.objects.exists()

    recover_list = staff_client.get(reverse("admin:documents_document_recoverlist"))
    assert "Первая редакция" in recover_list.content.decode() or "First version" in (
        recover_list.content.decode()
    )
    version = Version.objects.get_deleted(Document).get()
    url = reverse("admin:documents_document_recover", args=[version.pk])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, form(document, attachment))
    assert response.status_code == 302
    recovered = Document.objects.get(pk=document.pk)
    assert (recovered.title_ru, recovered.title_en, recovered.title_az) == (
        "Первая редакция",
        "First version",
        "Birinci redaksiya",
    )
    restored = recovered.attachments.get()
    assert restored.file.name == file_name
    with restored.file.open("rb") as f:
        assert f.read() == PDF


def test_a_translator_refused_a_restore_is_told_why_on_a_page_of_the_site(login):
    """Not Django's bare "403 Forbidden": the portal's page, saying whose step it is."""
    document = DocumentFactory()
    client = login("Translator")
    with create_revision():
        document.title_ru = "Перевод"
        document.save()
    version = Version.objects.get_for_object(document).first()
    response = client.get(f"/admin/documents/document/{document.pk}/history/{version.pk}/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Not allowed" in html
    assert "is for editors and publishers" in html
    assert 'href="/admin/"' in html
