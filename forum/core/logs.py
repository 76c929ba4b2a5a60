"""
What the logs say of each request: the id that ties its lines together (django-log-request-id,
read from nginx's X-Request-ID where it is well formed) and a line for each slow request.

The log lines themselves (one JSON object per line, or readable text in development) are
settings.LOGGING's.
"""

import logging
import re
import time

from django.conf import settings
from django.db import connection
from log_request_id.middleware import RequestIDMiddleware as BaseRequestIDMiddleware

logger = logging.getLogger("forum.requests")

# What a request id given by the proxy may be: nginx's $request_id is 32 hex digits; an
# id of another proxy or of a client, up to 64 of these characters. Anything else (a
# newline, a page of text) is replaced: a client must not write into the logs.
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class RequestIDMiddleware(BaseRequestIDMiddleware):
    """django-log-request-id's middleware, taking the id from the request's header only
    when it looks like one, else making a new one."""

    def _get_request_id(self, request):
        given = request.META.get(self.request_id_header or "", "")
        if REQUEST_ID.fullmatch(given):
            return given
        return self._generate_id()


class SlowRequestMiddleware:
    """
    One warning for each request that took longer than SLOW_REQUEST_SECONDS (0: none is
    logged), with its method, path (not its query string, which may hold what a reader
    searched for), status, time and number of SQL queries. Placed before the page cache
    and everything else but the request id, so that it times the whole request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        threshold = settings.SLOW_REQUEST_SECONDS
        if threshold <= 0:
            return self.get_response(request)
        counter = QueryCounter()
        started = time.perf_counter()
        # Counted on the way to the database: cheap, and without DEBUG's query log.
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        seconds = time.perf_counter() - started
        if seconds > threshold:
            log_slow(request, response, seconds, counter.count)
        return response


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def log_slow(request, response, seconds, queries):
    details = {
        "method": request.method,
        "path": request.path,
        "status": response.status_code,
        "duration_ms": round(seconds * 1000),
        "queries": queries,
    }
    logger.warning(
        "Slow request: %s %s %s in %d ms (SQL queries: %d)",
        request.method,
        escaped(request.path),
        response.status_code,
        details["duration_ms"],
        queries,
        extra=details,
    )


def escaped(text):
    """Text as one line whatever it holds (a path may hold a decoded newline), as Django
    writes paths into its own log lines."""
    return text.encode("unicode_escape").decode("ascii")


def first_line(error):
    """An error's class and the first line of its message (a database's runs to several)."""
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0] if lines else ''}"
