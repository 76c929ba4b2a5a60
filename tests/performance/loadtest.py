from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from forum.loadtest import (
    collect_static,
    gunicorn,
    production_environment,
    public_paths,
    run_locust,
)


class Command(BaseCommand):
    help = (
        "Drive the public pages with many concurrent clients (locust) against a local "
        "gunicorn with production settings, and report requests/s, p50/p99 and errors."
    )

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=64, help="concurrent clients")
        parser.add_argument("--seconds", type=int, default=30, help="length of the run")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")

    def handle(self, *args, users, seconds, workers, **options):
        if connection.vendor != "postgresql":
            self.stderr.write(
                "Note: DATABASE_URL is not PostgreSQL; the figures will not say much."
            )
        paths = public_paths()
        if "document" not in paths:
            raise CommandError("Nothing is published: run `manage.py load_demo` first.")
        environment = production_environment()
        collect_static(environment)
        self.stdout.write(
            f"{users} clients for {seconds} s against gunicorn ({workers} workers), "
            f"database: {connection.vendor}."
        )
        with gunicorn(workers=workers, environment=environment) as url:
            results = run_locust(url, paths, users, seconds)
        self.report(results)
        failures = sum(p["failures"] for p in results["pages"] if p["page"] != "Aggregated")
        if failures or results["server_errors"]:
            raise CommandError(
                f"{failures} failed requests, {results['server_errors']} of them 5xx."
            )

    def report(self, results):
        header = (
            f"{'page':<12} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for page in results["pages"]:
            self.stdout.write(
                f"{page['page']:<12} {page['requests']:>8} {page['rps']:>8.1f} "
                f"{page['p50_ms']:>8.0f} {page['p99_ms']:>8.0f} {page['failures']:>8}"
            )
        self.stdout.write(f"5xx responses: {results['server_errors']}")
