"""Headline case: title-cased lines are given sentence case before parsing.

en_core_web_sm tags nearly every capitalised word of "Mali Junta Expels French Ambassador" as a
proper noun, so the verb is lost and no event is found in most title-cased headlines. Truecasing
before parsing is the usual repair (Lita et al., "tRuEcasIng", ACL 2003; spaCy's own models are
trained on mixed-case news). Here it is done with evidence from the article and the knowledge
files, never by guessing at names:

- a word is lower-cased when its lower-case form is a common word: one the article's other
  sections use in lower case, a spaCy stop word, a trigger of knowledge/triggers.yaml, an agent
  noun of knowledge/agents.tsv or a title of knowledge/titles.tsv;
- it keeps its capital when the article's other sections write it capitalised inside a sentence
  (a name: "the Party said"), when it is an acronym ("EU", "ELN"), or when it is the line's first
  word.

An all-capitals line ("REBELS SEIZE TOWN AS ARMY RETREATS") is recased the same way, every other word
keeping an initial capital and short non-words staying acronyms (:func:`capitals_case`).

The recased text has the same length as the original, character for character, so every offset
into the article stays valid (a word whose lower case changes length is left alone).
"""

from __future__ import annotations

import re

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
#: Characters after which a capitalised word starts a sentence (its capital is no evidence).
SENTENCE_OPENERS = set('.!?:;"“‘(\n')


def is_title_case(text: str, stop_words, common=frozenset(), lower=frozenset()) -> bool:
    """Whether a line is written in title case: of its common words after the first word (stop
    words of 4+ letters, ``common`` words, words the article writes in ``lower`` case elsewhere),
    at least 2 and at least 70% are capitalised. Names do not count either way, so a sentence
    full of them ("France's President Emmanuel Macron met ...") is no headline."""
    words = WORD.findall(text)[1:]
    seen = [w for w in words if not (w.isupper() and len(w) > 1) and (
        (len(w) >= 4 and w.lower() in stop_words) or w.lower() in common or w.lower() in lower)]
    caps = sum(1 for w in seen if w[0].isupper())
    return caps >= 2 and caps / len(seen) >= 0.7


def is_all_caps(text: str) -> bool:
    """Whether a line is written in capitals ("REBELS SEIZE TOWN AS ARMY RETREATS"): at least three
    words of two or more letters, and no lower-case letter."""
    words = [w for w in WORD.findall(text) if len(w) > 1]
    return len(words) >= 3 and not any(ch.islower() for ch in text)


def capitals_case(text: str, common, lower: set[str], caps: set[str]) -> str:
    """An all-capitals line in sentence case, same length: a common word (as for
    :func:`sentence_case`) is lower-cased, the first word capitalised; a word the article writes
    capitalised elsewhere, or any other word, keeps an initial capital ("CONGO" -> "Congo"); a word
    of two or three letters that is no common word stays in capitals ("UN", "EU", "M23").

    Args:
        text: an all-capitals line (:func:`is_all_caps`).
        common, lower, caps: as for :func:`sentence_case`.
    """
    out, last, first = [], 0, True
    for m in WORD.finditer(text):
        w = m.group()
        low = w.lower()
        if len(low) != len(w):
            continue
        is_common = low in lower or low in common or low.rstrip("'’s") in common
        if not is_common and len(w) <= 3:
            new = w  # an acronym
        elif is_common and not first:
            new = low
        else:
            new = w[0] + low[1:]
        first = False
        out.append(text[last:m.start()])
        out.append(new)
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def evidence(texts) -> tuple[set[str], set[str]]:
    """(lower-case words, capitalised words inside sentences) of an article's other sections.

    Args:
        texts: the texts of the sections that are not title-cased (strings).
    """
    lower, caps = set(), set()
    for text in texts:
        for m in WORD.finditer(text):
            w = m.group()
            if w[0].islower():
                lower.add(w)
                continue
            before = text[:m.start()].rstrip()
            if before and before[-1] not in SENTENCE_OPENERS and not w.isupper():
                caps.add(w)
    return lower, caps


def sentence_case(text: str, common, lower: set[str], caps: set[str]) -> str:
    """``text`` with the capitals of common words removed (see the module docstring).

    Args:
        text: a title-cased line.
        common: lower-case common words of the knowledge (a set).
        lower, caps: :func:`evidence` of the article.

    Returns:
        A string of the same length as ``text``.
    """
    out = []
    last = 0
    first = True
    for m in WORD.finditer(text):
        w = m.group()
        if first:
            first = False
            continue
        low = w.lower()
        if not w[0].isupper() or (w.isupper() and len(w) > 1) or w in caps or len(low) != len(w):
            continue
        if low in lower or low in common or low.rstrip("'’s") in common:
            out.append(text[last:m.start()])
            out.append(low)
            last = m.end()
    out.append(text[last:])
    return "".join(out)
