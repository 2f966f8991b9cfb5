"""The pipeline version: a digest of the transforms' source, so any change reprocesses everything."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import transforms


@functools.cache
def pipeline_version() -> str:
    """12 hex digits of sha256 over every module of the transforms package (name and bytes)."""
    root = Path(transforms.__file__).parent
    h = hashlib.sha256()
    for f in sorted(root.rglob("*.py")):
        h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:12]
