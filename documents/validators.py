"""Checks on uploaded attachments: the type is read from the file's bytes, not its name."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# Magic numbers of the types staff may attach, with the content type they are served as.
SIGNATURES = {b"%PDF-": "application/pdf"}


def sniff_content_type(file):
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(8)
    file.seek(position)
    return next((kind for magic, kind in SIGNATURES.items() if head.startswith(magic)), None)


def validate_attachment(file):
    if getattr(file, "_committed", False):
        # Already in storage, checked when it came in: whatever became of it since (an old
        # name, a file gone missing) must not stop its document from being saved again.
        return
    limit = settings.ATTACHMENT_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("The file is %(size)s; attachments may be at most %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    if not file.name.lower().endswith(".pdf") or sniff_content_type(file) is None:
        raise ValidationError(
            _("Only PDF files can be attached; this file is not a PDF."), code="not_pdf"
        )
