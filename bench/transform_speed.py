"""The transform stage alone, on one core: MB/s and each step's share (what bench/throughput.py
reports as "transform stage alone", without the Prefect runs).

    .venv/bin/python bench/transform_speed.py ../shared/corpus/polnear-train/articles --repeat 3

CPU time of this process (time.process_time), so other processes on the machine matter less than
to a wall clock; the best of --repeat runs is printed last.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]

from throughput import load_raws, measure_transform  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("folder", type=Path)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--limit", type=int, default=None, help="files to read (default: all)")
    a = p.parse_args(argv)
    raws = load_raws(a.folder, a.limit)
    best = None
    for _ in range(a.repeat):
        r = measure_transform(raws)
        shares = ", ".join(f"{k} {v / r['cpu_s']:.0%}" for k, v in r["steps_cpu_s"].items())
        print(f"{r['mb']} MB, {r['cpu_s']} s CPU: {r['build_rows_mb_s']} MB/s ({shares})", flush=True)
        if best is None or r["cpu_s"] < best["cpu_s"]:
            best = r
    assert best is not None
    print(f"best: {best['build_rows_mb_s']} MB/s per core, steps (s): {best['steps_cpu_s']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
