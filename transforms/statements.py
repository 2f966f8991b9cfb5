"""Unattributed statements: sentences a fact-checker could check.

Conservative on purpose: a declarative sentence of some length that carries a number, a
comparison or a finite past/perfect verb. Questions, fragments, datelines and bylines are not
statements.
"""

from __future__ import annotations

import re

from transforms.cues import STATEMENT_WORDS, CueIndex

_DIGIT = re.compile(r"\d")
_ASCII_DIGIT = re.compile(r"[0-9]")  # \d in an ASCII string: a range test per character, not a Unicode lookup
# every byte but an ASCII letter -> space: split() then yields re.findall("[a-z]+") in one C pass
_NON_LETTERS = bytes(b if 97 <= b <= 122 else 32 for b in range(256))
_KEYWORDS = frozenset(w.encode() for w in STATEMENT_WORDS["keyword"])
_AUXILIARIES = frozenset(b"has have had was were is are will".split())
# one of them in CueIndex.letters (padded: the match's start is the word's offset in the text)
_AUXILIARY = re.compile(rb" (?:h(?:as|ave|ad)|w(?:as|ere|ill)|is|are) ")
# \b(?:I|we|We|you|You|my|our)\b, led by a character class so the engine skips ahead in C
_FIRST_PERSON = re.compile(r"[IwWyYmo](?<!\w[IwWyYmo])(?:(?<=I)|(?<=[wW])e|(?<=[yY])ou|(?<=m)y|(?<=o)ur)\b")
# \b(?:has|have|had|was|were|is|are|will)\s+...: branches led by a letter, so the engine skips
# ahead in C to an h, w, i or a; the word start is tested behind each whole auxiliary (rarely), not
# behind every such letter
_PERFECT = re.compile(
    r"(?:h(?:as(?<!\w...)|ave(?<!\w....)|ad(?<!\w...))|w(?:as(?<!\w...)|ere(?<!\w....)|ill(?<!\w....))"
    r"|is(?<!\w..)|are(?<!\w...))"
    r"\s+(?:(?:not|also|been|already)\s+)*[a-z]+(?:ed|en|wn)\b"
)


def is_statement(text: str, lo: int, hi: int, index: CueIndex | None = None) -> bool:
    """Whether ``text[lo:hi]`` (an unattributed sentence) is a checkable statement; ``index``, the
    document's word index, saves reading the words of the sentence again.

    >>> is_statement("More than 150 people have been arrested.", 0, 40)
    True
    >>> is_statement("Is it over?", 0, 11), is_statement("WASHINGTON —", 0, 12)
    (False, False)
    """
    s = text[lo:hi].rstrip()
    if not s[:1].isupper() or s.endswith(("?", "?”", '?"', ":")) or len(s.split(None, 5)) < 6:
        return False
    if index is not None and index.words_stand_alone(lo, lo + len(s)):
        hi = lo + len(s)
        # the index holds every candidate of _FIRST_PERSON, and every keyword
        if index.has_word("person", lo, hi) and _FIRST_PERSON.search(s):
            return False
        if index.has_word("keyword", lo, hi) or (_ASCII_DIGIT if s.isascii() else _DIGIT).search(s):
            return True
        # _PERFECT's auxiliary is a whole word of the index's letters (a space, the word, a space): the
        # search starts at the first one there, in C over bytes (none in a third of the sentences)
        aux = _AUXILIARY.search(index.letters, lo, hi + 2)
        return aux is not None and _PERFECT.search(s.lower(), aux.start() - lo) is not None
    if _FIRST_PERSON.search(s):
        return False
    if _DIGIT.search(s):
        return True
    low = s.lower()
    found = set(low.encode("ascii", "replace").translate(_NON_LETTERS).split())
    if not _KEYWORDS.isdisjoint(found):
        return True
    # _PERFECT needs an auxiliary standing as a whole word
    return (
        not _AUXILIARIES.isdisjoint(found) and _PERFECT.search(low) is not None
    )  # "have been charged", "was released", "has grown"
