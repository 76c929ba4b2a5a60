"""
Formatted text that staff write (django-prose-editor) and readers read.

What staff can format in a text: the editor offers exactly this, and the same list is the
allowlist of the sanitizer on save (the field's ``sanitize=True``, nh3) and again when a
page shows the text, so that scripts, event handlers and styles never reach a reader.
"""

import nh3
from django_prose_editor.config import allowlist_from_extensions, expand_extensions
from django_prose_editor.fields import ProseEditorField
from markupsafe import Markup

EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "HardBreak": True,
    "HorizontalRule": True,
    "History": True,
}

_cleaner = nh3.Cleaner(**allowlist_from_extensions(expand_extensions(EXTENSIONS)))


def FormattedTextField(verbose_name, **kwargs):  # noqa: N802 (a field, named as one)
    """A text staff format in the editor, sanitized on save."""
    return ProseEditorField(verbose_name, extensions=EXTENSIONS, sanitize=True, **kwargs)


def sanitized(markup):
    return Markup(_cleaner.clean(str(markup or "")))
