"""
Admin pieces shared by the content admins of both apps: language tabs, missing-language
column and filter, revisions (django-reversion), and the editorial workflow.

Roles (forum/core/roles.py) are enforced here, on the server: a translator's form holds only
the language versions, an editor's status choices stop at "in review", and publishing,
scheduling and withdrawing need the model's ``publish_*`` permission.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from modeltranslation.utils import build_localized_fieldname
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin

from forum.core import registry, workflow
from forum.core.content import PublishableModel, Status, Via
from forum.core.editing import ContentForm
from forum.core.history import ReadableHistoryMixin
from forum.core.i18n import (
    LANGUAGE_CODES,
    missing_language_q,
    missing_languages,
    translated_fields,
)
from forum.core.models import StatusChange

# A link typed without a scheme is taken as https (Django 6's default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}
PUBLICATION_FIELDS = ("status", "published_at", "publish_anyway")


def clamped(model, field):
    """A list column for a long text: two lines at most (portal.css), all of it on hover."""

    @admin.display(description=model._meta.get_field(field).verbose_name, ordering=field)
    def column(model_admin, obj):
        text = str(getattr(obj, field) or "")
        if not text:
            return model_admin.get_empty_value_display()
        return format_html('<span class="clamped" title="{}">{}</span>', text, text)

    return column


class MissingLanguagesMixin:
    """The languages column: a badge per language, the missing ones struck through and
    said to be missing in words (not by the strike alone)."""

    @admin.display(description=_("languages"))
    def missing_languages(self, obj):
        missing = set(missing_languages(obj))
        badges = (
            format_html(
                '<s class="badge missing" title="{}">{}'
                '<span class="visually-hidden"> ({})</span></s>',
                _("missing"),
                code,
                _("missing"),
            )
            if code in missing
            else format_html('<span class="badge">{}</span>', code)
            for code in LANGUAGE_CODES
        )
        return format_html('<span class="language-badges">{}</span>', mark_safe(" ".join(badges)))


class StatusBadgeMixin:
    """The status column: a badge in words, with the publication time (shown beneath when
    it is still to come, on hover otherwise), so that "published at" needs no column."""

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        label, when, shown = obj.get_status_display(), "", ""
        if obj.published_at is not None:
            when = date_format(timezone.localtime(obj.published_at), "SHORT_DATETIME_FORMAT")
        if obj.status == Status.PUBLISHED and obj.published_at > timezone.now():
            label, shown = _("Scheduled"), when
        title = f"{obj._meta.get_field('published_at').verbose_name}: {when}" if when else ""
        return format_html(
            '<span class="badge status-{}" title="{}">{}</span>{}',
            "scheduled" if shown else obj.status,
            title,
            label,
            format_html('<small class="badge-note">{}</small>', shown) if shown else "",
        )


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


def restoring(request):
    """Whether this is django-reversion's form to revert or recover a version."""
    match = request.resolver_match
    return match is not None and (match.url_name or "").endswith(("_revision", "_recover"))


def without_fields(fields, names):
    """A fields option (with its nested rows) less some names; rows left empty go."""
    result = []
    for field in fields:
        if isinstance(field, list | tuple):
            field = tuple(f for f in field if f not in names)
            if field:
                result.append(field)
        elif field not in names:
            result.append(field)
    return tuple(result)


def without_in_fieldsets(fieldsets, names):
    """Fieldsets less some fields, and less any fieldset left empty."""
    result = []
    for title, options in fieldsets:
        fields = without_fields(options["fields"], names)
        if fields:
            result.append((title, {**options, "fields": fields}))
    return tuple(result)


def bound_to(form_class, request):
    """The form class, knowing who fills it in (for the workflow's checks)."""
    return type(form_class.__name__, (form_class,), {"user": request.user})


def form_languages(model, obj=None):
    """The change form's language switch: the translated fields, each language, and whether
    the item's texts in it are missing or older than the original's (its tabs' marks)."""
    missing = set(missing_languages(obj)) if obj is not None else set()
    outdated = set(obj.outdated_languages()) if isinstance(obj, PublishableModel) else set()
    original = getattr(obj, "original_language", "") or ""
    return {
        "fields": translated_fields(model, text_only=False),
        "original": original,
        "languages": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "is_original": code == original,
                "missing": code in missing,
                "outdated": code in outdated,
            }
            for code in LANGUAGE_CODES
        ],
    }


class ContentAdmin(
    MissingLanguagesMixin, ReadableHistoryMixin, CompareVersionAdmin, TranslationAdmin
):
    """Translated content: one language switch, timestamps, missing languages, history."""

    form = ContentForm
    readonly_fields = ("created_at", "updated_at")
    list_per_page = 50
    formfield_overrides = HTTPS_URLS

    class Media:
        js = ("core/admin/form_languages.js", "core/admin/unsaved.js")

    # The form's one language switch (core/admin/form_languages.js).
    change_form_template = "admin/content_change_form.html"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["form_languages"] = form_languages(self.model, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def is_translator(self, request, obj=None):
        """May edit the language versions only (the Translator role)."""
        return not super().has_change_permission(request, obj) and workflow.permitted(
            request.user, self.model, "translate"
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or self.is_translator(request, obj)

    def get_prepopulated_fields(self, request, obj=None):
        if self.is_translator(request, obj):
            return {}  # the slug is not theirs to change
        return super().get_prepopulated_fields(request, obj)

    def get_fieldsets(self, request, obj=None):
        # The form's check against concurrent edits rides along, hidden, in the first set.
        fieldsets = super().get_fieldsets(request, obj)
        if any("seen" in options["fields"] for _title, options in fieldsets):
            return fieldsets
        (title, options), *rest = fieldsets
        return [(title, {**options, "fields": (*options["fields"], "seen")}), *rest]

    def get_form(self, request, obj=None, change=False, **kwargs):
        return bound_to(super().get_form(request, obj, change=change, **kwargs), request)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        self._check_restore_permission(request)
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        self._check_restore_permission(request)
        version = get_object_or_404(
            Version,
            pk=version_id,
            content_type=ContentType.objects.get_for_model(self.model, for_concrete_model=False),
        )
        if self.model._base_manager.filter(pk=version.object_id).exists():
            raise Http404("This item was not deleted: open its history to restore a version.")
        return super().recover_view(request, version_id, extra_context)

    def _check_restore_permission(self, request):
        # A version restores every column: not for translators, whose part is the texts.
        if not super().has_change_permission(request):
            raise PermissionDenied

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


def check_move(form, cleaned):
    """A form's status and publication time, checked against the workflow's table."""
    instance = form.instance
    parent = registry.parent_of(form._meta.model)
    if instance.pk and parent in form.fields and cleaned.get(parent) is not None:
        stored = workflow.State.of(instance)
        reason = workflow.moving_refusal(form.user, instance, stored, cleaned[parent])
        if reason is not None:
            form.add_error(parent, reason)
    if "status" not in form.fields or "status" not in cleaned:
        return
    source = workflow.State.of(instance) if instance.pk else workflow.NEW
    published_at = cleaned.get("published_at", source.published_at)
    if "published_at" not in form.fields:
        published_at = source.published_at
    target = workflow.stamped(source, workflow.State(cleaned["status"], published_at))
    if "published_at" in form.fields:
        cleaned["published_at"] = target.published_at
    else:
        form.instance.published_at = target.published_at
    reason = workflow.refusal(form.user, form._meta.model, source, target)
    if reason is not None:
        form.add_error("status", reason)


def narrow_status_choices(form):
    """Offer only the statuses the user may choose for this item."""
    field = form.fields.get("status")
    if field is not None and form.user is not None:
        allowed = workflow.allowed_statuses(form.user, form.instance)
        field.choices = [c for c in field.choices if c[0] in allowed]


class WorkflowForm(ContentForm):
    """The form of a publishable item, or of its row inline: only the statuses the user
    may choose are offered, and the move is checked against the workflow's table."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        narrow_status_choices(self)

    def clean(self):
        cleaned = super().clean()
        check_move(self, cleaned)
        return cleaned


class WorkflowInlineFormSet(BaseInlineFormSet):
    """Rows ticked for deletion are not validated by Django: what the public sees is
    refused here, before anything is deleted."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            item = form.instance
            if item.pk and type(item).objects.published().filter(pk=item.pk).exists():
                raise forms.ValidationError(
                    _("“%(item)s” is published: withdraw it before deleting it.") % {"item": item},
                    code="public",
                )


class PublishableForm(WorkflowForm):
    publish_anyway = forms.BooleanField(
        label=_("Publish even if a language version is missing"), required=False
    )

    def clean(self):
        cleaned = super().clean()
        becomes_public = (
            cleaned.get("status") == Status.PUBLISHED and self.instance.status != Status.PUBLISHED
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


class ContentInlineMixin:
    """An inline row of content: the same check against a concurrent edit as a form."""

    form = ContentForm

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if "seen" in fields else (*fields, "seen")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = bound_to(formset.form, request)
        return formset


class PublishableInlineMixin(ContentInlineMixin):
    form = WorkflowForm
    formset = WorkflowInlineFormSet

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return without_fields(fields, PUBLICATION_FIELDS) if restoring(request) else fields


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


class PublishableAdmin(StatusBadgeMixin, ContentAdmin):
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
        return workflow.permitted(request.user, self.model, "publish")

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

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not restoring(request):
            return fieldsets
        # A restored version brings back content, never a publication state.
        return without_in_fieldsets(fieldsets, PUBLICATION_FIELDS)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if restoring(request):
            messages.info(
                request,
                _(
                    "Restoring a version brings back its content. The status and publication "
                    "time stay as they are now (a deleted item comes back as a draft)."
                ),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

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

    def save_model(self, request, obj, form, change):
        workflow.save(obj, request.user, Via.FORM)

    def save_formset(self, request, form, formset, change):
        if not issubclass(formset.model, PublishableModel):
            return super().save_formset(request, form, formset, change)
        for instance in formset.save(commit=False):
            workflow.save(instance, request.user, Via.INLINE)
        for instance in formset.deleted_objects:
            instance.delete()
        formset.save_m2m()

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

    def change_status(self, request, items, status, when=None):
        moved, refused = workflow.move(items, status, request.user, when)
        self.message_user(
            request,
            ngettext(
                "%(count)d item is now “%(status)s”.",
                "%(count)d items are now “%(status)s”.",
                len(moved),
            )
            % {"count": len(moved), "status": Status(status).label},
            messages.SUCCESS,
        )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d item was left as it is: it cannot become “%(status)s” from "
                    "its present status (%(items)s).",
                    "%(count)d items were left as they are: they cannot become “%(status)s” "
                    "from their present status (%(items)s).",
                    len(refused),
                )
                % {
                    "count": len(refused),
                    "status": Status(status).label,
                    "items": ", ".join(str(item) for item in refused[:5]),
                },
                messages.WARNING,
            )
        return moved
