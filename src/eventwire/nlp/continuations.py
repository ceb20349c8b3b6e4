"""A pipeline component run before the parser: abbreviations that end no sentence.

en_core_web_sm sometimes starts a sentence after an abbreviation's period ("talks began at 10
a.m. | GMT in the Georgian city of Batumi"), which cuts a clause off its place or date. A token
after a month abbreviation and before a day ("Sept. 21"), after an abbreviated title and before
a name ("Gen. Burhan"), or after a clock mark and before a time zone ("a.m. GMT") never starts a
sentence. The words are the shared lists of ``knowledge/calendar.yaml`` and ``knowledge/titles.tsv``
(:class:`eventwire.knowledge.words.Abbreviations`); the parse stage passes its knowledge's lists
(``component_cfg``), anything else parsing gets the shipped ones.
"""

from __future__ import annotations

NAME = "eventwire_abbreviations"


def continue_after_abbreviations(doc, abbreviations=None):
    """Mark the token after a non-final abbreviation as no sentence start.

    Args:
        doc: a spaCy Doc before parsing.
        abbreviations: :class:`~eventwire.knowledge.words.Abbreviations` (default: the shipped ones).

    Returns:
        The same Doc.
    """
    if abbreviations is None:
        from ..knowledge.words import abbreviations as build, shipped

        abbreviations = build(shipped())
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if prev.text.endswith(".") and prev.whitespace_ and abbreviations.continues(prev.text, tok.text):
            tok.is_sent_start = False
    return doc


def register() -> str:
    """Register the component with spaCy (once) and return its name."""
    from spacy.language import Language

    if not Language.has_factory(NAME):
        Language.component(NAME, func=continue_after_abbreviations)
    return NAME
