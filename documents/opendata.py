"""
The open data (/<lang>/data/): the whole public catalogue in two files, CSV and JSON
Lines, one row for each language version of each published document, with checksums.

A build writes opendata/<content version>/documents.csv and documents.jsonl into the
default storage (its own API only: the file system today, S3 later), streaming the
documents in chunks through temporary files, so that memory stays flat for any number of
documents; then the manifest opendata/current.json, last. Readers follow the manifest, so
they get the previous build or the new one whole, never part of one; the older builds
are deleted once the new manifest is in place. One build at a time across servers: a
PostgreSQL advisory lock, held for the build and released with its connection if the
process dies.

When the files are rebuilt, and the trade-off. A request (the page or a file) that finds
the manifest of another content version than forum.core.cache.current_version() serves
the build it has at once, kept by no cache, and starts a rebuild in a daemon thread of
its process: no reader waits while a large archive is written, at the price of files one
change behind for as long as the build takes, and of a build sharing a worker's CPU with
its requests. A process that dies mid-build publishes nothing half-made: the next request
that finds the files stale starts again. OPEN_DATA_BUILD_INLINE builds in the request
instead (the tests, which must see the new files at once). With no build at all, the
request builds inline, which suits a small catalogue the first time (or answers 503 with
Retry-After while another process holds the lock); a large archive is built by
``manage.py build_open_data`` after a deployment or a large import, so that no request
ever has to.

Rows hold each language's own texts, never another language's in their place: a summary
missing in a language is empty there. Addresses in the files are absolute, on the host of
the request that started the build (one of ALLOWED_HOSTS) or the command's --base-url.
"""

import base64
import csv
import datetime
import hashlib
import io
import json
import logging
import tempfile
import threading
import uuid
from contextlib import contextmanager
from typing import NamedTuple

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, connections
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
)
from django.utils.dateparse import parse_datetime
from django.utils.http import content_disposition_header, http_date
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from documents.models import Attachment, DataLicence, Document, Kind
from forum import structured_data as forum_data
from forum.core import structured_data as sd
from forum.core.cache import current_version
from forum.core.files import send_file
from forum.core.formatting import sanitized
from forum.core.i18n import LANGUAGE_CODES
from forum.core.reversing import reverse

logger = logging.getLogger(__name__)

ROOT = "opendata"
MANIFEST = f"{ROOT}/current.json"
# pg_try_advisory_lock's key: "bsf-data" read as a 64-bit number (the top bit is clear).
LOCK_KEY = int.from_bytes(b"bsf-data", "big")
CHUNK_SIZE = 200  # documents read at a time, with their attachments: a few MB at most
PROGRESS_EVERY = 1000  # documents between two reports to the command
RETRY_AFTER = 30  # seconds: while another process makes the first build
MAX_AGE = 300  # seconds a browser or proxy may keep a file without asking again

# The formats: key in the manifest, public file name, content type. JSON Lines has no
# registered type yet; application/jsonl is the one jsonlines.org gives (x-ndjson is the
# older, unofficial name of the same thing).
FORMATS = {
    "csv": ("documents.csv", "text/csv; charset=utf-8"),
    "jsonl": ("documents.jsonl", "application/jsonl"),
}


class Column(NamedTuple):
    name: str
    description: str
    # The codes the column holds, with their names, where the page lists them.
    values: tuple = ()


COLUMNS = (
    Column("slug", _("The document's permanent name, the last part of its page's address.")),
    Column("symbol", _("Its reference symbol, such as BSF/3/DECL; empty where it has none.")),
    Column("kind", _("Its kind, as one of these codes:"), tuple(Kind.choices)),
    Column("date", _("Its date, written YYYY-MM-DD.")),
    Column("session", _("The number of the session it belongs to; empty where none.")),
    Column(
        "language",
        _("The language of this version, as one of these codes:"),
        tuple(settings.LANGUAGES),
    ),
    Column("is_original", _("true where this language is the original one, as a source says.")),
    Column("authentic", _("true where this language version is an authentic text.")),
    Column("title", _("The title in this language.")),
    Column("summary", _("The summary in this language; empty where none.")),
    Column("text", _("The full text in this language, in HTML; empty where not published.")),
    Column("url", _("The address of the document's page in this language.")),
    Column(
        "permalink",
        _("The address that cites this version by its symbol; empty where it has none."),
    ),
    Column("author", _("The author or issuing body, named in this language; empty where none.")),
    Column("author_country", _("The author's country, as a two-letter ISO 3166 code.")),
    Column(
        "attachments",
        _(
            "The files of this language version, each with its address (url), SHA-256 "
            "checksum (sha256) and size in bytes (bytes): a list in JSON Lines, the same "
            "list written as JSON text in the CSV."
        ),
    ),
    Column("is_sample", _("true for demonstration content that is not an established fact.")),
    Column("published_at", _("When it was published: ISO 8601, in UTC.")),
    Column("updated_at", _("When it was last changed: ISO 8601, in UTC.")),
)
HEADER = [column.name for column in COLUMNS]


# Building --------------------------------------------------------------------------------


def build(base_url=None, progress=None, force=False):
    """
    Writes the files of the current content version and the manifest that points at
    them, and deletes older builds; the manifest (a dict). Nothing is written where the
    manifest is of this version already (unless ``force``); None where another build
    holds the lock. ``base_url`` (https://host) makes the addresses absolute; the last
    build's by default. ``progress(documents, rows)`` is told every PROGRESS_EVERY
    documents.
    """
    with advisory_lock() as acquired:
        if not acquired:
            return None
        number, _changed_at = current_version()
        previous = read_manifest()
        if previous is not None and previous["version"] == number and not force:
            return previous
        base_url = (base_url or (previous or {}).get("base_url") or "").rstrip("/")
        if not base_url:
            raise ValueError("The first build needs the site's address (base_url).")
        manifest = write_files(number, base_url, progress)
        stamped = {**manifest, "built_at": manifest["built_at"].isoformat(timespec="seconds")}
        replace(MANIFEST, json.dumps(stamped, indent=2).encode())
        # The build before stays for a reader who read its manifest a moment ago.
        delete_other_builds(keep={folder_of(manifest), folder_of(previous)})
        return manifest


@contextmanager
def advisory_lock():
    """Whether this connection holds the open data's lock, held until the block ends."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
            except DatabaseError:
                # A broken connection: the lock went with it.
                logger.warning("Open data lock not released: its connection is gone.")


class Output:
    """A file being written: into a temporary file, whatever the storage, so that memory
    stays flat; its bytes counted and hashed as they go."""

    def __init__(self, name):
        self.name = name
        self.file = tempfile.TemporaryFile()
        self.digest = hashlib.sha256()
        self.bytes = self.rows = 0

    def write(self, data):
        self.file.write(data)
        self.digest.update(data)
        self.bytes += len(data)

    def store(self, directory):
        self.file.seek(0)
        path = replace(f"{directory}/{self.name}", File(self.file, name=self.name))
        self.file.close()
        return {
            "name": self.name,
            "path": path,
            "bytes": self.bytes,
            "rows": self.rows,
            "sha256": self.digest.hexdigest(),
        }


def write_files(number, base_url, progress=None):
    outputs = {key: Output(name) for key, (name, _type) in FORMATS.items()}
    # With a byte order mark: Excel, on Windows and on a Mac, reads a CSV without one in
    # the computer's legacy code page, and shows Azerbaijani and Russian as mojibake.
    # LibreOffice, pandas and Python's "utf-8-sig" read it as it should be read.
    outputs["csv"].write("\ufeff".encode())
    line = io.StringIO()
    writer = csv.writer(line)  # RFC 4180: quoted where needed, CRLF line ends
    writer.writerow(HEADER)
    outputs["csv"].write(line.getvalue().encode())
    documents = 0
    for document in catalogue().iterator(chunk_size=CHUNK_SIZE):
        for row in document_rows(document, base_url):
            line.seek(0)
            line.truncate()
            writer.writerow([csv_value(row[name]) for name in HEADER])
            outputs["csv"].write(line.getvalue().encode())
            outputs["jsonl"].write(json_line(row))
            outputs["csv"].rows += 1
            outputs["jsonl"].rows += 1
        documents += 1
        if progress and documents % PROGRESS_EVERY == 0:
            progress(documents, outputs["csv"].rows)
    if progress and documents % PROGRESS_EVERY:
        progress(documents, outputs["csv"].rows)
    # A folder of its own, never one being served: even a forced build of the same version
    # writes beside the files the manifest names, and replaces them by the manifest alone.
    directory = f"{ROOT}/{number}-{uuid.uuid4().hex[:12]}"
    return {
        "version": number,
        "built_at": timezone.now().replace(microsecond=0),
        "base_url": base_url,
        "documents": documents,
        "files": {key: output.store(directory) for key, output in outputs.items()},
    }


def catalogue():
    """The public documents in a stable order, with what their rows name."""
    return (
        Document.objects.published()
        .select_related("session", "author_person", "author_organisation")
        .defer("search_vector", "search_head", "language_updated")
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("order", "pk"))
        )
        .order_by("pk")
    )


def document_rows(document, base_url):
    """A row (a dict of the COLUMNS) for each language in which the document has a title."""
    session = document.public_session
    author = document.author
    for code in LANGUAGE_CODES:
        title = getattr(document, f"title_{code}")
        if not title:
            continue
        body = getattr(document, f"body_{code}")
        permalink = document.get_permalink_url(code)
        with translation.override(code):
            url = document.get_absolute_url()
            files = [
                {
                    "url": base_url + file.get_absolute_url(),
                    "sha256": file.sha256,
                    "bytes": file.size,
                }
                for file in document.attachments.all()
                if file.language == code
            ]
        yield {
            "slug": document.slug,
            "symbol": document.symbol,
            "kind": document.kind,
            "date": document.date.isoformat(),
            "session": session.number if session else None,
            "language": code,
            "is_original": code == document.original_language,
            "authentic": bool(getattr(document, f"is_authentic_{code}")),
            "title": title,
            "summary": getattr(document, f"summary_{code}") or "",
            "text": str(sanitized(body)) if body else "",
            "url": base_url + url,
            "permalink": base_url + permalink if permalink else "",
            "author": (getattr(author, f"name_{code}") or "") if author else "",
            "author_country": (author.country.code or "") if author else "",
            "attachments": files,
            "is_sample": document.is_sample,
            "published_at": utc(document.published_at),
            "updated_at": utc(document.updated_at),
        }


def utc(moment):
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds")


def csv_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def json_line(row):
    return (json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def replace(path, content):
    """Stores ``content`` (bytes or a File) at ``path``, in place of what was there; the
    name stored (a storage would otherwise keep the old file and pick another name)."""
    if default_storage.exists(path):
        default_storage.delete(path)
    if isinstance(content, bytes):
        content = ContentFile(content)
    return default_storage.save(path, content)


def folder_of(manifest):
    """The folder of a build's files (None for no build)."""
    if manifest is None:
        return None
    return manifest["files"]["csv"]["path"].rsplit("/", 1)[0].rsplit("/", 1)[-1]


def delete_other_builds(keep):
    """The files of every build but those in the folders ``keep``. (A storage on the file
    system keeps the empty folders: its API deletes files only.)"""
    folders, _files = default_storage.listdir(ROOT)
    for folder in folders:
        if folder not in keep:
            for name in default_storage.listdir(f"{ROOT}/{folder}")[1]:
                default_storage.delete(f"{ROOT}/{folder}/{name}")


def read_manifest():
    """The manifest of the build being served, or None where there is none yet."""
    try:
        with default_storage.open(MANIFEST, "rb") as opened:
            manifest = json.loads(opened.read())
    except (OSError, ValueError):
        # None yet; or, for the moment a build replaces it, missing or half-written.
        return None
    manifest["built_at"] = parse_datetime(manifest["built_at"])
    return manifest


# Serving ---------------------------------------------------------------------------------

_rebuilding = threading.Lock()  # one background build per process at a time


def rebuild_in_background(base_url):
    """A build in a daemon thread, unless this process has one going; one elsewhere makes
    it return at once (the lock)."""
    if not _rebuilding.acquire(blocking=False):
        return

    def run():
        try:
            build(base_url)
        except Exception:
            logger.exception("The open data could not be rebuilt.")
        finally:
            _rebuilding.release()
            connections.close_all()  # this thread's own: no request closes them

    threading.Thread(target=run, name="open-data-build", daemon=True).start()


def served_build(request):
    """
    (manifest, is current) of the build to serve, after building it or starting a
    rebuild as the module says; None while another process makes the first build.
    """
    manifest = read_manifest()
    number, _changed_at = current_version()
    if manifest is not None and manifest["version"] == number:
        return manifest, True
    # The site's address is the first build's (or the command's --base-url): never the
    # host some later client happened to send, written into files everyone downloads.
    base_url = None if manifest is not None else request.build_absolute_uri("/")
    if manifest is None or settings.OPEN_DATA_BUILD_INLINE:
        manifest = build(base_url) or manifest or read_manifest()
        if manifest is None:
            return None
    else:
        rebuild_in_background(base_url)
    # Current only if no change came while it was built.
    return manifest, manifest["version"] == current_version()[0]


def busy():
    response = HttpResponse(
        gettext("The open data is being prepared. Please try again in a minute."),
        content_type="text/plain; charset=utf-8",
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER)
    add_never_cache_headers(response)
    return response


def download_name(manifest, key):
    """bsf-documents-2025-09-22.csv: the name a download is saved under, dated as the page
    dates the build (in Baku)."""
    return f"bsf-documents-{timezone.localtime(manifest['built_at']):%Y-%m-%d}.{key}"


class DataView(TemplateView):
    """The page: what the data holds, its licence, the downloads and their columns."""

    template_name = "documents/data.html"

    def get(self, request, *args, **kwargs):
        found = served_build(request)
        if found is None:
            return busy()
        manifest, current = found
        response = super().get(request, *args, manifest=manifest, **kwargs)
        if not current:
            # The page of a build being replaced: no cache may keep it as the new version's.
            add_never_cache_headers(response)
        return response

    def get_context_data(self, manifest, **kwargs):
        licence = DataLicence.objects.first()
        downloads = [
            {
                "key": key,
                "label": "CSV" if key == "csv" else "JSON Lines",  # names of formats
                "url": reverse("data-file", kwargs={"filename": name}),
                "checksum_url": reverse("data-file", kwargs={"filename": f"{name}.sha256"}),
                "download_name": download_name(manifest, key),
                "content_type": content_type,
                **manifest["files"][key],
            }
            for key, (name, content_type) in FORMATS.items()
        ]
        return super().get_context_data(
            manifest=manifest,
            licence=licence,
            downloads=downloads,
            columns=COLUMNS,
            dataset_data=dataset_data(self.request, manifest, licence, downloads),
            **kwargs,
        )


def dataset_data(request, manifest, licence, downloads):
    """The page's schema.org data: the Dataset (no licence while it is a sample), and the
    breadcrumbs."""
    url = request.build_absolute_uri(reverse("documents:data"))
    dataset = {
        "@type": "Dataset",
        "@id": f"{url}#dataset",
        "url": url,
        "name": gettext("Open data"),
        "description": gettext(
            "Every published document of the Baku Security Forum, in every language, to "
            "download as CSV or JSON Lines, with its licence and checksums."
        ),
        "inLanguage": LANGUAGE_CODES,
        "isAccessibleForFree": True,
        "license": licence.url if licence and not licence.is_sample else None,
        "dateModified": manifest["built_at"],
        "publisher": forum_data.forum_reference(request),
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": download["content_type"].split(";")[0],
                "contentUrl": request.build_absolute_uri(download["url"]),
                "contentSize": f"{download['bytes']} B",
                "sha256": download["sha256"],
            }
            for download in downloads
        ],
    }
    trail = [
        (gettext("Documents"), request.build_absolute_uri(reverse("documents:list"))),
        (gettext("Open data"), url),
    ]
    return [dataset, sd.breadcrumb_list(trail)]


class DataFileView(View):
    """
    /data/documents.csv, /data/documents.jsonl and their checksums (documents.csv.sha256,
    in sha256sum's format): language-neutral, open to every origin (CORS), kept five
    minutes by caches and revalidated by the ETag, which is the file's SHA-256.
    """

    # Its validators are the file's (its checksum, its build time), not the content
    # version's: the page cache leaves its requests alone (forum/core/cache.py).
    validates_itself = True

    http_method_names = ["get", "head", "options"]

    def get(self, request, filename):
        name, is_checksum = filename, filename.endswith(".sha256")
        if is_checksum:
            name = filename.removesuffix(".sha256")
        key = next((key for key, (known, _type) in FORMATS.items() if known == name), None)
        if key is None:
            raise Http404
        found = served_build(request)
        if found is None:
            return with_cors(busy())
        manifest, current = found
        entry = manifest["files"][key]
        download = download_name(manifest, key)
        if is_checksum:
            # Named as the file is saved, so that sha256sum -c finds it beside this one.
            text = f"{entry['sha256']}  {download}\n".encode()
            digest = hashlib.sha256(text).hexdigest()
        else:
            digest = entry["sha256"]
        headers = {
            "ETag": f'"{digest}"',
            "Repr-Digest": f"sha-256=:{base64.b64encode(bytes.fromhex(digest)).decode()}:",
            "Last-Modified": http_date(manifest["built_at"].timestamp()),
        }
        not_modified = get_conditional_response(
            request, etag=headers["ETag"], last_modified=int(manifest["built_at"].timestamp())
        )
        if not_modified is not None:
            response = not_modified
        elif is_checksum:
            # Streamed, as the data files are: the public page cache keeps whole responses
            # only, and would put its own ETag and Cache-Control in place of these.
            response = StreamingHttpResponse([text], content_type="text/plain; charset=utf-8")
            response["Content-Length"] = len(text)
            response["Content-Disposition"] = content_disposition_header(
                True, f"{download}.sha256"
            )
            response["X-Content-Type-Options"] = "nosniff"
        else:
            response = send_file(
                default_storage,
                entry["path"],
                FORMATS[key][1],
                public=current,
                filename=download,
                as_attachment=True,
            )
        for header, value in headers.items():
            response[header] = value
        if current:
            patch_cache_control(response, public=True, max_age=MAX_AGE)
        else:
            add_never_cache_headers(response)  # to be replaced by the build under way
        return with_cors(response)

    def options(self, request, *args, **kwargs):
        response = super().options(request, *args, **kwargs)
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Max-Age"] = "86400"
        return with_cors(response)


def with_cors(response):
    """Readable from any origin's scripts, the checksum headers included."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Repr-Digest, Content-Disposition"
    return response
