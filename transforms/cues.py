"""The attribution-cue lexicon: one dict from a lower-cased word form to its cue class.

Looking a token up in a dict costs the same for 20 verbs or 400, where a regex alternation of
all their forms dominates the run time of the extractor.

Classes:
- ``speech``: verbs of saying, which may also introduce a direct quotation ("said", "told").
- ``belief``: verbs of stance or cognition, reported speech only ("believes", "warned").
- ``finding``: what documents do ("found", "showed", "revealed").
- ``stance``: taking a side on something, whose content may be a short object ("endorsed Cruz").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate


def _words(s: str) -> list[str]:
    return s.split()


_SPEECH = """say tell add write state note tweet ask reply respond continue declare explain
recall answer shout chant yell joke quip exclaim announce argue claim insist admit acknowledge
concede confirm deny complain remark observe boast lament caution warn stress emphasize assert
allege testify maintain contend counter mock predict promise pledge vow suggest propose urge
recount disclose hint speculate demand charge post comment describe concur agree retort scoff
muse wonder interject reiterate clarify point assure speak talk"""

_BELIEF = """believe think hope fear worry expect estimate conclude doubt insist seem appear know feel
see consider decide learn"""

_STANCE = """call endorse support oppose back attack blast slam defend reject denounce condemn criticize praise
accuse want refuse decline seek offer propose demand vow pledge promise plan intend threaten
express mention cite dismiss question challenge deride ridicule mock welcome applaud hail
target blame credit thank fault label brand dub vote name sign discuss echo issue share
raise push order encourage repeat refer"""

_FINDING = """report find show reveal indicate conclude estimate project document cite read
publish"""

_IRREGULAR = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "writing", "written"),
    "find": ("finds", "found", "finding"),
    "show": ("shows", "showed", "showing", "shown"),
    "think": ("thinks", "thought", "thinking"),
    "read": ("reads", "read", "reading"),
    "admit": ("admits", "admitted", "admitting"),
    "quip": ("quips", "quipped", "quipping"),
    "reply": ("replies", "replied", "replying"),
    "deny": ("denies", "denied", "denying"),
    "testify": ("testifies", "testified", "testifying"),
    "clarify": ("clarifies", "clarified", "clarifying"),
    "worry": ("worries", "worried", "worrying"),
    "concur": ("concurs", "concurred", "concurring"),
    "know": ("knows", "knew", "knowing", "known"),
    "feel": ("feels", "felt", "feeling"),
    "see": ("sees", "saw", "seeing", "seen"),
    "speak": ("speaks", "spoke", "speaking", "spoken"),
    "identify": ("identifies", "identified", "identifying"),
    "learn": ("learns", "learned", "learning", "learnt"),
    "seek": ("seeks", "sought", "seeking"),
    "slam": ("slams", "slammed", "slamming"),
    "dub": ("dubs", "dubbed", "dubbing"),
    "plan": ("plans", "planned", "planning"),
    "target": ("targets", "targeted", "targeting"),
    "label": ("labels", "labeled", "labeling", "labelled"),
    "refer": ("refers", "referred", "referring"),
}

# Verbs whose object (the addressee) stands between the cue and the content: "told NBC News that".
OBJECT_VERBS = frozenset(
    _words(
        """
        tell tells told telling warn warns warned warning assure assured ask asked asks asking
            remind reminded inform informed urge urged urges
        """
    )
)

# Cue forms that are also nouns ("the report", "his claims"); a determiner before them rules the cue out.
NOUN_FORMS = frozenset(
    _words(
        """
        report reports claim claims call calls comment comments post posts promise promises charge
            charges estimate estimates finding findings show shows statement note notes reply tweet
            tweets warning question questions praise fear fears hope hopes doubt doubts vow pledge
            demand demands read count project projects document documents answer answers remark remarks
        """
    )
)

# Words allowed between a speaker and its cue: "X also said", "X has previously reported".
ADVERBS = frozenset(
    _words(
        """
        also has have had previously later again then recently earlier once reportedly further
            repeatedly publicly privately initially originally subsequently separately similarly
            frequently often already still just even never wrongly falsely correctly rightly openly
            flatly bluntly simply quickly immediately last first will would could may might has had is
            was were are be been being apparently
        """
    )
)


def _forms(base: str) -> tuple[str, ...]:
    if base in _IRREGULAR:
        return (base, *_IRREGULAR[base])
    if base.endswith("e"):
        return (base, base + "s", base + "d", base[:-1] + "ing")
    if base.endswith("y") and base[-2] not in "aeiou":
        return (base, base[:-1] + "ies", base[:-1] + "ied", base + "ing")
    if base.endswith(("sh", "ch", "ss", "x")):
        return (base, base + "es", base + "ed", base + "ing")
    return (base, base + "s", base + "ed", base + "ing")


def _build() -> dict[str, str]:
    out: dict[str, str] = {}
    for cls, words in (("stance", _STANCE), ("finding", _FINDING), ("belief", _BELIEF), ("speech", _SPEECH)):
        for base in words.split():
            for form in _forms(base):
                out[form] = cls
    out["according"] = "according"
    for form in _NOT_CUES:
        out.pop(form, None)
    return out


# Forms that are nouns or other senses far more often than cues (measured on dev data: fewer than
# one in three marked an attribution): "the state", "a plan", "points", "back", "attacks".
_NOT_CUES = frozenset(
    _words(
        """
        state states stating point points plan plans attack attacks continue continues back
            backs backed support supports showing show read reads target targets label labels credit
            credits question questions charge charges post posts considered issued knew name pledged
            raised signed speaking spoke talk talking thought vote votes voting
            issue issues push pushes continuing comments remarks supporting backing
        """
    )
)


CUES: dict[str, str] = _build()


def cue_class(word: str) -> str | None:
    """The cue class of a word form, or None.

    >>> cue_class("Said"), cue_class("warned"), cue_class("revealed"), cue_class("table")
    ('speech', 'speech', 'finding', None)
    """
    return CUES.get(word.lower())


# bytes.translate maps every byte that is not an ASCII letter to a space in one C pass: a word
# of the lower-cased text is then a space, [a-z]+, a space
_NON_LETTERS = bytes(b if 97 <= b <= 122 else 32 for b in range(256))


def trie_pattern(words: list[str]) -> str:
    """A regex matching exactly ``words``, nested by shared prefixes: the engine then tries one
    branch per letter instead of every word in turn (~50 MB/s for ~700 cue forms)."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(tree)


# The same, ASCII capitals mapped to lower case: for a text without the two characters whose lower
# case is (or holds) an ASCII letter, this maps the text as lower-casing and then _NON_LETTERS would.
_FOLD = bytes(b + 32 if 65 <= b <= 90 else b if 97 <= b <= 122 else 32 for b in range(256))

# Words that transforms/statements.py tests a sentence for, found in the same pass over the document
# as the cue words (one pass per document instead of several per sentence): tag -> words.
STATEMENT_WORDS = {
    # a number, a comparison or a cause: the sentence is checkable
    "keyword": _words(
        """
        one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred
            hundreds thousand thousands million millions billion billions dozen dozens percent half
            twice than because caused cause led
        """
    ),
    # the first person (I, we, We, you, You, my, our), any case here: candidates only
    "person": _words("i we you my our"),
}
assert not set(CUES) & {w for ws in STATEMENT_WORDS.values() for w in ws}

# each word in the padded bytes below (" said") -> its form, its class (a cue class, or a tag of
# STATEMENT_WORDS), whether it is also a noun
_INFO = {(" " + form).encode(): (form, kind, form in NOUN_FORMS) for form, kind in CUES.items()} | {
    (" " + word).encode(): (word, tag, False) for tag, ws in STATEMENT_WORDS.items() for word in ws
}
# a word of _INFO in the letters-only bytes below: a space, the word, a space (not consumed: "said said")
_WORD = re.compile((" " + trie_pattern(sorted(w.decode()[1:] for w in _INFO)) + "(?= )").encode())


# A cue word that may attribute (lower case as written, or "According" in any case): its start, end,
# the word as written, its lower-cased form (the key of CUES), its cue class, and whether it is also
# a noun ("report", "claims": a determiner before it rules the cue out). A plain tuple: an index
# builds thousands and NamedTuple construction costs several times more.
Cue = tuple[int, int, str, str, str, bool]


class CueIndex:
    """Every cue word of one document, and the statement words, found in one regex pass.

    The document is lower-cased and mapped to bytes, one per character, every non-letter a space
    (non-ASCII characters become "?", then a space; ASCII capitals are folded by the same
    ``bytes.translate``), so one pass of a prefix-tree regex finds the words. ``cues`` holds the
    cues that may attribute, as :data:`Cue` tuples with their starts in ``cue_starts`` for
    bisection; ``words`` the starts of the statement words by tag (:meth:`has_word`);
    :meth:`between` lists the cue words in any case.

    >>> ix = CueIndex("Officials said the report showed gains, Smith told reporters.")
    >>> [w for _, _, w in ix.between(0, 70)]
    ['said', 'report', 'showed', 'told']
    """

    def __init__(self, text: str) -> None:
        if "\u212a" in text or "\u0130" in text:
            # the Kelvin sign lower-cases to an ASCII "k", "İ" to two characters: lower-case first
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
            letters = low.encode("ascii", "replace").translate(_NON_LETTERS)
        else:  # upper- and lower-case ASCII letters map to lower case in the same C pass
            low = text  # only read for letters below
            letters = text.encode("ascii", "replace").translate(_FOLD)
        # padded[j] stands for text[j - 1], so a match's start (its leading space) is the word's offset
        padded = b" " + letters + b" "
        n = len(text)
        cues: list[Cue] = []
        upper: list[tuple[int, int, str]] = []  # capitalised hits ("Said"): not attributing cues
        words: dict[str, list[int]] = {tag: [] for tag in STATEMENT_WORDS}
        info = _INFO
        ascii = text.isascii()  # (O(1): then no neighbour of a word is a letter)
        for m in _WORD.finditer(padded):
            form, kind, noun = info[m.group()]
            at = m.start()
            if kind in words:  # a statement word: a run of ASCII letters, whatever its neighbours
                words[kind].append(at)
                continue
            end = at + len(form)
            # a non-ASCII neighbour ("?") may be a letter ("saidé"): then it is no word boundary
            # (lower-casing keeps whether a character is a letter, for every character but "İ")
            if ascii or ((at == 0 or not low[at - 1].isalpha()) and (end == n or not low[end].isalpha())):
                word = text[at:end]
                if not word[0].isupper() or form == "according":
                    cues.append((at, end, word, form, kind, noun))
                else:
                    upper.append((at, end, word))
        self.cues = cues
        self.cue_starts = [c[0] for c in cues]
        # nouns[k]: how many of cues[:k] may be nouns, so a range without one skips the noun test
        self.nouns = list(accumulate((c[5] for c in cues), initial=0))
        self.upper = upper
        self.words = words
        self.letters = padded
        self.folded = low is text  # the letters are those of the lower-cased text, word for word

    def has_word(self, tag: str, lo: int, hi: int) -> bool:
        """Whether a word of ``STATEMENT_WORDS[tag]`` starts in ``[lo, hi)``."""
        starts = self.words[tag]
        i = bisect_left(starts, lo)
        return i < len(starts) and starts[i] < hi

    def words_stand_alone(self, lo: int, hi: int) -> bool:
        """Whether the words of ``text[lo:hi]`` are words of the document: no run of letters
        crosses ``lo`` or ``hi``, and the letters are those of the lower-cased text."""
        return self.folded and self.letters[lo] == 32 and self.letters[hi + 1] == 32

    def between(self, lo: int, hi: int) -> list[tuple[int, int, str]]:
        """Cue hits starting in ``[lo, hi)``, in text order, in any case."""
        i, j = self.cues_between(lo, hi)
        hits = [c[:3] for c in self.cues[i:j]] + [h for h in self.upper if lo <= h[0] < hi]
        return sorted(hits)

    def cues_between(self, lo: int, hi: int) -> tuple[int, int]:
        """The slice ``cues[i:j]`` of the cues starting in ``[lo, hi)``."""
        starts = self.cue_starts
        return bisect_left(starts, lo), bisect_left(starts, hi)
