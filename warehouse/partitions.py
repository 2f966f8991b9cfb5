"""Partitioning of the content tables by the year of ``published_date``.

Every part file lives under ``<table>/published_year=<YYYY>/`` (a Hive-style folder, so other
engines see the partition too) and holds rows of one year only, sorted by date: a date-bounded
query skips other years' files and row groups by their Parquet statistics. A batch writes one
file per year it touches, all with the same name in every table, so a part's name and a doc_id
locate a document's rows in every table.
"""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

PARTITION = "published_year"
_FOLDER = re.compile(rf"/{PARTITION}=(\d+)/")


def part_path(table: str, year: int, name: str) -> str:
    """A part's path relative to the snapshot folder.

    >>> part_path("claims", 2016, "part-r1-b00000.parquet")
    'claims/published_year=2016/part-r1-b00000.parquet'
    """
    return f"{table}/{PARTITION}={year:04d}/{name}"


def year_of(rel: str) -> int | None:
    """The partition year of a part path, or None for a part outside any partition.

    >>> year_of("claims/published_year=2016/part-r1-b00000.parquet")
    2016
    """
    m = _FOLDER.search(rel)
    return int(m.group(1)) if m else None


def split_by_year(table: pa.Table) -> dict[int, pa.Table]:
    """The rows of each year, sorted by published_date (stable: document order within a day)."""
    if table.num_rows == 0:
        return {}
    table = table.take(pc.sort_indices(table, [("published_date", "ascending")]))
    runs = pc.run_end_encode(pc.year(table.column("published_date")).combine_chunks())
    ends = runs.run_ends.to_pylist()
    return {
        year: table.slice(a, b - a)
        for year, a, b in zip(runs.values.to_pylist(), [0, *ends], ends, strict=False)
    }
