"""
The site under gunicorn on a free local port of 127.0.0.1, with production settings
(DEBUG off, a random key, no HTTPS) and the tooling's own module (the baseline page).
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request

from django.conf import settings
from django.core.management.utils import get_random_secret_key

SETTINGS = "tests.performance.settings"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_environment(**extra):
    """The environment of a production server on this machine, minus HTTPS."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or get_random_secret_key(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "AXES_VERBOSE": "false",
        **extra,
    }


def collect_static(environment):
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=settings.BASE_DIR,
        env=environment,
        check=True,
    )


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
        # The checkout's root, where `tests.performance.settings` is found.
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


def worker_memory(url):
    """Resident memory (MB) of the gunicorn workers serving ``url``, largest first."""
    port = url.rsplit(":", 1)[1]
    listing = subprocess.run(["ps", "-eo", "pid,ppid,rss,args"], capture_output=True, text=True)
    rows = [line.split(None, 3) for line in listing.stdout.splitlines()[1:]]
    serving = {pid: ppid for pid, ppid, _rss, args in rows if f"127.0.0.1:{port}" in args}
    # Workers are forks of the master: same command line, and the master as parent.
    workers = [int(rss) for pid, ppid, rss, _args in rows if pid in serving and ppid in serving]
    return sorted((round(rss / 1024) for rss in workers), reverse=True)
