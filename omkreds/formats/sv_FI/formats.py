"""Finland-Swedish (sv-FI) date and number formats: Swedish words, Finnish order (d.m.yyyy).

Django ships `sv` (2026-12-07) and `fi` (7.12.2026) but no `sv_FI`; FORMAT_MODULE_PATH in
settings finds this module first for sv-fi, and plain `sv` still gets Django's own.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "G.i"
DATETIME_FORMAT = r"j F Y \k\l. G.i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j.n.Y"
SHORT_DATETIME_FORMAT = "j.n.Y G.i"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # '20.3.2014'
    "%d.%m.%y",  # '20.3.14'
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H.%M.%S",  # '20.3.2014 14.30.59'
    "%d.%m.%Y %H.%M",  # '20.3.2014 14.30'
    "%d.%m.%y %H.%M",  # '20.3.14 14.30'
]
TIME_INPUT_FORMATS = [
    "%H.%M.%S",  # '14.30.59'
    "%H.%M",  # '14.30'
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # Non-breaking space
NUMBER_GROUPING = 3
