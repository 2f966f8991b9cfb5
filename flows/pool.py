"""Where a batch's CPU work runs: inline, or in a pool of worker processes.

Prefect's ProcessPoolTaskRunner cannot be used with the temporary server (each worker process
tries to start a server of its own and times out), so tasks stay on Prefect's thread runner and
each one hands its batch to this pool. Workers import only warehouse/ and transforms/.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

R = TypeVar("R")
PRELOAD = ("warehouse.loading",)  # what a worker runs: the transforms, pyarrow, the table models


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class BatchPool:
    """Runs functions inline (workers <= 1) or in a lazily started pool of worker processes."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()  # tasks call run() from many threads at once

    def run(self, fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        if self.workers <= 1:
            return fn(*args, **kwargs)
        with self._lock:
            if self._executor is None:
                # forkserver: never fork a process that runs Prefect's threads and event loops.
                # It imports the batch code once; each worker is forked with it loaded.
                ctx = multiprocessing.get_context("forkserver")
                ctx.set_forkserver_preload(list(PRELOAD))
                self._executor = ProcessPoolExecutor(self.workers, mp_context=ctx)
            executor = self._executor
        return executor.submit(fn, *args, **kwargs).result()

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    def __getstate__(self) -> dict[str, Any]:  # shipped to Dask workers: no executor, no lock
        return {"workers": self.workers}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["workers"])  # type: ignore[misc]

    def __enter__(self) -> BatchPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
