"""The claimhouse command: sql formats and errors, check on good and corrupted warehouses."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from flows.cli import main
from tests.conftest import PROJECT
from warehouse.catalog import refresh_catalog
from warehouse.layout import Layout
from warehouse.snapshots import read_current


def test_sql_formats(seed_warehouse: Path, capsys: pytest.CaptureFixture[str]) -> None:
    q = "SELECT doc_id, published_date, n_paragraphs FROM documents WHERE seq = 0"
    assert main(["sql", q, "--warehouse", str(seed_warehouse), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"doc_id": "4224968f8fd26e4e", "published_date": "2024-06-26", "n_paragraphs": 13}
    ]
    assert main(["sql", q, "--warehouse", str(seed_warehouse), "--format", "csv"]) == 0
    assert list(csv.reader(io.StringIO(capsys.readouterr().out))) == [
        ["doc_id", "published_date", "n_paragraphs"],
        ["4224968f8fd26e4e", "2024-06-26", "13"],
    ]
    assert main(["sql", q, "--warehouse", str(seed_warehouse)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split(" | ")[0].strip() == "doc_id" and out[-1] == "(1 row)"


def test_sql_is_read_only(seed_warehouse: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sql", "DROP VIEW documents", "--warehouse", str(seed_warehouse)]) == 1
    assert "read-only" in capsys.readouterr().err


def test_bad_sql_is_one_line_and_non_zero_without_traceback(seed_warehouse: Path) -> None:
    res = subprocess.run(
        [sys.executable, "-m", "flows.cli", "sql", "SELEC nonsense", "--warehouse", str(seed_warehouse)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=PROJECT,
    )
    assert res.returncode != 0
    assert "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and "syntax error" in res.stderr.lower()


def test_sql_on_a_missing_warehouse_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sql", "SELECT 1", "--warehouse", str(tmp_path / "none")]) == 1
    assert "no published warehouse" in capsys.readouterr().err


def test_check_passes_on_the_seed_warehouse(seed_warehouse: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--warehouse", str(seed_warehouse)]) == 0
    out = capsys.readouterr().out
    assert "inputs.accounted" in out and "FAIL" not in out


def corrupt(src: Path, dst: Path, table: str, edit) -> Path:  # type: ignore[no-untyped-def]
    """Copy a warehouse, rewrite the first of one table's parts that ``edit`` changes, and re-point
    the catalog."""
    shutil.copytree(src, dst)
    layout = Layout.at(dst)
    current = read_current(layout)
    assert current is not None
    folder, manifest = current
    for rel in manifest.tables[table]:
        part = folder / rel
        t = pq.read_table(part, partitioning=None)
        if not edit(t).equals(t):
            break
    part.unlink()  # a hard link shared with other snapshots: never write through it
    pq.write_table(edit(t), part)
    refresh_catalog(layout, folder, manifest)
    return dst


def _shift_first_end(t: pa.Table) -> pa.Table:
    ends = t.column("char_end").to_pylist()
    ends[0] += 1
    return t.set_column(
        t.schema.get_field_index("char_end"), t.schema.field("char_end"), pa.array(ends, pa.int64())
    )


def _orphan_first(t: pa.Table) -> pa.Table:
    ids = t.column("paragraph_id").to_pylist()
    ids[0] = "no-such-paragraph"
    return t.set_column(
        t.schema.get_field_index("paragraph_id"), t.schema.field("paragraph_id"), pa.array(ids)
    )


@pytest.mark.parametrize(
    ("table", "edit", "check"),
    [
        ("sentences", _shift_first_end, "sentences.span_text"),
        ("paragraphs", lambda t: pa.concat_tables([t, t.slice(0, 1)]), "paragraphs.key_unique"),
        ("sentences", _orphan_first, "sentences.paragraph_id_resolves"),
        ("documents", lambda t: t.filter(pc.not_equal(t.column("seq"), 0)), "inputs.accounted"),
    ],
    ids=["broken-offset", "duplicate-key", "orphan-sentence", "lost-input"],
)
def test_check_fails_on_a_corrupted_warehouse(
    seed_warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], table: str, edit, check: str
) -> None:  # type: ignore[no-untyped-def]
    wh = corrupt(seed_warehouse, tmp_path / "wh", table, edit)
    assert main(["check", "--warehouse", str(wh)]) == 1
    captured = capsys.readouterr()
    assert check in captured.err
    failing = [line.split(" | ")[0].strip() for line in captured.out.splitlines() if "FAIL" in line]
    assert check in failing
