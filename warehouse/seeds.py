"""Finding the input files under a seeds folder, and reading them without ever leaving it."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from transforms.ids import doc_key
from transforms.records import Reject


@dataclass(frozen=True)
class Discovery:
    """Every entry under the seeds folder: files to read, and entries rejected unread."""

    files: list[str]  # '/'-separated paths relative to the seeds folder, sorted
    rejects: list[tuple[str, str, str]]  # (source_path, reason, detail)

    @property
    def seen(self) -> int:
        return len(self.files) + len(self.rejects)


def discover(seeds: Path) -> Discovery:
    """List the regular files under seeds (sorted), never following symbolic links.

    Symbolic links and special files are rejected unread; of two files that would get the same
    doc_id, the first in path order is kept and the other rejected with the reason.
    """
    files: list[str] = []
    rejects: list[tuple[str, str, str]] = []
    folders = [(str(seeds), "")]
    while folders:  # scandir: the entry types come with the listing, no stat per file
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for e in entries:
                rel = prefix + e.name
                if e.is_symlink():
                    what = "a symbolic link to a folder" if e.is_dir() else "a symbolic link"
                    rejects.append((rel, "symlink", f"The entry is {what}; links are never followed."))
                elif e.is_dir(follow_symlinks=False):
                    folders.append((e.path, rel + "/"))
                elif e.is_file(follow_symlinks=False):
                    files.append(rel)
                else:
                    rejects.append((rel, "not_regular_file", "The entry is not a regular file."))
    files.sort()
    owner: dict[str, str] = {}
    kept: list[str] = []
    for rel in files:
        doc_id = doc_key(rel).doc_id
        if doc_id in owner:
            rejects.append(
                (
                    rel,
                    "duplicate_doc_id",
                    f"Its doc_id {doc_id} is already taken by {owner[doc_id]}; it was not loaded.",
                )
            )
        else:
            owner[doc_id] = rel
            kept.append(rel)
    rejects.sort()
    return Discovery(kept, rejects)


def read_seed(seeds: Path, rel: str) -> bytes:
    """The bytes of one seed file; refuses to follow a link swapped in after discovery."""
    fd = os.open(os.path.join(seeds, rel), os.O_RDONLY | os.O_NOFOLLOW)
    try:  # one read of the size fstat gives (no buffered file object): hashing 10k files is I/O-bound
        size = os.fstat(fd).st_size
        data = os.read(fd, size + 1)
        if len(data) <= size:
            return data
        chunks = [data]  # the file grew since fstat
        while more := os.read(fd, 1 << 20):
            chunks.append(more)
        return b"".join(chunks)
    finally:
        os.close(fd)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def reject_records(rows: list[tuple[str, str, str]], run_id: str) -> list[Reject]:
    return [Reject(source_path=p, reason=r, detail=d, run_id=run_id) for p, r, d in rows]
