"""
What a load balancer asks of each app server: /healthz (is the process alive?) and /readyz
(can it serve pages: do the database and the cache answer?).

Answered by a middleware placed first in MIDDLEWARE, before host validation, the HTTPS
redirect, sessions and the page cache: a balancer probing http://127.0.0.1:8001/healthz,
with whatever Host header, gets its answer and not a 400, a redirect to HTTPS or to a
language, or a cached page. The answers are never stored by anyone (no-store) and are no
page of the site (no URL pattern, so no sitemap entry). Neither check raises: a database
or a cache that fails is a 503 naming it, the reason in the log.
"""

import logging
import os
import socket
import uuid

from django.core.cache import cache
from django.db import Error, connection
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse

from forum.core.cache import CACHE_ERRORS
from forum.core.logs import first_line

logger = logging.getLogger(__name__)

# One key per process: with Redis shared by every server, another server's probe must not
# overwrite this one's value between its set and its get.
READY_KEY = f"readyz:{socket.gethostname()}:{os.getpid()}"


class HealthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.answers = {"/healthz": alive, "/readyz": ready}

    def __call__(self, request):
        answer = self.answers.get(request.path_info)
        if answer is None:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = HttpResponseNotAllowed(["GET", "HEAD"])
        else:
            response = answer()
        response["Cache-Control"] = "no-store"
        return response


def alive():
    """The process answers: nothing else is asked, so a slow database never makes a
    balancer restart healthy processes."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


def ready():
    """200 when the database and the cache both answer; else 503, naming what failed.
    Each check is bounded by its client's timeouts (the database's connect_timeout, the
    cache's socket timeouts), so a probe is never kept waiting long."""
    checks = {"database": database_answers(), "cache": cache_answers()}
    status = 200 if all(checks.values()) else 503
    return JsonResponse(
        {name: "ok" if passed else "error" for name, passed in checks.items()}, status=status
    )


def database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Error as error:
        logger.warning("Not ready: the database does not answer: %s", first_line(error))
        return False


def cache_answers():
    token = uuid.uuid4().hex
    try:
        cache.set(READY_KEY, token, 10)
        return cache.get(READY_KEY) == token
    except CACHE_ERRORS as error:
        logger.warning("Not ready: the cache does not answer: %s", first_line(error))
        return False
