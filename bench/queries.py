"""What date-bounded queries read: bytes and time per query on a published warehouse.

The content tables are partitioned by year of published_date (one year per Parquet file, rows
sorted by date), so a date filter skips other years' files and row groups by their statistics.
DuckDB's profiler reports the bytes each query read.

usage:
    .venv/bin/python bench/queries.py WAREHOUSE_FOLDER [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb

QUERIES = {
    "all years": "",
    "one year": "WHERE published_date BETWEEN DATE '{y}-01-01' AND DATE '{y}-12-31'",
    "one month": "WHERE published_date BETWEEN DATE '{y}-03-01' AND DATE '{y}-03-31'",
}


def date_bounded(warehouse: Path, table: str = "claims", repeat: int = 3) -> dict[str, dict[str, Any]]:
    """Rows, bytes read and best-of-``repeat`` milliseconds of a count over ``table`` per date bound
    (the bounded ones on the warehouse's most common year)."""
    con = duckdb.connect(str(warehouse / "warehouse.duckdb"), read_only=True)
    try:
        [(year,)] = con.execute(
            f"SELECT year(published_date) FROM {table} GROUP BY ALL ORDER BY count(*) DESC LIMIT 1"
        ).fetchall()
        with tempfile.TemporaryDirectory() as tmp:
            prof = Path(tmp) / "profile.json"
            con.execute("PRAGMA enable_profiling = 'json'")
            con.execute(f"PRAGMA profiling_output = '{prof}'")
            out = {}
            for name, where in QUERIES.items():
                sql = f"SELECT count(*), sum(length(text)) FROM {table} {where.format(y=year)}"
                best = float("inf")
                for _ in range(repeat):
                    t0 = time.perf_counter()
                    [(rows, _chars)] = con.execute(sql).fetchall()
                    best = min(best, time.perf_counter() - t0)
                io = json.loads(prof.read_text()).get("io", {})
                out[name] = {
                    "rows": rows,
                    "bytes_read": io.get("total_bytes_read"),
                    "ms": round(best * 1000, 1),
                    "year": year,
                }
            return out
    finally:
        con.close()


def print_queries(res: dict[str, dict[str, Any]], table: str = "claims") -> None:
    full = res["all years"]["bytes_read"] or 1
    print(f"date-bounded counts over {table} (bounded ones on {res['all years']['year']}):")
    for name, r in res.items():
        share = f"{100 * r['bytes_read'] / full:.0f}% of the bytes" if r["bytes_read"] is not None else ""
        print(
            f"  {name:<10} {r['rows']:>9,} rows  {r['ms']:>7.1f} ms  "
            f"{(r['bytes_read'] or 0) / 1e6:>7.2f} MB read  {share}"
        )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("warehouse", type=Path)
    p.add_argument("--table", default="claims")
    p.add_argument("--repeat", type=int, default=3)
    a = p.parse_args(argv)
    print_queries(date_bounded(a.warehouse, a.table, a.repeat), a.table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
