"""Word lists that delimit and classify source mentions (used by transforms/speakers.py)."""

from __future__ import annotations

from transforms.cues import ADVERBS, CUES


def _words(s: str) -> list[str]:
    return s.split()


PRONOUNS = frozenset(["he", "she", "they", "i", "we", "it", "you", "him", "her", "them"])
BOUNDARY = frozenset(
    _words(
        """
        that and but or who whom which while because as when if so than where after before since in
            at on with during to into about over is are was were has have had be been being although
            though whether what how why until unless whose said says
        """
    )
)

TITLES = frozenset(
    _words(
        """
        mr. mrs. ms. dr. sen. rep. gov. gen. lt. col. sgt. capt. adm. prof. rev. sens. reps. former
            president senator representative governor secretary mayor sheriff judge justice chairman
            chairwoman congressman congresswoman speaker leader minister director commissioner chief
            attorney general candidate nominee spokesman spokeswoman spokesperson ambassador lawmaker
            lt. gov. vice deputy acting sen rep gov editor host anchor correspondent reporter columnist
            analyst strategist pollster adviser advisor aide
        """
    )
)

SPEAKER_NOUNS = frozenset(
    _words(
        """
        official officials spokesman spokeswoman spokesperson spokespeople aide aides adviser
            advisers advisor advisors report reports study studies survey surveys poll polls analysis
            statement memo letter document documents lawmakers lawmaker senator senators representative
            members member experts expert critics critic analysts analyst sources source people
            authorities police investigators prosecutors prosecutor researchers scientists economists
            economist data group groups campaign administration department agency committee court judge
            lawyer lawyers attorney attorneys attorneys spokesmen officer officers leaders leader
            democrats republicans supporters opponents voters residents witnesses organizers activists
            advocates outlet newspaper network paper magazine website site release filing complaint
            lawsuit ruling government president candidate chairman chairwoman director secretary
            governor mayor commissioner minister ambassador executive founder co-founder manager chief
            representatives congressman congresswoman man woman women men officials' protesters
            protester observers figures numbers records estimates inspector general team staff someone
            others many some most few both all majority polling pollster pollsters organization
            organizations percent half third thirds quarter quarters businessman businesswoman
            billionaire mogul magnate frontrunner front-runner hopeful hopefuls nominee rival rivals
            delegate delegates participants respondents americans citizens parents students workers host
            moderator anchor reporter reporters columnist writer author editor editors board panel
            commission council caucus party spokeswoman strategist strategists consultant operative
            operatives donor donors union unions company companies firm firms association coalition
        """
    )
)

MEDIA_HEADS = frozenset(
    ["outlet", "newspaper", "network", "paper", "magazine", "publication", "site", "website", "channel"]
)

NP_LINKS = frozenset(_words("of from by for at with in on to and"))
NOT_MENTIONS = frozenset(
    _words("there this that these those here it’s it's i'd what overall protest having earlier later")
)

ORG_WORDS = frozenset(
    _words(
        """
        office department university committee council bureau agency center centre institute school
        house senate court party association board commission union foundation college news times post
        """
    )
)

TIME_WORDS = frozenset(
    _words(
        """
        monday tuesday wednesday thursday friday saturday sunday today yesterday tonight week weekend
        month year night morning afternoon evening january february march april may june july august
        september october november december jan feb mar apr aug sept sep oct nov dec
        """
    )
)

TIME_LINKS = frozenset(_words("on last this early late earlier later in at during next past the"))
LEADERS = frozenset(
    _words(
        """
        in on at but and then now so after however moreover besides ultimately ever while though although
        when if because since as meanwhile still yet instead indeed also later earlier recently finally
        perhaps even only already thus therefore furthermore nonetheless nevertheless separately
        similarly likewise first second third last before by for with from of to despite amid
        """
    )
)

DETERMINERS = frozenset(
    _words(
        """
        the a an another his her their its our some many several two three both
        """
    )
)

OPENERS = frozenset(
    ["but", "and", "so", "still", "meanwhile", "yet", "now", "then", "also", "however", "instead", "later"]
)

VERBISH = frozenset(
    ["is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "did", "does", "do"]
)

PREPOSITIONS = frozenset(
    _words(
        """
        on in at after before during while with without speaking asked for from following since
            despite though although instead absent having by as when if because once unlike like amid
        """
    )
)


# What a token is, as bit flags, looked up once per distinct token (mentions are read a token at a
# time, and the same few hundred tokens make most of them).
ADVERB = 1  # an adverb, lower case, between a speaker and the cue: "also", "previously"
TIME = 2  # a time word, "." or "," aside: "Monday", "week"
DIGIT = 4  # opens with a digit
TIME_BEFORE_NUMBER = 8  # a time word, "." aside ("Jan." before "5")
TIME_ANY = 16  # a time word or a time link ("on", "last"), "." or "," aside
STOP = 32  # ends a mention: punctuation, or a lower-case boundary word ("that", "said")
CUE_STOP = 64  # a lower-case cue word that is not a speaker noun
LEADER = 128  # opens a clause, not a mention: "However", "In", "Monday"
PRONOUN = 256
CUE = 512  # any cue form, any case
NOT_MENTION = 1024  # "there", "this", "what": no mention on its own
KNOWN = 2048  # heads a source mention: capitalised, a digit, or a speaker noun ("officials", "aide’s")
DETERMINER = 4096

_MAX_FLAGS = 100_000  # the memo is cleared when it grows past this many tokens


class _Flags(dict[str, int]):
    """token -> flags, computed on the first lookup: ``FLAGS[tok]`` is one C-level dict lookup."""

    def __missing__(self, tok: str) -> int:
        if len(self) >= _MAX_FLAGS:
            self.clear()
        flags = self[tok] = _compute_flags(tok)
        return flags


FLAGS = _Flags()


def word_flags(tok: str) -> int:
    """The flags of a (non-empty) token (as ``FLAGS[tok]``).

    >>> word_flags("officials") & KNOWN > 0, word_flags("said") & STOP > 0, word_flags("Said") & STOP
    (True, True, 0)
    """
    return FLAGS[tok]


def _compute_flags(tok: str) -> int:
    low = tok.lower()
    cap = tok[:1].isupper() or tok[:1].isdigit()
    bare = low.rstrip(".,")
    flags = 0
    if low in ADVERBS and not cap:
        flags |= ADVERB
    if bare in TIME_WORDS:
        flags |= TIME
    if low[:1].isdigit():
        flags |= DIGIT
    if low.rstrip(".") in TIME_WORDS:
        flags |= TIME_BEFORE_NUMBER
    if bare in TIME_WORDS or bare in TIME_LINKS:
        flags |= TIME_ANY
    if not (tok[0].isalnum() or tok in ("’", "'")) or (low in BOUNDARY and not cap):
        flags |= STOP
    if low in CUES:
        flags |= CUE
        if not cap and low not in SPEAKER_NOUNS:
            flags |= CUE_STOP
    if low in LEADERS or low in TIME_WORDS:
        flags |= LEADER
    if low in PRONOUNS:
        flags |= PRONOUN
    if low in NOT_MENTIONS:
        flags |= NOT_MENTION
    if cap or low in SPEAKER_NOUNS or low.rstrip("’'s") in SPEAKER_NOUNS:
        flags |= KNOWN
    if low in DETERMINERS:
        flags |= DETERMINER
    return flags
