"""A local Prefect server as a subprocess: started, health-checked, stopped.

`claimhouse serve` runs one with its own ``PREFECT_HOME`` (under the warehouse folder);
`claimhouse run` runs a temporary one, the API alone, on Prefect's default database
(:func:`api_server`). Each runs in its own session and gets SIGTERM on Linux if its parent dies
without stopping it, so no server outlives the command that started it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from warehouse.layout import Layout

SERVER_START_TIMEOUT = 180.0  # a first start on a fresh PREFECT_HOME migrates the database
SERVER_STOP_TIMEOUT = 10.0
QUIET = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}


class ServeError(RuntimeError):
    """A failure to report in one line; ``code`` is the exit status."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def prefect_home(layout: Layout) -> Path:
    return layout.state / "prefect-home"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the server gets SIGTERM if this process dies without stopping it (even by SIGKILL)."""
    import ctypes

    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class LocalServer:
    """`prefect server start` in its own session; stop() ends the whole process group."""

    def __init__(
        self, home: Path, host: str = "127.0.0.1", port: int = 0, *, services: bool = True, log_name: str = ""
    ) -> None:
        self.home, self.host, self.services = home, host, services
        self.port = port or free_port(host)
        self.url = f"http://{host}:{self.port}"
        self.log_path = home / (log_name or "server.log")
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
        if not self.services:  # the API alone: what one flow run in this process needs
            cmd += ["--no-services", "--no-ui"]
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


def default_prefect_home() -> Path:
    """Where Prefect keeps its database when no server is configured: PREFECT_HOME, else ~/.prefect."""
    return Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser()


RUN_LOG_PREFIX = "claimhouse-run-"
STALE_LOG_AGE = 7 * 86400.0  # seconds


def remove_stale_logs(home: Path, max_age: float = STALE_LOG_AGE) -> list[Path]:
    """Delete the temporary servers' logs not written to for ``max_age`` seconds: a run stopped
    cleanly deletes its own, a failed run keeps it (and names it), a run killed outright cannot."""
    now, gone = time.time(), []
    for log in home.glob(f"{RUN_LOG_PREFIX}*.log"):
        with contextlib.suppress(OSError):
            if now - log.stat().st_mtime > max_age:
                log.unlink()
                gone.append(log)
    return gone


@contextlib.contextmanager
def api_server() -> Iterator[LocalServer | None]:
    """A Prefect API for one command's flow runs: the configured one (PREFECT_API_URL), else a
    temporary local server (the API alone: no services, no UI) on Prefect's default database.

    It is started before the caller imports Prefect, so its start-up (a few seconds, mostly
    imports) overlaps the caller's own imports. Prefect's own temporary server starts only when
    the first flow is called, after the calling process has imported the server code itself:
    about 4 s more per command. Sets PREFECT_API_URL for the block and stops the server after it.
    Yields the server, or None when one was configured: run flows in ``ready_for_flows(it)``. The server's log is removed after a clean stop and kept if the block failed.
    """
    if os.environ.get("PREFECT_API_URL"):
        yield None
        return
    port = free_port()
    home = default_prefect_home()
    remove_stale_logs(home)
    server = LocalServer(home, port=port, services=False, log_name=f"{RUN_LOG_PREFIX}{port}.log")
    server.start()
    print(
        f"Starting temporary Prefect server on {server.url} (set PREFECT_API_URL to use a running one)",
        file=sys.stderr,
        flush=True,
    )
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        yield server
    except BaseException:
        print(f"claimhouse: the temporary Prefect server's log: {server.log_path}", file=sys.stderr)
        raise
    else:
        server.log_path.unlink(missing_ok=True)
    finally:
        drain_prefect()
        os.environ.pop("PREFECT_API_URL", None)
        server.stop()


@contextlib.contextmanager
def ready_for_flows(server: LocalServer | None) -> Iterator[None]:
    """Flow runs in this block use api_server's API: a temporary server once it answers, and
    without heartbeats (:func:`without_heartbeats`); a configured one as it is configured."""
    if server is None:
        yield
        return
    server.wait_healthy()
    with without_heartbeats():
        yield


@contextlib.contextmanager
def without_heartbeats() -> Iterator[None]:
    """Flow runs in this block send no heartbeats: for runs on the temporary server of
    api_server. Heartbeats let a server's services notice a crashed run; that server runs no
    services and stops with the run. And a flow run that sends them ends by joining a thread that
    sleeps in 1 s steps: 0.5 s per run on average (0.8 s measured on the benchmark's floor)."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


def drain_prefect() -> None:
    """Send this process's last logs and events to the server before it stops (as Prefect's test
    harness does), so that nothing is lost and nothing fails to connect on the way out."""
    if "prefect" not in sys.modules:
        return
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=10)
    EventsWorker.drain_all(timeout=10)
