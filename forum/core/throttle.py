"""
A limit on the requests that cost the server real work: a search, a combination of
filters, a filtered feed. Each is a cache miss the first time, so a client looping over
made-up queries could hold every worker. Anonymous clients get THROTTLE_RATE of them,
counted per address (forum.core.clients) in the cache, so every app server counts together;
beyond it a 429 page says when to come back. Cached pages never reach a view, so they
never count; staff are never throttled; a cache that fails lets requests through.
"""

import logging

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import get_usage

from forum.core.cache import CACHE_ERRORS

logger = logging.getLogger(__name__)


def throttled(request, group="expensive", rate=None):
    """A 429 response if this anonymous client has asked too much of ``group`` (at most
    ``rate``, THROTTLE_RATE unless given), else None."""
    if request.user.is_authenticated:
        return None
    try:
        usage = get_usage(
            request, group=group, key="ip", rate=rate or settings.THROTTLE_RATE, increment=True
        )
    except CACHE_ERRORS as error:
        logger.warning("Throttle skipped, the cache failed: %r", error)
        return None
    if usage is None or not usage["should_limit"]:
        return None
    retry_after = max(usage["time_left"], 1)
    response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response
