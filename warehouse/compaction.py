"""Compaction of a staged snapshot: merge a year's small parts, rewrite parts that are mostly
hidden rows, drop parts whose every row is hidden.

Incremental runs add small parts (one per year they touch) and hide replaced rows through the
deletion vector; without compaction both grow for ever. Compaction runs while a snapshot is
staged, so the audit checks the rewritten parts like any new ones and a crash leaves the
published state untouched. A part (one batch's files of one year, with the same name in every
table) is merged as a whole, so a part name and a doc_id still locate a document's rows.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from transforms.records import CONTENT_TABLES
from warehouse.catalog import live_rows, sql_literal
from warehouse.files import TMP_SUFFIX, commit_file
from warehouse.partitions import part_path, year_of


@dataclass(frozen=True)
class Policy:
    small_bytes: int = 4 << 20  # a part (all its tables' files) smaller than this is small
    max_small_parts: int = 32  # a year with more small parts than this has them merged
    max_hidden_fraction: float = 0.5  # a part with this share of its documents hidden is rewritten
    max_group_bytes: int = 64 << 20  # input bytes per merged part


class Part(NamedTuple):
    year: int
    name: str
    files: dict[str, str]  # table -> path relative to the snapshot
    size: int  # bytes of all its files
    docs: int | None  # its documents (counted only when some are hidden)
    hidden: frozenset[str]  # doc_ids of its documents that the deletion vector hides


@dataclass
class Compaction:
    tables: dict[str, list[str]]
    hidden: set[tuple[str, str]]
    written: dict[str, list[str]] = field(default_factory=dict)  # table -> new part paths
    merged: int = 0  # parts rewritten into merged parts
    dropped: int = 0  # parts removed because every row was hidden


def inventory(staging: Path, tables: dict[str, list[str]], hidden: set[tuple[str, str]]) -> list[Part]:
    """The partitioned parts of a staged snapshot with their sizes and hidden documents."""
    files: dict[tuple[int, str], dict[str, str]] = defaultdict(dict)
    for table, rels in tables.items():
        for rel in rels:
            year = year_of(rel)
            if year is not None:
                files[(year, rel.rsplit("/", 1)[-1])][table] = rel
    hidden_names = {name for name, _ in hidden}
    out = []
    for (year, name), by_table in sorted(files.items()):
        docs, gone = None, frozenset[str]()
        if name in hidden_names:
            path = staging / by_table["documents"]
            ids = pq.ParquetFile(path).read(columns=["doc_id"]).column("doc_id").to_pylist()
            docs, gone = len(ids), frozenset(d for d in ids if (name, d) in hidden)
        size = sum(os.path.getsize(staging / rel) for rel in by_table.values())
        out.append(Part(year, name, by_table, size, docs, gone))
    return out


def plan(parts: list[Part], policy: Policy) -> tuple[list[list[Part]], list[Part]]:
    """(groups of parts to merge, each into one new part; parts to drop)."""
    by_year: dict[int, list[Part]] = defaultdict(list)
    for p in parts:
        by_year[p.year].append(p)
    groups: list[list[Part]] = []
    dropped: list[Part] = []
    for year_parts in by_year.values():
        dead = [p for p in year_parts if p.hidden and len(p.hidden) == p.docs]
        live = [p for p in year_parts if p not in dead]
        heavy = [p for p in live if p.hidden and len(p.hidden) >= policy.max_hidden_fraction * (p.docs or 0)]
        small = [p for p in live if p not in heavy and p.size < policy.small_bytes]
        merge = heavy + (small if len(small) > policy.max_small_parts else [])
        dropped += dead
        groups += [g for g in _chunks(merge, policy.max_group_bytes) if len(g) > 1 or g[0].hidden]
    return groups, dropped


def _chunks(parts: list[Part], max_bytes: int) -> Iterator[list[Part]]:
    group: list[Part] = []
    size = 0
    for p in parts:
        if group and size + p.size > max_bytes:
            yield group
            group, size = [], 0
        group.append(p)
        size += p.size
    if group:
        yield group


def _surely_none(tables: dict[str, list[str]], hidden: set[tuple[str, str]], policy: Policy) -> bool:
    """No compaction can be due: decided from the part names alone, without a stat or a read (so
    that a run with nothing to compact, a no-op run above all, stays cheap)."""
    per_year = Counter(year_of(rel) for rel in tables.get("documents", []))
    return not hidden and max(per_year.values(), default=0) <= policy.max_small_parts


def needs_compaction(
    folder: Path, tables: dict[str, list[str]], hidden: set[tuple[str, str]], policy: Policy
) -> bool:
    """Whether compacting a snapshot's parts under ``policy`` would change anything."""
    if _surely_none(tables, hidden, policy):
        return False
    groups, dropped = plan(inventory(folder, tables, hidden), policy)
    return bool(groups or dropped)


def compact(
    staging: Path,
    tables: dict[str, list[str]],
    hidden: set[tuple[str, str]],
    run_id: str,
    con: duckdb.DuckDBPyConnection,
    policy: Policy | None = None,
) -> Compaction:
    """Apply the compaction plan to a staged snapshot; returns its new parts and deletion rows.

    Merges run in DuckDB (``con``: its memory limit bounds them, and it spills beyond it), rows
    ordered by date then key so that row groups stay narrow in date."""
    policy = policy or Policy()
    out = Compaction({t: list(rels) for t, rels in tables.items()}, set(hidden))
    if _surely_none(tables, hidden, policy):
        return out
    groups, dropped = plan(inventory(staging, tables, hidden), policy)
    for n, group in enumerate(groups):
        name = f"part-{run_id}-c{n:05d}.parquet"
        gone = pa.table(
            {
                "part": [p.name for p in group for _ in p.hidden],
                "doc_id": [d for p in group for d in p.hidden],
            },
            schema=pa.schema([("part", pa.string()), ("doc_id", pa.string())]),
        )
        con.register("compaction_hidden", gone)
        for table in tables:
            files = [str(staging / p.files[table]) for p in group if table in p.files]
            if files:
                rel = part_path(table, group[0].year, name)
                if _merge(con, files, _KEYS[table], staging / rel):
                    out.tables[table].append(rel)
                    out.written.setdefault(table, []).append(rel)
        con.unregister("compaction_hidden")
        out.merged += len(group)
    for p in [p for g in groups for p in g] + dropped:
        for table, rel in p.files.items():
            out.tables[table].remove(rel)
            (staging / rel).unlink()
        out.hidden -= {(p.name, d) for d in p.hidden}
    out.dropped = len(dropped)
    return out


_KEYS = {m.table: ", ".join(m.key) for m in CONTENT_TABLES}


def _merge(con: duckdb.DuckDBPyConnection, files: list[str], key: str, path: Path) -> int:
    """Write the live rows of ``files`` to one Parquet file at ``path``; returns the rows (with
    none, no file is left)."""
    tmp = path.with_name(path.name + TMP_SUFFIX)
    path.parent.mkdir(parents=True, exist_ok=True)
    [(rows,)] = con.execute(
        f"COPY (SELECT x.* EXCLUDE (filename) FROM {live_rows(files, 'compaction_hidden')} "
        f"ORDER BY x.published_date, {key}) TO {sql_literal(str(tmp))} "
        "(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 64000)"
    ).fetchall()
    if not rows:
        tmp.unlink(missing_ok=True)
        return 0
    commit_file(tmp, path)
    return int(rows)
