import nh3
from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info
from django_prose_editor.config import allowlist_from_extensions, expand_extensions

from documents.models import BODY_EXTENSIONS

register = template.Library()

# The same allowlist the editor and the sanitizer on save use: what staff can format
# passes, anything else (scripts, event handlers, styles) never reaches a reader.
_cleaner = nh3.Cleaner(**allowlist_from_extensions(expand_extensions(BODY_EXTENSIONS)))


@register.filter
def sanitized(markup):
    return mark_safe(_cleaner.clean(str(markup or "")))


@register.filter
def language_name(code):
    """The language's own name: "Русский", whatever the page's language."""
    return get_language_info(code)["name_local"]
