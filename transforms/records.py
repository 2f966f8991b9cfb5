"""The tables of the warehouse, one pydantic model each: the only schema.

Arrow schemas (warehouse/schema.py), DuckDB views and accepted-values checks are all derived
from these models through ``TABLES``. Column docs live in ``Field(description=...)``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

ParagraphKind = Literal["body", "heading"]
ClaimKind = Literal["quote", "reported", "statement"]
Qualifier = Literal["exact", "more_than", "less_than", "approximate", "at_least", "at_most", "range"]
RunStatus = Literal["running", "published", "audit_failed", "failed"]
Severity = Literal["error", "warn"]
CheckScope = Literal["all", "loaded"]


class Record(BaseModel):
    """Base of every table row: frozen, no extra keys."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    key: ClassVar[tuple[str, ...]]
    table: ClassVar[str]
    #: foreign keys: column -> "table.column" it must resolve to (when not null)
    references: ClassVar[dict[str, str]] = {}


class Document(Record):
    table: ClassVar[str] = "documents"
    key: ClassVar[tuple[str, ...]] = ("doc_id",)
    references: ClassVar[dict[str, str]] = {"run_id": "runs.run_id"}
    doc_id: str = Field(
        description="16 hex digits of a NNN_<16 hex>.txt name, else derived from the relative path"
    )
    source_path: str = Field(description="path of the file relative to the seeds folder, '/'-separated")
    seq: int | None = Field(description="the NNN of a NNN_<hex>.txt file name, or null")
    published_date: dt.date = Field(
        description="publication date parsed from the header (files without one are rejected)"
    )
    date_raw: str = Field(description="the header's date token as written")
    text: str = Field(
        description="article text after the header: NFC, \\n line ends, trailing white space removed"
    )
    content_sha256: str = Field(description="sha256 of the file's bytes (hex)")
    text_sha256: str = Field(description="sha256 of text (UTF-8, hex): equal for exact duplicates")
    n_chars: int = Field(description="length of text in code points")
    n_paragraphs: int = Field(description="number of paragraphs")
    n_sentences: int = Field(description="number of sentences")
    n_claims: int = Field(description="number of claims")
    n_quantities: int = Field(description="number of quantities")
    run_id: str = Field(description="the run that loaded this version of the file")


class Paragraph(Record):
    table: ClassVar[str] = "paragraphs"
    key: ClassVar[tuple[str, ...]] = ("paragraph_id",)
    references: ClassVar[dict[str, str]] = {"doc_id": "documents.doc_id"}
    paragraph_id: str = Field(description="<doc_id>-p<idx>")
    doc_id: str = Field(description="the document")
    published_date: dt.date = Field(
        description="the document's published_date, repeated so date-bounded queries need no join "
        "and skip other years' files"
    )
    idx: int = Field(description="0-based position in the document")
    kind: ParagraphKind = Field(description="'body' or 'heading' (a title or section heading, no claims)")
    char_start: int = Field(description="offset of the first code point in documents.text")
    char_end: int = Field(description="offset after the last code point (end-exclusive)")
    text: str = Field(description="documents.text[char_start:char_end]")


class Sentence(Record):
    table: ClassVar[str] = "sentences"
    key: ClassVar[tuple[str, ...]] = ("sentence_id",)
    references: ClassVar[dict[str, str]] = {
        "doc_id": "documents.doc_id",
        "paragraph_id": "paragraphs.paragraph_id",
    }
    sentence_id: str = Field(description="<doc_id>-s<idx>")
    doc_id: str = Field(description="the document")
    published_date: dt.date = Field(
        description="the document's published_date, repeated so date-bounded queries need no join "
        "and skip other years' files"
    )
    paragraph_id: str = Field(description="the paragraph holding the sentence")
    idx: int = Field(description="0-based position in the document")
    char_start: int = Field(description="offset of the first code point in documents.text")
    char_end: int = Field(description="offset after the last code point (end-exclusive)")
    text: str = Field(description="documents.text[char_start:char_end]")


class Claim(Record):
    table: ClassVar[str] = "claims"
    key: ClassVar[tuple[str, ...]] = ("claim_id",)
    references: ClassVar[dict[str, str]] = {
        "doc_id": "documents.doc_id",
        "paragraph_id": "paragraphs.paragraph_id",
        "sentence_id": "sentences.sentence_id",
    }
    claim_id: str = Field(description="<doc_id>-c<idx>")
    doc_id: str = Field(description="the document")
    published_date: dt.date = Field(
        description="the document's published_date, repeated so date-bounded queries need no join "
        "and skip other years' files"
    )
    paragraph_id: str = Field(description="the paragraph holding char_start")
    sentence_id: str = Field(description="the sentence holding char_start")
    idx: int = Field(description="0-based position in the document (by char_start)")
    kind: ClaimKind = Field(
        description="'quote' (direct quotation), 'reported' (indirect/attributed) or 'statement'"
    )
    char_start: int = Field(description="start of the content span in documents.text")
    char_end: int = Field(description="end of the content span (end-exclusive)")
    text: str = Field(description="the claim's content: documents.text[char_start:char_end]")
    speaker_text: str | None = Field(description="the source mention as written where the attribution stands")
    speaker: str | None = Field(
        description="the resolved source name (fullest earlier mention), titles removed"
    )
    cue: str | None = Field(description="the attribution cue as written ('said', 'according to'), or null")


class Quantity(Record):
    table: ClassVar[str] = "quantities"
    key: ClassVar[tuple[str, ...]] = ("quantity_id",)
    references: ClassVar[dict[str, str]] = {"doc_id": "documents.doc_id", "claim_id": "claims.claim_id"}
    quantity_id: str = Field(description="<doc_id>-q<idx>")
    doc_id: str = Field(description="the document")
    published_date: dt.date = Field(
        description="the document's published_date, repeated so date-bounded queries need no join "
        "and skip other years' files"
    )
    claim_id: str | None = Field(description="the claim whose span holds the quantity, or null")
    char_start: int = Field(description="start of the quantity phrase in documents.text")
    char_end: int = Field(description="end of the quantity phrase (end-exclusive)")
    text: str = Field(description="the quantity phrase as written ('More than 400')")
    value: float | None = Field(description="the number, or null when vague ('hundreds')")
    qualifier: Qualifier = Field(
        description="exact, more_than, less_than, approximate, at_least, at_most, range"
    )
    unit: str | None = Field(description="the counted noun or unit as written ('illegal aliens', 'percent')")


class Reject(Record):
    table: ClassVar[str] = "rejects"
    key: ClassVar[tuple[str, ...]] = ("source_path", "run_id")
    references: ClassVar[dict[str, str]] = {"run_id": "runs.run_id"}
    source_path: str = Field(description="path of the file relative to the seeds folder")
    reason: str = Field(description="stable snake_case reason code (see README)")
    detail: str = Field(description="one human sentence explaining the reason")
    run_id: str = Field(description="the run that saw the file")


class Run(Record):
    table: ClassVar[str] = "runs"
    key: ClassVar[tuple[str, ...]] = ("run_id",)
    run_id: str = Field(description="run identifier (UTC timestamp plus a random suffix)")
    started_at: dt.datetime = Field(description="UTC start time")
    finished_at: dt.datetime | None = Field(description="UTC end time, null while running")
    status: RunStatus = Field(description="running, published, audit_failed or failed")
    files_seen: int = Field(description="files found under the seeds folder")
    files_loaded: int = Field(description="new or changed files processed into documents")
    files_unchanged: int = Field(
        description="files skipped because their content and pipeline version were unchanged"
    )
    files_rejected: int = Field(description="files that went to rejects")
    pipeline_version: str = Field(description="version of the transforms that produced the rows")
    seeds_dir: str = Field(description="absolute path of the seeds folder")
    message: str | None = Field(
        description="why the run failed or was not published; for a run that found nothing to "
        "change, the run whose state stays published; else null"
    )


class QualityResult(Record):
    table: ClassVar[str] = "quality_results"
    key: ClassVar[tuple[str, ...]] = ("run_id", "check_name")
    references: ClassVar[dict[str, str]] = {"run_id": "runs.run_id"}
    run_id: str = Field(description="the run whose staged state was checked")
    check_name: str = Field(description="name of the data-quality check")
    severity: Severity = Field(description="'error' blocks publishing; 'warn' is reported only")
    passed: bool = Field(description="whether the check passed")
    failing_rows: int = Field(description="number of offending rows (0 when passed)")
    description: str = Field(description="what the check asserts")
    scope: CheckScope = Field(
        description="'all' rows, or only the rows of the documents the run 'loaded' (per-document invariants)"
    )


CONTENT_TABLES: tuple[type[Record], ...] = (Document, Paragraph, Sentence, Claim, Quantity)
LOG_TABLES: tuple[type[Record], ...] = (Reject, Run, QualityResult)
TABLES: tuple[type[Record], ...] = CONTENT_TABLES + LOG_TABLES


def check_columns(model: type[Record], columns: dict[str, list[Any]]) -> None:
    """Check the shape of rows given as columns: exactly the model's columns, of one length.
    Their values are checked where they become Arrow arrays (warehouse.schema.columns_to_table),
    against the same model.

    >>> check_columns(Reject, {"source_path": ["a.txt"], "reason": ["empty"], "detail": ["-"], "run_id": ["r"]})
    >>> check_columns(Reject, {"source_path": ["a.txt"]})
    Traceback (most recent call last):
    ValueError: rejects: columns detail, reason, run_id missing, none unknown
    """
    fields = model.model_fields
    if columns.keys() != fields.keys():
        missing = ", ".join(sorted(fields.keys() - columns.keys())) or "none"
        extra = ", ".join(sorted(columns.keys() - fields.keys())) or "none"
        raise ValueError(f"{model.table}: columns {missing} missing, {extra} unknown")
    lengths = {len(v) for v in columns.values()}
    if len(lengths) > 1:
        raise ValueError(f"{model.table}: columns of different lengths {sorted(lengths)}")
