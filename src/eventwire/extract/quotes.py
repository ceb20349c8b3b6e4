"""QuoteStage: direct speech, the words quoted and who said them.

A quote is a span between quote marks (curly or straight double quotes, curly single quotes) in
a readable section (not page furniture, not a repeated line, not a headline or heading), that a
speech verb attributes to a named speaker:

- in its own sentence: "“…,” Timothy Ash … told CNBC", "Putin said: “…”", "adding: “…”",
  "“…,” according to Alice Nderitu";
- as the continuation of the quote before it in the paragraph ("“…,” Ash told CNBC. “…”"), or of
  the previous paragraph's quote when a paragraph is only quotation;
- by a label ("Quote from Medinsky: “…”"; "Quote: “…”" takes the last speaker).

Pronoun speakers ("…,” he said") become the most recent person named as a subject before them
(the entity keeps the text "he" and takes the person's name). Short quotes (one or two words) and
quotes of weak verbs ("described as “worse than hell”") count only when the verb governs them
("calling it “horrific”"); quoted terms ("so-called “neutral status”") never. A quote whose
speaker cannot be named is dropped (precision first).

Word lists live in ``knowledge/quote_verbs.yaml``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from ..errors import ConfigError
from ..model import FURNITURE_ROLES, Article, Entity, Quote
from ..nlp.iob import entity_of

log = logging.getLogger(__name__)

FILE = "quote_verbs.yaml"
#: Sections whose quote marks are scare quotes or titles, not speech.
SKIP_ROLES = FURNITURE_ROLES | {"headline", "heading"}
_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_SUBJ = ("nsubj", "nsubjpass")
_CLIMB = {"advcl", "xcomp", "conj", "pcomp", "acl", "prep", "pobj", "advmod", "dep", "parataxis", "ccomp"}
_ENT_LABELS = {"PERSON": "person", "ORG": "org", "GPE": "state", "NORP": "state"}


@dataclass
class QuoteLexicon:
    """The word lists of ``quote_verbs.yaml`` (see that file for their meaning)."""

    speech: set[str] = field(default_factory=set)
    forms: dict[str, str] = field(default_factory=dict)
    weak: set[str] = field(default_factory=set)
    according: dict[tuple[str, str], str] = field(default_factory=dict)
    nouns: dict[str, str] = field(default_factory=dict)
    labels: list[re.Pattern] = field(default_factory=list)
    term_cues: list[re.Pattern] = field(default_factory=list)
    min_words_loose: int = 3
    object_speakers: set[str] = field(default_factory=set)


def load_lexicon(kb) -> QuoteLexicon:
    """The quote lexicon of ``kb`` (cached on it).

    Raises:
        ConfigError: the file is missing or malformed.
    """
    return kb.cached("quotes:lexicon", lambda: _build(kb.yaml(FILE)))


def _build(data) -> QuoteLexicon:
    if not isinstance(data, dict):
        raise ConfigError(f"knowledge file {FILE}: missing or not a mapping")
    try:
        lex = QuoteLexicon(
            speech={str(v).lower() for v in data.get("speech_verbs") or []},
            forms={str(k).lower(): str(v).lower() for k, v in (data.get("verb_forms") or {}).items()},
            weak={str(v).lower() for v in data.get("weak_verbs") or []},
            according={(str(a["head"]), str(a["prep"])): str(a["verb"]) for a in data.get("according") or []},
            nouns={str(k).lower(): str(v).lower() for k, v in (data.get("speech_nouns") or {}).items()},
            labels=[re.compile(p, re.I) for p in data.get("labels") or []],
            term_cues=[re.compile(p, re.I) for p in data.get("term_cues") or []],
            min_words_loose=int(data.get("min_words_loose", 3)),
            object_speakers={str(v).lower() for v in data.get("object_speaker_verbs") or []},
        )
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise ConfigError(f"knowledge file {FILE}: {exc}") from exc
    return lex


@dataclass
class QuoteSpan:
    """Quote marks found in a paragraph: ``open``/``close`` are the marks' offsets, ``start``/``end``
    the quoted words as written between the marks (spaces trimmed; a comma or full stop inside the
    closing mark kept, as it stands in the text). ``close`` is the paragraph end when the
    quote is not closed there (a quote that runs on into the next paragraph)."""

    open: int
    close: int
    start: int
    end: int


#: The characters :func:`quote_spans` reads.
_QUOTE_MARKS = re.compile("[“\"”‘’]")


def quote_spans(text: str, start: int, end: int) -> list[QuoteSpan]:
    """Quoted spans of ``text[start:end]`` (one paragraph), in order.

    Double quotes (“ ” ") pair with each other; curly single quotes (‘ ’) count outside double
    quotes only, and a ’ between letters is an apostrophe. Straight single quotes are ignored
    (mostly apostrophes).
    """
    out: list[QuoteSpan] = []
    dq: int | None = None
    sq: int | None = None
    for m in _QUOTE_MARKS.finditer(text, start, end):  # (other characters change nothing)
        i = m.start()
        c = text[i]
        prev = text[i - 1] if i > start else " "
        nxt = text[i + 1] if i + 1 < end else " "
        if c in "“\"”":
            if dq is None:
                if c == "”" or (c == '"' and prev.isalnum()):
                    continue
                dq, sq = i, None
            elif c != "“":
                _add(out, text, dq, i)
                dq = None
        elif dq is None and c == "‘" and not prev.isalnum() and sq is None:
            sq = i
        elif dq is None and c == "’" and sq is not None and not nxt.isalpha() and i > sq + 1:
            _add(out, text, sq, i)
            sq = None
    if dq is not None:
        _add(out, text, dq, end)
    return out


def _add(out: list[QuoteSpan], text: str, open_: int, close: int) -> None:
    s, e = open_ + 1, close
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s and any(ch.isalpha() for ch in text[s:e]):
        out.append(QuoteSpan(open_, close, s, e))


class _Article:
    """Per-article state: entity lookup, person timeline, quote marks."""

    def __init__(self, article: Article, lex: QuoteLexicon):
        self.a = article
        self.lex = lex
        self.index = _entity_index(article)
        self.spans: dict[int, list[QuoteSpan]] = {}
        self.sents: dict[int, list] = {}
        for s in article.sentences:
            self.sents.setdefault(s.paragraph, []).append(s)
        for i, sec in enumerate(article.sections):
            if sec.role not in FURNITURE_ROLES and sec.duplicate_of is None:
                self.spans[i] = quote_spans(article.text, sec.start, sec.end)
        self.timeline: list[tuple[int, Entity, bool]] = []
        #: speakers of the quotes found so far: (offset of the speaker mention, named entity, True)
        self.said: list[tuple[int, Entity, bool]] = []
        self._build_timeline()

    # -- helpers --------------------------------------------------------------------------
    def inside(self, para: int, offset: int) -> bool:
        return any(sp.open <= offset <= sp.close for sp in self.spans.get(para, ()))

    def lemma(self, tok) -> str:
        return self.lex.forms.get(tok.lower_, tok.lemma_.lower())

    def speech_verb(self, tok) -> str | None:
        """The verb string when ``tok`` attributes speech, else None."""
        lem = self.lemma(tok)
        for (head, prep), verb in self.lex.according.items():
            if lem == head and any(c.dep_ == "prep" and c.lower_ == prep for c in tok.children):
                return verb
        if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
            if lem in self.lex.speech:
                return lem
        elif tok.pos_ == "NOUN" and lem in self.lex.nouns and any(c.dep_ == "poss" for c in tok.children):
            return self.lex.nouns[lem]
        return None

    def entity(self, tok, offset: int) -> Entity | None:
        """The named entity a subject token stands for (actors' index first, then spaCy)."""
        deps = ("compound", "flat", "appos") if tok.pos_ == "PROPN" else ("appos",)
        cands = [tok] + [c for c in tok.children if c.dep_ in deps]
        for t in cands:
            e = self.index.at(offset + t.idx) if self.index else None
            if e is not None and _named(e):
                return e
        for t in cands:
            ent = entity_of(t)  # (from the token's IOB tags: a scan of doc.ents per token grew with the Doc)
            if ent is not None and ent.label_ in _ENT_LABELS:
                s, e = offset + ent.start_char, offset + ent.end_char
                return Entity(text=self.a.text[s:e], start=s, end=e, name=ent.text,
                              kind=_ENT_LABELS[ent.label_], head=offset + ent.root.idx)
        if tok.pos_ == "PROPN":
            e = self.index.at(offset + tok.idx) if self.index else None
            if e is not None and e.kind == "agent" and (e.country or e.affiliation):
                return e  # "the Ukrainian defence ministry" with "ministry" tagged PROPN: no person
            chain = sorted([tok] + [c for c in tok.children if c.dep_ in ("compound", "flat")
                                    and c.pos_ == "PROPN"], key=lambda t: t.i)
            s = offset + chain[0].idx
            e = offset + chain[-1].idx + len(chain[-1].text)
            name = self.a.text[s:e]
            return Entity(text=name, start=s, end=e, name=name, kind="person", head=offset + tok.idx)
        return None

    def full_name(self, e: Entity) -> Entity:
        """A one-word person name ("Ash") as the earlier full name it shortens ("Timothy Ash")."""
        if e.kind == "state" or not e.name or " " in e.name.strip():
            return e
        for off, ref, _ in reversed(self.timeline + self.said):
            if off < e.start and ref.name and ref.name != e.name and ref.name.split()[-1] == e.name:
                return _as(ref, e.text, e.start, e.end, e.kind)
        for ref in self.a.entities:
            if (ref.start < e.start and ref.kind == "person" and ref.name and " " in ref.name
                    and ref.name.split()[-1] == e.name):
                return _as(ref, e.text, e.start, e.end, e.kind)
        return e

    def _build_timeline(self) -> None:
        for s in self.a.sentences:
            for tok in s.span:
                if tok.dep_ not in _SUBJ or tok.pos_ == "PRON":
                    continue
                off = s.offset + tok.idx
                if self.inside(s.paragraph, off):
                    continue
                e = self.entity(tok, s.offset)
                if e is not None and e.kind == "person":
                    speech = self.speech_verb(tok.head) is not None
                    self.timeline.append((off, e, speech))

    def person_before(self, offset: int, speech_only: bool = False) -> Entity | None:
        """The person named last before ``offset``: a subject outside quotes or a quote speaker."""
        best, best_off = None, -1
        for off, e, speech in self.timeline + self.said:
            if best_off <= off < offset and (speech or not speech_only):
                best, best_off = e, off
        return self.full_name(best) if best is not None else None

    def speaker(self, tok, offset: int) -> Entity | None:
        """The speaker entity for subject token ``tok`` (pronouns resolved)."""
        start = offset + tok.idx
        if tok.pos_ == "PRON" or tok.lower_ in _PERSON_PRONOUNS:
            if tok.lower_ not in _PERSON_PRONOUNS:
                return None  # "they", "we": a group the text does not name here
            ref = self.person_before(start)
            if ref is None:
                e = self.index.at(start) if self.index else None
                return e if e is not None and e.name else None
            return _as(ref, tok.text, start, start + len(tok.text), "pronoun")
        e = self.entity(tok, offset)
        return self.full_name(e) if e is not None else None

    def subject(self, verb):
        """The subject of a speech verb, climbing from participles ("adding") to their clause."""
        if verb.pos_ == "NOUN":
            return next((c for c in verb.children if c.dep_ == "poss"), None)
        v = verb
        for _ in range(5):
            lem = self.lemma(v)
            if lem in self.lex.object_speakers:  # "X was quoted as saying", "quoting X"
                obj = [c for c in v.children if c.dep_ == "dobj"]
                if obj:
                    return obj[0]
            for (head, prep) in self.lex.according:
                if lem == head:
                    for c in v.children:
                        if c.dep_ == "prep" and c.lower_ == prep:
                            objs = [g for g in c.children if g.dep_ == "pobj"]
                            if objs:
                                return objs[0]
            subj = [c for c in v.children if c.dep_ in _SUBJ]
            if subj:
                if subj[0].lower_ in ("who", "that", "which") and v.dep_ == "relcl":
                    return v.head
                return subj[0]
            if v.dep_ in _CLIMB and v.head is not v:
                v = v.head
            else:
                break
        return None


def _named(e: Entity) -> bool:
    if e.kind == "pronoun":
        return bool(e.name)
    if e.kind == "agent":
        return False
    return bool(e.name or e.text)


def _as(ref: Entity, text: str, start: int, end: int, kind: str) -> Entity:
    """A mention at ``start:end`` (words ``text``) of the actor ``ref`` (its name and codes)."""
    return Entity(text=text, start=start, end=end, name=ref.name, country=ref.country,
                  sector=ref.sector, affiliation=ref.affiliation, wikidata=ref.wikidata,
                  kind=kind, head=start, country_source=ref.country_source)


def _named_as(e: Entity) -> Entity:
    """The entity as a referent for later pronouns (its name, not the pronoun's text)."""
    if e.kind != "pronoun":
        return e
    return _as(e, e.name or e.text, e.start, e.end, "person")


def _entity_index(article: Article):
    try:
        from .actors import entity_index
    except ImportError:  # the actors module is optional for this stage
        return None
    return entity_index(article)


def _governs(verb, tokens, max_arcs: int = 3) -> bool:
    """True when a token of the quote reaches ``verb`` through at most ``max_arcs`` heads."""
    ids = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in ids or t.head is t]
    for r in roots:
        t, n = r, 0
        while n < max_arcs and t.head is not t:
            t, n = t.head, n + 1
            if t.i == verb.i:
                return True
    return False


@dataclass
class _Attribution:
    speaker: Entity | None
    verb: str | None
    verb_tok: object = None


def find_quotes(article: Article, lex: QuoteLexicon) -> list[Quote]:
    """Direct quotations of ``article`` with speaker and verb (see the module docstring).

    Args:
        article: an Article with sections, sentences (spaCy spans) and entities.
        lex: the quote lexicon (:func:`load_lexicon`).

    Returns:
        Quotes in text order; ``article.text[q.start:q.end] == q.text`` for each.
    """
    st = _Article(article, lex)
    text = article.text
    out: list[Quote] = []
    prev_para: _Attribution | None = None
    for i, sec in enumerate(article.sections):
        if sec.role in SKIP_ROLES or sec.duplicate_of is not None:
            continue
        spans = st.spans.get(i, [])
        sents = st.sents.get(i, [])
        if not spans:
            if sents:
                prev_para = None
            continue
        last: _Attribution | None = None
        para_attr = False
        for k, sp in enumerate(spans):
            attr = _attribute(st, i, sec.start, sp, spans, sents, last, prev_para)
            if attr is None:
                continue
            if attr.verb_tok is not None:
                para_attr = True
            if not _is_speech(st, sp, attr, sents, text):
                continue
            last = attr
            if attr.speaker is None:
                continue
            if attr.speaker.kind in ("person", "pronoun") and attr.speaker.name:
                st.said.append((attr.speaker.start, _named_as(attr.speaker), True))
            out.append(Quote(text=text[sp.start:sp.end], start=sp.start, end=sp.end,
                             speaker=attr.speaker, verb=attr.verb))
        prev_para = last if (last is not None and (para_attr or last.speaker is not None)) else None
    return out


def _attribute(st: _Article, para: int, para_start: int, sp: QuoteSpan, spans, sents,
               last: _Attribution | None, prev_para: _Attribution | None) -> _Attribution | None:
    text = st.a.text
    before = text[para_start:sp.open]
    for pat in st.lex.labels:
        m = pat.search(before)
        if m:
            name = m.groupdict().get("speaker")
            if name:
                s = para_start + m.start("speaker")
                ents = st.index.in_span(s, s + len(name)) if st.index else []
                ent = next((e for e in ents if _named(e)), None)
                if ent is None:
                    ent = Entity(text=name, start=s, end=s + len(name), name=name, kind="person", head=s)
                return _Attribution(ent, "quote")
            ref = st.person_before(sp.open, speech_only=True) or st.person_before(sp.open)
            return _Attribution(ref, "quote")
    frame = [s for s in sents if s.start < sp.close + 1 and s.end > sp.open]
    verb = _nearest_verb(st, para, sp, frame)
    if verb is None:
        # attribution in the sentence right after a quote that ends its own sentence
        after = [s for s in sents if s.start >= sp.close and not text[sp.close + 1:s.start].strip()]
        if after:
            verb = _nearest_verb(st, para, sp, after[:1])
            if verb is not None:
                frame = after[:1]
    if verb is None:
        if last is not None:
            return _Attribution(last.speaker, last.verb)
        if not text[para_start:sp.open].strip() and prev_para is not None:
            return _Attribution(prev_para.speaker, prev_para.verb)
        return None
    tok, sent, name = verb
    subj = st.subject(tok)
    speaker = st.speaker(subj, sent.offset) if subj is not None else None
    return _Attribution(speaker, name, tok)


def _nearest_verb(st: _Article, para: int, sp: QuoteSpan, frame):
    """The speech verb (token, sentence, verb string) attributing ``sp`` in ``frame`` sentences.

    Verbs that dominate the quote come first, nearest ancestor first, then the others by
    distance; the first whose subject names a speaker wins, else the first candidate.
    """
    cands = []
    for s in frame:
        qtoks = [t for t in s.span if sp.start <= s.offset + t.idx < sp.end]
        depth: dict[int, int] = {}
        for t in (t for t in qtoks if not t.is_punct):
            a, n = t, 0
            while n < 12:  # up to 12 heads up; the root is its own head: no step past it
                h, n = a.head, n + 1
                depth[h.i] = min(depth.get(h.i, 99), n)
                if h.i == a.i:
                    break
                a = h
        for tok in s.span:
            off = s.offset + tok.idx
            if st.inside(para, off):
                continue
            name = st.speech_verb(tok)
            if name is None:
                continue
            if name in st.lex.weak and not (qtoks and _governs(tok, qtoks)):
                continue
            d = sp.open - off if off < sp.open else off - sp.close
            key = (0, depth[tok.i], d) if tok.i in depth else (1, d, 0)
            cands.append((key, tok, s, name))
    cands.sort(key=lambda c: c[0])
    for _, tok, s, name in cands:
        subj = st.subject(tok)
        if subj is not None and st.speaker(subj, s.offset) is not None:
            return tok, s, name
    return (cands[0][1], cands[0][2], cands[0][3]) if cands else None


def _is_speech(st: _Article, sp: QuoteSpan, attr: _Attribution, sents, text: str) -> bool:
    """False for quoted terms and for short quotes the verb does not govern."""
    before = text[max(0, sp.open - 40):sp.open]
    if any(p.search(before) for p in st.lex.term_cues):
        return False
    words = len(text[sp.start:sp.end].split())
    qtoks = [t for s in sents for t in s.span if sp.start <= s.offset + t.idx < sp.end]
    inside = {t.i for t in qtoks}
    roots = [t for t in qtoks if t.head.i not in inside or t.head.i == t.i]
    if words < 6 and roots and all(t.dep_ in ("amod", "compound", "nmod", "nummod") or (
            t.dep_ == "cc" or t.dep_ == "conj") for t in roots) and any(t.dep_ in ("amod", "compound", "nmod") for t in roots):
        return False  # a quoted modifier: 'a "grave and rising" danger of famine'
    tok = attr.verb_tok
    weak = attr.verb in st.lex.weak
    if tok is None:
        return words >= st.lex.min_words_loose and not weak
    if words >= st.lex.min_words_loose and not weak:
        return True
    return bool(qtoks) and _governs(tok, qtoks)


class QuoteStage:
    """Pipeline stage: assigns ``Article.quotes`` (see :func:`find_quotes`)."""

    name = "quotes"
    requires = ("sentences", "entities")
    assigns = ("quotes",)

    def __init__(self, kb, config):
        self.kb = kb
        self.lex = load_lexicon(kb)

    def __call__(self, article: Article) -> None:
        article.quotes = find_quotes(article, self.lex)
        log.debug("%s: %d quotes", article.source, len(article.quotes))
