"""The lifecycle of one run's `runs` row: started, counted, finished."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from transforms.records import Run
from warehouse.layout import Layout
from warehouse.runlog import new_run_id, utcnow, write_run


class RunRecord:
    """Holds the run's row and rewrites its log file at each change (atomic replace)."""

    def __init__(self, layout: Layout, seeds: Path, pipeline_version: str) -> None:
        started = utcnow()
        self.layout = layout
        self.row = Run(
            run_id=new_run_id(started),
            started_at=started,
            finished_at=None,
            status="running",
            files_seen=0,
            files_loaded=0,
            files_unchanged=0,
            files_rejected=0,
            pipeline_version=pipeline_version,
            seeds_dir=str(seeds),
            message=None,
        )

    @property
    def run_id(self) -> str:
        return self.row.run_id

    @property
    def today(self) -> dt.date:
        return self.row.started_at.date()

    def update(self, **changes: Any) -> None:
        self.row = self.row.model_copy(update=changes)
        write_run(self.layout, self.row)

    def finish(self, status: str, message: str | None = None) -> None:
        self.update(status=status, message=message, finished_at=utcnow())
