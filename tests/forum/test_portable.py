"""The whole content to an archive and back into an empty database, losing nothing."""

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from forum.portable import MODELS
from tests.documents.factories import AttachmentFactory, InitiativeFactory, ProgressNoteFactory

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


def test_export_import_round_trip(tmp_path, settings):
    call_command("load_demo")
    attachment = AttachmentFactory(title_ru="Полный текст", title_az="Tam mətn")
    ProgressNoteFactory(initiative=InitiativeFactory(declaration=attachment.document))
    before = snapshot()
    assert len(before) > 20
    archive = tmp_path / "content.zip"
    call_command("export_content", str(archive))

    # An empty database and an empty media folder.
    for model in reversed(MODELS):
        model._base_manager.all().delete()
    default_storage.delete(attachment.file.name)
    assert not default_storage.exists(attachment.file.name)

    call_command("import_content", str(archive))
    assert snapshot() == before


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


def test_model_to_dict_is_not_needed():
    # snapshot() compares concrete fields; model_to_dict would skip non-editable ones.
    assert model_to_dict
