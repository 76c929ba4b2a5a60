"""
The one registry of the portal's content types.

A model becomes public content with one line above its class, ``@registry.content()``
(or ``@registry.content(parent="session")`` for a row that the public sees under another
item). Registering gives it, with no other code: the staff roles' permissions (synced
after every ``migrate``, forum/core/roles.py), page-cache invalidation
(forum/core/cache.py), export and import (forum/core/portable.py), the translation report
(forum/core/translation_report.py) and, in its admin, the missing-language column.
Registration order is dependency order: a model's foreign keys point at models
registered before it (the order of INSTALLED_APPS and of the models in their modules).
"""

from dataclasses import dataclass

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from forum.core.content import PublishableModel
from forum.core.i18n import translated_fields


@dataclass(frozen=True)
class Entry:
    model: type
    parent: str | None  # the field naming the item this one is shown under


_entries = {}


def content(parent=None):
    """Class decorator: register ``model`` as public content."""

    def register(model):
        _entries[model._meta.label] = Entry(model, parent)
        return model

    return register


def models():
    """The registered models, in dependency order."""
    return [entry.model for entry in _entries.values()]


def parent_of(model):
    """The name of the field pointing at the item ``model`` is shown under, or None."""
    entry = _entries.get(model._meta.concrete_model._meta.label)
    return entry.parent if entry else None


def is_registered(model):
    return model._meta.concrete_model._meta.label in _entries


def publishable():
    return [model for model in models() if issubclass(model, PublishableModel)]


def translatable():
    """Registered models with translated text fields (django-modeltranslation)."""
    return [model for model in models() if translated_fields(model)]


def connect(receiver, uid):
    """Send saves and deletes of every registered model, proxies included, to receiver."""
    for model in apps.get_models():
        if is_registered(model):
            label = model._meta.label
            post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}-save-{label}")
            post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}-delete-{label}")
