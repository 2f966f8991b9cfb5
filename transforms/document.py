"""One article's text -> its table rows: the pipeline of pure steps, in order.

``STEPS`` is the pipeline as data: each step takes a :class:`Draft` and returns it with one more
layer filled in. :func:`to_rows` then assigns IDs and builds the validated records.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from bisect import bisect_right
from collections.abc import Callable
from typing import NamedTuple

from transforms.claims import extract_claims
from transforms.ids import child_id, doc_key
from transforms.paragraphs import split_paragraphs
from transforms.quantities import extract_quantities
from transforms.reading import Rejection, read_document
from transforms.records import Claim, Document, Paragraph, Quantity, Reject, Sentence
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


class DocumentRows(NamedTuple):
    document: Document
    paragraphs: list[Paragraph]
    sentences: list[Sentence]
    claims: list[Claim]
    quantities: list[Quantity]


def _holder(starts: list[int], pos: int) -> int:
    """Index of the span (by sorted starts) that holds position pos."""
    return max(bisect_right(starts, pos) - 1, 0)


def _owners(quantities: list[QuantitySpan], claims: list[Claim]) -> list[str | None]:
    """For each quantity (sorted), the first claim (by start) whose span holds it: one sweep."""
    out: list[str | None] = []
    active: list[Claim] = []
    nxt = 0
    for q in quantities:
        while nxt < len(claims) and claims[nxt].char_start <= q.start:
            active.append(claims[nxt])
            nxt += 1
        active = [c for c in active if c.char_end > q.start]
        out.append(next((c.claim_id for c in active if q.end <= c.char_end), None))
    return out


def to_rows(
    src: SourceFile, d: Draft, *, date_raw: str, published_date: dt.date, run_id: str
) -> DocumentRows:
    """Assign deterministic IDs to a draft's spans and build the table records."""
    doc_id, seq = doc_key(src.source_path)
    text = d.text
    p_ids = [child_id(doc_id, "p", i) for i in range(len(d.paragraphs))]
    paragraphs = [
        Paragraph(
            paragraph_id=p_ids[i],
            doc_id=doc_id,
            published_date=published_date,
            idx=i,
            kind=p.kind,  # type: ignore[arg-type]
            char_start=p.start,
            char_end=p.end,
            text=text[p.start : p.end],
        )
        for i, p in enumerate(d.paragraphs)
    ]
    s_ids = [child_id(doc_id, "s", i) for i in range(len(d.sentences))]
    sentences = [
        Sentence(
            sentence_id=s_ids[i],
            doc_id=doc_id,
            published_date=published_date,
            paragraph_id=p_ids[s.paragraph],
            idx=i,
            char_start=s.start,
            char_end=s.end,
            text=text[s.start : s.end],
        )
        for i, s in enumerate(d.sentences)
    ]
    s_starts = [s.start for s in d.sentences]
    ordered = sorted(d.claims, key=lambda c: (c.start, c.end))
    claims = []
    for i, c in enumerate(ordered):
        s = _holder(s_starts, c.start)
        claims.append(
            Claim(
                claim_id=child_id(doc_id, "c", i),
                doc_id=doc_id,
                published_date=published_date,
                paragraph_id=p_ids[d.sentences[s].paragraph],
                sentence_id=s_ids[s],
                idx=i,
                kind=c.kind,  # type: ignore[arg-type]
                char_start=c.start,
                char_end=c.end,
                text=text[c.start : c.end],
                speaker_text=c.speaker_text,
                speaker=c.speaker,
                cue=c.cue,
            )
        )
    owners = _owners(sorted(d.quantities), claims)
    quantities = [
        Quantity(
            quantity_id=child_id(doc_id, "q", i),
            doc_id=doc_id,
            published_date=published_date,
            claim_id=owner,
            char_start=q.start,
            char_end=q.end,
            text=text[q.start : q.end],
            value=q.value,
            qualifier=q.qualifier,  # type: ignore[arg-type]
            unit=q.unit,
        )
        for i, (q, owner) in enumerate(zip(sorted(d.quantities), owners, strict=True))
    ]
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
        n_paragraphs=len(paragraphs),
        n_sentences=len(sentences),
        n_claims=len(claims),
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
