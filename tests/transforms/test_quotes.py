"""Quotation finder and speaker helpers."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.coref import Resolver
from transforms.cues import CueIndex, cue_class
from transforms.quotes import find_quotes
from transforms.speakers import clean, speaker_before


def test_quotes_of_every_style() -> None:
    text = "“One two.” and \"three four\" and ''five six'' end"
    assert [text[q.start : q.end] for q in find_quotes(text)] == ["One two.", "three four", "five six"]


def test_unclosed_quotation_runs_to_paragraph_end() -> None:
    text = "“First part of a long quote\n\nnext"
    (q,) = find_quotes(text, 0, text.index("\n"))
    assert text[q.start : q.end] == "First part of a long quote"


def test_cue_index_skips_substrings_and_finds_every_occurrence() -> None:
    text = "He said, she said; the saidx tells nothing. Said at start."
    assert [w for _, _, w in CueIndex(text).between(0, len(text))] == ["said", "said", "tells", "Said"]
    assert cue_class("mocked") == "speech" and cue_class("endorsed") == "stance"


def test_clean_strips_roles_and_articles() -> None:
    assert clean("Sen. Maria Lopez") == "Maria Lopez"
    assert clean("the harbor master") == "harbor master"
    assert clean("a June audit from the Port Authority") == "Port Authority"


def test_speaker_before_rejects_clause_material() -> None:
    text = "The ferry was late and said"
    assert speaker_before(text, 0, text.index("said")) is None


def test_resolver_keeps_distinct_people_apart() -> None:
    r = Resolver("Maria Lopez and Tom Lopez Wong spoke.")
    assert r.resolve("Maria Lopez", 0) == "Maria Lopez"
    assert r.resolve("the harbor master", 10) == "harbor master"
    assert r.resolve("Lopez", 30) == "Maria Lopez"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["said", "Says", "told", "report", "é", "İ", "\u212a", "Σ", " ", ",", "“", "x", "_", "according"]
        ),
        max_size=14,
    ).map("".join)
)
def test_cue_index_finds_exactly_the_cue_words(text: str) -> None:
    # reference: every maximal run of letters, looked up in the lexicon
    expected = [
        (m.start(), m.end(), m.group())
        for m in re.finditer(r"[^\W\d_]+", text)
        if cue_class(m.group()) is not None and m.group().isascii()
    ]
    assert CueIndex(text).between(0, len(text)) == expected
