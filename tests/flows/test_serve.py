"""`claimhouse serve` end to end: a real process with its own Prefect server, runs on schedule,
stops on SIGTERM and leaves no process behind."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import PROJECT, query
from warehouse.catalog import NoWarehouse

CLAIMHOUSE = PROJECT / ".venv" / "bin" / "claimhouse"

ARTICLES = {
    "001_00000000000000a1.txt": """ date 2025-03-14 Harbour town reopens ferry pier

The Lowmoor council reopened the ferry pier on Friday after a repair that cost about 2.4 million pounds.

"The pier is safe again and the morning crossings start on Monday," said Ines Calder, the harbour master.

Calder said more than 300 passengers used the crossing each day before the closure.
""",
    "002_00000000000000b2.txt": """ date 2025-04-02 Library extends opening hours

The Brackwater library will open until 9 pm on weekdays from May, according to the county archivist, Tomas Reyes.

Reyes said that visits rose by 12 percent last year. "People want somewhere warm and quiet to read," he said.
""",
}


def write_seeds(root: Path) -> Path:
    seeds = root / "seeds"
    seeds.mkdir()
    for name, text in ARTICLES.items():
        (seeds / name).write_text(text)
    return seeds


def start_time(pid: int) -> int | None:
    """The kernel's start time of a live (non-zombie) process, None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return None if fields[0] in "ZX" else int(fields[19])


def descendants(root: int) -> dict[int, int]:
    """pid -> start time of every live descendant of ``root`` (from /proc)."""
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d.name))
    out: dict[int, int] = {}
    todo = list(children.get(root, []))
    while todo:
        pid = todo.pop()
        if (t := start_time(pid)) is not None:
            out[pid] = t
        todo.extend(children.get(pid, []))
    return out


def alive(procs: dict[int, int]) -> list[int]:
    """The processes of ``procs`` still running (same pid and start time: not a reused pid)."""
    return [pid for pid, t in procs.items() if start_time(pid) == t]


def group_exists(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def published_runs(wh: Path) -> int:
    try:
        [(n,)] = query(wh, "SELECT count(*) FROM runs WHERE status = 'published'")
    except (NoWarehouse, duckdb.Error):  # nothing published yet, or a log file being replaced
        return 0
    return int(n)


@pytest.mark.slow
def test_serve_runs_on_schedule_and_sigterm_leaves_no_process(tmp_path: Path) -> None:
    seeds, wh, log = write_seeds(tmp_path), tmp_path / "wh", tmp_path / "serve.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1")  # no PREFECT_API_URL: embedded
    cmd = [str(CLAIMHOUSE), "serve", "--interval", "5", "--seeds", str(seeds), "--warehouse", str(wh)]
    seen: dict[int, int] = {}
    t0 = time.monotonic()
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        while published_runs(wh) < 2:
            seen |= descendants(proc.pid)
            assert proc.poll() is None, f"serve exited with {proc.returncode}:\n{log.read_text()[-3000:]}"
            assert time.monotonic() - t0 < 150, f"fewer than 2 published runs:\n{log.read_text()[-3000:]}"
            time.sleep(0.5)
        seen |= descendants(proc.pid)
        to_runs = time.monotonic() - t0

        text = log.read_text()
        assert "Prefect UI http://127.0.0.1:" in text and "runs every 5 s" in text
        server = int(re.search(r"started a Prefect server \(pid (\d+)\)", text)[1])  # type: ignore[index]
        assert server in seen

        proc.send_signal(signal.SIGTERM)
        t1 = time.monotonic()
        assert proc.wait(timeout=15) == 0, log.read_text()[-3000:]
        to_stop = time.monotonic() - t1
        print(f"two published runs after {to_runs:.1f} s, stopped {to_stop:.1f} s after SIGTERM")

        assert alive(seen) == [], f"left behind: {alive(seen)}"
        assert not group_exists(proc.pid) and not group_exists(server)
        text = log.read_text()
        assert "claimhouse serve: stopped" in text
        assert "Traceback" not in text and "ERROR" not in text, text[-3000:]

        # pause_on_shutdown=False: the schedule is still active in the server's database
        db = wh / "state" / "prefect-home" / "prefect.db"
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as con:
            rows = con.execute(
                'SELECT d.name, d.paused, s.active, c."limit" FROM deployment d'
                " JOIN deployment_schedule s ON s.deployment_id = d.id"
                " JOIN concurrency_limit_v2 c ON c.id = d.concurrency_limit_id"
            ).fetchall()
        assert rows == [("claimhouse-serve", 0, 1, 1)]  # not paused, schedule active, one run at a time
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        for pid in alive(seen):  # only processes this test started (pid and start time match)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def test_serve_refuses_bad_arguments_before_starting_anything(tmp_path: Path) -> None:
    seeds = write_seeds(tmp_path)
    for args, message in [
        (["--seeds", str(tmp_path / "nope")], "does not exist"),
        (["--seeds", str(seeds), "--interval", "0"], "--interval must be a positive number"),
    ]:
        res = subprocess.run(
            [str(CLAIMHOUSE), "serve", *args, "--warehouse", str(tmp_path / "wh")],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert res.returncode == 2 and message in res.stderr, res.stderr
        assert "Traceback" not in res.stderr
    assert not (tmp_path / "wh" / "state" / "prefect-home").exists()
