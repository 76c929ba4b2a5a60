# Django's Russian formats, as CLDR writes them: the year and «г.» held together by a
# no-break space (CLDR's is a narrow one, which not every font has), and the day and month
# in the genitive («21 сентября», not Django's «21 Сентябрь»; the admin's date hierarchy).
DATE_FORMAT = "j E Y\xa0г."
YEAR_MONTH_FORMAT = "F Y\xa0г."
MONTH_DAY_FORMAT = "j E"
DATETIME_FORMAT = "j E Y\xa0г., G:i"
