"""Bytes of a seed file -> normalised text and header metadata, or a rejection (placeholder)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import NamedTuple


class Parsed(NamedTuple):
    text: str  # documents.text
    date_raw: str  # the header's date token as written
    published_date: dt.date | None


class Rejection(NamedTuple):
    reason: str  # stable snake_case code
    detail: str  # one human sentence


_HEADER = re.compile(r"\s*date (\d{4}-\d{2}-\d{2}) ?")


def read_document(raw: bytes, *, today: dt.date) -> Parsed | Rejection:
    try:
        s = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Rejection("undecodable", "The file is not valid UTF-8.")
    s = unicodedata.normalize("NFC", s.replace("\r\n", "\n").replace("\r", "\n"))
    m = _HEADER.match(s)
    if not m:
        return Rejection("missing_date", "The file does not start with a 'date YYYY-MM-DD' header.")
    try:
        d = dt.date.fromisoformat(m.group(1))
    except ValueError:
        return Rejection("invalid_date", f"The header date {m.group(1)!r} is not a real date.")
    text = s[m.end() :].rstrip()
    if not text:
        return Rejection("empty_body", "The file has a header but no article text.")
    return Parsed(text, m.group(1), d)
