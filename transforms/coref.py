"""Resolving a speaker mention to the fullest earlier mention of the same source in an article."""

from __future__ import annotations

import re
from functools import lru_cache

from transforms.speakers import PRONOUNS, clean, head_noun, is_media, speaker_before


def _words(s: str) -> list[str]:
    return s.split()


# a capitalised word (and an initial) right before a position; led by a character class, so the
# engine skips ahead in C to capitals
_NAME_BEFORE = re.compile(r"([A-Z](?<![A-Za-z0-9\w.’'][A-Z])[A-Za-z0-9\w’'\-]+[ ](?:[A-Z]\.[ ])?)$")
_NOT_NAME = frozenset(
    _words(
        """
        The A An But And In On At As If When While For With By From To Of Former President Sen. Rep.
            Gov. Mr. Mrs. Ms. Dr. Then State Secretary Editor Governor Senator Judge Justice Gen. Sen
            Rep Gov It He She They We This That These Those After Before Since So Yet Or Nor Now Still
            Even Also Chairman General Attorney Director Minister Speaker Leader Vice Representative
            Congressman Mayor Candidate Democrat Republican Democrats Republicans Why How What Who Where
            Asked Said Says
        """
    )
)
_FULL_NAME = re.compile(r"(?<![\w.])(?<!\. )(?:[A-Z][a-z]+ ){1,2}[A-Z][a-z’'\-]+(?=\s+[a-z])")
_PLURAL_PRONOUNS = frozenset(("they", "them", "we"))


@lru_cache(maxsize=4096)
def _is_person(name: str) -> bool:
    """A person's name: capitalised, two words or more, not a news outlet."""
    return name[:1].isupper() and len(name.split()) >= 2 and not is_media(name)


class Resolver:
    """Keeps the sources named so far in one article and resolves new mentions against them.

    >>> r = Resolver("Former FBI chief Christopher O’Leary spoke. O’Leary said so.")
    >>> r.resolve("Former FBI chief Christopher O’Leary", 0)
    'Christopher O’Leary'
    >>> r.resolve("O’Leary", 44), r.resolve("he", 50)
    ('Christopher O’Leary', 'Christopher O’Leary')
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.sources: list[str] = []  # resolved names, most recent last
        self._names_at: dict[tuple[str, int], str | None] = {}  # _name_at, once per occurrence

    def resolve(self, mention: str | None, pos: int) -> str | None:
        if not mention:
            return None
        low = mention.lower()
        if low == "who":  # "Jo Roe, who said": the mention the relative pronoun stands for
            at = pos
            while at > 0 and self.text[at - 1] in " ,":
                at -= 1
            sp = speaker_before(self.text, max(0, at - 60), at, True) if at < pos else None
            if sp is None or len(self.text[sp[0] : sp[1]].split(None, 5)) > 5:
                return mention
            return self.resolve(self.text[sp[0] : sp[1]], sp[0])
        if low in PRONOUNS:
            found = self._pronoun(low, pos)
            return found or mention
        name = clean(mention)
        words = name.split()
        resolved = name
        if len(words) == 1 and words[0][:1].isupper():
            resolved = self._surname(words[0], pos) or name
        elif mention.split()[0].lower() in ("the", "this", "that") and not name[:1].isupper():
            resolved = self._definite(name) or name
        self._remember(resolved)
        return resolved

    def _remember(self, name: str) -> None:
        if name in self.sources:
            self.sources.remove(name)
        self.sources.append(name)

    def _pronoun(self, low: str, pos: int) -> str | None:
        plural = low in _PLURAL_PRONOUNS
        for name in reversed(self.sources):
            person = _is_person(name)
            if plural != person and (person or name.endswith("s") or plural):
                return name
        if not plural:  # no source yet: the last full name written before the pronoun
            names = _FULL_NAME.findall(self.text, max(0, pos - 400), pos)
            if names:
                return names[-1]
        return None

    def _surname(self, word: str, pos: int) -> str | None:
        # a source of two words or more whose last word this is: sources are cleaned names, their
        # words joined by single spaces
        last = " " + word
        for name in reversed(self.sources):
            if name.endswith(last):
                return name
        # a full name written earlier in the text, even if it was not a speaker
        text = self.text
        names = self._names_at
        at = text.rfind(word, 0, pos)
        while at > 0:
            if (word, at) in names:
                found = names[word, at]
            else:
                found = names[word, at] = self._name_at(word, at)
            if found is not None:
                return found
            at = text.rfind(word, 0, at)
        return None

    def _name_at(self, word: str, at: int) -> str | None:
        """The full name ending in ``word`` at ``at`` ("Jo Roe" for "Roe"), if one is written there."""
        m = _NAME_BEFORE.search(self.text, max(0, at - 60), at)
        if m:
            parts = [p for p in m.group(1).split() if p not in _NOT_NAME]
            if parts and not parts[0].endswith("."):
                return clean(" ".join(parts) + " " + word)
        return None

    def _definite(self, name: str) -> str | None:
        head = head_noun(name)
        for src in reversed(self.sources):
            if head_noun(src) == head and src != name:
                return src
        if head in ("outlet", "newspaper", "network", "paper", "magazine", "publication", "site", "website"):
            for src in reversed(self.sources):
                if is_media(src):
                    return src
        return None
