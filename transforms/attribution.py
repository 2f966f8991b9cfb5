"""Attribution phrases: a cue with its source, and the reported content it governs.

Patterns (S = source, C = cue, P = content):
- forward: "S [adverbs] C [object] [that] P" ("U.S. officials told the news outlet that P")
- trailing: "P, S [adverbs] C [object]." and inverted "P, C S." ("P, officials said.")
- "According to S, P" and "P, according to S."
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

from transforms.coref import Resolver
from transforms.cues import CUES, OBJECT_VERBS, Cue, CueIndex
from transforms.quotes import Quote
from transforms.speakers import speaker_after, speaker_before, subject_at

_WORD = re.compile(r"[A-Za-z]+")
_SKIP = re.compile(
    r"(?:\s*(?:[,:](?=\s)|(?:that\b|on\s+[A-Z]\w+|on\s+Twitter|in\s+(?:a|an|his|her|their)\s+(?:\w+\s+)?"
    r"(?:statement|interview|email|tweet|letter|post|speech|op-ed|memo|release|video|appearance)"
    r"|last\s+\w+|this\s+\w+|earlier\s+this\s+\w+|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|"
    r"yesterday|today|recently|repeatedly|publicly|out|for|on)\b))+"
)
_TAIL = re.compile(r"[\s.!?;:,]*$")
_PREV_WORD = re.compile(
    r"\b(?:a|an|the|this|that|these|those|his|her|their|its|our|my|your|new|recent|latest|another|"
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"\w+[’']s)\s+$",
    re.IGNORECASE,
)
_ARTICLES = frozenset(["a", "an", "the", "his", "her", "their", "its", "our", "another"])
_AUX_BEFORE = re.compile(r"\s(?:have|has|had|are|were|will|would)\s+$")
_WHO = re.compile(r"\b(who)(?:\s+(?:also|had|has|have|previously|later|once|repeatedly|often))*$")
_COORD = re.compile(r"\b(?:and|then|but)(?:\s+(?:also|later|then))?$")
_COORD_ENDS = ("and", "then", "but", "also", "later")  # what _COORD's match can end with
# Where a proposition ends: " — ", "; ", " -- ", " and said ", ", while " (see _proposition_end).
# Each pattern below opens with one character class, so the engine skips ahead in C to the next
# candidate character instead of trying every branch at every position. The ends that open with
# whitespace (frequent) are found at their second character ("—", "-", the "a" of "and": rarer), the
# whitespace tested behind it; each branch opens with the character it consumes next, which the
# engine rules out without entering the branch.
_PROPOSITION_END = re.compile(
    r"[;,—–\-a](?:\s(?:(?<=;\s)|(?<=,\s)(?:while|but|although|though|even as|which|whereas)\s"
    r"|(?<=\s[—–]\s))|-(?<=\s--)\s|n(?<=\san)d\s(?:also\s)?(?:said|says|added|told|noted|argued)\s)"
)
_SUBORDINATE = re.compile(
    r"(?:While|Although|Though|As|If|Because|When|After|Before|Since|Even as)\s[^,]{1,60}$"
)
_COMMA = re.compile(r",\s")
_CLAUSE_END = re.compile(r"[,;:(—–\s](?:(?<=[,;:])(?!\d)|(?<=[(—–])|(?<=\s)(?:because|while|but)\s)")
# an opening adverbial before the proposition: "Even so, ", "At the same time, ", "In April, "
_INTRO = re.compile(
    r"(?:(?:But|And|So|Still|Yet|Even so|Meanwhile|However|Instead|Indeed|Now|Then|Already|Also)\s*,?\s+"
    r"|(?:In|On|At|By|After|Before|During|Since|For|Until|As of|Last|This|Earlier|Later)\s[^,;:]{1,40},\s+)"
)
_AFTER_WORDS = frozenset(
    ["in", "on", "at", "during", "to", "via", "last", "this", "after", "before", "while", "with", "from"]
)
# after a verb with an object ("told NBC News that"): where the content starts
_THAT_OR_COMMA = re.compile(r"\bthat\b|[,:]")
_ADDRESSEE = re.compile(r"\s+(?:(?:[A-Z][\w’'.\-]*\s+)+|(?:him|her|them|me|us|reporters|the\s+\w+)\s+)")
_TO_SPEAKER = re.compile(r"\s+to\s+")
_MENTION_END = re.compile(r"[,;:(—–“\"]|\s(?:that|who|which)\s")


class Attribution(NamedTuple):
    speaker_text: str | None
    speaker: str | None
    cue: str | None


def _cue_hits(text: str, lo: int, hi: int, quotes: list[Quote], index: CueIndex | None) -> list[Cue]:
    ix = index or CueIndex(text)
    starts = ix.cue_starts  # (CueIndex.cues_between, inlined: most units call this)
    i = bisect_left(starts, lo)
    if i == len(starts) or starts[i] >= hi:
        return []
    j = bisect_left(starts, hi, i)
    if not quotes and ix.nouns[i] == ix.nouns[j]:
        return ix.cues[i:j]  # the common case: nothing to test
    out = []
    for hit in ix.cues[i:j]:
        start = hit[0]
        if (
            hit[5]
            and start > lo
            and text[start - 1].isspace()  # _PREV_WORD ends in whitespace: test that first, cheaply
            and _after_determiner(text, max(lo, start - 30), start)
        ):
            continue  # "a new report", "his claims": a noun, not a cue
        for q in quotes:  # (a loop: no generator to set up for the one or two quotations)
            if q.start <= start < q.end:
                break  # quoted words are not the article's cue
        else:
            out.append(hit)
    return out


def _after_determiner(text: str, lo: int, hi: int) -> bool:
    """Whether ``_PREV_WORD.search(text, lo, hi)`` matches, searched only from where a match can
    start: its word ends where the whitespace before ``hi`` begins, and is a run of word characters
    (or such a run, an apostrophe and "s"), so it starts at that run; earlier starts all fail."""
    p = hi
    while p > lo and text[p - 1].isspace():
        p -= 1
    if p - 2 > lo and text[p - 2] in "’'":
        p -= 2  # "Trump’s ": the run before the apostrophe
    while p > lo and (text[p - 1].isalnum() or text[p - 1] == "_"):  # (\w)
        p -= 1
    return _PREV_WORD.search(text, p, hi) is not None


def _speaker(text: str, lo: int, cs: int, word: str = "", loose: bool = False) -> tuple[int, int] | None:
    sp = speaker_before(text, lo, cs, loose)
    if sp is not None:
        if text[sp[0] : sp[1]].lower() in ("both", "all"):  # "Roe and Poe have both said": the subject
            m = _AUX_BEFORE.search(text, max(lo, sp[0] - 12), sp[0])
            whole = speaker_before(text, lo, m.start() if m else sp[0], loose)
            if whole is not None:
                return whole
        return sp
    base = max(lo, cs - 60)  # the anchored patterns below only look at the words before the cue
    tail = text[base:cs].rstrip()
    m = _WHO.search(tail) if "who" in tail else None
    if m:  # "voters who say ...": the relative pronoun is the mention as written
        return base + m.start(1), base + m.end(1)
    if tail.endswith((",", "—", "–")):
        before = text[lo:cs].rstrip()
        sub = subject_at(text, lo, cs)
        if sub is not None and (
            word.endswith("ing") or text[sub[1] : sub[1] + 3].lstrip()[:1] in (",", "—", "–")
        ):
            return sub  # "Smith, 35, a lawyer, said" / "X praised Y, saying"
        inner = before[:-1].rfind(",")
        if inner > 0:
            name = speaker_before(text, lo, lo + inner)
            if name is not None and text[name[0]].isalpha() and text[name[0]].isupper():
                return name
        return None
    if tail.endswith(_COORD_ENDS) and _COORD.search(tail):  # "He thanked them and said ..."
        return subject_at(text, lo, cs)
    return None


def _att(text: str, sp: tuple[int, int], cue: str, resolver: Resolver | None) -> Attribution:
    mention = text[sp[0] : sp[1]]
    # (tuple.__new__: without the Python-level __new__ of a NamedTuple)
    return tuple.__new__(Attribution, (mention, resolver.resolve(mention, sp[0]) if resolver else None, cue))


def _according(text: str, ce: int, hi: int) -> tuple[int, int] | None:
    m = _TO_SPEAKER.match(text, ce)
    if not m:
        return None
    stop = _MENTION_END.search(text, m.end(), hi)
    end = stop.start() if stop else hi
    while end > m.end() and (text[end - 1].isspace() or text[end - 1] in ".!?”\"'"):
        end -= 1
    return (m.end(), end) if end > m.end() else None


def find_source(
    text: str,
    lo: int,
    hi: int,
    quotes: list[Quote],
    resolver: Resolver | None,
    at_end: bool = False,
    intro_only: bool = False,
    before_quote: bool = False,
    index: CueIndex | None = None,
) -> Attribution | None:
    """The first cue in ``text[lo:hi]`` (a quotation's frame) that has a source next to it.

    >>> find_source("“Yes,” said Jane Doe.", 6, 21, [], None)
    Attribution(speaker_text='Jane Doe', speaker=None, cue='said')
    """
    if intro_only and not text[lo:hi].rstrip().endswith(":"):
        return None
    hits = _cue_hits(text, lo, hi, quotes, index)
    if not hits:
        return None
    if at_end:
        hits = [h for h in hits if not text[h[1] : hi].strip(" ,")]
    if before_quote:
        hits.reverse()  # the cue nearest the quotation: "X posted a photo, saying: “...”"
    # verbs of saying first: "X praised Y, saying “...”" quotes X's saying, not the praise
    hits.sort(key=_not_speech)
    fallback = None
    for cs, ce, word, form, kind, _ in hits:
        if kind == "according":
            sp = _according(text, ce, hi)
            if sp:
                return _att(text, sp, "according to", resolver)
            continue
        sp = _speaker(text, lo, cs, word, True) or speaker_after(text, ce, hi)
        if sp is not None:
            if fallback is not None and kind == "speech":
                return _att(text, sp, fallback, resolver)
            return _att(text, sp, word, resolver)
        if fallback is None and before_quote and form.endswith("ing"):
            fallback = word  # "..., saying:" takes the subject of the clause before
    return None


def _not_speech(hit: Cue) -> bool:
    return hit[4] != "speech"


def _content_start(text: str, ce: int, hi: int, form: str) -> int:
    pos = ce
    if form in OBJECT_VERBS:
        window = text[ce : min(hi, ce + 80)]
        m = _THAT_OR_COMMA.search(window)
        if m and len(window[: m.start()].split()) <= 6:
            pos = ce + m.end()
        else:
            m2 = _ADDRESSEE.match(window)
            if m2:
                pos = ce + m2.end()
    m = _SKIP.match(text, pos, hi)
    if m:
        pos = m.end()
    while pos < hi and text[pos].isspace():
        pos += 1
    return pos


def _proposition_end(text: str, lo: int, hi: int) -> int | None:
    """Where the first proposition end in ``text[lo:hi]`` starts (its ";" or ",", or the whitespace
    before its dash or "and"), or None."""
    m = _PROPOSITION_END.search(text, lo, hi)
    if m is None:
        return None
    at = m.start()
    if text[at] in ";,":
        return at
    if at > lo:
        return at - 1
    # a dash or "and" right at lo: its whitespace is before lo, so it does not count
    m = _PROPOSITION_END.search(text, lo + 1, hi)
    if m is None:
        return None
    at = m.start()
    return at if text[at] in ";," else at - 1


def proposition_start(text: str, lo: int, hi: int) -> int:
    """Where the proposition of ``text[lo:hi]`` starts: after an opening adverbial or a colon.

    >>> t = "Even so, fares rose"
    >>> t[proposition_start(t, 0, len(t)) :]
    'fares rose'
    """
    colon = text.rfind(": ", lo, hi)
    if colon >= 0:
        lo = colon + 2
    m = _INTRO.match(text, lo, hi)
    return m.end() if m else lo


def _content_end(text: str, lo: int, hi: int) -> int:
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    if hi > lo and text[hi - 1] in ".;:,":
        hi -= 1
    return hi


def find_reported(
    text: str,
    lo: int,
    hi: int,
    quotes: list[Quote],
    resolver: Resolver,
    index: CueIndex | None = None,
    forward_only: bool = False,
) -> list[tuple[int, int, Attribution]]:
    """Reported claims of one unit: (content start, content end, attribution), in text order;
    with ``forward_only``, none of the trailing pattern ("P, officials said").

    >>> t = "The bridge will close in May, city officials said."
    >>> [(t[s:e], a.speaker_text, a.cue) for s, e, a in find_reported(t, 0, len(t), [], Resolver(t))]
    [('The bridge will close in May', 'city officials', 'said')]
    """
    hits = _cue_hits(text, lo, hi, quotes, index)
    if not hits:
        return []
    out: list[tuple[int, int, Attribution]] = []
    limit = hi
    tail = None if forward_only else _trailing(text, lo, hi, hits[-1], resolver, index)
    if tail is not None:
        out.append(tail)
        limit = tail[1]
        hits = hits[:-1]
    for cs, ce, word, form, kind, _ in hits:
        if ce >= limit:
            break
        if kind == "according":
            sp = _according(text, ce, limit)
            if sp is None:
                continue
            att = _att(text, sp, "according to", resolver)
            before = text[lo:cs].strip(" ,")
            if before not in ("", "But", "And", "So") and not (
                text[cs - 2 : cs] == ", "
                and sp[1] < limit
                and text[sp[1]] == ","
                and (len(before.split(None, 4)) <= 4 or _INTRO.fullmatch(text[lo:cs]))
            ):  # (an opening adverbial before the phrase: "Since May, according to S, P")
                # "P according to S, ...": the proposition is the clause before the phrase
                start, end = proposition_start(text, lo, cs), _content_end(text, lo, cs)
                if len(text[start:end].split(None, 2)) >= 3:
                    out.append((start, end, att))
                continue
            start = sp[1] + 1 if sp[1] < limit and text[sp[1]] == "," else sp[1]
        else:
            sp = _speaker(text, lo, cs, word, kind == "speech")
            if sp is None or text[sp[0] : sp[1]].lower() in _ARTICLES:
                continue  # "the" alone before a cue word is a noun phrase's article ("the order")
            start = _content_start(text, ce, limit, form)
            att = _att(text, sp, word, resolver)
        while start < limit and text[start].isspace():
            start += 1
        stance = kind == "stance"
        if stance:  # the object only: "endorsed Cruz last week, saying ..." -> "Cruz last week"
            stop = _CLAUSE_END.search(text, start, limit)
            limit_here = stop.start() if stop else limit
        else:  # a proposition ends at a dash or semicolon: "he was pleased — a modest boost for ..."
            until = _proposition_end(text, start, limit)
            if _SUBORDINATE.match(text, lo, cs) or (
                att.speaker_text == "who" and text[lo : sp[0]].rstrip().endswith(",")
            ):  # "While Ramos said A, he appears ...", "Roe, who said A, appears ..."
                comma = _COMMA.search(text, start, limit)
                if comma:
                    until = comma.start()
            limit_here = until if until is not None and len(text[start:until].split(None, 3)) >= 4 else limit
        end = _content_end(text, start, limit_here)
        if len(text[start:end].split(None, 2)) >= (1 if stance else 3):  # (split no further than needed)
            out.append((start, end, att))
    if len(out) > 1:
        out.sort(key=_first)
    return out


def _first(claim: tuple[int, int, Attribution]) -> int:
    return claim[0]


def _trailing(
    text: str, lo: int, hi: int, cue: Cue, resolver: Resolver, index: CueIndex | None
) -> tuple[int, int, Attribution] | None:
    cs, ce, word, form, kind, _ = cue
    if kind == "according":
        sp = _according(text, ce, hi)
        comma = text.rfind(",", lo, cs)
        if (
            sp is None
            or comma < 0
            or text[comma + 1 : cs].strip()
            or _TAIL.fullmatch(text, sp[1], hi) is None
        ):
            return None
        return (
            proposition_start(text, lo, comma),
            _content_end(text, lo, comma),
            _att(text, sp, "according to", resolver),
        )
    last_comma = text.rfind(",", lo, cs)
    if last_comma < 0:
        return None  # the comma the checks below ask for before the mention or the cue (a cheap test first)
    after = text[ce:hi].strip(" .!?;:,”\"'")
    words = after.split(None, 6)  # six words at most matter
    short = len(words) <= 6 and (words[0].lower() in _AFTER_WORDS or form in OBJECT_VERBS) if words else True
    before = _speaker(text, lo, cs, word, kind == "speech") if short else None
    if before is not None and text[before[0] : before[1]].lower() in _ARTICLES:
        return None
    if before is not None:
        sp = before
    else:
        if text[last_comma + 1 : cs].strip(" —–"):
            return None  # "P, said S": the inverted cue must follow the comma (tested below, cheaply here)
        inverted = speaker_after(text, ce, hi)
        if inverted is None or not _ends_mention(text, inverted[1], hi):
            return None
        sp = inverted
    comma = text.rfind(",", lo, min(sp[0], cs))
    if comma < 0 or text[comma + 1 : min(sp[0], cs)].strip(" —–"):
        return None
    end = _content_end(text, lo, comma)
    if len(text[lo:end].split(None, 2)) < 3:
        return None
    for hs, _, _, _, hk, _ in _cue_hits(text, lo, end, [], index):
        if hk == "speech" and speaker_before(text, lo, hs) is not None:
            return None  # "X says A, B, both of which Y said": the first cue governs, not this one
    return proposition_start(text, lo, end), end, _att(text, sp, word, resolver)


def _ends_mention(text: str, pos: int, hi: int) -> bool:
    """Only the end of the sentence, or an appositive ("said Jo Roe, a lawyer."), follows ``pos``."""
    if _TAIL.fullmatch(text, pos, hi):
        return True
    rest = text[pos:hi].lstrip()
    return (
        rest[:1] in (",", "(")
        and len(rest.split()) <= 20
        and not any(w.lower() in CUES for w in _WORD.findall(rest))
    )
