"""The pydantic models, the Arrow schemas and DuckDB's DESCRIBE agree; unknown types raise."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pydantic import BaseModel

from transforms.records import TABLES, Reject, Run
from warehouse.schema import accepted_values, arrow_schema, arrow_type, duckdb_columns, records_to_table


@pytest.mark.parametrize("model", TABLES, ids=lambda m: m.table)
def test_arrow_schema_has_every_model_field_in_order(model: type) -> None:
    schema = arrow_schema(model)
    assert schema.names == list(model.model_fields)
    for name, info in model.model_fields.items():
        assert schema.field(name).metadata[b"description"].decode() == info.description


@pytest.mark.parametrize("model", TABLES, ids=lambda m: m.table)
def test_duckdb_describe_matches_the_model(model: type, tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    pq.write_table(arrow_schema(model).empty_table(), path)
    described = duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
    assert {r[0]: r[1] for r in described} == duckdb_columns(model)


def test_nullable_follows_optional_annotations() -> None:
    s = arrow_schema(Run)
    assert not s.field("run_id").nullable
    assert s.field("finished_at").nullable


def test_unknown_type_raises() -> None:
    with pytest.raises(TypeError, match="no Arrow type"):
        arrow_type(bytes)

    class Odd(BaseModel):
        x: list[int]

    with pytest.raises(TypeError):
        arrow_schema(Odd)  # type: ignore[arg-type]


def test_accepted_values_come_from_literals() -> None:
    assert accepted_values(Run)["status"] == ("running", "published", "audit_failed", "failed")


def test_records_to_table_builds_typed_columns_and_refuses_other_records() -> None:
    r = Reject(source_path="a.txt", reason="empty_file", detail="Empty.", run_id="r1")
    t = records_to_table([r], Reject)
    assert t.to_pylist() == [r.model_dump()]
    run = Run(
        run_id="r1",
        started_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        finished_at=None,
        status="running",
        files_seen=0,
        files_loaded=0,
        files_unchanged=0,
        files_rejected=0,
        pipeline_version="v",
        seeds_dir="/s",
        message=None,
    )
    assert records_to_table([run], Run).schema.field("started_at").type == pa.timestamp("us", tz="UTC")
    with pytest.raises(TypeError, match="Run record given for table rejects"):
        records_to_table([run], Reject)  # type: ignore[list-item]
