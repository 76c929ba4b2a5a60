from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline
from modeltranslation.utils import get_translation_fields

from forum.core import registry, workflow
from forum.core.admin import (
    HTTPS_URLS,
    ContentAdmin,
    ContentInlineMixin,
    MissingLanguageFilter,
    PublishableAdmin,
    clamped,
    incomplete_languages,
)
from forum.core.content import PublishableModel, Status
from forum.models import (
    Committee,
    CommitteeMember,
    Organisation,
    Page,
    Participation,
    Person,
    Secretariat,
    Session,
    SessionPhoto,
)


@admin.register(Organisation)
class OrganisationAdmin(ContentAdmin):
    list_display = ("name_clamped", "acronym", "kind", "country", "missing_languages")
    name_clamped = clamped(Organisation, "name")
    list_filter = ("kind", "country", MissingLanguageFilter)
    search_fields = (*get_translation_fields("name"), *get_translation_fields("acronym"))


@admin.register(Person)
class PersonAdmin(ContentAdmin):
    list_display = (
        "name_clamped",
        "position_clamped",
        "country",
        "organisation_clamped",
        "missing_languages",
    )
    name_clamped = clamped(Person, "name")
    position_clamped = clamped(Person, "position")
    organisation_clamped = clamped(Person, "organisation")
    list_filter = ("country", MissingLanguageFilter)
    list_select_related = ("organisation",)
    search_fields = (*get_translation_fields("name"), *get_translation_fields("position"))
    autocomplete_fields = ("organisation",)


class ParticipationInline(ContentInlineMixin, admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ("organisation",)


def undescribed_photos(session):
    """'az (alternative text of 2 photographs)'-style notes on what hides its photographs."""
    photos = session.photos.all()
    lacking = Counter(code for photo in photos for code in photo.undescribed_languages())
    notes = []
    for code, count in sorted(lacking.items()):
        what = ngettext(
            "alternative text of %(count)d photograph",
            "alternative text of %(count)d photographs",
            count,
        )
        notes.append(f"{code} ({what % {'count': count}})")
    return notes


class SessionPhotoFormSet(BaseInlineFormSet):
    """Publishing a session whose photographs lack alternative text in a language asks
    first, as a missing translation does (forum.core.admin.PublishableForm); ticking
    "publish anyway" publishes it while those photographs stay hidden."""

    def clean(self):
        super().clean()
        session = self.instance
        becomes_public = (
            session.status == Status.PUBLISHED and session.loaded_status != Status.PUBLISHED
        )
        if not becomes_public or self.data.get("publish_anyway"):
            return
        kept = [f.instance for f in self.forms if f.is_valid() and f not in self.deleted_forms]
        missing = {code for photo in kept if photo.image for code in photo.undescribed_languages()}
        if missing:
            raise forms.ValidationError(
                _(
                    "Photographs without alternative text in %(languages)s will stay hidden "
                    "until it is written. Tick “Publish even if a language version is "
                    "missing” to publish the session all the same."
                ),
                params={"languages": ", ".join(sorted(missing))},
                code="undescribed",
            )


class PhotoInput(forms.ClearableFileInput):
    """A photograph's file field; the row's thumbnail shows the one stored (whose address
    under MEDIA_URL is not served)."""

    def __init__(self, attrs=None):
        super().__init__({"accept": "image/jpeg,image/png,image/webp", **(attrs or {})})

    def is_initial(self, value):
        return False


class SessionPhotoInline(ContentInlineMixin, TranslationStackedInline):
    model = SessionPhoto
    formset = SessionPhotoFormSet
    extra = 0
    fields = ("image", "thumbnail", "alt_text", "caption", "order", "visibility")
    readonly_fields = ("thumbnail", "visibility")
    formfield_overrides = {models.FileField: {"widget": PhotoInput}}

    def translates_only(self, request, obj=None):
        return not super().has_change_permission(request, obj) and workflow.permitted(
            request.user, SessionPhoto, "translate"
        )

    def has_change_permission(self, request, obj=None):
        # Translators write the alternative texts and captions in their languages.
        return super().has_change_permission(request, obj) or self.translates_only(request, obj)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.translates_only(request, obj):
            return tuple(f for f in fields if f != "image")
        return fields

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return (*readonly, "order") if self.translates_only(request, obj) else readonly

    @admin.display(description=_("as shown"))
    def thumbnail(self, photo):
        if not photo.sizes:
            return "—"
        width, height, url = photo.sizes[0]
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="">', url, width // 2, height // 2
        )

    @admin.display(description=_("on the public site"))
    def visibility(self, photo):
        if photo.pk is None:
            return "—"
        if missing := photo.undescribed_languages():
            return format_html(
                "<strong>{}</strong>",
                _("Hidden until the alternative text is written in: %(languages)s.")
                % {"languages": ", ".join(missing)},
            )
        if not photo.session.is_public:
            return _("Shown once the session is published.")
        return _("Shown on the session’s page.")


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
        "theme_clamped",
        "start_date",
        "city",
        "status_badge",
        "missing_languages",
    )
    list_display_links = ("number", "theme_clamped")
    theme_clamped = clamped(Session, "theme")
    date_hierarchy = "start_date"
    search_fields = (*get_translation_fields("theme"), *get_translation_fields("city"))
    autocomplete_fields = ("organiser",)
    inlines = (ParticipationInline, SessionPhotoInline)
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
                warn_of_hidden_photos(request, queryset)
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

    @admin.action(description=_("Publish the selected items"), permissions=["publish"])
    def publish(self, request, queryset):
        """As for any content, but a session whose photographs lack alternative text asks
        first too, on the same page as a missing translation."""
        pending = queryset.exclude(status=Status.PUBLISHED).prefetch_related("photos")
        if request.POST.get("publish_anyway") or not any(map(undescribed_photos, pending)):
            return super().publish(request, queryset)
        incomplete = [
            (session, incomplete_languages(Session, vars(session)) + undescribed_photos(session))
            for session in pending
        ]
        return TemplateResponse(
            request,
            "admin/confirm_publish.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Publish with missing language versions?"),
                "opts": self.opts,
                "incomplete": [(session, notes) for session, notes in incomplete if notes],
                "queryset": queryset,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


def warn_of_hidden_photos(request, sessions):
    """Told before a release: which photographs it leaves hidden, and why."""
    notes = [
        f"{session} — {'; '.join(found)}"
        for session in sessions.prefetch_related("photos")
        if (found := undescribed_photos(session))
    ]
    if notes:
        messages.warning(
            request,
            _(
                "These photographs will stay hidden until their alternative text is written: "
                "%(notes)s."
            )
            % {"notes": " · ".join(notes)},
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
        "name_clamped",
        "coordinating_country",
        "established_on",
        "status_badge",
        "missing_languages",
    )
    name_clamped = clamped(Committee, "name")
    search_fields = get_translation_fields("name")
    inlines = (CommitteeMemberInline, SecretariatInline)
    fieldsets = (
        (None, {"fields": ("name", "mandate", "established_on", "coordinating_country")}),
        PublishableAdmin.publication_fieldset,
        PublishableAdmin.source_fieldset,
        PublishableAdmin.record_fieldset,
    )


@admin.register(Page)
class PageAdmin(PublishableAdmin):
    list_display = (
        "title_clamped",
        "slug",
        "placement",
        "position",
        "status_badge",
        "missing_languages",
    )
    list_display_links = ("title_clamped",)
    title_clamped = clamped(Page, "title")
    list_filter = ("placement", "status", MissingLanguageFilter)
    search_fields = (*get_translation_fields("title"), "slug")
    prepopulated_fields = {"slug": ("title_en",)}
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body", "shows_contact_details")}),
        (_("Menu"), {"fields": ("placement", "position")}),
        PublishableAdmin.publication_fieldset,
        PublishableAdmin.record_fieldset,
    )
