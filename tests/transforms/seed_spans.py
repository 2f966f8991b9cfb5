"""The gold paragraphs and sentences of the seed article, shared by the transform tests."""

from __future__ import annotations

from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_4224968f8fd26e4e.txt"
HEADER = len(" date 2024-06-26 ")

# The gold segmentation of the seed article (../shared/spec/seed-gold.json), as literal data.
SEED_PARAGRAPHS = [
    (0, 224, "body"),
    (228, 467, "body"),
    (469, 510, "heading"),  # 'Scrambling to locate these individuals.'
    (512, 910, "body"),
    (912, 997, "body"),
    (999, 1141, "body"),
    (1143, 1394, "body"),
    (1396, 1649, "body"),
    (1651, 1858, "body"),
    (1860, 2100, "body"),
    (2102, 2266, "body"),
    (2268, 2564, "body"),
    (2566, 2884, "body"),
]
SEED_SENTENCES = [
    (0, 224), (228, 467), (469, 510), (512, 757), (758, 842), (843, 910), (912, 997), (999, 1141),
    (1143, 1275), (1276, 1311), (1312, 1394), (1396, 1649), (1651, 1858), (1860, 1973), (1974, 2100),
    (2102, 2266), (2268, 2480), (2481, 2564), (2566, 2884),
]  # fmt: skip


def sentences_with_paragraph() -> list[tuple[int, int, int]]:
    """(start, end, paragraph index) of each gold sentence."""
    return [
        (s, e, next(i for i, (ps, pe, _) in enumerate(SEED_PARAGRAPHS) if ps <= s and e <= pe))
        for s, e in SEED_SENTENCES
    ]
