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
from django.utils.text import Truncator, normalize_newlines
from jinja2 import Environment
from markupsafe import Markup

from forum.core.i18n import localized
from forum.core.reversing import reverse


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
    """The machine-readable date of a <time datetime="…">."""
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
    match = request.resolver_match
    current = translation.get_language()
    alternates = []
    for code, _name in settings.LANGUAGES:
        address = None
        if match is not None and match.url_name:
            with translation.override(code):
                try:
                    # Django's own reverse(): what a request captured is not to be
                    # remembered (any made-up slug would take a place in the memory).
                    address = django_reverse(
                        match.view_name, args=match.args, kwargs=match.captured_kwargs
                    )
                except NoReverseMatch:
                    pass
        if address is None:
            # Not a page of the site (a 404, say): the same path under the other prefix.
            address = f"/{code}{_unprefixed(escape_uri_path(request.path))}"
        address += query
        alternates.append(
            {
                "code": code,
                "name": language_name(code),
                "url": address,
                "absolute_url": request.build_absolute_uri(address),
                "is_current": code == current,
            }
        )
    return alternates


def language_neutral_url(request):
    """The page without its language prefix: it redirects to the reader's language."""
    return request.build_absolute_uri(_unprefixed(request.get_full_path()))
