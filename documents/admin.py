from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from documents.models import (
    Address,
    Attachment,
    Declaration,
    Document,
    Initiative,
    Kind,
    ProgressNote,
)
from forum.admin_base import MissingLanguageFilter, PublishableAdmin


class AttachmentInline(TranslationTabularInline):
    model = Attachment
    extra = 0
    fields = ("language", "title", "file", "file_size", "content_type", "order")
    readonly_fields = ("file_size", "content_type")

    @admin.display(description=_("size"))
    def file_size(self, attachment):
        return filesizeformat(attachment.size) if attachment.pk else "—"


class InitiativeInline(TranslationStackedInline):
    model = Initiative
    extra = 0
    fields = (
        ("number", "progress", "status"),
        "title",
        "description",
        ("lead_country", "lead_organisation"),
    )
    autocomplete_fields = ("lead_organisation",)
    show_change_link = True


@admin.register(Document)
class DocumentAdmin(PublishableAdmin):
    kind = None  # a proxy's admin sets the one kind it edits
    list_display = (
        "title",
        "kind",
        "symbol",
        "date",
        "session",
        "status",
        "published_at",
        "missing_languages",
    )
    list_filter = ("kind", "session", "status", MissingLanguageFilter, "is_sample")
    list_select_related = ("session",)
    date_hierarchy = "date"
    search_fields = (
        "symbol",
        "title_az",
        "title_en",
        "title_ru",
        "summary_az",
        "summary_en",
        "summary_ru",
    )
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = ("session", "author_person", "author_organisation")
    inlines = (AttachmentInline,)
    # A full count of 100,000 rows on every page load is what makes changelists slow.
    show_full_result_count = False
    fieldsets = (
        (
            None,
            {"fields": ("kind", "title", "slug", "symbol", "date", "session", "summary", "body")},
        ),
        (_("Author"), {"fields": ("author_person", "author_organisation")}),
        (_("Adoption"), {"fields": ("adoption", "adopted_on"), "classes": ("collapse",)}),
        (_("Language versions"), {"fields": ("is_authentic",)}),
        PublishableAdmin.publication_fieldset,
        PublishableAdmin.source_fieldset,
        PublishableAdmin.record_fieldset,
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request).defer("search_vector")
        return queryset.filter(kind=self.kind) if self.kind else queryset

    def save_model(self, request, obj, form, change):
        if self.kind:
            obj.kind = self.kind
        super().save_model(request, obj, form, change)


def without(fieldsets, *names):
    """The fieldsets less some fields, and less any fieldset left empty."""
    result = []
    for title, options in fieldsets:
        fields = tuple(f for f in options["fields"] if f not in names)
        if fields:
            result.append((title, {**options, "fields": fields}))
    return tuple(result)


@admin.register(Address)
class AddressAdmin(DocumentAdmin):
    kind = Kind.ADDRESS
    fieldsets = without(DocumentAdmin.fieldsets, "kind", "adoption", "adopted_on")
    list_display = ("title", "author_person", "date", "session", "status", "missing_languages")
    list_filter = ("session", "status", MissingLanguageFilter)
    list_select_related = ("session", "author_person")


@admin.register(Declaration)
class DeclarationAdmin(DocumentAdmin):
    kind = Kind.DECLARATION
    list_display = ("title", "symbol", "adopted_on", "session", "status", "missing_languages")
    list_filter = ("session", "status", MissingLanguageFilter)
    inlines = (AttachmentInline, InitiativeInline)
    fieldsets = without(DocumentAdmin.fieldsets, "kind")


class ProgressNoteInline(TranslationTabularInline):
    model = ProgressNote
    extra = 0
    fields = ("date", "session", "text")
    autocomplete_fields = ("session",)


@admin.register(Initiative)
class InitiativeAdmin(PublishableAdmin):
    list_display = ("title", "declaration", "number", "progress", "status", "missing_languages")
    list_filter = ("progress", "status", MissingLanguageFilter)
    list_select_related = ("declaration",)
    search_fields = ("title_az", "title_en", "title_ru")
    autocomplete_fields = ("declaration", "lead_organisation")
    inlines = (ProgressNoteInline,)
    fieldsets = (
        (None, {"fields": ("declaration", "number", "title", "description", "progress")}),
        (_("Lead"), {"fields": ("lead_country", "lead_organisation")}),
        PublishableAdmin.publication_fieldset,
        PublishableAdmin.record_fieldset,
    )
