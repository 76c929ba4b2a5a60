import re
from typing import NamedTuple

from django.core.files.base import ContentFile
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from forum import photos
from forum.core import registry
from forum.core.content import (
    PublishableModel,
    PublishableQuerySet,
    SourcedModel,
    TimeStampedModel,
)
from forum.core.formatting import FormattedTextField
from forum.core.i18n import LANGUAGE_CODES, in_every_language
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
    # A person's name: "ad" / «имя», where an organisation's is "ad" / «название».
    name = models.CharField(pgettext_lazy("person", "name"), max_length=200)
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


def photo_path(photo, filename):
    """sessions/<number>/photos/<name>: the name made by ``SessionPhoto.store_sizes``."""
    return f"sessions/{photo.session.number}/photos/{filename}"


# What a new upload changes besides the file (a save naming its fields names these too).
SIZE_FIELDS = ("width", "height", "renditions")


class PhotoSize(NamedTuple):
    width: int
    height: int
    url: str


class SessionPhotoQuerySet(models.QuerySet):
    def described(self):
        """With alternative text in every language, and its sizes made: no photograph is
        shown without them."""
        # Greater than "": neither empty nor missing (NULL).
        described = self.filter(
            **{f"{column}__gt": "" for column in in_every_language("alt_text")}
        )
        return described.exclude(renditions=[])

    def published(self):
        """What the public may see: the described photographs of published sessions."""
        return self.described().filter(session__in=Session.objects.published())


@registry.content(parent="session")
class SessionPhoto(TimeStampedModel):
    """A photograph of a session, shown on its page once described in every language."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(
        _("photograph"),
        upload_to=photo_path,
        max_length=255,
        validators=[photos.validate_photo],
        help_text=_(
            "A JPEG, PNG or WebP file. Its camera data and location are removed, and the "
            "sizes the pages show are made from it."
        ),
    )
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    # [{"width": …, "height": …, "name": <the file in storage>}], narrowest first.
    renditions = models.JSONField(_("sizes for the web"), default=list, editable=False)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the photograph shows, for readers who cannot see it. The photograph is "
            "not shown until this is written in every language."
        ),
    )
    caption = models.CharField(
        _("caption"),
        max_length=500,
        blank=True,
        help_text=_("Shown below the photograph: the moment, the people, the photographer."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SessionPhotoQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("photograph")
        verbose_name_plural = _("photographs")

    def __str__(self):
        return self.caption or self.alt_text or self.image.name.rsplit("/", 1)[-1]

    def save(self, *args, **kwargs):
        if self.image and not self.image._committed:
            self.store_sizes()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], *SIZE_FIELDS}
        super().save(*args, **kwargs)

    def store_sizes(self):
        """Store the upload upright and without metadata, and its sizes beside it."""
        # Prepared when the upload was checked (validate_photo), or now if it was not.
        prepared = photos.prepared(self.image)
        uploaded = self.image.name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
        stem = slugify(uploaded, allow_unicode=True)[:60] or "photo"
        self.image.save(f"{stem}.{prepared.extension}", ContentFile(prepared.original), save=False)
        stored, storage = self.image.name.rsplit(".", 1)[0], self.image.storage
        self.renditions = [
            {
                "width": size.width,
                "height": size.height,
                "name": storage.save(f"{stored}-{size.width}.webp", ContentFile(size.data)),
            }
            for size in prepared.renditions
        ]
        self.width, self.height = prepared.width, prepared.height

    @property
    def is_described(self):
        return not self.undescribed_languages()

    def undescribed_languages(self):
        """The languages its alternative text is still missing in."""
        return [code for code in LANGUAGE_CODES if not getattr(self, f"alt_text_{code}")]

    @cached_property
    def sizes(self):
        """[PhotoSize], narrowest first, each at its address (checked there, as a page is)."""
        return [
            PhotoSize(size["width"], size["height"], self.url_of(size["name"]))
            for size in self.renditions
        ]

    @property
    def srcset(self):
        return ", ".join(f"{size.url} {size.width}w" for size in self.sizes)

    def url_of(self, name):
        return reverse(
            "forum:photo",
            kwargs={
                "number": self.session.number,
                "pk": self.pk,
                "filename": name.rsplit("/", 1)[-1],
            },
        )

    def rendition(self, filename):
        """The stored name of the size called ``filename`` (its last part), or None: only
        a size made of the photograph's own file (named by ``store_sizes`` after it)."""
        if not self.image or not isinstance(self.renditions, list):
            return None
        stem = re.escape(self.image.name.rsplit(".", 1)[0])
        own = re.compile(rf"{stem}-\d+(?:_[0-9A-Za-z]+)?\.webp")
        names = (size.get("name") for size in self.renditions if isinstance(size, dict))
        return next(
            (
                name
                for name in names
                if isinstance(name, str)
                and own.fullmatch(name)
                and name.rsplit("/", 1)[-1] == filename
            ),
            None,
        )


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


@registry.content()
class Page(PublishableModel):
    """An institutional page staff write: about the Forum, contact, accreditation, privacy…"""

    class Placement(models.TextChoices):
        NAVIGATION = "navigation", _("Main navigation")
        FOOTER = "footer", _("Footer")
        NONE = "none", _("In no menu")

    slug = models.SlugField(
        _("address"),
        max_length=80,
        unique=True,
        help_text=_(
            "The last part of the page’s address: “about” gives /en/pages/about/. Other "
            "sites link to it: change it only if the page is new."
        ),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences, shown to search engines and on shared links."),
    )
    body = FormattedTextField(_("text"), blank=True)
    placement = models.CharField(
        _("menu"), max_length=16, choices=Placement.choices, default=Placement.FOOTER
    )
    position = models.PositiveSmallIntegerField(
        _("position in the menu"), default=0, help_text=_("Lower numbers come first.")
    )
    shows_contact_details = models.BooleanField(
        _("show the Secretariat's contact details"),
        default=False,
        help_text=_("Below the text, from the published Organizing Committee's Secretariat."),
    )

    completeness_fields = ("title", "body")

    class Meta(PublishableModel.Meta):
        ordering = ["placement", "position", "pk"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [*PublishableModel.Meta.constraints]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forum:page", kwargs={"slug": self.slug})
