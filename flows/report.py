"""The run summary printed by `claimhouse run` (and published as the run's report)."""

from __future__ import annotations

from typing import Any


def summary_text(s: dict[str, Any]) -> str:
    run = s["run"]
    lines = [
        f"run {run['run_id']}: {run['status']} in {s['seconds']}s",
        f"files: {run['files_seen']} seen, {run['files_loaded']} loaded, {run['files_unchanged']} unchanged, "
        f"{run['files_rejected']} rejected",
        "rows: " + ", ".join(f"{t} {n}" for t, n in s["rows"].items()),
    ]
    if s["reject_reasons"]:
        lines.append("reject reasons: " + ", ".join(f"{k} {v}" for k, v in s["reject_reasons"].items()))
    if s["checks_failed"]:
        lines.append("failed checks: " + ", ".join(s["checks_failed"]))
    if run.get("message"):
        lines.append(f"message: {run['message']}")
    return "\n".join(lines)
