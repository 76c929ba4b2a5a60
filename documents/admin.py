from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline
from modeltranslation.utils import get_translation_fields
from reversion import create_revision, set_comment, set_user

from documents.importing import ImportTextForm
from documents.models import (
    Address,
    Attachment,
    DataLicence,
    Declaration,
    Document,
    Initiative,
    Kind,
    ProgressNote,
)
from forum.core import workflow
from forum.core.admin import (
    ContentAdmin,
    ContentInlineMixin,
    MissingLanguageFilter,
    PublishableAdmin,
    PublishableInlineMixin,
    clamped,
    without_in_fieldsets,
)
from forum.core.content import Via


class AttachmentInline(ContentInlineMixin, TranslationTabularInline):
    model = Attachment
    extra = 0
    fields = ("language", "title", "file", "file_size", "content_type", "order")
    readonly_fields = ("file_size", "content_type")

    @admin.display(description=_("size"))
    def file_size(self, attachment):
        return filesizeformat(attachment.size) if attachment.pk else "—"


class InitiativeInline(PublishableInlineMixin, TranslationStackedInline):
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
        "title_clamped",
        "kind",
        "symbol",
        "date",
        "session",
        "status_badge",
        "missing_languages",
    )
    title_clamped = clamped(Document, "title")
    list_filter = ("kind", "session", "status", MissingLanguageFilter, "is_sample")
    list_select_related = ("session",)
    date_hierarchy = "date"
    search_fields = (
        "symbol",
        *get_translation_fields("title"),
        *get_translation_fields("summary"),
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

    change_form_template = "admin/documents/document_change_form.html"

    def get_urls(self):
        opts = self.opts
        return [
            path(
                "<path:object_id>/import-text/",
                self.admin_site.admin_view(self.import_text_view),
                name=f"{opts.app_label}_{opts.model_name}_import_text",
            ),
            *super().get_urls(),
        ]

    def import_text_view(self, request, object_id):
        """Replace one language version of the text with a Word or text file's content."""
        document = self.get_object(request, object_id)
        if document is None:
            raise Http404
        if not self.has_change_permission(request, document):
            raise PermissionDenied
        form = ImportTextForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            language = form.cleaned_data["language"]
            setattr(document, f"body_{language}", form.html)
            with create_revision():
                set_user(request.user)
                set_comment(
                    _("Text imported from a file (%(language)s).") % {"language": language}
                )
                workflow.save(document, request.user, Via.IMPORT)
            self.message_user(
                request,
                _("The %(language)s text now holds the file's content. Check it, then save.")
                % {"language": language},
                messages.SUCCESS,
            )
            change_url = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[document.pk]
            )
            return HttpResponseRedirect(f"{change_url}#language-{language}")
        return TemplateResponse(
            request,
            "admin/documents/import_text.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Import the text from a file"),
                "opts": self.opts,
                "original": document,
                "form": form,
            },
        )

    def get_queryset(self, request):
        queryset = super().get_queryset(request).defer("search_vector", "search_head")
        return queryset.filter(kind=self.kind) if self.kind else queryset

    def save_model(self, request, obj, form, change):
        if self.kind:
            obj.kind = self.kind
        super().save_model(request, obj, form, change)


@admin.register(Address)
class AddressAdmin(DocumentAdmin):
    kind = Kind.ADDRESS
    fieldsets = without_in_fieldsets(DocumentAdmin.fieldsets, {"kind", "adoption", "adopted_on"})
    list_display = (
        "title_clamped",
        "author_person",
        "date",
        "session",
        "status_badge",
        "missing_languages",
    )
    list_filter = ("session", "status", MissingLanguageFilter)
    list_select_related = ("session", "author_person")


@admin.register(Declaration)
class DeclarationAdmin(DocumentAdmin):
    kind = Kind.DECLARATION
    list_display = (
        "title_clamped",
        "symbol",
        "adopted_on",
        "session",
        "status_badge",
        "missing_languages",
    )
    list_filter = ("session", "status", MissingLanguageFilter)
    inlines = (AttachmentInline, InitiativeInline)
    fieldsets = without_in_fieldsets(DocumentAdmin.fieldsets, {"kind"})


class ProgressNoteInline(ContentInlineMixin, TranslationTabularInline):
    model = ProgressNote
    extra = 0
    fields = ("date", "session", "text")
    autocomplete_fields = ("session",)


@admin.register(Initiative)
class InitiativeAdmin(PublishableAdmin):
    list_display = (
        "title_clamped",
        "declaration_clamped",
        "number",
        "progress",
        "status_badge",
        "missing_languages",
    )
    title_clamped = clamped(Initiative, "title")
    declaration_clamped = clamped(Initiative, "declaration")
    list_filter = ("progress", "status", MissingLanguageFilter)
    list_select_related = ("declaration",)
    search_fields = get_translation_fields("title")
    autocomplete_fields = ("declaration", "lead_organisation")
    inlines = (ProgressNoteInline,)
    fieldsets = (
        (None, {"fields": ("declaration", "number", "title", "description", "progress")}),
        (_("Lead"), {"fields": ("lead_country", "lead_organisation")}),
        PublishableAdmin.publication_fieldset,
        PublishableAdmin.record_fieldset,
    )


@admin.register(DataLicence)
class DataLicenceAdmin(ContentAdmin):
    """The licence of the open data: one row, edited in place, never deleted; its list
    (unfiltered) leads straight to it."""

    list_display = ("name_clamped", "url", "is_sample", "updated_at", "missing_languages")
    name_clamped = clamped(DataLicence, "name")
    list_filter = (MissingLanguageFilter,)
    fields = ("name", "url", "terms", "is_sample", "created_at", "updated_at")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not DataLicence.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        licence = DataLicence.objects.first()
        # A filtered list (what is missing in a language) stays a list.
        if (
            licence is not None
            and not request.GET
            and self.has_view_or_change_permission(request, licence)
        ):
            return HttpResponseRedirect(
                reverse(f"{self.admin_site.name}:documents_datalicence_change", args=[licence.pk])
            )
        return super().changelist_view(request, extra_context)
