from django import forms
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline
from modeltranslation.utils import get_translation_fields

from forum.core import registry
from forum.core.admin import (
    HTTPS_URLS,
    ContentAdmin,
    ContentInlineMixin,
    MissingLanguageFilter,
    PublishableAdmin,
)
from forum.core.content import PublishableModel, Status
from forum.models import (
    Committee,
    CommitteeMember,
    Organisation,
    Participation,
    Person,
    Secretariat,
    Session,
)


@admin.register(Organisation)
class OrganisationAdmin(ContentAdmin):
    list_display = ("name", "acronym", "kind", "country", "missing_languages")
    list_filter = ("kind", "country", MissingLanguageFilter)
    search_fields = (*get_translation_fields("name"), *get_translation_fields("acronym"))


@admin.register(Person)
class PersonAdmin(ContentAdmin):
    list_display = ("name", "position", "country", "organisation", "missing_languages")
    list_filter = ("country", MissingLanguageFilter)
    list_select_related = ("organisation",)
    search_fields = (*get_translation_fields("name"), *get_translation_fields("position"))
    autocomplete_fields = ("organisation",)


class ParticipationInline(ContentInlineMixin, admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ("organisation",)


class ReleaseForm(forms.Form):
    release_at = forms.DateTimeField(
        label=_("Publish at"),
        help_text=_("Now, or a later time: the items stay hidden until then."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


@admin.register(Session)
class SessionAdmin(PublishableAdmin):
    actions = (*PublishableAdmin.actions, "release")
    list_display = (
        "number",
        "theme",
        "start_date",
        "city",
        "status",
        "published_at",
        "missing_languages",
    )
    list_display_links = ("number", "theme")
    date_hierarchy = "start_date"
    search_fields = (*get_translation_fields("theme"), *get_translation_fields("city"))
    autocomplete_fields = ("organiser",)
    inlines = (ParticipationInline,)
    fieldsets = (
        (None, {"fields": ("number", "theme", "description")}),
        (
            _("Dates and place"),
            {"fields": ("start_date", "end_date", "date_precision", "city", "venue")},
        ),
        (_("Participants"), {"fields": ("organiser", "reported_country_count")}),
        PublishableAdmin.publication_fieldset,
        PublishableAdmin.source_fieldset,
        PublishableAdmin.record_fieldset,
    )

    @admin.action(
        description=_("Publish with the session's documents, together"), permissions=["publish"]
    )
    def release(self, request, queryset):
        documents = list(pending_belongings(queryset))
        form = ReleaseForm(request.POST if "release_at" in request.POST else None)
        if not form.is_valid():
            if not form.is_bound:
                form.initial["release_at"] = timezone.localtime().replace(second=0, microsecond=0)
            return TemplateResponse(
                request,
                "admin/release_session.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Publish sessions with their documents"),
                    "opts": self.opts,
                    "form": form,
                    "sessions": queryset,
                    "documents": documents,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        pending = queryset.exclude(status=Status.PUBLISHED)  # a public one stays as it is
        self.change_status(
            request, [*pending, *documents], Status.PUBLISHED, form.cleaned_data["release_at"]
        )


def pending_belongings(sessions):
    """The unpublished content that belongs to these sessions (their documents)."""
    for relation in Session._meta.related_objects:
        model = relation.related_model
        if registry.is_registered(model) and issubclass(model, PublishableModel):
            pending = model.objects.filter(
                **{f"{relation.field.name}__in": sessions},
                status__in=[Status.DRAFT, Status.IN_REVIEW],
            )
            yield from pending.select_related(relation.field.name)


class CommitteeMemberInline(ContentInlineMixin, TranslationTabularInline):
    model = CommitteeMember
    extra = 0
    fields = (
        "order",
        "person",
        "role",
        "position",
        "agency",
        "country",
        "term_start",
        "term_end",
        "is_sample",
    )
    autocomplete_fields = ("person", "agency")


class SecretariatInline(ContentInlineMixin, TranslationStackedInline):
    model = Secretariat
    formfield_overrides = HTTPS_URLS
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(PublishableAdmin):
    list_display = (
        "name",
        "coordinating_country",
        "established_on",
        "status",
        "missing_languages",
    )
    search_fields = get_translation_fields("name")
    inlines = (CommitteeMemberInline, SecretariatInline)
    fieldsets = (
        (None, {"fields": ("name", "mandate", "established_on", "coordinating_country")}),
        PublishableAdmin.publication_fieldset,
        PublishableAdmin.source_fieldset,
        PublishableAdmin.record_fieldset,
    )
