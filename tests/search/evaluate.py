"""
The search relevance evaluation (`make search-eval`):

    python -m tests.search.evaluate

Creates a test database (test_ and the name of DATABASE_URL's, or of the embedded
server's), loads the corpus (tests/search/corpus.py), searches every query of
tests/search/queries.py on the public document list, and prints P@5 and R@20 per
language, per kind of query and overall, the queries that fall short and the floors the
run supports; then drops the database. Exits with 1 where a figure is below its floor in
tests/search/floors.py, the floors tests/search/test_relevance.py holds the suite to.
"""

# Django is set up, with the environment the tests run in, before anything of the project
# loads.
# ruff: noqa: E402
import os
import tomllib
from pathlib import Path

import django


def test_environment():
    """pytest-env's variables of pyproject.toml: "D:" ones as defaults, the rest forced."""
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    with pyproject.open("rb") as source:
        entries = tomllib.load(source)["tool"]["pytest"]["ini_options"]["env"]
    for entry in entries:
        name, value = entry.split("=", 1)
        if name.startswith("D:"):
            os.environ.setdefault(name[2:], value)
        else:
            os.environ[name] = value


test_environment()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.project.settings")
django.setup()

import sys
import time
import warnings

from django.test import Client
from django.test.utils import (
    override_settings,
    setup_databases,
    setup_test_environment,
    teardown_databases,
    teardown_test_environment,
)

from tests.search import corpus, scoring
from tests.search.floors import FLOORS

# As tests/conftest.py: production's static storage needs files collected beforehand.
PLAIN_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def progress(number, total, result):
    print(f"[{number:>3}/{total}] {scoring.line(result)}", flush=True)


def evaluate():
    """Load the corpus, run the queries, print the report; False where a floor fails."""
    started = time.monotonic()
    print(f"Loading the corpus… {corpus.load()} documents", flush=True)
    results = scoring.run(Client(), progress=progress)
    figures = scoring.figures(results)
    below = scoring.shortfalls(figures, FLOORS)
    missed = [result for result in results if not result.perfect]
    print(
        f"\nQueries short of 1.0 on either figure ({len(missed)} of {len(results)}; * relevant):"
    )
    print(scoring.misses(results) or "none")
    print("\nFloors this run supports (tests/search/floors.py):")
    print(scoring.supported_floors(figures))
    seconds = time.monotonic() - started
    print(f"\nRelevance of the search ({len(results)} queries, {seconds:.0f} s)")
    print(scoring.table(figures, FLOORS))
    if below:
        print("\nBELOW THE FLOORS:\n" + "\n".join(below))
    else:
        print("\nEvery floor holds.")
    return not below


def main():
    # As pyproject.toml tells pytest: WhiteNoise serves collected files; none are here.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    setup_test_environment()
    print("Creating the test database…", flush=True)
    databases = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
    try:
        with override_settings(STORAGES=PLAIN_STATIC):
            passed = evaluate()
    finally:
        teardown_databases(databases, verbosity=0)
        teardown_test_environment()
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
