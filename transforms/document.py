"""One article's text -> its table rows: the pipeline of pure steps, in order.

``STEPS`` is the pipeline as data: each step takes a :class:`Draft` and returns it with one more
layer filled in. :func:`to_rows` then assigns IDs and builds the rows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from bisect import bisect_right
from collections.abc import Callable
from typing import Any, NamedTuple

from transforms.claims import extract_claims
from transforms.ids import child_id, doc_key
from transforms.paragraphs import split_paragraphs
from transforms.quantities import extract_quantities
from transforms.reading import Rejection, read_document
from transforms.records import Document, Reject
from transforms.sentences import split_sentences
from transforms.spans import ClaimSpan, ParagraphSpan, QuantitySpan, SentenceSpan


@dataclasses.dataclass(frozen=True, slots=True)
class Draft:
    """The spans found so far in one document's text."""

    text: str
    paragraphs: tuple[ParagraphSpan, ...] = ()
    sentences: tuple[SentenceSpan, ...] = ()
    claims: tuple[ClaimSpan, ...] = ()
    quantities: tuple[QuantitySpan, ...] = ()


def segment_paragraphs(d: Draft) -> Draft:
    return dataclasses.replace(d, paragraphs=tuple(split_paragraphs(d.text)))


def segment_sentences(d: Draft) -> Draft:
    out = [
        SentenceSpan(s, e, i)
        for i, p in enumerate(d.paragraphs)
        for s, e in split_sentences(d.text, p.start, p.end)
    ]
    return dataclasses.replace(d, sentences=tuple(out))


def find_claims(d: Draft) -> Draft:
    return dataclasses.replace(d, claims=tuple(extract_claims(d.text, d.paragraphs, d.sentences)))


def find_quantities(d: Draft) -> Draft:
    out = [q for p in d.paragraphs if p.kind == "body" for q in extract_quantities(d.text, p.start, p.end)]
    return dataclasses.replace(d, quantities=tuple(out))


STEPS: tuple[Callable[[Draft], Draft], ...] = (
    segment_paragraphs,
    segment_sentences,
    find_claims,
    find_quantities,
)


def segment(text: str) -> Draft:
    """Run every step of the pipeline over a document text.

    >>> d = segment("Prices rose 5 percent in May, the bank said.")
    >>> [d.text[p.start:p.end] for p in d.paragraphs]
    ['Prices rose 5 percent in May, the bank said.']
    """
    d = Draft(text)
    for step in STEPS:
        d = step(d)
    return d


class SourceFile(NamedTuple):
    """What storage knows about an input file before its text is read."""

    source_path: str
    content_sha256: str


Columns = dict[str, list[Any]]  # column name -> values, in a table's row order


class DocumentRows(NamedTuple):
    """One document's rows: its record, and its child tables as columns (built in bulk, validated
    at the storage boundary by :func:`transforms.records.validate_columns`)."""

    document: Document
    paragraphs: Columns
    sentences: Columns
    claims: Columns
    quantities: Columns


def _holder(starts: list[int], pos: int) -> int:
    """Index of the span (by sorted starts) that holds position pos."""
    return max(bisect_right(starts, pos) - 1, 0)


def _owners(quantities: list[QuantitySpan], claims: list[ClaimSpan], ids: list[str]) -> list[str | None]:
    """For each quantity (sorted), the id of the first claim (sorted by start) whose span holds
    it: one sweep."""
    out: list[str | None] = []
    active: list[int] = []
    nxt = 0
    for q in quantities:
        while nxt < len(claims) and claims[nxt].start <= q.start:
            active.append(nxt)
            nxt += 1
        active = [i for i in active if claims[i].end > q.start]
        out.append(next((ids[i] for i in active if q.end <= claims[i].end), None))
    return out


def to_rows(
    src: SourceFile, d: Draft, *, date_raw: str, published_date: dt.date, run_id: str
) -> DocumentRows:
    """Assign deterministic IDs to a draft's spans and build the table rows.

    >>> d = segment("Prices rose 5 percent in May, the bank said.")
    >>> r = to_rows(SourceFile("001_00000000000000aa.txt", "0" * 64), d,
    ...     date_raw="2024-06-26", published_date=dt.date(2024, 6, 26), run_id="r1")
    >>> r.claims["claim_id"], r.claims["kind"], r.claims["text"]
    (['00000000000000aa-c0000'], ['reported'], ['Prices rose 5 percent in May'])
    >>> r.quantities["text"], r.quantities["claim_id"]
    (['5 percent'], ['00000000000000aa-c0000'])
    """
    doc_id, seq = doc_key(src.source_path)
    text = d.text
    paras, sents = d.paragraphs, d.sentences
    p_ids = [child_id(doc_id, "p", i) for i in range(len(paras))]
    paragraphs: Columns = {
        "paragraph_id": p_ids,
        "doc_id": [doc_id] * len(paras),
        "published_date": [published_date] * len(paras),
        "idx": list(range(len(paras))),
        "kind": [p.kind for p in paras],
        "char_start": [p.start for p in paras],
        "char_end": [p.end for p in paras],
        "text": [text[p.start : p.end] for p in paras],
    }
    s_ids = [child_id(doc_id, "s", i) for i in range(len(sents))]
    sentences: Columns = {
        "sentence_id": s_ids,
        "doc_id": [doc_id] * len(sents),
        "published_date": [published_date] * len(sents),
        "paragraph_id": [p_ids[s.paragraph] for s in sents],
        "idx": list(range(len(sents))),
        "char_start": [s.start for s in sents],
        "char_end": [s.end for s in sents],
        "text": [text[s.start : s.end] for s in sents],
    }
    s_starts = [s.start for s in sents]
    ordered = sorted(d.claims, key=lambda c: (c.start, c.end))
    holders = [_holder(s_starts, c.start) for c in ordered]
    c_ids = [child_id(doc_id, "c", i) for i in range(len(ordered))]
    claims: Columns = {
        "claim_id": c_ids,
        "doc_id": [doc_id] * len(ordered),
        "published_date": [published_date] * len(ordered),
        "paragraph_id": [p_ids[sents[h].paragraph] for h in holders],
        "sentence_id": [s_ids[h] for h in holders],
        "idx": list(range(len(ordered))),
        "kind": [c.kind for c in ordered],
        "char_start": [c.start for c in ordered],
        "char_end": [c.end for c in ordered],
        "text": [text[c.start : c.end] for c in ordered],
        "speaker_text": [c.speaker_text for c in ordered],
        "speaker": [c.speaker for c in ordered],
        "cue": [c.cue for c in ordered],
    }
    qs = sorted(d.quantities)
    quantities: Columns = {
        "quantity_id": [child_id(doc_id, "q", i) for i in range(len(qs))],
        "doc_id": [doc_id] * len(qs),
        "published_date": [published_date] * len(qs),
        "claim_id": _owners(qs, ordered, c_ids),
        "char_start": [q.start for q in qs],
        "char_end": [q.end for q in qs],
        "text": [text[q.start : q.end] for q in qs],
        "value": [q.value for q in qs],
        "qualifier": [q.qualifier for q in qs],
        "unit": [q.unit for q in qs],
    }
    document = Document(
        doc_id=doc_id,
        source_path=src.source_path,
        seq=seq,
        published_date=published_date,
        date_raw=date_raw,
        text=text,
        content_sha256=src.content_sha256,
        text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        n_chars=len(text),
        n_paragraphs=len(paras),
        n_sentences=len(sents),
        n_claims=len(ordered),
        n_quantities=len(qs),
        run_id=run_id,
    )
    return DocumentRows(document, paragraphs, sentences, claims, quantities)


def build_rows(src: SourceFile, raw: bytes, *, run_id: str, today: dt.date) -> DocumentRows | Reject:
    """A seed file's bytes -> its rows in every content table, or the reason it is rejected."""
    parsed = read_document(raw, today=today)
    if isinstance(parsed, Rejection):
        return Reject(source_path=src.source_path, reason=parsed.reason, detail=parsed.detail, run_id=run_id)
    if parsed.published_date is None:  # files without a usable date are rejected, never loaded undated
        return Reject(
            source_path=src.source_path,
            reason="missing_date",
            detail="The file has no usable date.",
            run_id=run_id,
        )
    return to_rows(
        src,
        segment(parsed.text),
        date_raw=parsed.date_raw,
        published_date=parsed.published_date,
        run_id=run_id,
    )
