# International English dates, as the Forum's documents write them: 21 September 2025.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
# The admin's times (history, an edit's conflict), with the same date.
DATETIME_FORMAT = "j F Y, H:i"
