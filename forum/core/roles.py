"""
The staff roles, derived from the content registry and synced after every ``migrate``:
a new content model gets its permissions and its place in each role with no migration
of its own, and every database ends up with the same groups.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from forum.core import registry

# The permissions the workflow adds to Django's view/add/change/delete.
EXTRA = {
    "publish": (registry.publishable, _("Can publish, schedule and withdraw {}")),
    "translate": (registry.translatable, _("Can edit the language versions of {}")),
}


def actions(role, model):
    """What ``role`` may do with ``model`` (or a proxy of it): the roles' table."""
    publishable = model in registry.publishable()
    translatable = model in registry.translatable()
    return {
        # Creates and edits drafts, sends them for review; cannot publish.
        "Editor": ["view", "add", "change", "delete"],
        # Edits the language versions of existing items; cannot add, publish or delete.
        "Translator": ["view", *(["translate"] if translatable else [])],
        # Reviews, publishes, schedules and withdraws.
        "Publisher": ["view", "change", *(["publish"] if publishable else [])],
    }[role]


ROLES = ("Editor", "Translator", "Publisher")


def sync(using=DEFAULT_DB_ALIAS):
    """Create the workflow's permissions and the groups, each with exactly its own."""
    for model in registry.models():
        kind = ContentType.objects.db_manager(using).get_for_model(model)
        for action, (models, label) in EXTRA.items():
            if model in models():
                Permission.objects.using(using).update_or_create(
                    content_type=kind,
                    codename=f"{action}_{model._meta.model_name}",
                    defaults={"name": str(format_lazy(label, model._meta.verbose_name_plural))},
                )
    # Proxies (an Address is a Document) have permissions of their own for their admin.
    models = [model for model in apps.get_models() if registry.is_registered(model)]
    for role in ROLES:
        group, _created = Group.objects.using(using).get_or_create(name=role)
        wanted = [
            (model, f"{action}_{model._meta.model_name}")
            for model in models
            for action in actions(role, model._meta.concrete_model)
            if action not in EXTRA or model is model._meta.concrete_model
        ]
        group.permissions.set(
            Permission.objects.using(using).get(
                content_type=ContentType.objects.db_manager(using).get_for_model(
                    model, for_concrete_model=False
                ),
                codename=codename,
            )
            for model, codename in wanted
        )


def sync_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """post_migrate sends once per app: sync after the last content app has migrated."""
    if sender.label == registry.models()[-1]._meta.app_label:
        sync(using)
