"""
Every date format the site writes, in each language, against CLDR's (through Babel), for
days of all twelve months. Django's formats and month names come from its own locale
files and catalogues, the project's formats (forum/project/formats) and its overrides of
the month names (locale/third_party): Azerbaijani and Russian write month names in lower
case, Russian full dates with the genitive («21 сентября 2025 г.», CLDR's long date, «г.»
included) and month-year with the nominative («сентябрь 2025 г.»), «г.» held to the year
by a no-break space.

English is the Forum's international English (CLDR's "en_001": 21 September 2025), not
the American default ("September 21, 2025").
"""

import datetime

import pytest
from babel.dates import format_date, format_skeleton, get_date_format
from django.utils import formats, translation

from forum.core.templating import date as page_date

CLDR_LOCALE = {"az": "az", "en": "en_001", "ru": "ru"}
DAYS = [datetime.date(2025, month, day) for month in range(1, 13) for day in (1, 21)]


def site(value, name, language):
    with translation.override(language):
        return formats.date_format(value, name)


def cldr(text):
    """CLDR's date with the one difference the site makes: a no-break space where CLDR has
    a narrow one (before «г.»), which not every font has."""
    return text.replace("\u202f", "\xa0")


def short_pattern(language):
    """CLDR's short date where it is numeric, with the year in full (an archive's dates span
    centuries: 21.09.2025, not 21.09.25); in English, the medium one (21 Sept 2025), as
    the Forum writes dates in words."""
    if language == "en":
        return get_date_format("medium", locale=CLDR_LOCALE[language]).pattern
    pattern = get_date_format("short", locale=CLDR_LOCALE[language]).pattern
    return pattern.replace("yy", "y")


@pytest.mark.parametrize("language", ["az", "en", "ru"])
@pytest.mark.parametrize("day", DAYS, ids=str)
def test_dates_are_written_as_cldr_writes_them(language, day):
    locale = CLDR_LOCALE[language]
    expected = {
        "DATE_FORMAT": format_date(day, "long", locale=locale),
        "YEAR_MONTH_FORMAT": format_skeleton("yMMMM", day, locale=locale),
        # The admin's date hierarchy (its capfirst aside).
        "MONTH_DAY_FORMAT": format_skeleton("MMMMd", day, locale=locale),
        # CLDR abbreviates September "Sept" in international English; Django's "M", "Sep".
        "SHORT_DATE_FORMAT": format_date(day, short_pattern(language), locale=locale).replace(
            "Sept ", "Sep "
        ),
    }
    written = {name: site(day, name, language) for name in expected}
    assert written == {name: cldr(text) for name, text in expected.items()}


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_pages_and_the_admin_write_the_same_dates(language):
    day = datetime.date(2025, 9, 21)
    moment = datetime.datetime(2025, 9, 21, 10, 30)
    with translation.override(language):
        assert page_date(day) == formats.date_format(day, "DATE_FORMAT")
        # The admin's times (history, an edit's conflict) start with the same date.
        assert formats.date_format(moment, "DATETIME_FORMAT").startswith(page_date(day))


@pytest.mark.parametrize(
    ("language", "full", "month"),
    [
        ("az", "21 sentyabr 2025", "sentyabr 2025"),
        ("en", "21 September 2025", "September 2025"),
        ("ru", "21 сентября 2025\xa0г.", "сентябрь 2025\xa0г."),
    ],
)
def test_the_forum_s_dates_read_as_each_language_writes_them(language, full, month):
    day = datetime.date(2025, 9, 21)
    assert site(day, "DATE_FORMAT", language) == full
    assert site(day, "YEAR_MONTH_FORMAT", language) == month
