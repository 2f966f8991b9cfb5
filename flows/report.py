"""The run summary: printed by `claimhouse run` and published as the run's Prefect artifact."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from transforms.records import QualityResult, Reject, Run


def summarize(
    run: Run,
    rows: dict[str, int],
    results: Sequence[QualityResult],
    rejects: Sequence[Reject],
    seconds: float,
) -> dict[str, Any]:
    """A plain, JSON-able summary of one run."""
    return {
        "run": run.model_dump(mode="json"),
        "rows": dict(rows),
        "checks": {
            "total": len(results),
            "failed": [r.check_name for r in results if not r.passed and r.severity == "error"],
            "warnings": [r.check_name for r in results if not r.passed and r.severity == "warn"],
        },
        "quality": [r.model_dump(mode="json") for r in results],
        "reject_reasons": dict(Counter(r.reason for r in rejects).most_common()),
        "rejects": [
            {"source_path": r.source_path, "reason": r.reason, "detail": r.detail} for r in rejects[:20]
        ],
        "seconds": round(seconds, 2),
    }


def summary_text(s: dict[str, Any]) -> str:
    run = s["run"]
    lines = [
        f"run {run['run_id']}: {run['status']} in {s['seconds']}s",
        f"files: {run['files_seen']} seen, {run['files_loaded']} loaded, {run['files_unchanged']} unchanged, "
        f"{run['files_rejected']} rejected",
        "rows: " + ", ".join(f"{t} {n}" for t, n in s["rows"].items()),
        f"checks: {s['checks']['total']} run, {len(s['checks']['failed'])} failed, "
        f"{len(s['checks']['warnings'])} warnings",
    ]
    if s["reject_reasons"]:
        lines.append("reject reasons: " + ", ".join(f"{k} {v}" for k, v in s["reject_reasons"].items()))
    for label in ("failed", "warnings"):
        if s["checks"][label]:
            lines.append(f"{label}: " + ", ".join(s["checks"][label]))
    if run.get("message"):
        lines.append(f"message: {run['message']}")
    return "\n".join(lines)


def report_markdown(s: dict[str, Any]) -> str:
    """The run report as Markdown (the Prefect artifact shown in the UI)."""
    run = s["run"]
    out = [
        f"# claimhouse run `{run['run_id']}`: **{run['status']}**",
        "",
        f"{run['seeds_dir']} in {s['seconds']} s, pipeline version `{run['pipeline_version']}`",
        "",
        "| files seen | loaded | unchanged | rejected |",
        "|---|---|---|---|",
        f"| {run['files_seen']} | {run['files_loaded']} | {run['files_unchanged']} | {run['files_rejected']} |",
        "",
        "## Rows per table",
        "",
        "| table | rows |",
        "|---|---|",
        *[f"| {t} | {n} |" for t, n in s["rows"].items()],
        "",
        "## Data quality",
        "",
        f"{s['checks']['total']} checks, {len(s['checks']['failed'])} failed, {len(s['checks']['warnings'])} warnings.",
        "",
        "| check | severity | result | failing rows |",
        "|---|---|---|---|",
        *[
            f"| {q['check_name']} | {q['severity']} | {'pass' if q['passed'] else '**FAIL**'} | {q['failing_rows']} |"
            for q in sorted(s["quality"], key=lambda q: (q["passed"], q["check_name"]))
        ],
        "",
        "## Top reject reasons",
        "",
    ]
    if s["reject_reasons"]:
        out += [
            "| reason | files |",
            "|---|---|",
            *[f"| {k} | {v} |" for k, v in list(s["reject_reasons"].items())[:10]],
        ]
    else:
        out.append("No file was rejected.")
    if run.get("message"):
        out += ["", f"**Message:** {run['message']}"]
    return "\n".join(out) + "\n"
