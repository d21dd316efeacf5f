"""MSPDI vocabulary shared by the reader and the writer: codes, durations, lags and times.

Sources: Microsoft's XML Data Interchange reference (learn.microsoft.com, "Project XML Data
Interchange Schema Reference": LinkLag is in tenths of a minute and "requires a LagFormat";
LagFormat / DurationFormat codes 3 m, 4 em, 5 h, 6 eh, 7 d, 8 ed, 9 w, 10 ew, 11 mo, 12 emo,
19 %, 20 e%, 35..52 the same estimated, 21/53 null).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from picturelock.domain.calendar import SLOTS_PER_DAY, day_of
from picturelock.domain.plan import ConstraintKind, LinkType

NAMESPACE = "http://schemas.microsoft.com/project"
DEFAULT_MINUTES_PER_DAY = 480
ELAPSED_MINUTES_PER_DAY = 24 * 60

# Working hours written for a working day: two half-day slots, 8 hours in all.
MORNING = (time(8, 0), time(12, 0))
AFTERNOON = (time(13, 0), time(17, 0))

LINK_TYPES = {0: LinkType.FF, 1: LinkType.FS, 2: LinkType.SF, 3: LinkType.SS}
LINK_CODES = {kind: code for code, kind in LINK_TYPES.items()}

# MSPDI ConstraintType codes
CONSTRAINT_NAMES = {0: "ASAP", 1: "ALAP", 2: "MSO", 3: "MFO", 4: "SNET", 5: "SNLT", 6: "FNET", 7: "FNLT"}
CONSTRAINT_KINDS = {3: ConstraintKind.MFO, 4: ConstraintKind.SNET, 7: ConstraintKind.FNLT}
CONSTRAINT_CODES = {kind: code for code, kind in CONSTRAINT_KINDS.items()}

FORMAT_DAYS, FORMAT_ELAPSED_DAYS = 7, 8
_WORKING_FORMATS = {3, 5, 7, 9, 11, 35, 37, 39, 41, 43}
_ELAPSED_FORMATS = {4, 6, 8, 10, 12, 36, 38, 40, 42, 44}
PERCENT_FORMATS = {19, 20, 51, 52}

# Extended attributes (custom fields) that carry Picture Lock ids through MS Project.
TASK_TEXT1 = 188743731
RESOURCE_TEXT1 = 205520904
ID_ALIAS = "Picture Lock id"
# ...and their organisations (the vendor, facility or client an item belongs to), in Text2.
TASK_TEXT2 = 188743734
RESOURCE_TEXT2 = 205520905
ORGANISATION_ALIAS = "Picture Lock organisation"

_ISO_DURATION = re.compile(
    r"^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)


def duration_minutes(text: str) -> Decimal | None:
    """Minutes in an ISO 8601 duration as MS Project writes it ("PT16H0M0S"); None if malformed."""
    match = _ISO_DURATION.match(text.strip())
    if not match or text.strip() in {"P", "PT", "-P"}:
        return None
    sign, years, months, days, hours, minutes, seconds = match.groups()
    if years or months:
        return None  # calendar months have no fixed length; MS Project does not write them
    total = (
        Decimal(days or 0) * ELAPSED_MINUTES_PER_DAY
        + Decimal(hours or 0) * 60
        + Decimal(minutes or 0)
        + Decimal(seconds or 0) / 60
    )
    return -total if sign else total


def iso_duration(minutes: Decimal) -> str:
    """ "PT16H0M0S" for 960 minutes (negative durations get a leading minus)."""
    sign = "-" if minutes < 0 else ""
    whole = abs(minutes)
    hours, rest = divmod(whole, 60)
    mins = int(rest)
    secs = int((rest - mins) * 60)
    return f"{sign}PT{int(hours)}H{mins}M{secs}S"


def days_to_half_days(days: Decimal) -> tuple[Decimal, bool]:
    """`days` rounded to the nearest half day, and whether it was already whole half days."""
    slots = (days * SLOTS_PER_DAY).to_integral_value()
    return slots / SLOTS_PER_DAY, slots == days * SLOTS_PER_DAY


def lag_is_elapsed(lag_format: int) -> bool | None:
    """True for elapsed formats, False for working ones, None for percent/null/unknown."""
    if lag_format in _ELAPSED_FORMATS:
        return True
    if lag_format in _WORKING_FORMATS:
        return False
    return None


def parse_datetime(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        return None


def finish_day(moment: datetime) -> date:
    """The inclusive day a finish falls on: midnight belongs to the day before."""
    if moment.time() == time(0, 0):
        return moment.date() - timedelta(days=1)
    return moment.date()


def stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def start_stamp(day: date) -> str:
    return stamp(datetime.combine(day, MORNING[0]))


def finish_stamp(day: date) -> str:
    return stamp(datetime.combine(day, AFTERNOON[1]))


def point_start(origin: date, point: int) -> str:
    """A start point on the slot axis as a time of day: 08:00 or 13:00."""
    half = MORNING if point % SLOTS_PER_DAY == 0 else AFTERNOON
    return stamp(datetime.combine(day_of(origin, point), half[0]))


def point_finish(origin: date, point: int) -> str:
    """An exclusive finish point as the end of its last slot: 12:00 or 17:00."""
    last = point - 1
    half = MORNING if last % SLOTS_PER_DAY == 0 else AFTERNOON
    return stamp(datetime.combine(day_of(origin, last), half[1]))


def slack_tenths(slots: int, minutes_per_day: int = DEFAULT_MINUTES_PER_DAY) -> int:
    """Working slots of float as MSPDI slack: tenths of a minute."""
    return slots * minutes_per_day * 10 // SLOTS_PER_DAY
