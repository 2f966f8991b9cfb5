"""Claims of an article: direct quotations, reported speech and unattributed statements.

Sentences are grouped into units (a quotation running over several sentences makes one unit).
A unit with a direct quotation yields quote claims; otherwise its attribution cues (one dict
lookup per word, transforms/cues.py) yield reported claims; an unattributed unit that carries a
number or an event may yield a statement.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from operator import attrgetter

from transforms.attribution import Attribution, find_reported, find_source
from transforms.coref import Resolver
from transforms.cues import OBJECT_VERBS, CueIndex
from transforms.quotes import Quote, QuoteMarks, find_quotes
from transforms.spans import ClaimSpan, ParagraphSpan, SentenceSpan
from transforms.statements import is_statement

_OPENING_PUNCT = ",.;:?!)—–-"
# a frame's words after a cue that open an adjunct, not a proposition: "said in a speech"
_ADJUNCT = frozenset(
    [
        "in",
        "at",
        "on",
        "during",
        "of",
        "about",
        "to",
        "while",
        "when",
        "after",
        "before",
        "for",
        "with",
        "from",
        "by",
        "as",
        "via",
        "directly",
    ]
)
# a run of two marks that pair differently when a range cuts them (see QuoteMarks.between)
_PAIRED = ("''", "``")
_START = attrgetter("start")
# _new(ClaimSpan, fields): a NamedTuple built without its Python-level __new__ (a third of the cost)
_new = tuple.__new__
_END = attrgetter("end")


def extract_claims(
    text: str, paragraphs: Sequence[ParagraphSpan], sentences: Sequence[SentenceSpan]
) -> list[ClaimSpan]:
    """Claims in document order, their spans being the content (quotation marks excluded).

    >>> t = "“It will pass,” Jane Roe said. Roe added that the vote is set for May."
    >>> [(c.kind, t[c.start : c.end], c.speaker) for c in extract_claims(t, [ParagraphSpan(0, len(t), "body")],
    ...     [SentenceSpan(0, 30, 0), SentenceSpan(31, len(t), 0)])]
    [('quote', 'It will pass,', 'Jane Roe'), ('reported', 'the vote is set for May', 'Jane Roe')]
    """
    ex = _Extractor(text)
    marks = QuoteMarks(text)
    by_para: dict[int, list[SentenceSpan]] = {}
    for s in sentences:
        by_para.setdefault(s.paragraph, []).append(s)
    unit = ex.unit
    starts = marks.starts
    n_marks = len(starts)
    for pi, para in enumerate(paragraphs):
        if para.kind != "body":
            continue
        start, end = para.start, para.end
        k = bisect_left(starts, start)
        if (
            (k == n_marks or starts[k] >= end)
            and text[start - 1 : start + 1] not in _PAIRED
            and text[end - 1 : end + 1] not in _PAIRED
        ):  # no mark inside, none cut by an end (QuoteMarks.between): find_quotes would find none
            quotes = []
        else:
            quotes = find_quotes(text, start, end, marks)
        if not quotes:  # most paragraphs: one unit per sentence
            for s in by_para.get(pi, ()):
                unit(s.start, s.end, quotes)
            continue
        for lo, hi in _units(by_para.get(pi, []), quotes):
            unit(lo, hi, [q for q in quotes if lo <= q.open < hi])
    # by start, a longer claim first: two stable sorts with C key functions, not a lambda per claim
    ex.claims.sort(key=_END, reverse=True)
    ex.claims.sort(key=_START)
    return ex.claims


def _units(sents: list[SentenceSpan], quotes: list[Quote]) -> list[tuple[int, int]]:
    """Sentences joined where a quotation runs over their boundary (``quotes`` not empty)."""
    out: list[tuple[int, int]] = []
    for s in sents:
        if out:
            end = out[-1][1]
            for q in quotes:  # (a loop: no generator to set up)
                if q.start < end < q.end:
                    out[-1] = (out[-1][0], s.end)
                    break
            else:
                out.append((s.start, s.end))
        else:
            out.append((s.start, s.end))
    return out


class _Extractor:
    def __init__(self, text: str) -> None:
        self.text = text
        self.resolver = Resolver(text)
        self.index = CueIndex(text)
        self.claims: list[ClaimSpan] = []
        self.last: Attribution | None = None  # the attribution a cue-less quotation continues
        self.last_quoted = False  # whether self.last belongs to a quotation (else it introduced one)

    def unit(self, lo: int, hi: int, quotes: list[Quote]) -> None:
        if quotes:
            direct = [q for i, q in enumerate(quotes) if self._is_direct(q, lo, hi, quotes, i)]
            if direct:
                self._quotes(lo, hi, quotes, direct)
                self._frame_reported(lo, hi, quotes)
                return
        t = self.text
        found = find_reported(t, lo, hi, quotes, self.resolver, self.index)
        intro = (
            find_source(
                t, lo, hi, quotes, self.resolver, intro_only=True, before_quote=True, index=self.index
            )
            if t[hi - 1] == ":" or t[hi - 1].isspace()  # only a unit ending in a colon introduces
            else None
        )
        for kind_start, kind_end, att in found:
            self.claims.append(_new(ClaimSpan, ("reported", kind_start, kind_end, *att)))
        if intro is not None:
            self.last, self.last_quoted = intro, False  # "Smith said:" introducing the next quotation
        elif found:
            self.last, self.last_quoted = found[-1][2], False
        if found or intro is not None:
            return
        if is_statement(t, lo, hi, self.index):
            self.claims.append(_new(ClaimSpan, ("statement", lo, hi, None, None, None)))

    def _frame_reported(self, lo: int, hi: int, quotes: list[Quote]) -> None:
        """Reported speech in the words around a unit's quotations ("said Roe, who predicted that
        P"): forward patterns only, whose content lies between two quotations."""
        t = self.text
        bounds = [lo] + [x for q in quotes for x in (q.open, q.close)] + [hi]
        sources = self.resolver.sources[:]  # these sources do not become the antecedents of pronouns
        for k in range(0, len(bounds), 2):
            g_lo, g_hi = bounds[k], bounds[k + 1]
            if g_hi - g_lo < 20:
                continue
            i, j = self.index.cues_between(g_lo, g_hi)
            for hit in self.index.cues[i:j]:
                after = t[hit[1] : g_hi].split(None, 4)
                if len(after) >= 4 and after[0][0].isalpha():
                    break  # a cue followed by words, not punctuation: "who predicted that ..."
            else:
                continue  # no cue that a proposition follows (most frames: '“...,” he said.')
            for start, end, att in find_reported(t, g_lo, g_hi, [], self.resolver, self.index, True):
                words = t[start:end].split(None, 3)
                cue = att.cue or ""
                at = t.rfind(cue, g_lo, start) if cue else -1
                if (
                    at >= 0
                    and not any(ch in t[at:start] for ch in ",;—–")  # "he said, though ..." trails
                    and len(words) >= 4
                    and words[0] not in _ADJUNCT
                    and not words[0].endswith("ing")
                    and (cue.lower() not in OBJECT_VERBS or "that" in t[g_lo:start].split())
                ):
                    self.claims.append(_new(ClaimSpan, ("reported", start, end, *att)))
        self.resolver.sources = sources

    def _is_direct(self, q: Quote, lo: int, hi: int, quotes: list[Quote], i: int) -> bool:
        t = self.text
        left = t[quotes[i - 1].close if i else lo : q.open].strip()
        right = t[q.close : quotes[i + 1].open if i + 1 < len(quotes) else hi].strip()
        nwords = len(t[q.start : q.end].split(None, 6))  # counted up to 7: only < 2, >= 4, >= 6 matter
        if nwords < 2:
            return False
        if not (
            not right
            or right[0] in _OPENING_PUNCT
            or right[:1].isupper()
            or nwords >= 6
            or find_source(t, q.close, min(hi, q.close + 120), quotes[i + 1 :], None, index=self.index)
            is not None
        ):
            return False  # the quotation runs on into the sentence: a scare quote
        if not left or left.endswith(":"):
            return True
        if left.endswith(("—", "–")):
            return nwords >= 4 and not right.startswith(("—", "–"))  # "his act—“...”—is" is embedded
        if left.endswith(","):
            return (
                find_source(t, lo if not i else quotes[i - 1].close, q.open, [], None, index=self.index)
                is not None
            )
        return (
            find_source(
                t, lo if not i else quotes[i - 1].close, q.open, [], None, at_end=True, index=self.index
            )
            is not None
        )

    def _quotes(self, lo: int, hi: int, quotes: list[Quote], direct: list[Quote]) -> None:
        t = self.text
        atts: list[Attribution | None] = []
        for k, q in enumerate(direct):
            i = quotes.index(q)
            # the frame runs past scare quotes ("X, wearing “Y” pins, said") up to the next quotation
            right_hi = direct[k + 1].open if k + 1 < len(direct) else hi
            inner = [x for x in quotes if q.close <= x.open < right_hi]
            left_lo = quotes[i - 1].close if i else lo
            att = find_source(t, q.close, right_hi, inner, self.resolver, index=self.index) or find_source(
                t, left_lo, q.open, [], self.resolver, before_quote=True, index=self.index
            )
            atts.append(att)
        for k, q in enumerate(direct):
            att = atts[k]
            if att is None:
                near = [a for a in atts[:k][::-1] + atts[k + 1 :] if a is not None]
                base = near[0] if near else self.last
                # a quotation continuing a quoted one names no speaker of its own (CLAIMS.md); one
                # introduced by a sentence of its own ("Smith said:") has its attribution there
                introduced = not near and not self.last_quoted
                if base is not None:
                    att = Attribution(base.speaker_text if introduced else None, base.speaker, base.cue)
            if att is not None:
                self.last, self.last_quoted = att, True
            fields = ("quote", q.start, q.end, *att) if att else ("quote", q.start, q.end, None, None, None)
            self.claims.append(_new(ClaimSpan, fields))
