"""Data-quality checks as SQL over the table views: the CONTRACT.md invariants and more.

Each check is a query that counts offending rows (0 = pass). The key, not-null, accepted-values,
foreign-key and span checks are generated from the table models; the rest are written out.
"""

from __future__ import annotations

from typing import NamedTuple

import duckdb

from transforms.records import CONTENT_TABLES, TABLES, QualityResult, Record, Severity
from warehouse.catalog import sql_literal
from warehouse.schema import accepted_values, unwrap


class Check(NamedTuple):
    name: str
    severity: Severity  # "error" blocks publishing, "warn" is reported
    description: str
    sql: str  # SELECT count(*) of offending rows
    #: an invariant of each document's own rows: an audit may run it on the documents a run loaded
    #: only (carried-over parts are immutable and were audited when first published)
    per_document: bool = False


def _generated(model: type[Record]) -> list[Check]:
    checks = _generated_checks(model)
    if model not in CONTENT_TABLES:
        return checks
    return [c._replace(per_document=c.name != "documents.key_unique") for c in checks]


def _generated_checks(model: type[Record]) -> list[Check]:
    t, key = model.table, ", ".join(model.key)
    out = [
        Check(
            f"{t}.key_unique",
            "error",
            f"({key}) is unique in {t}",
            f"SELECT count(*) FROM (SELECT {key} FROM {t} GROUP BY ALL HAVING count(*) > 1)",
        )
    ]
    required = [n for n, f in model.model_fields.items() if not unwrap(f.annotation)[1]]
    out.append(
        Check(
            f"{t}.not_null",
            "error",
            f"{', '.join(required)} are never null in {t}",
            f"SELECT count(*) FROM {t} WHERE " + " OR ".join(f"{c} IS NULL" for c in required),
        )
    )
    for col, values in accepted_values(model).items():
        allowed = ", ".join(sql_literal(v) for v in values)
        out.append(
            Check(
                f"{t}.{col}_accepted",
                "error",
                f"{t}.{col} is one of {', '.join(map(str, values))}",
                f"SELECT count(*) FROM {t} WHERE {col} NOT IN ({allowed})",
            )
        )
    for col, target in model.references.items():
        pt, pc = target.split(".")
        out.append(
            Check(
                f"{t}.{col}_resolves",
                "error",
                f"every {t}.{col} is a {target}",
                f"SELECT count(*) FROM {t} x WHERE x.{col} IS NOT NULL "
                f"AND NOT EXISTS (SELECT 1 FROM {pt} p WHERE p.{pc} = x.{col})",
            )
        )
    if "published_date" in model.model_fields and "doc_id" in model.references:
        out.append(
            Check(
                f"{t}.published_date_matches",
                "error",
                f"{t}.published_date is its document's published_date",
                f"SELECT count(*) FROM {t} x JOIN documents d USING (doc_id) "
                "WHERE x.published_date <> d.published_date",
            )
        )
    if {"doc_id", "char_start", "char_end", "text"} <= set(model.model_fields) and model.table != "documents":
        out.append(
            Check(
                f"{t}.span_text",
                "error",
                f"substr(documents.text, char_start + 1, char_end - char_start) = {t}.text",
                _span_sql(t, by_id="paragraph_id" in model.model_fields),
            )
        )
    return out


def _span_sql(t: str, by_id: bool) -> str:
    """Offending spans of table t. A span inside a paragraph is cut from the paragraph's text:
    substr counts code points from the start of its string, so cutting every sentence out of a
    2 MB document would scan it once per row. The paragraph is the row's own (``by_id``: an equal
    join, twice as fast) or any that holds the span; a span in none is cut from the document."""
    bad_bounds = "x.char_start < 0 OR x.char_end <= x.char_start OR x.char_end > d.n_chars"
    if t == "paragraphs":
        return (
            f"SELECT count(*) FROM paragraphs x JOIN documents d USING (doc_id) WHERE {bad_bounds} "
            "OR substr(d.text, x.char_start + 1, x.char_end - x.char_start) <> x.text"
        )
    # (a paragraph_id of another document holds no span of this one)
    inside = "p.doc_id = x.doc_id AND x.char_start >= p.char_start AND x.char_end <= p.char_end"
    holder = "p.paragraph_id = x.paragraph_id" if by_id else inside
    return f"""SELECT count(*) FROM {t} x JOIN (SELECT doc_id, n_chars FROM documents) d USING (doc_id)
  LEFT JOIN paragraphs p ON {holder}
WHERE {bad_bounds} OR CASE WHEN {inside}
  THEN substr(p.text, x.char_start - p.char_start + 1, x.char_end - x.char_start) <> x.text
  ELSE substr((SELECT text FROM documents w WHERE w.doc_id = x.doc_id), x.char_start + 1,
              x.char_end - x.char_start) <> x.text END"""


_CHILDREN = tuple(m.table for m in CONTENT_TABLES if m.table != "documents")  # each has documents.n_<table>

_ORDERED = """SELECT count(*) FROM (
  SELECT char_start, char_end, lag(char_end) OVER (PARTITION BY doc_id ORDER BY idx) AS prev_end FROM {t})
WHERE char_start < prev_end"""

INVARIANTS: tuple[Check, ...] = (
    Check(
        "paragraphs.ordered",
        "error",
        "paragraphs of a document are in order and do not overlap",
        _ORDERED.format(t="paragraphs"),
        per_document=True,
    ),
    Check(
        "sentences.ordered",
        "error",
        "sentences of a document are in order and do not overlap",
        _ORDERED.format(t="sentences"),
        per_document=True,
    ),
    Check(
        "sentences.inside_paragraph",
        "error",
        "every sentence lies inside its paragraph",
        "SELECT count(*) FROM sentences s JOIN paragraphs p USING (paragraph_id) WHERE s.doc_id <> p.doc_id "
        "OR s.char_start < p.char_start OR s.char_end > p.char_end",
        per_document=True,
    ),
    Check(
        "claims.in_sentence",
        "error",
        "a claim's sentence_id is the sentence holding its char_start",
        "SELECT count(*) FROM claims c JOIN sentences s USING (sentence_id) WHERE c.doc_id <> s.doc_id "
        "OR c.char_start < s.char_start OR c.char_start >= s.char_end OR c.paragraph_id <> s.paragraph_id",
        per_document=True,
    ),
    Check(
        "quantities.inside_claim",
        "error",
        "a quantity with a claim_id lies inside that claim",
        "SELECT count(*) FROM quantities q JOIN claims c USING (claim_id) "
        "WHERE q.char_start < c.char_start OR q.char_end > c.char_end",
        per_document=True,
    ),
    Check(
        "documents.counts",
        "error",
        "n_paragraphs, n_sentences, n_claims and n_quantities match the child tables",
        # the text's length is compared before the joins, which then carry no text
        "SELECT count(*) FROM (SELECT doc_id, "
        + "".join(f"n_{t}, " for t in _CHILDREN)
        + "n_chars <> length(text) AS bad_length FROM documents) d "
        + " ".join(
            f"LEFT JOIN (SELECT doc_id, count(*) AS n FROM {t} GROUP BY doc_id) in_{t} USING (doc_id)"
            for t in _CHILDREN
        )
        + " WHERE bad_length OR "
        + " OR ".join(f"n_{t} <> coalesce(in_{t}.n, 0)" for t in _CHILDREN),
        per_document=True,
    ),
    Check(
        "documents.date_range",
        "error",
        "published_date is not before 1800 nor after the day of the run that loaded it",
        "SELECT count(*) FROM documents d JOIN runs r USING (run_id) "
        "WHERE d.published_date < DATE '1800-01-01' OR d.published_date > CAST(r.started_at AS DATE) + 1",
        per_document=True,
    ),
    Check(
        "documents.duplicate_text",
        "warn",
        "no two documents have the same text (see the document_duplicates view)",
        "SELECT count(*) FROM document_duplicates",
    ),
    Check(
        "inputs.reject_rate",
        "warn",
        "at most 20% of the files the published run saw were rejected",
        "SELECT count(*) FROM runs WHERE run_id = (SELECT run_id FROM publication) "
        "AND files_rejected > 0.2 * files_seen",
    ),
    Check(
        "inputs.accounted",
        "error",
        "every file the published run saw is exactly once in documents or in its rejects",
        """WITH seen AS (
  SELECT source_path FROM documents
  UNION ALL SELECT source_path FROM rejects WHERE run_id = (SELECT run_id FROM publication))
SELECT (SELECT count(*) FROM (SELECT source_path FROM seen GROUP BY ALL HAVING count(*) > 1))
     + CASE WHEN (SELECT count(*) FROM seen) =
            (SELECT files_seen FROM runs WHERE run_id = (SELECT run_id FROM publication)) THEN 0 ELSE 1 END""",
    ),
)


def all_checks() -> list[Check]:
    return [c for model in TABLES for c in _generated(model)] + list(INVARIANTS)


def run_checks(
    con: duckdb.DuckDBPyConnection, run_id: str, new_rows: duckdb.DuckDBPyConnection | None = None
) -> list[QualityResult]:
    """Run every check on the views of ``con``; one result per check.

    With ``new_rows`` (views over only the rows a run added), per-document checks run there.
    """
    out = []
    for c in all_checks():
        scoped = new_rows is not None and c.per_document
        failing = (new_rows if scoped and new_rows is not None else con).execute(c.sql).fetchone()[0]  # type: ignore[index]
        out.append(
            QualityResult(
                run_id=run_id,
                check_name=c.name,
                severity=c.severity,
                passed=failing == 0,
                failing_rows=int(failing),
                description=c.description,
                scope="loaded" if scoped else "all",
            )
        )
    return out


def drift_checks(run_id: str, now: dict[str, int], before: dict[str, int] | None) -> list[QualityResult]:
    """Warnings when the staged state differs sharply from the published one (row counts)."""
    if not before or not before.get("documents"):
        return []
    out = []
    docs_now, docs_before = now.get("documents", 0), before["documents"]
    out.append(
        QualityResult(
            run_id=run_id,
            check_name="documents.row_count_drop",
            severity="warn",
            passed=docs_now >= 0.5 * docs_before,
            failing_rows=max(docs_before - docs_now, 0),
            description=f"documents kept at least half of the published count ({docs_now} vs {docs_before})",
            scope="all",
        )
    )
    for table in ("sentences", "claims"):
        per_now = now.get(table, 0) / max(docs_now, 1)
        per_before = before.get(table, 0) / docs_before
        ok = per_before == 0 or abs(per_now - per_before) <= 0.5 * per_before
        out.append(
            QualityResult(
                run_id=run_id,
                check_name=f"{table}.per_document_shift",
                severity="warn",
                passed=ok,
                failing_rows=0 if ok else 1,
                description=f"{table} per document within 50% of the published state "
                f"({per_now:.2f} vs {per_before:.2f})",
                scope="all",
            )
        )
    return out
