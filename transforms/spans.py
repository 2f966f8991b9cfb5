"""Light span tuples passed between the segmentation and extraction steps.

They are plain NamedTuples (fast to build in bulk); transforms/document.py turns them into the
validated table records of transforms/records.py. Offsets are 0-based code points into the
document text, end-exclusive.
"""

from __future__ import annotations

from typing import NamedTuple


class ParagraphSpan(NamedTuple):
    start: int
    end: int
    kind: str  # "body" | "heading"


class SentenceSpan(NamedTuple):
    start: int
    end: int
    paragraph: int  # index into the document's paragraph list


class ClaimSpan(NamedTuple):
    kind: str  # "quote" | "reported" | "statement"
    start: int  # content span
    end: int
    speaker_text: str | None
    speaker: str | None
    cue: str | None


class QuantitySpan(NamedTuple):
    start: int
    end: int
    value: float | None
    qualifier: str
    unit: str | None
