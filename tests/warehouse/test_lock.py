"""One writer per warehouse; the lock names its holder; a dead holder leaves no stale lock."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from warehouse.lock import WarehouseBusy, WarehouseLock


def test_second_writer_is_refused_with_the_holder_named(tmp_path: Path) -> None:
    lock = tmp_path / "lock"
    with (
        WarehouseLock(lock, "run-a"),
        pytest.raises(WarehouseBusy, match="run run-a"),
        WarehouseLock(lock, "run-b"),
    ):
        pass
    with WarehouseLock(lock, "run-b"):  # free again once released
        pass


def test_lock_of_a_killed_process_is_free(tmp_path: Path) -> None:
    lock = tmp_path / "lock"
    code = (
        "import sys, time; sys.path.insert(0, sys.argv[1]);"
        "from warehouse.lock import WarehouseLock;"
        f"l = WarehouseLock(__import__('pathlib').Path({str(lock)!r}), 'child').__enter__();"
        "print('held', flush=True); time.sleep(60)"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(Path(__file__).parents[2])], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        with pytest.raises(WarehouseBusy), WarehouseLock(lock, "me"):
            pass
    finally:
        child.kill()
        child.wait()
    t0 = time.monotonic()
    with WarehouseLock(lock, "me", wait_seconds=5):
        assert time.monotonic() - t0 < 5
