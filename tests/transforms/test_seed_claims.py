"""The seed article: its expected claims and quantities, pinned as literal data.

Paragraph and sentence spans are the seed gold's own (so these tests do not depend on the
splitter); claims are (kind, start, end, speaker_text, speaker, cue).
"""

from __future__ import annotations

import pytest

from tests.transforms.seed_spans import HEADER, SEED, SEED_PARAGRAPHS, sentences_with_paragraph
from transforms.claims import extract_claims
from transforms.quantities import extract_quantities
from transforms.spans import ParagraphSpan, SentenceSpan

PARAGRAPHS = SEED_PARAGRAPHS
SENTENCES = sentences_with_paragraph()
REQUIRED = [
    ("reported", 0, 179, "a recent report from NBC News", "NBC News", "according to"),
    ("reported", 269, 466, "U.S. officials", "U.S. officials", "told"),
    ("reported", 512, 731, "officials", "officials", "told"),
    ("statement", 758, 842, None, None, None),
    ("reported", 843, 893, "officials", "officials", "said"),
    ("reported", 912, 970, "the news outlet", "NBC News", "reported"),
    (
        "quote",
        1077,
        1140,
        "Former FBI counterterrorism section chief Christopher O’Leary",
        "Christopher O’Leary",
        "told",
    ),
    ("quote", 1144, 1258, "O’Leary", "Christopher O’Leary", "stated"),
    ("quote", 1277, 1393, None, "Christopher O’Leary", "stated"),
    (
        "quote",
        1451,
        1648,
        "A senior Biden administration official",
        "senior Biden administration official",
        "told",
    ),
    ("quote", 1652, 1836, "the official", "senior Biden administration official", "stated"),
    ("reported", 1884, 1972, "The official", "senior Biden administration official", "noted"),
    ("statement", 1974, 2100, None, None, None),
    ("reported", 2102, 2246, "NBC News", "NBC News", "reported"),
    ("reported", 2268, 2447, "Blaze News", "Blaze News", "reported"),
    ("statement", 2481, 2564, None, None, None),
    (
        "reported",
        2629,
        2884,
        "Another recent report from the inspector general",
        "inspector general",
        "revealed",
    ),
]
# (start, end) of the nested claim that may be emitted or not
OPTIONAL = {(2335, 2447)}
# quantities per required claim content span: (text, value, qualifier, unit)
QUANTITIES = [
    (0, 179, [("More than 400", 400.0, "more_than", "illegal aliens")]),
    (269, 466, [("hundreds", None, "approximate", "illegal foreign nationals")]),
    (512, 731, [("400", 400.0, "exact", "individuals")]),
    (758, 842, [("More than 150", 150.0, "more_than", "individuals")]),
    (843, 893, []),
    (912, 970, [("50", 50.0, "exact", "subjects of concern")]),
    (1077, 1140, []),
    (1144, 1258, []),
    (1277, 1393, []),
    (1451, 1648, []),
    (1652, 1836, []),
    (1884, 1972, []),
    (1974, 2100, []),
    (2102, 2246, []),
    (2268, 2447, [("more than 11,000", 11000.0, "more_than", "“high flight risk” illegal aliens")]),
    (2481, 2564, [("Over 300", 300.0, "more_than", "individuals")]),
    (2629, 2884, []),
]


@pytest.fixture(scope="module")
def text() -> str:
    return SEED.read_text(encoding="utf-8")[HEADER:].rstrip()


@pytest.fixture(scope="module")
def claims(text: str) -> list:
    return extract_claims(
        text, [ParagraphSpan(*p) for p in PARAGRAPHS], [SentenceSpan(*s) for s in SENTENCES]
    )


def test_seed_required_claims_exactly(claims: list) -> None:
    got = [tuple(c) for c in claims if (c.start, c.end) not in OPTIONAL]
    assert got == REQUIRED


def test_seed_no_claim_in_heading(claims: list) -> None:
    heading = PARAGRAPHS[2]
    assert not [c for c in claims if heading[0] <= c.start < heading[1]]


@pytest.mark.parametrize(("start", "end", "expected"), QUANTITIES)
def test_seed_quantities(text: str, start: int, end: int, expected: list) -> None:
    got = [
        (text[q.start : q.end], q.value, q.qualifier, q.unit) for q in extract_quantities(text, start, end)
    ]
    # a fiscal-year range may be emitted as well (CLAIMS.md: years "may be quantities")
    assert [g for g in got if g[3] != "year"] == expected
