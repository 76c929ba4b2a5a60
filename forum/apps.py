from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    default = True
    name = "forum"
    verbose_name = _("Forum")

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

        from forum import workflow
        from forum.cache import content_changed

        # The workflow's guard: no status or publication time changes behind its back.
        pre_save.connect(workflow.guard, dispatch_uid="workflow-guard")
        pre_delete.connect(workflow.guard_delete, dispatch_uid="workflow-guard-delete")

        # Everything a public page shows: a change to it may move the cache on. Proxies
        # (an Address saved in its own admin) send signals in their own name.
        for model in apps.get_models():
            if model._meta.concrete_model._meta.label not in PUBLIC_MODELS:
                continue
            label = model._meta.label
            post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-{label}")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"uncache-{label}")


# Everything a public page shows, with the field naming the item it is shown under
# (None: shown on its own). forum.cache moves the pages on when a reader may see a change.
PUBLIC_MODELS = {
    "forum.Organisation": None,
    "forum.Person": None,
    "forum.Session": None,
    "forum.Participation": "session",
    "forum.Committee": None,
    "forum.CommitteeMember": "committee",
    "forum.Secretariat": "committee",
    "documents.Document": None,
    "documents.Initiative": "declaration",
    "documents.ProgressNote": "initiative",
    "documents.Attachment": "document",
}


class ForumAdminConfig(admin_apps.AdminConfig):
    """The admin, with the portal's own site (INSTALLED_APPS names this)."""

    default = False
    default_site = "forum.admin_site.ForumAdminSite"
