"""A synthetic benchmark corpus: N distinct seed-format articles made from any folder of them.

The source folder is read by path and never copied into the repository; the corpus is written to a
work folder (by default under /tmp). Copy ``i`` is a pure function of (sources, seed, i): the same
arguments always give the same bytes, so a corpus of 20,000 starts with the corpus of 10,000, and
a changed file can be put back by writing its copy again.

Each copy of a source article gets
- a new header date, uniformly drawn from 2015-01-01 .. 2024-12-31,
- its body paragraphs (everything after the title line) in a shuffled order,
- one sentence naming its copy number appended to its last paragraph,
- the name ``NNNNN_<16 hex>.txt``, the hex being sha256 of the seed and the copy number.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

GENERATOR = 1  # bump when the bytes of a copy change: a corpus made by another version is rebuilt
_HEADER = re.compile(r"\s*date[ \t]+(\S+)[ \t]*", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")
_NAME = re.compile(r"\d{5,}_[0-9a-f]{16}\.txt")
_FIRST_DAY = dt.date(2015, 1, 1).toordinal()
_LAST_DAY = dt.date(2024, 12, 31).toordinal()


@dataclass(frozen=True)
class Source:
    title: str  # the first line after the header ('' when the article has a single paragraph)
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Corpus:
    path: Path
    n: int
    bytes: int
    sources: int
    reused: bool


def parse_source(raw: bytes) -> Source:
    """Split a seed-format article into its title line and body paragraphs (the header dropped)."""
    s = raw.decode("utf-8", errors="surrogateescape").replace("\r\n", "\n").replace("\r", "\n")
    m = _HEADER.match(s)
    body = s[m.end() :] if m else s
    body = body.strip()
    title, sep, rest = body.partition("\n")
    if not sep:
        return Source("", (title,))
    paras = tuple(p.strip() for p in _PARAGRAPH_BREAK.split(rest.strip()) if p.strip())
    return Source(title.strip(), paras or ("",))


def load_sources(folder: Path) -> list[Source]:
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    sources = [parse_source(p.read_bytes()) for p in files]
    sources = [s for s in sources if any(s.paragraphs) or s.title]
    if not sources:
        raise SystemExit(f"no articles under {folder}")
    return sources


def copy_name(seed: int, i: int) -> str:
    digest = hashlib.sha256(f"claimhouse-bench:{seed}:{i}".encode()).hexdigest()[:16]
    return f"{i:05d}_{digest}.txt"


def make_copy(sources: list[Source], seed: int, i: int) -> tuple[str, bytes]:
    """The file name and bytes of copy ``i``."""
    rng = random.Random(f"{seed}:{i}")
    src = sources[i % len(sources)]
    date = dt.date.fromordinal(rng.randint(_FIRST_DAY, _LAST_DAY))
    paras = list(src.paragraphs)
    rng.shuffle(paras)
    paras[-1] = f"{paras[-1]} This is copy {i} of the benchmark corpus.".lstrip()
    head = f" date {date.isoformat()} "
    text = head + (f"{src.title}\n\n" if src.title else "") + "\n\n".join(paras) + "\n"
    return copy_name(seed, i), text.encode("utf-8", errors="surrogateescape")


def _marker(corpus: Path) -> Path:
    return corpus.with_name(corpus.name + ".complete.json")


def _dirty(corpus: Path) -> Path:
    return corpus.with_name(corpus.name + ".changed.json")


def _remove_generated(folder: Path) -> None:
    """Remove a corpus folder, but only if it holds nothing but generated article files."""
    if not folder.exists():
        return
    names = os.listdir(folder)
    if any(not _NAME.fullmatch(n) for n in names):
        raise SystemExit(
            f"{folder} holds files this script did not write; remove it or pick another --workdir"
        )
    shutil.rmtree(folder)


def ensure_corpus(source: Path, workdir: Path, n: int, seed: int) -> Corpus:
    """The corpus of ``n`` copies under ``workdir/corpus-n``: reused when complete, else (re)built."""
    corpus = workdir / f"corpus-{n}"
    want = {"generator": GENERATOR, "n": n, "seed": seed, "source": str(source.resolve())}
    marker = _marker(corpus)
    if marker.exists() and corpus.is_dir():
        meta = json.loads(marker.read_text())
        if {k: meta.get(k) for k in want} == want and len(os.listdir(corpus)) == n:
            restore_changed(corpus, source, seed)
            return Corpus(corpus, n, int(meta["bytes"]), int(meta["sources"]), reused=True)
    marker.unlink(missing_ok=True)
    _dirty(corpus).unlink(missing_ok=True)
    sources = load_sources(source)
    tmp = corpus.with_name(corpus.name + ".partial")
    _remove_generated(tmp)
    _remove_generated(corpus)
    tmp.mkdir(parents=True)
    total = 0
    for i in range(n):
        name, data = make_copy(sources, seed, i)
        (tmp / name).write_bytes(data)
        total += len(data)
    os.replace(tmp, corpus)
    marker.write_text(json.dumps({**want, "bytes": total, "sources": len(sources)}, indent=1))
    return Corpus(corpus, n, total, len(sources), reused=False)


def change_files(corpus: Path, n: int, pct: float, seed: int) -> list[str]:
    """Append a sentence to ``pct`` % of the files (at least one); returns their names.

    The changed copies are recorded beside the corpus first, so that an interrupted benchmark
    puts them back on its next start (:func:`restore_changed`).
    """
    k = max(1, round(n * pct / 100))
    picked = sorted(random.Random(f"{seed}:changed").sample(range(n), k))
    _dirty(corpus).write_text(json.dumps(picked))
    names = []
    for i in picked:
        name = copy_name(seed, i)
        with open(corpus / name, "ab") as f:
            f.write(f"A correction to copy {i} was appended for the changed-files rerun.\n".encode())
        names.append(name)
    return names


def restore_changed(corpus: Path, source: Path, seed: int) -> int:
    """Write back the original bytes of every copy :func:`change_files` modified; returns how many."""
    dirty = _dirty(corpus)
    if not dirty.exists():
        return 0
    picked = json.loads(dirty.read_text())
    sources = load_sources(source)
    for i in picked:
        name, data = make_copy(sources, seed, i)
        (corpus / name).write_bytes(data)
    dirty.unlink()
    return len(picked)
