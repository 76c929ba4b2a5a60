from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from forum.core import registry
from forum.core.content import (
    PublishableModel,
    PublishableQuerySet,
    SourcedModel,
    TimeStampedModel,
)
from forum.core.reversing import reverse


@registry.content()
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

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


@registry.content()
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

    def __str__(self):
        return self.name


class SessionQuerySet(PublishableQuerySet):
    def current_or_next(self):
        """The published session under way today, else the next one, else None."""
        today = timezone.localdate()
        return self.published().filter(end_date__gte=today).order_by("start_date").first()


@registry.content()
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

    class Meta(PublishableModel.Meta):
        ordering = ["-number"]
        get_latest_by = "start_date"
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
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


@registry.content(parent="session")
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


@registry.content()
class Committee(PublishableModel, SourcedModel):
    name = models.CharField(_("name"), max_length=255)
    mandate = models.TextField(_("mandate"), blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    coordinating_country = CountryField(_("coordinating country"))

    completeness_fields = ("name", "mandate")

    class Meta(PublishableModel.Meta):
        ordering = ["-published_at"]
        get_latest_by = "published_at"
        verbose_name = _("Organizing Committee")
        verbose_name_plural = _("Organizing Committees")
        constraints = [*PublishableModel.Meta.constraints]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        url = reverse("forum:committee")
        return url if self.is_public else f"{url}?preview={self.pk}"


@registry.content(parent="committee")
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


@registry.content(parent="committee")
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
