"""
Hostile files where staff hand the site a file: a Word file to import a text from, a
content archive to import. Each is refused with a clear message, quickly, before it is
unpacked or parsed beyond the limits; nothing is stored, nothing is left behind.
"""

import io
import json
import struct
import time
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, ManagementUtility, call_command
from django.db import connections
from django.urls import reverse

from documents import importing
from documents.models import Attachment, Document
from forum.core.portable import MODELS
from tests.documents.factories import PDF, AttachmentFactory, DocumentFactory

pytestmark = pytest.mark.django_db

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def word_file():
    document = docx.Document()
    document.add_paragraph("Главы делегаций заявляют:")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def repack(data, **members):
    """The zip with some members' bytes replaced (or added); the others as they were."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, members.pop(info.filename, source.read(info)))
        for name, content in members.items():
            target.writestr(name, content)
    return buffer.getvalue()


def patch_member(data, name, *, flags=0, method=None):
    """Set bits of a member's flags, or its compression method, in both of its headers."""
    data = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(name)
    position = 0
    while (position := data.find(b"PK\x01\x02", position)) != -1:
        length = struct.unpack_from("<H", data, position + 28)[0]
        if data[position + 46 : position + 46 + length] == name.encode():
            break
        position += 4
    for header, offset in ((position, 8), (info.header_offset, 6)):
        (flag,) = struct.unpack_from("<H", data, header + offset)
        struct.pack_into("<H", data, header + offset, flag | flags)
        if method is not None:
            struct.pack_into("<H", data, header + offset + 2, method)
    return bytes(data)


def damage_member(data, name):
    """Garbage in the middle of a member's packed bytes."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 16
    return data[:start] + b"\xff" * 32 + data[start + 32 :]


def word_xml(text):
    return f"<w:document {W}><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"


def billion_laughs():
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {name} "{("&" + previous + ";") * 10}">'
        for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
    return f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>' + word_xml("&i;")


def post_word_file(client, document, content, name="text.docx"):
    url = reverse("admin:documents_document_import_text", args=[document.pk])
    return client.post(url, {"language": "ru", "file": SimpleUploadedFile(name, content)})


HOSTILE_WORD_FILES = {
    # 21 MB of text in a 21 KB file.
    "unpacks too large": (
        lambda: repack(word_file(), **{"word/document.xml": word_xml("A" * 21 * 1024 * 1024)}),
        "at most 20.0\xa0MB can be imported.",
    ),
    # Within the size limit, but no text compresses a thousand to one.
    "packed too tight": (
        lambda: repack(word_file(), **{"word/document.xml": word_xml("A" * 4 * 1024 * 1024)}),
        "The Word document is packed more than 100 to 1, far tighter than text.",
    ),
    "bad XML": (
        lambda: repack(word_file(), **{"word/document.xml": f"<w:document {W}><w:body><w:p>"}),
        "This is not a readable Word document.",
    ),
    "billion laughs": (
        lambda: repack(word_file(), **{"word/document.xml": billion_laughs()}),
        "The Word document holds a document type declaration, which Word never writes.",
    ),
    "encrypted member": (
        lambda: patch_member(word_file(), "word/document.xml", flags=0x1),
        "The Word document is encrypted; save it without a password and try again.",
    ),
    "deflate64": (
        lambda: patch_member(word_file(), "word/document.xml", method=9),
        "The Word document is packed in a way Word does not use; save it again in Word.",
    ),
    "damaged member": (
        lambda: damage_member(word_file(), "word/document.xml"),
        "This is not a readable Word document.",
    ),
}


@pytest.mark.parametrize("case", HOSTILE_WORD_FILES)
def test_hostile_word_files_are_refused_quickly_with_a_message(staff_client, case):
    build, message = HOSTILE_WORD_FILES[case]
    content = build()
    assert len(content) < 100_000
    document = DocumentFactory(body_ru="<p>Прежний текст.</p>")
    started = time.process_time()
    response = post_word_file(staff_client, document, content)
    assert time.process_time() - started < 3
    assert response.status_code == 200
    assert message in response.content.decode()
    document.refresh_from_db()
    assert document.body_ru == "<p>Прежний текст.</p>"


def test_an_entity_bomb_without_a_declaration_check_still_fails_cleanly(staff_client, monkeypatch):
    """Expat's own guard, the second line: the XML parser stops the expansion."""
    monkeypatch.setattr(importing, "DECLARATIONS", [])
    document = DocumentFactory()
    content = repack(word_file(), **{"word/document.xml": billion_laughs()})
    response = post_word_file(staff_client, document, content)
    assert response.status_code == 200
    assert "This is not a readable Word document." in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("long.docx", lambda: repack(word_file(), **{"word/document.xml": word_xml("Ы" * 1200)})),
        ("long.txt", lambda: ("Длинный текст. " * 100).encode()),
    ],
)
def test_a_text_longer_than_the_limit_is_refused(staff_client, settings, name, content):
    settings.TEXT_IMPORT_MAX_CHARS = 1000
    document = DocumentFactory(body_ru="")
    response = post_word_file(staff_client, document, content(), name)
    assert response.status_code == 200
    assert "at most 1,000 can be imported" in response.content.decode()
    document.refresh_from_db()
    assert document.body_ru == ""


# Content archives


@pytest.fixture
def archive(tmp_path):
    """An archive of one document with one attachment, and an empty site to import it into."""
    # A draft: what is published is withdrawn before it may be deleted (forum.core.workflow).
    attachment = AttachmentFactory(document=DocumentFactory(slug="declaration", draft=True))
    path = tmp_path / "content.zip"
    call_command("export_content", str(path))
    for model in reversed(MODELS):
        model._base_manager.all().delete()
    attachment.file.storage.delete(attachment.file.name)
    return path


def rows_of(path):
    return json.loads(zipfile.ZipFile(path).read("content.json"))


def with_rows(path, change):
    rows = rows_of(path)
    change(rows)
    path.write_bytes(repack(path.read_bytes(), **{"content.json": json.dumps(rows)}))


def row(rows, model):
    return next(r for r in rows if r["model"] == model)


def assert_nothing_imported(settings):
    assert not any(model._base_manager.exists() for model in MODELS)
    media = settings.MEDIA_ROOT
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]


def duplicate_document(rows):
    rows.append({**row(rows, "documents.document"), "fields": {"title_en": "Replaced"}})


def second_document_with_the_same_slug(rows):
    document = row(rows, "documents.document")
    rows.append({**document, "pk": document["pk"] + 1})


def attachment_named(name):
    def change(rows):
        row(rows, "documents.attachment")["fields"]["file"] = name

    return change


HOSTILE_ARCHIVES = {
    "bad JSON": (
        lambda path: path.write_bytes(repack(path.read_bytes(), **{"content.json": "[{"})),
        "content.json is not valid JSON",
    ),
    "nested too deep": (
        lambda path: path.write_bytes(
            repack(path.read_bytes(), **{"content.json": "[" * 100_000})
        ),
        "content.json is not valid JSON",
    ),
    "list-shaped manifest": (
        lambda path: path.write_bytes(repack(path.read_bytes(), **{"manifest.json": "[1]"})),
        "Not a content archive of a format this site knows.",
    ),
    "rows not a list": (
        lambda path: path.write_bytes(repack(path.read_bytes(), **{"content.json": "{}"})),
        "content.json does not hold a list of rows.",
    ),
    "bad date": (
        lambda path: with_rows(
            path, lambda rows: row(rows, "documents.document")["fields"].update(date="2025-13-45")
        ),
        "The archive's rows cannot be loaded",
    ),
    "unknown field": (
        lambda path: with_rows(
            path, lambda rows: row(rows, "documents.document")["fields"].update(nonsense=1)
        ),
        "The archive's rows cannot be loaded",
    ),
    "key too large": (
        lambda path: with_rows(
            path, lambda rows: row(rows, "documents.document").update(pk=10**30)
        ),
        "The archive's rows cannot be loaded",
    ),
    "duplicate primary key": (
        lambda path: with_rows(path, duplicate_document),
        "The archive holds the row documents.document ",
    ),
    "duplicate slug": (
        lambda path: with_rows(path, second_document_with_the_same_slug),
        "The archive's rows cannot be loaded",
    ),
    "missing foreign row": (
        lambda path: with_rows(
            path, lambda rows: row(rows, "documents.attachment")["fields"].update(document=999)
        ),
        "The archive's rows cannot be loaded",
    ),
    "a row that is not content": (
        lambda path: with_rows(
            path,
            lambda rows: rows.append(
                {"model": "auth.user", "pk": 99, "fields": {"username": "x", "is_superuser": True}}
            ),
        ),
        "The archive holds a row of auth.user, which is not content.",
    ),
    "attachment not a PDF": (
        lambda path: path.write_bytes(
            repack(
                path.read_bytes(),
                **{"media/documents/2025/declaration/text.pdf": b"<html><script>x</script>"},
            )
        ),
        "Only PDF files can be attached; this file is not a PDF.",
    ),
    "attachment file missing": (
        lambda path: with_rows(path, attachment_named("documents/2025/declaration/gone.pdf")),
        "The archive lacks the file media/documents/2025/declaration/gone.pdf.",
    ),
    "encrypted member": (
        lambda path: path.write_bytes(patch_member(path.read_bytes(), "content.json", flags=0x1)),
        "The archive's file content.json cannot be read",
    ),
    "deflate64 member": (
        lambda path: path.write_bytes(patch_member(path.read_bytes(), "content.json", method=9)),
        "The archive's file content.json cannot be read",
    ),
}


@pytest.mark.parametrize("case", HOSTILE_ARCHIVES)
def test_hostile_archives_are_refused_whole(archive, settings, case):
    spoil, message = HOSTILE_ARCHIVES[case]
    spoil(archive)
    with pytest.raises(CommandError) as error:
        call_command("import_content", str(archive))
    assert str(error.value).startswith("Nothing was imported. ")
    assert message in str(error.value)
    assert_nothing_imported(settings)


def test_an_archive_whose_json_unpacks_beyond_the_limit_is_not_unpacked(archive, settings):
    settings.CONTENT_ARCHIVE_MAX_JSON_BYTES = 1024 * 1024
    rows = json.dumps(rows_of(archive)) + " " * 50 * 1024 * 1024
    archive.write_bytes(repack(archive.read_bytes(), **{"content.json": rows}))
    assert archive.stat().st_size < 200_000
    started = time.process_time()
    with pytest.raises(CommandError, match=r"content.json unpacks to 50.0\xa0MB; at most 1.0"):
        call_command("import_content", str(archive))
    assert time.process_time() - started < 1
    assert_nothing_imported(settings)


def test_an_attachment_larger_than_an_upload_may_be_is_refused(archive, settings):
    settings.ATTACHMENT_MAX_BYTES = 16
    with pytest.raises(CommandError, match=f"unpacks to {len(PDF)}\xa0bytes; at most 16\xa0bytes"):
        call_command("import_content", str(archive))
    assert_nothing_imported(settings)


def test_a_refused_import_ends_with_one_line_and_a_non_zero_exit(
    archive, monkeypatch, capsys, settings
):
    # The command closes the connections as it ends; the test's transaction needs its own.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with_rows(archive, duplicate_document)
    pk = row(rows_of(archive), "documents.document")["pk"]
    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "import_content", str(archive)]).execute()
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert err == (
        "CommandError: Nothing was imported. "
        f"The archive holds the row documents.document {pk} more than once.\n"
    )
    assert_nothing_imported(settings)
    assert not Document.objects.exists() and not Attachment.objects.exists()
