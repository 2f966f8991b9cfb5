"""Quantities: numbers that count, measure or date something, with qualifier and unit.

"More than 400 illegal aliens" -> 400, more_than, "illegal aliens"; "hundreds of illegal foreign
nationals" -> None, approximate, "illegal foreign nationals"; "$2.5 million" -> 2500000, exact,
"dollars"; "fiscal year 2022 through 2023" -> 2022, range, "year".

Speed: candidate offsets (digits, currency signs, number words) are found once per document; the
full pattern is only tried there, and a qualifier only looked for right before them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

from transforms.spans import QuantitySpan

_SMALL = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a dozen": 12, "dozen": 12,
}  # fmt: skip
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_QUALIFIERS = {
    "more than": "more_than", "over": "more_than", "above": "more_than", "upwards of": "more_than",
    "less than": "less_than", "fewer than": "less_than", "under": "less_than", "below": "less_than",
    "about": "approximate", "around": "approximate", "approximately": "approximate", "roughly": "approximate",
    "nearly": "approximate", "almost": "approximate", "some": "approximate", "an estimated": "approximate",
    "at least": "at_least", "no fewer than": "at_least", "at most": "at_most", "up to": "at_most",
    "no more than": "at_most",
}  # fmt: skip
_QUAL = "|".join(sorted((re.escape(q) for q in _QUALIFIERS), key=len, reverse=True))
_WORDNUM = "|".join(sorted(_SMALL, key=len, reverse=True))
_NUMBER = (
    rf"(?:(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?"
    rf"|(?:{_WORDNUM})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?\b)"
)
_CORE = (
    rf"(?:(?P<fy>fiscal\s+(?:year\s+)?)(?P<y1>\d{{4}})(?:\s*(?:through|to|-|–)\s*(?P<y2>\d{{4}}))?"
    rf"|(?P<vague>\b(?:hundreds|thousands|millions|billions|dozens|tens\s+of\s+thousands)\b)"
    rf"|(?P<cur>[$€£])?(?P<num>(?<![\w.,]){_NUMBER})(?![\w,]*\d)(?:\s*(?P<scale>thousand|million|billion|trillion)\b)?"
    rf"(?:\s*(?P<pct>%|percent\b|per\s+cent\b))?)"
)
_QUANTITY = re.compile(rf"\b(?P<qual>{_QUAL})\s+{_CORE}", re.IGNORECASE)
# the same without a qualifier (its group empty): no qualifier starts at a candidate offset below
_BARE = re.compile(rf"(?P<qual>){_CORE}", re.IGNORECASE)
# Where a quantity can start (a superset): a currency sign, a digit run, a number word or
# "fiscal". Finding these once per document with str.find and one tiny regex, then matching the
# patterns only there, runs ~6x faster than letting their alternations try every character
# (PolNeAR: 2.5 -> 15 MB/s).
_DIGITS = re.compile(r"[$€£\d][\d.,]*")
_RUN_CHARS = "0123456789$€£"  # what starts a _DIGITS match, in text without non-ASCII digits
_ASCII_BYTES = bytes(range(128))
# prefixes of every number word and vague quantity ("four" covers "fourteen", "tw" "two" to "twenty")
_WORD_PREFIXES = tuple(
    "one tw three four five six seven eight nine ten eleven thirt fift fort hundreds thousands millions "  # noqa: SIM905
    "billions dozen".split()
)
_WORD_AFTER_SPACE = re.compile(b" (" + "|".join(_WORD_PREFIXES).encode("ascii") + b")")
_SPACE_UNLESS_WORD = bytes(c if chr(c) in "abcdefghijklmnopqrstuvwxyz0123456789_" else 32 for c in range(256))
_CANDIDATE_ANY_CASE = re.compile(
    r"[$€£]|(?<![\w.,])\d|fiscal|\b(?:a(?=\s+dozen\b)|" + "|".join(_WORD_PREFIXES) + ")", re.IGNORECASE
)
# a qualifier ending right before a candidate: the match then starts at the qualifier
_QUAL_BEFORE = re.compile(rf"\b(?:{_QUAL})\s+$", re.IGNORECASE)
_QUAL_LAST = tuple({q.split()[-1] for q in _QUALIFIERS})
_PLAIN_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_RANGE_TAIL = re.compile(r"\s*(?:to|through|and|-|–)\s*(\d[\d,.]*)")
_UNIT = re.compile(
    r"(?:\s+of)?(?:\s+(?:the|those|these|them))?\s+((?:[“\"][^”\"]{1,40}[”\"]\s+)?(?:[a-z][\w\-]*\s+){0,2}[a-z][\w\-]*)"
)
_STOP_UNIT = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "with",
        "from",
        "and",
        "or",
        "but",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "will",
        "would",
        "that",
        "which",
        "who",
        "this",
        "these",
        "those",
        "it",
        "its",
        "they",
        "their",
        "he",
        "she",
        "his",
        "her",
        "we",
        "our",
        "you",
        "your",
        "than",
        "as",
        "more",
        "less",
        "percent",
        "said",
        "says",
    ]
)
_GROUPS = ("qual", "y1", "y2", "vague", "cur", "num", "scale", "pct")  # of a _QUANTITY or _BARE match
_CURRENCIES = {"$": "dollars", "€": "euros", "£": "pounds"}
_PLURALISH = re.compile(r"(?:s|people|men|women|children|staff|police|personnel)$")


def _value(num: str) -> float | None:
    low = num.lower()
    if low in _SMALL:
        return float(_SMALL[low])
    if "-" in low and low.split("-")[0] in _SMALL:
        a, b = low.split("-", 1)
        return float(_SMALL[a] + _SMALL.get(b, 0))
    try:
        return float(num.replace(",", ""))
    except ValueError:
        return None


def _unit(text: str, pos: int, end: int) -> str | None:
    m = _UNIT.match(text, pos, end)
    if not m:
        return None
    words = m.group(1).split()
    stops = [w.lower() in _STOP_UNIT for w in words]
    first_stop = stops.index(True) if True in stops else len(words)
    # the counted noun is the last word of a short run of modifiers ending in a plural-looking noun
    for k in range(len(words), 0, -1):
        if stops[k - 1]:
            continue
        cand = words[: min(k, first_stop)]  # the words before the first stop word
        if cand and (_PLURALISH.search(cand[-1]) or len(cand) == 1):
            return " ".join(cand) if not m.group(1).startswith(("“", '"')) else _quoted_unit(m.group(1))
    return None


def _quoted_unit(run: str) -> str:
    close = max(run.find("”"), run.find('"', 1))
    rest = run[close + 1 :].split()
    for k, w in enumerate(rest[:2]):
        if w.lower() in _STOP_UNIT:
            break
        if _PLURALISH.search(w):  # '“high flight risk” illegal aliens'
            return (run[: close + 1] + " " + " ".join(rest[: k + 1])).strip()
    return run[1:close]  # the quoted words are the unit: '“subjects of concern”'


def _candidates(text: str) -> list[int]:
    """Sorted offsets in ``text`` where a quantity may start: every offset where _BARE matches,
    except the digit right after a currency sign (the sign's offset stands for it).

    Found once per document (:func:`quantities_in`), which bisects out its ranges.
    """
    if "\u0130" in text:  # the one character lower() expands ("İ"): offsets would shift
        return [m.start() for m in _CANDIDATE_ANY_CASE.finditer(text)]
    # The words are ASCII: look for them in an ASCII copy in lower case, every other character a
    # "?" (same offsets; str.lower() costs ~10x more on non-ASCII text, and maps no non-ASCII
    # character to a letter of these words).
    low = text.encode("ascii", "replace").lower()
    found = set(_digit_runs(text))  # lower() changes no digit or sign
    # A word starts after a space once every byte but [a-z0-9_] is one ("?", any non-ASCII
    # character, too), with one in front: a match starts at its space, the word's offset in text.
    spaced = b" " + low.translate(_SPACE_UNLESS_WORD)
    for m in _WORD_AFTER_SPACE.finditer(spaced):
        at = m.start()
        if at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_"):  # lower() keeps isalnum
            found.add(at)
            if (
                m.group(1) == b"dozen"
                and low.endswith(b"a ", 0, at)
                and (at == 2 or not text[at - 3].isalnum())
            ):
                found.add(at - 2)  # "a dozen"
    at = low.find(b"fiscal")  # "fiscal year 2022" has no word boundary before it
    while at >= 0:
        found.add(at)
        at = low.find(b"fiscal", at + 1)
    return sorted(found)


def _digit_runs(text: str) -> list[int]:
    """The offsets where ``_DIGITS.finditer(text)`` finds its matches, found with str.find (a regex
    scan tries the character class at every offset: ~5x slower). A currency sign always starts a
    run; a digit does unless a digit or a sign precedes it, with only '.' and ',' between.
    """
    if not text.isascii() and any(c.isdecimal() for c in _non_ascii(text)):  # "٣" is a digit to \d
        return [m.start() for m in _DIGITS.finditer(text)]
    out = []
    for sign in "$€£":
        at = text.find(sign)
        while at >= 0:
            out.append(at)
            at = text.find(sign, at + 1)
    for digit in "0123456789":
        at = text.find(digit)
        while at >= 0:
            k = at - 1
            while k >= 0 and text[k] in ".,":
                k -= 1
            if k < 0 or text[k] not in _RUN_CHARS:
                out.append(at)
            at = text.find(digit, at + 1)
    return out


def _non_ascii(text: str) -> str:
    """The characters of text outside ASCII, in order (deleting ASCII bytes from UTF-8 leaves
    whole sequences)."""
    return (
        text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
    )


def extract_quantities(text: str, start: int = 0, end: int | None = None) -> list[QuantitySpan]:
    """Quantities in ``text[start:end]``, in order; spans cover the qualifier and the number.

    >>> t = "More than 400 illegal aliens and hundreds of illegal foreign nationals paid $2.5 million."
    >>> [(t[q.start : q.end], q.value, q.qualifier, q.unit) for q in extract_quantities(t)]
    [('More than 400', 400.0, 'more_than', 'illegal aliens'), ('hundreds', None, 'approximate', 'illegal foreign nationals'), ('$2.5 million', 2500000.0, 'exact', 'dollars')]
    """
    return quantities_in(text, [(start, len(text) if end is None else end)])


def quantities_in(text: str, ranges: Iterable[tuple[int, int]]) -> list[QuantitySpan]:
    """The quantities of each range ``text[start:end]`` in turn, as :func:`extract_quantities`
    finds them in it: the document's candidates are found once, and a range without any (most
    paragraphs) costs two bisections.

    >>> t = "Fewer than 5 cats.\\n\\nIt had 12 dogs."
    >>> [t[q.start : q.end] for q in quantities_in(t, [(0, 18), (20, 35)])]
    ['Fewer than 5', '12']
    """
    out: list[QuantitySpan] = []
    cands = _candidates(text)
    for start, end in ranges:
        lo = bisect_left(cands, start)
        hi = bisect_left(cands, end, lo)
        if start < end and text[start].isdigit() and (lo == hi or cands[lo] != start):
            todo = [start, *cands[lo:hi]]  # "$5" cut after its sign: the run's candidate lies before start
        elif lo < hi:
            todo = cands[lo:hi]
        else:
            continue
        _scan(text, start, end, todo, out)
    return out


def _scan(text: str, start: int, end: int, todo: list[int], out: list[QuantitySpan]) -> None:
    """Append the quantities of ``text[start:end]`` that start at the candidate offsets todo."""
    last = resume = start
    for pos in todo:
        if pos < resume:
            continue
        m = None
        if pos > resume and text[pos - 1].isspace():
            lo = max(resume, pos - 40)
            # the regex only when the word before is a qualifier's last word ("more than 400")
            tail = text[lo:pos].rstrip().casefold()
            q = _QUAL_BEFORE.search(text, lo, pos) if tail.endswith(_QUAL_LAST) else None
            if q is not None:
                m = _QUANTITY.match(text, q.start(), end)
        if m is None:
            m = _BARE.match(text, pos, end)
            if m is None:
                continue
        resume = m.end()
        if m.start() < last:
            continue
        qual_text, y1, y2, vague, cur, num, scale, pct = m.group(*_GROUPS)
        qual = _QUALIFIERS.get(qual_text.casefold(), "exact") if qual_text else "exact"
        stop = m.end()
        if y1:
            out.append(QuantitySpan(m.start("fy"), stop, float(y1), "range" if y2 else qual, "year"))
            continue
        if vague:
            out.append(QuantitySpan(m.start(), stop, None, "approximate", _unit(text, stop, end)))
            continue
        if not qual_text and num.lower() == "one":
            continue  # "one of the ..." is rarely a count worth keeping
        value = _value(num)
        if value is None:
            continue
        if scale:
            value *= _SCALE[scale.lower()]
        rng = _RANGE_TAIL.match(text, stop, end) if not pct else None
        if rng and not qual_text and _PLAIN_NUMBER.fullmatch(rng.group(1).rstrip(".,")):
            qual, stop = "range", rng.end()
        unit: str | None
        if pct:
            unit = "percent"
        elif cur:
            unit = _CURRENCIES[cur]
        elif not qual_text and _YEAR.fullmatch(num):
            unit = "year"
        else:
            unit = _unit(text, stop, end)
        out.append(QuantitySpan(m.start(), stop, value, qual, unit))
        last = stop
