"""The run log: runs, rejects and quality_results, one Parquet file per run and table."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence

import pyarrow.parquet as pq

from transforms.records import LOG_TABLES, Record, Run
from warehouse.files import write_parquet
from warehouse.layout import Layout
from warehouse.schema import records_to_table


def new_run_id(now: dt.datetime) -> str:
    """Sortable and unique: UTC time to the millisecond plus a random suffix."""
    return now.strftime("%Y%m%dT%H%M%S") + f"{now.microsecond // 1000:03d}Z-" + secrets.token_hex(3)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def ensure_log_tables(layout: Layout) -> None:
    """Give each log table an empty file with its schema, so its view exists before any row does."""
    for model in LOG_TABLES:
        empty = layout.log_dir(model.table) / "_schema.parquet"
        if not empty.exists():
            write_parquet(records_to_table([], model), empty)


def write_log(layout: Layout, model: type[Record], run_id: str, records: Sequence[Record]) -> None:
    write_parquet(records_to_table(records, model), layout.log_file(model.table, run_id))


def write_run(layout: Layout, run: Run) -> None:
    write_log(layout, Run, run.run_id, [run])


def read_runs(layout: Layout) -> list[Run]:
    out: list[Run] = []
    for f in sorted(layout.log_dir("runs").glob("2*.parquet")):
        out.extend(Run.model_validate(r) for r in pq.read_table(f).to_pylist())
    return out
