"""Unattributed statements: sentences a fact-checker could check.

Conservative on purpose: a declarative sentence of some length that carries a number, a
comparison or a finite past/perfect verb. Questions, fragments, datelines and bylines are not
statements.
"""

from __future__ import annotations

import re

from transforms.cues import trie_pattern

_DIGIT = re.compile(r"\d")
# every byte but an ASCII letter -> space: a word is then a space, [a-z]+, a space
_NON_LETTERS = bytes(b if 97 <= b <= 122 else 32 for b in range(256))
_KEYWORDS = """one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty
    hundred hundreds thousand thousands million millions billion billions dozen dozens percent half
    twice than because caused cause led""".split()  # noqa: SIM905
# a keyword standing as a whole word of those bytes (padded with spaces): one C pass, no word set
_KEYWORD = re.compile((" " + trie_pattern(_KEYWORDS) + "(?= )").encode())
# \b(?:I|we|We|you|You|my|our)\b, led by a character class so the engine skips ahead in C
_FIRST_PERSON = re.compile(r"[IwWyYmo](?<!\w[IwWyYmo])(?:(?<=I)|(?<=[wW])e|(?<=[yY])ou|(?<=m)y|(?<=o)ur)\b")
# \b(?:has|have|had|was|were|is|are|will)\s+..., led by a character class (as _FIRST_PERSON)
_PERFECT = re.compile(
    r"[hwia](?<!\w[hwia])(?:(?<=h)(?:as|ave|ad)|(?<=w)(?:as|ere|ill)|(?<=i)s|(?<=a)re)"
    r"\s+(?:(?:not|also|been|already)\s+)*[a-z]+(?:ed|en|wn)\b"
)


def is_statement(text: str, lo: int, hi: int) -> bool:
    """Whether ``text[lo:hi]`` (an unattributed sentence) is a checkable statement.

    >>> is_statement("More than 150 people have been arrested.", 0, 40)
    True
    >>> is_statement("Is it over?", 0, 11), is_statement("WASHINGTON —", 0, 12)
    (False, False)
    """
    s = text[lo:hi].rstrip()
    if not s[:1].isupper() or s.endswith(("?", "?”", '?"', ":")) or len(s.split(None, 5)) < 6:
        return False
    if _FIRST_PERSON.search(s):
        return False
    if _DIGIT.search(s):
        return True
    low = s.lower()
    if _KEYWORD.search(b" " + low.encode("ascii", "replace").translate(_NON_LETTERS) + b" "):
        return True
    # (_PERFECT's auxiliary stands as a whole word: no word-set test is needed before it)
    return _PERFECT.search(low) is not None  # "have been charged", "was released", "has grown"
