"""Paragraph segmentation and heading detection.

Paragraphs are separated by blank lines. A single line break also separates paragraphs (news
feeds often use one newline per paragraph) unless it looks like a wrapped line: the line before
has no terminal punctuation and the next line starts in lower case ("a sentence\\ncut off in the
middle"). A block whose lines all lack terminal punctuation is a list: every line is its own
paragraph.

A paragraph is a *heading* (a title, dateline, section heading, caption or pull quote: text that
carries no claims) only when it is one short sentence (at most 20 words), does not end in
``,``/``:``/``;`` (a lead-in to a quotation), does not follow a paragraph ending in ``:`` (then it
is the quoted or listed content itself), and either

- has no terminal punctuation ("Election Results", "Friday, July 21, 2017", a headline), or
- is written in Title Case or capitals ("Lakeview Council Votes To Condemn ...", "ABSTRACT."), or
- is wholly inside single quotation marks (headline style) and at most 12 words (a pull quote:
  ``'Scrambling to locate these individuals.'``). Paragraphs wholly in double quotation marks
  are quotations in the body (the continuation of a speaker's words) and stay ``body``.

A one-sentence body paragraph in sentence case that ends with a period stays ``body``, even as the
first paragraph: headlines in sentence case with a final period cannot be told from a short lead.
"""

from __future__ import annotations

import re

from transforms.sentences import split_sentences
from transforms.spans import ParagraphSpan

_BLANK = re.compile(r"\n[^\S\n]*\n\s*")  # a blank line (and the white space after it)
_LINE = re.compile(r"\S(?:[^\n]*\S)?")  # one line without its surrounding white space
_NONSPACE = re.compile(r"\S")
_STARTS_LOWER = re.compile(r"[\"'“‘(\[]*[a-z]")
_CLOSERS = "\"'”’»)]"
_SINGLE_QUOTES = {"'": "'", "‘": "’"}
# Words of four letters or more (not the tail of a hyphenated or elided word), by initial case.
_LOWER_WORD = re.compile(r"(?<![\w’'-])[a-z][\w’'-]{3}")
_CAPITAL_WORDS = re.compile(r"(?<![\w’'-])[A-Z][\w’'-]{3}")
_MAX_HEADING_CHARS = 200
_MAX_HEADING_WORDS = 20
_MAX_PULL_QUOTE_WORDS = 12


def split_paragraphs(text: str) -> list[ParagraphSpan]:
    """Split a document text into paragraph spans with kind ``body`` or ``heading``.

    >>> t = "Election Results\\n\\nSmith won. Jones lost.\\n\\n\\n'A clear mandate.'\\n\\nTurnout rose."
    >>> [(t[s:e], kind) for s, e, kind in split_paragraphs(t)]  # doctest: +NORMALIZE_WHITESPACE
    [('Election Results', 'heading'), ('Smith won. Jones lost.', 'body'),
     ("'A clear mandate.'", 'heading'), ('Turnout rose.', 'body')]
    """
    out: list[ParagraphSpan] = []
    lead_in = False
    for s, e in _paragraph_spans(text):
        # After "... tweeted:" comes the quoted or listed content itself, never a heading.
        heading = not lead_in and e - s <= _MAX_HEADING_CHARS and _is_heading(text, s, e)
        out.append(ParagraphSpan(s, e, "heading" if heading else "body"))
        lead_in = text[e - 1] == ":"
    return out


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Blocks between blank lines, each split further at line breaks that end paragraphs."""
    first = _NONSPACE.search(text)
    if first is None:
        return []
    spans: list[tuple[int, int]] = []
    a = first.start()
    for m in _BLANK.finditer(text, a):
        _add_block(text, a, m.start(), spans)
        a = m.end()
    _add_block(text, a, len(text), spans)
    return spans


def _add_block(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> None:
    while b > a and text[b - 1].isspace():
        b -= 1
    if b <= a:
        return
    if text.find("\n", a, b) < 0:
        spans.append((a, b))
        return
    lines = [m.span() for m in _LINE.finditer(text, a, b)]
    ends = [_ends_with(text, e, ".!?…‽:") for _, e in lines]
    if not any(ends):  # a list of unpunctuated lines ("features\ncontact manager")
        spans.extend(lines)
        return
    start = lines[0][0]
    for i in range(1, len(lines)):
        wrapped = not ends[i - 1] and _STARTS_LOWER.match(text, lines[i][0])
        if not wrapped:
            spans.append((start, lines[i - 1][1]))
            start = lines[i][0]
    spans.append((start, lines[-1][1]))


def _ends_with(text: str, e: int, marks: str) -> bool:
    """Does the span ending at ``e`` end with one of ``marks``, closing quotes aside?"""
    while e > 0 and text[e - 1] in _CLOSERS:
        e -= 1
    return e > 0 and text[e - 1] in marks


def _is_heading(text: str, s: int, e: int) -> bool:
    if text[e - 1] in ",:;" or text.count(" ", s, e) >= _MAX_HEADING_WORDS:  # a cheap first cut
        return False
    para = text[s:e]
    if _ends_with(text, e, ".!?…‽") and not _is_title_case(para) and not _is_pull_quote(para):
        return False
    return len(para.split()) <= _MAX_HEADING_WORDS and len(split_sentences(text, s, e)) == 1


def _is_title_case(para: str) -> bool:
    """Title Case or capitals: no lower-case word of four letters or more, and three capitalised."""
    return _LOWER_WORD.search(para) is None and len(_CAPITAL_WORDS.findall(para)) >= 3


def _is_pull_quote(para: str) -> bool:
    """A short quotation in single quotes standing alone (headline style). Double-quoted
    paragraphs are quotations in the body."""
    closer = _SINGLE_QUOTES.get(para[0])
    return (
        closer is not None
        and para.endswith(closer)
        and not para.startswith("''")  # the NYT's double quotation mark
        and len(para.split()) <= _MAX_PULL_QUOTE_WORDS
        and not _has_inner_quote(para[1:-1], para[0], closer)
    )


def _has_inner_quote(inner: str, opener: str, closer: str) -> bool:
    """True for two quotations with words between them: “No,” he said, “never.”"""
    if opener != closer:
        return opener in inner or closer in inner
    return f"{opener} " in inner or f" {opener}" in inner
