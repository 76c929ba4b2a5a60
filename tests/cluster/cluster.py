"""
The whole cluster, up in one call: the servers of tests/cluster/services.py, the schema
migrated, the demo content loaded (its files into the bucket), the static files collected
and a member of staff to log in with. It says what it does as it goes.
"""

import os
import shutil
import subprocess
import sys
import time

from django.core.management.utils import get_random_secret_key

from tests.cluster.services import ROOT, S3, AppServer, Postgres, Proxy, Redis

STAFF = ("cluster-editor", "a-Cluster-Test-Password-1")


def say(message):
    print(f"[cluster {time.strftime('%H:%M:%S')}] {message}", flush=True)


class Cluster:
    def __init__(self, folder=ROOT / ".cluster"):
        self.folder = folder
        self.servers = []

    def __enter__(self):
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        try:
            self.start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def start(self):
        say("PostgreSQL (embedded server's binaries, its own data folder)…")
        self.postgres = Postgres(self.folder)
        say("Redis (deploy/redis.conf)…")
        self.redis = Redis(self.folder).start()
        self.servers.append(self.redis)
        say("S3 API (moto's standalone server)…")
        self.s3 = S3(self.folder).start()
        self.servers.append(self.s3)
        self.s3.create_bucket()
        self.static_root = self.folder / "static"
        self.environment = {
            **{key: value for key, value in os.environ.items() if not key.startswith("PYTEST")},
            "DJANGO_SETTINGS_MODULE": "forum.project.settings",
            "DEBUG": "false",
            "SECRET_KEY": get_random_secret_key(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": self.postgres.url,
            "REDIS_URL": self.redis.url,
            "AWS_STORAGE_BUCKET_NAME": self.s3.bucket,
            "AWS_S3_ENDPOINT_URL": self.s3.url,
            **self.s3.credentials,
            "STATIC_ROOT": str(self.static_root),
            # Not used with the bucket; the proxy's internal location must still be safe.
            "MEDIA_ROOT": str(self.folder / "media"),
            "TRUSTED_PROXY_COUNT": "1",
            "LOG_FORMAT": "json",
            # Every request logs its line, so that the tests can follow a request id.
            "SLOW_REQUEST_SECONDS": "0.000001",
            "THROTTLE_RATE": "100000/m",
            "API_THROTTLE_RATE": "100000/m",
        }
        self.environment.pop("PUBLIC_PAGE_CACHE", None)
        self.environment.pop("SECURE_SSL_REDIRECT", None)
        say("migrate, load_demo (its files into the bucket), collectstatic…")
        self.manage("migrate", "--no-input", "--verbosity", "0")
        self.manage("load_demo")
        self.manage("collectstatic", "--no-input", "--verbosity", "0")
        self.manage(
            "createsuperuser", "--no-input", "--username", STAFF[0], "--email", "c@example.org",
            extra={"DJANGO_SUPERUSER_PASSWORD": STAFF[1]},
        )  # fmt: skip
        say("two app servers (deploy/gunicorn.conf.py)…")
        self.a = AppServer(self.folder, "app-a", self.environment).start()
        self.servers.append(self.a)
        self.b = AppServer(self.folder, "app-b", self.environment).start()
        self.servers.append(self.b)
        say("nginx (deploy/nginx/bsf.conf)…")
        self.proxy = Proxy(
            self.folder, [self.a.address, self.b.address], self.static_root, self.folder / "media"
        ).start()
        self.servers.append(self.proxy)
        say(f"up: nginx {self.proxy.url}, app servers {self.a.url} and {self.b.url}")

    def manage(self, *arguments, extra=None):
        subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env={**self.environment, **(extra or {})},
            check=True,
        )

    def __exit__(self, *exc):
        for server in reversed(self.servers):
            server.stop()
        if getattr(self, "postgres", None) and self.postgres.running():
            self.postgres.stop()
        say(f"stopped; logs in {self.folder}")
