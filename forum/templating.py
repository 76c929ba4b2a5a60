"""What the public templates need of the Forum's models (forum/core/templating.py)."""

import functools

from django.utils.translation import get_language

from forum.core.templating import date


def session_dates(session):
    """The dates ("20 – 21 September 2023"), or the month alone where only it is known."""
    by_month = session.date_precision == session.DatePrecision.MONTH
    return _dates(session.start_date, session.end_date, by_month, get_language())


@functools.lru_cache(maxsize=1024)
def _dates(start, end, by_month, language):
    style = "YEAR_MONTH_FORMAT" if by_month else "DATE_FORMAT"
    start, end = date(start, style), date(end, style)
    return start if start == end else f"{start} – {end}"


filters = {"session_dates": session_dates}
