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
