"""Quotation finder and speaker helpers."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.coref import Resolver
from transforms.cues import CueIndex, cue_class
from transforms.quotes import QuoteMarks, find_quotes
from transforms.speakers import TOKEN, _mention_before, _walk_back, clean, speaker_before


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


def test_quote_marks_of_the_document_give_each_paragraph_its_quotations() -> None:
    text = "He said “yes.”\n\nShe said ''no'' and ``maybe''.\n\n'''Odd'''"
    marks = QuoteMarks(text)
    for start, end in ((0, 14), (16, 45), (47, len(text)), (3, 20), (50, 52)):
        assert find_quotes(text, start, end, marks) == find_quotes(text, start, end)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="'`“”\"a \n", max_size=16), st.data())
def test_quote_marks_agree_with_scanning_the_paragraph(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert find_quotes(text, start, end, QuoteMarks(text)) == find_quotes(text, start, end)


def test_speaker_before_reads_past_the_short_window() -> None:
    # the mention starts before the first window the walk reads (32 characters): the walk goes on
    text = "Later, the long-serving senior harbor official also said"
    s = speaker_before(text, 0, text.index(" said") + 1)
    assert s is not None and text[s[0] : s[1]] == "the long-serving senior harbor official"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "the",
                "The",
                "Jo",
                "Roe",
                "officials",
                "also",
                "on",
                "Monday",
                "Jan.",
                "5",
                ",",
                "—",
                "that",
                "said",
            ]
        ),
        max_size=16,
    ).map(" ".join)
)
def test_speaker_before_agrees_with_the_full_window(text: str) -> None:
    # reference: the mention found on the full window alone (no short window first)
    hi = len(text)
    start = max(0, hi - 60)
    w = TOKEN.findall(text, start, hi)
    if start > 0 and (not w or all(t[0].isalnum() for t in w)):
        w = TOKEN.findall(text, max(0, hi - 120), hi)
    assert _mention_before(text, 0, hi) == _walk_back(text, w, hi, 0)
