"""Deterministic identifiers derived from a file's path relative to the seeds folder."""

from __future__ import annotations

import hashlib
import re
from functools import cache
from typing import NamedTuple

_SEED_NAME = re.compile(r"(?P<seq>\d{3,})_(?P<hex>[0-9a-f]{16})\.txt")


class DocKey(NamedTuple):
    doc_id: str
    seq: int | None


def doc_key(source_path: str) -> DocKey:
    """The doc_id and seq of a file, from its '/'-separated path relative to the seeds folder.

    A ``NNN_<16 hex>.txt`` name gives its hex digits and NNN; any other name gets the first 16 hex
    digits of sha256 of the relative path, and no seq.

    >>> doc_key("000_4224968f8fd26e4e.txt")
    DocKey(doc_id='4224968f8fd26e4e', seq=0)
    >>> doc_key("notes/my article.txt").seq is None
    True
    """
    name = source_path.rsplit("/", 1)[-1]
    m = _SEED_NAME.fullmatch(name)
    if m:
        return DocKey(m.group("hex"), int(m.group("seq")))
    return DocKey(hashlib.sha256(source_path.encode("utf-8")).hexdigest()[:16], None)


def child_id(doc_id: str, letter: str, idx: int) -> str:
    """ID of the idx-th paragraph ('p'), sentence ('s'), claim ('c') or quantity ('q') of a document.

    >>> child_id("4224968f8fd26e4e", "s", 3)
    '4224968f8fd26e4e-s0003'
    """
    return f"{doc_id}-{letter}{idx:04d}"


def child_ids(doc_id: str, letter: str, n: int) -> list[str]:
    """The IDs of the first n children of one kind: ``[child_id(doc_id, letter, i) for i in
    range(n)]``, built by concatenation with cached suffixes (a document has hundreds of them).

    >>> child_ids("4224968f8fd26e4e", "p", 2)
    ['4224968f8fd26e4e-p0000', '4224968f8fd26e4e-p0001']
    """
    size = 1024
    while size < n:
        size *= 2
    return list(map(doc_id.__add__, _suffixes(letter, size)[:n]))


@cache
def _suffixes(letter: str, size: int) -> tuple[str, ...]:
    return tuple(child_id("", letter, i) for i in range(size))
