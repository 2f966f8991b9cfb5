"""Claim extraction (placeholder; being replaced)."""

from __future__ import annotations

from collections.abc import Sequence

from transforms.spans import ClaimSpan, ParagraphSpan, SentenceSpan


def extract_claims(
    text: str, paragraphs: Sequence[ParagraphSpan], sentences: Sequence[SentenceSpan]
) -> list[ClaimSpan]:
    return []
