"""Run a command and watch its whole process tree: wall time, per-process peak RSS, tree RSS.

The command runs in a new session (its pid is the session id), so every process it starts (the
Prefect temporary server, worker processes) is found in /proc by session, even after its parent
exits; this process makes itself a child subreaper so that such orphans are reparented to it and
can be reaped. Every ``interval`` seconds the watcher reads /proc/<pid>/status of each process of
the session: VmHWM (the kernel's per-process peak RSS) and VmRSS (summed over the tree: the tree's
RSS at that moment; shared pages are counted once per process, so it over-counts a little).
When the command exits, whatever it left running in its session is terminated, by pid.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

_PR_SET_CHILD_SUBREAPER = 36
_subreaper = False


def _become_subreaper() -> None:
    global _subreaper
    if _subreaper:
        return
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    _subreaper = True


@dataclass
class ProcPeak:
    pid: int
    label: str
    hwm_kb: int = 0  # VmHWM last seen (the process's own peak RSS)
    rss_kb: int = 0  # VmRSS last seen


@dataclass
class Watched:
    cmd: list[str]
    returncode: int
    wall: float  # seconds from start to the command's exit
    cpu: float  # user + system seconds of the whole tree (wait4's figure, or /proc's sum if larger)
    maxrss_kb: int  # wait4's ru_maxrss: the largest peak RSS among the command and reaped descendants
    tree_peak_kb: int  # the largest sum of VmRSS over the session seen at one poll
    procs: dict[int, ProcPeak]
    lines: list[tuple[float, str]]  # (seconds since start, line) of the merged stdout/stderr
    leftovers: list[str] = field(default_factory=list)  # processes still running after exit (killed)
    timed_out: bool = False
    samples: list[tuple[float, int, int]] = field(default_factory=list)  # (s, main VmRSS kB, tree kB), ~1/s
    tree_peak_at: float = 0.0  # seconds since start when the tree's RSS peaked

    @property
    def main(self) -> ProcPeak:
        return next(iter(self.procs.values()))

    def peak_of(self, word: str) -> int:
        """The largest VmHWM (kB) among processes whose label contains word, 0 if none."""
        return max((p.hwm_kb for p in self.procs.values() if word in p.label), default=0)

    def others_peak_kb(self) -> int:
        pids = list(self.procs)[1:]
        return max((self.procs[p].hwm_kb for p in pids), default=0)


_TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(session id, user + system CPU seconds) of a live process; None for gone or zombie ones."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
    except OSError:
        return None
    fields = data[data.rfind(b")") + 2 :].split()
    # fields[0] is the state, [1] ppid, [2] pgrp, [3] session, [11] utime, [12] stime
    if fields[0] == b"Z":
        return None
    return int(fields[3]), (int(fields[11]) + int(fields[12])) / _TICK


def _session_of(pid: int) -> int | None:
    st = _stat(pid)
    return None if st is None else st[0]


def _session_cpu(sid: int) -> dict[int, float]:
    """pid -> CPU seconds so far, of every live process of the session."""
    out = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            st = _stat(int(name))
            if st is not None and st[0] == sid:
                out[int(name)] = st[1]
    return out


def _session_pids(sid: int) -> list[int]:
    return list(_session_cpu(sid))


def _mem(pid: int) -> tuple[int, int] | None:
    hwm = rss = 0
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
                elif line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
    except OSError:
        return None
    return hwm, rss


def _label(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv = [a.decode(errors="replace") for a in f.read().split(b"\0") if a]
    except OSError:
        return "?"
    short = [Path(argv[0]).name if argv else "?"] + argv[1:]
    return " ".join(short)[:160]


def _reap(pids: Sequence[int]) -> None:
    """Reap those of pids that are zombies reparented to this (subreaper) process."""
    for pid in pids:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def _reap_all() -> None:
    """Reap every exited child; only once the watched command itself has been waited for."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _stop(pids: Sequence[int], *, main: int, grace: float = 5.0) -> None:
    """SIGTERM each pid, SIGKILL those still alive after grace seconds; main is left to its waiter."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    adopted = [p for p in pids if p != main]
    deadline = time.monotonic() + grace
    alive = list(pids)
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        _reap(adopted)
        alive = [p for p in alive if _session_of(p) is not None]
    for pid in alive:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    time.sleep(0.1)
    _reap(adopted)


def run_watched(
    cmd: Sequence[str],
    *,
    env: Mapping[str, str],
    cwd: Path,
    log_path: Path,
    interval: float = 0.1,
    timeout: float | None = None,
) -> Watched:
    """Run cmd to completion (or timeout) and return what was measured. Never leaves a process behind."""
    _become_subreaper()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    lines: list[tuple[float, str]] = []
    procs: dict[int, ProcPeak] = {}
    done = threading.Event()
    result: dict[str, object] = {}
    t0 = time.perf_counter()
    p = subprocess.Popen(
        list(cmd),
        cwd=cwd,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    sid = p.pid
    procs[sid] = ProcPeak(sid, " ".join([Path(cmd[0]).name, *cmd[1:]])[:160])

    def wait() -> None:
        _, status, ru = os.wait4(sid, 0)
        result.update(
            t=time.perf_counter() - t0,
            rc=os.waitstatus_to_exitcode(status),
            cpu=ru.ru_utime + ru.ru_stime,
            maxrss=ru.ru_maxrss,
        )
        done.set()

    def read() -> None:
        assert p.stdout is not None
        with open(log_path, "w", encoding="utf-8") as log:
            for raw in iter(p.stdout.readline, b""):
                line = raw.decode("utf-8", errors="replace").rstrip("\n")
                t = time.perf_counter() - t0
                lines.append((t, line))
                log.write(f"{t:9.3f} {line}\n")
                log.flush()

    waiter = threading.Thread(target=wait, daemon=True)
    reader = threading.Thread(target=read, daemon=True)
    waiter.start()
    reader.start()
    tree_peak = 0
    tree_peak_at = 0.0
    samples: list[tuple[float, int, int]] = []
    cpu_seen: dict[int, float] = {}  # pid -> CPU seconds at its last poll
    timed_out = False
    try:
        while not done.is_set():
            total = 0
            for pid, cpu in _session_cpu(sid).items():
                cpu_seen[pid] = cpu
                m = _mem(pid)
                if m is None:
                    continue
                peak = procs.get(pid)
                if peak is None:
                    peak = procs[pid] = ProcPeak(pid, _label(pid))
                elif pid != sid:  # a child seen between fork and exec shows its parent's command line
                    label = _label(pid)
                    if label != "?":
                        peak.label = label
                peak.hwm_kb, peak.rss_kb = max(peak.hwm_kb, m[0]), m[1]
                total += m[1]
            now = time.perf_counter() - t0
            if total > tree_peak:
                tree_peak, tree_peak_at = total, now
            if not samples or now - samples[-1][0] >= 1.0:
                samples.append((round(now, 2), procs[sid].rss_kb, total))
            if timeout is not None and time.perf_counter() - t0 > timeout:
                timed_out = True
                _stop(_session_pids(sid), main=sid)
                break
            done.wait(interval)
    finally:
        if not done.is_set():  # interrupted (Ctrl-C) or timed out: stop the whole session
            _stop(_session_pids(sid), main=sid)
        done.wait(10)
        p.returncode = int(result.get("rc", -9))  # type: ignore[call-overload]
    deadline = time.monotonic() + 3.0  # helpers (e.g. a multiprocessing forkserver) may take a moment
    while (leftovers := _session_pids(sid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    labels = [f"{pid} {_label(pid)}" for pid in leftovers]
    if leftovers:
        _stop(leftovers, main=sid)
    if done.is_set():
        _reap_all()
    reader.join(10)
    if p.stdout is not None:
        p.stdout.close()
    return Watched(
        cmd=list(cmd),
        returncode=p.returncode,
        wall=float(result.get("t", time.perf_counter() - t0)),  # type: ignore[arg-type]
        cpu=max(float(result.get("cpu", 0.0)), sum(cpu_seen.values())),  # type: ignore[arg-type]
        maxrss_kb=int(result.get("maxrss", 0)),  # type: ignore[call-overload]
        tree_peak_kb=tree_peak,
        procs=procs,
        lines=lines,
        leftovers=labels,
        timed_out=timed_out,
        samples=samples,
        tree_peak_at=tree_peak_at,
    )
