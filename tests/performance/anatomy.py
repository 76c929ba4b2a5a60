"""
Where an uncached page's time goes (README, "Performance"). Each page the benchmark
measures is asked in process, through Django's test client, with production settings and
the page cache off, and its time is split into four layers:

- database: SQL sent to PostgreSQL and its answer read (planning included);
- ORM: building querysets into SQL and rows into objects, the database's time aside;
- templates: Jinja2 and what it calls into Django (translations, formats, addresses), the
  queries a template sets off aside;
- the rest: middleware, the views' own code, serializers and the framework.

Beside them, the benchmark's baseline page (tests/performance/baseline.py) asked the same
way. Run it on the benchmark's database, once `make bench` has built the corpus:

    python -m tests.performance.anatomy                     # every page of the benchmark
    python -m tests.performance.anatomy /en/ /en/sessions/  # these addresses
"""

# Production settings, then Django, before anything of the project loads.
# ruff: noqa: E402
import os

from tests.performance.server import SETTINGS, collect_static, production_environment

os.environ.update(production_environment(PUBLIC_PAGE_CACHE="false"))
os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS

import django

django.setup()

import argparse
import collections
import contextlib
import sys
import time
from unittest import mock

from django.db import connection
from django.db.models.query import QuerySet
from django.db.models.sql.compiler import SQLCompiler
from django.db.models.sql.query import Query
from django.template.backends import jinja2
from django.test import Client

from tests.performance.baseline import PATH as BASELINE

LAYERS = ("database", "ORM", "templates", "rest")


class Clock:
    """Time spent in each layer, each layer's own: a query a template sets off counts
    for the ORM and the database, not for the template."""

    def __init__(self):
        self.spent = collections.Counter()
        self._inner = []  # for each layer open, the time of the layers opened inside it

    @contextlib.contextmanager
    def layer(self, name):
        started = time.perf_counter()
        self._inner.append(0.0)
        try:
            yield
        finally:
            elapsed = time.perf_counter() - started
            self.spent[name] += elapsed - self._inner.pop()
            if self._inner:
                self._inner[-1] += elapsed

    def timed(self, name, function):
        def wrapper(*args, **kwargs):
            with self.layer(name):
                return function(*args, **kwargs)

        return wrapper


@contextlib.contextmanager
def instrumented(clock):
    """The ORM's and the templates' entry points timed, and every SQL statement."""

    def database(execute, sql, params, many, context):
        with clock.layer("database"):
            return execute(sql, params, many, context)

    entry_points = [
        (QuerySet, "_chain", "ORM"),  # each filter(), only(), order_by()… copies the query
        (Query, "add_q", "ORM"),  # and filter() builds its conditions
        (QuerySet, "_fetch_all", "ORM"),  # iterating a queryset: lists, first(), get()
        (SQLCompiler, "execute_sql", "ORM"),  # count(), exists(), aggregate()
        (jinja2.Template, "render", "templates"),
    ]
    with contextlib.ExitStack() as stack:
        for owner, name, layer in entry_points:
            timed = clock.timed(layer, getattr(owner, name))
            stack.enter_context(mock.patch.object(owner, name, timed))
        stack.enter_context(connection.execute_wrapper(database))
        yield


def anatomy(client, path, requests, rounds=3):
    """Mean milliseconds a request to ``path`` spends in each layer, and in all, in the
    fastest of a few rounds: a machine busy with something else slows a round down, never
    speeds one up."""
    for _ in range(3):  # compiled templates, remembered addresses, a warm connection
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}, not 200")
    return min((measure(client, path, requests) for _ in range(rounds)), key=lambda f: f["total"])


def measure(client, path, requests):
    clock = Clock()
    with instrumented(clock):
        started = time.perf_counter()
        for _ in range(requests):
            client.get(path)
        total = (time.perf_counter() - started) / requests * 1000
    layers = {name: clock.spent[name] / requests * 1000 for name in LAYERS if name != "rest"}
    return {"total": total, **layers, "rest": max(total - sum(layers.values()), 0.0)}


def report(rows, baseline):
    header = f"{'page':<34}{'ms':>8}" + "".join(f"{name:>15}" for name in LAYERS)
    print(header + f"{'share':>8}")
    for path, figures in rows:
        parts = "".join(
            f"{figures[name]:>9.2f} {figures[name] / figures['total']:>5.0%}" for name in LAYERS
        )
        share = baseline / figures["total"]
        print(f"{path[:33]:<34}{figures['total']:>8.2f}{parts}{share:>8.1%}")
    print(
        f"\nBaseline page: {baseline:.2f} ms a request. The share is of the baseline in process,"
        " without HTTP: smaller than the benchmark's, whose baseline also pays gunicorn's"
        " and the connection's cost."
    )


def arguments(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="*", help="addresses (default: the benchmark's pages)")
    parser.add_argument(
        "--requests",
        type=int,
        default=20,
        help="requests to each address in each of 3 rounds (default: 20)",
    )
    return parser.parse_args(argv)


def main(argv=None):
    options = arguments(argv)
    paths = options.paths or benchmark_paths()
    # Production settings serve static files by their hashed names, from the manifest.
    print("Collecting the static files…", file=sys.stderr, flush=True)
    collect_static(os.environ)
    client = Client(SERVER_NAME="localhost")
    baseline = anatomy(client, BASELINE, options.requests * 5)["total"]
    rows = []
    for number, path in enumerate(paths, 1):
        print(f"  {number}/{len(paths)} {path}", file=sys.stderr, flush=True)
        rows.append((path, anatomy(client, path, options.requests)))
    report(rows, baseline)
    return 0


def benchmark_paths():
    """The first address of each page the benchmark measures, from its corpus."""
    from forum.models import Session
    from tests.performance import bench, corpus

    if Session.objects.filter(number__gte=corpus.FIRST_SESSION).count() < 2:
        raise SystemExit(
            "The benchmark's corpus is not in this database: run `make bench` on it first,"
            " or name the addresses to measure."
        )
    return [urls[0] for urls in bench.page_paths().values()]


if __name__ == "__main__":
    sys.exit(main())
