"""read_document: example tables for every supported input and every rejection, plus properties."""

from __future__ import annotations

import codecs
import datetime as dt
import time
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import transforms.reading as reading
from transforms.reading import REASONS, Parsed, Rejection, read_document

TODAY = dt.date(2024, 7, 1)
D = dt.date(2024, 6, 26)


def mis_decode(b: bytes) -> str:
    """What a careless reader makes of UTF-8 bytes: Windows-1252, Latin-1 for its holes."""
    return "".join(bytes([x]).decode("cp1252", errors="ignore") or chr(x) for x in b)


def mojibake(s: str) -> str:
    return mis_decode(s.encode("utf-8"))


def parsed(raw: bytes, today: dt.date = TODAY) -> Parsed:
    r = read_document(raw, today=today)
    assert isinstance(r, Parsed), r
    return r


BODY = "It’s “café” time.\n\nSecond paragraph."

LOADS = [
    # (id, raw bytes, expected text)
    ("seed", b" date 2024-06-26 Hello world.", "Hello world."),
    ("no_leading_space", b"date 2024-06-26 Hello world.", "Hello world."),
    ("utf8_curly", (" date 2024-06-26 " + BODY).encode(), BODY),
    ("crlf", b" date 2024-06-26 One.\r\n\r\nTwo.\r\n", "One.\n\nTwo."),
    ("cr", b" date 2024-06-26 One.\r\rTwo.\r", "One.\n\nTwo."),
    ("utf8_bom", codecs.BOM_UTF8 + (" date 2024-06-26 " + BODY).encode(), BODY),
    ("utf16_le_bom", codecs.BOM_UTF16_LE + (" date 2024-06-26 " + BODY).encode("utf-16-le"), BODY),
    ("utf16_be_bom", codecs.BOM_UTF16_BE + (" date 2024-06-26 " + BODY).encode("utf-16-be"), BODY),
    ("utf16_le_no_bom", (" date 2024-06-26 " + BODY).encode("utf-16-le"), BODY),
    ("utf32_bom", (" date 2024-06-26 " + BODY).encode("utf-32"), BODY),
    ("cp1252", (" date 2024-06-26 " + BODY).encode("cp1252"), BODY),
    (
        "cp1252_quote_bytes",
        b" date 2024-06-26 \x93Hi,\x94 she said \x96 it\x92s fine",
        "“Hi,” she said – it’s fine",
    ),
    (
        "utf8_with_stray_cp1252",
        " date 2024-06-26 café \x92 “ok”".encode().replace(b"\xc2\x92", b"\x92"),
        "café ’ “ok”",
    ),
    ("mojibake", (" date 2024-06-26 " + mojibake(BODY)).encode(), BODY),
    ("mojibake_9d", " date 2024-06-26 â€œQuoted,â€\x9d he said.".encode(), "“Quoted,” he said."),
    ("mojibake_latin1", " date 2024-06-26 itâ\x80\x99s".encode(), "it’s"),
    ("mojibake_double", (" date 2024-06-26 " + mojibake(mojibake("it’s café"))).encode(), "it’s café"),
    ("mojibake_emoji", (" date 2024-06-26 yes " + mojibake("👍")).encode(), "yes 👍"),
    (
        "mojibake_latin_ext",
        (" date 2024-06-26 " + mojibake("Łódź, Škoda, Ćirić")).encode(),
        "Łódź, Škoda, Ćirić",
    ),
    ("mojibake_nfkc", " date 2024-06-26 naÃ \u0304ve espÃ \u0308re".encode(), "naïve espère"),
    ("genuine_a_tilde", " date 2024-06-26 SÃO PAULO — “Olá”".encode(), "SÃO PAULO — “Olá”"),
    ("genuine_curly_mixed", (" date 2024-06-26 “real” and " + mojibake("’")).encode(), "“real” and ’"),
    ("decomposed", " date 2024-06-26 cafe\u0301 Ame\u0301lie".encode(), "café Amélie"),
    ("trailing_ws", b" date 2024-06-26 Text.  \n\n\t \n", "Text."),
    ("trailing_nbsp", " date 2024-06-26 Text.\u00a0\n".encode(), "Text."),
    ("keeps_leading_ws", b" date 2024-06-26   indented", "  indented"),
    ("one_tab", b" date 2024-06-26\tText", "Text"),
    ("header_own_line", b" date 2024-06-26\n\nFirst para.\n\nSecond.", "First para.\n\nSecond."),
    ("header_own_line_crlf", b"date 2024-06-26 \r\n\r\n  Indented first.", "  Indented first."),
    ("straight_quotes_stay", b" date 2024-06-26 \"Hi\" 'there'", "\"Hi\" 'there'"),
    ("few_controls_kept", b" date 2024-06-26 a\x1bb\x0c" + b"x" * 200, "a\x1bb\x0c" + "x" * 200),
]


@pytest.mark.parametrize(("raw", "text"), [pytest.param(r, t, id=i) for i, r, t in LOADS])
def test_loads(raw: bytes, text: str) -> None:
    r = parsed(raw)
    assert r.text == text
    assert r.published_date == D
    assert r.date_raw == "2024-06-26"


HEADERS = [
    # (header as written, date_raw)
    ("date 2024-06-26", "2024-06-26"),
    ("DATE 2024-06-26", "2024-06-26"),
    ("date: June 26, 2024", "June 26, 2024"),
    ("Date:June 26 2024", "June 26 2024"),
    ("date = 2024-06-26", "2024-06-26"),
    ("Date 26 Jun 2024", "26 Jun 2024"),
    ("date 26 June, 2024", "26 June, 2024"),
    ("date 26th of June 2024", "26th of June 2024"),
    ("date Jun. 26, 2024", "Jun. 26, 2024"),
    ("date Wednesday, June 26th, 2024", "Wednesday, June 26th, 2024"),
    ("date Wed, 26 Jun 2024 14:30:00 +0000", "Wed, 26 Jun 2024 14:30:00 +0000"),
    ("date June 26, 2024 10:30 a.m. EDT", "June 26, 2024 10:30 a.m. EDT"),
    ("date 26-Jun-2024", "26-Jun-2024"),
    ("date 2024-06-26T14:30:00Z", "2024-06-26T14:30:00Z"),
    ("date 2024-06-26T23:30:00-05:00", "2024-06-26T23:30:00-05:00"),
    ("date 2024/06/26", "2024/06/26"),
    ("date 2024.6.26", "2024.6.26"),
    ("date 20240626", "20240626"),
    ("date 26/06/2024", "26/06/2024"),
    ("date 06/26/2024", "06/26/2024"),
    ("date 26.06.2024", "26.06.2024"),
    ("date June 26th 2024, at 2:30 pm", "June 26th 2024, at 2:30 pm"),  # dateutil fallback
]


@pytest.mark.parametrize(("header", "date_raw"), HEADERS)
def test_header_forms(header: str, date_raw: str) -> None:
    for sep, prefix in ((" ", " "), ("\n\n", "")):
        r = parsed(f"{prefix}{header}{sep}The article begins.\n".encode())
        assert (r.date_raw, r.published_date, r.text) == (date_raw, D, "The article begins.")


EDGE_DATES = [
    ("06/06/2024", dt.date(2024, 6, 6)),  # both fields equal: same either way
    ("13/06/2024", dt.date(2024, 6, 13)),
    ("06/13/2024", dt.date(2024, 6, 13)),
    ("1800-01-01", dt.date(1800, 1, 1)),
    ("2024-07-02", dt.date(2024, 7, 2)),  # today + 1 day is tolerated (time zones)
    ("2024-02-29", dt.date(2024, 2, 29)),
]


@pytest.mark.parametrize(("token", "date"), EDGE_DATES)
def test_edge_dates_load(token: str, date: dt.date) -> None:
    assert parsed(f" date {token} Text".encode()).published_date == date


REJECTS = [
    # (id, raw bytes, reason)
    ("empty", b"", "empty_file"),
    ("only_ws", b"  \r\n\n\t ", "empty_file"),
    ("only_bom", codecs.BOM_UTF8, "empty_file"),
    ("only_header", b" date 2024-06-26", "empty_body"),
    ("header_and_ws", b" date 2024-06-26 \n\n \t\r\n", "empty_body"),
    ("nul_bytes", b" date 2024-06-26 text\x00\x00more", "binary_content"),
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary_content"),
    ("control_chars", b" date 2024-06-26 " + b"\x01\x02\x03\x1b" * 10 + b"x" * 100, "binary_content"),
    (
        "utf16_controls",
        (" date 2024-06-26 " + "\x01\x02" * 20 + "x" * 100).encode("utf-16"),
        "binary_content",
    ),
    ("undefined_cp1252", b" date 2024-06-26 caf\xe9 \x81", "undecodable"),
    (
        "utf16_bom_odd",
        codecs.BOM_UTF16_LE + " date 2024-06-26 x".encode("utf-16-le") + b"\x00\xd8",
        "undecodable",
    ),
    ("no_header", b"Hello world, no header.", "missing_date"),
    ("no_keyword", b"2024-06-26 Hello", "missing_date"),
    ("keyword_later", b"Title\ndate 2024-06-26 Hello", "missing_date"),
    ("dates_word", b"dates 2024-06-26 Hello", "missing_date"),
    ("two_digit_year", b"date 26/06/24 Hello", "unrecognised_date"),
    ("words", b"date yesterday Hello", "unrecognised_date"),
    ("glued", b"date 2024-06-26Hello", "unrecognised_date"),
    ("no_year", b"date June 26 Hello", "unrecognised_date"),
    ("month_13", b" date 2024-13-45 Hello", "invalid_date"),
    ("feb_29", b" date 2023-02-29 Hello", "invalid_date"),
    ("june_31", b"date: June 31, 2024 Hello", "invalid_date"),
    ("both_over_12", b"date 13/13/2024 Hello", "invalid_date"),
    ("year_zero", b"date 0000-01-01 Hello", "invalid_date"),
    ("ambiguous", b"date 06/07/2024 Hello", "ambiguous_date"),
    ("ambiguous_dots", b"date 1.2.2024 Hello", "ambiguous_date"),
    ("future", b" date 2024-07-03 Hello", "future_date"),
    ("far_future", b" date 9999-12-31 Hello", "future_date"),
    ("before_1800", b" date 1799-12-31 Hello", "date_out_of_range"),
]


@pytest.mark.parametrize(("raw", "reason"), [pytest.param(r, c, id=i) for i, r, c in REJECTS])
def test_rejects(raw: bytes, reason: str) -> None:
    r = read_document(raw, today=TODAY)
    assert isinstance(r, Rejection), r
    assert r.reason == reason
    assert r.detail.endswith(".") and "\n" not in r.detail and len(r.detail) < 200


def test_every_reason_is_documented_and_tested() -> None:
    tested = {reason for _, _, reason in REJECTS}
    assert tested | {"internal_error"} == set(REASONS)
    doc = reading.__doc__ or ""
    for code, meaning in REASONS.items():
        assert f"| `{code}` | {meaning} |" in doc, code
        assert code.isidentifier() and code == code.lower()


def test_internal_error_is_a_rejection(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(raw: bytes) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(reading, "decode_bytes", boom)
    assert read_document(b" date 2024-06-26 x", today=TODAY).reason == "internal_error"  # type: ignore[union-attr]


def test_future_is_relative_to_today() -> None:
    raw = b" date 2024-07-03 Hello"
    assert read_document(raw, today=dt.date(2024, 7, 1)).reason == "future_date"  # type: ignore[union-attr]
    assert parsed(raw, today=dt.date(2024, 7, 2)).published_date == dt.date(2024, 7, 3)


def test_large_article_is_fast() -> None:
    para = "Lorem ipsum dolor sit amet, “quoted” words, café and more words here.\n\n"
    body = para * (2_000_000 // len(para))
    for raw in (
        (" date 2024-06-26 " + body).encode(),
        (" date June 26, 2024 " + body).encode("cp1252"),
        (" date 2024-06-26 " + body.replace("\n", "\r\n")).encode("utf-16"),
    ):
        t = time.perf_counter()
        r = parsed(raw)
        assert time.perf_counter() - t < 1.0
        assert r.text == body.rstrip()


# -- properties --------------------------------------------------------------------------------


def check_invariants(r: Parsed | Rejection) -> None:
    assert isinstance(r, Parsed | Rejection)
    if isinstance(r, Rejection):
        assert r.reason in REASONS and r.reason != "internal_error", r
        assert r.detail
        return
    assert r.text
    assert r.text == unicodedata.normalize("NFC", r.text)
    assert "\r" not in r.text
    assert r.text == r.text.rstrip()
    assert r.published_date is not None
    assert dt.date(1800, 1, 1) <= r.published_date <= TODAY + dt.timedelta(days=1)


FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.binary(max_size=300))
def test_any_bytes(raw: bytes) -> None:
    check_invariants(read_document(raw, today=TODAY))


@FAST
@given(
    st.sampled_from(["", " ", "\n", "\ufeff"]),
    st.sampled_from(["date", "Date", "DATE", "date:", "date =", "dat"]),
    st.text(max_size=40),
    st.text(max_size=80),
    st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1252", "utf-32"]),
)
def test_any_header(lead: str, keyword: str, header: str, body: str, encoding: str) -> None:
    raw = f"{lead}{keyword} {header} {body}".encode(encoding, errors="ignore")
    check_invariants(read_document(raw, today=TODAY))
    check_invariants(read_document(mojibake(raw.decode("latin-1")).encode(), today=TODAY))


FORMS = [
    "{d:%Y-%m-%d}",
    "{d:%Y/%m/%d}",
    "{d:%B} {d.day}, {d:%Y}",
    "{d.day} {d:%b} {d:%Y}",
    "{d:%A}, {d:%B} {d.day}, {d:%Y}",
    "{d:%Y-%m-%d}T12:00:00Z",
]
BODY_CHARS = st.characters(
    blacklist_categories=("Cs", "Cc"), blacklist_characters="ÂÃÄÅâð"
) | st.sampled_from("\n\r\t “”’")


@FAST
@given(
    st.dates(min_value=dt.date(1800, 1, 1), max_value=TODAY),
    st.sampled_from(FORMS),
    st.text(BODY_CHARS, min_size=1, max_size=200).filter(lambda s: s[0].isalpha() and s.strip()),
    st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]),
)
def test_round_trip(d: dt.date, form: str, body: str, encoding: str) -> None:
    token = form.format(d=d)
    r = parsed(f" date {token} {body}".encode(encoding))
    expected = unicodedata.normalize("NFC", body.replace("\r\n", "\n").replace("\r", "\n")).rstrip()
    assert (r.published_date, r.date_raw, r.text) == (d, token, expected)


@given(st.integers(1, 12), st.integers(1, 12), st.integers(1800, 2023), st.sampled_from("/-."))
def test_ambiguity_rule(a: int, b: int, y: int, sep: str) -> None:
    r = read_document(f"date {a:02d}{sep}{b:02d}{sep}{y} Text".encode(), today=TODAY)
    if a == b:
        assert isinstance(r, Parsed) and r.published_date == dt.date(y, a, a)
    else:
        assert isinstance(r, Rejection) and r.reason == "ambiguous_date"
