import datetime

import factory
from django.utils import timezone

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
