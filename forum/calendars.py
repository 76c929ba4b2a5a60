"""
The sessions as iCalendar files (RFC 5545) for readers' calendar programs: one for each
published session (sessions/<number>/calendar.ics) and one for all of them
(sessions/calendar.ics), in the page's language, linking back to the pages in it. Kept
by the public page cache as pages are, and dropped with them when content changes.
"""

import datetime
import re
from calendar import monthrange

import icalendar
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext
from django.views import View
from django.views.generic import DetailView

from forum.core.i18n import in_every_language, localized
from forum.core.preview import PreviewMixin
from forum.models import Session
from forum.templating import session_dates

CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//Baku Security Forum//Sessions//EN"
# A subscribed calendar of all the sessions is read again once a day.
REFRESH = datetime.timedelta(days=1)


def event(session, url, domain):
    """The VEVENT of ``session``, whose page (in the active language) is at ``url``."""
    start, end = days(session)
    theme = localized(session, "theme").text
    summary = gettext("Baku Security Forum — %(session)s") % {"session": session}
    if theme:
        summary = f"{summary}: {theme}"
    description = [theme]
    by_month = session.date_precision == Session.DatePrecision.MONTH
    if by_month:
        summary = gettext("%(summary)s (exact dates not known)") % {"summary": summary}
        description.append(
            gettext(
                "Only the month is known (%(month)s): the calendar shows the whole month, "
                "not the days of the session."
            )
            % {"month": session_dates(session)}
        )
    if session.organiser:
        organiser = localized(session.organiser, "name").text
        description.append(f"{gettext('Organiser')}: {organiser}")
    description.append(url)

    item = icalendar.Event()
    # The same event in every language and every file: programs that hold it already
    # (from a session's file, then from the file of all) update it, never double it.
    item.add("uid", f"session-{session.number}@{domain}")
    # Without a METHOD, DTSTAMP is when the event's information last changed (RFC 5545,
    # 3.8.7.2): the session's, so that a file made again is the same file.
    item.add("dtstamp", session.updated_at)
    item.add("last-modified", session.updated_at)
    item.add("dtstart", start)  # dates, so all-day (VALUE=DATE)
    item.add("dtend", end)
    if by_month:
        # Held on some days of the month, not all of them: the reader is not busy for a
        # month. The event itself is not in doubt, only its days, so it is not TENTATIVE.
        item.add("transp", "TRANSPARENT")
    item.add("summary", text(summary))
    item.add("description", text("\n\n".join(part for part in description if part)))
    item.add("location", text(place(session)))
    item.add("url", url)
    item.add("categories", [gettext("Baku Security Forum")])
    # No ORGANIZER: its value must be an address to write to (mailto:), and the organiser
    # has none to give; the description names it instead.
    return item


def days(session):
    """
    The first day and the day after the last (DTEND is exclusive for all-day events).

    Where only the month is known, the whole of it (of both, for a session reported over
    two): a day inside it would be a date no report gives, and readers would plan by it.
    The summary and description say so.
    """
    start, end = session.start_date, session.end_date
    if session.date_precision == Session.DatePrecision.MONTH:
        start = start.replace(day=1)
        end = end.replace(day=monthrange(end.year, end.month)[1])
    return start, day_after(end)


def day_after(day):
    """The next day; the last day a date can hold for itself (a year typed as 9999 must
    not take every subscriber's calendar down)."""
    return day if day == datetime.date.max else day + datetime.timedelta(days=1)


# What RFC 5545 allows in no TEXT value: control characters but the tab (line ends are
# escaped by icalendar). A text pasted from elsewhere may carry them.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text(value):
    return CONTROL.sub("", value)


def place(session):
    venue, city = localized(session, "venue").text, localized(session, "city").text
    return ", ".join(part for part in (venue, city) if part)


def calendar(request, sessions, name):
    """An iCalendar file of ``sessions``, each linking to its page in the active language."""
    domain = split_domain_port(request.get_host())[0] or "localhost"
    ical = icalendar.Calendar()
    ical.add("prodid", PRODID)
    ical.add("version", "2.0")
    ical.add("calscale", "GREGORIAN")
    ical.add("name", name)  # RFC 7986; X-WR-CALNAME for the programs that predate it
    ical.add("x-wr-calname", name)
    ical.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    ical.add("x-published-ttl", icalendar.vDuration(REFRESH))  # an X- name: typed here
    for session in sessions:
        url = request.build_absolute_uri(session.get_absolute_url())
        ical.add_component(event(session, url, domain))
    return ical.to_ical()


def response(content, filename):
    answer = HttpResponse(content, content_type=CONTENT_TYPE)
    answer["Content-Disposition"] = content_disposition_header(True, filename)
    answer["X-Content-Type-Options"] = "nosniff"
    return answer


def calendar_sessions(queryset):
    """What an event shows, the session's organiser with it, in one query."""
    return queryset.select_related("organiser").defer(*in_every_language("description"))


class SessionCalendarView(PreviewMixin, DetailView):
    """One session's calendar: public while the session is, to staff as its page is."""

    slug_field = "number"
    slug_url_kwarg = "number"

    def get_queryset(self):
        sessions = Session.objects if self.can_preview() else Session.objects.published()
        return calendar_sessions(sessions)

    def render_to_response(self, context, **response_kwargs):
        session = self.object
        name = gettext("Baku Security Forum — %(session)s") % {"session": session}
        return response(
            calendar(self.request, [session], name),
            f"baku-security-forum-session-{session.number}-{get_language()}.ics",
        )


class SessionsCalendarView(View):
    """Every published session's calendar, to import once or to subscribe to."""

    http_method_names = ["get", "head"]

    def get(self, request):
        sessions = calendar_sessions(Session.objects.published()).order_by("number")
        name = gettext("Baku Security Forum: sessions")
        return response(
            calendar(request, sessions, name),
            f"baku-security-forum-sessions-{get_language()}.ics",
        )
