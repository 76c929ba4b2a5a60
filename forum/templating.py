"""What the public templates need of the Forum's models (forum/core/templating.py)."""

from django.utils.formats import date_format


def session_dates(session):
    """The dates ("20 – 21 September 2023"), or the month alone where only it is known."""
    if session.date_precision == session.DatePrecision.MONTH:
        start = date_format(session.start_date, "YEAR_MONTH_FORMAT")
        end = date_format(session.end_date, "YEAR_MONTH_FORMAT")
    else:
        start = date_format(session.start_date, "DATE_FORMAT")
        end = date_format(session.end_date, "DATE_FORMAT")
    return start if start == end else f"{start} – {end}"


filters = {"session_dates": session_dates}
