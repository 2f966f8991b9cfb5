"""The ETL flow: discover -> load batches -> stage -> audit -> publish. Prefect only orchestrates;
every step is a function of warehouse/ or transforms/."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from transforms.records import Reject, Run
from warehouse.layout import Layout
from warehouse.loading import BatchResult, load_batch
from warehouse.lock import WarehouseLock
from warehouse.runlog import close_interrupted, ensure_log_tables, new_run_id, utcnow, write_log, write_run
from warehouse.seeds import Discovery, discover, reject_records
from warehouse.staging import audit, known_sources, publish, stage
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


discover_files = io_task("discover")(discover)
load_files = io_task("load-batch")(load_batch)
stage_state = pure_task("stage")(stage)
audit_state = pure_task("audit")(audit)
publish_state = io_task("publish")(publish)


def _batches(paths: list[str], size: int) -> list[list[str]]:
    return [paths[i : i + size] for i in range(0, len(paths), size)]


@flow(name="claimhouse-etl")
def etl(
    seeds: str = "seeds",
    warehouse: str = "warehouse",
    batch_size: int = 500,
    keep: int = 5,
    wait: float = 0.0,
) -> dict[str, Any]:
    """One run: every file under ``seeds`` is loaded or rejected, then the audited state is published."""
    log = get_run_logger()
    seeds_dir, layout = Path(seeds).resolve(), Layout.at(warehouse)
    layout.create()
    ensure_log_tables(layout)
    started, t0 = utcnow(), time.perf_counter()
    run_id, version = new_run_id(started), pipeline_version()
    run = Run(
        run_id=run_id,
        started_at=started,
        finished_at=None,
        status="running",
        files_seen=0,
        files_loaded=0,
        files_unchanged=0,
        files_rejected=0,
        pipeline_version=version,
        seeds_dir=str(seeds_dir),
        message=None,
    )
    with WarehouseLock(layout.lock, run_id, wait_seconds=wait):
        write_run(layout, run)
        close_interrupted(layout, active=run_id)
        try:
            found: Discovery = discover_files(seeds_dir)
            log.info("discover: %d files under %s (%.1fs)", found.seen, seeds_dir, time.perf_counter() - t0)
            known = known_sources(layout, version)
            groups = _batches(found.files, batch_size)
            futures = [
                load_files.submit(
                    seeds_dir,
                    group,
                    {p: known[p] for p in group if p in known},
                    layout.staging / run_id,
                    run_id=run_id,
                    batch_no=i,
                    today=started.date(),
                )
                for i, group in enumerate(groups)
            ]
            batches: list[BatchResult] = [f.result() for f in futures]
            rejects: list[Reject] = reject_records(found.rejects, run_id) + [
                r for b in batches for r in b.rejects
            ]
            rejects.sort(key=lambda r: r.source_path)
            write_log(layout, Reject, run_id, rejects)
            run = run.model_copy(
                update={
                    "files_seen": found.seen,
                    "files_rejected": len(rejects),
                    "files_loaded": sum(len(b.loaded) for b in batches),
                    "files_unchanged": sum(len(b.unchanged) for b in batches),
                }
            )
            write_run(layout, run)
            log.info(
                "load: %d loaded, %d unchanged, %d rejected (%.1fs)",
                run.files_loaded,
                run.files_unchanged,
                run.files_rejected,
                time.perf_counter() - t0,
            )
            manifest = stage_state(layout, run_id, version, batches, set(found.files), started)
            results = audit_state(layout, run_id, manifest)
            failed = [r for r in results if not r.passed and r.severity == "error"]
            log.info(
                "audit: %d checks, %d failed (%.1fs)", len(results), len(failed), time.perf_counter() - t0
            )
            if failed:
                names = ", ".join(r.check_name for r in failed)
                run = run.model_copy(update={"status": "audit_failed", "message": f"failed checks: {names}"})
            else:
                publish_state(layout, run_id, manifest, keep)
                run = run.model_copy(update={"status": "published"})
                log.info("publish: %s (%.1fs)", run_id, time.perf_counter() - t0)
        except BaseException as e:
            run = run.model_copy(update={"status": "failed", "message": f"{type(e).__name__}: {e}"[:500]})
            raise
        finally:
            write_run(layout, run.model_copy(update={"finished_at": utcnow()}))
    return {
        "run": run.model_dump(mode="json"),
        "rows": manifest.rows,
        "checks_failed": [r.check_name for r in failed],
        "reject_reasons": _count(r.reason for r in rejects),
        "seconds": round(time.perf_counter() - t0, 2),
    }


def _count(items: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in items:
        out[i] = out.get(i, 0) + 1
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))
