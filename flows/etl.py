"""The ETL flow: discover -> load batches -> stage -> audit -> publish.

Prefect only orchestrates: every step is a function of warehouse/ (storage) that calls the pure
transforms. Tasks work on batches of files and pass paths and counts, never datasets. The large
arguments of the tasks called in the flow's process (the file list, the ledger, the batches, the
manifest) are passed in ``quote``: Prefect would otherwise walk every element of them, twice per
task, looking for futures (under cProfile, a 1 % rerun at 10,000 files: 6.4 s -> 3.3 s in the flow).
"""

from __future__ import annotations

import time
from collections import deque
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.states import Cancelled
from prefect.utilities.annotations import quote

from flows.pool import BatchPool, default_workers
from flows.report import report_markdown, summarize
from transforms.records import Reject
from warehouse.compaction import Policy
from warehouse.faults import fault_point
from warehouse.layout import Layout
from warehouse.loading import BatchResult, changed_files, load_batch
from warehouse.lock import WarehouseBusy, WarehouseLock
from warehouse.recovery import recover
from warehouse.runlog import ensure_log_tables, write_log
from warehouse.runs import RunRecord
from warehouse.seeds import discover, reject_records
from warehouse.staging import audit, known_sources, publish, stage, unchanged_state
from warehouse.version import pipeline_version


def _is_io_error(task: Any, task_run: Any, state: Any) -> bool:
    """Retry only what I/O can fix; pure steps are deterministic and retrying hides bugs."""
    try:
        state.result()
    except OSError:
        return True
    except Exception:
        return False
    return False


def io_task(name: str) -> Any:
    return task(
        name=name,
        retries=2,
        retry_delay_seconds=[1, 5],
        retry_condition_fn=_is_io_error,
        cache_policy=NO_CACHE,
    )


def pure_task(name: str) -> Any:
    return task(name=name, cache_policy=NO_CACHE)


@io_task("load-batch")
def load_files(pool: BatchPool, seeds: Path, paths: list[str], staging: Path, **kwargs: Any) -> BatchResult:
    """One batch of new or changed files, transformed into Parquet parts in the pool's workers."""
    return pool.run(load_batch, seeds, paths, staging, **kwargs)


discover_files = io_task("discover")(discover)
compare_files = io_task("hash")(changed_files)
stage_state = pure_task("stage")(stage)
audit_state = pure_task("audit")(audit)
publish_state = io_task("publish")(publish)

REPORT_KEY = "claimhouse-run-report"


@flow(name="claimhouse-etl", timeout_seconds=6 * 3600)
def etl(
    seeds: str = "seeds",
    warehouse: str = "warehouse",
    batch_size: int = 500,
    keep: int = 5,
    wait: float = 0.0,
    workers: int = 0,
    max_in_flight: int = 0,
    compact_after: int = 32,
) -> Any:
    """One run: every file under ``seeds`` is loaded or rejected, then the audited state is published.

    ``workers`` processes transform the batches (0: one per core); at most ``max_in_flight``
    batches are submitted at once (0: workers + 1, which keeps memory flat; a Dask cluster queues
    them itself, so the Dask path submits all). A year's small parts are merged once it holds more
    than ``compact_after`` of them (warehouse/compaction.py). Returns the run summary (a dict); a run that
    cannot take the warehouse lock ends Cancelled.
    """
    layout = Layout.at(warehouse)
    layout.create()
    run = RunRecord(layout, Path(seeds).resolve(), pipeline_version())
    try:
        lock = WarehouseLock(layout.lock, run.run_id, wait_seconds=wait).__enter__()
    except WarehouseBusy as e:
        get_run_logger().warning("%s", e)
        return Cancelled(message=str(e))
    try:
        policy = Policy(max_small_parts=compact_after)
        summary = _run(layout, run, batch_size, keep, workers or default_workers(), max_in_flight, policy)
    finally:
        lock.__exit__(None, None, None)
    create_markdown_artifact(
        key=REPORT_KEY, markdown=report_markdown(summary), description="claimhouse run report"
    )
    return summary


def _load_all(
    pool: BatchPool,
    groups: list[list[str]],
    seeds: Path,
    staging: Path,
    run_id: str,
    today: Any,
    in_flight: int,
) -> list[BatchResult]:
    """Submit the batches with a bounded number in flight, so memory does not grow with the corpus.

    Logs progress about every tenth of the batches (and each batch when there are few)."""
    log, t0 = get_run_logger(), time.perf_counter()
    pending: deque[Any] = deque()
    done: list[BatchResult] = []
    step = max(len(groups) // 10, 1)

    def collect() -> None:
        done.append(pending.popleft().result())
        if len(groups) > 1 and (len(done) % step == 0 or len(done) == len(groups)):
            files = sum(len(b.loaded) + len(b.rejects) for b in done)
            log.info(
                "load     %d/%d batches, %d files (%.1fs)",
                len(done),
                len(groups),
                files,
                time.perf_counter() - t0,
            )

    for i, g in enumerate(groups):
        if len(pending) >= in_flight:
            collect()
        pending.append(
            load_files.submit(  # no quote: it does not survive the trip to a Dask worker
                pool,
                seeds,
                g,
                staging,
                run_id=run_id,
                batch_no=i,
                today=today,
            )
        )
    while pending:
        collect()
    return done


def _run(
    layout: Layout,
    run: RunRecord,
    batch_size: int,
    keep: int,
    workers: int,
    max_in_flight: int,
    policy: Policy,
) -> dict[str, Any]:
    log, t0 = get_run_logger(), time.perf_counter()
    seeds, run_id = Path(run.row.seeds_dir), run.run_id

    def stage_done(name: str, detail: str) -> None:
        log.info("%-8s %s (%.1fs)", name, detail, time.perf_counter() - t0)

    ensure_log_tables(layout)  # under the lock: two first runs must not write the same file
    run.update()
    for note in recover(layout, run_id, keep):
        stage_done("recover", note)
    try:
        found = discover_files(seeds)
        stage_done("discover", f"{found.seen} files under {seeds}")
        known = known_sources(layout, run.row.pipeline_version)
        todo, unchanged = compare_files(seeds, quote(found.files), quote(known))
        stage_done("hash", f"{len(unchanged)} unchanged, {len(todo)} new or changed")
        groups = [todo[i : i + batch_size] for i in range(0, len(todo), batch_size)]
        with BatchPool(min(workers, len(groups))) as pool:
            in_flight = max_in_flight or (pool.workers + 1 if pool.workers > 1 else 1)
            batches = _load_all(pool, groups, seeds, layout.staging / run_id, run_id, run.today, in_flight)
        fault_point("after_load")
        rejects = sorted(
            reject_records(found.rejects, run_id) + [r for b in batches for r in b.rejects],
            key=lambda r: r.source_path,
        )
        write_log(layout, Reject, run_id, rejects)
        run.update(
            files_seen=found.seen,
            files_rejected=len(rejects),
            files_loaded=sum(len(b.loaded) for b in batches),
            files_unchanged=len(unchanged),
        )
        stage_done(
            "load",
            f"{run.row.files_loaded} loaded, {run.row.files_unchanged} unchanged, "
            f"{run.row.files_rejected} rejected in {len(groups)} batches",
        )
        kept = set(unchanged)
        same = None if todo else unchanged_state(layout, run.row.pipeline_version, kept, policy)
        if same is not None:
            message = f"nothing changed: the state of run {same.run_id} stays published"
            run.finish("published", message)
            stage_done("publish", message)
            return summarize(run.row, same.rows, [], rejects, time.perf_counter() - t0)
        manifest = stage_state(
            layout,
            run_id,
            run.row.pipeline_version,
            quote(batches),
            quote(kept),
            run.row.started_at,
            policy,
        )
        stage_done("stage", ", ".join(f"{t} {n}" for t, n in manifest.rows.items()))
        if any(manifest.compaction.values()):
            c = manifest.compaction
            stage_done("compact", f"{c['merged']} parts merged into {c['written']}, {c['dropped']} dropped")
        results = audit_state(layout, run_id, quote(manifest))
        failed = [r.check_name for r in results if not r.passed and r.severity == "error"]
        warned = [r.check_name for r in results if not r.passed and r.severity == "warn"]
        stage_done("audit", f"{len(results)} checks, {len(failed)} failed, {len(warned)} warnings")
        if failed:
            run.finish("audit_failed", f"failed checks: {', '.join(failed)}")
            log.error("audit failed: %s; the previous state stays published", ", ".join(failed))
        else:
            publish_state(layout, run_id, quote(manifest), keep)
            run.finish("published")
            stage_done("publish", run_id)
    except BaseException as e:
        run.finish("failed", f"{type(e).__name__}: {e}"[:500])
        raise
    return summarize(run.row, manifest.rows, results, rejects, time.perf_counter() - t0)


def etl_on_dask(address: str) -> Any:
    """The same flow with its tasks on an existing Dask cluster (``tcp://host:8786``).

    Every worker must reach the seeds and warehouse folders at the same paths and a Prefect server
    (``PREFECT_API_URL``); call the result with ``workers=1`` (the cluster is the parallelism).
    """
    from prefect_dask import DaskTaskRunner

    return etl.with_options(task_runner=DaskTaskRunner(address=address))  # type: ignore[arg-type]


DASK_IN_FLIGHT = 100_000  # the Dask scheduler queues the batches; workers bound their own memory
