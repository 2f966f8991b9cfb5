"""Printing query results: aligned table, CSV or JSON."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO


def _plain(v: Any) -> Any:
    if isinstance(v, dt.date | dt.datetime | dt.time | decimal.Decimal):
        return str(v) if not isinstance(v, decimal.Decimal) else float(v)
    return v


def print_rows(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    fmt: str,
    out: TextIO | None = None,
    max_width: int = 80,
) -> None:
    out = out or sys.stdout
    if fmt == "json":
        json.dump(
            [{c: _plain(v) for c, v in zip(columns, r, strict=True)} for r in rows],
            out,
            ensure_ascii=False,
            indent=1,
        )
        out.write("\n")
    elif fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(columns)
        w.writerows([[_plain(v) for v in r] for r in rows])
    else:
        cells = [[_cell(v, max_width) for v in r] for r in rows]
        widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
        line = lambda vals: " | ".join(v.ljust(w) for v, w in zip(vals, widths, strict=True)).rstrip()  # noqa: E731
        out.write(line(list(columns)) + "\n")
        out.write("-+-".join("-" * w for w in widths) + "\n")
        for r in cells:
            out.write(line(r) + "\n")
        out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


def _cell(v: Any, width: int) -> str:
    s = "NULL" if v is None else str(_plain(v))
    s = s.replace("\n", "\\n")
    return s if len(s) <= width else s[: width - 1] + "…"
