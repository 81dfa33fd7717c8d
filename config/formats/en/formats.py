"""English as this service writes it (British: day before month, no full stop after the day).

Django's own English formats are American ("Dec. 14, 2026", "12/14/2026"); Norwegian readers
of the English pages expect "14 December 2026". Only what differs from Django's is set here."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday
