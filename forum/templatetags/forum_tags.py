from django import template
from django.conf import settings
from django.forms.utils import flatatt
from django.urls import translate_url
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info

from forum.core.i18n import localized as localized_field

register = template.Library()


@register.filter
def localized(obj, field):
    """``{% with theme=session|localized:"theme" %}``: text plus the language it is in."""
    return localized_field(obj, field)


def _unprefixed(path):
    """The path without its language prefix, with one leading slash: "/en//evil.example/"
    must not become the address "//evil.example/" of another host."""
    prefix = f"/{get_language()}/"
    if path.startswith(prefix):
        path = path[len(prefix) :]
    return "/" + path.lstrip("/")


@register.simple_tag(takes_context=True)
def alternate_languages(context):
    """This page in every site language, for the switcher and the hreflang links."""
    request = context.get("request")
    if request is None:
        return []
    path = request.get_full_path()
    current = get_language()
    alternates = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        if url == path and code != current:
            # Not a resolvable page (a 404, say): the same path under the other prefix.
            url = f"/{code}{_unprefixed(path)}"
        alternates.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "is_current": code == current,
            }
        )
    return alternates


@register.simple_tag(takes_context=True)
def language_neutral_url(context):
    """The page without its language prefix: it redirects to the reader's language."""
    request = context["request"]
    return request.build_absolute_uri(_unprefixed(request.get_full_path()))


@register.simple_tag
def session_dates(session):
    if session.date_precision == session.DatePrecision.MONTH:
        start = date_format(session.start_date, "YEAR_MONTH_FORMAT")
        end = date_format(session.end_date, "YEAR_MONTH_FORMAT")
    else:
        start = date_format(session.start_date, "DATE_FORMAT")
        end = date_format(session.end_date, "DATE_FORMAT")
    return start if start == end else f"{start} – {end}"


@register.filter
def lookup(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def input_element(bound_field):
    """The field's <input> as Django writes it, but in one call: rendering each widget
    through its template costs more than the rest of the filter form."""
    attrs = bound_field.build_widget_attrs({"id": bound_field.auto_id})
    widget = bound_field.field.widget.get_context(
        bound_field.html_name, bound_field.value(), attrs
    )
    widget = widget["widget"]
    value = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        value,
        flatatt(widget["attrs"]),
    )


@register.simple_tag
def select_options(bound_field):
    """A select's options in one pass: Django renders each option through a template,
    which for the ~250 countries costs more than the rest of the page."""
    value = bound_field.value()
    selected = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value or "")}
    if bound_field.name not in STATIC_CHOICES:
        options = _options(bound_field.field.choices)
    else:
        # Keyed by field and language only, never by what a query selects: a loop over
        # made-up values must not grow the memo.
        key = (bound_field.name, get_language())
        if key not in _built:
            _built[key] = _options(bound_field.field.choices)
        options = _built[key]
    return mark_safe(
        "".join(
            f"{start} selected{end}" if option in selected else f"{start}{end}"
            for option, start, end in options
        )
    )


# Fields whose choices depend only on the language: their options are built once per
# language (a few hundred strings at most) and marked selected at each rendering.
STATIC_CHOICES = {"country", "language", "sort"}
_built = {}


def _options(choices):
    """(value, start, end) of each <option>, escaped; " selected" goes between."""
    return [
        (
            str(option),
            format_html('<option value="{}"', option),
            format_html(">{}</option>", label),
        )
        for option, label in choices
    ]
