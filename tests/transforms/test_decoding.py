"""decode_bytes and repair_mojibake: encodings, binary detection, unambiguous mojibake repair."""

from __future__ import annotations

import codecs

import pytest

from transforms.decoding import DecodeFailure, decode_bytes, repair_mojibake

TEXT = "“Café” — it’s naïve 👍"

ENCODED = [
    # (bytes, text, encoding reported)
    (TEXT.encode(), TEXT, "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode(), TEXT, "utf-8-sig"),
    (TEXT.encode("utf-16"), TEXT, "utf-16-le"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), TEXT, "utf-16-be"),
    ("ascii text in utf-16".encode("utf-16-be"), "ascii text in utf-16", "utf-16-be"),
    (TEXT.encode("utf-32"), TEXT, "utf-32-le"),
    ("“Café” — it’s naïve".encode("cp1252"), "“Café” — it’s naïve", "utf-8+cp1252"),
    ("“Café” ".encode() + b"\x93x\x94", "“Café” “x”", "utf-8+cp1252"),
]


@pytest.mark.parametrize(("raw", "text", "encoding"), ENCODED)
def test_encodings(raw: bytes, text: str, encoding: str) -> None:
    d = decode_bytes(raw)
    assert (d.text, d.encoding) == (text, encoding)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"abc\x00def", "binary_content"),
        (bytes(range(256)) * 4, "binary_content"),
        (b"text" * 10 + b"\x07" * 5, "binary_content"),
        (b"caf\xe9\x9d", "undecodable"),
        (codecs.BOM_UTF16_LE + b"a\x00\x00\xdc", "undecodable"),
        (codecs.BOM_UTF32_LE + b"\xff\xff\xff\xff", "undecodable"),
    ],
)
def test_failures(raw: bytes, reason: str) -> None:
    with pytest.raises(DecodeFailure) as e:
        decode_bytes(raw)
    assert e.value.reason == reason
    assert e.value.detail


REPAIRS = [
    ("itâ€™s", "it’s"),
    ("â€œquotedâ€\x9d", "“quoted”"),
    ("â€œquotedâ€\u009d", "“quoted”"),
    ("Ã©tÃ©, Ã‰cole, Ã\u0081lvaro", "été, École, Álvaro"),
    ("Â£5, 20Â°C, Â©", "£5, 20°C, ©"),
    ("naÃ \u0304ve", "naïve"),
    ("Ã¢â‚¬â„¢", "’"),  # twice mis-decoded
    ("ðŸ‘\u008d", "👍"),
    ("Å\u0081Ã³dÅº", "Łódź"),
    ("ÐŸÑ€Ð¸Ð²ÐµÑ‚ â€” ÐœÐ¾Ñ\u0081ÐºÐ²Ð°", "Привет — Москва"),  # whole text is mojibake: any script
]
UNTOUCHED = [
    "SÃO PAULO",
    "“real quotes” and ‘single’ ones",
    "«CAFÉ» and JOSÉ’S",
    "crème brûlée à la carte",
    "Ã alone, â alone",
    "Â ",  # a non-breaking space that lost its byte: ambiguous
    "â€ at the end",  # the third byte is lost: ambiguous
]


@pytest.mark.parametrize(("bad", "good"), REPAIRS)
def test_repairs(bad: str, good: str) -> None:
    assert repair_mojibake(bad)[0] == good
    assert repair_mojibake(good) == (good, 0)


@pytest.mark.parametrize("text", UNTOUCHED)
def test_untouched(text: str) -> None:
    assert repair_mojibake(text) == (text, 0)
