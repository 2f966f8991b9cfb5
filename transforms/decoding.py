"""Bytes of a seed file -> Unicode text: encoding detection, binary detection, mojibake repair.

Supported encodings, tried in this order:

1. a byte-order mark: UTF-32 LE/BE, UTF-8 (``EF BB BF``), UTF-16 LE/BE; the BOM is dropped;
2. UTF-16 LE/BE without a BOM, only when NUL bytes sit (almost) exclusively at the odd (LE) or
   even (BE) positions, as in mostly-ASCII UTF-16 text;
3. UTF-8 (strict; the fast path);
4. UTF-8 with Windows-1252 for the bytes that are not valid UTF-8 (a pure Windows-1252 file, or a
   UTF-8 file with a few stray Windows-1252 bytes such as curly quotes ``0x91``-``0x94``).
   A byte that Windows-1252 leaves undefined (``81 8D 8F 90 9D``) makes the file undecodable.

Binary content: any NUL byte (outside UTF-16/32), or more than 1 % control characters
(C0 controls other than tab, LF, VT, FF, CR; and DEL) in the first 64 KiB.

Mojibake repair (:func:`repair_mojibake`) undoes UTF-8 that was once decoded as Windows-1252
(or Latin-1) and re-encoded, sequence by sequence, only where the sequence is unambiguous:
``Â``/``Ã``/``Ä``/``Å`` + one continuation character (Latin-1 supplement, Latin Extended-A),
``â`` + two (general punctuation: ``â€™`` -> ``’``), ``ðŸ`` + two (emoji). A sequence is
replaced only if re-encoding it to Windows-1252 bytes gives valid UTF-8. (Fast path: when the
whole text re-encodes to Windows-1252 bytes that are valid UTF-8, every non-ASCII character is
mojibake and the whole text is converted at once, whatever the lead characters.) Genuine curly quotes,
and a genuine ``Ã`` followed by a letter (``SÃO PAULO``), are left alone. Up to three passes
undo double-encoded mojibake.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import re
from typing import NamedTuple

__all__ = ["Decoded", "DecodeFailure", "decode_bytes", "repair_mojibake"]


class Decoded(NamedTuple):
    text: str
    encoding: str  # e.g. "utf-8", "utf-8-sig", "utf-16-le", "utf-8+cp1252"
    repaired: int  # number of mojibake sequences repaired


class DecodeFailure(ValueError):
    """Raised by :func:`decode_bytes`; ``reason`` is a reading reason code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


_CTRL_BYTES = bytes(range(0x00, 0x09)) + bytes(range(0x0E, 0x20)) + b"\x7f"
_CTRL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_MAX_CTRL_RATIO = 0.01
_SAMPLE = 1 << 16  # control characters are counted in the first 64 KiB (NUL bytes everywhere)

# "Sloppy" Windows-1252: every char a byte 0x80-0xFF decodes to under Windows-1252 or Latin-1.
_SLOPPY: dict[str, int] = {}
for _b in range(0x80, 0x100):
    with contextlib.suppress(UnicodeDecodeError):
        _SLOPPY[bytes([_b]).decode("cp1252")] = _b
    _SLOPPY.setdefault(chr(_b), _b)
_CONT = "".join(re.escape(c) for c, b in sorted(_SLOPPY.items()) if 0x80 <= b <= 0xBF)
# After NFKC, some continuation characters became space + combining mark (seen in scraped news:
# "naÃ ̄ve" for "naïve"). Only these four forms are unambiguous.
_NFKC_CONT = {" \u0308": 0xA8, " \u0304": 0xAF, " \u0301": 0xB4, " \u0327": 0xB8}
_MOJIBAKE_RE = re.compile(
    f"[ÂÃÄÅ][{_CONT}]|â[{_CONT}]{{2}}|ð[Ÿ\x9f][{_CONT}]{{2}}|Ã (?:\u0308|\u0304|\u0301|\u0327)"
)
_TELLTALES = "ÂÃÄÅâð"


@functools.lru_cache(maxsize=4096)
def _decode_seq(seq: str) -> str | None:
    if seq[1:] in _NFKC_CONT:
        raw = bytes([_SLOPPY[seq[0]], _NFKC_CONT[seq[1:]]])
    else:
        raw = bytes(_SLOPPY[c] for c in seq)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


class _Counter:
    def __init__(self) -> None:
        self.n = 0

    def fix(self, m: re.Match[str]) -> str:
        fixed = _decode_seq(m.group())
        if fixed is None:
            return m.group()
        self.n += 1
        return fixed


def _sloppy_encode_c1(exc: UnicodeError) -> tuple[bytes, int]:
    """Encode U+0080-U+009F (Windows-1252's holes, or a Latin-1 mis-decoding) as their byte."""
    if isinstance(exc, UnicodeEncodeError) and 0x80 <= ord(exc.object[exc.start]) <= 0x9F:
        return bytes([ord(exc.object[exc.start])]), exc.start + 1
    raise exc


codecs.register_error("claimhouse.sloppy_c1", _sloppy_encode_c1)


def _whole_text_repair(text: str) -> str | None:
    """The text re-encoded to Windows-1252 and decoded as UTF-8, if every byte of it fits.

    Only when *every* non-ASCII character takes part in a valid UTF-8 sequence is the whole
    text mojibake beyond doubt; otherwise None (and the sequence-by-sequence repair is used).
    """
    try:
        fixed = text.encode("cp1252", errors="claimhouse.sloppy_c1").decode("utf-8")
    except UnicodeError:
        return None
    return fixed if fixed != text else None


def repair_mojibake(text: str) -> tuple[str, int]:
    """Undo UTF-8-read-as-Windows-1252 mojibake; return the text and the number of repairs.

    >>> repair_mojibake("It\u00e2\u20ac\u2122s caf\u00c3\u00a9, \u201creally\u201d")
    ('It’s café, “really”', 2)
    >>> repair_mojibake("SÃO PAULO")
    ('SÃO PAULO', 0)
    """
    total = 0
    for _ in range(3):
        if not any(c in text for c in _TELLTALES):
            break
        whole = _whole_text_repair(text)
        if whole is not None:  # the whole text is mojibake: undone in C, fast
            total += len(whole) - len(whole.encode("ascii", "ignore"))
            text = whole
            continue
        counter = _Counter()
        text = _MOJIBAKE_RE.sub(counter.fix, text)
        if not counter.n:
            break
        total += counter.n
    return text, total


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    b = exc.object[exc.start]
    try:
        return bytes([b]).decode("cp1252"), exc.start + 1
    except UnicodeDecodeError:
        raise DecodeFailure(
            "undecodable",
            f"Byte 0x{b:02X} at offset {exc.start} is neither valid UTF-8 nor defined in Windows-1252.",
        ) from None


codecs.register_error("claimhouse.cp1252", _cp1252_fallback)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _check_control_text(text: str) -> None:
    n = len(_CTRL_RE.findall(text))
    if "\x00" in text or n > _MAX_CTRL_RATIO * len(text):
        raise DecodeFailure("binary_content", f"The file holds {n} control characters in {len(text)}.")


def _utf16_without_bom(raw: bytes) -> str | None:
    if len(raw) % 2:
        return None
    half = len(raw) // 2
    odd, even = raw[1::2].count(0), raw[0::2].count(0)
    if odd >= 0.3 * half and even * 100 <= half:
        enc = "utf-16-le"
    elif even >= 0.3 * half and odd * 100 <= half:
        enc = "utf-16-be"
    else:
        return None
    try:
        return raw.decode(enc)
    except UnicodeDecodeError:
        return None


_UTF8_PAIR = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")  # a lead byte then a continuation byte


def _decode_cp1252(body: bytes) -> str:
    """UTF-8 where valid, Windows-1252 for the other bytes."""
    if not _UTF8_PAIR.search(body):  # no UTF-8 at all: plain Windows-1252, decoded in C
        try:
            return body.decode("cp1252")
        except UnicodeDecodeError:
            pass  # the error handler below names the offending byte
    return body.decode("utf-8", errors="claimhouse.cp1252")


def decode_bytes(raw: bytes) -> Decoded:
    """Decode a seed file's bytes; raise :class:`DecodeFailure` for binary or undecodable bytes.

    >>> decode_bytes("caf\u00e9".encode("utf-8"))
    Decoded(text='café', encoding='utf-8', repaired=0)
    >>> decode_bytes(b"\\x93quoted\\x94 caf\\xe9")
    Decoded(text='“quoted” café', encoding='utf-8+cp1252', repaired=0)
    """
    body, enc = raw, "utf-8"
    for bom, bom_enc in _BOMS:
        if raw.startswith(bom):
            if bom_enc == "utf-8-sig":
                body, enc = raw[len(bom) :], bom_enc
                break  # handled below, like BOM-less UTF-8
            enc = bom_enc
            body = raw[len(bom) :]
            try:
                text = body.decode(enc)
            except UnicodeDecodeError as e:
                raise DecodeFailure(
                    "undecodable", f"The file has a {enc} byte-order mark but is not {enc}: {e.reason}."
                ) from None
            _check_control_text(text)
            fixed, n = repair_mojibake(text)
            return Decoded(fixed, enc, n)

    if b"\x00" in body:
        text16 = _utf16_without_bom(body)
        if text16 is None:
            raise DecodeFailure(
                "binary_content", f"The file holds {body.count(0)} NUL bytes; it is not text."
            )
        _check_control_text(text16)
        fixed, n = repair_mojibake(text16)
        return Decoded(fixed, "utf-16-le" if body[1] == 0 else "utf-16-be", n)

    sample = body[:_SAMPLE]
    n_ctrl = len(sample) - len(sample.translate(None, _CTRL_BYTES))
    if n_ctrl > _MAX_CTRL_RATIO * len(sample):
        raise DecodeFailure(
            "binary_content",
            f"The file holds {n_ctrl} control bytes in its first {len(sample)}; it is not text.",
        )

    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_cp1252(body)
        enc += "+cp1252"
    if any(c in text for c in _TELLTALES):
        text, n = repair_mojibake(text)
        return Decoded(text, enc, n)
    return Decoded(text, enc, 0)
