"""Arrow schemas and DuckDB column types derived from the pydantic table models.

One explicit type map; a type it does not know raises, so no writer ever infers a schema. Rows
given as columns are checked against the same models where they become Arrow arrays
(:func:`columns_to_table`): the type Arrow infers for a column's values must be the declared one.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Sequence
from functools import cache
from typing import Any, Literal, NamedTuple, get_args, get_origin

import annotated_types
import pyarrow as pa
import pyarrow.compute as pc

from transforms.records import Record, check_columns

ARROW_TYPES: dict[Any, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
    dt.date: pa.date32(),
    dt.datetime: pa.timestamp("us", tz="UTC"),
}

PYTHON_TYPES: dict[pa.DataType, type] = {v: k for k, v in ARROW_TYPES.items()}

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
    """Build an Arrow table from rows given as columns, checked against the model on the way:
    exactly its columns, of one length; in each, values of the field's own type (nothing is
    converted: Arrow infers the values' type, which must be the declared one), no null unless
    the field is optional, only a Literal's values, within the field's bounds (``ge``, ``lt``...).
    A ValueError names the table, the column and a bad value.
    """
    check_columns(model, columns)
    schema = arrow_schema(model)
    checks = column_checks(model)
    arrays = [_checked_array(model.table, f, columns[f.name], checks[f.name]) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


class ColumnCheck(NamedTuple):
    """What a column's values must satisfy beyond their type and nullability."""

    allowed: pa.Array | None  # a Literal's values
    bounds: tuple[tuple[str, Any], ...]  # (comparison, bound): ("greater_equal", 0)


# Field(gt=...) and the like: pydantic keeps them as annotated_types constraints
_BOUNDS: dict[type, tuple[str, str]] = {  # constraint -> (its attribute, the pyarrow.compute comparison)
    annotated_types.Gt: ("gt", "greater"),
    annotated_types.Ge: ("ge", "greater_equal"),
    annotated_types.Lt: ("lt", "less"),
    annotated_types.Le: ("le", "less_equal"),
}


@cache
def column_checks(model: type[Record]) -> dict[str, ColumnCheck]:
    """Each column's checks, derived from the model's annotations and ``Field`` constraints; a
    constraint without an Arrow check here raises, so none is ever skipped silently."""
    out = {}
    for name, info in model.model_fields.items():
        base, _ = unwrap(info.annotation)
        typ, _ = arrow_type(info.annotation)
        allowed = pa.array(get_args(base), type=typ) if get_origin(base) is Literal else None
        bounds = []
        for constraint in info.metadata:
            if type(constraint) not in _BOUNDS:
                raise TypeError(
                    f"{model.table}.{name}: no Arrow check for {constraint!r}: add it to schema.py"
                )
            attribute, comparison = _BOUNDS[type(constraint)]
            bounds.append((comparison, getattr(constraint, attribute)))
        out[name] = ColumnCheck(allowed, tuple(bounds))
    return out


def _checked_array(table: str, f: pa.Field, values: list[Any], check: ColumnCheck) -> pa.Array:
    where = f"{table}.{f.name}"
    try:
        arr = pa.array(values)  # their own type, inferred: pa.array(values, type=...) would cast 2.5 to 2
    except (pa.ArrowInvalid, pa.ArrowTypeError) as e:
        raise ValueError(f"{where}: values of mixed or unsupported types ({e})") from e
    if arr.type == pa.null():  # no values, or only nulls
        arr = pa.nulls(len(values), f.type)
    elif arr.type == pa.int64() and f.type == pa.float64():  # an int is a float (as in Python's typing)
        arr = arr.cast(pa.float64())  # safe: raises if an int is too large to be exact
    # a date32 is also inferred for dates followed by datetimes (their time dropped)
    if arr.type != f.type or (f.type == pa.date32() and dt.datetime in set(map(type, values))):
        expected = PYTHON_TYPES[f.type]
        bad = next((v for v in values if v is not None and type(v) is not expected), None)
        raise ValueError(f"{where}: {bad!r} is not of the declared type {expected.__name__} ({arr.type})")
    if arr.null_count and not f.nullable:
        raise ValueError(f"{where}: null in row {values.index(None)}, and the column is not optional")
    if check.allowed is not None and pc.index_in(arr, value_set=check.allowed).null_count > arr.null_count:
        allowed = check.allowed.to_pylist()
        bad = next(v for v in values if v is not None and v not in allowed)
        raise ValueError(f"{where}: {bad!r} is not one of {allowed}")
    for comparison, bound in check.bounds:
        ok = getattr(pc, comparison)(arr, bound)
        if ok.false_count:
            bad = values[ok.to_pylist().index(False)]
            raise ValueError(f"{where}: {bad!r} is out of bounds ({comparison} {bound!r})")
    return arr


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
