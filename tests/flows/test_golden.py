"""Golden files: the published rows of every article in seeds/, pinned.

Regenerate with ``pytest tests/flows/test_golden.py --update-golden`` and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PROJECT, SEEDS, query

GOLDEN = PROJECT / "tests" / "golden"
SPAN_SQL = {
    "paragraphs": "SELECT idx, kind, char_start, char_end FROM paragraphs WHERE doc_id = $1 ORDER BY idx",
    "sentences": "SELECT idx, char_start, char_end FROM sentences WHERE doc_id = $1 ORDER BY idx",
    "claims": "SELECT kind, char_start, char_end, text, speaker_text, speaker, cue FROM claims WHERE doc_id = $1 ORDER BY idx",
    "quantities": "SELECT text, value, qualifier, unit, claim_id IS NOT NULL AS in_claim FROM quantities "
    "WHERE doc_id = $1 ORDER BY quantity_id",
}


def rows_of(warehouse: Path, doc_id: str) -> dict[str, Any]:
    from warehouse.catalog import connect_published
    from warehouse.layout import Layout

    con = connect_published(Layout.at(warehouse))
    out: dict[str, Any] = {}
    for table, sql in SPAN_SQL.items():
        cur = con.execute(sql, [doc_id])
        cols = [d[0] for d in cur.description]
        out[table] = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    con.close()
    return out


SEED_PATHS = sorted(p.relative_to(SEEDS).as_posix() for p in SEEDS.rglob("*.txt"))


@pytest.mark.parametrize("source_path", SEED_PATHS)
def test_seed_rows_match_the_golden_file(seed_warehouse: Path, update_golden: bool, source_path: str) -> None:
    [(doc_id,)] = query(seed_warehouse, f"SELECT doc_id FROM documents WHERE source_path = '{source_path}'")
    got = rows_of(seed_warehouse, doc_id)
    path = GOLDEN / (Path(source_path).stem + ".json")
    if update_golden:
        path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n")
    assert path.exists(), f"no golden file {path.name}: run pytest --update-golden"
    assert got == json.loads(path.read_text())


def test_seed_article_matches_the_spec(seed_warehouse: Path) -> None:
    """The figures of spec/seed-gold.json: 13 paragraphs (one heading), 19 sentences."""
    [(n_par, n_head, n_sent)] = query(
        seed_warehouse,
        "SELECT count(*), count(*) FILTER (WHERE kind = 'heading'), "
        "(SELECT count(*) FROM sentences WHERE doc_id = '4224968f8fd26e4e') "
        "FROM paragraphs WHERE doc_id = '4224968f8fd26e4e'",
    )
    assert (n_par, n_head, n_sent) == (13, 1, 19)
    heading = query(
        seed_warehouse,
        "SELECT idx, text FROM paragraphs WHERE kind = 'heading' AND doc_id = '4224968f8fd26e4e'",
    )
    assert heading == [(2, "'Scrambling to locate these individuals.'")]
