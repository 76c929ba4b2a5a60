import datetime

import pytest
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from forum.core import workflow
from forum.core.content import Status
from forum.models import Participation, Session
from tests.forum.factories import (
    CommitteeMemberFactory,
    OrganisationFactory,
    PersonFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def rejected(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_published_queryset_shows_only_published_and_due():
    now = timezone.now()
    visible = SessionFactory(published_at=now - datetime.timedelta(minutes=1))
    coming = SessionFactory(published_at=now + datetime.timedelta(minutes=1))
    SessionFactory(draft=True)
    SessionFactory(status=Status.IN_REVIEW)
    SessionFactory(status=Status.WITHDRAWN, published_at=now - datetime.timedelta(days=1))
    assert list(Session.objects.published()) == [visible]
    # Published for a time still to come: the rest of the published, and nothing else.
    assert list(Session.objects.scheduled()) == [coming]


def test_publishing_stamps_the_time():
    session = SessionFactory(draft=True)
    session.status = Status.PUBLISHED
    workflow.save(session, None)
    assert session.published_at is not None
    assert session.is_public


def test_one_session_per_number():
    SessionFactory(number=3)
    rejected(lambda: SessionFactory(number=3))


def test_session_number_is_positive():
    rejected(lambda: SessionFactory(number=0))


def test_session_dates_in_order():
    rejected(
        lambda: SessionFactory(
            start_date=datetime.date(2025, 9, 21), end_date=datetime.date(2025, 9, 20)
        )
    )


def test_published_needs_a_publication_time():
    session = SessionFactory(draft=True)
    # Past the workflow's own guard (QuerySet.update refuses it), the database refuses it.
    rows = Session.objects.filter(pk=session.pk)
    rejected(lambda: models.QuerySet.update(rows, status=Status.PUBLISHED))


def test_participation_needs_a_country_or_an_organisation():
    session = SessionFactory()
    rejected(lambda: Participation.objects.create(session=session, country=""))


def test_participation_unique_per_session():
    session = SessionFactory()
    agency = OrganisationFactory()
    Participation.objects.create(session=session, organisation=agency, country="AZ")
    rejected(lambda: Participation.objects.create(session=session, organisation=agency))
    Participation.objects.create(session=session, country="TR")
    rejected(lambda: Participation.objects.create(session=session, country="TR"))


def test_committee_member_term_in_order():
    rejected(
        lambda: CommitteeMemberFactory(
            term_start=datetime.date(2025, 1, 1), term_end=datetime.date(2024, 1, 1)
        )
    )


def test_committee_member_role_once_per_person():
    member = CommitteeMemberFactory()
    rejected(
        lambda: CommitteeMemberFactory(
            committee=member.committee, person=member.person, role=member.role
        )
    )


@pytest.mark.parametrize(
    ("offset_start", "offset_end", "phase"),
    [(1, 2, Session.Phase.UPCOMING), (0, 0, Session.Phase.ONGOING), (-2, -1, Session.Phase.PAST)],
)
def test_session_phase_follows_from_the_dates(offset_start, offset_end, phase):
    today = timezone.localdate()
    session = SessionFactory(
        start_date=today + datetime.timedelta(days=offset_start),
        end_date=today + datetime.timedelta(days=offset_end),
    )
    assert session.phase == phase


def test_current_or_next_session():
    today = timezone.localdate()
    SessionFactory(start_date=today - datetime.timedelta(days=400))
    later = SessionFactory(start_date=today + datetime.timedelta(days=300))
    sooner = SessionFactory(start_date=today + datetime.timedelta(days=30))
    SessionFactory(start_date=today + datetime.timedelta(days=10), draft=True)
    later.end_date = later.start_date
    assert Session.objects.current_or_next() == sooner


def test_translated_fields_fall_back_in_str_and_attributes():
    person = PersonFactory(name_en="", name_ru="Ильхам Алиев", name_az="")
    from django.utils import translation

    with translation.override("en"):
        assert person.name == "Ильхам Алиев"
