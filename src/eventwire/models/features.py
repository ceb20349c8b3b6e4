"""Features of a candidate trigger token, shared by training (scripts/train_models.py) and use.

A candidate is a verb, noun, proper noun or adjective of a sentence (:func:`is_candidate`). Its
features are strings (the token's form, lemma, part of speech and dependency; its head; its
arguments' dependencies and lemmas, with the entity labels of its subject and object; the
section; whether it sits inside quotation marks; what the trigger lexicon says of its lemma; the
other verbs and nouns of the sentence) plus a dense vector: the token's row of the spaCy model's
``doc.tensor`` (its tok2vec output, 96 numbers for en_core_web_sm, computed by the parse anyway).
"""

from __future__ import annotations

from ..extract.frames import lower_forms

CANDIDATE_POS = ("VERB", "NOUN", "PROPN", "ADJ")
#: Child dependencies whose presence and lemma are features.
CHILD_DEPS = ("dobj", "nsubj", "nsubjpass", "attr", "dative", "agent", "prt", "neg", "aux", "auxpass",
              "amod", "compound", "poss", "acomp", "xcomp", "ccomp", "advmod", "npadvmod", "nummod", "det")
QUOTES = set('"“”«»') | {"``", "''"}
#: Version of the feature set: a model trained on another version is refused.
FEATURE_VERSION = 3


def is_candidate(tok) -> bool:
    """Whether a token may be an event trigger (content word, not a number or a name part)."""
    return tok.pos_ in CANDIDATE_POS and tok.is_alpha and len(tok.text) > 1


def quoted_tokens(sent) -> set[int]:
    """Indices of the tokens of a sentence (a spaCy Span) that sit inside quotation marks (an
    odd number of marks before them)."""
    out, inside = set(), False
    lows = lower_forms(sent.doc)  # (the marks have no case: their lower-case form is their text)
    for i in range(sent.start, sent.end):
        if lows[i] in QUOTES:
            inside = not inside
        elif inside:
            out.add(i)
    return out


def lexicon_hint(tok, lex) -> str | None:
    """The PLOVER type the trigger lexicon gives the token's lemma (verbs, nouns, adjectives),
    or None."""
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("VERB", "AUX"):
        e = lex.verbs.get(lemma)
    elif tok.pos_ == "ADJ":
        e = lex.adjectives.get(lemma)
    else:
        e = lex.nouns.get(lemma) or lex.nouns.get(tok.lower_)
    return e.event_type if e is not None else None


def sentence_context(sent) -> list[str]:
    """Sentence-level features shared by its candidates: its verbs' and nouns' lemmas."""
    return sorted({"s:" + t.lemma_.lower() for t in sent if t.pos_ in ("VERB", "NOUN") and t.is_alpha})


def token_features(tok, section: str, lex, context: list[str], quoted: set[int] | None = None) -> list[str]:
    """The string features of a candidate token (see the module docstring).

    Args:
        tok: a spaCy Token.
        section: its sentence's section role ("body", "headline", "caption", ...); not a
            feature (the training sentences' sections are not distributed as real pages' are),
            kept for the callers' symmetry.
        lex: the trigger :class:`~eventwire.extract.lexicon.Lexicon`, or None.
        context: :func:`sentence_context` of its sentence.
        quoted: :func:`quoted_tokens` of its sentence (computed when None).
    """
    lemma = tok.lemma_.lower()
    head = tok.head
    f = ["bias", "w:" + tok.lower_, "l:" + lemma, "pos:" + tok.pos_, "tag:" + tok.tag_, "dep:" + tok.dep_,
         "lp:" + lemma + "|" + tok.pos_, "ld:" + lemma + "|" + tok.dep_,
         "hl:" + head.lemma_.lower(), "hd:" + tok.dep_ + "|" + head.pos_, "lhl:" + lemma + "|" + head.lemma_.lower()]
    if tok.i in (quoted if quoted is not None else quoted_tokens(tok.sent)):
        f.append("inquote")
    for c in tok.children:
        d = c.dep_
        if d in CHILD_DEPS:
            f.append("cd:" + d)
            f.append("cl:" + d + "=" + c.lemma_.lower())
            f.append("lcl:" + lemma + "|" + d + "=" + c.lemma_.lower())
            if d in ("nsubj", "nsubjpass", "dobj", "agent") and c.ent_type_:
                f.append("ce:" + d + "=" + c.ent_type_)
        elif d == "prep":
            f.append("cp:" + c.lower_)
            f.append("lcp:" + lemma + "|" + c.lower_)
            for g in c.children:
                if g.dep_ == "pobj":
                    f.append("cpp:" + c.lower_ + "=" + g.lemma_.lower())
                    if g.ent_type_:
                        f.append("cpe:" + c.lower_ + "=" + g.ent_type_)
    if lex is not None:
        hint = lexicon_hint(tok, lex)
        f.append("lex:" + (hint or "none"))
        if hint:
            f.append("lexpos:" + hint + "|" + tok.pos_)
    f.extend(context)
    return f


def candidate_features(tok, ev, flags, section: str, lex, context: list[str], quoted: set[int] | None = None
                       ) -> list[str]:
    """The string features of a rule candidate: :func:`token_features` of its trigger word plus
    what the rules made of it (type, mode, trigger flags, whether an actor, a recipient and a
    claimant were found, aux, whether it came from a multi-word trigger).

    Args:
        tok: the trigger's head token.
        ev: the candidate :class:`~eventwire.model.Event` (type, arguments, aux, mentions).
        flags: the trigger entry's flags (``Entry.flags``).
    """
    t = ev.event_type
    f = token_features(tok, section, lex, context, quoted)
    f += ["rt:" + t, "rtl:" + t + "|" + tok.lemma_.lower(), "rtp:" + t + "|" + tok.pos_,
          "mode:" + str(ev.mode), "aux:" + str(ev.aux),
          "rta:" + t + "|" + str(ev.aux)]
    f += ["flag:" + x for x in sorted(flags)]
    f.append("actor:" + ("yes" if ev.actor else "no"))
    f.append("recip:" + ("yes" if ev.recipient else "no"))
    f.append("rtar:" + t + "|" + ("a" if ev.actor else "-") + ("r" if ev.recipient else "-"))
    f.append("claimed:" + ("yes" if ev.claimed_by is not None else "no"))
    for e in ev.actor[:2]:
        f.append("asec:" + str(e.sector) + "|" + e.kind)
    for e in ev.recipient[:2]:
        f.append("rsec:" + str(e.sector) + "|" + e.kind)
    m = ev.mentions[0]
    if " " in m.trigger:
        f.append("multiword")
    return f


#: Parts of speech whose lemmas are the domain model's features (names are left out: a club, a
#: company or a town says little about the next article's domain).
DOMAIN_POS = ("NOUN", "VERB", "ADJ", "ADV")


def domain_features(sent) -> list[str]:
    """The domain model's features of one sentence: its distinct content-word lemmas
    ("l:" + lower-case lemma of alphabetic, non-stop-word nouns, verbs, adjectives, adverbs)."""
    return sorted({"l:" + t.lemma_.lower() for t in sent if t.pos_ in DOMAIN_POS and t.is_alpha and not t.is_stop})
