"""Sentence segmentation: one regex pass over candidate boundaries, then a small decision per candidate.

A candidate is a run of terminal punctuation (``.``, ``!``, ``?``, ``…``, ``. . .``) with the closing
quotes and brackets after it, then white space; or a period glued to a capitalised word
("world.Today", but not inside an e-mail address or URL). A candidate ends a sentence unless:

- the next word starts in lower case ("“Who?” he asked", "Yahoo! in", "U.S. officials"), or a
  dash follows ("... I have! - but");
- the token before it is a title ("Mr.", "Gov.", "Sen.", "Mt.") or takes a number ("No. 5",
  "p. 55", "Jan. 5");
- it is an abbreviation that may also end a sentence ("U.S.", "D.C.", "a.m.", "Inc.", "co.") or a
  single initial ("J. Smith") and the next word is not a common sentence opener ("in the U.S. How
  ..." ends, "the U.S. Government" does not);
- it closes a list marker ("1.", "b.", "• 9.") at the start of a sentence;
- it is a three-dot ellipsis not followed by a capital, a spaced ". . ." of three dots, or an
  ellipsis opening a sentence; four dots end one ("that.... She");
- it is a quoted question or exclamation followed by a named speaker and a speech verb
  ("“Who will pay?” Trump asked.").

Some boundaries need no punctuation: blank lines, inline list items ("1. a 2. b"), a run-in
dateline ("Friday, July 21, 2017 On Tuesday") and an image credit after a caption ("... demo Image:
Nick Moreau."). Spans are lossless: ``text[s:e]`` is the sentence, without surrounding white space.
The work is linear in the text: the look-around of a candidate is bounded.
"""

from __future__ import annotations

import re

# Terminal cluster + closing marks, then white space or the end of the range; or a period glued
# to a capitalised word ("world.Today") after a lower-case word or digit, so "U.S.Army" stays whole.
_CANDIDATE = re.compile(
    r"""
    [.!?…] (?: (?<=\.)(?:[ ]\.)+ | [.!?…]* )     # terminal run, or a spaced ellipsis ". . ."
    (?P<close>["'”’»)\]]*)                          # closing quotes and brackets stay with it
    (?: (?=\s|\Z) | (?<=[a-z0-9][a-z0-9]\.)(?=[A-Z][a-z]) )
    """,
    re.VERBOSE,
)
# The same for text without "!", "?", "…" (most paragraphs): a pattern that starts with a
# literal is scanned several times faster than one that starts with a character class.
_PERIOD_CANDIDATE = re.compile(
    r"""
    \. (?: (?:[ ]\.)+ | \.* )
    (?P<close>["'”’»)\]]*)
    (?: (?=\s|\Z) | (?<=[a-z0-9][a-z0-9]\.)(?=[A-Z][a-z]) )
    """,
    re.VERBOSE,
)
_NONSPACE = re.compile(r"\S")
_MAX_TOKEN = 64  # longest token (URL, e-mail) looked at around a period
_TAIL = frozenset(".!?…\"'”’»)] \t\n\xa0")  # what may follow the last word of a range
_OPENERS = "\"'“‘«([{¿¡"
_WORD = re.compile(r"[A-Za-z]+\.?")
_STRIP = "\"'“”‘’«»()[]{}"
# A numbered or lettered list item at the start of a sentence: "1.", "2.)", "b)", "• 9.", "⁃10.".
_MARKER_START = re.compile(r"[•⁃▪◦‣·*-]?[ ]?(?:\d{1,2}|[a-z])(?:\.\)|\)|\.)(?=\s)")
_MARKER = re.compile(r"(?<=\s)([•⁃▪◦‣·*-][ ]?)?(\d{1,2}|[a-z])(?:\.\)|\)|\.)(?=\s)")
_BULLETS = "•⁃▪◦‣·*- "
# First characters of a paragraph that may open a dateline or a list (see _forced_cuts).
_FORCED_FIRST = frozenset("MTWFS0123456789abcdefghijklmnopqrstuvwxyz" + _BULLETS)
# "Friday, July 21, 2017 On Tuesday, ..." (a dateline run into the lead, as in Wikinews).
_DATELINE = re.compile(
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (?:January|February|March|April|May|June|July|August"
    r"|September|October|November|December) \d{1,2}, \d{4}(?= [A-Z])"
)
_MULTI_DOT = re.compile(r"(?:[A-Za-z&]{1,3}\.)+[A-Za-z&]{1,3}")  # U.S, a.m, Ph.D, S.&P
_HARD_BREAK = re.compile(r"\n[^\S\n]*\n")
_CREDIT = re.compile(r"(?<=[^\W\d_]) (?=Image: [A-Z])")
_NONSPACE_RUN = re.compile(r"\S+")
# A named speaker and a speech verb after a quoted question or exclamation: “Why?” Trump asked.
_SPEAKER_AFTER = re.compile(
    r"(?:[A-Z][\w’'.-]*\s){1,3}(?:said|says|asked|asks|told|added|tweeted|wrote|writes|replied|shouted"
    r"|continued|declared|answered|responded|remarked|repeated|pressed|quipped|stated|noted|insisted)\b"
)


def _words(listing: str) -> frozenset[str]:
    return frozenset(listing.split())


# Words that open sentences. An abbreviation that may also end a sentence ("U.S.", "Inc.", "co.")
# ends one only when the next word is one of these: "in the U.S. How ..." but "U.S. Government".
_STARTERS = _words(
    """A An The This That These Those There Here Then Now It Its It's He She His Her They Their We Our
    I I'm My You Your Us But And Or So Yet Nor If When While Whereas Although Though Because Since
    After Before As At In On For From With Without By To Of Over Under During Despite Between Among
    Into Through About Against Until Unless Once What Who Whom Whose Which Where Why How Is Are Was
    Were Be Been Do Does Did Have Has Had Can Could Will Would Shall Should May Might Must Some Many
    Most Much More Less All Any Each Every Both Few Several No Not None Nothing Such Other Another
    One Two Three However Meanwhile Also Still Even Only Just Instead Indeed Moreover Furthermore
    Thus Therefore Otherwise Later Earlier Yesterday Today Tomorrow Last Next According Please
    Let Yes Mr. Mrs. Ms. Image"""
)
# Titles and the like: never the last word of a sentence when a capitalised word or number follows.
_TITLES = _words(
    """Mr Mrs Ms Mx Dr Drs Prof Profs Gov Govs Sen Sens Rep Reps Gen Lt Col Maj Capt Cpt Cmdr Adm Sgt
    Cpl Pvt Brig Rev Fr Hon Pres Atty Supt Insp Det Mt Messrs Mmes Msgr Amb Mme Mlle Ft Rt vs v viz
    cf Vs Sec"""
)
# Abbreviations that take a number after them: "No. 5", "p. 55", "Jan. 5", "N°. 1026".
_BEFORE_NUMBER = _words(
    """No Nos no nos Nr N° № p pp Vol vol Vols Art art Fig fig Figs Ch ch Chap Sec sec Sect Para para
    Ex ex Op op Ed ed Pt pt Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec approx ca c Rte Hwy Tel
    tel Ste Apt Bldg Rm Dist Prop Ord Est est"""
)
# Abbreviations that may end a sentence, compared in lower case ("Co." and "co.") ...
_AMBIGUOUS = _words(
    """inc co corp ltd bros jr sr st etc al ave blvd rd dept univ assn est approx cos intl natl govt
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat"""
)
# ... and the AP's state abbreviations, compared as written ("Ill." is a state, "ill." a word).
_STATES = _words(
    """Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss Mo Mont
    Neb Nev Okla Ore Pa Tenn Tex Va Vt Wash Wis Wyo"""
)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` (one paragraph) into sentence spans ``(s, e)``, in order.

    Every non-white-space character of the range lies in exactly one span; spans never start
    or end with white space.

    >>> t = "I live in the U.S. How about you? “Mr. Smith left,” he said. Thanks."
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['I live in the U.S.', 'How about you?', '“Mr. Smith left,” he said.', 'Thanks.']
    """
    stop = len(text) if end is None else end
    begin = start
    if begin >= stop or text[begin].isspace():
        first = _NONSPACE.search(text, start, stop)
        if first is None:
            return []
        begin = first.start()
    find = text.find
    forced: list[int] = []
    if text[begin] in _FORCED_FIRST or find("\n", begin, stop) >= 0 or find(" Image: ", begin, stop) >= 0:
        forced = _forced_cuts(text, begin, stop)
    cuts: list[int] = []
    sent_start = begin
    fi = 0  # forced cuts before index fi lie behind the scan
    # The end of the range closes the last sentence anyway: scan up to its final punctuation.
    scan_end = stop
    while scan_end > begin and text[scan_end - 1] in _TAIL:
        scan_end -= 1
    if find("?", begin, scan_end) < 0 and find("!", begin, scan_end) < 0 and find("…", begin, scan_end) < 0:
        candidates = _PERIOD_CANDIDATE.finditer(text, begin, scan_end)
    else:
        candidates = _CANDIDATE.finditer(text, begin, scan_end)
    for m in candidates:
        if forced:
            while fi < len(forced) and forced[fi] <= m.start():
                sent_start = forced[fi]
                fi += 1
        cut = _judge(text, m, sent_start, stop)
        if cut is not None:
            cuts.append(cut)
            sent_start = cut
    if forced:
        cuts = sorted(set(cuts + forced))
    elif not cuts:  # one sentence: the most common paragraph
        while text[stop - 1].isspace():
            stop -= 1
        return [(begin, stop)]
    return _spans(text, begin, stop, cuts)


def _spans(text: str, begin: int, stop: int, cuts: list[int]) -> list[tuple[int, int]]:
    """Turn increasing cut positions into spans without surrounding white space."""
    out: list[tuple[int, int]] = []
    a = begin
    for cut in cuts:
        if cut <= a:
            continue
        b = cut
        while text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
        if cut + 1 < stop and text[cut] == " " and not text[cut + 1].isspace():
            a = cut + 1
        else:
            nxt = _NONSPACE.search(text, cut, stop)
            if nxt is None:
                return out
            a = nxt.start()
    b = stop
    while text[b - 1].isspace():
        b -= 1
    out.append((a, b))
    return out


def _forced_cuts(text: str, begin: int, stop: int) -> list[int]:
    """Boundaries that need no terminal punctuation: blank lines, list items, a run-in dateline,
    an image credit after an unpunctuated caption ("Playstation VR demo Image: Nick Moreau.")."""
    cuts: list[int] = []
    if text.find("\n", begin, stop) >= 0:
        cuts.extend(m.start() for m in _HARD_BREAK.finditer(text, begin, stop))
    if text[begin] in "MTWFS":
        d = _DATELINE.match(text, begin, stop)
        if d:
            cuts.append(d.end())
    if text.find(" Image: ", begin, stop) >= 0:
        cuts.extend(m.start() for m in _CREDIT.finditer(text, begin, stop))
    first_marker = _MARKER_START.match(text, begin, stop)
    if first_marker:
        cuts.extend(_list_cuts(text, first_marker, stop))
    if len(cuts) > 1:
        cuts.sort()
    return cuts


def _list_cuts(text: str, first: re.Match[str], stop: int) -> list[int]:
    """Cut before each item of an inline list "1. ... 2. ..." whose markers count up by one."""
    label = first.group().strip(_BULLETS + ".)")
    cuts: list[int] = []
    for m in _MARKER.finditer(text, first.end(), stop):
        nxt = m.group(2)
        if nxt.isdigit() == label.isdigit() and _successor(label) == nxt:
            cuts.append(m.start())
            label = nxt
    return cuts


def _successor(label: str) -> str:
    return str(int(label) + 1) if label.isdigit() else chr(ord(label) + 1)


def _judge(text: str, m: re.Match[str], sent_start: int, stop: int) -> int | None:
    """Return the cut position if candidate ``m`` (not at the end of the range) ends a sentence."""
    e = m.end()
    ts = m.start()
    n = e + 1
    if text[e] != " " or n >= stop or text[n].isspace():
        if not text[e].isspace():  # glued: "world.Today", but not "Jane.Doe@example.com"
            tail = _NONSPACE_RUN.match(text, e, min(stop, e + _MAX_TOKEN))
            token = text[_token_start(text, max(sent_start, ts - _MAX_TOKEN), ts) : tail.end() if tail else e]
            return None if "@" in token or "/" in token or "www" in token else e
        nxt = _NONSPACE.search(text, e, stop)
        if nxt is None:
            return None
        n = nxt.start()
    c = text[n]
    opener = ""
    if c in _OPENERS:
        opener = c
        while c in _OPENERS and n < stop - 1:
            n += 1
            c = text[n]
    if c.islower() and not text.startswith(("http", "www."), n, stop):
        return None
    if c in "-–—" and not opener and text[n + 1 : n + 2] == " ":
        return None  # a dash goes on: "... I have! - but ...", "... game." - Matthew Ingram"
    if m.start(1) - ts != 1 or text[ts] != ".":
        term = text[ts : m.start(1)]
        if "?" in term or "!" in term:
            if m.group(1) and not opener and _SPEAKER_AFTER.match(text, n, stop):
                w = _WORD.match(text, n, stop)
                if w is None or w.group() not in _STARTERS:
                    return None  # “... for it?” Trump asked. (but “Why?” He left.)
            return e
        if _NONSPACE.search(text, sent_start, ts) is None:
            return None  # an ellipsis opening a sentence (". . . The practice") does not end it
        return _judge_ellipsis(text, e, term, ts, c, opener)
    # A single period: look at the token before it.
    lo = max(sent_start, ts - _MAX_TOKEN)  # bounded look-back: linear time on space-less junk
    w0 = text.rfind(" ", lo, ts) + 1
    if w0 < lo:
        w0 = lo
    token = text[w0:ts]
    if len(token) > 7 and "." not in token:
        return e  # longer than any abbreviation below: the common case
    if "\n" in token or "\xa0" in token:
        w0 = _token_start(text, lo, ts)
        token = text[w0:ts]
    token = token.strip(_STRIP)
    if not token:
        return e
    if token in _TITLES:
        return None
    if w0 <= sent_start + 2 and _is_list_marker(text, sent_start, w0, ts):
        return None
    if c.isdigit():
        if token in _BEFORE_NUMBER or _is_ambiguous(token) or _MULTI_DOT.fullmatch(token):
            return None
        return e
    if len(token) == 1 and token.isupper():
        # An initial ("Jonas E. Smith", "by J. Smith") ends a sentence only when it does not open
        # the sentence and a sentence opener follows it ("you and I. Did ...").
        if _NONSPACE.search(text, sent_start, w0) is None or not _opens_sentence(text, n, stop, opener):
            return None
        return e
    if _is_ambiguous(token) or ("." in token and _MULTI_DOT.fullmatch(token)):
        return e if _opens_sentence(text, n, stop, opener) else None
    return e


def _judge_ellipsis(text: str, e: int, term: str, ts: int, c: str, opener: str) -> int | None:
    dots = term.count(".") + 3 * term.count("…")
    if " " in term:
        attached = ts > 0 and not text[ts - 1].isspace()
        if dots >= 4 and attached:
            return ts + 1  # "compounds. . . . The" ends at "compounds." (the rest opens the next)
        return e if dots >= 4 else None
    if dots >= 4:
        return e
    # "..." or "…": a sentence ends when a capitalised word (not a parenthesis) follows.
    return e if c.isupper() and opener != "(" else None


def _token_start(text: str, lo: int, pos: int) -> int:
    """Start of the white-space-delimited token ending at ``pos``."""
    best = lo
    for sep in (" ", "\n", "\xa0"):
        i = text.rfind(sep, lo, pos)
        if i + 1 > best:
            best = i + 1
    return best


def _is_list_marker(text: str, sent_start: int, w0: int, ts: int) -> bool:
    """A "1.", "b.", "• 9." or "⁃10." opening a sentence is a list marker, not a sentence end."""
    if text[sent_start:w0].strip(_BULLETS):
        return False
    label = text[w0:ts].lstrip(_BULLETS)
    return (label.isdigit() and len(label) <= 2) or (len(label) == 1 and label.islower())


def _is_ambiguous(token: str) -> bool:
    return token.lower() in _AMBIGUOUS or token in _STATES


def _opens_sentence(text: str, n: int, stop: int, opener: str) -> bool:
    if opener and opener != "(":
        return True
    w = _WORD.match(text, n, stop)
    return w is not None and (w.group() in _STARTERS or w.group().rstrip(".") in _STARTERS)
