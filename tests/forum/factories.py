import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from forum.core import workflow
from forum.core.content import Status, Via
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


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name_en = factory.Sequence(lambda n: f"Agency {n}")
    name_ru = factory.Sequence(lambda n: f"Ведомство {n}")
    name_az = factory.Sequence(lambda n: f"Qurum {n}")
    kind = Organisation.Kind.SECURITY_SERVICE
    country = "AZ"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name_en = factory.Sequence(lambda n: f"Person {n}")
    name_ru = factory.Sequence(lambda n: f"Лицо {n}")
    name_az = factory.Sequence(lambda n: f"Şəxs {n}")
    country = "AZ"


class PublishedFactory(factory.django.DjangoModelFactory):
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Through the workflow's door, as the system: the model refuses any other way.
        return workflow.save(model_class(*args, **kwargs), None, Via.SHELL)

    class Params:
        draft = factory.Trait(status=Status.DRAFT, published_at=None)


class SessionFactory(PublishedFactory):
    class Meta:
        model = Session

    number = factory.Sequence(lambda n: n + 1)
    theme_en = factory.Sequence(lambda n: f"Theme of session {n + 1}")
    theme_ru = factory.Sequence(lambda n: f"Тема заседания {n + 1}")
    theme_az = factory.Sequence(lambda n: f"İclasın mövzusu {n + 1}")
    start_date = factory.Sequence(lambda n: datetime.date(2000 + n, 9, 21))
    end_date = factory.LazyAttribute(lambda o: o.start_date)
    city_en = "Baku"
    city_ru = "Баку"
    city_az = "Bakı"


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    session = factory.SubFactory(SessionFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    country = "AZ"


class CommitteeFactory(PublishedFactory):
    class Meta:
        model = Committee

    name_en = "Organizing Committee"
    name_ru = "Организационный комитет"
    name_az = "Təşkilat Komitəsi"
    mandate_en = "To hold the Forum annually."
    coordinating_country = "AZ"


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    committee = factory.SubFactory(CommitteeFactory)
    person = factory.SubFactory(PersonFactory)
    agency = factory.SubFactory(OrganisationFactory)
    position_en = "Deputy head"
    country = "AZ"
    order = factory.Sequence(int)


class SecretariatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Secretariat

    committee = factory.SubFactory(CommitteeFactory)
    name_en = "Secretariat"
    email = "secretariat@example.org"


# The states in which an item must appear on no public surface.
HIDDEN_STATES = {
    "draft": {"status": Status.DRAFT, "published_at": None},
    "in_review": {"status": Status.IN_REVIEW, "published_at": None},
    "withdrawn": {"status": Status.WITHDRAWN},
    "scheduled": {"published_at": timezone.now() + datetime.timedelta(days=1)},
}


class PageFactory(PublishedFactory):
    class Meta:
        model = Page

    slug = factory.Sequence(lambda n: f"page-{n}")
    title_en = factory.Sequence(lambda n: f"Page {n}")
    title_ru = factory.Sequence(lambda n: f"Страница {n}")
    title_az = factory.Sequence(lambda n: f"Səhifə {n}")
    body_en = "<p>What the page says.</p>"
    placement = Page.Placement.FOOTER


# Session photographs: pictures made here, as a camera would write them if asked.
GPS_IFD = 0x8825
ORIENTATION = 0x0112


def picture(size=(1200, 800), format="JPEG", orientation=None, gps=False, **options):
    """A picture, left half red and right half blue, with what a camera writes if asked."""
    image = Image.new("RGB", size, (30, 60, 200))
    image.paste((200, 30, 30), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    if orientation:
        exif[ORIENTATION] = orientation
    if gps:
        exif[0x010F] = "CameraMaker"
        exif[GPS_IFD] = {1: "N", 2: (40.0, 22.0, 7.5), 3: "E", 4: (49.0, 50.0, 1.2)}
    if len(exif):
        options["exif"] = exif
    buffer = io.BytesIO()
    image.save(buffer, format, **options)
    return buffer.getvalue()


DESCRIBED = {
    "alt_text_az": "Nümayəndə heyətlərinin rəhbərləri zalda",
    "alt_text_en": "Heads of delegations in the hall",
    "alt_text_ru": "Главы делегаций в зале",
    "caption_en": "The opening of the session",
}


class SessionPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionPhoto

    session = factory.SubFactory(SessionFactory)
    image = factory.LazyFunction(lambda: SimpleUploadedFile("photo.jpg", picture()))
    alt_text_az = DESCRIBED["alt_text_az"]
    alt_text_en = DESCRIBED["alt_text_en"]
    alt_text_ru = DESCRIBED["alt_text_ru"]
    caption_en = DESCRIBED["caption_en"]
