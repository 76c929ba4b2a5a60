"""
gunicorn's settings for one app server of the portal (deploy/README.md).

Each server is one gunicorn on its own port, behind nginx: systemd starts them from
deploy/systemd/bsf-gunicorn@.service as bsf-gunicorn@8001, bsf-gunicorn@8002… and
`make cluster-test` starts two with this very file. What differs between servers comes
from the environment: BIND (the address), WEB_CONCURRENCY (the workers).
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8001")
# Synchronous workers, one a core and one more: pages are short CPU work and a few
# queries; nginx buffers slow clients, so a worker is never held by one.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
worker_class = "sync"
# A request that takes longer is stopped (and logged by gunicorn); the slow-request log
# (SLOW_REQUEST_SECONDS) tells of the merely slow ones long before.
timeout = 30
# On SIGTERM (systemctl stop or restart) a worker finishes the request it has, for this
# long at most, while nginx sends new ones to the other servers.
graceful_timeout = 20
# A worker is replaced after this many requests, so that no slow leak grows for days.
max_requests = 5000
max_requests_jitter = 500
# The app is loaded once, before the workers fork: less memory, a faster restart. (So a
# new release needs a restart, not a reload: the workers fork from the loaded code.)
preload_app = True
# gunicorn's control socket (gunicornc) is not used, and would be written to $HOME.
control_socket_disable = True
# nginx is the only client, and the only one believed about X-Forwarded-For and -Proto:
# gunicorn takes its address from FORWARDED_ALLOW_IPS (default 127.0.0.1,::1; set it to
# nginx's address when nginx is on another machine).
# nginx logs every request (deploy/nginx/bsf.conf); gunicorn logs its own events, as JSON
# like the app's, to standard error (systemd's journal).
accesslog = None
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            # ISO 8601 in UTC, as the app's own lines (LOGGING in the settings).
            "timestamp": "time",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
