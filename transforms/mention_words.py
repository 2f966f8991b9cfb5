"""Word lists that delimit and classify source mentions (used by transforms/speakers.py)."""

from __future__ import annotations


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
