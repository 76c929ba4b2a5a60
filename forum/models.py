from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from forum.content import (
    PublishableModel,
    PublishableQuerySet,
    SourcedModel,
    Status,
    TimeStampedModel,
    Via,
)


class Organisation(TimeStampedModel):
    class Kind(models.TextChoices):
        SECURITY_SERVICE = "security_service", _("Security or intelligence service")
        GOVERNMENT = "government", _("Government body")
        INTERNATIONAL = "international", _("International organisation")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=255)
    acronym = models.CharField(_("acronym"), max_length=32, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        permissions = [
            ("translate_organisation", _("Can edit the language versions")),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Person(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=300, blank=True)
    country = CountryField(_("country"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        permissions = [
            ("translate_person", _("Can edit the language versions")),
        ]

    def __str__(self):
        return self.name


class SessionQuerySet(PublishableQuerySet):
    def current_or_next(self):
        """The published session under way today, else the next one, else None."""
        today = timezone.localdate()
        return self.published().filter(end_date__gte=today).order_by("start_date").first()


class Session(PublishableModel, SourcedModel):
    class DatePrecision(models.TextChoices):
        DAY = "day", _("Exact dates")
        MONTH = "month", _("Month only")

    class Phase(models.TextChoices):
        UPCOMING = "upcoming", _("Upcoming")
        ONGOING = "ongoing", _("Under way")
        PAST = "past", _("Past")

    number = models.PositiveSmallIntegerField(_("number"))
    theme = models.CharField(_("theme"), max_length=500, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    date_precision = models.CharField(
        _("date precision"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("Choose “month only” when the reports give only the month."),
    )
    city = models.CharField(_("city"), max_length=100)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organised_sessions",
    )
    reported_country_count = models.PositiveSmallIntegerField(
        _("countries taking part (as reported)"),
        null=True,
        blank=True,
        help_text=_("The approximate figure the reports give, e.g. 90 for “about 90 countries”."),
    )

    objects = SessionQuerySet.as_manager()
    completeness_fields = ("theme",)

    class Meta:
        ordering = ["-number"]
        get_latest_by = "start_date"
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        permissions = [
            ("translate_session", _("Can edit the language versions")),
            ("publish_session", _("Can publish, schedule and withdraw")),
        ]
        constraints = [
            *PublishableModel.Meta.constraints,
            models.UniqueConstraint(fields=["number"], name="forum_session_unique_number"),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="forum_session_number_positive"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="forum_session_dates_in_order"
            ),
        ]

    def __str__(self):
        return _("Session %(number)s") % {"number": self.number}

    def get_absolute_url(self):
        return reverse("forum:session", kwargs={"number": self.number})

    @property
    def phase(self):
        today = timezone.localdate()
        if today < self.start_date:
            return self.Phase.UPCOMING
        if today <= self.end_date:
            return self.Phase.ONGOING
        return self.Phase.PAST


class Participation(TimeStampedModel):
    """A country, and optionally its agency or an international organisation, at a session."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="participations"
    )
    country = CountryField(_("country"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("agency or organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
    )
    is_host = models.BooleanField(_("host"), default=False)

    class Meta:
        ordering = ["-is_host", "country"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(country="") | Q(organisation__isnull=False),
                name="forum_participation_country_or_organisation",
            ),
            models.UniqueConstraint(
                fields=["session", "country"],
                condition=Q(organisation__isnull=True),
                name="forum_participation_unique_country",
            ),
            models.UniqueConstraint(
                fields=["session", "organisation"],
                condition=Q(organisation__isnull=False),
                name="forum_participation_unique_organisation",
            ),
        ]

    def __str__(self):
        return str(self.organisation or self.country.name)


class Committee(PublishableModel, SourcedModel):
    name = models.CharField(_("name"), max_length=255)
    mandate = models.TextField(_("mandate"), blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    coordinating_country = CountryField(_("coordinating country"))

    completeness_fields = ("name", "mandate")

    class Meta:
        ordering = ["-published_at"]
        get_latest_by = "published_at"
        verbose_name = _("Organizing Committee")
        verbose_name_plural = _("Organizing Committees")
        permissions = [
            ("translate_committee", _("Can edit the language versions")),
            ("publish_committee", _("Can publish, schedule and withdraw")),
        ]
        constraints = [*PublishableModel.Meta.constraints]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        url = reverse("forum:committee")
        return url if self.is_public else f"{url}?preview={self.pk}"


class CommitteeMember(TimeStampedModel):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        COORDINATOR = "coordinator", _("Coordinator")
        MEMBER = "member", _("Member")

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    position = models.CharField(_("position"), max_length=300, blank=True)
    agency = models.ForeignKey(
        Organisation,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_members",
    )
    country = CountryField(_("country"))
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_sample = models.BooleanField(_("sample content"), default=False)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True)
                | Q(term_start__isnull=True)
                | Q(term_end__gte=F("term_start")),
                name="forum_committeemember_term_in_order",
            ),
            models.UniqueConstraint(
                fields=["committee", "person", "role"], name="forum_committeemember_unique_role"
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


class Secretariat(TimeStampedModel):
    committee = models.OneToOneField(
        Committee,
        verbose_name=_("committee"),
        on_delete=models.CASCADE,
        related_name="secretariat",
    )
    name = models.CharField(_("name"), max_length=255)
    address = models.TextField(_("address"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=64, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_sample = models.BooleanField(
        _("sample content"),
        default=False,
        help_text=_("Contact details for demonstration only; marked on the site."),
    )

    class Meta:
        verbose_name = _("Secretariat")
        verbose_name_plural = _("Secretariats")

    def __str__(self):
        return self.name


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
            models.Index(fields=["content_type", "object_id"], name="forum_statuschange_item")
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
