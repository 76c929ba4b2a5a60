"""
Cached public pages for anonymous readers.

A page is cached under its scheme, host, path and canonical query string (so per
language, per filter) and the current ContentVersion number. A save or delete that a
reader may see (of content that is or was public) moves the number on, after the
transaction commits; so does the moment a scheduled publication falls due, noticed by
the first request after it; a draft's edits move nothing. The number lives in the
database and, for the pages' sake, beside them in the cache: with a Redis cache shared by
all servers a change is seen everywhere at once; with each process's own memory, within
VERSION_STALENESS seconds. A hit asks the database nothing. Responses carry an ETag and
Last-Modified, and a matching conditional GET gets a 304; and a Cache-Control that lets a
CDN keep them for a stated time (``shared_cache_control``), while an answer to anyone with
a session is kept by no shared cache. A cache that fails costs speed only: the page is made
anew.
"""

import functools
import hashlib
import logging
import time
from importlib import import_module

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.core.signals import setting_changed
from django.db import DatabaseError, transaction
from django.db.models import F, Min
from django.dispatch import receiver
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, get_conditional_response
from django.utils.http import http_date
from redis import RedisError

from forum.core import registry
from forum.core.content import PublishableModel
from forum.core.models import ContentVersion

logger = logging.getLogger(__name__)

TIMEOUT = 24 * 60 * 60
VERSION_KEY = "content-version"

# What a cache that is down or out of reach raises (Redis, or the socket beneath it).
CACHE_ERRORS = (RedisError, OSError)

# Query parameters holding a page number: written one way only (01, ١ and 1 are page 1).
PAGE_NUMBERS = frozenset({"page", "p"})


def current_version():
    """
    (number, changed_at), read from the cache where the pages are, so that a hit asks the
    database nothing; moved on first if a scheduled publication has fallen due.
    """
    state = remembered_version()
    if state is None:
        state = stored_version()
        remember_version(state)
    number, changed_at, next_release = state
    if next_release is not None and next_release <= timezone.now():
        bump()
        return current_version()
    return number, changed_at


def stored_version():
    row = ContentVersion.objects.values_list("number", "changed_at", "next_release").first()
    if row is None:
        bump()
        return stored_version()
    return row


# While the cache is away, this process keeps the version itself, as a cache in each
# process's memory would: (state, until), for VERSION_STALENESS seconds.
_kept_here = [None, 0.0]


def remembered_version():
    try:
        return cache.get(VERSION_KEY)
    except CACHE_ERRORS:
        state, until = _kept_here
        return state if time.monotonic() < until else None


def remember_version(state):
    """Kept for VERSION_STALENESS seconds: with Redis every server reads the same key and
    sees a change at once; with a cache in each process's memory (or Redis away), a process
    that did not make the change sees it within that time."""
    try:
        cache.set(VERSION_KEY, state, settings.VERSION_STALENESS)
    except CACHE_ERRORS as error:
        _kept_here[:] = [state, time.monotonic() + settings.VERSION_STALENESS]
        logger.warning("Content version not kept in the cache: %r", error)


def bump():
    state = {"changed_at": timezone.now(), "next_release": next_release()}
    if not ContentVersion.objects.filter(pk=1).update(number=F("number") + 1, **state):
        # The row comes with the migrations; a flushed database lacks it.
        ContentVersion.objects.get_or_create(pk=1, defaults=state)
    remember_version(stored_version())


def reschedule():
    """Notes when the next scheduled publication falls due, moving nothing a reader sees."""
    if not ContentVersion.objects.filter(pk=1).update(next_release=next_release()):
        bump()
    remember_version(stored_version())


def next_release():
    """The earliest publication time of any content still to come, or None."""
    times = [
        model.objects.scheduled().aggregate(first=Min("published_at"))["first"]
        for model in registry.publishable()
    ]
    return min((t for t in times if t is not None), default=None)


def content_changed(sender, instance, raw=False, **kwargs):
    """
    Signal receiver: public pages change once this transaction commits if a reader may
    see the change. A draft's edits move neither the ETag nor Last-Modified, which would
    tell the world when staff are at work; a scheduled item only notes its time.
    """
    if raw:
        return  # loading fixtures or an archive; import_content bumps once at the end
    if not (_parent_shown(instance) or _was_shown(instance)):
        return
    if not isinstance(instance, PublishableModel) or (
        instance.is_public or getattr(instance, "was_public", True)
    ):
        transaction.on_commit(bump)
    else:
        transaction.on_commit(reschedule)


def _parent_shown(instance):
    """Whether the item this one appears under (if any) is public, and so on upwards."""
    field = registry.parent_of(type(instance))
    if field is None:
        return True
    try:
        parent = getattr(instance, field)
    except ObjectDoesNotExist:
        return False  # deleted with its parent, whose own signal decides
    if isinstance(parent, PublishableModel) and not parent.is_public:
        return False
    return _parent_shown(parent)


def _was_shown(instance):
    """Whether an item that moved to another parent was shown under the one it left."""
    name = registry.parent_of(type(instance))
    loaded = getattr(instance, "_loaded", {})
    if name is None:
        return False
    field = instance._meta.get_field(name)
    if loaded.get(field.attname, getattr(instance, field.attname)) == getattr(
        instance, field.attname
    ):
        return False
    left = field.related_model._base_manager.filter(pk=loaded[field.attname]).first()
    if left is None or (isinstance(left, PublishableModel) and not left.is_public):
        return False
    return _parent_shown(left)


class PublicPageCacheMiddleware:
    """
    Placed before the session and everything after it, so that a hit costs one small
    query and one cache read. A request with a session cookie may come from staff and
    is never served from, nor stored in, the cache, nor its answer in a CDN.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.sessions = import_module(settings.SESSION_ENGINE).SessionStore
        prefixes = (settings.ADMIN_URL, settings.STATIC_URL, settings.MEDIA_URL)
        self.excluded = tuple("/" + prefix.lstrip("/") for prefix in prefixes)

    def __call__(self, request):
        if not self.applies(request):
            response = self.get_response(request)
            if self.for_one_reader(request):
                add_never_cache_headers(response)
            return response
        # A host outside ALLOWED_HOSTS raises here: a 400, before any page is read or
        # stored. An allowed one is part of the key, as feeds and sitemaps print it.
        origin = f"{request.scheme}://{request.get_host().lower()}"
        canonicalize(request)
        number, changed_at = current_version()
        # The language is part of the page where the request's headers chose it (the API).
        location = request.get_full_path() + negotiated_language(request)
        etag = f'"{number}-{digest(location)}"'
        modified = int(changed_at.timestamp())
        not_modified = get_conditional_response(request, etag=etag, last_modified=modified)
        if not_modified is not None:
            # As the page itself would say: a cache that revalidated keeps it as long again.
            not_modified["ETag"] = etag
            not_modified["Cache-Control"] = shared_cache_control()
            return not_modified
        key = f"page:{number}:{digest(origin + location)}"
        stored = self.read(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content, headers=headers)
            response["Cache-Control"] = shared_cache_control()
            return response
        response = self.get_response(request)
        if self.cacheable(request, response):
            response["ETag"] = etag
            response["Last-Modified"] = http_date(modified)
            response["Cache-Control"] = shared_cache_control()
            self.store(key, (response.content, dict(response.items())))
        return response

    def read(self, key):
        try:
            return cache.get(key)
        except CACHE_ERRORS as error:
            logger.warning("Page cache unreadable, page made anew: %r", error)
            return None

    def store(self, key, page):
        try:
            cache.set(key, page, TIMEOUT)
        except CACHE_ERRORS as error:
            logger.warning("Page cache unwritable, page not kept: %r", error)

    def applies(self, request):
        return (
            settings.PUBLIC_PAGE_CACHE
            and request.method in ("GET", "HEAD")
            and not request.path_info.startswith(self.excluded)
            # A view that validates its answers itself (a file, by its checksum) answers
            # conditional requests itself, by its own dates.
            and not getattr(page_view(request.path_info), "validates_itself", False)
            and not self.has_session(request)
        )

    def for_one_reader(self, request):
        """
        A request with a session cookie (staff, say) gets an answer no shared cache may
        keep, whatever page it asked for: a CDN must never serve what staff saw (a draft's
        preview, the admin, a page with their name) to anyone else. Files answer for
        themselves (forum/core/files.py, the open data), as they do for everyone.
        """
        return settings.SESSION_COOKIE_NAME in request.COOKIES and not getattr(
            page_view(request.path_info), "validates_itself", False
        )

    def has_session(self, request):
        """A real session (staff, say): a made-up cookie must not buy an uncached page."""
        key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        try:
            return bool(key) and self.sessions().exists(key)
        except DatabaseError:
            # No database: nobody can be recognised, and the cached public page is
            # still what this reader may see.
            return False

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
            # A view that validates its answer itself (a file by its checksum) keeps its
            # own ETag and caching: it is not a page of the content version.
            and not response.has_header("ETag")
            and not (user is not None and user.is_authenticated)
        )


def shared_cache_control():
    """
    The Cache-Control of a public page, on the page, on a hit and on a 304 alike. Browsers
    ask again each time (max-age=0) and get a 304 while nothing changed. A CDN may keep
    the page CDN_MAX_AGE seconds (s-maxage), then serve it stale for up to
    CDN_STALE_WHILE_REVALIDATE more while it asks again (RFC 5861; a browser may show its
    own copy that long too): a change reaches every reader within the sum of the two.
    must-revalidate would forbid serving a page stale (RFC 9111, 5.2.2.2), so it is said
    only where no shared cache may keep the page unchecked (CDN_MAX_AGE=0).
    """
    if settings.CDN_MAX_AGE <= 0:
        return "public, max-age=0, must-revalidate"
    directives = ["public", "max-age=0", f"s-maxage={settings.CDN_MAX_AGE}"]
    if settings.CDN_STALE_WHILE_REVALIDATE > 0:
        directives.append(f"stale-while-revalidate={settings.CDN_STALE_WHILE_REVALIDATE}")
    return ", ".join(directives)


@functools.lru_cache(maxsize=1024)  # bounded: paths come from requests
def page_view(path):
    """The class of the view that answers ``path`` (None where none does). Resolving costs
    a tenth of a cached page, hence the memo."""
    # Before LocaleMiddleware: resolve in the language the path names (i18n_patterns).
    try:
        with translation.override(translation.get_language_from_path(path)):
            view = resolve(path).func
    except Resolver404:
        return None
    # A Django view names its class view_class; a REST framework viewset, cls.
    return getattr(view, "view_class", None) or getattr(view, "cls", view)


def read_parameters(path):
    """The query parameters the view of ``path`` reads: its ``query_parameters`` (none if
    it declares none); None where no view answers the path."""
    view = page_view(path)
    if view is None:
        return None
    return frozenset(getattr(view, "query_parameters", ()))


def negotiated_language(request):
    """The language the view of this request negotiates from its headers (the API's
    labels), which its address alone does not say; "" for the pages, whose language is in
    their address."""
    negotiate = getattr(page_view(request.path_info), "negotiated_language", None)
    return negotiate(request) if negotiate else ""


@receiver(setting_changed)
def _urls_changed(setting, **kwargs):
    if setting == "ROOT_URLCONF":  # as Django clears its own URL caches (tests)
        page_view.cache_clear()


def canonicalize(request):
    """
    Keeps only the query parameters the page's view reads, sorted by name (repeated
    values in their order, as views read them), page numbers written as numbers: one page
    is one cache entry however its address is written, and a parameter no view reads
    (utm_source, or a search on the home page) makes no page of its own.
    """
    if not request.META.get("QUERY_STRING"):
        return  # most pages: nothing to read, nothing to resolve
    query = canonical_query(request.path_info, request.GET)
    if query is None:
        # No page here: a redirect (to the reader's language, to the address with its
        # slash) that must keep the whole query, or a 404; neither is kept.
        return
    request.GET = query
    request.META["QUERY_STRING"] = query.urlencode()


def canonical_query(path, query):
    """The parameters of ``query`` (a QueryDict) that the view of ``path`` reads, as
    ``canonicalize`` keeps them (the page's <link rel="canonical"> starts from them too);
    None where no view answers the path."""
    parameters = read_parameters(path)
    if parameters is None:
        return None
    kept = QueryDict(mutable=True)
    for name in sorted(query.keys() & parameters):
        values = query.getlist(name)
        if name in PAGE_NUMBERS:
            values = [page_number(values[-1])]
        kept.setlist(name, values)
    kept._mutable = False
    return kept


def page_number(value):
    try:
        return str(int(value))  # int() reads any script's digits, as the paginator does
    except ValueError:
        return value  # not a number: the view answers 404, and that is not kept


def digest(text):
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()
