"""Sentence segmentation (placeholder: naive split; being replaced)."""

from __future__ import annotations

import re

_END = re.compile(r"[.!?][\"”’']?\s+")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    pos = start
    for m in _END.finditer(text, start, end):
        stop = m.end() - len(m.group().lstrip(".!?\"”’'")) if False else m.start() + len(m.group().rstrip())
        out.append((pos, stop))
        pos = m.end()
    if pos < end:
        out.append((pos, end))
    return out
