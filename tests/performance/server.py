"""
Driving the site with many clients: a gunicorn started with production settings on a
free local port, and locust (headless, bounded in time) as the clients.

Only 127.0.0.1 is ever a target. Used by ``manage.py loadtest``.
"""

import contextlib
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.utils import get_random_secret_key

LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_environment(**extra):
    """The environment of a production server on this machine, minus HTTPS."""
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or get_random_secret_key(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "AXES_VERBOSE": "false",
        **extra,
    }


@contextlib.contextmanager
def gunicorn(workers=2, environment=None, app="forum.project.wsgi"):
    """A gunicorn serving ``app`` until the block ends; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=settings.BASE_DIR,
        env=environment or production_environment(),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_until_up(url, process, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        try:
            urllib.request.urlopen(f"{url}/robots.txt", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


def run_locust(host, paths, users, seconds):
    """Drive ``paths`` from ``users`` clients for ``seconds``; returns the figures."""
    with tempfile.TemporaryDirectory() as folder:
        prefix = Path(folder) / "run"
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "--locustfile",
                str(LOCUSTFILE),
                "--headless",
                "--only-summary",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{seconds}s",
                "--stop-timeout",
                "5",
                "--host",
                host,
                "--csv",
                str(prefix),
                "--loglevel",
                "WARNING",
            ],
            env={**os.environ, "LOADTEST_PATHS": json.dumps(paths)},
            check=False,
            capture_output=True,
            text=True,
        )
        if not Path(f"{prefix}_stats.csv").exists():
            raise RuntimeError(f"locust did not run:\n{run.stderr}")
        return read_results(prefix)


def read_results(prefix):
    with open(f"{prefix}_stats.csv", newline="") as stats:
        rows = list(csv.DictReader(stats))
    with open(f"{prefix}_failures.csv", newline="") as failures:
        failed = list(csv.DictReader(failures))
    pages = [
        {
            "page": row["Name"],
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "rps": float(row["Requests/s"]),
            "p50_ms": float(row["50%"] or 0),
            "p99_ms": float(row["99%"] or 0),
        }
        for row in rows
    ]
    server_errors = sum(int(row["Occurrences"]) for row in failed if "HTTP 5" in row["Error"])
    return {"pages": pages, "server_errors": server_errors}


def collect_static(environment):
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=settings.BASE_DIR,
        env=environment,
        check=True,
    )


def public_paths(limit=200):
    """Pages to visit, in every language, from what is published."""
    from django.urls import reverse
    from django.utils import translation

    from documents.models import Document
    from forum.models import Session

    documents = list(Document.objects.published().values_list("slug", flat=True)[:limit])
    sessions = list(Session.objects.published().values_list("number", flat=True))
    paths = {
        name: []
        for name in (
            "home",
            "sessions",
            "session",
            "documents",
            "filtered",
            "search",
            "document",
            "committee",
            "feed",
            "sitemap",
        )
    }
    for language in [code for code, _name in settings.LANGUAGES]:
        with translation.override(language):
            listing = reverse("documents:list")
            paths["home"].append(reverse("forum:home"))
            paths["sessions"].append(reverse("forum:sessions"))
            paths["session"] += [reverse("forum:session", args=[n]) for n in sessions]
            paths["documents"] += [listing, f"{listing}?sort=title"]
            if len(documents) > 20:
                paths["documents"].append(f"{listing}?page=2")
            paths["filtered"] += [
                f"{listing}?kind=address&session={n}&year=2025" for n in sessions
            ] + [f"{listing}?kind=declaration", f"{listing}?language=ru"]
            paths["search"] += [
                f"{listing}?q=форум",
                f"{listing}?q=forum",
                f"{listing}?q=security",
            ]
            paths["document"] += [reverse("documents:detail", args=[s]) for s in documents]
            paths["committee"].append(reverse("forum:committee"))
            paths["feed"].append(reverse("documents:feed"))
    paths["sitemap"] = ["/sitemap.xml", "/sitemap-documents.xml", "/sitemap-sessions.xml"]
    return {name: found for name, found in paths.items() if found}


def worker_memory(url):
    """Resident memory (MB) of the gunicorn workers serving ``url``, largest first."""
    port = url.rsplit(":", 1)[1]
    listing = subprocess.run(["ps", "-eo", "pid,ppid,rss,args"], capture_output=True, text=True)
    rows = [line.split(None, 3) for line in listing.stdout.splitlines()[1:]]
    serving = {pid: ppid for pid, ppid, _rss, args in rows if f"127.0.0.1:{port}" in args}
    # Workers are forks of the master: same command line, and the master as parent.
    workers = [int(rss) for pid, ppid, rss, _args in rows if pid in serving and ppid in serving]
    return sorted((round(rss / 1024) for rss in workers), reverse=True)
