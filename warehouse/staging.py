"""Write-audit-publish: assemble a staged snapshot, audit it, publish it or leave it unpublished."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from transforms.records import CONTENT_TABLES, QualityResult
from warehouse.catalog import connect_state, refresh_catalog, scratch
from warehouse.checks import drift_checks, run_checks
from warehouse.compaction import Policy, compact, needs_compaction
from warehouse.faults import fault_point
from warehouse.layout import Layout
from warehouse.loading import BatchResult
from warehouse.runlog import read_runs, write_log
from warehouse.snapshots import (
    Manifest,
    carry_over,
    collect_garbage,
    hidden_rows,
    promote,
    read_current,
    write_deleted,
    write_manifest,
)


def known_sources(layout: Layout, pipeline_version: str) -> dict[str, str]:
    """The ledger: source_path -> sha256 of each published document, if made by this pipeline version."""
    current = read_current(layout)
    if current is None or current[1].pipeline_version != pipeline_version:
        return {}
    return dict(current[1].sources)


def unchanged_state(
    layout: Layout, pipeline_version: str, unchanged: set[str], policy: Policy | None = None
) -> Manifest | None:
    """The published manifest, when a run that found no new or changed file finds none deleted
    either and compaction has nothing to do: that state is re-confirmed as it is. No snapshot is
    made, so ``--keep`` counts states that differ, and nothing is re-audited (a snapshot is
    immutable and was audited when made)."""
    current = read_current(layout)
    if current is None or current[1].pipeline_version != pipeline_version:
        return None
    folder, manifest = current
    if set(manifest.sources) != unchanged:
        return None
    busy = needs_compaction(folder, manifest.tables, hidden_rows(folder, manifest), policy or Policy())
    return None if busy else manifest


def stage(
    layout: Layout,
    run_id: str,
    pipeline_version: str,
    batches: Sequence[BatchResult],
    unchanged: set[str],
    now: dt.datetime,
    policy: Policy | None = None,
) -> Manifest:
    """Assemble the staged snapshot: the rows of the ``unchanged`` files carried over plus the
    batches' new parts, compacted by ``policy`` (see warehouse/compaction.py)."""
    staging = layout.staging / run_id
    staging.mkdir(parents=True, exist_ok=True)
    current = read_current(layout)
    loaded = {p: sha for b in batches for p, sha in b.loaded.items()}
    tables: dict[str, list[str]] = {}
    sources: dict[str, str] = {}
    hidden: set[tuple[str, str]] = set()
    keep = unchanged if current is not None and current[1].pipeline_version == pipeline_version else set()
    if current is not None and keep:  # else every document was reprocessed: nothing to carry over
        prev_folder, prev = current
        drop = [] if keep == set(prev.sources) else _dropped_rows(layout, prev_folder, prev, keep)
        tables, hidden = carry_over(prev_folder, prev, staging, drop)
        sources = {p: sha for p, sha in prev.sources.items() if p in keep}
    added: dict[str, list[str]] = {}
    for b in batches:
        for table, parts in b.parts.items():
            tables.setdefault(table, []).extend(parts)
            added.setdefault(table, []).extend(parts)
    sources.update(loaded)
    with scratch(layout) as con:
        done = compact(staging, tables, hidden, run_id, con, policy)
    for table, parts in done.written.items():  # rewritten rows are audited like loaded ones
        added.setdefault(table, []).extend(parts)
    live = {t: set(parts) for t, parts in done.tables.items()}
    added = {t: [p for p in parts if p in live[t]] for t, parts in added.items()}
    manifest = Manifest(
        run_id=run_id,
        pipeline_version=pipeline_version,
        created_at=now,
        tables=done.tables,
        rows={},
        sources=dict(sorted(sources.items())),
        added=added,
        deleted=write_deleted(staging, done.hidden),
        compaction={
            "merged": done.merged,
            "written": len(done.written.get("documents", [])),
            "dropped": done.dropped,
        },
    )
    con = connect_state(layout, staging, manifest)
    # the documents' own counts (the documents.counts check holds them equal to the child tables):
    # one scan of a few integer columns instead of counting every table through the deletion vector
    names = [m.table for m in CONTENT_TABLES]
    sums = ", ".join("count(*)" if t == "documents" else f"sum(n_{t})" for t in names)
    counts = con.execute(f"SELECT {sums} FROM documents").fetchone() or ()
    rows = {t: int(n or 0) for t, n in zip(names, counts, strict=True)}
    con.close()
    manifest = manifest.model_copy(update={"rows": rows})
    write_manifest(staging, manifest)
    fault_point("after_stage")
    return manifest


def _dropped_rows(layout: Layout, folder: Path, manifest: Manifest, keep: set[str]) -> list[tuple[str, str]]:
    """(part file name, doc_id) of the published documents whose files are not kept unchanged.

    Every batch writes one part of the same name per table, so the documents' parts locate the
    rows of every table."""
    con = connect_state(layout, folder, manifest)
    try:
        rows = con.execute("SELECT part, doc_id, source_path FROM document_parts").fetchall()
    finally:
        con.close()
    return [(part, doc) for part, doc, path in rows if path not in keep]


def audit(layout: Layout, run_id: str, manifest: Manifest) -> list[QualityResult]:
    """Run every check on the staged state and record the results in quality_results."""
    staged = layout.staging / run_id
    if manifest.added == manifest.tables and not manifest.deleted:  # every row is new: one connection
        con = connect_state(layout, staged, manifest, materialize=True)
        new_rows = None
    else:  # per-document checks read the new rows (materialized); the few global ones read views
        con = connect_state(layout, staged, manifest)
        added = manifest.model_copy(update={"tables": manifest.added})
        new_rows = connect_state(layout, staged, added, materialize=True)
    try:
        results = run_checks(con, run_id, new_rows)
    finally:
        con.close()
        if new_rows is not None:
            new_rows.close()
    previous = read_current(layout)
    results += drift_checks(run_id, manifest.rows, previous[1].rows if previous else None)
    write_log(layout, QualityResult, run_id, results)
    fault_point("after_audit")
    return results


def publish(layout: Layout, run_id: str, manifest: Manifest, keep: int) -> list[str]:
    """Make the staged snapshot the published state, refresh the catalog, collect old snapshots."""
    folder = promote(layout, run_id)
    fault_point("after_pointer")
    refresh_catalog(layout, folder, manifest)
    published = {r.run_id for r in read_runs(layout) if r.status == "published"} | {run_id}
    return collect_garbage(layout, keep, published, active_run=run_id)
