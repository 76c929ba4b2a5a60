"""The open data: its page, the bulk files and their checksums (documents/opendata.py)."""

import base64
import csv
import datetime
import hashlib
import io
import json
import threading

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from django.utils.http import http_date

from documents import opendata
from documents.models import DataLicence
from forum.core import workflow
from forum.core.content import Status, Via
from forum.core.models import ContentVersion
from tests.documents.factories import AttachmentFactory, DocumentFactory
from tests.forum.factories import HIDDEN_STATES

pytestmark = pytest.mark.django_db
MARKER = "qvzmarker"


@pytest.fixture
def licence():
    return DataLicence.objects.create(
        name_en="Creative Commons Attribution 4.0 International",
        name_az="Creative Commons Atribusiya 4.0 Beynəlxalq",
        name_ru="Creative Commons «Атрибуция» 4.0 Всемирная",
        url="https://creativecommons.org/licenses/by/4.0/",
        terms_en="Credit the Secretariat.",
        terms_az="Katibliyi göstərin.",
        terms_ru="Указывайте Секретариат.",
        is_sample=True,
    )


def csv_rows(client):
    response = client.get("/data/documents.csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert content.startswith("\ufeff".encode())  # the byte order mark, for Excel
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def jsonl_rows(client, **headers):
    response = client.get("/data/documents.jsonl", **headers)
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()
    return [json.loads(line) for line in lines]


def publish(document):
    document.status, document.published_at = Status.PUBLISHED, None
    workflow.save(document, None, Via.SHELL)


def test_a_row_per_language_version_in_both_files(client):
    document = DocumentFactory(
        symbol="BSF/9/REP",
        title_az="",
        summary_ru="",
        body_ru="<p>Текст.</p><script>alert(1)</script>",
        original_language="ru",
        is_authentic_ru=True,
    )
    AttachmentFactory(document=document, language="ru")
    AttachmentFactory(document=document, language="en")
    for rows in (csv_rows(client), jsonl_rows(client)):
        assert [row["language"] for row in rows] == ["en", "ru"]  # no title in az: no row
        assert list(rows[0]) == opendata.HEADER
        english, russian = rows
        assert english["title"] == document.title_en
        assert russian["title"] == document.title_ru
        assert russian["summary"] == ""  # none in Russian: not the English one in its place
        assert russian["text"] == "<p>Текст.</p>"  # sanitized
        assert english["text"] == "<p>The text of the statement.</p>"
        assert russian["url"] == f"http://testserver/ru/documents/{document.slug}/"
        assert russian["permalink"] == "http://testserver/s/BSF/9/REP/ru"
    csv_english, csv_russian = csv_rows(client)
    json_english, json_russian = jsonl_rows(client)
    assert (csv_russian["is_original"], csv_russian["authentic"]) == ("true", "true")
    assert (json_russian["is_original"], json_russian["authentic"]) == (True, True)
    assert json_english["is_original"] is False
    # The files of that language only, with their checksums, in both files alike.
    assert json.loads(csv_russian["attachments"]) == json_russian["attachments"]
    (attachment,) = json_russian["attachments"]
    assert attachment["sha256"] == document.attachments.get(language="ru").sha256
    assert attachment["url"].startswith(f"http://testserver/ru/documents/{document.slug}/files/")
    assert len(json_english["attachments"]) == 1


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_only_published_documents_and_their_files(client, state):
    DocumentFactory(title_en="Visible")
    hidden = DocumentFactory(
        slug=f"{MARKER}-document", title_en=f"{MARKER} title", **HIDDEN_STATES[state]
    )
    AttachmentFactory(document=hidden, language="en", title_en=f"{MARKER} file")
    rows = jsonl_rows(client)
    assert {row["title"] for row in rows if row["language"] == "en"} == {"Visible"}
    for filename in ("documents.csv", "documents.jsonl"):
        content = b"".join(client.get(f"/data/{filename}").streaming_content).decode()
        assert MARKER not in content.lower()
        assert "/files/" not in content  # the hidden document's attachment
    assert client.get("/en/data/").content.decode().count(MARKER) == 0


@pytest.mark.parametrize("filename", ["documents.csv", "documents.jsonl"])
def test_the_checksum_file_matches_the_bytes(client, filename):
    DocumentFactory()
    response = client.get(f"/data/{filename}")
    content = b"".join(response.streaming_content)
    digest = hashlib.sha256(content).hexdigest()
    assert response["ETag"] == f'"{digest}"'
    expected = base64.b64encode(hashlib.sha256(content).digest()).decode()
    assert response["Repr-Digest"] == f"sha-256=:{expected}:"
    saved_as = response["Content-Disposition"].split('filename="')[1].rstrip('"')
    assert saved_as.startswith("bsf-documents-") and saved_as.endswith(filename[9:])
    checksum = client.get(f"/data/{filename}.sha256")
    assert checksum.status_code == 200
    # sha256sum's format, naming the file as it is saved.
    assert b"".join(checksum.streaming_content).decode() == f"{digest}  {saved_as}\n"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=300"
    content_type = "text/csv; charset=utf-8" if filename.endswith("csv") else "application/jsonl"
    assert response["Content-Type"] == content_type


def test_not_modified_when_the_etag_matches(client):
    DocumentFactory()
    etag = client.get("/data/documents.csv")["ETag"]
    response = client.get("/data/documents.csv", headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response["Access-Control-Allow-Origin"] == "*"
    other = client.get("/data/documents.csv", headers={"if-none-match": '"other"'})
    assert other.status_code == 200


@pytest.mark.parametrize(
    "filename", ["documents.xml", "documents.csv.md5", "current.json", "documents.sha256"]
)
def test_an_unknown_file_is_not_found(client, filename):
    DocumentFactory()
    assert client.get(f"/data/{filename}").status_code == 404


def test_rebuilt_after_a_publication_and_not_without_one(
    client, django_capture_on_commit_callbacks
):
    DocumentFactory(title_en="First")
    first = client.get("/data/documents.jsonl")["ETag"]
    version = opendata.read_manifest()["version"]
    first_folder = opendata.folder_of(opendata.read_manifest())
    assert client.get("/data/documents.jsonl")["ETag"] == first
    assert opendata.read_manifest()["version"] == version  # nothing changed: not rebuilt
    draft = DocumentFactory(title_en="Second", draft=True)
    with django_capture_on_commit_callbacks(execute=True):
        publish(draft)
    rows = jsonl_rows(client)
    assert {row["title"] for row in rows if row["language"] == "en"} == {"First", "Second"}
    assert opendata.read_manifest()["version"] > version
    assert client.get("/data/documents.jsonl")["ETag"] != first
    # The build before stays, for a reader who read its manifest a moment ago; older go.
    second = opendata.folder_of(opendata.read_manifest())
    assert built_folders() == {first_folder, second}
    with django_capture_on_commit_callbacks(execute=True):
        publish(DocumentFactory(title_en="Third", draft=True))
    jsonl_rows(client)
    assert built_folders() == {second, opendata.folder_of(opendata.read_manifest())}


def built_folders():
    folders, _files = default_storage.listdir(opendata.ROOT)
    return {f for f in folders if default_storage.listdir(f"{opendata.ROOT}/{f}")[1]}


def test_a_forced_build_never_rewrites_the_files_being_served(client):
    DocumentFactory()
    served = client.get("/data/documents.csv")
    before = opendata.read_manifest()
    path = before["files"]["csv"]["path"]
    opendata.build(force=True)
    # The files the old manifest names are untouched until the new manifest is in place.
    with default_storage.open(path, "rb") as old:
        assert hashlib.sha256(old.read()).hexdigest() == served["ETag"].strip('"')
    assert opendata.read_manifest()["files"]["csv"]["path"] != path


def test_the_files_keep_the_site_s_address_whoever_asks_later(
    client, settings, django_capture_on_commit_callbacks
):
    settings.ALLOWED_HOSTS = ["testserver", "10.0.0.5"]
    document = DocumentFactory()
    client.get("/data/documents.jsonl")  # the first build: the site's address
    with django_capture_on_commit_callbacks(execute=True):
        document.title_en = "Retitled"
        publish(document)
    rows = jsonl_rows(client, HTTP_HOST="10.0.0.5")
    assert all(row["url"].startswith("http://testserver/") for row in rows)


def test_a_stale_build_is_served_at_once_and_rebuilt_aside(
    client, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.OPEN_DATA_BUILD_INLINE = False
    DocumentFactory()
    etag = client.get("/data/documents.csv")["ETag"]  # the first build: in the request
    started = []
    monkeypatch.setattr(opendata, "rebuild_in_background", started.append)
    with django_capture_on_commit_callbacks(execute=True):
        publish(DocumentFactory(draft=True))
    response = client.get("/data/documents.csv")
    assert response["ETag"] == etag  # the previous build, at once
    assert "no-store" in response["Cache-Control"]
    # The rebuild keeps the first build's address (None: the manifest's).
    assert started == [None]


def test_the_lock_lets_one_build_run(client):
    DocumentFactory()
    other = connection.get_new_connection(connection.get_connection_params())
    other.autocommit = True
    try:
        other.execute("SELECT pg_advisory_lock(%s)", [opendata.LOCK_KEY])
        assert opendata.build("https://example.org") is None
        assert opendata.read_manifest() is None
        # No build yet and one under way elsewhere: come back later.
        response = client.get("/data/documents.csv")
        assert response.status_code == 503
        assert response["Retry-After"] == str(opendata.RETRY_AFTER)
        assert client.get("/en/data/").status_code == 503
        other.execute("SELECT pg_advisory_unlock(%s)", [opendata.LOCK_KEY])
    finally:
        other.close()
    assert opendata.build("https://example.org") is not None
    assert client.get("/data/documents.csv").status_code == 200


def test_the_command_builds_and_says_so(capsys, monkeypatch):
    monkeypatch.setattr(opendata, "PROGRESS_EVERY", 2)
    DocumentFactory.create_batch(5)
    call_command("build_open_data", "--base-url", "https://example.org/")
    out = capsys.readouterr().out
    assert "2 documents, 6 rows" in out and "4 documents, 12 rows" in out
    assert "5 documents, 15 rows" in out
    manifest = opendata.read_manifest()
    for entry in manifest["files"].values():
        assert f"{entry['rows']} rows, {entry['bytes']} bytes, sha256 {entry['sha256']}" in out
    assert "5 documents in" in out
    assert manifest["base_url"] == "https://example.org"
    call_command("build_open_data")
    assert "nothing written" in capsys.readouterr().out
    assert opendata.read_manifest()["built_at"] == manifest["built_at"]


def test_the_command_needs_an_address_the_first_time():
    with pytest.raises(CommandError, match="--base-url"):
        call_command("build_open_data")


@pytest.mark.parametrize(
    ("language", "name", "sample"),
    [
        ("az", "Creative Commons Atribusiya 4.0 Beynəlxalq", "Nümunə"),
        ("en", "Creative Commons Attribution 4.0 International", "Sample"),
        ("ru", "Creative Commons «Атрибуция» 4.0 Всемирная", "Пример"),
    ],
)
def test_the_page_shows_the_licence_marked_as_a_sample(client, licence, language, name, sample):
    DocumentFactory()
    response = client.get(f"/{language}/data/")
    assert response.status_code == 200
    page = response.content.decode()
    assert name in page
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in page
    assert "badge--sample" in page and f">{sample}<" in page
    assert page.count("<h1") == 1
    manifest = opendata.read_manifest()
    for entry in manifest["files"].values():
        assert entry["sha256"] in page
    assert 'href="/data/documents.csv"' in page and 'href="/data/documents.jsonl.sha256"' in page
    assert 'href="/api/v1/"' in page and 'href="/api/v1/docs/"' in page
    assert "<code>author_country</code>" in page
    assert '"@type":"Dataset"' in page
    # A sample licence is not claimed as the data's.
    assert '"license":' not in page and 'rel="license"' not in page
    licence.is_sample = False
    licence.save()
    page = client.get(f"/{language}/data/").content.decode()
    assert "badge--sample" not in page and 'rel="license"' in page
    assert '"license":"https://creativecommons.org/licenses/by/4.0/"' in page


def test_the_footer_links_to_the_page(client):
    assert 'href="/ru/data/"' in client.get("/ru/documents/").content.decode()


def test_staff_editing_the_licence_change_the_page(staff_client, licence):
    DocumentFactory()
    form = staff_client.get(f"/admin/documents/datalicence/{licence.pk}/change/")
    assert form.status_code == 200
    data = {
        name: value
        for name, value in form.context["adminform"].form.initial.items()
        if value is not None
    }
    data.update(
        name_en="Open Government Licence",
        name_az="Açıq Hökumət Lisenziyası",
        name_ru="Открытая государственная лицензия",
        url="https://example.org/licence",
        terms_en="Say where it came from.",
        terms_az="",
        terms_ru="",
        is_sample="",
        seen=form.context["adminform"].form["seen"].value(),
    )
    data = {key: value for key, value in data.items() if value not in (False, "")}
    response = staff_client.post(
        f"/admin/documents/datalicence/{licence.pk}/change/", {**data, "_save": "Save"}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    page = Client().get("/en/data/").content.decode()
    assert "Open Government Licence" in page and "Say where it came from." in page
    assert "badge--sample" not in page


def test_the_admin_keeps_one_licence(staff_client, licence):
    changelist = staff_client.get("/admin/documents/datalicence/")
    assert changelist.status_code == 302
    assert changelist["Location"] == f"/admin/documents/datalicence/{licence.pk}/change/"
    assert staff_client.get("/admin/documents/datalicence/add/").status_code == 403
    delete = staff_client.get(f"/admin/documents/datalicence/{licence.pk}/delete/")
    assert delete.status_code == 403


def test_the_admin_adds_the_licence_when_there_is_none(staff_client):
    assert staff_client.get("/admin/documents/datalicence/").status_code == 200
    assert staff_client.get("/admin/documents/datalicence/add/").status_code == 200


def test_the_page_asks_few_queries(client, licence, django_assert_max_num_queries):
    DocumentFactory.create_batch(5)
    client.get("/en/data/")  # the first build
    with django_assert_max_num_queries(4):
        assert client.get("/en/data/").status_code == 200
    DocumentFactory.create_batch(20)
    with django_assert_max_num_queries(4):
        assert client.get("/ru/data/").status_code == 200


def test_the_demo_licence_is_a_sample(demo, client):
    licence = DataLicence.objects.get()
    assert licence.is_sample
    assert licence.name_en == "Creative Commons Attribution 4.0 International"
    assert all(getattr(licence, f"terms_{code}") for code in ("az", "en", "ru"))
    assert all(getattr(licence, f"name_{code}") for code in ("az", "en", "ru"))
    call_command("load_demo")
    assert DataLicence.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_background_build_writes_the_new_files(client, settings):
    settings.OPEN_DATA_BUILD_INLINE = False
    DocumentFactory(title_en="First")
    client.get("/data/documents.csv")  # the first build: in the request
    version = opendata.read_manifest()["version"]
    DocumentFactory(title_en="Second")  # committed: the version moves on
    assert client.get("/data/documents.csv")["ETag"]  # the old files, and a build started
    (thread,) = [t for t in threading.enumerate() if t.name == "open-data-build"]
    thread.join(timeout=30)
    assert opendata.read_manifest()["version"] > version
    titles = {row["title"] for row in jsonl_rows(client) if row["language"] == "en"}
    assert titles == {"First", "Second"}


def test_the_page_cache_leaves_a_file_s_conditional_requests_to_it(client, settings):
    settings.PUBLIC_PAGE_CACHE = True
    DocumentFactory()
    built = client.get("/data/documents.csv")
    # The content changed an hour before the build: a client that asks whether the file
    # changed since then must get the file (built later), not the content version's 304.
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    ContentVersion.objects.update(changed_at=an_hour_ago)
    cache.clear()
    response = client.get(
        "/data/documents.csv", headers={"if-modified-since": http_date(an_hour_ago.timestamp())}
    )
    assert response.status_code == 200
    assert response["ETag"] == built["ETag"]  # the file's checksum, not a page's
    assert (
        client.get("/data/documents.csv", headers={"if-none-match": built["ETag"]}).status_code
        == 304
    )
