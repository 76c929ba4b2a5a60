"""
The public pages' template engine: Jinja2 through Django's own backend (settings.TEMPLATES),
with Django's translation catalogues, URLs, static files and formats. The admin stays on
Django's templates; one engine for each side, never a mix inside the public pages.

Jinja2 compiles a template to Python once; Django's engine resolves every variable and
tag at each rendering, which cost most of a list page's time. The helpers here are what
the templates need of Django and nothing else; apps add their own through the backend's
``helpers`` option (modules with ``filters`` and ``globals`` dictionaries).
"""

import datetime
import functools
import importlib

from django.conf import settings
from django.forms.utils import flatatt
from django.template.defaultfilters import filesizeformat
from django.templatetags.static import static
from django.urls import NoReverseMatch
from django.urls import reverse as django_reverse
from django.utils import formats, html, timezone, translation
from django.utils.encoding import escape_uri_path
from django.utils.http import urlencode
from django.utils.text import Truncator, normalize_newlines
from jinja2 import Environment
from markupsafe import Markup

from forum.core.cache import PAGE_NUMBERS, canonical_query
from forum.core.formatting import sanitized
from forum.core.i18n import localized
from forum.core.reversing import reverse
from forum.core.structured_data import json_ld

# og:locale of each site language (Open Graph wants language_TERRITORY): English as the
# site writes it, British ("organisation", "programme"). Another language: its own code.
OPEN_GRAPH_LOCALES = {"az": "az_AZ", "en": "en_GB", "ru": "ru_RU"}


def environment(helpers=(), **options):
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    # Django's catalogues, as Django's own templates use them: {% trans %} and _() find
    # the same msgids as {% translate %} would, pgettext included.
    env.install_gettext_callables(
        translation.gettext,
        translation.ngettext,
        newstyle=True,
        pgettext=translation.pgettext,
        npgettext=translation.npgettext,
    )
    env.globals.update(
        url=url,
        static=static,
        get_language=translation.get_language,
        alternate_languages=alternate_languages,
        language_neutral_url=language_neutral_url,
        canonical_url=canonical_url,
        open_graph_locale=open_graph_locale,
        querystring=querystring,
        url_in=url_in,
    )
    env.filters.update(
        localized=localized,
        date=date,
        isodate=isodate,
        linebreaks=linebreaks,
        linebreaksbr=linebreaksbr,
        truncatechars=truncatechars,
        truncatewords=truncatewords,
        filesizeformat=filesizeformat,
        flatatt=flatatt,
        language_name=language_name,
        language_name_translated=language_name_translated,
        sanitized=sanitized,
        json_ld=json_ld,
    )
    for path in helpers:
        module = importlib.import_module(path)
        env.filters.update(getattr(module, "filters", {}))
        env.globals.update(getattr(module, "globals", {}))
    return env


def url(name, *args, **kwargs):
    return reverse(name, args=args or None, kwargs=kwargs or None)


def url_in(language, obj):
    """The address of ``obj`` in another language."""
    with translation.override(language):
        return obj.get_absolute_url()


def date(value, format_name="DATE_FORMAT"):
    """A date as the page's language writes it (Django's formats, the project's own
    included): "21 sentyabr 2023", "21 сентября 2023 г."."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)  # as Django's |date shows it
    return _date(value, format_name, translation.get_language())


@functools.lru_cache(maxsize=4096)
def _date(value, format_name, language):
    # Keyed by the language too: formats.date_format reads the active one.
    return formats.date_format(value, format_name)


def isodate(value):
    """The machine-readable date of a <time datetime="…">: a time to the second, in the
    site's time zone (HTML allows no more than milliseconds)."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat() if value else ""


def linebreaks(text):
    return Markup(html.linebreaks(str(text), autoescape=True))


def linebreaksbr(text):
    return Markup(html.escape(normalize_newlines(str(text))).replace("\n", "<br>"))


def truncatechars(text, length):
    return Truncator(str(text)).chars(length)


def truncatewords(text, length):
    return Truncator(str(text)).words(length, truncate=" …")


def language_name(code):
    """The language's own name: "Русский", whatever the page's language."""
    return translation.get_language_info(code)["name_local"]


def language_name_translated(code):
    """The language's name in the page's language."""
    return translation.gettext(translation.get_language_info(code)["name"])


def querystring(request, **changes):
    """The page's query string with ``changes`` made, as Django's {% querystring %}."""
    query = request.GET.copy()
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value
    return f"?{query.urlencode()}" if query or request.GET else ""


def _unprefixed(path):
    """The path without its language prefix, with one leading slash: "/en//evil.example/"
    must not become the address "//evil.example/" of another host."""
    prefix = f"/{translation.get_language()}/"
    if path.startswith(prefix):
        path = path[len(prefix) :]
    return "/" + path.lstrip("/")


def alternate_languages(request):
    """This page in every site language, for the switcher and the hreflang links: the
    address its view was found at, reversed in each language."""
    if not request:
        return []
    full_path = request.get_full_path()
    query = full_path[full_path.index("?") :] if "?" in full_path else ""
    canonical = canonical_query_string(request)
    current = translation.get_language()
    alternates = []
    for code, _name in settings.LANGUAGES:
        address = _page_address(request, code)
        if address is None:
            # Not a page of the site (a 404, say): the same path under the other prefix.
            address = f"/{code}{_unprefixed(escape_uri_path(request.path))}"
        alternates.append(
            {
                "code": code,
                "name": language_name(code),
                # The switcher keeps the reader's query; hreflang names canonical addresses.
                "url": address + query,
                "absolute_url": request.build_absolute_uri(address + canonical),
                "is_current": code == current,
            }
        )
    return alternates


def _page_address(request, language):
    """The path of the page's view reversed in ``language``: the address it is known by
    (/en/sessions/3/ for /en/sessions/03/); None where no view of the site answers."""
    match = request.resolver_match
    if match is None or not match.url_name:
        return None
    with translation.override(language):
        try:
            # Django's own reverse(): what a request captured is not to be remembered
            # (any made-up slug would take a place in the memory).
            return django_reverse(match.view_name, args=match.args, kwargs=match.captured_kwargs)
        except NoReverseMatch:
            return None


def canonical_url(request):
    """
    The page's own address, as other sites are to name it: absolute, on the request's
    host, in the page's language, with the query the page cache keeps
    (``canonical_query_string``). None for what is no page of the site.
    """
    if not request:
        return None
    address = _page_address(request, translation.get_language())
    if address is None:
        return None
    return request.build_absolute_uri(address + canonical_query_string(request))


def canonical_query_string(request):
    """
    "?…" of the query parameters that choose what the page shows, or "": those the page
    cache keys on (cache.canonical_query: the ones its view reads, sorted, page numbers
    as numbers), less the empty ones and page 1. A view's ``ordering_parameters`` only
    order the same set: they are left out, and with them the page number, since the
    order decides what a page holds (the set's canonical address is its first page).
    """
    match = request.resolver_match
    if not request.GET or match is None:
        return ""
    query = canonical_query(request.path_info, request.GET)
    if not query:
        return ""
    kept = [(name, value) for name in query for value in query.getlist(name) if value]
    view = getattr(match.func, "view_class", match.func)
    ordering = frozenset(getattr(view, "ordering_parameters", ()))
    if any(name in ordering for name, _value in kept):
        kept = [(name, value) for name, value in kept if name not in ordering | PAGE_NUMBERS]
    kept = [(name, value) for name, value in kept if not (name in PAGE_NUMBERS and value == "1")]
    return f"?{urlencode(kept)}" if kept else ""


def open_graph_locale(language):
    return OPEN_GRAPH_LOCALES.get(language) or translation.to_locale(language)


def language_neutral_url(request):
    """The page without its language prefix: it redirects to the reader's language."""
    return request.build_absolute_uri(_unprefixed(request.get_full_path()))
