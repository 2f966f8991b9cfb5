"""Arrow schemas and DuckDB column types derived from the pydantic table models.

One explicit type map; a type it does not know raises, so no writer ever infers a schema.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Sequence
from typing import Any, Literal, get_args, get_origin

import pyarrow as pa

from transforms.records import Record, validate_columns

ARROW_TYPES: dict[Any, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
    dt.date: pa.date32(),
    dt.datetime: pa.timestamp("us", tz="UTC"),
}

DUCKDB_TYPES: dict[pa.DataType, str] = {
    pa.string(): "VARCHAR",
    pa.int64(): "BIGINT",
    pa.float64(): "DOUBLE",
    pa.bool_(): "BOOLEAN",
    pa.date32(): "DATE",
    pa.timestamp("us", tz="UTC"): "TIMESTAMP WITH TIME ZONE",
}


def unwrap(annotation: Any) -> tuple[Any, bool]:
    """(the base type, nullable) of an annotation such as ``str | None``."""
    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            raise TypeError(f"unsupported union {annotation!r}")
        return unwrap(args[0])[0], True
    return annotation, False


def arrow_type(annotation: Any) -> tuple[pa.DataType, bool]:
    base, nullable = unwrap(annotation)
    if get_origin(base) is Literal:
        kinds = {type(v) for v in get_args(base)}
        if len(kinds) != 1:
            raise TypeError(f"mixed Literal {base!r}")
        base = kinds.pop()
    if base not in ARROW_TYPES:
        raise TypeError(f"no Arrow type for {annotation!r}: add it to ARROW_TYPES")
    return ARROW_TYPES[base], nullable


def arrow_schema(model: type[Record]) -> pa.Schema:
    """The Arrow schema of a table model, with the column descriptions as field metadata."""
    fields = []
    for name, info in model.model_fields.items():
        typ, nullable = arrow_type(info.annotation)
        meta = {"description": info.description} if info.description else None
        fields.append(pa.field(name, typ, nullable=nullable, metadata=meta))
    return pa.schema(fields, metadata={"table": model.table, "key": ",".join(model.key)})


def duckdb_columns(model: type[Record]) -> dict[str, str]:
    """Column name -> DuckDB type name, as DESCRIBE reports it."""
    return {f.name: DUCKDB_TYPES[f.type] for f in arrow_schema(model)}


def accepted_values(model: type[Record]) -> dict[str, tuple[Any, ...]]:
    """Column name -> the values its Literal annotation allows."""
    out = {}
    for name, info in model.model_fields.items():
        base, _ = unwrap(info.annotation)
        if get_origin(base) is Literal:
            out[name] = get_args(base)
    return out


def records_to_table(records: Sequence[Record], model: type[Record]) -> pa.Table:
    """Build an Arrow table column by column from validated records of one model."""
    schema = arrow_schema(model)
    for r in records:
        if type(r) is not model:
            raise TypeError(f"{type(r).__name__} record given for table {model.table}")
    columns = [pa.array([getattr(r, f.name) for r in records], type=f.type) for f in schema]
    return pa.Table.from_arrays(columns, schema=schema)


def columns_to_table(columns: dict[str, list[Any]], model: type[Record]) -> pa.Table:
    """Build an Arrow table from rows given as columns, validated against the model first."""
    valid = validate_columns(model, columns)
    schema = arrow_schema(model)
    return pa.Table.from_arrays([pa.array(valid[f.name], type=f.type) for f in schema], schema=schema)


def catalogue_markdown() -> str:
    """The table catalogue (every table and column with its type and description) as Markdown."""
    from transforms.records import TABLES

    out = []
    for model in TABLES:
        out.append(f"### {model.table}\n\nkey: `{', '.join(model.key)}`\n")
        out.append("| column | type | null | description |\n|---|---|---|---|")
        schema = arrow_schema(model)
        for f in schema:
            desc = (f.metadata or {}).get(b"description", b"").decode().replace("|", "\\|")
            out.append(f"| {f.name} | {DUCKDB_TYPES[f.type]} | {'yes' if f.nullable else 'no'} | {desc} |")
        out.append("")
    return "\n".join(out)
