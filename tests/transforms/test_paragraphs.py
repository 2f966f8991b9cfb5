"""split_paragraphs: the seed article exactly, layout and heading examples, lossless properties."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.transforms.seed_spans import SEED, SEED_PARAGRAPHS, SEED_SENTENCES
from transforms.paragraphs import split_paragraphs
from transforms.sentences import split_sentences
from transforms.spans import ParagraphSpan


def seed_text() -> str:
    raw = SEED.read_text(encoding="utf-8")
    assert raw.startswith(" date 2024-06-26 ")
    return unicodedata.normalize("NFC", raw[len(" date 2024-06-26 ") :]).rstrip()


def test_seed_paragraphs_and_sentences_are_exactly_the_gold() -> None:
    text = seed_text()
    paragraphs = split_paragraphs(text)
    assert [tuple(p) for p in paragraphs] == SEED_PARAGRAPHS
    assert [s for p in paragraphs for s in split_sentences(text, p.start, p.end)] == SEED_SENTENCES
    assert text[469:510] == "'Scrambling to locate these individuals.'"
    assert text[1276:1311] == "“They are in violation of that law."


def kinds(text: str) -> list[tuple[str, str]]:
    return [(text[s:e], kind) for s, e, kind in split_paragraphs(text)]


LAYOUT = [
    ("One.\n\nTwo.", ["One.", "Two."]),
    ("One.\n \n\t\n\n  Two.  ", ["One.", "Two."]),
    ("  \n\nOne.", ["One."]),
    ("Last line.\nNext line starts here.", ["Last line.", "Next line starts here."]),
    (
        "A headline without a stop\nThe lead sentence follows.",
        ["A headline without a stop", "The lead sentence follows."],
    ),
    (
        "This is a sentence\ncut off in the middle because pdf.",
        ["This is a sentence\ncut off in the middle because pdf."],
    ),
    ("features\ncontact manager\nevents, activities", ["features", "contact manager", "events, activities"]),
    ("He said:\n“We will win.”", ["He said:", "“We will win.”"]),
    ("", []),
    (" \n\n ", []),
]


@pytest.mark.parametrize(("text", "expected"), LAYOUT)
def test_layout(text: str, expected: list[str]) -> None:
    assert [t for t, _ in kinds(text)] == expected


HEADINGS = [
    # (paragraphs joined by blank lines, kind of each)
    (
        ["Afghan team honored at robotics competition", "Friday, July 21, 2017", "A group won."],
        ["heading", "heading", "body"],
    ),
    (
        ["Lakeview Council Votes To Condemn The Mayor’s Parking Ban.", "The council voted 7-0 on Wednesday."],
        ["heading", "body"],
    ),
    (["WATER RUNS DRY FOR RIVERTON.", "He spent it all."], ["heading", "body"]),
    (
        ["Officials said so.", "'Scrambling to locate these individuals.'", "More text."],
        ["body", "heading", "body"],
    ),
    (["Tempers flare as Smith, Jones trade budget barbs.", "The fight went on."], ["body", "body"]),
    (["He told reporters:", "'It is over.'"], ["body", "body"]),  # introduced by a colon
    (["He tweeted:", "BUILD THE BRIDGE NOW!"], ["body", "body"]),
    (["He spoke.", "“This is deeply careless of them.”"], ["body", "body"]),  # a quotation, not a pull quote
    (["He spoke.", "'No,' he said, 'never.'"], ["body", "body"]),
    (["Rathbun stated,", "Text."], ["body", "body"]),
    (["Short headline", "It rained. Then it stopped."], ["heading", "body"]),
    (
        [
            "Results are in and the incumbent lost by a wide margin tonight, officials said in a statement issued late on Sunday"
        ],
        ["body"],
    ),
    (["Smith won. Jones lost"], ["body"]),  # two sentences
]


@pytest.mark.parametrize(("paragraphs", "expected"), HEADINGS)
def test_heading_kind(paragraphs: list[str], expected: list[str]) -> None:
    got = kinds("\n\n".join(paragraphs))
    assert [t for t, _ in got] == paragraphs
    assert [k for _, k in got] == expected


def test_first_long_full_sentence_stays_body() -> None:
    text = seed_text()
    assert split_paragraphs(text)[0] == ParagraphSpan(0, 224, "body")


PIECES = list("aAbI.!?:;,'\"“”‘’ \n\n\t\xa0-") + [
    "\n\n",
    " \n \n",
    "Mr. ",
    "U.S. ",
    "1. ",
    "Title Case Words Here",
]
LAYOUT_TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(LAYOUT_TEXT, st.text(max_size=80)))
def test_paragraphs_are_lossless_over_any_text(text: str) -> None:
    paragraphs = split_paragraphs(text)
    covered: set[int] = set()
    prev = 0
    for s, e, kind in paragraphs:
        assert prev <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        assert kind in ("body", "heading")
        covered.update(range(s, e))
        prev = e
    assert all(text[i].isspace() for i in set(range(len(text))) - covered)
    # The sentences of a paragraph run from its first character to its last.
    for s, e, _ in paragraphs:
        sentences = split_sentences(text, s, e)
        assert sentences[0][0] == s and sentences[-1][1] == e
    # Blank lines always separate paragraphs.
    assert not any("\n\n" in text[s:e].replace(" ", "").replace("\t", "") for s, e, _ in paragraphs)
