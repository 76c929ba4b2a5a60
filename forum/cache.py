"""
Cached public pages for anonymous readers.

A page is cached under its path and query string (so per language, per filter) and the
current ContentVersion number. Any save or delete of public content moves the number
on, after the transaction commits; so does the moment a scheduled publication falls
due, noticed by the first request after it. The number lives in the database, so the
rule holds with a per-process memory cache as with a Redis cache shared by all servers.
Responses carry an ETag and Last-Modified, and a matching conditional GET gets a 304.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Min
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

TIMEOUT = 24 * 60 * 60


def current_version():
    """(number, changed_at): moved on first if a scheduled publication has fallen due."""
    from forum.models import ContentVersion

    row = ContentVersion.objects.values_list("number", "changed_at", "next_release").first()
    if row is None:
        bump()
        return current_version()
    number, changed_at, next_release = row
    if next_release is not None and next_release <= timezone.now():
        bump()
        return current_version()
    return number, changed_at


def bump():
    from forum.models import ContentVersion

    state = {"changed_at": timezone.now(), "next_release": next_release()}
    if not ContentVersion.objects.filter(pk=1).update(number=F("number") + 1, **state):
        # The row comes with the migrations; a flushed database lacks it.
        ContentVersion.objects.get_or_create(pk=1, defaults=state)


def next_release():
    """The earliest publication time of any content still to come, or None."""
    from documents.models import Document, Initiative
    from forum.content import Status
    from forum.models import Committee, Session

    now = timezone.now()
    times = [
        model.objects.filter(status=Status.PUBLISHED, published_at__gt=now).aggregate(
            first=Min("published_at")
        )["first"]
        for model in (Document, Initiative, Session, Committee)
    ]
    return min((t for t in times if t is not None), default=None)


def content_changed(**kwargs):
    """Signal receiver: public pages may have changed once this transaction commits."""
    if kwargs.get("raw"):
        return  # loading fixtures or an archive; import_content bumps once at the end
    transaction.on_commit(bump)


class PublicPageCacheMiddleware:
    """
    Placed before the session and everything after it, so that a hit costs one small
    query and one cache read. A request with a session cookie may come from staff and
    is never served from, nor stored in, the cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        prefixes = (settings.ADMIN_URL, settings.STATIC_URL, settings.MEDIA_URL, "_bench/")
        self.excluded = tuple("/" + prefix.lstrip("/") for prefix in prefixes)

    def __call__(self, request):
        if not self.applies(request):
            return self.get_response(request)
        number, changed_at = current_version()
        location = request.get_full_path()
        etag = f'"{number}-{hashlib.md5(location.encode(), usedforsecurity=False).hexdigest()}"'
        modified = int(changed_at.timestamp())
        not_modified = get_conditional_response(request, etag=etag, last_modified=modified)
        if not_modified is not None:
            return not_modified
        key = f"page:{number}:{etag}"
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            return HttpResponse(content, headers=headers)
        response = self.get_response(request)
        if self.cacheable(request, response):
            response["ETag"] = etag
            response["Last-Modified"] = http_date(modified)
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            cache.set(key, (response.content, dict(response.items())), TIMEOUT)
        return response

    def applies(self, request):
        return (
            settings.PUBLIC_PAGE_CACHE
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path_info.startswith(self.excluded)
        )

    def cacheable(self, request, response):
        control = response.get("Cache-Control", "")
        user = getattr(request, "user", None)
        return (
            request.method == "GET"
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in control
            and "no-store" not in control
            and not (user is not None and user.is_authenticated)
        )
