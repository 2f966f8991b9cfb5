"""The audit's checks against the seed warehouse's rows, each broken on purpose in memory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from transforms.records import CONTENT_TABLES
from warehouse.catalog import connect_published_state
from warehouse.checks import all_checks
from warehouse.layout import Layout

CHECKS = {c.name: c for c in all_checks()}
KEYS = {m.table: m.key[0] for m in CONTENT_TABLES}


@pytest.fixture
def con(seed_warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The published seed state with its content tables read into memory: free to edit."""
    c = connect_published_state(Layout.at(seed_warehouse))
    yield c
    c.close()


def failing(con: duckdb.DuckDBPyConnection, check: str) -> int:
    return int(con.execute(CHECKS[check].sql).fetchone()[0])  # type: ignore[index]


def test_every_check_passes_on_the_seed_state(con: duckdb.DuckDBPyConnection) -> None:
    assert {name: failing(con, name) for name in CHECKS} == dict.fromkeys(CHECKS, 0)


FIRST = "(SELECT min({key}) FROM {table})"


@pytest.mark.parametrize(
    ("edit", "check"),
    [
        (
            "UPDATE paragraphs SET char_end = char_end - 1 WHERE paragraph_id = {first}",
            "paragraphs.span_text",
        ),
        ("UPDATE sentences SET char_end = char_end + 1 WHERE sentence_id = {first}", "sentences.span_text"),
        ("UPDATE claims SET text = text || '!' WHERE claim_id = {first}", "claims.span_text"),
        # a claim whose paragraph does not resolve is cut from its document's text, not passed over
        (
            "UPDATE claims SET paragraph_id = 'nowhere', char_start = char_start + 1 WHERE claim_id = {first}",
            "claims.span_text",
        ),
        (
            "UPDATE quantities SET char_start = char_start + 1 WHERE quantity_id = {first}",
            "quantities.span_text",
        ),
        ("UPDATE documents SET n_claims = n_claims + 1 WHERE doc_id = {first}", "documents.counts"),
        # a document left with no quantities at all (no group to compare with)
        (
            "DELETE FROM quantities WHERE doc_id = (SELECT min(doc_id) FROM quantities)",
            "documents.counts",
        ),
        ("UPDATE documents SET n_chars = n_chars + 1 WHERE doc_id = {first}", "documents.counts"),
    ],
    ids=[
        "paragraph-short",
        "sentence-long",
        "claim-text",
        "claim-unresolved-paragraph",
        "quantity-shifted",
        "claims-miscounted",
        "quantities-all-gone",
        "length-miscounted",
    ],
)
def test_a_broken_row_fails_its_check(con: duckdb.DuckDBPyConnection, edit: str, check: str) -> None:
    table = edit.split()[1] if edit.startswith("UPDATE") else edit.split()[2]
    con.execute(edit.format(first=FIRST.format(key=KEYS[table], table=table)))
    assert failing(con, check) == 1


def test_a_claim_outside_its_paragraph_is_checked_against_the_document(
    con: duckdb.DuckDBPyConnection,
) -> None:
    """A claim that crosses its paragraph's end (the paragraph holds its start only) passes when its
    text is the document's, and fails when it is not."""
    row = con.execute(
        "SELECT c.claim_id, p.char_end FROM claims c JOIN paragraphs p USING (paragraph_id) "
        "JOIN documents d ON d.doc_id = c.doc_id WHERE p.char_end + 5 <= d.n_chars ORDER BY c.claim_id LIMIT 1"
    ).fetchone()
    assert row is not None
    claim_id, p_end = row
    con.execute(
        "UPDATE claims SET char_end = ?, text = (SELECT substr(d.text, claims.char_start + 1, ? - claims.char_start) "
        "FROM documents d WHERE d.doc_id = claims.doc_id) WHERE claim_id = ?",
        [p_end + 5, p_end + 5, claim_id],
    )
    assert failing(con, "claims.span_text") == 0
    con.execute("UPDATE claims SET text = text || '!' WHERE claim_id = ?", [claim_id])
    assert failing(con, "claims.span_text") == 1


def test_a_span_matching_another_documents_paragraph_fails(con: duckdb.DuckDBPyConnection) -> None:
    """A sentence pointed at a paragraph of another document, its text cut from that paragraph at
    the same offsets: right for that paragraph, wrong for its own document."""
    row = con.execute(
        "SELECT s.sentence_id, p.paragraph_id, substr(p.text, s.char_start - p.char_start + 1, "
        "s.char_end - s.char_start) FROM sentences s JOIN paragraphs p ON p.doc_id <> s.doc_id "
        "AND s.char_start >= p.char_start AND s.char_end <= p.char_end "
        "WHERE substr(p.text, s.char_start - p.char_start + 1, s.char_end - s.char_start) <> s.text "
        "ORDER BY s.sentence_id, p.paragraph_id LIMIT 1"
    ).fetchone()
    assert row is not None
    sentence_id, paragraph_id, text = row
    con.execute(
        "UPDATE sentences SET paragraph_id = ?, text = ? WHERE sentence_id = ?",
        [paragraph_id, text, sentence_id],
    )
    assert failing(con, "sentences.span_text") == 1
