"""Moving content through its states: draft → in review → published → withdrawn."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from reversion import create_revision, set_comment, set_user

from forum.content import Status


def set_status(items, status, user, when=None):
    """
    Move every item to ``status`` in one transaction and one revision, recording who
    did it. Publishing stamps ``when`` (default: now); a time in the future schedules.
    Returns how many items changed.
    """
    changed = 0
    with transaction.atomic(), create_revision():
        set_user(user)
        set_comment(format_lazy(_("Status set to “{}”."), Status(status).label))
        for item in items:
            if item.status == status and when is None:
                continue
            item.status = status
            if status == Status.PUBLISHED and (when or item.published_at is None):
                item.published_at = when or timezone.now()
            item.changed_by = user
            item.save()
            changed += 1
    return changed
