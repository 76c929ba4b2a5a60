"""
The database out of reach: a short 503 in the reader's language, not a server error.

Django turns an exception into a response in each middleware layer, so no outer
middleware ever sees one raised by the page cache, the session or a view. What every
layer does call is the root URLconf's handler500, while the exception is being handled:
``server_error`` looks at it, and answers 503 (with Retry-After, never stored) where the
database could not be reached, else the usual 500 page. The 503 asks nothing of the
database: no session, no user, no messages, no context processor; its template stands
alone. One warning line is logged for each such request instead of a traceback.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import engines
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import defaults

from forum.core.api import negotiated_language
from forum.core.logs import escaped, first_line

logger = logging.getLogger("forum.requests")

# Seconds a reader or a client is asked to wait before trying again.
RETRY_AFTER = 30

# What a database that is down, restarting or out of reach raises: an OperationalError or
# InterfaceError without an SQLSTATE (refused, timed out, cut off: the server said nothing),
# or with one of these: a connection exception (08), a server short of resources (53: too
# many connections, disk full), shutting down or starting up (57P01-57P03), a session it
# ended (57P05). Other OperationalErrors (a statement timeout, a deadlock, a limit that a
# request's query reached) are faults of the code or of the request: the 500, with its
# traceback in the log.
OUTAGE_ERRORS = (OperationalError, InterfaceError)
OUTAGE_STATES = ("08", "53", "57P01", "57P02", "57P03", "57P05")


def server_error(request):
    """handler500: a 503 for a database outage, else Django's own 500 page (500.html)."""
    error = outage_error(sys.exc_info()[1])
    if error is None:
        return defaults.server_error(request)
    logger.warning(
        "Database unavailable, answered 503: %s %s (%s)",
        request.method,
        escaped(request.path),
        first_line(error),
    )
    response = unavailable(request)
    # Logged above, in one line: Django would log it again with its traceback.
    response._has_been_logged = True
    return response


def outage_error(error):
    """The database error behind ``error``, if any: the error itself, or one it was raised
    from or while handling (a template that failed on a query, say)."""
    seen = 0
    while error is not None and seen < 10:
        if is_outage(error):
            return error
        error = error.__cause__ or error.__context__
        seen += 1
    return None


def is_outage(error):
    """Whether ``error`` (one of Django's, raised from the driver's) says that the database
    is out of reach, rather than that a statement failed."""
    if not isinstance(error, OUTAGE_ERRORS):
        return False
    state = getattr(error.__cause__, "sqlstate", None)
    return state is None or state.startswith(OUTAGE_STATES)


def unavailable(request):
    """The 503 itself: JSON for the API, like its other errors; a page elsewhere."""
    if request.path_info.startswith("/api/"):
        with translation.override(negotiated_language(request)):
            response = JsonResponse(
                {"detail": _("The service is briefly unavailable. Please try again shortly.")},
                status=503,
            )
    else:
        language = reader_language(request)
        with translation.override(language):
            # No request in the context: nothing the page renders may reach the database.
            content = engines["jinja2"].get_template("503.html").render({}, request=None)
        response = HttpResponse(content, status=503)
        response["Content-Language"] = language
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def reader_language(request):
    """The language of the address (/az/, /en/, /ru/), else of the reader's language cookie
    or Accept-Language, else the site's default."""
    return translation.get_language_from_path(
        request.path_info
    ) or translation.get_language_from_request(request)
