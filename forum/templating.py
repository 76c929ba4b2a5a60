"""What the public templates need of the Forum's models (forum/core/templating.py)."""

import functools
from types import SimpleNamespace

from django.core.cache import cache
from django.db import DatabaseError
from django.urls import NoReverseMatch
from django.utils.translation import get_language

from forum.core.cache import CACHE_ERRORS, TIMEOUT, current_version
from forum.core.i18n import in_every_language, localized
from forum.core.reversing import reverse
from forum.core.templating import date
from forum.models import Page
from forum.structured_data import (
    committee_data,
    forum_organization,
    forum_website,
    session_data,
    session_list_data,
)


def session_dates(session):
    """The dates ("20 – 21 September 2023"), or the month alone where only it is known."""
    by_month = session.date_precision == session.DatePrecision.MONTH
    return _dates(session.start_date, session.end_date, by_month, get_language())


@functools.lru_cache(maxsize=1024)
def _dates(start, end, by_month, language):
    style = "YEAR_MONTH_FORMAT" if by_month else "DATE_FORMAT"
    start, end = date(start, style), date(end, style)
    return start if start == end else f"{start} – {end}"


filters = {"session_dates": session_dates}


# The menus' pages, kept in the cache beside the pages under the content version: read in
# one query after each change, for every menu and language, not on every page the cache
# does not hold.
def site_menus():
    """{placement: [(title, url)]} of the published pages staff put in a menu, in their
    order; base.html asks once a page, for the header and the footer."""
    menus = {placement: [] for placement in Page.Placement.values}
    try:
        pages = _menu_pages()
    except DatabaseError:
        return menus  # an error page while the database is away: a page without them
    for page in pages:
        try:
            url = reverse("forum:page", kwargs={"slug": page.slug})
        except NoReverseMatch:
            continue  # an address no URL can hold (an import skips validation): no link
        menus[page.placement].append((localized(page, "title"), url))
    return menus


# The menus of the current version, in this process, for when the cache is away.
_kept_here = {}


def _menu_pages():
    number, changed_at = current_version()
    key = f"menu-pages:{number}:{changed_at.timestamp()}"
    try:
        pages = cache.get(key)
    except CACHE_ERRORS:
        pages = _kept_here.get(key)
    if pages is None:
        rows = (
            Page.objects.published()
            .exclude(placement=Page.Placement.NONE)
            .order_by("position", "pk")
            .values("slug", "placement", "original_language", *in_every_language("title"))
        )
        pages = [SimpleNamespace(**row) for row in rows]  # plain values: safe to pickle
        try:
            cache.set(key, pages, TIMEOUT)
        except CACHE_ERRORS:
            _kept_here.clear()  # the versions before are of no more use
            _kept_here[key] = pages
    return pages


globals = {  # noqa: A001 (the name the template backend's helpers read)
    "site_menus": site_menus,
    # schema.org data of the pages (forum/structured_data.py), written by |json_ld.
    "forum_organization": forum_organization,
    "forum_website": forum_website,
    "session_data": session_data,
    "session_list_data": session_list_data,
    "committee_data": committee_data,
}
