"""
The load test (README, "Load test"): the public pages driven by many concurrent clients
(locust, headless, bounded in time) against a local gunicorn with production settings;
requests/s, p50/p99 and errors per page. Fails if any request failed.

    python -m tests.performance.loadtest --users 64 --seconds 30

Only 127.0.0.1 is ever a target.
"""

# Django is set up, with the tooling's settings, before anything of the project loads.
# ruff: noqa: E402
import os

import django

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.performance.settings"
django.setup()

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import translation

from documents.models import Document
from forum.models import Session
from tests.performance.server import collect_static, gunicorn, production_environment

LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def arguments(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m tests.performance.loadtest", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--users", type=int, default=64, help="concurrent clients")
    parser.add_argument("--seconds", type=int, default=30, help="length of the run")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    return parser.parse_args(argv)


def main(argv=None):
    options = arguments(argv)
    if connection.vendor != "postgresql":
        print("Note: DATABASE_URL is not PostgreSQL; the figures will not say much.")
    paths = public_paths()
    if "document" not in paths:
        print("Nothing is published: run `manage.py load_demo` first.", file=sys.stderr)
        return 1
    environment = production_environment()
    say("Collecting the static files…")
    collect_static(environment)
    say(
        f"{options.users} clients for {options.seconds} s against gunicorn "
        f"({options.workers} workers), database: {connection.vendor}."
    )
    with gunicorn(workers=options.workers, environment=environment) as url:
        results = run_locust(url, paths, options.users, options.seconds)
    report(results)
    failures = sum(p["failures"] for p in results["pages"] if p["page"] != "Aggregated")
    if failures or results["server_errors"]:
        print(f"{failures} failed requests, {results['server_errors']} of them 5xx.")
        return 1
    return 0


def say(message):
    print(message, flush=True)


def public_paths(limit=200):
    """Pages to visit, in every language, from what is published."""
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


def report(results):
    header = f"{'page':<12} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"
    print(header)
    print("-" * len(header))
    for page in results["pages"]:
        print(
            f"{page['page']:<12} {page['requests']:>8} {page['rps']:>8.1f} "
            f"{page['p50_ms']:>8.0f} {page['p99_ms']:>8.0f} {page['failures']:>8}"
        )
    print(f"5xx responses: {results['server_errors']}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
