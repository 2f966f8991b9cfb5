"""Loading a batch of seed files: read, hash, transform the new and changed ones, write Parquet parts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from transforms.document import Columns, DocumentRows, SourceFile, build_rows
from transforms.records import CONTENT_TABLES, Document, Reject
from warehouse.files import write_parquet
from warehouse.partitions import part_path, split_by_year
from warehouse.schema import columns_to_table, records_to_table
from warehouse.seeds import read_seed, sha256_hex


@dataclass
class BatchResult:
    """What one batch did: small enough to pass between tasks."""

    loaded: dict[str, str] = field(default_factory=dict)  # source_path -> sha256 of loaded files
    rejects: list[Reject] = field(default_factory=list)
    parts: dict[str, list[str]] = field(default_factory=dict)  # table -> part paths relative to the snapshot


def load_batch(
    seeds: Path,
    paths: Sequence[str],
    staging: Path,
    *,
    run_id: str,
    batch_no: int,
    today: dt.date,
) -> BatchResult:
    """Process one batch of new or changed files (see :func:`changed_files`) into Parquet parts
    under ``staging``: every file becomes rows or a reject."""
    res = BatchResult()
    docs: list[DocumentRows] = []
    for rel in paths:
        try:
            raw = read_seed(seeds, rel)
        except OSError as e:
            res.rejects.append(
                Reject(
                    source_path=rel,
                    reason="unreadable",
                    detail=f"The file could not be read: {e.strerror}.",
                    run_id=run_id,
                )
            )
            continue
        sha = sha256_hex(raw)
        out = build_rows(SourceFile(rel, sha), raw, run_id=run_id, today=today)
        if isinstance(out, Reject):
            res.rejects.append(out)
        else:
            docs.append(out)
            res.loaded[rel] = sha
    if docs:
        tables = batch_tables(docs)
        name = f"part-{run_id}-b{batch_no:05d}.parquet"
        for model in CONTENT_TABLES:
            for year, rows in split_by_year(tables[model.table]).items():
                rel_part = part_path(model.table, year, name)
                write_parquet(rows, staging / rel_part)
                res.parts.setdefault(model.table, []).append(rel_part)
    return res


def batch_tables(docs: Sequence[DocumentRows]) -> dict[str, pa.Table]:
    """The Arrow table of each content table for a batch of documents (checked column-wise)."""
    tables = {"documents": records_to_table([d.document for d in docs], Document)}
    for model in CONTENT_TABLES:
        if model is not Document:
            per_doc = [getattr(d, model.table) for d in docs]  # DocumentRows fields are table names
            tables[model.table] = columns_to_table({col: _concat(per_doc, col) for col in per_doc[0]}, model)
    return tables


def _concat(per_doc: Sequence[Columns], col: str) -> list[Any]:
    """One column of a batch: the documents' lists end to end (list.extend copies a list in C)."""
    out: list[Any] = []
    extend = out.extend
    for cols in per_doc:
        extend(cols[col])
    return out


def changed_files(
    seeds: Path, paths: Sequence[str], known: Mapping[str, str], threads: int = 2
) -> tuple[list[str], list[str]]:
    """Split files into (files to process, files the ledger already holds with this content).

    Only files the ledger knows are read and hashed (on a few threads: reading and sha256 release
    the GIL); new ones go straight to processing.
    """

    def same(rel: str) -> bool:
        sha = known.get(rel)
        try:
            return sha is not None and sha256_hex(read_seed(seeds, rel)) == sha
        except OSError:
            return False  # load_batch reads it again and records why it cannot

    def flags(chunk: Sequence[str]) -> list[bool]:
        return [same(rel) for rel in chunk]

    size = -(-len(paths) // max(threads, 1))  # one chunk per thread: a task per file costs more than its hash
    with ThreadPoolExecutor(threads) as ex:
        unchanged = [
            f
            for chunk in ex.map(flags, [paths[i : i + size] for i in range(0, len(paths), size or 1)])
            for f in chunk
        ]
    return [p for p, f in zip(paths, unchanged, strict=True) if not f], [
        p for p, f in zip(paths, unchanged, strict=True) if f
    ]
