"""
Admin pieces shared by the content admins of both apps: language tabs, missing-language
column and filter, revisions (django-reversion), and the editorial workflow.

Roles (forum/roles.py) are enforced here, on the server: a translator's form holds only
the language versions, an editor's status choices stop at "in review", and publishing,
scheduling and withdrawing need the model's ``publish_*`` permission.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.utils import build_localized_fieldname
from reversion_compare.admin import CompareVersionAdmin

from forum.content import Status
from forum.i18n import LANGUAGE_CODES, missing_language_q, missing_languages, translated_fields
from forum.models import StatusChange
from forum.workflow import set_status

# A link typed without a scheme is taken as https (Django 6's default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}
PUBLIC_STATES = {Status.PUBLISHED, Status.WITHDRAWN}


class MissingLanguagesMixin:
    @admin.display(description=_("missing languages"))
    def missing_languages(self, obj):
        return ", ".join(missing_languages(obj)) or "—"


class MissingLanguageFilter(admin.SimpleListFilter):
    """Changelist filter "missing in az/en/ru", the same rule as the column."""

    title = _("missing language")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return settings.LANGUAGES

    def queryset(self, request, queryset):
        if self.value() not in LANGUAGE_CODES:
            return queryset
        return queryset.filter(missing_language_q(queryset.model, self.value()))


def _perm(request, model, action):
    opts = model._meta.concrete_model._meta
    return request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")


class ContentAdmin(MissingLanguagesMixin, CompareVersionAdmin, TabbedTranslationAdmin):
    """Translated content: language tabs, timestamps, missing languages, history."""

    readonly_fields = ("created_at", "updated_at")
    list_per_page = 50
    formfield_overrides = HTTPS_URLS

    class Media:
        js = ("forum/admin/language_tab.js",)

    def is_translator(self, request, obj=None):
        """May edit the language versions only (the Translator role)."""
        return not super().has_change_permission(request, obj) and _perm(
            request, self.model, "translate"
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or self.is_translator(request, obj)

    def get_prepopulated_fields(self, request, obj=None):
        if self.is_translator(request, obj):
            return {}  # the slug is not theirs to change
        return super().get_prepopulated_fields(request, obj)

    def language_columns(self):
        return {
            build_localized_fieldname(field, code)
            for field in translated_fields(self.model)
            for code in LANGUAGE_CODES
        }

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self.is_translator(request, obj):
            # The original field of a translated one never reaches the form (and naming
            # it would make modeltranslation mark all its languages read-only).
            skip = self.language_columns() | set(translated_fields(self.model, text_only=False))
            readonly += [
                f.name
                for f in self.model._meta.get_fields()
                if f.concrete and f.editable and f.name not in skip and f.name not in readonly
            ]
        return readonly


class PublishableForm(forms.ModelForm):
    publish_anyway = forms.BooleanField(
        label=_("Publish even if a language version is missing"), required=False
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == Status.PUBLISHED
            and "published_at" in self.fields
            and not cleaned.get("published_at")
        ):
            # Published without a time: now (the database insists on one).
            cleaned["published_at"] = timezone.now()
        becomes_public = (
            cleaned.get("status") == Status.PUBLISHED
            and self.instance.loaded_status != Status.PUBLISHED
        )
        if becomes_public and not cleaned.get("publish_anyway"):
            missing = incomplete_languages(self._meta.model, cleaned)
            if missing:
                raise forms.ValidationError(
                    _(
                        "Not yet in every language: %(missing)s. Tick “Publish even if a "
                        "language version is missing” to publish all the same."
                    ),
                    params={"missing": ", ".join(missing)},
                    code="incomplete",
                )
        return cleaned


def incomplete_languages(model, values):
    """'az (title, full text)'-style notes on what a publication would lack."""
    notes = []
    for code in LANGUAGE_CODES:
        lacking = [
            str(model._meta.get_field(field).verbose_name)
            for field in model.completeness_fields
            if not values.get(build_localized_fieldname(field, code))
        ]
        if lacking:
            notes.append(f"{code} ({', '.join(lacking)})")
    return notes


class PublishableAdmin(ContentAdmin):
    form = PublishableForm
    list_filter = ("status", "is_sample", MissingLanguageFilter)
    actions = ("publish", "withdraw")
    publication_fieldset = (
        _("Publication"),
        {
            "fields": (
                "status",
                "published_at",
                "publish_anyway",
                "original_language",
                "is_sample",
            )
        },
    )
    source_fieldset = (
        _("Source"),
        {"fields": ("source_name", "source_url", "source_date"), "classes": ("collapse",)},
    )
    record_fieldset = (
        _("Record"),
        {"fields": ("created_at", "updated_at", "workflow_history")},
    )

    def has_publish_permission(self, request, obj=None):
        return _perm(request, self.model, "publish")

    def has_delete_permission(self, request, obj=None):
        # Published content is withdrawn first: nothing public disappears by a click.
        if obj is not None and obj.status == Status.PUBLISHED:
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "workflow_history"]
        if not self.has_publish_permission(request):
            readonly.append("published_at")
        return readonly

    @admin.display(description=_("workflow history"))
    def workflow_history(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        changes = StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
            object_id=obj.pk,
        ).select_related("changed_by")
        return (
            format_html_join(
                mark_safe("<br>"),
                "{} · {} → {} · {}",
                (
                    (
                        date_format(timezone.localtime(c.changed_at), "DATETIME_FORMAT"),
                        c.get_from_status_display() or "—",
                        c.get_to_status_display(),
                        c.changed_by or _("system"),
                    )
                    for c in changes
                ),
            )
            or "—"
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        status = form.base_fields.get("status")
        if status is not None and not self.has_publish_permission(request):
            allowed = {Status.DRAFT, Status.IN_REVIEW, obj.status if obj else Status.DRAFT}
            status.choices = [c for c in status.choices if c[0] in allowed]
        return form

    def save_model(self, request, obj, form, change):
        moving = obj.status in PUBLIC_STATES and obj.loaded_status != obj.status
        if moving and not self.has_publish_permission(request):
            raise PermissionDenied
        obj.changed_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish the selected items"), permissions=["publish"])
    def publish(self, request, queryset):
        incomplete = [
            (item, incomplete_languages(self.model, vars(item)))
            for item in queryset.exclude(status=Status.PUBLISHED)
        ]
        incomplete = [(item, notes) for item, notes in incomplete if notes]
        if incomplete and not request.POST.get("publish_anyway"):
            return TemplateResponse(
                request,
                "admin/confirm_publish.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Publish with missing language versions?"),
                    "opts": self.opts,
                    "incomplete": incomplete,
                    "queryset": queryset,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        self.change_status(request, queryset, Status.PUBLISHED)

    @admin.action(
        description=_("Withdraw the selected items from the public site"), permissions=["publish"]
    )
    def withdraw(self, request, queryset):
        self.change_status(request, queryset, Status.WITHDRAWN)

    def change_status(self, request, queryset, status, when=None):
        changed = set_status(queryset, status, request.user, when)
        self.message_user(
            request,
            ngettext(
                "%(count)d item is now “%(status)s”.",
                "%(count)d items are now “%(status)s”.",
                changed,
            )
            % {"count": changed, "status": Status(status).label},
            messages.SUCCESS,
        )
        return changed
