"""Partitions by year and compaction, through real runs of the flow."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from tests.conftest import query
from tests.flows.test_etl import CONTENT, snapshot

YEARS = (2021, 2022, 2023)
TEXT = " date {year}-0{n}-1{n} The board hired {n}0 new teachers, the district said.\n\nIt was item {n} of {year}."


def year_seeds(root: Path) -> Path:
    """Three articles per year in YEARS (sorted by year, so batches of 3 are one year each)."""
    seeds = root / "seeds"
    seeds.mkdir()
    for year in YEARS:
        for n in (1, 2, 3):
            (seeds / f"{year}{n}_{year * 10 + n:016x}.txt").write_text(TEXT.format(year=year, n=n))
    return seeds


def parts_of(wh: Path, table: str) -> list[Path]:
    current = (wh / "state" / "CURRENT").read_text().split('"')[3]
    return sorted((wh / "state" / "snapshots" / current / table).rglob("*.parquet"))


def test_parts_hold_one_year_each_and_every_table_carries_the_date(run_etl: Any, tmp_path: Path) -> None:
    wh = tmp_path / "wh"
    run_etl(year_seeds(tmp_path), wh, batch_size=4)  # batches straddle years
    for table in CONTENT:
        files = parts_of(wh, table)
        assert {f.parent.name for f in files} == {f"published_year={y}" for y in YEARS}, table
        for f in files:
            dates = pq.read_table(f, columns=["published_date"], partitioning=None).column(0).to_pylist()
            assert {d.year for d in dates} == {int(f.parent.name.split("=")[1])}
            assert dates == sorted(dates)
    # the views expose published_date (a real column), not the folder name
    cols = [r[0] for r in query(wh, "DESCRIBE claims")]
    assert "published_date" in cols and "published_year" not in cols
    assert query(
        wh, "SELECT count(*) FROM sentences WHERE published_date BETWEEN '2022-01-01' AND '2022-12-31'"
    ) == query(
        wh,
        "SELECT count(*) FROM sentences s JOIN documents d USING (doc_id) WHERE year(d.published_date) = 2022",
    )


def test_compaction_merges_small_parts_and_clears_the_deletion_vector(run_etl: Any, tmp_path: Path) -> None:
    seeds, wh = year_seeds(tmp_path), tmp_path / "wh"
    first = run_etl(seeds, wh, batch_size=3)["run"]["run_id"]  # one part per year
    before = snapshot(wh)
    assert len(parts_of(wh, "documents")) == 3
    changed = seeds / f"20221_{20221:016x}.txt"
    changed.write_text(TEXT.format(year=2022, n=1).replace("teachers", "nurses"))
    second = run_etl(seeds, wh, batch_size=3)  # default policy: nothing merged, 1 of 3 rows hidden
    assert second["run"]["status"] == "published"
    assert (
        len(parts_of(wh, "documents")) == 4
        and (wh / "state" / "snapshots" / second["run"]["run_id"] / "deleted.parquet").exists()
    )
    expected = snapshot(wh)

    third = run_etl(seeds, wh, batch_size=3, compact_after=0)
    assert third["run"]["status"] == "published" and third["run"]["files_loaded"] == 0
    assert snapshot(wh) == expected  # the same rows, fewer files
    assert [f.parent.name for f in parts_of(wh, "documents")] == [f"published_year={y}" for y in YEARS]
    snap = wh / "state" / "snapshots" / third["run"]["run_id"]
    assert not (snap / "deleted.parquet").exists()
    assert query(
        wh, f"SELECT count(*) FROM quality_results WHERE run_id = '{third['run']['run_id']}' AND NOT passed"
    ) == [(0,)]
    manifest = (snap / "manifest.json").read_text()
    assert '"merged": 2' in manifest and '"written": 1' in manifest  # 2022 only

    # the older snapshots were not touched: rolling back shows their rows again
    from warehouse.history import rollback
    from warehouse.layout import Layout

    rollback(Layout.at(wh), first)
    assert snapshot(wh) == before


def test_a_part_whose_rows_are_all_gone_is_dropped(run_etl: Any, tmp_path: Path) -> None:
    seeds, wh = year_seeds(tmp_path), tmp_path / "wh"
    run_etl(seeds, wh, batch_size=1)
    (seeds / f"20231_{20231:016x}.txt").unlink()
    run = run_etl(seeds, wh, batch_size=1)["run"]["run_id"]
    assert len(parts_of(wh, "documents")) == 8
    assert not (wh / "state" / "snapshots" / run / "deleted.parquet").exists()
    assert query(wh, "SELECT count(*) FROM documents") == [(8,)]
    for table in CONTENT:
        assert query(wh, f"SELECT count(*) FROM {table} WHERE doc_id = '{20231:016x}'") == [(0,)]
