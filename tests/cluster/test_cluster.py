"""
Two app servers, one site: what a reader and the Secretariat see when the portal runs on
several machines, and when one of its services goes away (tests/cluster/__init__.py).

Run by `make cluster-test`, in this file's order: each test leaves the cluster whole.
"""

import json
import re
import signal
import statistics
import threading
import time
from collections import Counter
from datetime import datetime
from html.parser import HTMLParser

import pytest
import requests

from tests.cluster.cluster import STAFF, Cluster, say
from tests.cluster.services import AppServer

# The proxy's certificate is made up for the run: nobody checks it but these tests.
pytestmark = pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")

LANGUAGES = ("az", "en", "ru")
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n% cluster test attachment\n"


@pytest.fixture(scope="module")
def cluster():
    with Cluster() as running:
        yield running


class Browser:
    """
    A reader, or a member of staff, at one address: nginx, or an app server directly, as
    nginx reaches it (saying the request came over HTTPS). Cookies are kept by hand: the
    app sets them Secure, which a client speaking plain HTTP to an app server would drop.
    """

    def __init__(self, base, direct=False):
        self.base = base
        self.origin = base.replace("http://", "https://")
        self.headers = {"X-Forwarded-Proto": "https"} if direct else {}
        self.cookies = {}

    def request(self, method, path, headers=None, **options):
        response = requests.request(
            method,
            self.base + path,
            headers={**self.headers, **(headers or {})},
            cookies=self.cookies,
            allow_redirects=False,
            verify=False,
            timeout=15,
            **options,
        )
        self.cookies.update(response.cookies.get_dict())
        return response

    def get(self, path, **options):
        return self.request("GET", path, **options)

    def post(self, path, data, files=None):
        # Django's CSRF check asks an HTTPS request where it comes from.
        return self.request(
            "POST", path, data=data, files=files, headers={"Referer": self.origin + path}
        )

    def form(self, path):
        """The fields of the page's form as a browser would send them untouched."""
        response = self.get(path)
        assert response.status_code == 200, (path, response.status_code)
        form = FormFields()
        form.feed(response.text)
        return form.fields

    def log_in(self, user=STAFF):
        fields = self.form("/admin/login/")
        fields.update(username=user[0], password=user[1])
        response = self.post("/admin/login/?next=/admin/", fields)
        assert response.status_code == 302, response.text[:500]
        return self


class FormFields(HTMLParser):
    """Every field of a page's forms with the value it holds: inputs (checked boxes only),
    the selected option of a select (else its first), a textarea's text."""

    def __init__(self):
        super().__init__()
        self.fields = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attributes):
        attributes = dict(attributes)
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            self.fields[name] = attributes.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            if self._select not in self.fields or "selected" in attributes:
                self.fields[self._select] = attributes.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def readers(cluster):
    return {
        "A": Browser(cluster.a.url, direct=True),
        "B": Browser(cluster.b.url, direct=True),
        "nginx": Browser(cluster.proxy.url),
    }


def test_each_server_answers_as_a_balancer_and_a_cdn_expect(cluster):
    for server in (cluster.a, cluster.b):
        # A probe on plain HTTP, with the Host it likes: answered before host checks.
        assert requests.get(f"{server.url}/healthz", timeout=5).text.strip() == "ok"
        ready = requests.get(f"{server.url}/readyz", timeout=5)
        assert ready.status_code == 200
        assert ready.json() == {"database": "ok", "cache": "ok"}
        assert "no-store" in ready.headers["Cache-Control"]

    proxy = Browser(cluster.proxy.url)
    page = proxy.get("/en/")
    assert page.status_code == 200
    # Told the scheme and the host by nginx: the app writes the site's own https address.
    assert f'href="{cluster.proxy.url}/en/"' in page.text
    assert "max-age=31536000" in page.headers["Strict-Transport-Security"]
    control = page.headers["Cache-Control"]
    assert "public" in control and "s-maxage=" in control
    assert "stale-while-revalidate=" in control

    # Plain HTTP only says where the site is.
    plain = requests.get(f"http://127.0.0.1:{cluster.proxy.http_port}/en/", allow_redirects=False)
    assert plain.status_code == 301 and plain.headers["Location"].startswith("https://")

    # Static files from disk; those with a hash in their name for a year.
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page.text)[1]
    static = proxy.get(stylesheet)
    assert static.status_code == 200
    assert "immutable" in static.headers["Cache-Control"]

    # No way to the files around the app's check.
    assert proxy.get("/media/attachments/programme.pdf").status_code == 404
    assert proxy.get("/protected-media/attachments/programme.pdf").status_code == 404

    # Which service is down is for the balancers that ask the app servers, not for anyone.
    assert proxy.get("/readyz").status_code == 403

    # Staff pages are kept by nobody.
    staff = Browser(cluster.proxy.url).log_in()
    admin = staff.get("/admin/")
    assert admin.status_code == 200
    assert "no-store" in admin.headers["Cache-Control"]
    assert "private" in admin.headers["Cache-Control"]
    assert "no-store" in staff.get("/en/").headers["Cache-Control"]


def test_one_request_id_from_nginx_to_the_app_log(cluster):
    response = Browser(cluster.proxy.url).get("/ru/sessions/")
    request_id = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)

    def lines(path):
        return [json.loads(line) for line in path.read_text().splitlines() if line.startswith("{")]

    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        logged = [
            record
            for server in (cluster.a, cluster.b)
            for record in lines(server.log)
            if record.get("request_id") == request_id
        ]
        proxied = [r for r in lines(cluster.proxy.access_log) if r["request_id"] == request_id]
        if logged and proxied:
            break
        time.sleep(0.2)
    assert proxied and proxied[0]["path"] == "/ru/sessions/" and proxied[0]["status"] == 200
    # The app's line for the same request (every request is "slow" in the cluster's
    # settings): one JSON object, its time and duration.
    assert logged, "no app log line carries the request id"
    assert logged[0]["logger"] == "forum.requests"
    assert logged[0]["path"] == "/ru/sessions/"


def session_pk(cluster, number):
    with cluster.postgres.connect() as db:
        return db.execute("SELECT id FROM forum_session WHERE number = %s", [number]).fetchone()[0]


def create_draft(staff, cluster, slug):
    """A new document with a PDF attached, saved as a draft through the admin's form."""
    fields = staff.form("/admin/documents/document/add/")
    fields = {name: value for name, value in fields.items() if "__prefix__" not in name}
    fields.update(
        {
            "kind": "report",
            "slug": slug,
            "date": "2026-11-20",
            "session": str(session_pk(cluster, 3)),
            "title_az": "Klaster sınağı hesabatı",
            "title_en": "Cluster test report",
            "title_ru": "Отчёт о проверке кластера",
            "summary_az": "<p>Nümunə.</p>",
            "summary_en": "<p>A sample.</p>",
            "summary_ru": "<p>Образец.</p>",
            "body_az": "<p>Nümunə mətn.</p>",
            "body_en": "<p>A sample text.</p>",
            "body_ru": "<p>Образец текста.</p>",
            "is_sample": "on",
            "status": "draft",
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-language": "en",
            "attachments-0-title_en": "Programme",
            "attachments-0-order": "0",
        }
    )
    response = staff.post(
        "/admin/documents/document/add/",
        fields,
        files={"attachments-0-file": ("programme.pdf", PDF, "application/pdf")},
    )
    assert response.status_code == 302, re.findall(
        r'class="errorlist[^>]*>(.*?)</ul>', response.text
    )
    with cluster.postgres.connect() as db:
        document, status = db.execute(
            "SELECT id, status FROM documents_document WHERE slug = %s", [slug]
        ).fetchone()
        (attachment,) = db.execute(
            "SELECT id FROM documents_attachment WHERE document_id = %s", [document]
        ).fetchone()
    assert status == "draft"
    return document, attachment


def publish(staff, document, action="publish"):
    """A bulk action of the documents' list (publish, withdraw) on one document."""
    changelist = "/admin/documents/document/"
    fields = {
        "csrfmiddlewaretoken": staff.form(changelist)["csrfmiddlewaretoken"],
        "action": action,
        "_selected_action": str(document),
        "index": "0",
        "publish_anyway": "1",
    }
    response = staff.post(changelist, fields)
    assert response.status_code == 302, response.text[:500]


def test_published_through_a_is_served_fresh_by_b_with_its_attachment(cluster):
    at = readers(cluster)
    staff = Browser(cluster.a.url, direct=True).log_in()
    document, attachment = create_draft(staff, cluster, "cluster-test-report")
    file_path = f"/documents/cluster-test-report/files/{attachment}/programme.pdf"

    for language in LANGUAGES:
        # B has the lists in its (shared) cache, from before the publication.
        for _twice in range(2):
            listing = at["B"].get(f"/{language}/documents/")
        assert listing.status_code == 200
        assert "cluster-test-report" not in listing.text
        # A draft is nobody's, through any server: its page and its file.
        for reader in at.values():
            assert reader.get(f"/{language}/documents/cluster-test-report/").status_code == 404
            assert reader.get(f"/{language}{file_path}").status_code == 404
    # The file went to the bucket, not to a folder of server A.
    assert any(name.endswith(".pdf") and "programme" in name for name in cluster.s3.objects())

    publish(staff, document)

    titles = {
        "az": "Klaster sınağı hesabatı",
        "en": "Cluster test report",
        "ru": "Отчёт о проверке кластера",
    }
    for language in LANGUAGES:
        page = at["B"].get(f"/{language}/documents/cluster-test-report/")
        assert page.status_code == 200
        assert titles[language] in page.text
        listing = at["B"].get(f"/{language}/documents/")
        assert "cluster-test-report" in listing.text, "B served the list from before"
        for name in ("B", "nginx"):
            download = at[name].get(f"/{language}{file_path}")
            assert download.status_code == 200, (name, language)
            assert download.content == PDF
            assert download.headers["Content-Type"] == "application/pdf"


def test_a_server_stopped_under_load_fails_no_request(cluster):
    """32 readers for 30 s through nginx; server A is stopped (as systemctl stop does)
    after 10 s and started again after 20 s."""
    paths = [
        f"/{language}{path}"
        for language in LANGUAGES
        for path in ("/", "/sessions/", "/sessions/3/", "/documents/", "/committee/", "/news/")
    ]
    clients, seconds = 32, 30
    results = []  # (started, seconds, status or the error's name)
    lock = threading.Lock()
    end = time.monotonic() + seconds
    started_at = time.monotonic()

    def reader(offset):
        session = requests.Session()
        number = offset
        while time.monotonic() < end:
            path = paths[number % len(paths)]
            number += 1
            began = time.monotonic()
            try:
                outcome = session.get(
                    cluster.proxy.url + path, timeout=30, verify=False
                ).status_code
            except requests.RequestException as error:
                outcome = type(error).__name__
            with lock:
                results.append((began - started_at, time.monotonic() - began, outcome))

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(10)
    say("stopping server A (SIGTERM, as systemctl stop)")
    stopped = time.monotonic() - started_at
    cluster.a.stop(signal.SIGTERM)
    time.sleep(10)
    say("starting server A again")
    cluster.a.start()
    restarted = time.monotonic() - started_at
    back = datetime.now().astimezone()
    for thread in threads:
        thread.join()

    failed = [r for r in results if r[2] != 200]
    during = [r for r in results if stopped <= r[0] < restarted]
    after = [r for r in results if r[0] >= restarted]
    latencies = sorted(r[1] for r in results)
    rejoined = [
        record
        for record in (
            json.loads(line) for line in cluster.proxy.access_log.read_text().splitlines()
        )
        if record["upstream"] == cluster.a.address
        and datetime.fromisoformat(record["time"]) > back
    ]
    say(
        f"{len(results)} requests in {seconds} s ({len(results) / seconds:.0f}/s), "
        f"{len(failed)} failed {Counter(r[2] for r in failed) or ''}; "
        f"A stopped at {stopped:.1f} s, back at {restarted:.1f} s; "
        f"{len(during)} requests while A was down; "
        f"p50 {statistics.median(latencies) * 1000:.0f} ms, "
        f"p99 {latencies[int(len(latencies) * 0.99)] * 1000:.0f} ms"
    )
    assert during and after
    assert not failed
    # A is back in the turn: nginx sent it requests after it started again.
    say(f"server A answered {len(rejoined)} requests after it started again")
    assert len(rejoined) > 0


def test_without_redis_pages_and_staff_log_in_and_caching_resumes(cluster):
    # Redis as deploy/redis.conf makes it: a cache within its memory, nothing on disk.
    settings = cluster.redis.client().config_get("maxmemory*")
    assert settings["maxmemory-policy"] == "allkeys-lru" and int(settings["maxmemory"]) > 0
    proxy = Browser(cluster.proxy.url)
    say("stopping Redis")
    cluster.redis.stop()
    try:
        for language in LANGUAGES:
            page = proxy.get(f"/{language}/sessions/")
            assert page.status_code == 200
        staff = Browser(cluster.proxy.url).log_in()
        assert staff.get("/admin/").status_code == 200
        # Not ready: a balancer that asks takes the servers out while they cannot cache.
        assert requests.get(f"{cluster.a.url}/readyz", timeout=5).status_code == 503
    finally:
        say("starting Redis again")
        cluster.redis.start()

    keys = cluster.redis.client()
    assert not any(keys.scan_iter("*page:*"))
    for _twice in range(2):
        assert proxy.get("/en/committee/").status_code == 200
    assert any(keys.scan_iter("*page:*")), "pages are cached again"
    assert requests.get(f"{cluster.b.url}/readyz", timeout=5).status_code == 200


def test_without_postgresql_a_clean_503_in_the_readers_language_then_recovery(cluster):
    proxy = Browser(cluster.proxy.url)
    say("stopping PostgreSQL")
    cluster.postgres.stop()
    try:
        time.sleep(3)  # the content version kept in Redis (VERSION_STALENESS) runs out
        for language, words in (
            ("az", "Müvəqqəti"),
            ("en", "Temporarily unavailable"),
            ("ru", "Временно недоступно"),
        ):
            page = proxy.get(f"/{language}/documents/?q=security")
            assert page.status_code == 503
            assert f'lang="{language}"' in page.text and words in page.text
            assert "Traceback" not in page.text and "OperationalError" not in page.text
            assert page.headers["Retry-After"]
            assert "no-store" in page.headers["Cache-Control"]
        api = proxy.get("/api/v1/documents/")
        assert api.status_code == 503 and "detail" in api.json()
        assert requests.get(f"{cluster.a.url}/readyz", timeout=10).status_code == 503
        assert requests.get(f"{cluster.a.url}/healthz", timeout=5).status_code == 200
    finally:
        say("starting PostgreSQL again")
        cluster.postgres.start()

    # Every worker's broken connection is replaced on its next request.
    for _each_worker in range(8):
        assert proxy.get("/en/documents/?q=security").status_code == 200
    for server in (cluster.a, cluster.b):
        assert requests.get(f"{server.url}/readyz", timeout=5).status_code == 200


def test_last_nights_back_up_restores_into_a_new_installation(cluster, tmp_path):
    """The Secretariat's bad morning: last night's back-up (manage.py backup, from the
    database and the bucket), a document withdrawn and deleted since, and the installation
    restored into a new database and a new bucket, the app servers moved onto it one at a
    time: every row and every file as they were at the back-up, the document back."""
    backup = tmp_path / "last-night"
    # All but the content version, which a restore moves on (forum/core/cache.py).
    at_back_up = cluster.postgres.rows()
    at_back_up.pop("core_contentversion")
    files_at_back_up = cluster.s3.objects()
    say("backing up the database and the bucket")
    cluster.manage("backup", str(backup))

    staff = Browser(cluster.a.url, direct=True).log_in()
    with cluster.postgres.connect() as db:
        (document,) = db.execute(
            "SELECT id FROM documents_document WHERE slug = 'cluster-test-report'"
        ).fetchone()
    # Published content is withdrawn before it can be deleted.
    publish(staff, document, action="withdraw")
    deletion = f"/admin/documents/document/{document}/delete/"
    fields = staff.form(deletion)
    assert staff.post(deletion, {**fields, "post": "yes"}).status_code == 302
    proxy = Browser(cluster.proxy.url)
    assert proxy.get("/en/documents/cluster-test-report/").status_code == 404

    say("restoring into a new database and a new bucket")
    with cluster.postgres.connect("postgres") as db:
        db.execute("CREATE DATABASE bsf_restored")
    cluster.s3.create_bucket("bsf-media-restored")
    restored = {
        **cluster.environment,
        "DATABASE_URL": cluster.postgres.url.rsplit("/", 1)[0] + "/bsf_restored",
        "AWS_STORAGE_BUCKET_NAME": "bsf-media-restored",
    }
    cluster.manage("restore", str(backup), extra=restored)
    restored_rows = cluster.postgres.rows("bsf_restored")
    restored_rows.pop("core_contentversion")
    assert restored_rows == at_back_up
    assert cluster.s3.objects("bsf-media-restored") == files_at_back_up

    say("moving the app servers onto it, one at a time")
    for old in (cluster.a, cluster.b):
        old.stop()
        new = AppServer(cluster.folder, old.name + "-restored", restored, port=old.port).start()
        cluster.servers.append(new)

    titles = {"az": "Klaster sınağı hesabatı", "en": "Cluster test report"}
    for language, title in titles.items():
        page = proxy.get(f"/{language}/documents/cluster-test-report/")
        assert page.status_code == 200 and title in page.text
    (attachment,) = re.findall(
        r'href="(/en/documents/cluster-test-report/files/[^"]+)"', page.text
    )
    assert proxy.get(attachment).content == PDF
