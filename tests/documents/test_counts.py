"""
The counts a reader sees — beside each kind of the document list, the list's total, a
session's "All N documents of this kind" — read from the counts the database keeps
(documents.PublishedCount), and stay right whatever path changes the documents.
"""

import datetime

import pytest
import time_machine
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from documents.models import Document, Kind, PublishedCount
from documents.views import PER_KIND
from forum.core import workflow
from forum.core.content import Status
from forum.models import Session
from tests.documents.factories import (
    AddressFactory,
    AttachmentFactory,
    DeclarationFactory,
    DocumentFactory,
    InitiativeFactory,
)
from tests.forum.factories import SessionFactory

pytestmark = pytest.mark.django_db
LIST = "/en/documents/"
HOUR = datetime.timedelta(hours=1)
ADDRESS, REPORT, STATEMENT = Kind.ADDRESS, Kind.REPORT, Kind.STATEMENT


@pytest.fixture
def third():
    return SessionFactory(number=3, start_date=datetime.date(2025, 9, 21))


@pytest.fixture
def second():
    return SessionFactory(number=2, start_date=datetime.date(2024, 9, 17))


def listed(client, **filters):
    """The counts beside each kind, and the list's total, for these filters."""
    response = client.get(LIST, filters)
    assert response.status_code == 200
    return response.context["kind_counts"], response.context["paginator"].count


def session_page(client, session):
    """{kind: (documents shown, all of them)} of the session's page, and its text."""
    response = client.get(f"/en/sessions/{session.number}/")
    assert response.status_code == 200
    groups = response.context["document_groups"]
    shown = {group["kind"]: (len(group["documents"]), group["total"]) for group in groups}
    return shown, response.content.decode()


def assert_counts_are_the_archives():
    """What the kept counts give, for every session and year and both, is what counting
    the archive gives."""
    years = {day.year for day in Document.objects.dates("date", "year")}
    for session in [None, *Session.objects.all()]:
        for year in [None, *years]:
            public = Document.objects.published().order_by()
            if session is not None:
                public = public.filter(session=session)
            if year is not None:
                public = public.filter(date__year=year)
            counted = dict(public.values_list("kind").annotate(count=Count("pk")))
            assert PublishedCount.objects.by_kind(session=session, year=year) == counted


def test_published_documents_are_counted_and_drafts_never(client, third, second):
    AddressFactory.create_batch(2, session=third)
    DocumentFactory(kind=REPORT, session=second, date=datetime.date(2024, 9, 18))
    DocumentFactory(kind=REPORT, session=third, draft=True)
    DocumentFactory(kind=REPORT, session=third, status=Status.IN_REVIEW, published_at=None)

    assert listed(client) == ({ADDRESS: 2, REPORT: 1}, 3)
    # Beside each kind, what the other filters leave: the kinds chosen aside.
    assert listed(client, kind=ADDRESS) == ({ADDRESS: 2, REPORT: 1}, 2)
    assert listed(client, session=3) == ({ADDRESS: 2}, 2)
    assert listed(client, year=2024) == ({REPORT: 1}, 1)
    assert listed(client, session=3, kind=REPORT, year=2025) == ({ADDRESS: 2}, 0)
    assert listed(client, session=2, kind=REPORT, year=2024) == ({REPORT: 1}, 1)
    assert listed(client, session=3, year=2024) == ({}, 0)
    assert session_page(client, third)[0] == {ADDRESS: (2, 2)}
    assert_counts_are_the_archives()


def test_publish_withdraw_and_publish_again_through_the_workflow(client, third):
    draft = DocumentFactory(kind=REPORT, session=third, draft=True)
    assert listed(client, session=3) == ({}, 0)

    workflow.move([draft], Status.IN_REVIEW, None)
    assert listed(client, session=3) == ({}, 0)
    workflow.move([draft], Status.PUBLISHED, None)
    assert listed(client, session=3) == ({REPORT: 1}, 1)
    assert session_page(client, third)[0] == {REPORT: (1, 1)}
    workflow.move([draft], Status.WITHDRAWN, None)
    assert listed(client, session=3) == ({}, 0)
    assert session_page(client, third)[0] == {}
    workflow.move([draft], Status.PUBLISHED, None)
    assert listed(client) == ({REPORT: 1}, 1)
    workflow.move([draft], Status.WITHDRAWN, None)
    workflow.move([draft], Status.DRAFT, None)
    assert listed(client) == ({}, 0)
    assert_counts_are_the_archives()


def test_scheduled_documents_are_counted_when_their_time_comes(client, third):
    now = timezone.now()
    DocumentFactory(kind=REPORT, session=third)
    DocumentFactory(kind=REPORT, session=third, published_at=now + HOUR)
    later = DocumentFactory(kind=ADDRESS, session=third, published_at=now + 2 * HOUR)
    assert listed(client) == ({REPORT: 1}, 1)
    assert listed(client, session=3, year=2025) == ({REPORT: 1}, 1)
    assert session_page(client, third)[0] == {REPORT: (1, 1)}

    # No row changes when the time comes: the counts follow the clock.
    with time_machine.travel(now + 1.5 * HOUR):
        assert listed(client) == ({REPORT: 2}, 2)
        assert listed(client, kind=REPORT, session=3, year=2025) == ({REPORT: 2}, 2)
        assert session_page(client, third)[0] == {REPORT: (2, 2)}
    with time_machine.travel(now + 3 * HOUR):
        assert listed(client) == ({REPORT: 2, ADDRESS: 1}, 3)

    # Published now, then put off again (a reschedule): out of the counts until then.
    workflow.move([later], Status.PUBLISHED, None, when=now - HOUR)
    assert listed(client, session=3) == ({REPORT: 1, ADDRESS: 1}, 2)
    workflow.move([later], Status.PUBLISHED, None, when=now + 5 * HOUR)
    assert listed(client, session=3) == ({REPORT: 1}, 1)
    assert_counts_are_the_archives()


def test_a_change_of_kind_session_or_date_moves_the_count(client, third, second):
    document = DocumentFactory(kind=REPORT, session=third)
    assert listed(client, session=3, year=2025) == ({REPORT: 1}, 1)

    document.kind = STATEMENT
    workflow.save(document, None)
    assert listed(client, session=3, year=2025) == ({STATEMENT: 1}, 1)

    document.session = second
    workflow.save(document, None)
    assert listed(client, session=3) == ({}, 0)
    assert listed(client, session=2, year=2025) == ({STATEMENT: 1}, 1)

    document.date = datetime.date(2024, 9, 17)
    workflow.save(document, None)
    assert listed(client, year=2025) == ({}, 0)
    assert listed(client, session=2, year=2024) == ({STATEMENT: 1}, 1)
    assert session_page(client, second)[0] == {STATEMENT: (1, 1)}

    # An edit of what is not counted leaves the counts as they were.
    document.title_en = "Another title"
    workflow.save(document, None)
    assert listed(client) == ({STATEMENT: 1}, 1)
    assert_counts_are_the_archives()


def test_deleted_documents_leave_the_counts(client, third):
    declaration = DeclarationFactory(session=third)
    AttachmentFactory(document=declaration)
    InitiativeFactory(declaration=declaration, draft=True)  # deleted with it
    addresses = AddressFactory.create_batch(3, session=third)
    assert listed(client, session=3) == ({Kind.DECLARATION: 1, ADDRESS: 3}, 4)

    # The workflow has a published document withdrawn before it is deleted.
    workflow.move([declaration, *addresses[:2]], Status.WITHDRAWN, None)
    declaration.delete()
    Document.objects.filter(pk__in=[address.pk for address in addresses[:2]]).delete()
    assert listed(client, session=3) == ({ADDRESS: 1}, 1)
    assert session_page(client, third)[0] == {ADDRESS: (1, 1)}
    # A delete that passes the workflow by, in SQL, is counted as well.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM documents_document WHERE id = %s", [addresses[2].pk])
    assert listed(client) == ({}, 0)
    assert_counts_are_the_archives()
    # A session without documents can go, its counts (of none) with it.
    workflow.move([third], Status.WITHDRAWN, None)
    third.delete()
    assert not PublishedCount.objects.filter(session=third.pk).exists()


def test_bulk_created_admitted_documents_are_counted(client, third):
    now = timezone.now()
    rows = [
        Document(
            kind=kind,
            slug=f"bulk-{n}",
            title_en=f"Bulk {n}",
            date=datetime.date(2025, 9, 21),
            session=third,
            status=status,
            published_at=published_at,
        )
        for n, (kind, status, published_at) in enumerate(
            [
                (REPORT, Status.PUBLISHED, now - HOUR),
                (REPORT, Status.PUBLISHED, now - HOUR),
                (ADDRESS, Status.PUBLISHED, now - HOUR),
                (ADDRESS, Status.PUBLISHED, now + HOUR),
                (ADDRESS, Status.DRAFT, None),
            ]
        )
    ]
    Document.objects.bulk_create(workflow.admit_all(rows))
    assert listed(client) == ({REPORT: 2, ADDRESS: 1}, 3)
    assert listed(client, session=3, kind=ADDRESS, year=2025) == ({REPORT: 2, ADDRESS: 1}, 1)
    assert session_page(client, third)[0] == {REPORT: (2, 2), ADDRESS: (1, 1)}
    assert_counts_are_the_archives()


def test_updates_and_raw_sql_keep_the_counts(client, third, second):
    AddressFactory.create_batch(2, session=third)
    DocumentFactory.create_batch(2, kind=REPORT, session=second, date=datetime.date(2024, 1, 5))
    DocumentFactory(kind=REPORT, draft=True)

    Document.objects.filter(kind=ADDRESS).update(kind=STATEMENT)  # the queryset's update
    assert listed(client) == ({STATEMENT: 2, REPORT: 2}, 4)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE documents_document SET session_id = %s, date = '2025-02-01'"
            " WHERE kind = 'report'",
            [third.pk],
        )
        cursor.execute(
            "UPDATE documents_document SET status = 'withdrawn' WHERE kind = 'statement'"
        )
    assert listed(client, session=3, year=2025) == ({REPORT: 2}, 2)
    assert listed(client, session=2) == ({}, 0)
    assert_counts_are_the_archives()

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM documents_document WHERE status = 'published'")
    assert listed(client) == ({}, 0)
    AddressFactory(session=third)
    with connection.cursor() as cursor:
        # The foreign keys' deferred checks of the test's inserts run first: PostgreSQL
        # truncates no table with checks pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE documents_document CASCADE")
    assert listed(client) == ({}, 0)
    assert_counts_are_the_archives()


def test_session_page_shows_the_newest_of_each_kind_and_how_many(client, third, second):
    start = datetime.date(2025, 1, 1)
    reports = [
        DocumentFactory(kind=REPORT, session=third, date=start + datetime.timedelta(days=n))
        for n in range(PER_KIND + 2)
    ]
    AddressFactory.create_batch(2, session=third)
    DocumentFactory(kind=REPORT, session=third, date=datetime.date(2026, 1, 1), draft=True)
    DocumentFactory(kind=REPORT, session=second, date=datetime.date(2026, 1, 1))
    DocumentFactory(
        kind=REPORT,
        session=third,
        date=datetime.date(2026, 1, 1),
        published_at=timezone.now() + HOUR,
    )

    response = client.get(f"/en/sessions/{third.number}/")
    groups = {group["kind"]: group for group in response.context["document_groups"]}
    newest = [d.pk for d in sorted(reports, key=lambda d: d.date, reverse=True)[:PER_KIND]]
    assert [d.pk for d in groups[REPORT]["documents"]] == newest
    assert groups[REPORT]["total"] == PER_KIND + 2
    assert len(groups[ADDRESS]["documents"]) == groups[ADDRESS]["total"] == 2
    text = response.content.decode()
    assert f"All {PER_KIND + 2} documents of this kind" in text
    assert f"session=3&amp;kind={REPORT}" in text
    assert f"kind={ADDRESS}" not in text  # all of them are shown

    workflow.move(reports[:2], Status.WITHDRAWN, None)
    shown, text = session_page(client, third)
    assert shown == {REPORT: (PER_KIND, PER_KIND), ADDRESS: (2, 2)}
    assert "documents of this kind" not in text


@pytest.mark.parametrize(
    "url",
    [
        LIST,
        f"{LIST}?kind=report",
        f"{LIST}?session=3&kind=report&year=2025",
        "/en/sessions/3/",
    ],
)
def test_query_counts_do_not_grow_with_the_documents(client, third, url):
    AddressFactory(session=third)
    DocumentFactory(kind=REPORT, session=third)  # a page to show (an empty one asks less)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    client.get("/en/")  # the menus, read once for each content version (forum/templating.py)
    few = queries()
    for kind in (REPORT, STATEMENT, Kind.PRESS_RELEASE):
        DocumentFactory.create_batch(PER_KIND + 3, kind=kind, session=third)
    DocumentFactory(kind=REPORT, session=third, published_at=timezone.now() + HOUR)
    assert queries() == few
