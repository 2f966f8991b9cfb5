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
import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import IO, Any

from warehouse.layout import Layout

DEFAULT_CRON = "0 6 * * *"
DEFAULT_NAME = "claimhouse-serve"
SERVER_START_TIMEOUT = 180.0  # a first start on a fresh PREFECT_HOME migrates the database
SERVER_STOP_TIMEOUT = 10.0
POLL_SECONDS = 10.0  # Prefect's default PREFECT_RUNNER_POLL_FREQUENCY and the runner's prefetch
QUIET = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}


class ServeError(RuntimeError):
    """A failure to report in one line; ``code`` is the exit status."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Schedule:
    cron: str | None = None
    interval: float | None = None

    def describe(self) -> str:
        if self.interval is not None:
            return f"every {self.interval:g} s"
        return f"cron '{self.cron}' (UTC)"


def prefect_home(layout: Layout) -> Path:
    return layout.state / "prefect-home"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve_lock(path: Path) -> Iterator[None]:
    """One `claimhouse serve` per warehouse (two would share one server database)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "unknown"
            raise ServeError(f"another claimhouse serve is serving this warehouse ({holder})", 3) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the flock


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the server gets SIGTERM if this process dies without stopping it (even by SIGKILL)."""
    import ctypes

    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class LocalServer:
    """`prefect server start` in its own session; stop() ends the whole process group."""

    def __init__(self, home: Path, host: str = "127.0.0.1", port: int = 0) -> None:
        self.home, self.host = home, host
        self.port = port or free_port(host)
        self.url = f"http://{host}:{self.port}"
        self.log_path = home / "server.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def api_url(self) -> str:
        return f"{self.url}/api"

    def start(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "PREFECT_UI_URL")}
        env.update(QUIET, PREFECT_HOME=str(self.home))
        prefect = Path(sys.executable).with_name("prefect")
        cmd = [str(prefect)] if prefect.exists() else [sys.executable, "-m", "prefect"]
        cmd += ["server", "start", "--host", self.host, "--port", str(self.port)]
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            cmd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a terminal's Ctrl-C reaches serve, which stops the server last
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )

    def wait_healthy(self, timeout: float = SERVER_START_TIMEOUT) -> float:
        """Seconds until /api/health answered; ServeError if the server exits or times out."""
        assert self.proc is not None
        t0 = time.monotonic()
        while True:
            if self.proc.poll() is not None:
                raise ServeError(
                    f"the Prefect server exited with status {self.proc.returncode} while starting:\n"
                    + self.log_tail()
                )
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as r:
                    if r.status == 200:
                        return time.monotonic() - t0
            except OSError:
                pass
            if time.monotonic() - t0 > timeout:
                raise ServeError(
                    f"the Prefect server did not answer {self.api_url}/health within {timeout:.0f} s:\n"
                    + self.log_tail()
                )
            time.sleep(0.25)

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, timeout: float = SERVER_STOP_TIMEOUT) -> None:
        """SIGTERM to the server's process group, SIGKILL after ``timeout`` s; idempotent."""
        proc, self.proc = self.proc, None
        if proc is not None:
            pgid = proc.pid  # start_new_session: the server leads its own group
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGTERM)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pgid, signal.SIGKILL)
                proc.wait()
            with contextlib.suppress(ProcessLookupError):  # anything the server left in its group
                os.killpg(pgid, signal.SIGKILL)
        if self._log is not None:
            self._log.close()
            self._log = None


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
    with serve_lock(layout.state / "serve.lock"), _signals(_interrupt):
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
    from prefect.exceptions import ObjectNotFound
    from prefect.states import Crashed

    with get_client(sync_client=True) as client:
        try:
            deployment_id = client.read_deployment_by_name(deployment_name).id
        except ObjectNotFound:
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
    from prefect.exceptions import ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            deployment_id = client.read_deployment_by_name(deployment_name).id
        except ObjectNotFound:
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
