"""split_sentences: example tables per rule class, and lossless-span properties over any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


ABBREVIATIONS = [
    ("U.S. officials told the outlet. They left.", ["U.S. officials told the outlet.", "They left."]),
    ("I live in the U.S. How about you?", ["I live in the U.S.", "How about you?"]),
    ("I work for the U.S. Government in Virginia.", ["I work for the U.S. Government in Virginia."]),
    ("Mr. Smith met Dr. Jones and Mrs. Lee.", ["Mr. Smith met Dr. Jones and Mrs. Lee."]),
    ("Gov. Chris Christie and Sen. Ted Cruz spoke.", ["Gov. Chris Christie and Sen. Ted Cruz spoke."]),
    ("He was ranked No. 5 in the poll.", ["He was ranked No. 5 in the poll."]),
    ("The vote is on Jan. 5 in Iowa.", ["The vote is on Jan. 5 in Iowa."]),
    ("Please turn to p. 55.", ["Please turn to p. 55."]),
    (
        "He joined Acme Inc. in May. Acme Inc. It grew.",
        ["He joined Acme Inc. in May.", "Acme Inc.", "It grew."],
    ),
    ("They met in Washington, D.C. The talks failed.", ["They met in Washington, D.C.", "The talks failed."]),
    ("My name is Jonas E. Smith.", ["My name is Jonas E. Smith."]),
    ("It was written by J. Smith in 2001.", ["It was written by J. Smith in 2001."]),
    ("You and I. Did you see Albert I. Jones?", ["You and I.", "Did you see Albert I. Jones?"]),
    ("Let's ask Jane and co. They should know.", ["Let's ask Jane and co.", "They should know."]),
    ("She arrived at 5 p.m. Eastern time.", ["She arrived at 5 p.m. Eastern time."]),
    ("The S.&P. 500 fell. Oil rose.", ["The S.&P. 500 fell.", "Oil rose."]),
    ("He said it. Mr. Trump disagreed.", ["He said it.", "Mr. Trump disagreed."]),
]

BRACKETS = [
    ("“I believe the [U.S.] is scrambling,” he said.", ["“I believe the [U.S.] is scrambling,” he said."]),
    (
        "He teaches science (He previously worked for 5 years as an engineer.) at the local University.",
        ["He teaches science (He previously worked for 5 years as an engineer.) at the local University."],
    ),
    (
        "He left. (Nobody saw him.) Then he came back.",
        ["He left.", "(Nobody saw him.)", "Then he came back."],
    ),
    ("They want to “look[] more closely” at it.", ["They want to “look[] more closely” at it."]),
]

QUOTES = [
    (
        "“It is not uncommon,” O’Leary stated. “They are in violation. And it is a good approach.”",
        ["“It is not uncommon,” O’Leary stated.", "“They are in violation.", "And it is a good approach.”"],
    ),
    (
        "Over 300 were a “high risk to public safety.” Officials agreed.",
        ["Over 300 were a “high risk to public safety.”", "Officials agreed."],
    ),
    ('She turned to him, "This is great." she said.', ['She turned to him, "This is great." she said.']),
    (
        'She turned to him, "This is great." She smiled.',
        ['She turned to him, "This is great."', "She smiled."],
    ),
    ("She turned to him, 'This is great.' she said.", ["She turned to him, 'This is great.' she said."]),
    ("“Who is there?” he asked. Nobody answered.", ["“Who is there?” he asked.", "Nobody answered."]),
    ("He said ‘no.’ Then he left.", ["He said ‘no.’", "Then he left."]),
    (
        "“Who will pay for it?” Trump asked. Nobody knew.",
        ["“Who will pay for it?” Trump asked.", "Nobody knew."],
    ),
    ("“Why?” He left.", ["“Why?”", "He left."]),
    ("''We found nothing.'' Mr. Bock said so.", ["''We found nothing.''", "Mr. Bock said so."]),
    ("Call them - and I have! - but they lie.", ["Call them - and I have! - but they lie."]),
    ('"It is a long game." - Matthew Ingram', ['"It is a long game." - Matthew Ingram']),
    (
        "Hello!! Long time no see. Hello?! Is that you?",
        ["Hello!!", "Long time no see.", "Hello?!", "Is that you?"],
    ),
    (
        "She works at Yahoo! in the accounting department.",
        ["She works at Yahoo! in the accounting department."],
    ),
]

ELLIPSES = [
    ("I never meant that.... She left the store.", ["I never meant that....", "She left the store."]),
    ("We will win… We always do.", ["We will win…", "We always do."]),
    (
        "I wasn’t really ... well, what I mean...see . . . I didn’t.",
        ["I wasn’t really ... well, what I mean...see . . . I didn’t."],
    ),
    ("End with a period . . . . Next sentence.", ["End with a period . . . .", "Next sentence."]),
    (
        "It was weakened . . . was compounds. . . . The practice stayed.",
        ["It was weakened . . . was compounds.", ". . . The practice stayed."],
    ),
    ('"Bohr [...] used stairways [...]" (Smith 55).', ['"Bohr [...] used stairways [...]" (Smith 55).']),
    ("He called me a liar. ... The next day he left.", ["He called me a liar.", "... The next day he left."]),
]

NUMBERS_AND_LINKS = [
    ("She has $100.00. It is in her bag.", ["She has $100.00.", "It is in her bag."]),
    ("Growth was 2.5 percent, or $1.5 million.", ["Growth was 2.5 percent, or $1.5 million."]),
    ("It rose in 2015. 2016 was worse.", ["It rose in 2015.", "2016 was worse."]),
    (
        "You can find it at N°. 1026.253.553. That is where.",
        ["You can find it at N°. 1026.253.553.", "That is where."],
    ),
    ("Her email is Jane.Doe@example.com. I wrote.", ["Her email is Jane.Doe@example.com.", "I wrote."]),
    (
        "See https://www.example.50.com/new_site.html. Please check.",
        ["See https://www.example.50.com/new_site.html.", "Please check."],
    ),
    ("Read it here. http://nyti.ms/1RHiWiu", ["Read it here.", "http://nyti.ms/1RHiWiu"]),
    (
        "Hello world.Today is Tuesday.Mr. Smith bought 1,000.That is a lot.",
        ["Hello world.", "Today is Tuesday.", "Mr. Smith bought 1,000.", "That is a lot."],
    ),
]

LISTS = [
    ("1. The first item 2. The second item", ["1. The first item", "2. The second item"]),
    ("1.) The first item. 2.) The second item.", ["1.) The first item.", "2.) The second item."]),
    ("1) The first item 2) The second item", ["1) The first item", "2) The second item"]),
    ("• 9. The first item • 10. The second item", ["• 9. The first item", "• 10. The second item"]),
    (
        "a. The first item b. The second item c. The third",
        ["a. The first item", "b. The second item", "c. The third"],
    ),
    ("4. DESPITE HEAT WAVE, FAIR GOES ON.", ["4. DESPITE HEAT WAVE, FAIR GOES ON."]),
]

LAYOUT = [
    (
        "Friday, July 21, 2017 On Tuesday, the team won.",
        ["Friday, July 21, 2017", "On Tuesday, the team won."],
    ),
    ("Playstation VR demo Image: Nick Moreau.", ["Playstation VR demo", "Image: Nick Moreau."]),
    ("One line.\n\nAnother line.", ["One line.", "Another line."]),
    ("This is a sentence\ncut off in the middle.", ["This is a sentence\ncut off in the middle."]),
]


@pytest.mark.parametrize(
    ("text", "expected"), ABBREVIATIONS + BRACKETS + QUOTES + ELLIPSES + NUMBERS_AND_LINKS + LISTS + LAYOUT
)
def test_examples(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_range_is_respected() -> None:
    text = "Ignore me. First one. Second one! Ignore me too."
    start, end = text.index("First"), text.index(" Ignore me too")
    assert [text[s:e] for s, e in split_sentences(text, start, end)] == ["First one.", "Second one!"]


def test_white_space_around_sentences_is_left_out() -> None:
    text = "  \n One.   Two.\xa0\n "
    assert split_sentences(text) == [(4, 8), (11, 15)]


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t"])
def test_blank_text_has_no_sentences(text: str) -> None:
    assert split_sentences(text) == []


# Text made of the characters the rules look at, so that the properties meet the rules.
PIECES = list("aAbIiMrsSUe.5 .!?…\"'“”‘’()[]•-@/\n\xa0") + [
    "U.S.",
    " Mr. ",
    "...",
    " . . .",
    "1. ",
    "Image: ",
]
RULE_TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
ANY_TEXT = st.one_of(RULE_TEXT, st.text(max_size=80))


def check_lossless(text: str, start: int, end: int) -> None:
    spans = split_sentences(text, start, end)
    prev = start
    covered = set()
    for s, e in spans:
        assert prev <= s < e <= end, (spans, start, end)
        assert not text[s].isspace() and not text[e - 1].isspace()
        covered.update(range(s, e))
        prev = e
    # Every non-white-space character is in a span; only white space falls between spans.
    assert all(text[i].isspace() for i in set(range(start, end)) - covered)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_spans_are_lossless_over_any_text(text: str) -> None:
    check_lossless(text, 0, len(text))


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT, st.data())
def test_spans_stay_inside_any_range(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    check_lossless(text, start, end)
