"""Quotation spans: where quoted words open and close inside a paragraph.

Handles curly double quotes (“ ”), straight double quotes ("), and the doubled apostrophes of
NYT-style text (''). Single quotes are left alone: they are apostrophes far more often than
quotation marks. A quotation still open at the end of its paragraph ends there (journalistic
convention: the next paragraph reopens it).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

_MARK = re.compile(r"“|”|\"|''|``")
# _new(Quote, fields): a NamedTuple built without its Python-level __new__ (a third of the cost)
_new = tuple.__new__


class Quote(NamedTuple):
    """A quotation: ``text[start:end]`` is the quoted content without the marks."""

    open: int  # offset of the opening mark
    start: int  # content start
    end: int  # content end
    close: int  # offset after the closing mark (== end when the paragraph ends first)


class QuoteMarks:
    """Every quotation mark of one document, found by ``str.find`` (a C scan, several times faster
    than a regex pass) and sorted, so that each paragraph takes its marks by bisection.

    >>> QuoteMarks("a “b” ``c''").marks
    [(2, '“'), (4, '”'), (6, '``'), (9, "''")]
    """

    def __init__(self, text: str) -> None:
        marks: list[tuple[int, str]] = []
        find = text.find
        for mark in ("“", "”", '"', "''", "``"):
            i = find(mark)
            while i >= 0:  # left to right, without overlaps, as a regex pass pairs a run of '
                marks.append((i, mark))
                i = find(mark, i + len(mark))
        marks.sort()
        self.text = text
        self.marks = marks
        self.starts = [m[0] for m in marks]

    def between(self, start: int, end: int) -> list[tuple[int, str]] | None:
        """The marks inside ``text[start:end]``, or None when a run of ' or ` crosses an end of
        the range (the range alone pairs that run differently: scan it instead)."""
        t = self.text
        if 0 < start < len(t) and t[start - 1] in "'`" and t[start] == t[start - 1]:
            return None
        if 0 < end < len(t) and t[end] in "'`" and t[end - 1] == t[end]:
            return None
        starts = self.starts
        return self.marks[bisect_left(starts, start) : bisect_left(starts, end)]


def find_quotes(
    text: str, start: int = 0, end: int | None = None, marks: QuoteMarks | None = None
) -> list[Quote]:
    """Quotations inside ``text[start:end]`` (one paragraph), in order, not nested. ``marks``, the
    document's quotation marks, saves scanning the paragraph.

    >>> t = 'He said: “It works.” Then "more".'
    >>> [t[q.start : q.end] for q in find_quotes(t)]
    ['It works.', 'more']
    """
    end = len(text) if end is None else end
    found = marks.between(start, end) if marks is not None else None
    if found is None:
        found = [(m.start(), m.group()) for m in _MARK.finditer(text, start, end)]
    if not found:
        return []
    out: list[Quote] = []
    open_at = -1
    open_len = 0
    for at, mark in found:
        if open_at < 0:
            if mark == "”":
                continue  # a stray closing mark
            open_at, open_len = at, len(mark)
            continue
        if mark == "“":
            # an unclosed quotation followed by a new one: close the old one here
            out.append(_new(Quote, (open_at, open_at + open_len, _rstrip(text, at), at)))
            open_at, open_len = at, len(mark)
            continue
        out.append(_new(Quote, (open_at, open_at + open_len, at, at + len(mark))))
        open_at = -1
    if open_at >= 0:
        stop = _rstrip(text, end)
        out.append(_new(Quote, (open_at, open_at + open_len, stop, stop)))
    return [q for q in out if q.end > q.start]


def _rstrip(text: str, pos: int) -> int:
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    return pos
