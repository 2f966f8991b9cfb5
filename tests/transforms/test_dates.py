"""parse_date_token: supported forms, token ends, the ambiguity rule, rejections."""

from __future__ import annotations

import datetime as dt

import pytest

from transforms.dates import DateError, parse_date_token

D = dt.date(2024, 6, 26)

TOKENS = [
    # (line after the keyword, expected token)
    ("2024-06-26 Body", "2024-06-26"),
    ("2024-06-26", "2024-06-26"),
    ("2024-06-26\nBody", "2024-06-26"),
    ("2024-06-26T14:30:00.123+02:00 Body", "2024-06-26T14:30:00.123+02:00"),
    ("2024/6/26 Body", "2024/6/26"),
    ("20240626 Body", "20240626"),
    ("26/06/2024 Body", "26/06/2024"),
    ("06-26-2024 Body", "06-26-2024"),
    ("June 26, 2024 Article text", "June 26, 2024"),
    ("june 26 2024 2,000 people", "june 26 2024"),
    ("Sept. 26, 2024 x", "Sept. 26, 2024"),
    ("Sep 26, 2024 x", "Sep 26, 2024"),
    ("Tues. June 26, 2024 x", "Tues. June 26, 2024"),
    ("26 June 2024 May was warm", "26 June 2024"),
    ("26th of June, 2024 x", "26th of June, 2024"),
    ("26-JUN-2024 x", "26-JUN-2024"),
    ("June 26, 2024 9:05 pm PDT x", "June 26, 2024 9:05 pm PDT"),
    ("June 26, 2024 10:30 x", "June 26, 2024 10:30"),
]


@pytest.mark.parametrize(("line", "token"), TOKENS)
def test_tokens(line: str, token: str) -> None:
    hd = parse_date_token("date " + line, 5)
    assert (hd.raw, hd.date, hd.end) == (token, D.replace(month=9) if "Sep" in token else D, 5 + len(token))


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("06/07/2024 x", "ambiguous_date"),
        ("12-11-2024 x", "ambiguous_date"),
        ("13/14/2024 x", "invalid_date"),
        ("2024-02-30 x", "invalid_date"),
        ("Feb 30, 2024 x", "invalid_date"),
        ("2024/13/01 x", "invalid_date"),
        ("26/06/24 x", "unrecognised_date"),
        ("June 2024 x", "unrecognised_date"),
        ("Mayday 26, 2024", "unrecognised_date"),
        ("2024-06-26x", "unrecognised_date"),
        ("June\n26, 2024", "unrecognised_date"),  # the token stays on the header line
        ("", "unrecognised_date"),
    ],
)
def test_rejections(line: str, reason: str) -> None:
    with pytest.raises(DateError) as e:
        parse_date_token(line)
    assert e.value.reason == reason


def test_search_is_bounded_to_the_header_line() -> None:
    line = "someday " + "word " * 400_000 + "June 26, 2024"
    with pytest.raises(DateError):
        parse_date_token(line)
