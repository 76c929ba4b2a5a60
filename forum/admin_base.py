"""Admin pieces shared by the content admins of both apps."""

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from forum.i18n import LANGUAGE_CODES, missing_language_q, missing_languages

# A link typed without a scheme is taken as https (Django 6's default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


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


class ContentAdmin(MissingLanguagesMixin, TabbedTranslationAdmin):
    """Base for translated content: language tabs, timestamps, missing languages."""

    readonly_fields = ("created_at", "updated_at")
    list_per_page = 50
    formfield_overrides = HTTPS_URLS


class PublishableAdmin(ContentAdmin):
    list_filter = ("status", "is_sample", MissingLanguageFilter)
    publication_fieldset = (
        _("Publication"),
        {"fields": ("status", "published_at", "original_language", "is_sample")},
    )
    source_fieldset = (
        _("Source"),
        {"fields": ("source_name", "source_url", "source_date"), "classes": ("collapse",)},
    )
    record_fieldset = (
        _("Record"),
        {"fields": ("created_at", "updated_at"), "classes": ("collapse",)},
    )
