"""`claimhouse serve`: the ETL flow as a scheduled Prefect deployment, served by this process.

Embedded default: with no ``PREFECT_API_URL`` in the environment, a local Prefect server is
started as a subprocess (its own session, its own ``PREFECT_HOME`` under the warehouse folder)
and stopped with this process, so a user needs nothing else. With ``PREFECT_API_URL`` set, the
deployment is served against that server instead and nothing is started.

Prefect is imported only once the API URL is in the environment: Prefect builds its settings at
import time, and with no URL it would start its own temporary server as well.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

from flows.local_server import QUIET, LocalServer, ServeError, prefect_home
from warehouse.layout import Layout
from warehouse.lock import WarehouseBusy, WarehouseLock

DEFAULT_CRON = "0 6 * * *"
DEFAULT_NAME = "claimhouse-serve"
POLL_SECONDS = 10.0  # Prefect's default PREFECT_RUNNER_POLL_FREQUENCY and the runner's prefetch


@dataclass(frozen=True)
class Schedule:
    cron: str | None = None
    interval: float | None = None

    def describe(self) -> str:
        if self.interval is not None:
            return f"every {self.interval:g} s"
        return f"cron '{self.cron}' (UTC)"


@contextlib.contextmanager
def _serve_lock(layout: Layout) -> Iterator[None]:
    """One `claimhouse serve` per warehouse (two would share one server database)."""
    try:
        with WarehouseLock(layout.state / "serve.lock", "claimhouse serve"):
            yield
    except WarehouseBusy as e:
        raise ServeError(f"another claimhouse serve is serving this warehouse: {e}", 3) from None


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def _signals(handler: Any) -> Iterator[None]:
    old = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


def serve(
    seeds: str | os.PathLike[str],
    warehouse: str | os.PathLike[str],
    schedule: Schedule,
    name: str = DEFAULT_NAME,
    port: int = 0,
) -> int:
    """Serve the ETL deployment until SIGTERM or SIGINT; returns the exit status."""
    seeds_dir, layout = Path(seeds).resolve(), Layout.at(warehouse)
    if not seeds_dir.is_dir():
        raise ServeError(f"seeds folder {seeds_dir} does not exist or is not a folder", 2)
    layout.create()
    embedded = not os.environ.get("PREFECT_API_URL")
    server: LocalServer | None = None
    # Until Prefect's runner installs its own SIGTERM handler, SIGTERM interrupts like Ctrl-C does.
    with _serve_lock(layout), _signals(_interrupt):
        try:
            if embedded:
                server = LocalServer(prefect_home(layout), port=port)
                # Before Prefect is imported: its settings are read once, at import.
                os.environ.update(QUIET, PREFECT_HOME=str(server.home), PREFECT_API_URL=server.api_url)
                os.environ.pop("PREFECT_UI_URL", None)
                server.start()
            deployment = _deployment(seeds_dir, layout, schedule, name)  # imports Prefect meanwhile
            if server is not None:
                took = server.wait_healthy()
                print(
                    f"claimhouse serve: started a Prefect server (pid {server.proc.pid if server.proc else '?'}) "
                    f"in {took:.1f} s; its log: {server.log_path}",
                    flush=True,
                )
            _announce(deployment, schedule, seeds_dir, layout)
            if server is not None and (crashed := recover_after_restart(deployment.full_name)):
                print(
                    f"claimhouse serve: {crashed} run(s) left unfinished by a previous serve marked Crashed"
                )
            if missed := collapse_missed_runs(deployment.full_name):
                print(
                    f"claimhouse serve: {missed} scheduled run(s) missed while stopped: one catch-up run instead"
                )
            _run(deployment, schedule)
        except KeyboardInterrupt:
            pass
        finally:
            with _signals(signal.SIG_IGN):  # a second signal must not cut the clean-up short
                if server is not None:
                    server.stop()
    print("claimhouse serve: stopped", flush=True)
    return 0


def _deployment(seeds_dir: Path, layout: Layout, schedule: Schedule, name: str) -> Any:
    """The RunnerDeployment: the flow by module path, one run at a time, schedule active."""
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron, Interval

    from flows.etl import etl

    try:
        sched = (
            Interval(schedule.interval)
            if schedule.interval is not None
            else Cron(schedule.cron or DEFAULT_CRON, timezone="UTC")
        )
        return etl.to_deployment(
            name=name,
            schedule=sched,
            parameters={"seeds": str(seeds_dir), "warehouse": str(layout.root)},
            concurrency_limit=1,  # one run of this deployment at a time (and the warehouse lock)
            description=f"claimhouse ETL of {seeds_dir} into {layout.root}",
            tags=["claimhouse"],
            entrypoint_type=EntrypointType.MODULE_PATH,  # flows.etl.etl: independent of the cwd
        )
    except ValueError as e:
        raise ServeError(f"bad schedule: {' '.join(str(e).split())}", 2) from None


def _announce(deployment: Any, schedule: Schedule, seeds_dir: Path, layout: Layout) -> None:
    from prefect.settings import get_current_settings

    ui = get_current_settings().ui_url or os.environ["PREFECT_API_URL"].removesuffix("/api")
    print(
        f"claimhouse serve: deployment '{deployment.flow_name}/{deployment.name}' runs {schedule.describe()}; "
        f"seeds {seeds_dir}, warehouse {layout.root}\n"
        f"claimhouse serve: Prefect UI {ui}  (PREFECT_API_URL={os.environ['PREFECT_API_URL']}); "
        "stop with Ctrl-C or SIGTERM",
        flush=True,
    )


def recover_after_restart(deployment_name: str) -> int:
    """Embedded server only, before serving: nothing of this deployment can be running (its server
    was down and this process holds the serve lock), so runs left Pending/Running/Cancelling by a
    process that died are marked Crashed and the deployment's concurrency slot is freed.

    The server keeps concurrency leases in memory (PREFECT_SERVER_CONCURRENCY_LEASE_STORAGE,
    prefect.server.concurrency.lease_storage.memory): after a restart the slot of a run that never
    finished is held for good and every later run waits in AwaitingConcurrencySlot. Returns the
    number of runs marked Crashed.
    """
    from prefect import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitUpdate
    from prefect.client.schemas.filters import (
        FlowRunFilter,
        FlowRunFilterDeploymentId,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType
    from prefect.states import Crashed

    with get_client(sync_client=True) as client:
        deployment_id = _deployment_id(client, deployment_name)
        if deployment_id is None:
            return 0
        live = [StateType.PENDING, StateType.RUNNING, StateType.CANCELLING]
        stale = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(
                deployment_id=FlowRunFilterDeploymentId(any_=[deployment_id]),
                state=FlowRunFilterState(type=FlowRunFilterStateType(any_=live)),
            )
        )
        for run in stale:
            client.set_flow_run_state(
                run.id, Crashed(message="claimhouse serve stopped while this run was active"), force=True
            )
        limit = client.read_deployment(deployment_id).global_concurrency_limit
        if limit is not None and limit.active_slots:
            client.update_global_concurrency_limit(limit.name, GlobalConcurrencyLimitUpdate(active_slots=0))
    return len(stale)


def _deployment_id(client: Any, deployment_name: str) -> Any:
    """The id of a deployment ('flow/deployment'), or None when it is not registered yet."""
    from prefect.exceptions import ObjectNotFound

    try:
        return client.read_deployment_by_name(deployment_name).id
    except ObjectNotFound:
        return None


def collapse_missed_runs(deployment_name: str) -> int:
    """Auto-scheduled runs that fell due while serve was stopped become one catch-up run.

    With ``pause_on_shutdown=False`` the runs scheduled before a shutdown stay Scheduled, and
    re-registering the deployment deletes only the future ones
    (prefect/server/models/deployments.py: ``_delete_scheduled_runs(..., future_only=True)``):
    a restart would run every missed run back to back. Pausing deletes every auto-scheduled run
    in one statement (prefect/server/api/deployments.py, ``pause_deployment``); serve then
    registers the deployment unpaused and the scheduler plans the next runs. Returns the number
    of missed runs (0: nothing done).
    """
    from prefect import get_client
    from prefect.client.schemas.filters import (
        FlowRunFilter,
        FlowRunFilterDeploymentId,
        FlowRunFilterExpectedStartTime,
        FlowRunFilterState,
        FlowRunFilterStateName,
    )

    with get_client(sync_client=True) as client:
        deployment_id = _deployment_id(client, deployment_name)
        if deployment_id is None:
            return 0
        due = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(
                deployment_id=FlowRunFilterDeploymentId(any_=[deployment_id]),
                state=FlowRunFilterState(name=FlowRunFilterStateName(any_=["Scheduled", "Late"])),
                expected_start_time=FlowRunFilterExpectedStartTime(before_=datetime.now(UTC)),  # type: ignore[arg-type]
            ),
        )
        missed = sum(1 for r in due if r.auto_scheduled and r.run_count == 0)
        if missed:
            # Not client.pause_deployment(): that PATCHes `paused`, which deletes only future runs.
            client.request("POST", "/deployments/{id}/pause_deployment", path_params={"id": deployment_id})
            client.create_flow_run_from_deployment(deployment_id, tags=["catch-up"])
    return missed


def _run(deployment: Any, schedule: Schedule) -> None:
    """prefect.serve with the schedule left active on shutdown; returns once the runner stopped."""
    from prefect import serve as prefect_serve

    polling: dict[str, float] = {}
    if schedule.interval is not None and schedule.interval < POLL_SECONDS:
        # The runner polls every 10 s for runs due in the next 10 s and takes one at a time
        # (limit=1): a shorter interval would run only once per poll.
        polling = {"query_seconds": schedule.interval, "prefetch_seconds": schedule.interval}
    prefect_serve(
        deployment,
        pause_on_shutdown=False,  # else stopping serve pauses the deployment and drops its runs
        print_starting_message=False,
        limit=1,  # one flow run at a time from this process
        **polling,
    )
