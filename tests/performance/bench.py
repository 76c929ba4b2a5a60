"""
The performance benchmark (README, "Performance"): a corpus of documents in PostgreSQL,
the site under gunicorn beside a minimal baseline view with the same settings, each page
driven by wrk, and every figure given as a share of the baseline measured in the run.
"""

import json
import os
import platform
import statistics
import time
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from documents.models import Document, Kind
from documents.sitemaps import DocumentSitemap
from forum.loadtest import (
    collect_static,
    corpus,
    gunicorn,
    production_environment,
    worker_memory,
    wrk,
)
from forum.models import Session

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


class Command(BaseCommand):
    help = "Benchmark the public pages against a baseline view (needs PostgreSQL and wrk)."

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, default=100_000)
        parser.add_argument("--seconds", type=int, default=8, help="wrk run per page")
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--rebuild", action="store_true", help="rebuild the corpus")
        parser.add_argument(
            "--output", default=str(Path(settings.BASE_DIR) / "bench-results" / "latest.json")
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark runs on PostgreSQL: set DATABASE_URL.")
        if not wrk.available():
            raise CommandError("wrk is not installed (Debian: apt-get install wrk).")
        self.options = options
        results = {"machine": machine(), "documents": options["documents"]}
        results["corpus_seconds"] = self.corpus(options["documents"], options["rebuild"])
        paths = self.paths()
        results["queries"] = self.query_counts(paths)
        results["admin_changelist_ms"] = self.admin_changelist()
        environment = production_environment(BENCHMARK="true")
        collect_static(environment)
        results["uncached"], _ = self.drive(paths, environment, cached=False)
        results["search_one_at_a_time"] = self.search_latency(paths, environment)
        results["cached"], memory = self.drive(paths, environment, cached=True)
        results["worker_memory_mb"] = memory
        self.report(results)
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(results, indent=2, ensure_ascii=False))
        self.stdout.write(f"Written to {output}")

    def corpus(self, documents, rebuild):
        if not rebuild and corpus.existing_documents() == documents:
            self.stdout.write(f"Corpus of {documents:,} documents already in place.")
            return None
        self.stdout.write(f"Building a corpus of {documents:,} documents…")
        seconds = corpus.build(documents, progress=self.stdout.write)
        self.stdout.write(f"Corpus built in {seconds:.0f} s.")
        return round(seconds, 1)

    def paths(self):
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

    def query_counts(self, paths):
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

    def admin_changelist(self):
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

    def drive(self, paths, environment, cached):
        seconds, connections = self.options["seconds"], self.options["connections"]
        results = {}
        environment = {**environment, "PUBLIC_PAGE_CACHE": "true" if cached else "false"}
        with gunicorn(workers=2, environment=environment) as url:
            warm_up(url, paths)
            results["baseline"] = wrk.run(url, ["/_bench/baseline/"], seconds, connections)
            for page, urls in paths.items():
                if cached:
                    # Each worker keeps its own copy of a page in local memory, and one
                    # client asking in turn reaches mostly one worker: a first run under
                    # load fills both, so that what is measured is the cache, not its filling.
                    wrk.run(url, urls, max(seconds // 2, 1), connections)
                results[page] = wrk.run(url, urls, seconds, connections)
                results[page]["share"] = round(
                    results[page]["rps"] / results["baseline"]["rps"], 3
                )
            memory = worker_memory(url)
        return results, memory

    def search_latency(self, paths, environment):
        """Server time of a full-text search asked by one client at a time."""
        with gunicorn(workers=2, environment={**environment, "PUBLIC_PAGE_CACHE": "false"}) as url:
            return {
                page: wrk.run(url, paths[page], self.options["seconds"], connections=1, threads=1)
                for page in ("search_ru", "search_en")
            }

    def report(self, results):
        self.stdout.write("")
        self.stdout.write(f"Machine: {results['machine']}")
        base_u = results["uncached"]["baseline"]["rps"]
        base_c = results["cached"]["baseline"]["rps"]
        self.stdout.write(
            f"Baseline: {base_u:.0f} req/s (uncached run), {base_c:.0f} (cached run)"
        )
        header = (
            f"{'page':<10} {'uncached rps':>12} {'share':>6} {'p50':>6} {'p99':>6} "
            f"{'cached rps':>10} {'share':>6} {'p50':>6} {'p99':>6} {'SQL':>5} {'errors':>6}"
        )
        self.stdout.write(header)
        for page in TARGETS:
            u, c = results["uncached"][page], results["cached"][page]
            q = results["queries"][page]
            self.stdout.write(
                f"{page:<10} {u['rps']:>12.0f} {u['share']:>6.0%} {u['p50_ms']:>6} "
                f"{u['p99_ms']:>6} {c['rps']:>10.0f} {c['share']:>6.0%} {c['p50_ms']:>6} "
                f"{c['p99_ms']:>6} {q['uncached']:>2}/{q['cached']:<2} "
                f"{u['errors'] + c['errors']:>6}"
            )
        for page, figures in results["search_one_at_a_time"].items():
            self.stdout.write(
                f"{page} one at a time: p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms"
            )
        self.stdout.write(f"Admin document changelist: {results['admin_changelist_ms']} ms")
        self.stdout.write(f"gunicorn workers after the run: {results['worker_memory_mb']} MB")


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
