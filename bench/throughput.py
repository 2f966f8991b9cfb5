"""Throughput benchmark of `claimhouse run` against the floor (issues 5 and 3). Prints figures; not a test.

    .venv/bin/python bench/throughput.py [--source DIR] [--n 10000] [--workdir DIR] [--changed-pct 1]
        [--skip-20k] [--workers-compare] [--json OUT] ...

1. Makes (or reuses) a corpus of N distinct articles under WORKDIR/corpus-N from a folder of
   seed-format articles (default ../shared/corpus/polnear-train/articles, read by path only;
   see bench/corpus.py for how each copy is varied).
2. Measures, in one run, each in a fresh subprocess started like `claimhouse run` (its temporary
   Prefect server, no PREFECT_API_URL, the user's PREFECT_HOME):
   - floor: bench/floor_flow.py, one Prefect task that reads, decodes and writes every file's text
     to one Parquet file (after an untimed warm-up run of the same);
   - floor, full, no-op and changed runs --repeat times each (default 3; the median counts:
     start-up alone varies by a second or more between runs);
   - full: `claimhouse run` into an empty warehouse; no-op: the same again; changed: the same
     after appending a sentence to --changed-pct % of the files (put back afterwards);
   - wall time, CPU time, and peak RSS from /proc (VmHWM per process: the pipeline process, the
     Prefect server, any other process of the run; and the largest sum of VmRSS over the tree);
   - the transform stage alone, in this process on one core (no Prefect, no Parquet):
     transforms.reading.read_document + each step of transforms.document + to_rows + the Arrow
     tables of each batch of 500 (validated columns, warehouse.loading.batch_tables), CPU time;
     and a cProfile of it over the first --profile-docs documents;
   - a full run over 2N articles (default 20,000; --skip-20k skips it) for RSS scaling;
   - with --workers-compare, full runs with each --batch-sizes value, and --workers 1 vs 2, both
     with the temporary server and against a Prefect server started once for them (the
     production set-up: no server start-up in the runs).
3. Prints every figure, the ratios to the floor and the issue's targets; --json writes them all.

MB means 10^6 bytes of the corpus files as stored.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import cProfile
import datetime as dt
import hashlib
import json
import os
import platform
import pstats
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
sys.path[:0] = [str(BENCH), str(PROJECT)]

from corpus import Corpus, change_files, ensure_corpus, restore_changed  # noqa: E402
from proctree import Watched, run_watched  # noqa: E402
from queries import date_bounded, print_queries  # noqa: E402

DEFAULT_SOURCE = PROJECT.parent / "shared" / "corpus" / "polnear-train" / "articles"
MB = 1e6
BATCH = 500  # documents per batch, as `claimhouse run` defaults to
GB_KB = 1024 * 1024  # 1 GiB in kB (the unit of /proc's Vm* figures)

TARGETS = {
    "full_over_floor": ("<=", 3.0, "full run <= 3x floor (aim <= 2x)"),
    "noop_over_floor": ("<=", 1.0, "no-op rerun <= 1.0x floor"),
    "changed_over_floor": ("<=", 1.2, "changed rerun <= 1.2x floor"),
    "transform_mb_s_per_core": (">=", 5.0, "transform stage >= 5 MB/s per core"),
    "peak_rss_tree_gb": ("<=", 1.0, "peak RSS <= 1 GB (whole process tree)"),
    "peak_rss_pipeline_gb": ("<=", 1.0, "peak RSS <= 1 GB (pipeline process)"),
    "rss_scale_ratio": ("<=", 1.2, "peak RSS at 2N <= 1.2x the figure at N"),
    "workers_2_over_1": (">=", 1.6, "2 workers >= 1.6x the throughput of 1"),
    "workers_2_over_1_in_flow": (">=", 1.6, "  the same, inside the flow (no start-up)"),
    "workers_2_over_1_load": (">=", 1.6, "  the same, the load stage alone"),
    "workers_2_over_1_server": (">=", 1.6, "  the same, wall, runs against a running Prefect server"),
}

SERVER_WORDS = ("uvicorn", "prefect server start")  # Prefect's temporary server; flows.local_server's
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_STAGE = re.compile(r"Flow run '[^']*' - ([A-Za-z][\w-]{0,30}):?\s.*\((\d+(?:\.\d+)?)s\)\s*$")
_SUMMARY = re.compile(r"^run \S+: (\w+) in ([\d.]+)s")
_FILES = re.compile(r"files: (\d+) seen, (\d+) loaded, (\d+) unchanged, (\d+) rejected")


# ---------------------------------------------------------------------------------------------------
# subprocess runs


def run_env(code: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PREFECT_API_URL", None)
    if code is not None:  # the snapshot shadows the editable install (whose finder comes after sys.path)
        env["PYTHONPATH"] = str(code)
    env.update(
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        PYTHONUNBUFFERED="1",
        COLUMNS="220",  # Prefect's console handler wraps long log lines at the terminal width
    )
    return env


def timeline(lines: Sequence[tuple[float, str]]) -> dict[str, Any]:
    """What the run's output says about where its time went."""
    out: dict[str, Any] = {"stages": {}}
    for t, raw in lines:
        line = _ANSI.sub("", raw)
        if "Starting temporary" in line and "server_start_s" not in out:
            out["server_start_s"] = round(t, 2)
        elif "Beginning flow run" in line and "flow_begin_s" not in out:
            out["flow_begin_s"] = round(t, 2)
        elif "Finished in state" in line and "Flow run" in line:
            out["flow_end_s"] = round(t, 2)
            out["final_state"] = line.rsplit("Finished in state", 1)[1].strip()
        if m := _STAGE.search(line):
            out["stages"][m.group(1)] = float(m.group(2))
        if m := _SUMMARY.match(line.strip()):
            out["status"], out["in_flow_s"] = m.group(1), float(m.group(2))
        if m := _FILES.search(line):
            seen, loaded, unchanged, rejected = map(int, m.groups())
            out["files"] = {"seen": seen, "loaded": loaded, "unchanged": unchanged, "rejected": rejected}
        if line.startswith("{") and '"seconds"' in line:  # the floor flow's JSON line
            with contextlib.suppress(ValueError):
                floor = json.loads(line)
                out["in_flow_s"], out["files"] = floor["seconds"], {"seen": floor["files"]}
    return out


def during(t: float, lines: Sequence[tuple[float, str]]) -> str:
    """Which stage was in progress at t: the first stage whose log line came after t."""
    if lines and t <= next((lt for lt, line in lines if "Beginning flow run" in line), 0.0):
        return "start-up"
    for lt, raw in lines:
        if lt >= t and (m := _STAGE.search(_ANSI.sub("", raw))):
            return m.group(1)
    return "after the last stage line"


def summarise(name: str, w: Watched, corpus: Corpus, log: Path) -> dict[str, Any]:
    tl = timeline(w.lines)
    server_kb = max(w.peak_of(word) for word in SERVER_WORDS)
    others = [p for p in list(w.procs.values())[1:] if not any(word in p.label for word in SERVER_WORDS)]
    return {
        "name": name,
        "cmd": shlex.join(w.cmd),
        "returncode": w.returncode,
        "timed_out": w.timed_out,
        "docs": corpus.n,
        "corpus_mb": round(corpus.bytes / MB, 2),
        "wall_s": round(w.wall, 2),
        "cpu_s": round(w.cpu, 2),
        "cores_used": round(w.cpu / w.wall, 2) if w.wall else None,
        "mb_per_s": round(corpus.bytes / MB / w.wall, 3),
        "docs_per_s": round(corpus.n / w.wall, 1),
        "rss_pipeline_mb": round(w.main.hwm_kb / 1024, 1),
        "rss_server_mb": round(server_kb / 1024, 1),
        "rss_other_max_mb": round(max((p.hwm_kb for p in others), default=0) / 1024, 1),
        "rss_tree_peak_mb": round(w.tree_peak_kb / 1024, 1),
        "rss_tree_peak_at_s": round(w.tree_peak_at, 1),
        "rss_tree_peak_during": during(w.tree_peak_at, w.lines),
        "rss_samples": [
            {"t": t, "main_mb": round(m / 1024), "tree_mb": round(x / 1024)} for t, m, x in w.samples
        ],
        "wait4_maxrss_mb": round(w.maxrss_kb / 1024, 1),
        "processes": [
            {"pid": p.pid, "label": p.label, "peak_rss_mb": round(p.hwm_kb / 1024, 1)}
            for p in w.procs.values()
        ],
        "leftovers_killed": w.leftovers,
        "log": str(log),
        **tl,
    }


def pipeline_digest(code: Path) -> str:
    """warehouse.version.pipeline_version() of the code under ``code``, recomputed now (not cached)."""
    root = code / "transforms"
    h = hashlib.sha256()
    for f in sorted(root.rglob("*.py")):
        h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:12]


def snapshot_code(workdir: Path) -> Path:
    """A copy of the pipeline's packages, so that edits made during the benchmark do not change it."""
    snap = fresh_dir(workdir / "code", workdir)
    for pkg in ("flows", "transforms", "warehouse"):
        shutil.copytree(PROJECT / pkg, snap / pkg, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    # byte-compiled now, as an installed project is after its first run: else the first timed run
    # (and each worker process) would compile the copy
    compileall.compile_dir(snap, quiet=1)
    return snap


def watched(
    name: str,
    cmd: list[str],
    corpus: Corpus,
    workdir: Path,
    timeout: float,
    code: Path | None = None,
    api_url: str | None = None,
) -> dict[str, Any]:
    """Run ``cmd`` and watch it; with ``api_url``, against that Prefect server (no temporary one)."""
    log = workdir / "logs" / f"{name}.log"
    print(
        f"  {name:<22} {shlex.join(cmd)}" + (f" (PREFECT_API_URL={api_url})" if api_url else ""), flush=True
    )
    pipeline = "run" in cmd  # a claimhouse run, not the floor
    version = pipeline_digest(code or PROJECT) if pipeline else None
    env = run_env(code) | ({"PREFECT_API_URL": api_url} if api_url else {})
    w = run_watched(cmd, env=env, cwd=code or PROJECT, log_path=log, timeout=timeout)
    r = summarise(name, w, corpus, log)
    if version:
        r["pipeline_version"] = version
    files = r.get("files", {})
    print(
        f"  {'':<22} -> exit {r['returncode']}, {r['wall_s']:.1f} s wall, {r['cpu_s']:.1f} s CPU, "
        f"peak RSS pipeline {r['rss_pipeline_mb']:.0f} MB / tree {r['rss_tree_peak_mb']:.0f} MB"
        + (f", files {files}" if files else ""),
        flush=True,
    )
    if w.returncode != 0:
        tail = "\n".join("      " + _ANSI.sub("", line) for _, line in w.lines[-15:])
        print(f"  !! {name} failed (exit {w.returncode}); last lines of {log}:\n{tail}", flush=True)
    if w.leftovers:
        print(f"  !! {name} left processes running (killed): {w.leftovers}", flush=True)
    return r


@contextlib.contextmanager
def running_server(workdir: Path, code: Path | None) -> Iterator[str]:
    """A Prefect server (`prefect server start`, as flows.local_server starts it for `claimhouse
    serve`) for the length of the block; yields its API URL, stops it after."""
    sys.path.insert(0, str(code or PROJECT))
    from flows.local_server import LocalServer

    server = LocalServer(workdir / "prefect-home")
    print(f"  starting a Prefect server at {server.api_url} ...", flush=True)
    server.start()  # with no telemetry (LocalServer's own environment)
    try:
        print(f"  server healthy after {server.wait_healthy():.1f} s", flush=True)
        yield server.api_url
    finally:
        server.stop()


def median_of(records: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median wall time (start-up varies by a second or more between runs), with
    every wall time kept beside it."""
    ordered = sorted(records, key=lambda r: r["wall_s"])
    out = dict(ordered[(len(ordered) - 1) // 2])
    out["walls_s"] = [r["wall_s"] for r in records]
    return out


def fresh_dir(path: Path, workdir: Path) -> Path:
    """An empty folder inside the work folder (never deletes anything outside it)."""
    path = path.resolve()
    if workdir.resolve() not in path.parents:
        raise SystemExit(f"refusing to clear {path}: not inside {workdir}")
    if path.exists():
        shutil.rmtree(path)
    return path


# ---------------------------------------------------------------------------------------------------
# the transform stage in this process


def load_raws(corpus: Path, limit: int | None = None) -> list[tuple[str, bytes]]:
    names = sorted(os.listdir(corpus))[:limit]
    return [(n, (corpus / n).read_bytes()) for n in names]


def measure_transform(raws: list[tuple[str, bytes]]) -> dict[str, Any]:
    """CPU seconds of each transform step over the documents, on this one core."""
    from transforms import document as D
    from transforms.reading import Rejection, read_document

    today = dt.date.today()
    shas = [hashlib.sha256(raw).hexdigest() for _, raw in raws]
    total_bytes = sum(len(raw) for _, raw in raws)
    steps: dict[str, float] = {"read_document": 0.0}
    docs = rejected = 0
    decomposed = all(hasattr(D, a) for a in ("STEPS", "Draft", "to_rows", "SourceFile"))
    try:
        from warehouse.loading import batch_tables
    except ImportError:  # older code: rows were pydantic records, converted outside this measure

        def batch_tables(docs: Any) -> Any:
            return None

    batch: list[Any] = []
    clock = time.process_time
    w0 = time.perf_counter()
    if decomposed:
        for (name, raw), sha in zip(raws, shas, strict=True):
            c0 = clock()
            parsed = read_document(raw, today=today)
            c1 = clock()
            steps["read_document"] += c1 - c0
            if isinstance(parsed, Rejection):
                rejected += 1
                continue
            d = D.Draft(parsed.text)
            for step in D.STEPS:
                d = step(d)
                c2 = clock()
                steps[step.__name__] = steps.get(step.__name__, 0.0) + c2 - c1
                c1 = c2
            batch.append(
                D.to_rows(
                    D.SourceFile(name, sha),
                    d,
                    date_raw=parsed.date_raw,
                    published_date=parsed.published_date,
                    run_id="bench",
                )
            )
            c2 = clock()
            steps["to_rows"] = steps.get("to_rows", 0.0) + c2 - c1
            if len(batch) == BATCH:  # columns to Arrow as load_batch does, per batch of documents
                batch_tables(batch)
                batch.clear()
                steps["to_arrow"] = steps.get("to_arrow", 0.0) + clock() - c2
            docs += 1
        if batch:
            c2 = clock()
            batch_tables(batch)
            steps["to_arrow"] = steps.get("to_arrow", 0.0) + clock() - c2
    else:  # the module changed shape: time build_rows as a whole
        c0 = clock()
        for (name, raw), sha in zip(raws, shas, strict=True):
            out = D.build_rows(D.SourceFile(name, sha), raw, run_id="bench", today=today)
            docs += not hasattr(out, "reason")
        steps = {"build_rows": clock() - c0}
        rejected = len(raws) - docs
    wall = time.perf_counter() - w0
    cpu = sum(steps.values())
    segment_cpu = cpu - steps.get("to_rows", 0.0) - steps.get("to_arrow", 0.0)
    return {
        "docs": docs,
        "rejected": rejected,
        "mb": round(total_bytes / MB, 2),
        "cpu_s": round(cpu, 2),
        "wall_s": round(wall, 2),
        "steps_cpu_s": {k: round(v, 3) for k, v in steps.items()},
        "read_segment_mb_s": round(total_bytes / MB / segment_cpu, 3) if decomposed else None,
        "build_rows_mb_s": round(total_bytes / MB / cpu, 3),
        "docs_per_s": round(len(raws) / cpu, 1),
        "mode": "steps" if decomposed else "build_rows",
    }


def profile_transform(raws: list[tuple[str, bytes]], top: int = 18) -> dict[str, Any]:
    from transforms.document import SourceFile, build_rows

    today = dt.date.today()
    prof = cProfile.Profile()
    prof.enable()
    for name, raw in raws:
        build_rows(SourceFile(name, "0" * 64), raw, run_id="bench", today=today)
    prof.disable()
    st = pstats.Stats(prof)
    total = st.total_tt  # type: ignore[attr-defined]
    rows = []
    for (file, line, func), (_cc, nc, tt, ct, _callers) in st.stats.items():  # type: ignore[attr-defined]
        where = f"{Path(file).parent.name}/{Path(file).name}:{line}" if file != "~" else "builtin"
        rows.append({"function": f"{where}({func})", "ncalls": nc, "tottime_s": tt, "cumtime_s": ct})
    by_tt = sorted(rows, key=lambda r: -r["tottime_s"])[:top]
    project = [r for r in rows if "/transforms/" in r["function"] or r["function"].startswith("transforms/")]
    by_ct = sorted(project, key=lambda r: -r["cumtime_s"])[:top]
    for r in by_tt + by_ct:
        r["tottime_s"], r["cumtime_s"] = round(r["tottime_s"], 3), round(r["cumtime_s"], 3)
    return {
        "docs": len(raws),
        "total_s": round(total, 3),
        "by_tottime": by_tt,
        "transforms_by_cumtime": by_ct,
    }


# ---------------------------------------------------------------------------------------------------
# reporting


def ratio(a: dict[str, Any] | None, b: dict[str, Any] | None) -> float | None:
    if not a or not b or a["returncode"] or b["returncode"]:
        return None
    return round(a["wall_s"] / b["wall_s"], 3)


def verdict(key: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    op, limit, _ = TARGETS[key]
    ok = value <= limit if op == "<=" else value >= limit
    return "ok" if ok else "MISS"


def git_state() -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(PROJECT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(PROJECT), "status", "--porcelain"], capture_output=True, text=True, timeout=10
        ).stdout.count("\n")
    except (OSError, subprocess.SubprocessError):
        return "?"
    return f"{head} (+{dirty} uncommitted paths)" if dirty else head


def fmt(v: Any, spec: str = ".1f") -> str:
    return "-" if v is None else format(v, spec)


def print_report(res: dict[str, Any]) -> None:
    runs: dict[str, dict[str, Any]] = res["runs"]
    floor = runs.get("floor")
    c = res["corpus"]
    print()
    print("=" * 110)
    print(
        f"claimhouse throughput  {res['started_at']}  commit {res['commit']}  {res['cores']} cores  {res['python']}"
    )
    print(f"corpus {c['path']}: {c['n']:,} files, {c['mb']:.1f} MB ({c['sources']} source articles)")
    print(
        f"code {res['code']}, pipeline version(s) {sorted({r.get('pipeline_version') for r in runs.values()} - {None})}"
    )
    print("-" * 110)
    head = (
        f"{'run':<20}{'wall s':>8}{'x floor':>9}{'startup':>9}{'in flow':>9}{'CPU s':>8}{'cores':>7}"
        f"{'MB/s':>7}{'docs/s':>8}{'RSS pipe':>10}{'server':>8}{'tree':>7}  files"
    )
    print(head)
    print(f"{'':<20}{'':>8}{'':>9}{'s':>9}{'s':>9}{'':>8}{'':>7}{'':>7}{'':>8}{'MB':>10}{'MB':>8}{'MB':>7}")
    for name, r in runs.items():
        f = r.get("files") or {}
        files = " ".join(f"{k} {v}" for k, v in f.items())
        x = ratio(r, floor)
        failed = f"  EXIT {r['returncode']}" if r["returncode"] else ""
        if len(r.get("walls_s", [])) > 1:
            failed += "  (median of " + " ".join(f"{w:.1f}" for w in r["walls_s"]) + " s)"
        print(
            f"{name:<20}{r['wall_s']:>8.1f}{fmt(x, '.2f'):>9}{fmt(r.get('flow_begin_s')):>9}"
            f"{fmt(r.get('in_flow_s')):>9}{r['cpu_s']:>8.1f}{r['cores_used']:>7.2f}{r['mb_per_s']:>7.2f}"
            f"{r['docs_per_s']:>8.0f}{r['rss_pipeline_mb']:>10.0f}{r['rss_server_mb']:>8.0f}{r['rss_tree_peak_mb']:>7.0f}"
            f"  {files}{failed}"
        )
    print("  startup = seconds until Prefect logged 'Beginning flow run' (imports + temporary server);")
    print("  in flow = the run's own timer; RSS pipe/server = VmHWM of each process; tree = max sum of VmRSS")
    stages = {n: r["stages"] for n, r in runs.items() if r.get("stages")}
    if stages:
        print("-" * 110)
        print("stage log lines (cumulative seconds inside the flow):")
        for n, s in stages.items():
            print(f"  {n:<18} " + ", ".join(f"{k} {v:.1f}" for k, v in s.items()))
    print("peak RSS of the tree, when:")
    for n, r in runs.items():
        if "rss_tree_peak_during" in r:
            print(
                f"  {n:<18} {r['rss_tree_peak_mb']:.0f} MB at {r['rss_tree_peak_at_s']:.1f} s, "
                f"during {r['rss_tree_peak_during']}"
            )
    t = res.get("transform")
    if t:
        print("-" * 110)
        print(
            f"transform stage alone (this process, 1 core, no Prefect/Parquet), {t['docs']:,} docs, {t['mb']:.1f} MB: "
            f"{t['build_rows_mb_s']:.2f} MB/s CPU ({t['docs_per_s']:.0f} docs/s), "
            f"read+segment only {fmt(t.get('read_segment_mb_s'), '.2f')} MB/s"
        )
        total = sum(t["steps_cpu_s"].values()) or 1.0
        print(
            "  CPU s per step: "
            + ", ".join(f"{k} {v:.1f} ({100 * v / total:.0f}%)" for k, v in t["steps_cpu_s"].items())
        )
    p = res.get("profile")
    if p:
        print(f"  cProfile over {p['docs']} docs ({p['total_s']:.1f} s profiled), top by own time:")
        for r in p["by_tottime"][:12]:
            print(
                f"    {r['tottime_s']:>7.2f} s own {r['cumtime_s']:>7.2f} s cum {r['ncalls']:>9}  {r['function']}"
            )
        print("  transforms functions by cumulative time:")
        for r in p["transforms_by_cumtime"][:10]:
            print(
                f"    {r['cumtime_s']:>7.2f} s cum {r['tottime_s']:>7.2f} s own {r['ncalls']:>9}  {r['function']}"
            )
    if res.get("queries"):
        print("-" * 110)
        print_queries(res["queries"])
    print("-" * 110)
    print("targets (issue 5 / issue 3):")
    for key, value in res["figures"].items():
        if key in TARGETS:
            op, limit, text = TARGETS[key]
            print(f"  {text:<46} {fmt(value, '.3f'):>8}   {op} {limit:<4}  {verdict(key, value)}")
    for w in res["warnings"]:
        print(f"WARNING: {w}")
    print("=" * 110)


# ---------------------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder of seed-format articles")
    p.add_argument("--n", type=int, default=10_000, help="articles in the corpus (default: %(default)s)")
    p.add_argument(
        "--workdir", type=Path, default=Path("/tmp/claimhouse-bench"), help="corpora, warehouses, logs"
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the corpus generator")
    p.add_argument("--changed-pct", type=float, default=1.0, help="percent of files changed for the rerun")
    p.add_argument("--skip-20k", action="store_true", help="skip the full run over --scale-n articles")
    p.add_argument("--scale-n", type=int, default=None, help="articles of the RSS-scaling run (default 2N)")
    p.add_argument("--workers-compare", action="store_true", help="also time full runs per --batch-sizes")
    p.add_argument(
        "--batch-sizes", default="100,500,2000", help="for --workers-compare (default: %(default)s)"
    )
    p.add_argument(
        "--run-args", default="", help="extra arguments for every `claimhouse run`, e.g. '--batch-size 250'"
    )
    p.add_argument("--no-warmup", action="store_true", help="skip the untimed warm-up floor run")
    p.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of the floor, the full run, the no-op and the changed reruns (the median counts)",
    )
    p.add_argument("--skip-transform", action="store_true", help="skip the in-process transform measurement")
    p.add_argument("--transform-docs", type=int, default=None, help="documents for it (default: all)")
    p.add_argument("--profile-docs", type=int, default=500, help="documents to cProfile (0: none)")
    p.add_argument("--timeout", type=float, default=3600, help="seconds per subprocess before it is killed")
    p.add_argument(
        "--snapshot-code",
        action="store_true",
        help="run a copy of flows/, transforms/, warehouse/ taken at the start (python -m flows.cli run), "
        "so that concurrent edits cannot change the pipeline version between the runs",
    )
    p.add_argument("--keep-warehouses", action="store_true", help="keep the warehouses under --workdir")
    p.add_argument("--json", type=Path, default=None, help="write every figure to this JSON file")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    a = parse_args(argv)
    workdir: Path = a.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    python = PROJECT / ".venv" / "bin" / "python"
    py = str(python if python.exists() else Path(sys.executable))
    code: Path | None = snapshot_code(workdir) if a.snapshot_code else None
    if code is not None:
        sys.path.insert(0, str(code))  # the in-process transform measurement uses the same code
    claimhouse_cmd = [py, "-m", "flows.cli"] if code else [str(PROJECT / ".venv" / "bin" / "claimhouse")]
    extra = shlex.split(a.run_args)
    res: dict[str, Any] = {
        "started_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": shlex.join([sys.executable, *sys.argv]),
        "commit": git_state(),
        "cores": os.cpu_count(),
        "python": f"Python {platform.python_version()}",
        "runs": {},
        "figures": {},
        "warnings": [],
    }
    runs: dict[str, dict[str, Any]] = res["runs"]

    t0 = time.perf_counter()
    corpus = ensure_corpus(a.source, workdir, a.n, a.seed)
    res["corpus"] = {
        "path": str(corpus.path),
        "n": corpus.n,
        "mb": round(corpus.bytes / MB, 2),
        "sources": corpus.sources,
        "reused": corpus.reused,
        "source": str(a.source),
    }
    print(
        f"corpus {corpus.path}: {corpus.n:,} files, {corpus.bytes / MB:.1f} MB "
        f"({'reused' if corpus.reused else f'generated in {time.perf_counter() - t0:.1f} s'})",
        flush=True,
    )

    floor_out = workdir / f"floor-{a.n}.parquet"
    floor_cmd = [py, str(BENCH / "floor_flow.py"), str(corpus.path), str(floor_out)]
    if not a.no_warmup:
        warm = watched("warm-up (untimed)", floor_cmd, corpus, workdir, a.timeout)
        res["warmup_wall_s"] = warm["wall_s"]
    runs["floor"] = median_of(
        [watched(f"floor #{i + 1}", floor_cmd, corpus, workdir, a.timeout) for i in range(a.repeat)]
    )
    floor_out.unlink(missing_ok=True)

    wh = fresh_dir(workdir / f"wh-{a.n}", workdir)

    def run_into(warehouse: Path, *args: str) -> list[str]:
        """`claimhouse run` over the corpus into ``warehouse``."""
        return [*claimhouse_cmd, "run", "--seeds", str(corpus.path), "--warehouse", str(warehouse), *args]

    run_cmd = run_into(wh, *extra)
    fulls = []
    for i in range(a.repeat):  # each into an empty warehouse; the last one's is kept for the reruns
        fulls.append(watched(f"full #{i + 1}", run_cmd, corpus, workdir, a.timeout, code))
        if i + 1 < a.repeat:
            wh = fresh_dir(wh, workdir)
    runs["full"] = median_of(fulls)
    runs["noop"] = median_of(
        [watched(f"noop #{i + 1}", run_cmd, corpus, workdir, a.timeout, code) for i in range(a.repeat)]
    )
    changed_runs = []
    try:  # each repeat changes the same files again: appended, then put back, then appended...
        for i in range(a.repeat):
            if i % 2 == 0:
                changed = change_files(corpus.path, corpus.n, a.changed_pct, a.seed)
            else:
                restore_changed(corpus.path, a.source, a.seed)
            changed_runs.append(watched(f"changed #{i + 1}", run_cmd, corpus, workdir, a.timeout, code))
    finally:
        restore_changed(corpus.path, a.source, a.seed)
    runs[f"changed {a.changed_pct:g}%"] = median_of(changed_runs)
    runs[f"changed {a.changed_pct:g}%"]["changed_files"] = len(changed)
    changed_run = runs[f"changed {a.changed_pct:g}%"]
    if (wh / "warehouse.duckdb").exists():
        res["queries"] = date_bounded(wh)

    if not a.skip_transform:
        print("  transform stage in this process ...", flush=True)
        raws = load_raws(corpus.path, a.transform_docs)
        res["transform"] = measure_transform(raws)
        if a.profile_docs:
            res["profile"] = profile_transform(raws[: a.profile_docs])
        del raws

    if not a.skip_20k:
        scale_n = a.scale_n or 2 * a.n
        big = ensure_corpus(a.source, workdir, scale_n, a.seed)
        wh2 = fresh_dir(workdir / f"wh-{scale_n}", workdir)
        cmd = [*claimhouse_cmd, "run", "--seeds", str(big.path), "--warehouse", str(wh2), *extra]
        runs[f"full {scale_n // 1000}k"] = watched(f"full-{scale_n}", cmd, big, workdir, a.timeout, code)
        if not a.keep_warehouses:
            shutil.rmtree(wh2, ignore_errors=True)

    workers_runs: dict[str, dict[str, Any]] = {}
    if a.workers_compare:
        for bs in [int(x) for x in a.batch_sizes.split(",") if x.strip()]:
            w = fresh_dir(workdir / f"wh-{a.n}-bs{bs}", workdir)
            cmd = run_into(w, "--batch-size", str(bs))
            workers_runs[f"full bs={bs}"] = watched(f"full-bs{bs}", cmd, corpus, workdir, a.timeout, code)
            shutil.rmtree(w, ignore_errors=True)
        helptext = subprocess.run(
            [*claimhouse_cmd, "run", "--help"],
            capture_output=True,
            text=True,
            env=run_env(code),
            cwd=code or PROJECT,
        ).stdout
        if "--workers" in helptext:

            def one_vs_two(suffix: str, api_url: str | None = None) -> None:
                """--workers 1 and 2 alternated --repeat times (the machine's noise spread over
                both), each into an empty warehouse; the median of each counts."""
                got: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
                for i in range(a.repeat):
                    for n in (1, 2):
                        w = fresh_dir(workdir / f"wh-{a.n}-w{n}{suffix}", workdir)
                        cmd = run_into(w, "--workers", str(n))
                        name = f"full-w{n}{suffix} #{i + 1}"
                        got[n].append(watched(name, cmd, corpus, workdir, a.timeout, code, api_url))
                        shutil.rmtree(w, ignore_errors=True)
                for n, records in got.items():
                    workers_runs[f"full workers={n}{suffix.replace('-', ', ')}"] = median_of(records)

            one_vs_two("")
            # the production set-up: a Prefect server that outlives the runs (README), so a run
            # pays no temporary server's start-up; started here once, before these runs
            with running_server(workdir, code) as api_url:
                one_vs_two("-server", api_url)
        runs.update(workers_runs)

    if not a.keep_warehouses:
        shutil.rmtree(wh, ignore_errors=True)

    full = runs["full"]
    fig = res["figures"]
    fig["floor_s"] = runs["floor"]["wall_s"]
    fig["full_s"] = full["wall_s"]
    fig["noop_s"] = runs["noop"]["wall_s"]
    fig["changed_s"] = changed_run["wall_s"]
    fig["changed_files"] = len(changed)
    fig["full_over_floor"] = ratio(full, runs["floor"])
    fig["noop_over_floor"] = ratio(runs["noop"], runs["floor"])
    fig["changed_over_floor"] = ratio(changed_run, runs["floor"])
    fig["full_mb_s"] = full["mb_per_s"]
    fig["full_docs_s"] = full["docs_per_s"]
    if full.get("in_flow_s"):
        fig["full_in_flow_mb_s"] = round(corpus.bytes / MB / full["in_flow_s"], 3)
    if "transform" in res:
        fig["transform_mb_s_per_core"] = res["transform"]["build_rows_mb_s"]
        fig["transform_read_segment_mb_s_per_core"] = res["transform"]["read_segment_mb_s"]
    main_runs = [r for r in runs.values() if r["returncode"] == 0]
    fig["peak_rss_pipeline_gb"] = (
        round(max(r["rss_pipeline_mb"] for r in main_runs) / 1024, 3) if main_runs else None
    )
    fig["peak_rss_tree_gb"] = (
        round(max(r["rss_tree_peak_mb"] for r in main_runs) / 1024, 3) if main_runs else None
    )
    big_run = next((r for k, r in runs.items() if k.startswith("full ") and k.endswith("k")), None)
    if big_run and not big_run["returncode"] and not full["returncode"]:
        fig["rss_scale_pipeline_ratio"] = round(big_run["rss_pipeline_mb"] / full["rss_pipeline_mb"], 3)
        fig["rss_scale_tree_ratio"] = round(big_run["rss_tree_peak_mb"] / full["rss_tree_peak_mb"], 3)
        fig["rss_scale_ratio"] = max(fig["rss_scale_pipeline_ratio"], fig["rss_scale_tree_ratio"])
        fig["scale_docs_s"] = big_run["docs_per_s"]
    w1, w2 = workers_runs.get("full workers=1"), workers_runs.get("full workers=2")
    if w1 and w2 and not w1["returncode"] and not w2["returncode"]:
        fig["workers_2_over_1"] = round(w1["wall_s"] / w2["wall_s"], 3)
        if w1.get("in_flow_s") and w2.get("in_flow_s"):  # without the start-up neither can share
            fig["workers_2_over_1_in_flow"] = round(w1["in_flow_s"] / w2["in_flow_s"], 3)
        s1, s2 = w1.get("stages", {}), w2.get("stages", {})
        if {"hash", "load"} <= set(s1) & set(s2):  # the load stage alone: what the workers share
            fig["workers_2_over_1_load"] = round((s1["load"] - s1["hash"]) / (s2["load"] - s2["hash"]), 3)
    w1, w2 = workers_runs.get("full workers=1, server"), workers_runs.get("full workers=2, server")
    if w1 and w2 and not w1["returncode"] and not w2["returncode"]:
        fig["workers_2_over_1_server"] = round(w1["wall_s"] / w2["wall_s"], 3)
    warnings: list[str] = res["warnings"]
    versions = {n: r["pipeline_version"] for n, r in runs.items() if "pipeline_version" in r}
    if len(set(versions.values())) > 1:
        warnings.append(
            f"the pipeline version changed between runs {versions}: the reruns reprocessed files "
            "(transforms/ edited during the benchmark; --snapshot-code avoids it)"
        )
    f_noop, f_changed = runs["noop"].get("files") or {}, changed_run.get("files") or {}
    if f_noop.get("unchanged") != corpus.n:
        warnings.append(f"the no-op rerun did not find every file unchanged: {f_noop}")
    if f_changed.get("loaded") != len(changed) or f_changed.get("unchanged") != corpus.n - len(changed):
        warnings.append(
            f"the changed rerun should load {len(changed)} and skip {corpus.n - len(changed)}: {f_changed}"
        )
    res["code"] = str(code) if code else str(PROJECT)
    res["finished_at"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    res["bench_seconds"] = round(time.perf_counter() - t0, 1)

    print_report(res)
    if a.json:
        a.json.parent.mkdir(parents=True, exist_ok=True)
        a.json.write_text(json.dumps(res, indent=1, default=str) + "\n")
        print(f"figures written to {a.json}")
    failed = [n for n, r in runs.items() if r["returncode"]]
    if failed:
        print(f"runs that failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
