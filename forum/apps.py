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

        # Everything a public page shows: a change to any of it moves the cache on.
        for label in PUBLIC_MODELS:
            model = apps.get_model(label)
            post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-{label}")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"uncache-{label}")


PUBLIC_MODELS = [
    "forum.Organisation",
    "forum.Person",
    "forum.Session",
    "forum.Participation",
    "forum.Committee",
    "forum.CommitteeMember",
    "forum.Secretariat",
    "documents.Document",
    "documents.Initiative",
    "documents.ProgressNote",
    "documents.Attachment",
]


class ForumAdminConfig(admin_apps.AdminConfig):
    """The admin, with the portal's own site (INSTALLED_APPS names this)."""

    default = False
    default_site = "forum.admin_site.ForumAdminSite"
