"""Quotation spans: where quoted words open and close inside a paragraph.

Handles curly double quotes (“ ”), straight double quotes ("), and the doubled apostrophes of
NYT-style text (''). Single quotes are left alone: they are apostrophes far more often than
quotation marks. A quotation still open at the end of its paragraph ends there (journalistic
convention: the next paragraph reopens it).
"""

from __future__ import annotations

import re
from typing import NamedTuple

_MARK = re.compile(r"“|”|\"|''|``")


class Quote(NamedTuple):
    """A quotation: ``text[start:end]`` is the quoted content without the marks."""

    open: int  # offset of the opening mark
    start: int  # content start
    end: int  # content end
    close: int  # offset after the closing mark (== end when the paragraph ends first)


def find_quotes(text: str, start: int = 0, end: int | None = None) -> list[Quote]:
    """Quotations inside ``text[start:end]`` (one paragraph), in order, not nested.

    >>> t = 'He said: “It works.” Then "more".'
    >>> [t[q.start : q.end] for q in find_quotes(t)]
    ['It works.', 'more']
    """
    end = len(text) if end is None else end
    out: list[Quote] = []
    open_at = -1
    open_len = 0
    for m in _MARK.finditer(text, start, end):
        mark = m.group()
        if open_at < 0:
            if mark == "”":
                continue  # a stray closing mark
            open_at, open_len = m.start(), len(mark)
            continue
        if mark == "“":
            # an unclosed quotation followed by a new one: close the old one here
            out.append(Quote(open_at, open_at + open_len, _rstrip(text, m.start()), m.start()))
            open_at, open_len = m.start(), len(mark)
            continue
        out.append(Quote(open_at, open_at + open_len, m.start(), m.end()))
        open_at = -1
    if open_at >= 0:
        stop = _rstrip(text, end)
        out.append(Quote(open_at, open_at + open_len, stop, stop))
    return [q for q in out if q.end > q.start]


def _rstrip(text: str, pos: int) -> int:
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    return pos
