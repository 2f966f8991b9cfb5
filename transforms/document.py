"""One article's text -> its table rows: the pipeline of pure steps, in order.

``STEPS`` is the pipeline as data: each step takes a :class:`Draft` and returns it with one more
layer filled in. :func:`to_rows` then assigns IDs and builds the rows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from bisect import bisect_right
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any, NamedTuple

from transforms.claims import extract_claims
from transforms.ids import child_ids, doc_key
from transforms.paragraphs import split_paragraphs
from transforms.quantities import quantities_in
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
    body = [(p.start, p.end) for p in d.paragraphs if p.kind == "body"]
    return dataclasses.replace(d, quantities=tuple(quantities_in(d.text, body)))


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
_CLAIM_ORDER = itemgetter(1, 2)  # ClaimSpan (start, end)


class DocumentRows(NamedTuple):
    """One document's rows: its record, and its child tables as columns (built in bulk, checked
    against the models at the storage boundary, where they become Arrow arrays)."""

    document: Document
    paragraphs: Columns
    sentences: Columns
    claims: Columns
    quantities: Columns


def _columns(spans: Sequence[tuple[Any, ...]], width: int) -> list[list[Any]]:
    """The fields of equal tuples (spans) as lists: one column per field, in field order."""
    if not spans:
        return [[] for _ in range(width)]
    return [list(column) for column in zip(*spans, strict=True)]


def _owners(
    q_starts: list[int], q_ends: list[int], c_starts: list[int], c_ends: list[int], c_ids: list[str]
) -> list[str | None]:
    """For each quantity (sorted), the id of the first claim (sorted by start) whose span holds
    it: one sweep over the claims that have started."""
    if not c_ids:
        return [None] * len(q_starts)
    out: list[str | None] = []
    started: list[int] = []
    nxt, n = 0, len(c_ids)
    for q_start, q_end in zip(q_starts, q_ends, strict=True):
        while nxt < n and c_starts[nxt] <= q_start:
            started.append(nxt)
            nxt += 1
        if len(started) > 8:  # drop the claims that ended: they end before every later quantity
            started = [i for i in started if c_ends[i] > q_start]
        need = max(q_end, q_start + 1)  # a holder ends after the quantity's start and not before its end
        owner = None
        for i in started:
            if c_ends[i] >= need:
                owner = c_ids[i]
                break
        out.append(owner)
    return out


def to_rows(
    src: SourceFile, d: Draft, *, date_raw: str, published_date: dt.date, run_id: str
) -> DocumentRows:
    """Assign deterministic IDs to a draft's spans and build the table rows, a column at a time.

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
    n_p, n_s = len(paras), len(sents)
    p_ids = child_ids(doc_id, "p", n_p)
    p_starts, p_ends, p_kinds = _columns(paras, 3)
    paragraphs: Columns = {
        "paragraph_id": p_ids,
        "doc_id": [doc_id] * n_p,
        "published_date": [published_date] * n_p,
        "idx": list(range(n_p)),
        "kind": p_kinds,
        "char_start": p_starts,
        "char_end": p_ends,
        "text": [text[s:e] for s, e, _ in paras],
    }
    s_ids = child_ids(doc_id, "s", n_s)
    s_starts, s_ends, s_paras = _columns(sents, 3)
    s_p_ids = list(map(p_ids.__getitem__, s_paras))
    sentences: Columns = {
        "sentence_id": s_ids,
        "doc_id": [doc_id] * n_s,
        "published_date": [published_date] * n_s,
        "paragraph_id": s_p_ids,
        "idx": list(range(n_s)),
        "char_start": s_starts,
        "char_end": s_ends,
        "text": [text[s:e] for s, e, _ in sents],
    }
    ordered = sorted(d.claims, key=_CLAIM_ORDER)
    n_c = len(ordered)
    c_kinds, c_starts, c_ends, c_speaker_texts, c_speakers, c_cues = _columns(ordered, 6)
    # the sentence holding each claim's start (the first sentence when it starts before them all)
    holders = [max(bisect_right(s_starts, start) - 1, 0) for start in c_starts]
    c_ids = child_ids(doc_id, "c", n_c)
    claims: Columns = {
        "claim_id": c_ids,
        "doc_id": [doc_id] * n_c,
        "published_date": [published_date] * n_c,
        "paragraph_id": [s_p_ids[h] for h in holders],
        "sentence_id": [s_ids[h] for h in holders],
        "idx": list(range(n_c)),
        "kind": c_kinds,
        "char_start": c_starts,
        "char_end": c_ends,
        "text": [text[s:e] for s, e in zip(c_starts, c_ends, strict=True)],
        "speaker_text": c_speaker_texts,
        "speaker": c_speakers,
        "cue": c_cues,
    }
    qs = sorted(d.quantities)
    n_q = len(qs)
    q_starts, q_ends, q_values, q_qualifiers, q_units = _columns(qs, 5)
    quantities: Columns = {
        "quantity_id": child_ids(doc_id, "q", n_q),
        "doc_id": [doc_id] * n_q,
        "published_date": [published_date] * n_q,
        "claim_id": _owners(q_starts, q_ends, c_starts, c_ends, c_ids),
        "char_start": q_starts,
        "char_end": q_ends,
        "text": [text[s:e] for s, e in zip(q_starts, q_ends, strict=True)],
        "value": q_values,
        "qualifier": q_qualifiers,
        "unit": q_units,
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
        n_paragraphs=n_p,
        n_sentences=n_s,
        n_claims=n_c,
        n_quantities=n_q,
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
