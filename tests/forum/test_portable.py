"""The whole content to an archive and back into an empty database, losing nothing."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.forms.models import model_to_dict
from django.test import Client

from documents.models import Attachment, Document, SymbolRedirect
from forum.core.content import PublishableModel, Via
from forum.core.models import StatusChange
from forum.core.portable import MODELS
from tests.documents.factories import (
    PDF,
    AttachmentFactory,
    DocumentFactory,
    InitiativeFactory,
    ProgressNoteFactory,
)

pytestmark = pytest.mark.django_db


def snapshot():
    """Every field of every row, the files' bytes included."""
    rows = {}
    for model in MODELS:
        fields = [f.name for f in model._meta.concrete_fields if not f.generated]
        for obj in model._base_manager.order_by("pk"):
            row = {name: getattr(obj, name) for name in fields}
            for name, value in list(row.items()):
                if hasattr(value, "pk"):
                    row[name] = value.pk
                elif hasattr(value, "name") and hasattr(value, "open"):
                    with value.open("rb") as f:
                        row[name] = (value.name, f.read())
            rows[(model._meta.label, obj.pk)] = row
    return rows


def empty_database():
    """As a new installation has it (published rows cannot be deleted by the ORM)."""
    with connection.cursor() as cursor:
        for model in reversed(MODELS):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")


def test_export_import_round_trip(tmp_path, settings):
    call_command("load_demo")
    attachment = AttachmentFactory(title_ru="Полный текст", title_az="Tam mətn")
    ProgressNoteFactory(initiative=InitiativeFactory(declaration=attachment.document))
    # A symbol changed since its publication: the former one must keep answering.
    Document.objects.filter(symbol="BSF/3/DECL").update(symbol="BSF/3/DECLARATION")
    assert SymbolRedirect.objects.get().symbol == "BSF/3/DECL"
    before = snapshot()
    assert len(before) > 20
    archive = tmp_path / "content.zip"
    call_command("export_content", str(archive))

    # An empty database and an empty media folder.
    empty_database()
    default_storage.delete(attachment.file.name)
    assert not default_storage.exists(attachment.file.name)

    call_command("import_content", str(archive))
    assert snapshot() == before
    former = Client().get("/s/BSF/3/DECL")
    assert former["Location"].endswith("/declaration-baku-security-forum-2025/")
    # Each imported state came through the workflow's door, and says so.
    imported = StatusChange.objects.filter(via=Via.IMPORT)
    assert imported.count() == sum(
        model._base_manager.count() for model in MODELS if issubclass(model, PublishableModel)
    )


def test_import_refuses_a_database_with_content(tmp_path):
    call_command("load_demo")
    archive = tmp_path / "content.zip"
    call_command("export_content", str(archive))
    with pytest.raises(CommandError, match="already holds content"):
        call_command("import_content", str(archive))


def test_import_refuses_a_file_that_is_not_an_archive(tmp_path):
    bogus = tmp_path / "bogus.zip"
    bogus.write_text("not a zip")
    with pytest.raises(CommandError, match="Not a content archive"):
        call_command("import_content", str(bogus))


def exported_drafts(tmp_path, count=2):
    """An archive of draft documents with one attachment each, and an empty site."""
    for n in range(count):
        document = DocumentFactory(slug=f"statement-{n}", draft=True)
        AttachmentFactory(document=document, file__data=PDF + str(n).encode())
    archive = tmp_path / "content.zip"
    call_command("export_content", str(archive))
    names = list(Attachment.objects.order_by("pk").values_list("file", flat=True))
    for model in reversed(MODELS):
        model._base_manager.all().delete()
    for name in names:
        default_storage.delete(name)
    return archive, names


def without_member(archive, name):
    source = zipfile.ZipFile(archive)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info))
    return buffer.getvalue()


def stored_files(settings):
    media = settings.MEDIA_ROOT
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())


def test_a_failed_import_leaves_no_file_behind_and_can_be_run_again(tmp_path, settings):
    archive, names = exported_drafts(tmp_path)
    broken = tmp_path / "broken.zip"
    broken.write_bytes(without_member(archive, f"media/{names[1]}"))
    with pytest.raises(CommandError, match="lacks the file"):
        call_command("import_content", str(broken))
    assert stored_files(settings) == []
    assert not Attachment.objects.exists()

    call_command("import_content", str(archive))
    assert stored_files(settings) == names  # the same names: nothing was in the way
    assert [a.file.name for a in Attachment.objects.order_by("pk")] == names


def test_stored_bytes_are_the_archives_even_where_a_file_has_the_name(tmp_path, settings):
    archive, names = exported_drafts(tmp_path, count=1)
    default_storage.save(names[0], io.BytesIO(b"%PDF-1.4 a stale file left by someone"))
    call_command("import_content", str(archive))
    attachment = Attachment.objects.get()
    with attachment.file.open("rb") as stored:
        assert stored.read() == PDF + b"0"
    assert attachment.size == len(PDF + b"0")
    with default_storage.open(names[0], "rb") as stale:
        assert stale.read() == b"%PDF-1.4 a stale file left by someone"  # not ours: kept


def test_an_archived_name_cannot_place_a_file_outside_the_media_folder(tmp_path, settings):
    archive, names = exported_drafts(tmp_path, count=1)
    source = zipfile.ZipFile(archive)
    content = source.read("content.json").replace(names[0].encode(), b"../../../escaped.pdf")
    hostile = tmp_path / "hostile.zip"
    with zipfile.ZipFile(hostile, "w") as target:
        target.writestr("manifest.json", source.read("manifest.json"))
        target.writestr("content.json", content)
        target.writestr("media/../../../escaped.pdf", PDF)
    call_command("import_content", str(hostile))
    assert stored_files(settings) == ["documents/2025/statement-0/escaped.pdf"]
    assert Attachment.objects.get().file.name == "documents/2025/statement-0/escaped.pdf"
    assert not (settings.MEDIA_ROOT / "../../../escaped.pdf").resolve().exists()


def test_import_reports_the_rows_it_loaded(tmp_path, capsys):
    archive, _ = exported_drafts(tmp_path)
    call_command("import_content", str(archive))
    out = capsys.readouterr().out
    assert "Imported 4 rows." in out
    assert "  documents.Document: 2\n" in out and "  documents.Attachment: 2\n" in out


def test_model_to_dict_is_not_needed():
    # snapshot() compares concrete fields; model_to_dict would skip non-editable ones.
    assert model_to_dict
