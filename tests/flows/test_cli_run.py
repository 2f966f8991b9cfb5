"""The real console script, as users and score.py call it: a fresh process with its own Prefect server."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from pathlib import Path

import pytest

from flows.local_server import api_server, default_prefect_home, remove_stale_logs, without_heartbeats
from tests.conftest import PROJECT
from tests.flows.test_etl import make_seeds

CLAIMHOUSE = PROJECT / ".venv" / "bin" / "claimhouse"
ENV = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}


def claimhouse(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CLAIMHOUSE), *args], capture_output=True, text=True, timeout=300, env=ENV)


@pytest.mark.slow
def test_console_script_runs_publishes_and_checks(tmp_path: Path) -> None:
    seeds, wh = make_seeds(tmp_path), tmp_path / "wh"
    (seeds / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1\x00\x00\x10\x00" * 8)
    res = claimhouse("run", "--seeds", str(seeds), "--warehouse", str(wh))
    assert res.returncode == 0, res.stderr[-3000:]
    assert "published" in res.stdout and "5 seen, 4 loaded, 0 unchanged, 1 rejected" in res.stdout
    assert "Traceback" not in res.stderr and "ERROR" not in res.stderr
    # with no PREFECT_API_URL the run started its own temporary server, and stopped it
    m = re.search(r"Starting temporary Prefect server on http://127\.0\.0\.1:(\d+)", res.stderr)
    assert m, res.stderr[-2000:]
    with socket.socket() as s, pytest.raises(OSError):
        s.connect(("127.0.0.1", int(m.group(1))))
    assert not (default_prefect_home() / f"claimhouse-run-{m.group(1)}.log").exists()
    check = claimhouse("check", "--warehouse", str(wh))
    assert check.returncode == 0, check.stdout + check.stderr
    out = claimhouse(
        "sql", "SELECT source_path, reason FROM rejects", "--warehouse", str(wh), "--format", "csv"
    )
    assert out.stdout.splitlines() == ["source_path,reason", ".DS_Store,binary_content"]


def test_run_on_a_missing_seeds_folder_fails_clearly(tmp_path: Path) -> None:
    res = claimhouse("run", "--seeds", str(tmp_path / "nope"), "--warehouse", str(tmp_path / "wh"))
    assert res.returncode == 2
    assert "does not exist" in res.stderr and "Traceback" not in res.stderr


def test_a_configured_prefect_api_is_used_and_no_server_started(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    with api_server() as server:
        assert server is None and os.environ["PREFECT_API_URL"] == "http://127.0.0.1:9/api"


def test_runs_on_the_temporary_server_send_no_heartbeats() -> None:
    from prefect.settings import get_current_settings

    before = get_current_settings().flows.heartbeat_frequency
    assert before is not None  # Prefect's default (180 s): the block has something to turn off
    with without_heartbeats():
        assert get_current_settings().flows.heartbeat_frequency is None
    assert get_current_settings().flows.heartbeat_frequency == before


def test_stale_logs_of_killed_runs_are_removed_and_recent_ones_kept(tmp_path: Path) -> None:
    old, recent, other = (
        tmp_path / n for n in ("claimhouse-run-1.log", "claimhouse-run-2.log", "server.log")
    )
    for f in (old, recent, other):
        f.write_text("log")
    week_ago = time.time() - 8 * 86400
    for f in (old, other):
        os.utime(f, (week_ago, week_ago))
    assert remove_stale_logs(tmp_path) == [old]
    assert not old.exists() and recent.exists() and other.exists()
