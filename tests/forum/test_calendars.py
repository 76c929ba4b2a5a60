"""The sessions' iCalendar files (forum/calendars.py), read back with icalendar."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from icalendar import Calendar

from forum.core import workflow
from forum.core.content import Status, Via
from forum.models import Session
from tests.forum.factories import HIDDEN_STATES, OrganisationFactory, SessionFactory

pytestmark = pytest.mark.django_db

BY_MONTH = Session.DatePrecision.MONTH


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Disposition"].endswith('.ics"')
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    return calendar


def events(calendar):
    return {int(event["UID"].split("@")[0].removeprefix("session-")): event
            for event in calendar.walk("VEVENT")}  # fmt: skip


def dates(event):
    return event.decoded("DTSTART"), event.decoded("DTEND")


def is_all_day(event):
    return all(
        event[name].params.get("VALUE") == "DATE"
        and type(event.decoded(name)) is datetime.date  # not a datetime
        for name in ("DTSTART", "DTEND")
    )


@pytest.fixture
def sessions():
    organiser = OrganisationFactory(name_en="State Security Service", name_ru="СГБ")
    return {
        "day": SessionFactory(
            number=3,
            start_date=datetime.date(2025, 9, 21),
            end_date=datetime.date(2025, 9, 21),
            theme_en="Interaction of security bodies",
            theme_ru="Взаимодействие органов безопасности",
            theme_az="Təhlükəsizlik orqanlarının qarşılıqlı fəaliyyəti",
            venue_en="Congress Centre",
            venue_ru="Конгресс-центр",
            organiser=organiser,
        ),
        "two days": SessionFactory(
            number=4,
            start_date=datetime.date(2026, 12, 30),
            end_date=datetime.date(2026, 12, 31),
        ),
        "month": SessionFactory(
            number=2,
            start_date=datetime.date(2024, 9, 1),
            end_date=datetime.date(2024, 9, 30),
            date_precision=BY_MONTH,
        ),
    }


def test_a_one_day_session(client, sessions):
    calendar = read(client, "/en/sessions/3/calendar.ics")
    (event,) = calendar.walk("VEVENT")
    assert is_all_day(event)
    assert dates(event) == (datetime.date(2025, 9, 21), datetime.date(2025, 9, 22))
    assert str(event["SUMMARY"]) == (
        "Baku Security Forum — Session 3: Interaction of security bodies"
    )
    assert str(event["LOCATION"]) == "Congress Centre, Baku"
    assert str(event["URL"]) == "http://testserver/en/sessions/3/"
    description = str(event["DESCRIPTION"])
    assert "Interaction of security bodies" in description
    assert "Organiser: State Security Service" in description
    assert description.endswith("http://testserver/en/sessions/3/")
    assert event.decoded("DTSTAMP") == sessions["day"].updated_at.replace(microsecond=0)
    assert [str(c) for c in event["CATEGORIES"].cats] == ["Baku Security Forum"]
    assert "TRANSP" not in event and "STATUS" not in event
    assert "ORGANIZER" not in event  # no address to write to: named in the description
    assert str(calendar["X-WR-CALNAME"]) == "Baku Security Forum — Session 3"


def test_a_two_day_session_ends_the_day_after_its_last(client, sessions):
    (event,) = read(client, "/en/sessions/4/calendar.ics").walk("VEVENT")
    assert is_all_day(event)
    assert dates(event) == (datetime.date(2026, 12, 30), datetime.date(2027, 1, 1))


@pytest.mark.parametrize(
    ("start", "end", "span"),
    [
        # As the reports give it: the month's first and last days.
        ((2024, 9, 1), (2024, 9, 30), ((2024, 9, 1), (2024, 10, 1))),
        # A day typed in the month: still the whole month, never that day.
        ((2023, 5, 17), (2023, 5, 17), ((2023, 5, 1), (2023, 6, 1))),
        # December: into the next year.
        ((2027, 12, 1), (2027, 12, 1), ((2027, 12, 1), (2028, 1, 1))),
    ],
)
def test_a_month_only_session_spans_its_month_and_says_why(client, start, end, span):
    SessionFactory(
        number=9,
        start_date=datetime.date(*start),
        end_date=datetime.date(*end),
        date_precision=BY_MONTH,
        theme_en="",
        theme_az="",
        theme_ru="",
    )
    (event,) = read(client, "/en/sessions/9/calendar.ics").walk("VEVENT")
    assert is_all_day(event)
    assert dates(event) == tuple(datetime.date(*day) for day in span)
    assert str(event["SUMMARY"]) == "Baku Security Forum — Session 9 (exact dates not known)"
    assert "Only the month is known" in str(event["DESCRIPTION"])
    assert event["TRANSP"] == "TRANSPARENT"  # not a month of the reader's time


def in_language(language, text, **values):
    """``text`` as the catalogue of ``language`` has it (the interface's words)."""
    with translation.override(language):
        return translation.gettext(text) % values


@pytest.mark.parametrize(
    ("language", "session", "theme", "location"),
    [
        ("az", "İclas № 3", "Təhlükəsizlik orqanlarının qarşılıqlı fəaliyyəti",
         "Congress Centre, Bakı"),
        ("ru", "Заседание № 3", "Взаимодействие органов безопасности", "Конгресс-центр, Баку"),
    ],
)  # fmt: skip
def test_every_language_links_back_in_it(client, sessions, language, session, theme, location):
    (event,) = read(client, f"/{language}/sessions/3/calendar.ics").walk("VEVENT")
    title = in_language(language, "Baku Security Forum — %(session)s", session=session)
    assert str(event["SUMMARY"]) == f"{title}: {theme}"
    # The venue has no Azerbaijani name: given in the original, as the page gives it.
    assert str(event["LOCATION"]).endswith(location)
    assert str(event["URL"]) == f"http://testserver/{language}/sessions/3/"
    assert str(event["DESCRIPTION"]).endswith(f"http://testserver/{language}/sessions/3/")


def test_the_same_session_is_the_same_event_in_every_language_and_file(client, sessions):
    uids = set()
    for language in ("az", "en", "ru"):
        single = read(client, f"/{language}/sessions/3/calendar.ics").walk("VEVENT")
        every = events(read(client, f"/{language}/sessions/calendar.ics"))
        uids |= {str(single[0]["UID"]), str(every[3]["UID"])}
    assert uids == {"session-3@testserver"}


def test_all_sessions_in_one_calendar(client, sessions):
    calendar = read(client, "/ru/sessions/calendar.ics")
    found = events(calendar)
    assert sorted(found) == [2, 3, 4]
    assert len({str(event["UID"]) for event in found.values()}) == 3
    assert str(found[4]["URL"]) == "http://testserver/ru/sessions/4/"
    assert dates(found[2]) == (datetime.date(2024, 9, 1), datetime.date(2024, 10, 1))
    assert str(calendar["X-WR-CALNAME"]) == in_language("ru", "Baku Security Forum: sessions")
    # Subscribed to, it is read again once a day.
    assert calendar.decoded("REFRESH-INTERVAL") == datetime.timedelta(days=1)
    assert str(calendar["X-PUBLISHED-TTL"]) == "P1D"


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_a_hidden_session_is_in_no_calendar(client, sessions, state):
    SessionFactory(number=77, theme_en="qvzmarker", **HIDDEN_STATES[state])
    assert client.get("/en/sessions/77/calendar.ics").status_code == 404
    content = client.get("/en/sessions/calendar.ics").content
    assert b"qvzmarker" not in content and b"session-77" not in content
    assert sorted(events(Calendar.from_ical(content))) == [2, 3, 4]


def test_staff_preview_a_draft_session_s_calendar_never_cached(staff_client):
    SessionFactory(number=77, draft=True)
    response = staff_client.get("/en/sessions/77/calendar.ics")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_no_session_yet_is_an_empty_calendar(client):
    calendar = read(client, "/en/sessions/calendar.ics")
    assert calendar.walk("VEVENT") == []


def test_the_pages_offer_the_calendars(client, sessions):
    detail = client.get("/en/sessions/3/").content.decode()
    assert 'href="/en/sessions/3/calendar.ics" type="text/calendar"' in detail
    listing = client.get("/en/sessions/").content.decode()
    assert 'href="/en/sessions/calendar.ics" type="text/calendar"' in listing


def test_the_calendar_of_all_sessions_costs_one_query(client, sessions):
    with CaptureQueriesContext(connection) as few:
        client.get("/en/sessions/calendar.ics")
    SessionFactory.create_batch(5, organiser=OrganisationFactory())
    with CaptureQueriesContext(connection) as more:
        client.get("/en/sessions/calendar.ics")
    assert len(few) == len(more)


@pytest.mark.django_db(transaction=True)
def test_cached_and_dropped_when_a_session_is_withdrawn(settings):
    settings.PUBLIC_PAGE_CACHE = True
    client = Client()
    session = SessionFactory(number=5, theme_en="Before")
    first = client.get("/en/sessions/calendar.ics")
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/en/sessions/calendar.ics")
    assert len(queries) == 0 and second.content == first.content
    assert second["Content-Type"] == "text/calendar; charset=utf-8"
    assert b"Before" in second.content

    session.theme_en = "After"
    workflow.save(session, None, Via.SHELL)
    assert b"After" in client.get("/en/sessions/5/calendar.ics").content
    workflow.move([session], Status.WITHDRAWN, None)
    assert client.get("/en/sessions/5/calendar.ics").status_code == 404
    assert b"session-5@" not in client.get("/en/sessions/calendar.ics").content
