"""Importing a language version of a text from a Word file or plain text."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reversion.models import Version

from tests.documents.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def word_file():
    """A real .docx, made here the way Word would save it."""
    document = docx.Document()
    document.add_heading("Декларация", level=1)
    document.add_paragraph("Главы делегаций заявляют:")
    document.add_heading("Инициативы", level=2)
    document.add_paragraph("Обмен информацией", style="List Bullet")
    document.add_paragraph("Совместные учения", style="List Bullet")
    document.add_paragraph("Первый шаг", style="List Number")
    paragraph = document.add_paragraph("Текст с ")
    paragraph.add_run("выделением").bold = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def post(client, document, name, content, language="ru"):
    url = reverse("admin:documents_document_import_text", args=[document.pk])
    return client.post(url, {"language": language, "file": SimpleUploadedFile(name, content)})


def test_word_file_keeps_headings_lists_and_paragraphs(staff_client):
    document = DocumentFactory(body_ru="")
    response = post(staff_client, document, "declaration.docx", word_file())
    assert response.status_code == 302
    assert response["Location"].endswith("#language-ru")
    document.refresh_from_db()
    assert document.body_ru == (
        "<h2>Декларация</h2><p>Главы делегаций заявляют:</p><h3>Инициативы</h3>"
        "<ul><li>Обмен информацией</li><li>Совместные учения</li></ul>"
        "<ol><li>Первый шаг</li></ol><p>Текст с <strong>выделением</strong></p>"
    )
    assert document.body_en == "<p>The text of the statement.</p>"  # other languages kept
    assert Version.objects.get_for_object(document).exists()  # the old text stays in history


def test_plain_text_becomes_paragraphs(staff_client):
    document = DocumentFactory()
    text = "Первый абзац,\nвторая строка.\n\nВторой абзац <script>alert(1)</script>"
    assert post(staff_client, document, "text.txt", text.encode(), "az").status_code == 302
    document.refresh_from_db()
    assert document.body_az == (
        "<p>Первый абзац,<br>вторая строка.</p>"
        "<p>Второй абзац &lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("fake.docx", b"not a zip at all", "Choose a .docx or a .txt file."),
        ("cp1251.txt", "Баку".encode("cp1251"), "The text file is not in UTF-8."),
        ("empty.txt", b"   \n\n ", "The file holds no text."),
        ("image.png", b"\x89PNG\r\n", "Choose a .docx or a .txt file."),
    ],
)
def test_bad_files_get_a_clear_message(staff_client, name, content, message):
    document = DocumentFactory()
    response = post(staff_client, document, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_import_link_is_on_the_change_page(staff_client):
    document = DocumentFactory()
    html = staff_client.get(
        reverse("admin:documents_document_change", args=[document.pk])
    ).content.decode()
    assert reverse("admin:documents_document_import_text", args=[document.pk]) in html
