"""What the public templates need of the documents (forum/core/templating.py)."""

import nh3
from django_prose_editor.config import allowlist_from_extensions, expand_extensions
from markupsafe import Markup

from documents.models import BODY_EXTENSIONS

# The same allowlist the editor and the sanitizer on save use: what staff can format
# passes, anything else (scripts, event handlers, styles) never reaches a reader.
_cleaner = nh3.Cleaner(**allowlist_from_extensions(expand_extensions(BODY_EXTENSIONS)))


def sanitized(markup):
    return Markup(_cleaner.clean(str(markup or "")))


filters = {"sanitized": sanitized}
