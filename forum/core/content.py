"""Abstract bases shared by the content models of both apps."""

from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.core.i18n import LANGUAGE_CODES, translated_fields


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, editable=False)

    class Meta:
        abstract = True


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Via(models.TextChoices):
    """The path by which a workflow step came (forum.core.workflow)."""

    FORM = "form", _("change form")
    INLINE = "inline", _("inline row")
    ACTION = "action", _("bulk action")
    IMPORT = "import", _("import")
    SHELL = "shell", _("command line")


class WorkflowError(PermissionDenied):
    """A change of publication state that the table or the acting user does not allow."""


class State(NamedTuple):
    status: str
    published_at: object

    @classmethod
    def of(cls, item):
        return cls(item.status, item.published_at)


NEW = State(Status.DRAFT, None)


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: published, and its publication time has come."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        """Published for a time still to come: what ``published()`` leaves out of the
        published, until that time."""
        return self.filter(status=Status.PUBLISHED, published_at__gt=timezone.now())

    # The workflow's guard (forum.core.workflow) sees saves; these write rows without one.
    def update(self, **kwargs):
        if {"status", "published_at"} & kwargs.keys():
            raise self._refusal()
        return super().update(**kwargs)

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if kwargs.get("update_conflicts") and {"status", "published_at"} & set(
            kwargs.get("update_fields") or ()
        ):
            raise self._refusal()
        for obj in objs:
            if State.of(obj) != NEW and obj.__dict__.get("_admitted") != State.of(obj):
                raise self._refusal()
        return super().bulk_create(objs, *args, **kwargs)

    @staticmethod
    def _refusal():
        return WorkflowError(
            _("A status or publication time changes only through the workflow's door.")
        )


class PublishableModel(TimeStampedModel):
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        help_text=_(
            "Filled in on publication. A time in the future keeps the item hidden until then."
        ),
    )
    # Blank where no source says which text is the original: the site then claims none.
    original_language = models.CharField(
        _("original language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        blank=True,
        help_text=_(
            "Shown, with a note, where a translation is missing. Leave it empty where no "
            "source says which text is the original."
        ),
    )
    is_sample = models.BooleanField(
        _("sample content"),
        default=False,
        help_text=_("Demonstration content that is not an established fact; marked on the site."),
    )
    language_updated = models.JSONField(
        _("language versions last changed"), default=dict, blank=True, editable=False
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        # Django's plain base manager would let .update() past the guard.
        base_manager_name = "objects"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=Status.PUBLISHED)
                | models.Q(published_at__isnull=False),
                name="%(app_label)s_%(class)s_published_has_time",
            ),
        ]

    def save(self, *args, **kwargs):
        # Status and publication time are checked by forum.core.workflow's guard (pre_save).
        loaded = getattr(self, "_loaded", {})
        changed = self._changed_languages(loaded)
        if changed:
            stamp = timezone.now().isoformat()
            self.language_updated = {**self.language_updated, **dict.fromkeys(changed, stamp)}
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and changed:
            kwargs["update_fields"] = {*update_fields, "language_updated"}
        super().save(*args, **kwargs)
        self._loaded = {
            **loaded,
            "status": self.status,
            "published_at": self.published_at,
            **self._language_values(),
        }

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded = dict(zip(field_names, values, strict=True))
        return instance

    def _language_values(self):

        return {
            f"{field}_{code}": getattr(self, f"{field}_{code}")
            for field in translated_fields(type(self))
            for code in LANGUAGE_CODES
            if f"{field}_{code}" not in self.get_deferred_fields()
        }

    def _changed_languages(self, loaded):
        """Languages whose text differs from what was loaded (all filled ones, if new)."""
        changed = set()
        for column, value in self._language_values().items():
            if loaded and column not in loaded:
                continue  # not read from the database, so not edited either
            if (value or "") != (loaded.get(column) or ""):
                changed.add(column.rsplit("_", 1)[1])
        return sorted(changed)

    def outdated_languages(self):
        """Languages translated before the original text last changed."""

        original = self.language_updated.get(self.original_language)
        return [
            code
            for code in LANGUAGE_CODES
            if code != self.original_language
            and original
            and code in self.language_updated
            and self.language_updated[code] < original
        ]

    @property
    def loaded_status(self):
        """The status as read from the database (None for a new item)."""
        return getattr(self, "_loaded", {}).get("status")

    @property
    def is_public(self):
        return _public(self.status, self.published_at)

    @property
    def was_public(self):
        """Whether the item, as read from the database, was public (False if new)."""
        loaded = getattr(self, "_loaded", {})
        return _public(loaded.get("status"), loaded.get("published_at"))


def _public(status, published_at):
    return (
        status == Status.PUBLISHED and published_at is not None and published_at <= timezone.now()
    )


class SourcedModel(models.Model):
    """Where a fact was reported: the portal shows the source beside the content."""

    source_name = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("E.g. the news agency: Trend.")
    )
    source_url = models.URLField(_("source link"), blank=True)
    source_date = models.DateField(_("source date"), null=True, blank=True)

    class Meta:
        abstract = True
