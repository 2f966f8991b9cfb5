"""Paragraph segmentation (placeholder: blank-line split; being replaced)."""

from __future__ import annotations

import re

from transforms.spans import ParagraphSpan

_BLANK = re.compile(r"\n[ \t]*\n\s*")


def split_paragraphs(text: str) -> list[ParagraphSpan]:
    out: list[ParagraphSpan] = []
    pos = 0
    for m in _BLANK.finditer(text):
        if m.start() > pos:
            out.append(ParagraphSpan(pos, m.start(), "body"))
        pos = m.end()
    if pos < len(text):
        out.append(ParagraphSpan(pos, len(text), "body"))
    return out
