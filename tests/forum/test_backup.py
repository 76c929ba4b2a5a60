"""
Back-up and restore (forum/core/backups.py): what is restored is, row for row and byte for
byte, what was backed up.

The tests are transactional: pg_dump reads the database through a connection of its own,
which sees committed rows only. A restore into an empty installation runs as another
process (`manage.py restore`) with the settings of that installation: a database made here
on the same server, and an empty media folder or bucket.
"""

import io
import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import boto3
import psycopg
import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from moto.server import ThreadedMotoServer
from psycopg import sql

from documents.models import Attachment, Document
from forum.core.backups import BackupError, find_client, server_major
from tests import snapshots
from tests.documents.factories import PDF, AttachmentFactory, DocumentFactory
from tests.forum.factories import SessionPhotoFactory, picture
from tests.performance.server import free_port

ROOT = Path(__file__).resolve().parents[2]
VERSION_TABLE = "core_contentversion"
# Bytes of every value, so that a file that changes one of them is noticed.
EVERY_BYTE = bytes(range(256))

pytestmark = pytest.mark.django_db(transaction=True)


# The database, read as it is: every row of every table, every sequence.


def server(dbname):
    """psycopg's connection arguments for the database ``dbname`` of the tests' server."""
    database = connection.settings_dict
    arguments = {"dbname": dbname, "user": database["USER"], "password": database["PASSWORD"]}
    arguments.update({"host": database["HOST"], "port": database["PORT"]})
    return {name: value for name, value in arguments.items() if value}


def database_state(dbname):
    return snapshots.database_state(**server(dbname))


def content_version(dbname):
    with psycopg.connect(**server(dbname)) as db:
        return db.execute(f"SELECT number FROM {VERSION_TABLE}").fetchone()[0]


def without_version(state):
    """The state but the content version, which a restore moves on (forum/core/cache.py)."""
    return {table: rows for table, rows in state.items() if table != VERSION_TABLE}


def files_in(folder):
    """{name: bytes} of every file under ``folder``."""
    folder = Path(folder)
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }


# Content, and changes to it after the back-up.


def make_content(django_user_model):
    """Documents with attachments (files of every byte value), a photograph and its sizes,
    an account: rows in most tables, files in several folders."""
    document = DocumentFactory(title_az="Bəyanat: ə, ğ, ı, ö, ş, ü", title_ru="Заявление «ё»")
    AttachmentFactory(document=document, file__data=PDF + EVERY_BYTE)
    AttachmentFactory(file__filename="annex.pdf", file__data=PDF + EVERY_BYTE[::-1])
    SessionPhotoFactory(image=SimpleUploadedFile("hall.jpg", picture(size=(640, 480))))
    django_user_model.objects.create_user("editor", password="pw", is_staff=True)


def change_content():
    """After the back-up: a document and a file added, an attachment and its file
    deleted, a title changed."""
    AttachmentFactory(file__filename="late.pdf", file__data=PDF + b"added after")
    gone = Attachment.objects.order_by("pk").first()
    default_storage.delete(gone.file.name)
    gone.delete()
    Document.objects.filter(pk=Document.objects.order_by("pk").first().pk).update(
        title_en="Changed after the back-up"
    )


# An empty installation, and `manage.py restore` run in it.


@pytest.fixture
def empty_database():
    """A database just made on the tests' server, no table in it; dropped at the end."""
    name = f"bsf_restored_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(**server("postgres"), autocommit=True) as db:
        db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    with psycopg.connect(**server("postgres"), autocommit=True) as db:
        db.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def installation(dbname, **variables):
    """The environment of a process of another installation: its database (a socket
    folder, which DATABASE_URL cannot name, goes to libpq as PGHOST) and the rest."""
    database = connection.settings_dict
    password = f":{quote(database['PASSWORD'], safe='')}" if database["PASSWORD"] else ""
    host, port = database["HOST"], f":{database['PORT']}" if database["PORT"] else ""
    environment = dict(os.environ, **variables)
    if host.startswith("/"):
        environment["PGHOST"] = host
        host = ""
    environment["DATABASE_URL"] = f"postgres://{database['USER']}{password}@{host}{port}/{dbname}"
    return environment


def manage(*arguments, environment):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def tables_of(dbname):
    with psycopg.connect(**server(dbname)) as db:
        return db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()


# The tests.


@pytest.mark.slow  # a restore in another process
def test_round_trip_into_an_empty_installation(
    tmp_path, settings, django_user_model, empty_database
):
    source = connection.settings_dict["NAME"]
    make_content(django_user_model)
    rows, files = database_state(source), files_in(settings.MEDIA_ROOT)
    version = content_version(source)
    assert len(files) >= 5  # two attachments, a photograph and its sizes
    assert len(rows["documents_attachment"]) == 2
    # Into a folder that exists but is empty, as a mount point would be.
    backup = tmp_path / "backup"
    backup.mkdir()
    call_command("backup", str(backup))
    manifest = json.loads((backup / "manifest.json").read_text())
    assert sorted(entry["name"] for entry in manifest["media"]) == sorted(files)

    change_content()
    # What the comparison below would see if the restore brought back the present.
    assert without_version(database_state(source)) != without_version(rows)
    assert files_in(settings.MEDIA_ROOT) != files

    media = tmp_path / "restored-media"
    restored = manage(
        "restore", str(backup), environment=installation(empty_database, MEDIA_ROOT=str(media))
    )
    assert restored.returncode == 0, restored.stderr
    assert "Restored the database" in restored.stdout
    assert without_version(database_state(empty_database)) == without_version(rows)
    assert files_in(media) == files
    # The content version moved past the one of the back-up: no page cached under it
    # before the restore is served after it.
    assert content_version(empty_database) > version


@pytest.mark.slow  # a restore in another process
def test_a_damaged_backup_is_refused_and_changes_nothing(tmp_path, empty_database):
    AttachmentFactory(file__data=PDF + EVERY_BYTE)
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    (name,) = [
        entry["name"] for entry in json.loads((backup / "manifest.json").read_text())["media"]
    ]
    media = tmp_path / "restored-media"
    environment = installation(empty_database, MEDIA_ROOT=str(media))

    altered = tmp_path / "altered"
    shutil.copytree(backup, altered)
    data = bytearray((altered / "media" / name).read_bytes())
    data[len(PDF) + 7] ^= 1  # one bit of one byte
    (altered / "media" / name).write_bytes(data)
    refused = manage("restore", str(altered), environment=environment)
    assert refused.returncode == 1
    assert "Nothing was restored" in refused.stderr
    assert f"media/{name} is not the file that was backed up" in refused.stderr

    truncated = tmp_path / "truncated"
    shutil.copytree(backup, truncated)
    dump = truncated / "database.dump"
    dump.write_bytes(dump.read_bytes()[:-100])
    refused = manage("restore", str(truncated), environment=environment)
    assert refused.returncode == 1
    assert "database.dump is not the file that was backed up" in refused.stderr

    (altered / "media" / name).unlink()
    refused = manage("restore", str(altered), environment=environment)
    assert refused.returncode == 1
    assert f"The back-up lacks media/{name}." in refused.stderr

    assert tables_of(empty_database) == []
    assert files_in(media) == {}
    # The sound back-up goes where the damaged ones did not.
    assert manage("restore", str(backup), environment=environment).returncode == 0
    assert files_in(media) == {name: PDF + EVERY_BYTE}


def test_a_non_empty_installation_is_refused_without_force(tmp_path):
    AttachmentFactory()
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    Document.objects.update(title_en="Changed after the back-up")
    with pytest.raises(CommandError, match=r"Nothing was restored\. The database is not empty"):
        call_command("restore", str(backup))
    assert Document.objects.get().title_en == "Changed after the back-up"


@pytest.mark.slow  # a restore in another process
def test_a_file_of_the_backup_already_in_the_storage_is_refused(tmp_path, empty_database):
    attachment = AttachmentFactory()
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    media = tmp_path / "restored-media"
    (media / attachment.file.name).parent.mkdir(parents=True)
    (media / attachment.file.name).write_bytes(b"another installation's file")
    refused = manage(
        "restore", str(backup), environment=installation(empty_database, MEDIA_ROOT=str(media))
    )
    assert refused.returncode == 1
    assert f"already holds files of the back-up ({attachment.file.name})" in refused.stderr
    assert tables_of(empty_database) == []
    assert files_in(media) == {attachment.file.name: b"another installation's file"}


def test_force_restores_over_a_live_installation(tmp_path, settings, django_user_model):
    source = connection.settings_dict["NAME"]
    make_content(django_user_model)
    rows, files = database_state(source), files_in(settings.MEDIA_ROOT)
    version = content_version(source)
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    change_content()
    late = set(files_in(settings.MEDIA_ROOT)) - set(files)
    live_version = content_version(source)
    assert live_version > version
    cache.set("page:stale", "a page of before the restore")

    call_command("restore", str(backup), force=True)
    assert without_version(database_state(source)) == without_version(rows)
    # The back-up's files as they were; the one added since is left where it is.
    now = files_in(settings.MEDIA_ROOT)
    assert {name: now[name] for name in files} == files
    assert set(now) - set(files) == late
    assert cache.get("page:stale") is None
    assert content_version(source) > live_version


def test_a_cache_that_is_down_does_not_stop_a_restore(tmp_path, settings):
    DocumentFactory()
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    said = io.StringIO()
    call_command("restore", str(backup), force=True, stdout=said)
    assert "The cache could not be cleared" in said.getvalue()
    assert "Restored the database" in said.getvalue()


def test_a_backup_goes_into_a_new_folder_only(tmp_path):
    backup = tmp_path / "backup"
    backup.mkdir()
    (backup / "notes.txt").write_text("not a back-up")
    with pytest.raises(CommandError, match="exists and is not an empty folder"):
        call_command("backup", str(backup))
    assert [path.name for path in backup.iterdir()] == ["notes.txt"]
    # Nothing half-written is left beside it either.
    assert [path.name for path in tmp_path.iterdir()] == ["backup"]


def test_the_clients_match_the_server(settings, tmp_path):
    major = server_major()
    assert find_client("pg_dump", major).major >= major
    with pytest.raises(BackupError, match="No pg_restore of PostgreSQL 99 or newer"):
        find_client("pg_restore", 99)
    settings.PG_BIN_DIR = str(tmp_path)  # an explicit folder, which holds none
    with pytest.raises(BackupError, match=r"No pg_dump of PostgreSQL \d+ or newer .*PG_BIN_DIR"):
        find_client("pg_dump", major)


# Media in an S3 bucket (moto's server, on this machine).


@pytest.fixture
def s3():
    """An S3 API on a free port of this machine; its address."""
    port = free_port()
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    moto.start()
    yield f"http://127.0.0.1:{port}"
    moto.stop()


S3_CREDENTIALS = {"region_name": "us-east-1", "aws_access_key_id": "test"}


def bucket(endpoint, name):
    """A new bucket; a function that gives {key: bytes} of what it holds."""
    client = boto3.client(
        "s3", endpoint_url=endpoint, aws_secret_access_key="test", **S3_CREDENTIALS
    )
    client.create_bucket(Bucket=name)

    def contents():
        listed = client.list_objects_v2(Bucket=name).get("Contents", [])
        return {
            item["Key"]: client.get_object(Bucket=name, Key=item["Key"])["Body"].read()
            for item in listed
        }

    return contents


@pytest.mark.slow  # a restore in another process
def test_round_trip_with_media_in_a_bucket(
    tmp_path, settings, django_user_model, s3, empty_database
):
    media, restored_media = bucket(s3, "bsf-media"), bucket(s3, "bsf-restored")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "endpoint_url": s3,
                "bucket_name": "bsf-media",
                "access_key": "test",
                "secret_key": "test",
                "region_name": "us-east-1",
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }
    source = connection.settings_dict["NAME"]
    make_content(django_user_model)
    rows, files = database_state(source), media()
    assert len(files) >= 5
    assert not any(Path(settings.MEDIA_ROOT).rglob("*"))  # all of it in the bucket
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    assert files_in(backup / "media") == files
    change_content()
    assert media() != files

    restored = manage(
        "restore",
        str(backup),
        environment=installation(
            empty_database,
            AWS_STORAGE_BUCKET_NAME="bsf-restored",
            AWS_S3_ENDPOINT_URL=s3,
            AWS_S3_REGION_NAME="us-east-1",
            AWS_ACCESS_KEY_ID="test",
            AWS_SECRET_ACCESS_KEY="test",
        ),
    )
    assert restored.returncode == 0, restored.stderr
    assert without_version(database_state(empty_database)) == without_version(rows)
    assert restored_media() == files
