"""Fingerprint the pipeline's output, file by file, so a speed change can prove it changed nothing.

For every file of the given folders (seed format, or plain text with --plain), this runs the
transform stage as a load does (read_document, every step, to_rows, the Arrow tables) and hashes
the rows of every table. It prints one digest over everything; --save writes the per-file digests
to JSON, --compare reads such a file and lists the files whose rows differ (exit status 1).

    .venv/bin/python bench/digest.py ../shared/corpus/polnear-train/articles seeds --save /tmp/before.json
    # ... change the code ...
    .venv/bin/python bench/digest.py ../shared/corpus/polnear-train/articles seeds --compare /tmp/before.json

--random N adds N generated texts (a fixed seed) mixing words, quotation marks, numbers and
punctuation from the files read, to reach code paths real articles rarely take.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from transforms.document import SourceFile, build_rows  # noqa: E402
from transforms.records import Reject  # noqa: E402
from warehouse.loading import batch_tables  # noqa: E402

TODAY = dt.date(2026, 1, 1)  # fixed: the digest must not depend on the day it is taken
PIECES = ['"', "\u201c", "\u201d", "'", ",", ".", ":", ";", "\n\n", " said", " told", "%", " 12", "$3.5"]


def inputs(folders: list[Path], plain: bool, n_random: int) -> Iterator[tuple[str, bytes]]:
    words: list[str] = []
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            raw = path.read_bytes()
            if plain:
                raw = b"date 2024-06-26\n\n" + raw
            if n_random and len(words) < 200_000:
                words.extend(raw.decode("utf-8", "replace").split()[:400])
            yield f"{folder.name}/{path.relative_to(folder)}", raw
    rng = random.Random(0)
    for i in range(n_random):
        toks = [
            rng.choice(words) if rng.random() < 0.8 else rng.choice(PIECES)
            for _ in range(rng.randint(5, 400))
        ]
        yield f"random/{i:06d}", ("date 2024-06-26\n\n" + " ".join(toks)).encode()


def file_digest(name: str, raw: bytes) -> str:
    src = SourceFile(
        f"{hashlib.sha256(name.encode()).hexdigest()[:8]}_{'0' * 16}.txt", hashlib.sha256(raw).hexdigest()
    )
    out = build_rows(src, raw, run_id="digest", today=TODAY)
    h = hashlib.sha256()
    if isinstance(out, Reject):
        h.update(repr((out.reason, out.detail)).encode())
        return h.hexdigest()
    tables: dict[str, Any] = batch_tables([out])
    for table_name in sorted(tables):
        h.update(table_name.encode())
        h.update(repr(tables[table_name].to_pydict()).encode())
    return h.hexdigest()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("folders", type=Path, nargs="+")
    p.add_argument("--plain", action="store_true", help="the files are plain text: give each a date header")
    p.add_argument("--random", type=int, default=0, help="generated texts to add (default: none)")
    p.add_argument("--save", type=Path, help="write the per-file digests to this JSON file")
    p.add_argument("--compare", type=Path, help="list the files whose digest differs from this JSON file")
    a = p.parse_args(argv)
    digests = {name: file_digest(name, raw) for name, raw in inputs(a.folders, a.plain, a.random)}
    total = hashlib.sha256(json.dumps(digests, sort_keys=True).encode()).hexdigest()
    print(f"{len(digests)} files, digest {total}")
    if a.save:
        a.save.write_text(json.dumps(digests, indent=0, sort_keys=True))
    if a.compare:
        before = json.loads(a.compare.read_text())
        differ = sorted(n for n in digests.keys() | before.keys() if digests.get(n) != before.get(n))
        for name in differ[:50]:
            print(f"  differs: {name}")
        print(f"{len(differ)} of {len(digests)} files differ from {a.compare}")
        return 1 if differ else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
