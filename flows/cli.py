"""The `claimhouse` command: run, sql, check (and serve)."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from flows.local_server import LocalServer

# Before Prefect is imported anywhere: no telemetry (there is no network). No Prefect temporary
# server is ever started here (runs get flows.local_server.api_server's), so none of its settings.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = PROJECT / "seeds"
DEFAULT_WAREHOUSE = PROJECT / "warehouse"


def _fail(msg: str, code: int = 1) -> int:
    print(f"claimhouse: {msg}", file=sys.stderr)
    return code


def cmd_run(a: argparse.Namespace) -> int:
    seeds = Path(a.seeds)
    if not seeds.is_dir():
        return _fail(f"seeds folder {seeds} does not exist or is not a folder", 2)
    address = a.dask_address or os.environ.get("CLAIMHOUSE_DASK_ADDRESS")
    if address and not os.environ.get("PREFECT_API_URL"):
        return _fail("--dask-address needs a Prefect server every worker reaches: set PREFECT_API_URL", 2)
    from flows.local_server import ServeError, api_server

    try:
        with api_server() as server:
            return _run(a, seeds, address, server)
    except ServeError as e:
        return _fail(str(e), e.code)


def _run(a: argparse.Namespace, seeds: Path, address: str | None, server: LocalServer | None) -> int:
    from prefect.exceptions import CancelledRun  # imported while the server starts

    from flows.etl import DASK_IN_FLIGHT, etl, etl_on_dask
    from flows.local_server import ready_for_flows

    run_flow = etl_on_dask(address) if address else etl
    with ready_for_flows(server):  # a temporary server that fails to start: ServeError, to cmd_run
        try:
            summary = cast(
                dict[str, Any],
                run_flow(
                    seeds=str(seeds),
                    warehouse=str(a.warehouse),
                    batch_size=a.batch_size,
                    keep=a.keep,
                    workers=1 if address else a.workers,
                    max_in_flight=DASK_IN_FLIGHT if address else 0,
                    wait=a.wait,
                    compact_after=a.compact_after,
                ),
            )
        except CancelledRun as e:  # the warehouse lock is held by another run
            return _fail(str(e), 3)
        except Exception as e:
            return _fail(f"run failed: {type(e).__name__}: {e}", 1)
    from flows.report import summary_text

    print(summary_text(summary))
    return 0 if summary["run"]["status"] == "published" else 1


def cmd_serve(a: argparse.Namespace) -> int:
    from flows.serve import Schedule, ServeError, serve

    if a.interval is not None and not a.interval > 0:
        return _fail("--interval must be a positive number of seconds", 2)
    schedule = Schedule(interval=a.interval) if a.interval is not None else Schedule(cron=a.cron)
    try:
        return serve(a.seeds, a.warehouse, schedule, name=a.name, port=a.port)
    except ServeError as e:
        return _fail(str(e), e.code)


def cmd_sql(a: argparse.Namespace) -> int:
    import duckdb

    from flows.output import print_rows
    from warehouse.catalog import NoWarehouse, connect_published
    from warehouse.layout import Layout

    try:
        con = connect_published(Layout.at(a.warehouse))
        cur = con.execute(a.query)
        columns = [d[0] for d in cur.description] if cur.description else []
        rows = cur.fetchall() if columns else []
    except (duckdb.Error, NoWarehouse) as e:
        return _fail(" ".join(str(e).split()))
    print_rows(columns, rows, a.format)
    return 0


def cmd_check(a: argparse.Namespace) -> int:
    import duckdb

    from flows.output import print_rows
    from warehouse.catalog import NoWarehouse, connect_published_state
    from warehouse.checks import run_checks
    from warehouse.layout import Layout

    try:
        con = connect_published_state(Layout.at(a.warehouse))
        run_id = con.execute("SELECT run_id FROM publication").fetchone()[0]  # type: ignore[index]
        results = run_checks(con, run_id)
    except (duckdb.Error, NoWarehouse) as e:
        return _fail(" ".join(str(e).split()))
    rows = [(r.check_name, r.severity, "pass" if r.passed else "FAIL", r.failing_rows) for r in results]
    print_rows(["check", "severity", "result", "failing_rows"], rows, a.format)
    failed = [r.check_name for r in results if not r.passed and r.severity == "error"]
    if failed:
        return _fail(f"{len(failed)} error check(s) failed: {', '.join(failed)}")
    return 0


def cmd_schema(a: argparse.Namespace) -> int:
    from warehouse.schema import catalogue_markdown

    print(catalogue_markdown())
    return 0


def cmd_history(a: argparse.Namespace) -> int:
    from flows.output import print_rows
    from warehouse.history import history
    from warehouse.layout import Layout

    rows = history(Layout.at(a.warehouse))
    if not rows:
        return _fail(f"no published state in {a.warehouse}")
    print_rows(list(rows[0]), [list(r.values()) for r in rows], a.format)
    return 0


def cmd_rollback(a: argparse.Namespace) -> int:
    from warehouse.history import rollback
    from warehouse.layout import Layout
    from warehouse.lock import WarehouseBusy

    try:
        rollback(Layout.at(a.warehouse), a.run_id, wait_seconds=a.wait)
    except FileNotFoundError as e:
        return _fail(str(e))
    except WarehouseBusy as e:
        return _fail(str(e), 3)
    print(f"published state is now {a.run_id}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="claimhouse", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    wh = argparse.ArgumentParser(add_help=False)
    wh.add_argument(
        "--warehouse", default=str(DEFAULT_WAREHOUSE), help="warehouse folder (default: %(default)s)"
    )
    r = sub.add_parser(
        "run", parents=[wh], help="one ETL run: load or reject every seed file, audit, publish"
    )
    r.add_argument("--seeds", default=str(DEFAULT_SEEDS), help="folder of articles (default: %(default)s)")
    r.add_argument("--batch-size", type=int, default=500, help="documents per task (default: %(default)s)")
    r.add_argument("--keep", type=int, default=5, help="published states to keep (default: %(default)s)")
    r.add_argument(
        "--workers", type=int, default=0, help="worker processes for the transforms (default: one per core)"
    )
    r.add_argument(
        "--dask-address",
        help="run the batch tasks on this Dask scheduler (tcp://host:8786; env CLAIMHOUSE_DASK_ADDRESS)",
    )
    r.add_argument(
        "--wait", type=float, default=0.0, help="seconds to wait for another run's lock (default: 0)"
    )
    r.add_argument(
        "--compact-after",
        type=int,
        default=32,
        help="merge a year's small Parquet parts once it holds more than this many "
        "(default: %(default)s; 0 merges them at every run)",
    )
    r.set_defaults(func=cmd_run)
    h = sub.add_parser("history", parents=[wh], help="list the published states kept on disk")
    h.add_argument("--format", choices=["table", "csv", "json"], default="table")
    h.set_defaults(func=cmd_history)
    rb = sub.add_parser("rollback", parents=[wh], help="publish an earlier state again")
    rb.add_argument("run_id", help="a run_id listed by `claimhouse history`")
    rb.add_argument("--wait", type=float, default=0.0, help="seconds to wait for a running run's lock")
    rb.set_defaults(func=cmd_rollback)
    from flows.serve import DEFAULT_CRON, DEFAULT_NAME

    sv = sub.add_parser(
        "serve",
        parents=[wh],
        help="serve the ETL flow on a schedule (starts a local Prefect server if needed)",
    )
    when = sv.add_mutually_exclusive_group()
    when.add_argument(
        "--cron", metavar="EXPR", default=DEFAULT_CRON, help="cron schedule, UTC (default: %(default)s)"
    )
    when.add_argument(
        "--interval", metavar="SECONDS", type=float, help="run every SECONDS instead of the cron schedule"
    )
    sv.add_argument(
        "--seeds", metavar="DIR", default=str(DEFAULT_SEEDS), help="folder of articles (default: %(default)s)"
    )
    sv.add_argument("--name", default=DEFAULT_NAME, help="deployment name (default: %(default)s)")
    sv.add_argument(
        "--port", type=int, default=0, help="port of the local Prefect server (default: a free one)"
    )
    sv.set_defaults(func=cmd_serve)
    s = sub.add_parser("sql", parents=[wh], help="read-only SQL over the published tables")
    s.add_argument("query")
    s.add_argument("--format", choices=["table", "csv", "json"], default="table")
    s.set_defaults(func=cmd_sql)
    c = sub.add_parser("check", parents=[wh], help="run the data-quality checks on the published tables")
    c.add_argument("--format", choices=["table", "csv", "json"], default="table")
    c.set_defaults(func=cmd_check)
    sc = sub.add_parser("schema", help="print the table catalogue (Markdown)")
    sc.set_defaults(func=cmd_schema)
    return p


def main(argv: list[str] | None = None) -> int:
    a = parser().parse_args(argv)
    try:
        return int(a.func(a))
    except BrokenPipeError:  # `claimhouse sql ... | head`
        sys.stderr.close()
        return 0


def console() -> int:
    """The console script: main(), then no garbage collection on the way out. Python's last
    collection walks every object Prefect and the rest imported (0.2-0.4 s per command, measured);
    everything is closed and drained by then, and the OS frees the memory."""
    code = main()
    gc.freeze()
    return code


if __name__ == "__main__":
    sys.exit(console())
