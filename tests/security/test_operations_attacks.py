"""
Attacks on what runs the portal past one machine: the 503 of forum/core/outage.py, the
back-up's walk of the media folder (forum/core/backups.py) and nginx's site file
(deploy/nginx/bsf.conf) before the app.

nginx is run for real with the kit's file, filled in as deploy/render.py fills it, before
an app server that answers what the app answered to the same request through the test
client: what a reader gets is what nginx makes of the app's own answer.
"""

import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest
import requests
import urllib3
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client

from forum.core.backups import BackupError, back_up_media, check_entry
from tests.cluster.services import Proxy as Nginx
from tests.documents.factories import AttachmentFactory, DocumentFactory

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SERVER_NAME = "forum.example.org"
SANDBOX = "default-src 'none'; sandbox"


# The 503 is for a database out of reach, not for a statement that failed


@pytest.fixture
def reader():
    return Client(raise_request_exception=False)


def home_running(monkeypatch, *statements):
    """The home page's view runs ``statements`` in a transaction of its own."""
    from documents import views

    def run(*args, **kwargs):
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    monkeypatch.setattr(views.HomeView, "get", run)


@pytest.mark.parametrize(
    "statements",
    [
        # Stopped by statement_timeout: slow work, not a server away.
        ["SET LOCAL statement_timeout = 1", "SELECT pg_sleep(1)"],
        # A limit of the server that a request's query reached (stack depth limit exceeded).
        ["SELECT repeat('(', 100000)::tsquery"],
    ],
    ids=["statement timeout", "program limit"],
)
@pytest.mark.django_db(transaction=True)
def test_a_statement_that_fails_is_a_500_not_an_outage(reader, monkeypatch, statements):
    home_running(monkeypatch, *statements)
    response = reader.get("/en/")
    assert response.status_code == 500
    assert "Retry-After" not in response


@pytest.mark.django_db(transaction=True)
def test_a_server_that_ends_the_connection_is_an_outage(reader, monkeypatch):
    # As a restart of PostgreSQL does to every connection: 57P01, admin_shutdown.
    home_running(monkeypatch, "SELECT pg_terminate_backend(pg_backend_pid())")
    response = reader.get("/en/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


# The back-up takes the media folder's files, and nothing a link leads to


def test_the_back_up_skips_symbolic_links_out_of_and_around_the_media_folder(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not media")
    default_storage.save("attachments/a.txt", ContentFile(b"a"))
    media = Path(settings.MEDIA_ROOT)
    (media / "elsewhere").symlink_to(outside)
    (media / "attachments" / "secret.txt").symlink_to(outside / "secret.txt")
    (media / "attachments" / "loop").symlink_to(media)
    said = []
    files = back_up_media(tmp_path / "backup" / "media", said.append)
    assert [entry["name"] for entry in files] == ["attachments/a.txt"]
    assert [path.name for path in (tmp_path / "backup").rglob("*")] == [
        "media",
        "attachments",
        "a.txt",
    ]
    skipped = [line for line in said if line.startswith("Skipped")]
    assert len(skipped) == 3 and any("attachments/loop" in line for line in skipped)


@pytest.mark.parametrize(
    "name", ["a\\b.pdf", "a\x00b.pdf", "../outside.pdf", "a/./b.pdf", "a//b.pdf", "/etc/passwd"]
)
def test_a_restore_refuses_a_manifest_naming_a_file_as_the_app_never_would(name):
    with pytest.raises(ValueError, match="the file name"):
        check_entry({"name": name, "size": 1, "sha256": "0" * 64})
    check_entry({"name": "attachments/2026/programme.pdf", "size": 1, "sha256": "0" * 64})


def test_a_back_up_refuses_a_stored_name_it_could_not_restore(tmp_path, monkeypatch):
    """A bucket may hold any key (put there by hand): one that would be written outside the
    back-up, or restored under another name, stops the back-up instead."""
    default_storage.save("attachments/a.txt", ContentFile(b"a"))
    monkeypatch.setattr(
        "forum.core.backups.media_names", lambda storage, report: ["../../outside.txt"]
    )
    with pytest.raises(BackupError, match="unsafe"):
        back_up_media(tmp_path / "backup" / "media", [].append)
    assert not (tmp_path / "outside.txt").exists()


def test_a_back_up_goes_outside_the_media_folder(tmp_path):
    inside = Path(settings.MEDIA_ROOT) / "backups" / "tonight"
    with pytest.raises(CommandError, match="inside the media folder"):
        call_command("backup", str(inside))
    assert not inside.exists()


# nginx before the app


class Replay(http.server.BaseHTTPRequestHandler):
    """An app server answering every request with ``answer``: (status, headers, body)."""

    answer = (200, {"Content-Type": "text/plain"}, b"ok\n")

    def do_GET(self):
        status, headers, body = self.answer
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy(tmp_path):
    """nginx with the kit's site file before one app server, which answers what
    ``proxy.replay(response)`` gave it."""
    if not os.path.exists(NGINX):
        pytest.skip("no nginx")
    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
    app = http.server.ThreadingHTTPServer(("127.0.0.1", 0), type("App", (Replay,), {}))
    threading.Thread(target=app.serve_forever, daemon=True).start()
    static_root = tmp_path / "static"
    static_root.mkdir()
    address = f"127.0.0.1:{app.server_port}"
    started = Nginx(
        tmp_path / "nginx",
        [address, address],
        static_root,
        settings.MEDIA_ROOT,
        server_name=f"{SERVER_NAME} www.{SERVER_NAME}",
    ).start()
    started.static_root = static_root

    def get(path, **options):
        return requests.get(started.url + path, verify=False, **options)

    def replay(response):
        headers = {name: value for name, value in response.items() if name != "Content-Length"}
        app.RequestHandlerClass.answer = (response.status_code, headers, response.content)

    started.get, started.replay = get, replay
    yield started
    started.stop()
    app.shutdown()
    app.server_close()


def test_plain_http_sends_readers_to_the_site_not_to_the_host_they_were_given(proxy):
    for host in ("evil.example", f"www.{SERVER_NAME}", SERVER_NAME):
        response = requests.get(
            f"http://127.0.0.1:{proxy.http_port}/en/?q=1",
            headers={"Host": host},
            allow_redirects=False,
        )
        assert response.status_code == 301
        assert response.headers["Location"] == f"https://{SERVER_NAME}/en/?q=1"


@pytest.mark.django_db
def test_a_file_sent_by_nginx_keeps_the_app_s_sandbox(proxy, client, settings):
    settings.ATTACHMENT_ACCEL_REDIRECT = "/protected-media/"
    attachment = AttachmentFactory()
    answer = client.get(attachment.get_absolute_url())
    assert answer["X-Accel-Redirect"].startswith("/protected-media/")
    proxy.replay(answer)
    sent = proxy.get(attachment.get_absolute_url())
    assert sent.status_code == 200 and sent.content.startswith(b"%PDF")
    assert sent.headers["Content-Security-Policy"] == SANDBOX
    assert sent.headers["X-Content-Type-Options"] == "nosniff"
    assert sent.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_a_draft_s_file_sent_by_nginx_is_kept_by_no_cache(proxy, staff_client, settings):
    settings.ATTACHMENT_ACCEL_REDIRECT = "/protected-media/"
    attachment = AttachmentFactory(document=DocumentFactory(draft=True))
    proxy.replay(staff_client.get(attachment.get_absolute_url()))
    sent = proxy.get(attachment.get_absolute_url())
    assert sent.status_code == 200
    assert "private" in sent.headers["Cache-Control"]
    assert "no-store" in sent.headers["Cache-Control"]
    assert sent.headers["Content-Security-Policy"] == SANDBOX


@pytest.mark.django_db
def test_an_open_data_file_sent_by_nginx_keeps_its_checksum_and_cors(proxy, client, settings):
    settings.ATTACHMENT_ACCEL_REDIRECT = "/protected-media/"
    DocumentFactory()
    answer = client.get("/data/documents.csv")
    assert "X-Accel-Redirect" in answer
    proxy.replay(answer)
    sent = proxy.get("/data/documents.csv")
    assert sent.status_code == 200
    assert sent.headers["ETag"] == answer["ETag"]
    assert sent.headers["Repr-Digest"] == answer["Repr-Digest"]
    assert sent.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in sent.headers["Access-Control-Expose-Headers"]


def test_the_protected_media_are_not_reachable_from_outside(proxy):
    (Path(settings.MEDIA_ROOT) / "attachments").mkdir(parents=True)
    (Path(settings.MEDIA_ROOT) / "attachments" / "a.pdf").write_bytes(b"%PDF")
    for path in ("/protected-media/attachments/a.pdf", "/media/attachments/a.pdf"):
        assert proxy.get(path).status_code == 404, path


@pytest.mark.parametrize("name", ["page.html", "page.0123456789ab.html", "icon.svg"])
def test_a_static_file_opened_as_a_page_runs_nothing(proxy, name):
    (proxy.static_root / name).write_text("<script>alert(document.domain)</script>")
    sent = proxy.get(f"/static/{name}")
    assert sent.status_code == 200
    assert sent.headers["Content-Security-Policy"] == SANDBOX
    assert sent.headers["X-Content-Type-Options"] == "nosniff"
