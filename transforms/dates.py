"""Header date token -> calendar date: a small tokenizer for the supported forms, dateutil fallback.

Supported forms (case-insensitive; the token must be followed by white space or the end):

=========================  ===============================================================
form                       examples
=========================  ===============================================================
ISO (fast path)            ``2024-06-26``, ``2024-06-26T14:30:00Z``, ``2024-06-26T14:30+02:00``
year first                 ``2024/06/26``, ``2024.6.26``, ``20240626``
year last (see rule)       ``26/06/2024``, ``06-26-2024``, ``26.06.2024``
month name first           ``June 26, 2024``, ``Jun. 26 2024``, ``Wednesday, June 26th, 2024``
day first, month name      ``26 Jun 2024``, ``26th of June, 2024``, ``Wed, 26 Jun 2024``, ``26-Jun-2024``
=========================  ===============================================================

Any form may be followed by a time: ``T`` + ``HH:MM[:SS[.f]]`` + zone (ISO), or a space +
``H:MM[:SS]`` with optional ``am``/``pm`` and zone (``Z``, ``UTC``, ``GMT``, ``EST`` ... ``PDT``,
``+0200``). The time is part of the token but ignored: the date is taken as written, without
time-zone conversion. A weekday, when given, is not checked against the date.

Ambiguity rule for year-last numeric dates ``A/B/YYYY``: if A > 12 it is the day (D/M/Y); if
B > 12 it is the day (M/D/Y); if A == B either reading gives the same date; otherwise (both
<= 12 and different, e.g. ``06/07/2024``) the date is rejected as ``ambiguous_date``. Two-digit
years are not supported. Year-first dates are always Y-M-D.

Fallback: if no form matches and the first 64 characters of the line name a month, dateutil
parses the shortest prefix of at most 8 words that yields a complete date (year, month and day
all present: parsed identically under two different defaults) holding a four-digit year; a time
(``, at 2:30 pm``) right after it is added to the token.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

__all__ = ["DateError", "HeaderDate", "parse_date_token"]


class HeaderDate(NamedTuple):
    raw: str  # the token as written
    date: dt.date
    end: int  # offset just past the token in the string given to parse_date_token


class DateError(ValueError):
    """Raised by :func:`parse_date_token`; ``reason`` is a reading reason code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<mon>january|february|march|april|may|june|july|august|september|october|november|december"
    r"|sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)(?![a-z])\.?"
)
_WEEKDAY = (
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)(?![a-z])\.?,?[ \t]+)?"
)
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?(?![a-z0-9])"
_YEAR = r"(?P<y>\d{4})(?!\d)"
_ZONE = r"(?:Z|UTC|GMT|[ECMP][SD]T|BST|CET|CEST|[+-]\d{2}(?::?\d{2})?)"
_TIME_SP = r"[ \t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[ \t]?[ap]\.?m\.?)?(?:[ \t]?" + _ZONE + r")?"
_TIME = r"(?:T\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?|" + _TIME_SP + ")?"
_END = r"(?=\s|\Z)"
_F = re.IGNORECASE

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?=[ \t\n]|\Z)")
_YEAR_FIRST = re.compile(
    r"(?:(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})|(?P<y2>\d{4})(?P<m2>\d{2})(?P<d2>\d{2}))"
    + _TIME
    + _END,
    _F,
)
_YEAR_LAST = re.compile(r"(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)" + _YEAR + _TIME + _END, _F)
_MONTH_FIRST = re.compile(_WEEKDAY + _MONTH + r"[ \t]+" + _DAY + r",?[ \t]+" + _YEAR + _TIME + _END, _F)
_DAY_FIRST = re.compile(
    _WEEKDAY + _DAY + r"(?:[ \t]+of[ \t]+|[ \t]+|-)" + _MONTH + r"(?:,?[ \t]+|-)" + _YEAR + _TIME + _END, _F
)
_ANY_MONTH = re.compile(_MONTH, _F)
_FALLBACK_TIME = re.compile(r"(?:,?[ \t]+at)?" + _TIME_SP + _END, _F)
_WORD_END = re.compile(r"\S+")
_HAS_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_REGION = 64
_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _make(y: str, m: int | str, d: str, raw: str, end: int) -> HeaderDate:
    try:
        return HeaderDate(raw, dt.date(int(y), int(m), int(d)), end)
    except ValueError:
        raise DateError("invalid_date", f"The header date {raw!r} is not a real calendar date.") from None


def _fallback(s: str, pos: int, line_end: int) -> HeaderDate | None:
    region = s[pos : min(line_end, pos + _REGION)]
    if not _ANY_MONTH.search(region):
        return None
    from dateutil import parser  # imported lazily: only odd headers get here

    defaults = (dt.datetime(2000, 1, 1), dt.datetime(2001, 2, 2))
    for i, w in enumerate(_WORD_END.finditer(region)):
        if i >= 8:
            break
        cand = region[: w.end()]
        if not _HAS_YEAR.search(cand):
            continue
        try:
            got = {parser.parse(cand, default=d, ignoretz=True).date() for d in defaults}
        except (ValueError, OverflowError, TypeError):
            continue
        if len(got) == 1:
            end = pos + w.end()
            if t := _FALLBACK_TIME.match(s, end, line_end):  # "June 26th 2024, at 2:30 pm"
                end = t.end()
            return HeaderDate(s[pos:end], got.pop(), end)
    return None


def parse_date_token(s: str, pos: int = 0) -> HeaderDate:
    """Parse the header date token starting at ``s[pos]`` (on that line only).

    Raises :class:`DateError` with reason ``unrecognised_date``, ``invalid_date`` or
    ``ambiguous_date``.

    >>> parse_date_token("June 26, 2024 Article text")
    HeaderDate(raw='June 26, 2024', date=datetime.date(2024, 6, 26), end=13)
    >>> try:
    ...     parse_date_token("06/07/2024 text")
    ... except DateError as e:
    ...     print(e.reason, "-", e.detail)
    ambiguous_date - The header date '06/07/2024' could be June 7 or July 6; write it as 2024-06-07.
    """
    m = _ISO.match(s, pos)
    if m:
        return _make(m[1], m[2], m[3], m[0], m.end())
    line_end = s.find("\n", pos)
    if line_end < 0:
        line_end = len(s)
    line_end = min(line_end, pos + 256)  # bound all work to the header line's start
    if m := _YEAR_FIRST.match(s, pos, line_end):
        if m["y"]:
            return _make(m["y"], m["m"], m["d"], m[0], m.end())
        return _make(m["y2"], m["m2"], m["d2"], m[0], m.end())
    if m := _YEAR_LAST.match(s, pos, line_end):
        a, b = int(m["a"]), int(m["b"])
        if a > 12 and b > 12:
            raise DateError("invalid_date", f"The header date {m[0]!r} has no month (both fields > 12).")
        if a > 12 or a == b:
            return _make(m["y"], b, m["a"], m[0], m.end())
        if b > 12:
            return _make(m["y"], a, m["b"], m[0], m.end())
        y = int(m["y"])
        alt = f"{y:04d}-{a:02d}-{b:02d}"
        raise DateError(
            "ambiguous_date",
            f"The header date {m[0]!r} could be {_NAMES[a - 1]} {b} or {_NAMES[b - 1]} {a}; write it as {alt}.",
        )
    for rx in (_MONTH_FIRST, _DAY_FIRST):
        if m := rx.match(s, pos, line_end):
            return _make(m["y"], _MONTHS[m["mon"][:3].lower()], m["d"], m[0], m.end())
    got = _fallback(s, pos, line_end)
    if got is not None:
        return got
    token = s[pos:line_end].split(maxsplit=1)
    shown = token[0][:40] if token else ""
    raise DateError("unrecognised_date", f"The header date {shown!r} is not in a supported date form.")
