"""
The one door of publication.

Every change of a publishable item's status or publication time, from any path (the
change form, an inline row, a bulk action, a restored version, an import, the shell),
is saved by ``save`` below. It reads the item's state from the database, checks the
move against ``TRANSITIONS`` for the acting user, stamps the publication time, saves,
and records who did it and how. The model refuses any other change of those two fields
(``guard`` and ``PublishableQuerySet.update``), and a raw save (a version restored by
django-reversion, a fixture) brings back content, never a publication state.
"""

from typing import NamedTuple

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from reversion import create_revision, set_comment, set_user

from forum.core import registry
from forum.core.content import NEW, PublishableModel, State, Status, Via, WorkflowError
from forum.core.models import StatusChange


class Move(NamedTuple):
    label: str
    permission: str  # the model permission it takes: "change" (Editor) or "publish"


# Who may move what from which state to which: the whole workflow in one table. A new
# item starts as a draft; a published item is withdrawn before anything else happens
# to it; "published → published" is a new publication time (schedule or reschedule).
TRANSITIONS = {
    (Status.DRAFT, Status.IN_REVIEW): Move(_("send for review"), "change"),
    (Status.IN_REVIEW, Status.DRAFT): Move(_("return to draft"), "change"),
    (Status.DRAFT, Status.PUBLISHED): Move(_("publish"), "publish"),
    (Status.IN_REVIEW, Status.PUBLISHED): Move(_("publish"), "publish"),
    (Status.WITHDRAWN, Status.PUBLISHED): Move(_("publish again"), "publish"),
    (Status.PUBLISHED, Status.PUBLISHED): Move(_("reschedule"), "publish"),
    (Status.PUBLISHED, Status.WITHDRAWN): Move(_("withdraw"), "publish"),
    (Status.WITHDRAWN, Status.DRAFT): Move(_("reopen as a draft"), "publish"),
}


def stored_state(item, lock=False):
    """The item's state in the database, or None for an item not stored yet."""
    if item.pk is None:
        return None
    rows = type(item)._base_manager.using(item._state.db or "default").filter(pk=item.pk)
    if lock:
        rows = rows.select_for_update()
    row = rows.values_list("status", "published_at").first()
    return None if row is None else State(*row)


def permitted(user, model, permission):
    if user is None:
        return True  # the system
    opts = model._meta.concrete_model._meta
    return user.is_active and user.has_perm(f"{opts.app_label}.{permission}_{opts.model_name}")


def refusal(user, model, source, target):
    """Why ``user`` may not move an item of ``model`` from state ``source`` to state
    ``target``, or None if they may. A new item starts from NEW. The system (no user:
    an import, the demo loader, a command) may set any state; it is still recorded."""
    if target == source or user is None:
        return None
    move = TRANSITIONS.get((source.status, target.status))
    if source.status == target.status and source.status != Status.PUBLISHED:
        # A time on an unpublished item only matters once it is published: the
        # publisher's field, whatever the status.
        move = Move(_("set the publication time"), "publish")
    if move is None:
        return format_lazy(
            _("An item cannot go from “{source}” to “{target}”."),
            source=Status(source.status).label,
            target=Status(target.status).label,
        )
    if not permitted(user, model, move.permission):
        return format_lazy(_("Your role does not allow this step: {move}."), move=move.label)
    return None


def stamped(source, target):
    """The target state with its publication time: the one given, else the time the item
    was published before, else now. The only place that stamps one."""
    if target.status != Status.PUBLISHED or target.published_at is not None:
        return target
    return target._replace(published_at=source.published_at or timezone.now())


def allowed_statuses(user, item):
    """The statuses ``user`` may choose for ``item`` (as loaded) in a form."""
    source = State.of(item) if item.pk else NEW
    return [
        status
        for status in Status
        if refusal(user, type(item), source, source._replace(status=status)) is None
    ]


def moving_refusal(user, item, stored, parent=None):
    """
    An item public through its parent (an initiative through its declaration) goes
    public if it moves under a public parent: for a published item, moving it is the
    publisher's step. ``parent``: the new parent, if not the one set on ``item``.
    """
    name = registry.parent_of(type(item))
    if not name or stored is None or item.status != Status.PUBLISHED:
        return None
    column = item._meta.get_field(name).attname
    new = getattr(item, column) if parent is None else parent.pk
    old = type(item)._base_manager.filter(pk=item.pk).values_list(column, flat=True).first()
    if new == old or permitted(user, type(item), "publish"):
        return None
    return format_lazy(
        _("Your role does not allow this step: {move}."), move=_("move a published item")
    )


def save(item, user, via=Via.FORM, **save_kwargs):
    """
    Save ``item`` as ``user``: the one way its status or publication time changes.
    Raises WorkflowError, saving nothing, if the move is not ``user``'s to make.
    """
    with transaction.atomic():
        stored = stored_state(item, lock=True)
        source = stored or NEW
        target = stamped(source, State.of(item))
        item.published_at = target.published_at
        reason = refusal(user, type(item), source, target) or moving_refusal(user, item, stored)
        if reason is not None:
            raise WorkflowError(reason)
        item._admitted = target
        item.save(**save_kwargs)
        if stored is None or target != stored:
            previous = "" if stored is None else stored.status
            StatusChange.record(item, previous, user, via)
    return item


def load(row, user=None, via=Via.IMPORT):
    """Save a deserialized row (django.core.serializers) of an import in the state it
    carries: the door's check as ``user`` (None: the system), and a record. The row is
    new: import_content loads only into a database without content."""
    item = row.object
    if not isinstance(item, PublishableModel):
        return row.save()
    target = State.of(item)
    reason = refusal(user, type(item), NEW, target)
    if reason is not None:
        raise WorkflowError(reason)
    item._admitted = target
    row.save()
    StatusChange.record(item, "", user, via)


def admit_all(items):
    """Let the system's bulk loader (bulk_create) write these items in their states."""
    for item in items:
        item._admitted = State.of(item)
    return items


def get_or_create(model, defaults, user=None, via=Via.SHELL, **lookup):
    """QuerySet.get_or_create, creating through the door (for loaders and commands)."""
    found = model.objects.filter(**lookup).first()
    if found is not None:
        return found, False
    return save(model(**{**defaults, **lookup}), user, via), True


def move(items, status, user, when=None, via=Via.ACTION):
    """
    Move each item to ``status`` in one revision; publishing stamps ``when`` (default:
    now, or the time it already had). Returns (moved, refused) lists of items; the
    refused ones are those the table or ``user``'s role does not allow, left as they are.
    """
    moved, refused = [], []
    with transaction.atomic(), create_revision():
        set_user(user)
        set_comment(format_lazy(_("Status set to “{}”."), Status(status).label))
        for item in items:
            if item.status == status and when is None:
                continue
            source = State.of(item)
            target = stamped(source, State(status, when or item.published_at))
            if refusal(user, type(item), source, target) is not None:
                refused.append(item)
                continue
            item.status, item.published_at = target
            save(item, user, via)
            moved.append(item)
    return moved, refused


def guard(sender, instance, raw, update_fields=None, **kwargs):
    """
    pre_save, for every publishable model: a status or publication time that did not
    come through ``save`` is refused; a raw save (a restored version, a fixture) keeps
    the state the database has, or comes back as a draft.
    """
    admitted = instance.__dict__.pop("_admitted", None)  # good for one save only
    if update_fields is not None and not {"status", "published_at"} & set(update_fields):
        return
    if admitted == State.of(instance):
        return
    stored = stored_state(instance) or NEW
    if raw:
        instance.status, instance.published_at = stored
    elif State.of(instance) != stored:
        raise WorkflowError(
            _("A status or publication time changes only through the workflow's door.")
        )


def guard_delete(sender, instance, **kwargs):
    """pre_delete: what the public can see is withdrawn before it is deleted."""
    if isinstance(instance, PublishableModel) and (
        type(instance).objects.published().filter(pk=instance.pk).exists()
    ):
        raise models.ProtectedError(
            _("“%(item)s” is published: withdraw it before deleting it.") % {"item": instance},
            {instance},
        )
