"""Bytes of a seed file -> normalised article text and header date, or a rejection.

A seed file is ``<white space>date <token> <article>``: optional leading white space, the
keyword ``date`` (any case) followed by white space, ``:`` or ``=``, the date token (forms and the
ambiguity rule: :mod:`transforms.dates`), then the article. Decoding (encodings, binary
detection, mojibake repair) is :mod:`transforms.decoding`.

``Parsed.text`` (``documents.text``) is what follows the token: exactly one space or tab after
the token is dropped, the rest of the body's leading white space is kept; but if the token ends
its line, the line break and any blank lines after it are dropped too. The text is then
NFC-normalised, ``\\r\\n``/``\\r`` become ``\\n`` and trailing white space is removed.
``date_raw`` is the token as written (with its time, if any); ``published_date`` the date as
written (no time-zone conversion).

Rejection reasons (``REASONS``), checked in this order:

| reason | meaning |
|---|---|
| `empty_file` | The file has no bytes, or only white space. |
| `binary_content` | The file is not text: NUL bytes (outside UTF-16/32), or more than 1% control characters in its first 64 KiB. |
| `undecodable` | Bytes that no supported encoding explains (UTF-8, UTF-16, UTF-32, Windows-1252). |
| `missing_date` | The file does not start with a 'date' header. |
| `unrecognised_date` | The header's date is not in any supported form (e.g. a two-digit year). |
| `invalid_date` | The header's date is not a real calendar date (2024-13-45, June 31). |
| `ambiguous_date` | A numeric date that reads as both day/month and month/day (06/07/2024). |
| `date_out_of_range` | The header's date is before 1800-01-01. |
| `future_date` | The header's date is more than one day after the run's date. |
| `empty_body` | The header is followed by no article text. |
| `internal_error` | An unexpected error while reading the file (a bug); the file is skipped. |
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import NamedTuple

from transforms.dates import DateError, parse_date_token
from transforms.decoding import DecodeFailure, decode_bytes

__all__ = ["REASONS", "MIN_DATE", "Parsed", "Rejection", "read_document"]


class Parsed(NamedTuple):
    text: str  # documents.text
    date_raw: str  # the header's date token as written
    published_date: dt.date  # never None: files without a usable date are rejected


class Rejection(NamedTuple):
    reason: str  # stable snake_case code
    detail: str  # one human sentence


REASONS: dict[str, str] = {
    "empty_file": "The file has no bytes, or only white space.",
    "binary_content": "The file is not text: NUL bytes (outside UTF-16/32), or more than 1% control characters in its first 64 KiB.",
    "undecodable": "Bytes that no supported encoding explains (UTF-8, UTF-16, UTF-32, Windows-1252).",
    "missing_date": "The file does not start with a 'date' header.",
    "unrecognised_date": "The header's date is not in any supported form (e.g. a two-digit year).",
    "invalid_date": "The header's date is not a real calendar date (2024-13-45, June 31).",
    "ambiguous_date": "A numeric date that reads as both day/month and month/day (06/07/2024).",
    "date_out_of_range": "The header's date is before 1800-01-01.",
    "future_date": "The header's date is more than one day after the run's date.",
    "empty_body": "The header is followed by no article text.",
    "internal_error": "An unexpected error while reading the file (a bug); the file is skipped.",
}

MIN_DATE = dt.date(1800, 1, 1)
_FUTURE_SLACK = dt.timedelta(days=1)

_KEYWORD = re.compile(r"[\s\ufeff]*date(?:[ \t]*[:=][ \t]*|[ \t]+)", re.IGNORECASE)
_LINE_END = re.compile(r"[ \t]*(?:\n|\Z)(?:[ \t]*\n)*")


def read_document(raw: bytes, *, today: dt.date) -> Parsed | Rejection:
    """Decode and split a seed file into its text and header date, or say why it cannot be.

    Never raises.

    >>> read_document(b" date 2024-06-26 Hello world.\\r\\n", today=dt.date(2024, 7, 1))
    Parsed(text='Hello world.', date_raw='2024-06-26', published_date=datetime.date(2024, 6, 26))
    >>> read_document(b"date: 06/07/2024\\n\\nHello.", today=dt.date(2024, 7, 1)).reason
    'ambiguous_date'
    """
    try:
        return _read(raw, today)
    except Exception as e:  # never let one odd file stop a batch
        return Rejection("internal_error", f"Reading failed unexpectedly ({type(e).__name__}: {e}).")


def _read(raw: bytes, today: dt.date) -> Parsed | Rejection:
    if not raw:
        return Rejection("empty_file", "The file is empty.")
    try:
        s = decode_bytes(raw).text
    except DecodeFailure as e:
        return Rejection(e.reason, e.detail)
    if not s or s.isspace():
        return Rejection("empty_file", "The file holds only white space.")
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")

    m = _KEYWORD.match(s)
    if not m:
        start = s.lstrip()[:30]
        return Rejection(
            "missing_date", f"The file does not start with a 'date' header (it starts {start!r})."
        )
    try:
        hd = parse_date_token(s, m.end())
    except DateError as e:
        return Rejection(e.reason, e.detail)
    if hd.date < MIN_DATE:
        return Rejection("date_out_of_range", f"The header date {hd.raw!r} is before {MIN_DATE.isoformat()}.")
    if hd.date > today and hd.date - today > _FUTURE_SLACK:
        return Rejection(
            "future_date", f"The header date {hd.raw!r} is after {today.isoformat()}, the run's date."
        )

    end = hd.end
    le = _LINE_END.match(s, end)
    if le:
        end = le.end()
    elif s[end] in " \t":
        end += 1
    stop = len(s)
    while stop > end and s[stop - 1].isspace():
        stop -= 1
        if len(s) - stop > 64:  # a long white-space tail: let C do it
            stop = max(end, len(s.rstrip()))
            break
    body = s[end:stop]  # one copy, even for a 2 MB article
    if not body.isascii():
        # Quick-check returns the same object when already NFC. NFC never turns a trailing
        # non-space into white space (its only white-space mappings are space -> space).
        body = unicodedata.normalize("NFC", body)
    if not body:
        return Rejection("empty_body", f"The header {hd.raw!r} is followed by no article text.")
    return Parsed(body, hd.raw, hd.date)
