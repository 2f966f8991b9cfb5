"""Speaker mentions: finding them next to a cue, stripping titles, resolving them in an article.

A mention is what the article writes ("Former FBI counterterrorism section chief Christopher
O’Leary", "the official", "he"); the resolved speaker is the fullest earlier mention of the same
source ("Christopher O’Leary", "senior Biden administration official").
"""

from __future__ import annotations

import re
from functools import lru_cache

from transforms.cues import ADVERBS, CUES
from transforms.mention_words import (
    ADVERB,
    BOUNDARY,
    CUE,
    CUE_STOP,
    DETERMINER,
    DETERMINERS,
    DIGIT,
    FLAGS,
    KNOWN,
    LEADER,
    NOT_MENTION,
    OPENERS,
    ORG_WORDS,
    PREPOSITIONS,
    PRONOUN,
    PRONOUNS,
    SPEAKER_NOUNS,
    STOP,
    TIME,
    TIME_ANY,
    TIME_BEFORE_NUMBER,
    TITLES,
    VERBISH,
)

# (ASCII letters and digits listed before \w: the engine tests a class's ranges before its Unicode
# categories, so most characters pass on a table lookup; the classes are the same)
TOKEN = re.compile(r"[A-Za-z0-9\w’'&.\-]+|[^ A-Za-z0-9\w\s]")
# a character that always stands alone as a punctuation token (a comma, a quotation mark)
_HARD_PUNCT = re.compile(r"[^ A-Za-z0-9\w\s’'&.\-]")
# the first character of a TOKEN that is not a letter or digit: a punctuation token, or a word
# opening with "’'&.-_" (searched in a slice, where the first character opens a token)
_ODD_TOKEN = re.compile(r"[^\w\s’'&.\-]|(?<![\w’'&.\-])[’'&.\-_]")
_MEDIA_NAME = re.compile(
    r"\b(News|Times|Post|Journal|Magazine|Press|Reuters|CNN|NBC|ABC|CBS|Fox|MSNBC|Politico|Herald|"
    r"Tribune|Daily|Gazette|Guardian|Wire|AP|Bloomberg|Axios|Breitbart|Hill|Examiner|Beast|Atlantic)\b"
)
_OF_SOURCE = re.compile(
    r"^(?:.*?\b)?(?:report|study|survey|analysis|statement|poll|review|audit)\s+(?:from|by|of)\s+(.+)$"
)
_TRAILING_TIME = re.compile(
    r"(?:\s+(?:on|last|this|in|late|early)\s+\w+(?:\s+\w+)?|\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today))+$"
)
# _TRAILING_TIME's last part, at the end of a mention: one of these words last, or a link word
# second or third from last (the search is only tried on such mentions: few are)
_TIME_LAST = frozenset(
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "yesterday", "today"]
)
_TIME_LINKS = frozenset(["on", "last", "this", "in", "late", "early"])


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper() or tok[:1].isdigit()


def _bounds(text: str, toks: list[str], hi: int, first: int, last: int) -> tuple[int, int]:
    """Offsets of ``toks[first]``'s start and ``toks[last]``'s end, ``toks`` being TOKEN.findall
    up to ``hi``: every non-space character belongs to exactly one token, so walking back from
    ``hi`` over the token lengths and the whitespace between them recovers the offsets."""
    e = hi
    end = hi
    for k in range(len(toks) - 1, first - 1, -1):
        while text[e - 1].isspace():
            e -= 1
        if k == last:
            end = e
        e -= len(toks[k])
    return e, end


def _bounds_from(text: str, toks: list[str], lo: int, first: int, last: int) -> tuple[int, int]:
    """As :func:`_bounds`, for tokens found from ``lo`` on: walk forward."""
    pos = lo
    start = lo
    for k in range(last + 1):
        while text[pos].isspace():
            pos += 1
        if k == first:
            start = pos
        pos += len(toks[k])
    return start, pos


def speaker_before(text: str, lo: int, hi: int, loose: bool = False) -> tuple[int, int] | None:
    """The source mention ending right before ``hi`` (a cue), not reaching before ``lo``; with
    ``loose`` (in a quotation's frame) also a short mention without a speaker noun ("the captain").

    >>> t = "Later, the senior official also said it"
    >>> s = speaker_before(t, 0, t.index("said"))
    >>> t[s[0] : s[1]]
    'the senior official'
    """
    found = _mention_before(text, lo, hi)
    if found is None:
        return None
    start, end, known, short = found
    return (start, end) if known or (loose and short) else None


_NEAR = 32  # the window tried first: most mentions are short


def _mention_before(text: str, lo: int, hi: int) -> tuple[int, int, bool, bool] | None:
    """The candidate mention before ``hi``: its offsets, whether its head marks a source (a name,
    a pronoun, a speaker noun), and whether it is short and opens with a determiner."""
    if hi - 2 >= lo and text[hi - 1] == " ":
        c = text[hi - 2]
        if not (c.isalnum() or c.isspace() or c in "_’'&.-"):
            return None  # ", said": a punctuation token (STOP) last, which no mention ends with
    if hi - _NEAR > lo:
        # most mentions end well inside a short window: read it first. Its first token may be
        # cut by the window, so a walk that reaches it is redone on the full window below.
        found = _walk_back(text, TOKEN.findall(text, hi - _NEAR, hi), hi, 1)
        if found is not _UNSURE:
            return found
    start = max(lo, hi - 60)
    w = TOKEN.findall(text, start, hi)  # strings only; offsets are recovered for the result alone
    if start > lo and (not w or _ODD_TOKEN.search(text[start:hi]) is None):
        # every token opens with a letter or digit: the window may have cut a long mention, so
        # look further back (rare)
        w = TOKEN.findall(text, max(lo, hi - 120), hi)
    return _walk_back(text, w, hi, 0)


_UNSURE = (-1, -1, False, False)  # _walk_back needed a token below its floor


def _walk_back(text: str, w: list[str], hi: int, floor: int) -> tuple[int, int, bool, bool] | None:
    """The mention among the tokens ``w`` ending at ``hi``, read from the end; the tokens below
    index ``floor`` are not to be read (then :data:`_UNSURE`)."""
    flags = FLAGS
    i = len(w) - 1
    while True:
        if i < floor:
            return _UNSURE if floor else None
        f = flags[w[i]]
        if f & ADVERB:
            i -= 1
            continue
        if f & TIME or (f & DIGIT and i > 0 and (i <= floor or flags[w[i - 1]] & TIME_BEFORE_NUMBER)):
            if not f & TIME and i <= floor:
                return _UNSURE  # the time word before the number is below the floor
            # "The White House on Monday said", "officials last week said", "Smith on Jan. 5 said"
            i -= 1
            while i >= floor and flags[w[i]] & TIME_ANY:
                i -= 1
            continue
        break
    last = i
    while last - i < 10:
        if i < floor:
            if floor:
                return _UNSURE
            break
        f = flags[w[i]]
        if f & STOP or (f & CUE_STOP and i != last):
            break
        i -= 1
    first = i + 1
    if first > last:
        return None
    # drop leading words that belong to the clause, not the mention ("In 2015 Smith", "However, the")
    while first <= last and flags[w[first]] & LEADER:
        first += 1
    if first > last:
        return None
    head = flags[w[last]]
    if last == first and head & PRONOUN:
        return (*_bounds(text, w, hi, first, last), True, False)
    if head & (PRONOUN | CUE) or (last == first and head & NOT_MENTION):
        return None
    known = head & KNOWN != 0
    short = flags[w[first]] & DETERMINER != 0 and last - first <= 3
    if not known and not short:
        return None  # a lowercase word opening the span without a speaker noun is clause material
    return (*_bounds(text, w, hi, first, last), known, short)


_OF_PERSON = re.compile(r"([A-Z][\w’'\-]+(?: [A-Z]\.)?(?: [A-Z][\w’'\-]+){1,2}),? (?:of|from|at|with) ")
_INITIAL = re.compile(r"[A-Z]\.")
_TITLE_ABBREVIATION = re.compile(r"[A-Z][a-z]{1,4}\.")
_FIRST_WORD = re.compile(r"\s*([A-Za-z0-9\w’'&.\-]+)")  # the first TOKEN, when it is not punctuation
_OPENS_MENTION = DETERMINERS | PRONOUNS
_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.)+|Jr\.|Sr\.|Inc\.|Co\.|Corp\.|Ltd\.")


def speaker_after(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The source mention starting at ``lo`` (after an inverted cue: "said Jane Doe, a lawyer").

    >>> t = "said Jane Doe, a lawyer."
    >>> s = speaker_after(t, 5, len(t))
    >>> t[s[0] : s[1]]
    'Jane Doe'
    """
    stop = min(hi, lo + 90)
    first = _FIRST_WORD.match(text, lo, stop)
    if first is None:
        return None  # punctuation first
    word = first.group(1)
    low = word.lower()
    if not (_is_cap(word) or low in _OPENS_MENTION or low[:-1] in _OPENS_MENTION):
        return None  # the mention below opens with a capital, a determiner or a pronoun (the test
        # of the loop below, on the first word alone, a final period aside: most calls stop here)
    hard = _HARD_PUNCT.search(text, lo, stop)  # the loop below never reads past it: tokenize up to it
    w = TOKEN.findall(text, lo, hard.end() if hard else stop)
    n = 0
    for tok in w[:10]:
        if FLAGS[tok] & STOP:  # punctuation, or a lower-case boundary word
            break
        n += 1
    if not n:
        return None
    out = w[:n]
    cut = 0
    if out[-1].endswith(".") and len(out[-1]) > 2 and not _ABBREVIATION.fullmatch(out[-1]):
        out[-1], cut = out[-1][:-1], 1  # "said Dana Whitfield." ends the sentence
    head = out[-1].lower()
    if (
        n == 1
        and head in PRONOUNS
        or (
            (_is_cap(out[0]) or out[0].lower() in DETERMINERS) and (_is_cap(out[-1]) or head in SPEAKER_NOUNS)
        )
    ):
        s, e = _bounds_from(text, w, lo, 0, n - 1)
        return s, e - cut
    return None


@lru_cache(maxsize=4096)  # the same few mentions recur through an article
def clean(mention: str) -> str:
    """A mention without article, titles, roles and trailing time words.

    >>> clean("Former FBI counterterrorism section chief Christopher O’Leary")
    'Christopher O’Leary'
    >>> clean("A senior Biden administration official"), clean("a recent report from NBC News")
    ('senior Biden administration official', 'NBC News')
    """
    words = mention.split()
    if words and (words[-1] in _TIME_LAST or not _TIME_LINKS.isdisjoint(words[-3:-1])):
        m = _TRAILING_TIME.search(mention)
        if m and m.start() > 0:
            mention = mention[: m.start()]
    m = _OF_SOURCE.match(mention) if "of" in mention or "by" in mention or "from" in mention else None
    if m:
        mention = m.group(1)
    words = mention.split()
    while len(words) > 1 and (
        words[0].lower() in ("a", "an", "the") or _TITLE_ABBREVIATION.fullmatch(words[0])
    ):
        words = words[1:]  # "the", "Fr.", "Sen.", "Lt."
    mention = " ".join(words)
    m = (
        _OF_PERSON.match(mention)
        if " of " in mention or " from " in mention or " at " in mention or " with " in mention
        else None  # (the words the pattern needs, tested first: most mentions have none)
    )
    if m and ORG_WORDS.isdisjoint(m.group(1).lower().split()):
        mention = m.group(1)  # "Jo Roe of the University of Texas" -> "Jo Roe"
    words = mention.split()
    if len(words) > 1 and _is_cap(words[-1]):
        # the trailing run of capitalised words is the name; a lowercase role before it is a title
        j = len(words)
        while j > 0 and _is_cap(words[j - 1]) and words[j - 1].lower() not in TITLES:
            j -= 1
        if 0 < j < len(words) and (not _is_cap(words[j - 1]) or words[j - 1].lower() in TITLES):
            words = words[j:]
    if len(words) > 2 and all(w[:1].isupper() for w in words):
        # "Donald J. Trump" -> "Donald Trump": one name whatever the middle initial
        words = [words[0]] + [w for w in words[1:-1] if not _INITIAL.fullmatch(w)] + [words[-1]]
    return " ".join(words)


def is_pronoun(mention: str) -> bool:
    return mention.lower() in PRONOUNS


def is_media(name: str) -> bool:
    return bool(_MEDIA_NAME.search(name))


def head_noun(mention: str) -> str:
    return mention.split()[-1].lower() if mention.split() else ""


def subject_at(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The mention opening a clause: the source of "..., saying" and "... and said".

    >>> t = "On Sunday, the former senator Jo Smith praised him, saying it"
    >>> s = subject_at(t, 0, t.index("saying"))
    >>> t[s[0] : s[1]]
    'the former senator Jo Smith'
    """
    w = TOKEN.findall(text, lo, min(hi, lo + 200))
    i = 0
    while i < len(w) and w[i].lower() in OPENERS:
        i += 1
    if i < len(w) and FLAGS[w[i]] & LEADER and w[i].lower() not in PREPOSITIONS:
        # "Earlier this year, Smith", "Later Smith": past the opening phrase
        stop = next((k for k in range(i, min(len(w), i + 8)) if w[k] in (",", "—", "–")), None)
        i = i + 1 if stop is None else stop + 1
    if i < len(w) and (w[i].lower() in PREPOSITIONS or (w[i].isupper() and len(w[i]) > 2)):
        stop = next((k for k in range(i, min(len(w), i + 20)) if w[k] in (",", "—", "–")), None)
        if stop is None:
            return None
        i = stop + 1
    if i >= len(w):
        return None
    first = w[i]
    low = first.lower()
    if low in PRONOUNS:
        return _bounds_from(text, w, lo, i, i)
    best = None
    if low in DETERMINERS:
        for k in range(i + 1, min(len(w), i + 6)):
            tok = w[k]
            tl = tok.lower()
            if (
                tl in SPEAKER_NOUNS
                or tl.rstrip("’'s") in SPEAKER_NOUNS
                or (_is_cap(tok) and tl not in BOUNDARY)
            ):
                best = k
            elif not tok[0].isalpha() or tl in BOUNDARY or tl in CUES or tl in ADVERBS or tl in VERBISH:
                break
    elif _is_cap(first):
        for k in range(i, min(len(w), i + 6)):
            tok = w[k]
            if _is_cap(tok) and tok.lower() not in BOUNDARY:
                best = k
            elif tok.lower() not in ("of", "’s", "'s", "-") or best is None:
                break
    if best is None:
        return None
    return _bounds_from(text, w, lo, i, best)
