"""
The performance benchmark (README, "Performance"): a corpus of documents in PostgreSQL,
the site under gunicorn beside a minimal baseline view with the same settings, each page
driven by wrk, and every figure given as a share of the baseline measured in the run.

    python -m tests.performance.bench --documents 100000
"""

# Django is set up, with the tooling's settings, before anything of the project loads.
# ruff: noqa: E402
import os

import django

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.performance.settings"
django.setup()

import argparse
import json
import platform
import statistics
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from documents.models import Document, Kind
from documents.sitemaps import DocumentSitemap
from forum.models import Session
from tests.performance import corpus, wrk
from tests.performance.baseline import PATH as BASELINE
from tests.performance.server import (
    collect_static,
    gunicorn,
    production_environment,
    worker_memory,
)

TARGETS = {
    # page: (share of the baseline uncached, share cached); None: no target
    "home": (None, 0.60),
    "sessions": (None, 0.60),
    "session": (None, 0.60),
    "documents": (None, 0.60),
    "filtered": (0.10, 0.60),
    "search_ru": (0.05, None),
    "search_en": (0.05, None),
    "document": (0.15, 0.60),
    "feed": (None, None),
    "sitemap": (None, None),
}


def arguments(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m tests.performance.bench", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=8, help="wrk run per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the corpus")
    parser.add_argument(
        "--output", default=str(Path(settings.BASE_DIR) / "bench-results" / "latest.json")
    )
    return parser.parse_args(argv)


def main(argv=None):
    options = arguments(argv)
    if connection.vendor != "postgresql":
        print("The benchmark runs on PostgreSQL: set DATABASE_URL.", file=sys.stderr)
        return 1
    if not wrk.available():
        print("wrk is not installed (Debian: apt-get install wrk).", file=sys.stderr)
        return 1
    results = {"machine": machine(), "documents": options.documents}
    results["corpus_seconds"] = build_corpus(options.documents, options.rebuild)
    paths = page_paths()
    say("Counting the SQL queries of each page…")
    results["queries"] = query_counts(paths)
    results["admin_changelist_ms"] = admin_changelist()
    environment = production_environment()
    say("Collecting the static files…")
    collect_static(environment)
    say("Uncached run…")
    results["uncached"], _ = drive(paths, environment, options, cached=False)
    say("One search at a time…")
    results["search_one_at_a_time"] = search_latency(paths, environment, options)
    say("Cached run…")
    results["cached"], memory = drive(paths, environment, options, cached=True)
    results["worker_memory_mb"] = memory
    report(results)
    output = Path(options.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"Written to {output}")
    return 0


def say(message):
    print(message, flush=True)


def build_corpus(documents, rebuild):
    if not rebuild and corpus.existing_documents() == documents:
        say(f"Corpus of {documents:,} documents already in place.")
        return None
    say(f"Building a corpus of {documents:,} documents…")
    seconds = corpus.build(documents, progress=say)
    say(f"Corpus built in {seconds:.0f} s.")
    return round(seconds, 1)


def page_paths():
    session = Session.objects.filter(number__gte=corpus.FIRST_SESSION).order_by("-number")[1]
    year = session.start_date.year
    slugs = Document.objects.published().filter(slug__startswith=corpus.PREFIX)
    # The third page of the documents' sitemap, or its last where it has fewer.
    sitemap_page = min(3, -(-Document.objects.published().count() // DocumentSitemap.limit))
    slugs = list(slugs.order_by("?").values_list("slug", flat=True)[:500])
    return {
        "home": ["/en/", "/ru/", "/az/"],
        "sessions": ["/en/sessions/", "/ru/sessions/"],
        "session": [f"/en/sessions/{session.number}/", f"/ru/sessions/{session.number}/"],
        "documents": ["/en/documents/", "/ru/documents/", "/en/documents/?page=2"],
        "filtered": [
            f"/{lang}/documents/?kind={kind}&session={session.number}&year={year}"
            for lang in ("en", "ru")
            for kind in (Kind.PRESS_RELEASE, Kind.STATEMENT, Kind.REPORT)
        ],
        "search_ru": ["/ru/documents/?q=безопасности", "/ru/documents/?q=форума"],
        "search_en": ["/en/documents/?q=security", "/en/documents/?q=documents"],
        "document": [f"/en/documents/{slug}/" for slug in slugs],
        "feed": ["/en/feeds/documents/", "/ru/feeds/documents/?kind=statement"],
        "sitemap": ["/sitemap.xml", f"/sitemap-documents.xml?p={sitemap_page}"],
    }


def query_counts(paths):
    """SQL queries of one request to each page, without and with the page cache."""
    counts = {}
    for cached in (False, True):
        with override_settings(PUBLIC_PAGE_CACHE=cached, ALLOWED_HOSTS=["localhost"]):
            client = Client(SERVER_NAME="localhost")
            for page, urls in paths.items():
                client.get(urls[0])  # warm the cache where there is one
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(urls[0])
                assert response.status_code == 200, (urls[0], response.status_code)
                counts.setdefault(page, {})["cached" if cached else "uncached"] = len(queries)
    return counts


def admin_changelist():
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    with override_settings(ALLOWED_HOSTS=["localhost"]):
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        timings = []
        for _ in range(8):
            started = time.perf_counter()
            response = client.get("/admin/documents/document/")
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
    return round(statistics.median(timings[1:]), 1)


def drive(paths, environment, options, cached):
    seconds, connections = options.seconds, options.connections
    results = {}
    environment = {**environment, "PUBLIC_PAGE_CACHE": "true" if cached else "false"}
    with gunicorn(workers=2, environment=environment) as url:
        # The baseline among the rest: a server without it fails here, not with a
        # baseline of 404s.
        warm_up(url, {"baseline": [BASELINE], **paths})
        results["baseline"] = wrk.run(url, [BASELINE], seconds, connections)
        say(f"  baseline: {results['baseline']['rps']:.0f} req/s")
        for page, urls in paths.items():
            if cached:
                # Each worker keeps its own copy of a page in local memory, and one
                # client asking in turn reaches mostly one worker: a first run under
                # load fills both, so that what is measured is the cache, not its filling.
                wrk.run(url, urls, max(seconds // 2, 1), connections)
            results[page] = wrk.run(url, urls, seconds, connections)
            results[page]["share"] = round(results[page]["rps"] / results["baseline"]["rps"], 3)
            say(f"  {page}: {results[page]['rps']:.0f} req/s ({results[page]['share']:.0%})")
        memory = worker_memory(url)
    return results, memory


def search_latency(paths, environment, options):
    """Server time of a full-text search asked by one client at a time."""
    with gunicorn(workers=2, environment={**environment, "PUBLIC_PAGE_CACHE": "false"}) as url:
        return {
            page: wrk.run(url, paths[page], options.seconds, connections=1, threads=1)
            for page in ("search_ru", "search_en")
        }


def report(results):
    print()
    print(f"Machine: {results['machine']}")
    base_u = results["uncached"]["baseline"]["rps"]
    base_c = results["cached"]["baseline"]["rps"]
    print(f"Baseline: {base_u:.0f} req/s (uncached run), {base_c:.0f} (cached run)")
    print(
        f"{'page':<10} {'uncached rps':>12} {'share':>6} {'p50':>6} {'p99':>6} "
        f"{'cached rps':>10} {'share':>6} {'p50':>6} {'p99':>6} {'SQL':>5} {'errors':>6}"
    )
    for page in TARGETS:
        u, c = results["uncached"][page], results["cached"][page]
        q = results["queries"][page]
        print(
            f"{page:<10} {u['rps']:>12.0f} {u['share']:>6.0%} {u['p50_ms']:>6} "
            f"{u['p99_ms']:>6} {c['rps']:>10.0f} {c['share']:>6.0%} {c['p50_ms']:>6} "
            f"{c['p99_ms']:>6} {q['uncached']:>2}/{q['cached']:<2} "
            f"{u['errors'] + c['errors']:>6}"
        )
    for page, figures in results["search_one_at_a_time"].items():
        print(f"{page} one at a time: p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms")
    print(f"Admin document changelist: {results['admin_changelist_ms']} ms")
    print(f"gunicorn workers after the run: {results['worker_memory_mb']} MB", flush=True)


def warm_up(url, paths):
    """Every page asked a few times, so that each worker has opened, compiled and cached."""
    for urls in paths.values():
        for path in urls:
            for _ in range(3):
                urllib.request.urlopen(url + urllib.parse.quote(path, safe="/?&=%"), timeout=30)


def machine():
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    postgres = connection.pg_version // 10000
    return (
        f"{os.cpu_count()} cores, {memory:.0f} GiB, {platform.platform()}, PostgreSQL {postgres}"
    )


if __name__ == "__main__":
    sys.exit(main())
