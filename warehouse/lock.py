"""One writer per warehouse: an flock on state/lock.

The kernel releases an flock when its process dies, so a killed run never leaves a stale lock;
the pid and run_id written into the file only serve the message a waiting run prints.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path


class WarehouseBusy(RuntimeError):
    pass


class WarehouseLock:
    def __init__(self, path: Path, owner: str, wait_seconds: float = 0.0) -> None:
        self.path, self.owner, self.wait_seconds = path, owner, wait_seconds
        self._fd: int | None = None

    def __enter__(self) -> WarehouseLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.wait_seconds
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "unknown"
                    os.close(fd)
                    raise WarehouseBusy(
                        f"another run holds the warehouse lock {self.path} ({holder}); try again later"
                    ) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, run {self.owner}".encode(), 0)
        self._fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
