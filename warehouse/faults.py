"""Fault injection for crash tests: ``CLAIMHOUSE_FAULT=<point>`` kills the process (SIGKILL) there.

``CLAIMHOUSE_FAULT=<point>:pause=<seconds>`` sleeps there instead (to hold the lock in
concurrency tests). Unset in normal use: each point then costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal
import time

POINTS = (
    "after_load",  # batches written to staging, nothing staged yet
    "after_stage",  # staged snapshot and manifest written, not audited
    "after_audit",  # quality results written, not published
    "after_rename",  # staging renamed into snapshots/, CURRENT not yet replaced
    "after_pointer",  # CURRENT replaced, catalog not yet refreshed
)


def fault_point(name: str) -> None:
    spec = os.environ.get("CLAIMHOUSE_FAULT")
    if not spec:
        return
    point, _, action = spec.partition(":")
    if point != name:
        return
    if action.startswith("pause="):
        time.sleep(float(action.removeprefix("pause=")))
    else:
        os.kill(os.getpid(), signal.SIGKILL)
