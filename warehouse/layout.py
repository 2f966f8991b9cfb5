"""Where everything lives inside a warehouse folder.

DIR/warehouse.duckdb            the catalog: one view per table, replaced atomically on publish
DIR/state/CURRENT               pointer to the published snapshot (JSON, replaced atomically)
DIR/state/snapshots/<run_id>/   a published state: manifest.json + <table>/part-*.parquet
DIR/state/staging/<run_id>/     a run's state being written and audited
DIR/state/log/<table>/<run_id>.parquet   runs, rejects, quality_results: one file per run
DIR/state/lock                  held (flock) by the run that writes
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Layout:
    root: Path

    @classmethod
    def at(cls, directory: str | os.PathLike[str]) -> Layout:
        root = Path(directory).expanduser().resolve()
        return cls(root)

    @property
    def catalog(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def state(self) -> Path:
        return self.root / "state"

    @property
    def current(self) -> Path:
        return self.state / "CURRENT"

    @property
    def snapshots(self) -> Path:
        return self.state / "snapshots"

    @property
    def staging(self) -> Path:
        return self.state / "staging"

    @property
    def lock(self) -> Path:
        return self.state / "lock"

    def log_dir(self, table: str) -> Path:
        return self.state / "log" / table

    def log_file(self, table: str, run_id: str) -> Path:
        return self.log_dir(table) / f"{run_id}.parquet"

    def create(self) -> None:
        for d in (self.snapshots, self.staging, self.log_dir("runs")):
            d.mkdir(parents=True, exist_ok=True)
