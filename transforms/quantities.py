"""Quantity extraction (placeholder; being replaced)."""

from __future__ import annotations

from transforms.spans import QuantitySpan


def extract_quantities(text: str, start: int = 0, end: int | None = None) -> list[QuantitySpan]:
    return []
