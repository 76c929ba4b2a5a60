"""The publishing core's own records: the workflow's steps and the public content's version."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.core.content import Status, Via


class StatusChange(models.Model):
    """One step of an item's workflow (draft → in review → published → withdrawn)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    from_status = models.CharField(_("from"), max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("when"), default=timezone.now)
    published_at = models.DateTimeField(_("publication time"), null=True, blank=True)
    via = models.CharField(_("through"), max_length=16, choices=Via.choices, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="core_statuschange_item")
        ]

    def __str__(self):
        return f"{self.from_status or '—'} → {self.to_status}"

    @classmethod
    def record(cls, item, previous, user, via):
        return cls.objects.create(
            content_type=ContentType.objects.get_for_model(item, for_concrete_model=True),
            object_id=item.pk,
            from_status=previous or "",
            to_status=item.status,
            published_at=item.published_at,
            changed_by=user if user is not None and user.is_authenticated else None,
            via=via,
        )


class ContentVersion(models.Model):
    """
    One row that changes whenever anything public may have changed: a save or delete of
    content, or a scheduled publication time passing. Cached pages are keyed by its
    number, so a change makes every cached page stale at once, on every server.
    """

    number = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)
    next_release = models.DateTimeField(
        null=True, blank=True, help_text="The earliest publication time still to come."
    )

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return str(self.number)
