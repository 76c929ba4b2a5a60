from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate, pre_delete, pre_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The publishing core: knows no domain; the content apps register with it."""

    default = True
    name = "forum.core"
    label = "core"
    verbose_name = _("Publishing")

    def ready(self):
        from django.apps import apps

        from forum.core import cache, registry, roles, workflow
        from forum.core.content import PublishableModel

        # The workflow's guard: no status or publication time changes behind its back
        # (connected per model: a pre_delete receiver for every model would cost Django
        # its fast deletes everywhere).
        for model in apps.get_models():
            if issubclass(model, PublishableModel):
                label = model._meta.label
                pre_save.connect(workflow.guard, sender=model, dispatch_uid=f"guard-{label}")
                pre_delete.connect(
                    workflow.guard_delete, sender=model, dispatch_uid=f"guard-delete-{label}"
                )
        # Whatever a public page shows: a change a reader may see moves the cache on.
        registry.connect(cache.content_changed, "cache")
        # The staff roles follow the registry after every migrate.
        post_migrate.connect(roles.sync_after_migrate, dispatch_uid="roles")


class AdminConfig(admin_apps.AdminConfig):
    """The admin, with the portal's own site (INSTALLED_APPS names this)."""

    default = False
    default_site = "forum.core.admin_site.ForumAdminSite"
