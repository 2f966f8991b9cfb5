"""Small durable file operations: atomic replace, fsync, atomic Parquet writes."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

TMP_SUFFIX = ".tmp"


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write data to path so that readers see the old content or the new, never a part."""
    tmp = path.with_name(path.name + TMP_SUFFIX)
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def write_parquet(table: pa.Table, path: Path) -> None:
    """Write a Parquet file under a temporary name, then rename it into place.

    A reader globbing ``*.parquet`` never sees a half-written file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + TMP_SUFFIX)
    pq.write_table(table, tmp, compression="zstd", row_group_size=64_000)
    commit_file(tmp, path)


def commit_file(tmp: Path, path: Path) -> None:
    """Make a fully written temporary file durable and move it to its final name."""
    with open(tmp, "rb+") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)
