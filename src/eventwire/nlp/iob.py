"""spaCy entities read from the tokens' IOB tags.

``Doc.ents`` and ``Span.ents`` build or filter the list of every entity of the Doc, so a look-up
per token or per sentence grows with the Doc: quadratic on one long paragraph (a 100 kB
paragraph took 21 s in the quote stage alone). These read only the tokens concerned.
"""

from __future__ import annotations

from spacy.tokens import Span


def entity_of(tok) -> Span | None:
    """The entity span holding ``tok`` (its label set), or None; cost: the entity's length."""
    if not tok.ent_type_:
        return None
    doc, start, end = tok.doc, tok.i, tok.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=tok.ent_type_)


def entities_in(span, label: str | None = None) -> list[Span]:
    """The entity spans that start inside ``span`` (of one ``label`` if given), in order; cost:
    the span's length."""
    out, doc, i = [], span.doc, span.start
    while i < span.end:
        t = doc[i]
        if t.ent_iob_ == "B" and (label is None or t.ent_type_ == label):
            j = i + 1
            while j < len(doc) and doc[j].ent_iob_ == "I":
                j += 1
            out.append(Span(doc, i, j, label=t.ent_type_))
            i = j
            continue
        i += 1
    return out
