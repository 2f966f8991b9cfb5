"""The benchmark's floor: the least a Prefect run over the corpus can cost.

    .venv/bin/python bench/floor_flow.py CORPUS OUT.parquet

A sync Prefect flow started like ``claimhouse run`` (a fresh process, the same environment
defaults, and the same Prefect API: PREFECT_API_URL if set, else the temporary local server of
flows.local_server.api_server, started before Prefect is imported), with ONE task that reads every
file under CORPUS, decodes it (UTF-8) and writes the raw texts to one Parquet file (pyarrow, zstd,
as the warehouse writes). It prints one JSON line: files, bytes, seconds inside the flow.
"""

from __future__ import annotations

import os
import sys

# As flows/cli.py does, before Prefect is imported.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

import gc  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from flows.local_server import api_server, ready_for_flows  # noqa: E402 - imports no Prefect


def floor_flow() -> Any:
    """The flow, defined once the API server is starting (importing Prefect takes a while)."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from prefect import flow, task
    from prefect.cache_policies import NO_CACHE

    @task(name="read-decode-write", cache_policy=NO_CACHE)
    def read_decode_write(corpus: str, out: str) -> dict[str, Any]:
        root = Path(corpus)
        paths: list[str] = []
        texts: list[str] = []
        nbytes = 0
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(filenames):
                p = Path(dirpath, name)
                raw = p.read_bytes()
                nbytes += len(raw)
                paths.append(p.relative_to(root).as_posix())
                texts.append(raw.decode("utf-8", errors="replace"))
        pq.write_table(pa.table({"source_path": paths, "text": texts}), out, compression="zstd")
        return {"files": len(paths), "bytes": nbytes}

    @flow(name="claimhouse-bench-floor")
    def floor(corpus: str, out: str) -> dict[str, Any]:
        t0 = time.perf_counter()
        res = read_decode_write(corpus, out)
        return {**res, "seconds": round(time.perf_counter() - t0, 3)}

    return floor


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with api_server() as server:
        floor = floor_flow()
        with ready_for_flows(server):  # as flows/cli.py
            print(json.dumps(floor(argv[0], argv[1])))
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    gc.freeze()  # as claimhouse's console script (flows.cli.console): no last collection at exit
    sys.exit(code)
