"""Quantities: value, qualifier and unit per phrase; spans reproduce their text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.quantities import extract_quantities


def q(text: str) -> list[tuple[str, float | None, str, str | None]]:
    return [(text[x.start : x.end], x.value, x.qualifier, x.unit) for x in extract_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("More than 400 stray dogs were found.", [("More than 400", 400.0, "more_than", "stray dogs")]),
        ("Over 300 of those ferries sank.", [("Over 300", 300.0, "more_than", "ferries")]),
        ("hundreds of unpaid tolls", [("hundreds", None, "approximate", "unpaid tolls")]),
        ("The city paid $2.5 million for it.", [("$2.5 million", 2_500_000.0, "exact", "dollars")]),
        ("Fares rose 12 percent.", [("12 percent", 12.0, "exact", "percent")]),
        ("Turnout was nearly 40%.", [("nearly 40%", 40.0, "approximate", "percent")]),
        ("at least three inspectors", [("at least three", 3.0, "at_least", "inspectors")]),
        ("about 1,250 riders", [("about 1,250", 1250.0, "approximate", "riders")]),
        ("Seventy-four percent agreed.", [("Seventy-four percent", 74.0, "exact", "percent")]),
        ("from fiscal year 2022 through 2023", [("fiscal year 2022 through 2023", 2022.0, "range", "year")]),
        ("between 10 and 20 boats", [("10 and 20", 10.0, "range", "boats")]),
        (
            "more than 9,000 “low risk” parcels",
            [("more than 9,000", 9000.0, "more_than", "“low risk” parcels")],
        ),
        (
            "The whereabouts of 50 “persons of interest” remain unknown.",
            [("50", 50.0, "exact", "persons of interest")],
        ),
        ("The bridge opened in 1998.", [("1998", 1998.0, "exact", "year")]),
    ],
)
def test_quantity_phrases(text: str, expected: list) -> None:
    assert q(text) == expected


def test_number_words_inside_other_words_are_not_numbers() -> None:
    assert q("The network often attends tenders.") == []


def test_range_limits_the_search() -> None:
    text = "12 boats and 30 cars"
    assert [text[x.start : x.end] for x in extract_quantities(text, 5)] == ["30"]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="0123456789 ,.$%abcmorethanvlillion“”-", max_size=80))
def test_quantity_spans_reproduce_their_text(text: str) -> None:
    spans = extract_quantities(text)
    assert all(0 <= x.start < x.end <= len(text) for x in spans)
    assert [x.start for x in spans] == sorted(x.start for x in spans)
    assert all(x.end <= y.start for x, y in zip(spans, spans[1:], strict=False))


def test_quantity_cut_after_its_currency_sign_still_counts() -> None:
    text = "It cost $5 million."
    assert [(text[x.start : x.end], x.value) for x in extract_quantities(text, text.index("5"))] == [
        ("5 million", 5_000_000.0)
    ]


def test_a_dozen_after_punctuation_is_only_dozen() -> None:
    assert q("Guests,a dozen people came.") == [("dozen", 12.0, "exact", "people")]


def test_qualifier_in_unusual_case_does_not_fail() -> None:
    assert q("ABOUT 40 boats") == [("ABOUT 40", 40.0, "approximate", "boats")]
    assert [x.value for x in extract_quantities("ſome 40 boats")] == [40.0]  # long s: IGNORECASE


_SCAN_ALPHABET = st.sampled_from(
    list("0123456789 ,.$€£%-–x\n“") + ["a dozen ", "dozens ", "fiscal year ", "Twenty", "-one", "ten", "İ"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_SCAN_ALPHABET, max_size=20).map("".join))
def test_candidates_cover_every_offset_where_a_quantity_can_start(text: str) -> None:
    # the speed-up scans for candidates first: it must never skip a place the full pattern matches
    from transforms.quantities import _BARE, _candidates

    found = set(_candidates(text))
    for p in range(len(text)):
        if _BARE.match(text, p):  # "$5": the sign's candidate stands for the digit after it
            assert p in found or (text[p - 1] in "$€£" and p - 1 in found)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789$€£.,, a-\n“٣０", max_size=30))
def test_digit_runs_are_where_the_digits_pattern_matches(text: str) -> None:
    # found with str.find for speed: exactly the matches of the regex they stand for
    from transforms.quantities import _DIGITS, _digit_runs

    assert sorted(_digit_runs(text)) == [m.start() for m in _DIGITS.finditer(text)]


@settings(max_examples=150, deadline=None)
@given(st.lists(_SCAN_ALPHABET, max_size=30).map("".join), st.lists(st.integers(0, 60), max_size=6))
def test_quantities_in_ranges_are_those_of_each_range(text: str, cuts: list[int]) -> None:
    from transforms.quantities import quantities_in

    bounds = sorted({min(c, len(text)) for c in cuts} | {0, len(text)})
    ranges = list(zip(bounds, bounds[1:], strict=False))
    assert quantities_in(text, ranges) == [q for s, e in ranges for q in extract_quantities(text, s, e)]


def test_the_unicode_facts_the_candidate_scan_relies_on() -> None:
    # _candidates finds the number words in an ASCII copy (text.encode("ascii", "replace").lower())
    # and tests word boundaries on the text itself: exact only while lower() expands no character
    # but "İ", maps no other character into the words' letters, digits or signs, keeps isalnum.
    import sys

    from transforms.quantities import _WORD_PREFIXES

    letters = set("".join(_WORD_PREFIXES) + "fiscal" + "a ")
    kept = set("0123456789$€£.,_")
    for i in range(sys.maxunicode + 1):
        c = chr(i)
        low = c.lower()
        if len(low) != 1:
            assert c == "\u0130"
            continue
        assert c.isalnum() == low.isalnum()
        if low != c:
            assert not (i >= 128 and low in letters) and low not in kept and not low.isdecimal()


def _candidates_of_lowered(text: str) -> list[int]:
    """The definition the ASCII shortcut must meet: the scan, on text.lower()."""
    from transforms.quantities import _DIGITS, _WORD_PREFIXES

    low = text.lower()
    found = {m.start() for m in _DIGITS.finditer(low)}
    for word in [*_WORD_PREFIXES, "fiscal"]:
        for at in range(len(low)):
            if low.startswith(word, at) and (
                word == "fiscal" or at == 0 or not (low[at - 1].isalnum() or low[at - 1] == "_")
            ):
                found.add(at)
                if word == "dozen" and low.endswith("a ", 0, at) and (at == 2 or not low[at - 3].isalnum()):
                    found.add(at - 2)
    return sorted(found)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "one",
                "ONE",
                "Tw",
                " ",
                "a dozen",
                "A DOZEN",
                "Fiscal",
                "5",
                ",",
                "$",
                "é",
                "K",
                "\u212a",
                "ſ",
                "_",
                "“",
            ]
        ),
        max_size=16,
    )
)
def test_candidates_are_those_of_the_lowered_text(pieces: list[str]) -> None:
    from transforms.quantities import _candidates

    text = "".join(pieces)
    assert _candidates(text) == _candidates_of_lowered(text)
