"""Predicate frames: the parse of one predicate word read as who does what to whom — syntax only.

A :class:`Frame` holds, for a verb, an event noun or a predicative adjective, its trigger words,
voice, polarity, modality, and its arguments as token lists: ``agent`` (who does it),
``patient`` (who or what undergoes it), ``obliques`` keyed by preposition, ``modifiers`` (words
before an event noun that name its parties: "Russian strikes", "Russia-Ukraine talks"), the
subject of its clausal complement, and the ``speaker`` of the reported speech it sits in. Every
repair of the parser's habits lives here, so the PLOVER layer (:mod:`.events`, driven by
``knowledge/roles.yaml``) never reads dependency labels:

- passives ("was hit by", agentless "a hospital was hit"), a second participle under one passive
  auxiliary ("has been accused of ... and criticized for ..."), absolute participles ("with 21
  police officers injured");
- control and coordination (the subject of "agreed to withdraw", "met and agreed");
- a subject the parser stranded on an earlier phrase ("With the signing of ..., the government
  and the rebels have agreed");
- light verbs lending their subject to an event noun ("launched an attack", "held talks"), and
  host verbs ("arrived on a visit", "gathered for a rally");
- a noun's doer in a participle ("a demonstration staged by students") or in a conjunct ("the
  shelling and blockade by Chilean troops"), the head of a compound ("a mediation mission
  between ...");
- feeling verbs ("was appalled by": the one who feels it, what causes it) and stance
  participles ("is opposed to") are marked ``voice`` "stative".

Word classes (light verbs, speech verbs, feeling verbs, time words) come from
``knowledge/syntax.yaml``. Dependency labels are spaCy's English (ClearNLP) scheme.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ..errors import ConfigError

#: Clausal dependencies: a phrase stops at them.
CLAUSE = ("relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "parataxis")


@dataclass
class SyntaxLexicon:
    """Word classes of ``knowledge/syntax.yaml`` (lower-case lemmas)."""

    light_verbs: frozenset = frozenset()
    host_preps: frozenset = frozenset()
    speech_verbs: frozenset = frozenset()
    speech_nouns: frozenset = frozenset()
    experiencer_verbs: frozenset = frozenset()
    stative_participles: frozenset = frozenset()
    time_words: frozenset = frozenset()
    background_marks: frozenset = frozenset()
    complement_preps: frozenset = frozenset()
    group_heads: frozenset = frozenset()
    intent_nouns: frozenset = frozenset()
    question_words: frozenset = frozenset()
    speech_phrases: frozenset = frozenset()
    obligation_verbs: frozenset = frozenset()
    instrument_verbs: frozenset = frozenset()
    manner_preps: frozenset = frozenset()
    transparent_nouns: frozenset = frozenset()
    charge_nouns: frozenset = frozenset()
    boundary_nouns: frozenset = frozenset()
    means_verbs: frozenset = frozenset()
    reciprocal_verbs: frozenset = frozenset()
    subject_control_verbs: frozenset = frozenset()

    def speaks(self, tok) -> bool:
        """Whether ``tok`` is a verb of saying: a ``speech_verbs`` lemma, or a ``speech_phrases``
        verb with its adjective ("made clear that ...", "made it plain that ...")."""
        lemma = tok.lemma_.lower()
        if lemma in self.speech_verbs:
            return True
        return any(f"{lemma} {c.lemma_.lower()}" in self.speech_phrases
                   for c in tok.children if c.dep_ in ("ccomp", "oprd", "acomp", "dobj", "xcomp") and c.pos_ == "ADJ")


def load_syntax(kb) -> SyntaxLexicon:
    """The :class:`SyntaxLexicon` of ``kb`` (built once per Knowledge).

    Raises:
        ConfigError: a list holds a YAML boolean (an unquoted "on", "no", ...).
    """

    def build() -> SyntaxLexicon:
        data = kb.yaml("syntax.yaml") or {}
        out = {}
        for k in SyntaxLexicon.__dataclass_fields__:
            words = data.get(k) or []
            if any(isinstance(w, bool) for w in words):
                raise ConfigError(f"syntax.yaml {k}: a bare on/off/yes/no is read by YAML as true/false; quote it")
            out[k] = frozenset(str(w).lower() for w in words)
        return SyntaxLexicon(**out)

    return kb.cached("syntax", build)


@dataclass
class Frame:
    """One predicate and its arguments (spaCy tokens of one sentence).

    Attributes:
        head: the predicate token (verb, event noun or adjective).
        kind: "verb", "noun" or "adj" (a noun the parser made the root verb counts as a verb).
        lemma: the head's lemma, repaired for the small model's slips (:func:`known_lemma`).
        voice: "active", "passive" (a subject that undergoes it) or "stative" (a feeling or
            stance: "was appalled by", "is opposed to").
        negated: a "not"/"never"/"no" on the predicate.
        agent: tokens of who does it (active subject; passive by-agent; a noun's possessor,
            by-object, participle agent, or the subject of the light or host verb governing it;
            a feeling's experiencer).
        patient: tokens of who undergoes it (object and dative; passive subject; a feeling's
            cause; for an event noun after "under", the subject of its verb: "the city was under
            siege").
        obliques: preposition (lower case) → object tokens, time words left out.
        modifiers: tokens before an event noun that modify it (compound, amod, nmod).
        complement: the head of the clausal complement (xcomp, ccomp), or None.
        complement_subject: the subject of a that-clause complement ("demanded that Russia
            withdraw": Russia), or None.
        host: the verb that lends an event noun its doer, or None; host_via: how it governs the
            noun: "light" (object of a light verb: "launched an attack"), "during", or the
            preposition ("on": "arrived on a visit", "for": "gathered for a rally", "in").
    """

    head: object
    kind: str
    lemma: str
    voice: str = "active"
    negated: bool = False
    agent: list = field(default_factory=list)
    patient: list = field(default_factory=list)
    obliques: dict = field(default_factory=dict)
    modifiers: list = field(default_factory=list)
    complement: object = None
    complement_subject: object = None
    host: object = None
    host_via: str | None = None

    def slot(self, name: str) -> list:
        """Tokens of a slot by name: "agent", "patient", "modifier", "complement_subject",
        "obl:PREP" (e.g. "obl:on"), or "obl:*" (every oblique)."""
        if name == "agent":
            return list(self.agent)
        if name == "patient":
            return list(self.patient)
        if name == "modifier":
            return list(self.modifiers)
        if name == "complement_subject":
            return [self.complement_subject] if self.complement_subject is not None else []
        if name.startswith("obl:"):
            p = name[4:]
            if p == "*":
                return [t for ts in self.obliques.values() for t in ts]
            return list(self.obliques.get(p, []))
        raise KeyError(f"unknown frame slot {name!r}")


# -- morphology ------------------------------------------------------------------------------

def lemma_forms(tok) -> list[str]:
    """The lemma spaCy gives, then lemmas guessed from the inflection of a verb form, for the
    small model's lemmatiser slips ("staged" -> "stag")."""
    out = [tok.lemma_.lower()]
    t = tok.lower_
    if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
        if t.endswith("ied"):
            out.append(t[:-3] + "y")
        if t.endswith("ed"):
            out += [t[:-1], t[:-2]] + ([t[:-3]] if len(t) > 4 and t[-3] == t[-4] else [])
        elif t.endswith("ing"):
            out += [t[:-3] + "e", t[:-3]] + ([t[:-4]] if len(t) > 5 and t[-4] == t[-5] else [])
        elif t.endswith("es"):
            out += [t[:-2], t[:-1]]
        elif t.endswith("s"):
            out.append(t[:-1])
    return out


def known_lemma(tok, known) -> str:
    """The first of :func:`lemma_forms` found in ``known``, else spaCy's lemma."""
    for f in lemma_forms(tok):
        if f in known:
            return f
    return tok.lemma_.lower()


# -- small syntactic readings ----------------------------------------------------------------

def object_token(tok):
    """The direct object of a verb, or its passive subject, or the object of its first
    preposition/particle, or None."""
    for c in tok.children:
        if c.dep_ in ("dobj", "attr", "oprd"):
            return c
    for c in tok.children:
        if c.dep_ == "nsubjpass":
            return c
    for c in tok.children:
        if c.dep_ in ("prep", "prt", "dative"):
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def of_objects(tok) -> list:
    """The objects of ``tok``'s "of" phrases ("the leaders of Chad" -> [Chad], "a suspension of
    attacks" -> [attacks], "tens of thousands of protesters" -> [thousands])."""
    return [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]


#: Prepositions that list examples of a plural noun ("diplomats from four countries, including
#: Chile and Peru"): closed-class words, kept here with the syntax that reads them.
EXAMPLE_PREPS = ("including", "like")


def origin_objects(tok) -> list:
    """The objects naming where ``tok``'s people come from: its own "from" phrase ("journalists
    from Kenya"), or one the parser hung on its governor after it (the verb it is the object of,
    "arrested three journalists from Kenya"; the act noun it is the "of" object of, "the expulsion
    of diplomats from Chile"); a plural noun there ("four countries") stands for the examples it
    lists ("..., including Chile and Peru"). Each object comes with its conjuncts."""
    govs = [tok]
    if tok.dep_ in ("dobj", "nsubjpass"):
        govs.append(tok.head)
    elif tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.i != tok.head.i:
        govs.append(tok.head.head)
    out = []
    for gov in govs:
        for c in gov.children:
            if c.dep_ != "prep" or c.lower_ != "from" or (gov is not tok and c.i < tok.i):
                continue
            for g in c.children:
                if g.dep_ != "pobj":
                    continue
                examples = [x for p in g.children if p.dep_ == "prep" and p.lower_ in EXAMPLE_PREPS
                            for x in p.children if x.dep_ == "pobj"]
                for h in examples or [g]:
                    out.extend(with_conjuncts(h))
    return out


def object_lemmas(obj) -> set[str]:
    """Lemmas that name what an object is: its head, compounds, and for a measure or container
    noun the noun of its "of" phrase ("25,000 tons of food aid", "700 kg of medicine")."""
    if obj is None:
        return set()
    out = {obj.lemma_.lower()} | {c.lemma_.lower() for c in obj.children if c.dep_ == "compound"}
    for c in obj.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj":
                    out |= {g.lemma_.lower()} | {x.lemma_.lower() for x in g.children if x.dep_ == "compound"}
    return out


def has_prep(tok, preps) -> bool:
    """Whether a preposition, particle or agent marker of ``preps`` hangs on ``tok``."""
    return any(c.dep_ in ("prep", "prt", "dative", "agent") and c.lower_ in preps for c in tok.children)


def has_modifier(tok, words) -> bool:
    """Whether a modifier (amod, compound, nmod, poss) of ``tok`` is one of ``words``."""
    return any(c.lemma_.lower() in words or c.lower_ in words for c in tok.children
               if c.dep_ in ("amod", "compound", "nmod", "poss"))


def passive_agent(tok):
    """The object of a passive verb's "by" agent, or None."""
    for c in tok.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def shared_passive_agent(tok):
    """The "by" agent of a passive verb, or of a later participle conjoined to it with no subject
    of its own ("was detained and beaten by police": the police detained too); None otherwise."""
    a = passive_agent(tok)
    for c in tok.children if a is None else ():
        if c.dep_ == "conj" and c.tag_ == "VBN" and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children):
            a = passive_agent(c)
            if a is not None:
                break
    return a


def governor(tok):
    """The verb whose clause a nominal trigger belongs to ("talks" in "talks fail" -> fail).

    Parser repair: a noun read as the object of a verb that also has a finite clausal
    complement with no subject after it is that clause's subject ("said a new offensive, if it
    came, would target ...": the offensive would target)."""
    if tok.dep_ == "dobj" and tok.pos_ in ("NOUN", "PROPN"):
        for c in tok.head.children:
            if c.dep_ == "ccomp" and c.i > tok.i and c.pos_ in ("VERB", "AUX") and not any(
                    g.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for g in c.children) and (
                    c.tag_ in ("VBD", "VBZ", "VBP") or any(g.dep_ == "aux" for g in c.children)):
                return c
    cur = tok
    for _ in range(4):
        if cur.pos_ in ("VERB", "AUX") or cur.dep_ == "ROOT":
            return cur
        cur = cur.head
    return cur


def agentless_passive(tok) -> bool:
    """A passive clause with no "by" agent ("a curfew has been imposed"), verbal or nominal."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else governor(tok)
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) and passive_agent(verb) is None


def _joined_to_report(conj) -> bool:
    """Whether a past-tense verb conjoined to a reported clause belongs to the reporting verb:
    the clause cannot share its tense (its head has a modal, "would not help and called"), or
    it is a state ("the plan was flawed and urged talks"), or the verb reports a clause of its
    own after a passive ("had been detained and warned that")."""
    head = conj.head
    if any(c.dep_ == "nsubj" and c.tag_ == "PRP" and c.lower_ != "it" for c in head.children):
        return False  # "X said she was appalled and called for ...": she is X, her own subject serves
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in head.children):
        return True
    if head.lemma_ == "be" and any(c.dep_ in ("acomp", "attr") for c in head.children):
        return True
    return any(c.dep_ == "ccomp" for c in conj.children) and any(c.dep_ == "nsubjpass" for c in head.children)


def subject_of(tok, syn: SyntaxLexicon | None = None):
    """The subject token of a verb or predicative word, following control and coordination (a
    raising passive's subject too: "the presidents are scheduled to meet"), a participle's noun,
    a statement noun's author, and a subject the parser stranded."""
    speech_nouns = syn.speech_nouns if syn is not None else frozenset()
    cur = tok
    for _ in range(6):
        subjects = [c for c in cur.children if c.dep_ in ("nsubj", "csubj") or (
            c.dep_ == "nsubjpass" and cur is not tok and cur.tag_ == "VBN")]  # "are scheduled to meet"
        if len(subjects) > 1:  # "told jurors that Reilly shot": "that" misread as a subject
            subjects = [c for c in subjects if c.lower_ not in ("that", "which")] or subjects
        if subjects:
            if subjects[0].lower_ in ("who", "which", "that") and cur.head.i != cur.i and (
                    cur.dep_ == "relcl" or (subjects[0].tag_ in ("WDT", "WP") and cur.head.pos_ in ("NOUN", "PROPN"))):
                return cur.head  # "protesters who marched on parliament": the protesters (also
                # when the parser hangs the relative clause as a complement: "shelling that killed")
            return subjects[0]
        stranded = [g for c in cur.children if c.dep_ == "mark" for g in c.children
                    if g.dep_ == "pobj" and g.i < cur.i] if cur.tag_ in ("VBD", "VBZ", "VBP") else []
        if stranded:  # "after Madrid allowed ...": the parser hung the clause's subject on its
            return stranded[0]  # subordinator as an object
        if syn is not None and cur.pos_ in ("VERB", "AUX") and cur.dep_ == "ROOT":
            joined = [x for c in cur.children if c.dep_ == "prep" and c.i < cur.i for g in c.children
                      if g.dep_ == "pobj" and is_time(g, syn) for x in g.conjuncts
                      if x.i > g.i and x.pos_ in ("PROPN", "NOUN") and not is_time(x, syn)]
            if joined:  # "On Friday, Armenia and Azerbaijan, with ..., exchanged": the parser
                return joined[0]  # joined the fronted subject to the time it follows
        if cur.dep_ == "conj" and cur.head.dep_ == "ccomp" and cur.tag_ == "VBD" and not any(
                c.dep_ in ("aux", "auxpass") for c in cur.children) and _joined_to_report(cur):
            # "X said 30 people had been detained and warned that ...", "X said the move would
            # not help and called for talks": the parser joined the second act of X to the
            # report's clause; X warned and called, not the 30 nor the move
            cur = cur.head.head
            continue
        if cur.dep_ == "conj" and cur.head.i != cur.i and not any(c.dep_ == "auxpass" for c in cur.children):
            shared = [c for c in cur.head.children if c.dep_ == "nsubjpass"]
            if shared:  # "X has been indicted ... and will resign": X resigns
                return shared[0]
        if cur.dep_ == "advcl" and cur.tag_ == "VBG" and cur.i > 0 and cur.doc[cur.i - 1].text == "," \
                and cur.head.dep_ == "acl" and cur.head.tag_ in ("VBN", "VBD"):
            noun = cur.head.head  # "fired at a crowd gathered for a rally, killing 40": the parser
            # hung the participle on the reduced relative; after the comma it goes on the main clause
            verb = noun.head if noun.dep_ in ("dobj", "obj") else (
                noun.head.head if noun.dep_ == "pobj" else None)
            if verb is not None and verb.pos_ in ("VERB", "AUX"):
                cur = verb
                continue
        if cur.dep_ == "xcomp" and cur.head.i != cur.i and any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children) \
                and cur.head.lemma_.lower() not in (syn.subject_control_verbs if syn is not None else ()):
            obj = [c for c in cur.head.children if c.dep_ in ("dobj", "obj") and c.i < cur.i]
            if obj:  # "prompting the African Union to condemn it", "forced the army to retreat":
                return obj[0]  # the object of the verb that brings it about does it
        if cur.dep_ in ("xcomp", "conj", "advcl", "acomp") and cur.head.i != cur.i:
            cur = cur.head
            continue
        if syn is not None and cur.dep_ == "pcomp" and cur.tag_ == "VBG" and cur.head.lower_ == "of" \
                and cur.head.head.lemma_.lower() in syn.charge_nouns:
            noun = cur.head.head  # "arrested X on charges of inciting violence": X is charged
            verb = noun.head.head if noun.dep_ == "pobj" else noun.head
            held = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")] if verb.pos_ in ("VERB", "AUX") else []
            if held:
                return held[0]
        if syn is not None and cur.dep_ == "pcomp" and cur.tag_ == "VBG" and cur.head.dep_ == "prep" \
                and cur.head.lower_ in syn.manner_preps and cur.head.head.pos_ in ("VERB", "AUX"):
            cur = cur.head.head  # "X responded by recognising Y": X recognised
            continue
        if cur.dep_ in ("acl", "relcl") and cur.head.i != cur.i:
            if cur.head.lemma_.lower() in speech_nouns and cur.head.head.pos_ in ("VERB", "AUX"):
                return subject_of(cur.head.head, syn)  # "X issued a declaration demanding that ...": X
            if syn is not None and cur.dep_ == "acl" and cur.tag_ == "VBG" and cur.head.dep_ in ("dobj", "obj") \
                    and known_lemma(cur.head.head, syn.light_verbs) in syn.light_verbs:
                return subject_of(cur.head.head, syn)  # "X launched an operation alleging that ...": X
            if syn is not None and cur.dep_ == "acl" and cur.head.lemma_.lower() in syn.intent_nouns \
                    and any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children) \
                    and cur.head.head.pos_ in ("VERB", "AUX") and cur.head.dep_ in ("dobj", "obj", "attr"):
                return subject_of(cur.head.head, syn)  # "X triggered a mechanism to reimpose ...": X
            return cur.head
        return stranded_subject(cur)
    return None


def stranded_subject(verb):
    """The noun phrase right before a finite root verb that the parser left without a subject,
    having attached it to an earlier phrase ("After the signature of an Accord ..., the
    cabinet and the rebels have agreed": "cabinet" parsed as a conjunct of "Accord"), or
    attached to the verb itself as a compound (headline "EU slaps duties on ...").
    Walks up conjunct heads only as far as the nearest comma, so the earlier phrase stays out."""
    if verb.dep_ != "ROOT" or verb.pos_ not in ("VERB", "AUX") or any(
            c.dep_ in ("nsubjpass", "expl") for c in verb.children):
        return None
    if not (verb.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ == "aux" for c in verb.children)):
        return None
    k = verb.i - 1
    first = sentence_of(verb).start
    while k >= first and verb.doc[k].dep_ in ("aux", "neg", "advmod") and verb.doc[k].head.i == verb.i:
        k -= 1
    if k < first:
        return None
    t = verb.doc[k]
    if t.pos_ not in ("NOUN", "PROPN") or t.ent_type_ in ("DATE", "TIME") or (
            t.head.i == verb.i and t.dep_ not in ("compound", "npadvmod")):
        return None  # (a noun the parser hung on the verb as a compound is its subject: "EU slaps ...")
    while t.dep_ == "conj" and t.head.i < t.i and not any(
            verb.doc[j].text in (",", ";", ":") for j in range(t.head.i + 1, t.left_edge.i)):
        t = t.head
    return t


def with_conjuncts(tok) -> list:
    """tok and the nouns conjoined to it ("Russia and Ukraine"). Conjuncts before a comma that
    opens tok's own phrase are left out: they belong to an earlier phrase the parser joined."""
    out = [tok]
    le = tok.left_edge.i
    cut = le > 0 and tok.doc[le - 1].text == ","
    for c in tok.conjuncts:
        if cut and c.i < le:
            continue
        if c.pos_ in ("NOUN", "PROPN", "PRON") and all(c.i != o.i for o in out):
            out.append(c)
    return out


def is_time(tok, syn: SyntaxLexicon) -> bool:
    """A time expression ("Tuesday", "8 a.m. GMT"): never an argument."""
    if tok.ent_type_ in ("TIME", "DATE"):
        return True
    return tok.lower_ in syn.time_words or any(c.ent_type_ in ("TIME", "DATE") for c in tok.children)


def lower_forms(doc) -> list[str]:
    """Lower-case forms of a Doc's tokens, computed once per Doc (kept in ``doc.user_data``):
    per-event scans of a sentence read these strings instead of making a Token per word."""
    got = doc.user_data.get("eventwire_lower")
    if got is None:
        got = doc.user_data["eventwire_lower"] = [t.lower_ for t in doc]
    return got


def sentence_of(tok):
    """``tok.sent`` (the Span of its sentence) from the Doc's sentence bounds, found once per Doc
    (kept in ``doc.user_data`` as (starts, ends) token indices): spaCy's ``Token.sent`` searches
    the Doc for the bounds on every call."""
    doc = tok.doc
    got = doc.user_data.get("eventwire_sents")
    if got is None:
        sents = list(doc.sents)
        got = doc.user_data["eventwire_sents"] = ([s.start for s in sents], [s.end for s in sents])
    starts, ends = got
    k = bisect.bisect_right(starts, tok.i) - 1
    return doc[starts[k]:ends[k]]


def speaker_candidates(tok, syn: SyntaxLexicon):
    """Tokens that may name the speaker of the reported speech holding ``tok``, in order, as
    (token, final) pairs: the subject of a verb of saying whose complement holds it ("Kyiv said
    Russian forces attacked ...", final: no other candidate is read after it; "an official said
    ..., according to Reuters": the official, who speaks, not the agency that reports it); the
    object of "according to" in its sentence; the subject of a speech verb at the root with the trigger in
    the clause it introduces ("..., the White House announced Tuesday")."""
    sent = sentence_of(tok)
    doc = tok.doc
    cur, said = tok, None
    for _ in range(6):
        if cur.head.i == cur.i:
            break
        if cur.dep_ in ("ccomp", "parataxis") and syn.speaks(cur.head):
            said = cur.head
            break
        cur = cur.head
    if said is not None:
        s = subject_of(said, syn)
        if s is not None:  # "an official said ..., according to Reuters": the official speaks
            yield s, True
            return
    lows = lower_forms(doc)
    for i in range(sent.start, sent.end):
        low = lows[i]
        if low == "according" and i + 1 < len(doc) and lows[i + 1] == "to":
            for g in doc[i + 1].children:
                if g.dep_ == "pobj":
                    yield g, False
        elif i > tok.i and low[-1:] == "s" and attribution_tail(doc[i], syn):
            yield doc[i], False  # "..., a Lebanese-owned daily reports."
    if said is not None:
        return
    root = sent.root
    if syn.speaks(root) and root.i != tok.i:
        s = subject_of(root, syn)
        if s is not None and not (s.i <= tok.i <= s.right_edge.i):
            yield s, True


# -- frames ------------------------------------------------------------------------------------

#: Two-word prepositions the parser splits ("out of Niger": "out" -> "of" -> "Niger"), read as
#: the one-word preposition they mean.
COMPOUND_PREPS = {("out", "of"): "from", ("away", "from"): "from", ("out", "from"): "from",
                  ("ahead", "of"): "before", ("because", "of"): "because"}


def prep_objects(prep) -> tuple[str, list]:
    """(preposition, objects) of a ``prep`` token, two-word prepositions read as one ("pull its
    soldiers out of Niger": ("from", [Niger]))."""
    pobjs = [g for g in prep.children if g.dep_ == "pobj"]
    if pobjs:
        return prep.lower_, pobjs
    for g in prep.children:
        if g.dep_ == "prep" and (prep.lower_, g.lower_) in COMPOUND_PREPS:
            return COMPOUND_PREPS[(prep.lower_, g.lower_)], [x for x in g.children if x.dep_ == "pobj"]
    if not any(True for _ in prep.children) and prep.i + 1 < len(prep.doc):
        # a stranded preposition before a noun the parser made the subject of the participle
        # after it ("fired tear gas at supporters marching towards parliament"): its object
        nxt = prep.doc[prep.i + 1:]
        noun = next((t for t in nxt if t.dep_ == "nsubj" and t.pos_ in ("NOUN", "PROPN")
                     and t.head.tag_ == "VBG" and t.head.head.i == prep.head.i), None)
        if noun is not None and all(t.i in {x.i for x in noun.subtree} for t in prep.doc[prep.i + 1:noun.i + 1]):
            return prep.lower_, [noun]
    return prep.lower_, []


def _obliques(tok, syn: SyntaxLexicon) -> dict:
    out: dict[str, list] = {}
    for c in tok.children:
        if c.dep_ != "prep":
            continue
        p, objs = prep_objects(c)
        pobjs = [_across(g, syn) for g in objs if not is_time(g, syn)]
        if pobjs:
            out.setdefault(p, []).extend(pobjs)
    return out


def _across(tok, syn: SyntaxLexicon):
    """The state across a syntax.yaml ``boundary_nouns`` noun ("troops to its border with China":
    China, not the sender's own side of it), else ``tok``."""
    if tok.lemma_.lower() in syn.boundary_nouns:
        other = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"
                 for g in c.children if g.dep_ == "pobj"]
        if other:
            return other[0]
    return tok


#: Words that open a free relative clause ("what they called", "whatever was agreed").
FREE_RELATIVE = frozenset({"what", "whatever"})


def free_relative(verb) -> bool:
    """Whether a verb heads a free relative clause: its object (direct, or of its preposition)
    is a "what" before it ("in what Baku called an operation", "review what the rebels agree
    to"): the clause names a thing, it does not report the act."""
    for c in verb.children:
        if c.dep_ == "dobj" and c.lower_ in FREE_RELATIVE and c.i < verb.i:
            return True
        if c.dep_ == "prep":
            if any(g.dep_ == "pobj" and g.lower_ in FREE_RELATIVE and g.i < verb.i for g in c.children):
                return True
    return False


def named_in_free_relative(tok) -> list:
    """What a verb with no object of its own is aimed at through a free relative of naming
    ("condemned what it called the use of force by police", "denounced what they described as
    a crackdown on the press"): the named noun phrase, and the by-phrase the parser hung on the
    naming verb (an active verb has no by-agent: it belongs to the named act). Empty otherwise."""
    for c in tok.children:
        if c.dep_ not in ("ccomp", "dobj", "xcomp") or c.pos_ != "VERB" or c.i < tok.i:
            continue
        if not free_relative(c):
            continue
        named = [g for g in c.children if g.dep_ in ("oprd", "attr") or (g.dep_ == "dobj" and g.i > c.i)]
        named += [o for g in c.children if g.dep_ == "prep" and g.lower_ == "as"
                  for o in g.children if o.dep_ == "pobj"]
        if named:
            return named + [o for g in c.children if g.dep_ in ("prep", "agent") and g.lower_ == "by"
                            for o in g.children if o.dep_ == "pobj"]
    return []


def _lend_obliques(f: Frame, verb, preps: tuple, syn: SyntaxLexicon) -> None:
    """Add to a noun frame the objects of ``verb``'s prepositions ``preps`` that the parser hung
    on the verb rather than on the noun ("fired tear gas at strikers")."""
    for p, objs in _obliques(verb, syn).items():
        if p in preps:
            f.obliques.setdefault(p, []).extend(objs)


def _verb_frame(tok, lemma: str, syn: SyntaxLexicon) -> Frame:
    f = Frame(head=tok, kind="adj" if tok.pos_ == "ADJ" else "verb", lemma=lemma)
    f.negated = any(c.dep_ == "neg" for c in tok.children)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    subjpass = [c for c in tok.children if c.dep_ == "nsubjpass"]
    if not subjpass and tok.dep_ == "conj" and (tok.tag_ == "VBN" or (
            tok.tag_ == "VBD" and not any(c.dep_ in ("nsubj", "ccomp") for c in tok.children)
            and any(c.dep_ == "auxpass" for c in tok.head.children))):
        # "has been accused of ... and criticized for ...": one auxiliary, two participles
        # (the tagger often calls the second a past tense; one with a that-clause is a report
        # of its own: "said 30 had been detained and warned that ...")
        subjpass = [c for c in tok.head.children if c.dep_ == "nsubjpass"]
        passive = passive or bool(subjpass)
    if not passive and tok.tag_ in ("VBN", "VBD") and tok.dep_ in ("pcomp", "advcl") and \
            not any(c.dep_ == "aux" for c in tok.children) and (tok.head.lower_ == "with" or any(
                c.dep_ == "mark" and c.lower_ == "with" for c in tok.children)):
        # an absolute construction, "with 9 guards wounded": the parser's subject
        # of the bare participle is who it happened to
        subjpass = [c for c in tok.children if c.dep_ == "nsubj"]
        passive = bool(subjpass)
    if not passive and tok.tag_ == "VBN" and tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN", "PRON") \
            and not any(c.dep_ in ("nsubj", "aux") for c in tok.children):
        # a reduced passive relative, "civilians killed by the troops": the noun undergoes it
        subjpass, passive = [tok.head], True
    f.obliques = _obliques(tok, syn)
    if passive and known_lemma(tok, syn.experiencer_verbs) in syn.experiencer_verbs:
        # "Dahl said she was shocked by the Chilean air raids": who feels it, what causes it
        f.voice = "stative"
        cause = passive_agent(tok) or next((g for c in tok.children if c.dep_ == "prep" and c.lower_ in (
            "by", "at", "over", "with") for g in c.children if g.dep_ == "pobj"), None)
        f.agent = subjpass
        if cause is not None:
            f.patient = [cause] + [c for c in cause.children if c.dep_ in ("amod", "compound", "poss")]
        return _complement(f, tok, syn)
    if passive and tok.lemma_.lower() in syn.stative_participles and passive_agent(tok) is None:
        f.voice = "stative"  # "Israel is opposed to", "Ukraine is committed to": a stance
        f.agent = subjpass
        return _complement(f, tok, syn)
    if passive:
        f.voice = "passive"
        a = shared_passive_agent(tok)
        f.agent = [a] if a is not None else []
        f.patient = subjpass
        if "from" in f.obliques:
            f.agent += f.obliques["from"]
    else:
        s = subject_of(tok, syn)
        f.agent = [s] if s is not None else []
        if s is not None and s.pos_ == "NOUN":  # "rockets fired from Lebanese territory hit ...":
            f.agent += [o for c in s.children if c.dep_ == "acl" and c.tag_ == "VBN"  # who fires from
                        for g in c.children if g.dep_ == "prep" and g.lower_ == "from"  # there
                        for o in g.children if o.dep_ == "pobj"]
        f.patient = [through_transparent(c, syn) for c in tok.children
                     if c.dep_ in ("dobj", "dative") and not attribution_tail(c, syn)]
        if not f.patient:
            f.patient = named_in_free_relative(tok)
    if known_lemma(tok, syn.instrument_verbs) in syn.instrument_verbs:
        _lend_purpose(f, tok)
    return _complement(f, tok, syn)


def _lend_purpose(f: Frame, verb) -> None:
    """Whom a means is used on by the infinitive of purpose of a verb of using ("used tear gas to
    disperse students", "fired live rounds to scatter the crowd"): its object, as an at-object."""
    for c in verb.children:
        if c.dep_ in ("xcomp", "advcl") and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children):
            f.obliques.setdefault("at", []).extend(g for g in c.children if g.dep_ == "dobj")


def through_transparent(tok, syn: SyntaxLexicon):
    """The "in" or "of" object of a syntax.yaml ``transparent_nouns`` noun ("suspended its
    participation in the pact": the pact), else ``tok``."""
    if tok.lemma_.lower() in syn.transparent_nouns:
        inner = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "of")
                 for g in c.children if g.dep_ == "pobj"]
        if inner:
            return inner[0]
    return tok


def attribution_tail(tok, syn: SyntaxLexicon) -> bool:
    """A sentence-final attribution the parser read as a noun ("..., a Lebanese-owned daily
    reports."): a third-person form of a speech verb after a comma, ending its sentence."""
    low = tok.lower_
    if not (low.endswith("s") and low[:-1] in syn.speech_verbs or low.endswith("es") and low[:-2] in syn.speech_verbs):
        return False
    sent = sentence_of(tok)
    if tok.i + 1 < sent.end and not tok.doc[tok.i + 1].is_punct:
        return False
    return any(tok.doc[j].text == "," for j in range(sent.start, tok.left_edge.i))


def _complement(f: Frame, tok, syn: SyntaxLexicon) -> Frame:
    for c in tok.children:
        if c.dep_ == "ccomp" and free_relative(c):
            continue  # "condemned what it called ...": a naming, no reported clause
        if c.dep_ in ("xcomp", "ccomp") and f.complement is None:
            f.complement = c
        if c.dep_ == "ccomp" and f.complement_subject is None:
            f.complement_subject = subject_of(c, syn)
    return f


def _noun_frame(tok, lemma: str, syn: SyntaxLexicon) -> Frame:
    if tok.dep_ in ("compound", "nmod") and tok.head.pos_ == "NOUN" and tok.i < tok.head.i:
        tok = tok.head  # "undertook a mediation mission between ...": the phrase's head
    f = Frame(head=tok, kind="noun", lemma=lemma)
    f.negated = any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in tok.children)
    f.modifiers = [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i]
    f.agent = [c for c in tok.children if c.dep_ == "poss"]
    f.obliques = _obliques(tok, syn)
    if not f.agent:  # "a demonstration staged by students": the participle's agent
        for c in tok.children:
            if c.dep_ == "acl" and c.tag_ == "VBN":
                a = passive_agent(c)
                if a is not None:
                    f.agent.append(a)
    if not f.agent and not f.modifiers and "by" not in f.obliques:  # "shelling and blockade by Chilean troops"
        for partner in tok.conjuncts:
            for c in partner.children:
                if c.dep_ == "prep" and c.lower_ == "by":
                    f.obliques.setdefault("by", []).extend(g for g in c.children if g.dep_ == "pobj")
    base = tok
    while base.dep_ == "conj" and base.head.i != base.i:
        base = base.head
    if base.dep_ == "pobj" and base.head.lower_ == "under" and base.head.head.pos_ in ("VERB", "AUX"):
        # "the city, which has been under bombardment and siege by Chadian forces": the verb's
        # subject undergoes the act and its by-phrase does it (the parser hangs both on the verb)
        verb = base.head.head
        s = subject_of(verb, syn)
        if s is not None and not f.patient:
            f.patient = [s]
        if not f.agent and "by" not in f.obliques:
            by = passive_agent(verb) or next((g for c in verb.children if c.dep_ == "prep" and c.lower_ == "by"
                                              for g in c.children if g.dep_ == "pobj"), None)
            if by is not None:
                f.obliques["by"] = [by]
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "in" and head.head.dep_ in ("dobj", "nsubjpass") and any(
            c.like_num or c.tag_ == "$" for c in head.head.subtree if c.i < head.i):
        # "announced $20 million in aid": the sum stands for the noun, as the verb's object,
        tok, head = head.head, head.head.head  # and whom the verb gives it to is the noun's
        if head.pos_ in ("VERB", "AUX"):
            _lend_obliques(f, head, ("to", "for"), syn)
    if tok.dep_ in ("dobj", "pobj") and known_lemma(head, syn.light_verbs) in syn.light_verbs:
        verb = head if head.pos_ in ("VERB", "AUX") else head.head
        if verb.pos_ in ("VERB", "AUX"):
            f.host, f.host_via = verb, "light"  # "launched an attack", "held talks"
    elif tok.dep_ == "dobj" and head.pos_ == "VERB" and known_lemma(head, syn.reciprocal_verbs) in syn.reciprocal_verbs:
        f.host, f.host_via = head, "light"  # "Lima and Quito traded accusations": its subjects do it
    elif tok.dep_ == "dobj" and head.pos_ == "VERB" and known_lemma(head, syn.instrument_verbs) in syn.instrument_verbs:
        f.host, f.host_via = head, "light"  # "fired tear gas at strikers": the user, and the
        _lend_obliques(f, head, ("at", "on", "into", "upon", "against"), syn)  # ones aimed at
        _lend_purpose(f, head)
    elif tok.dep_ == "pobj" and head.lower_ == "with" and head.head.pos_ == "VERB" \
            and known_lemma(head.head, syn.means_verbs) in syn.means_verbs \
            and not any(c.dep_ in ("nsubjpass", "auxpass") for c in head.head.children):
        verb = head.head  # "police responded with tear gas", "dispersed the crowd with water
        f.host, f.host_via = verb, "light"  # cannon": the active verb's subject uses the means
        _lend_obliques(f, verb, ("at", "on", "into", "upon", "against"), syn)
        if not f.patient:  # and its object undergoes it
            f.patient = [c for c in verb.children if c.dep_ == "dobj"]
    elif tok.dep_ == "pobj" and head.lower_ == "during" and head.head.pos_ in ("VERB", "AUX"):
        f.host, f.host_via = head.head, "during"
    elif tok.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in syn.host_preps and head.head.pos_ in ("VERB", "AUX"):
        f.host, f.host_via = head.head, head.lower_  # "arrived on a visit", "gathered for a rally"
    for c in tok.children:  # "its claims that Quito armed the rebels": the noun's that-clause
        if c.dep_ in ("acl", "ccomp") and f.complement is None and any(
                g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
            f.complement, f.complement_subject = c, subject_of(c, syn)
    return f


def frame_of(tok, lemma: str, syn: SyntaxLexicon) -> Frame:
    """The :class:`Frame` of a predicate token (verb, adjective, or event noun)."""
    if tok.pos_ in ("VERB", "AUX", "ADJ") or (tok.dep_ == "ROOT" and (tok.pos_ != "NOUN" or any(
            c.dep_ in ("nsubj", "dobj") for c in tok.children))):
        # (a root "noun" with a subject or an object is a headline's verb: "police arrest leader")
        return _verb_frame(tok, lemma, syn)
    return _noun_frame(tok, lemma, syn)


def host_agent(f: Frame, syn: SyntaxLexicon) -> list:
    """The doer the verb hosting a noun frame lends it: its subject, else its passive agent
    ("launched an attack", "an offensive was launched by ...")."""
    if f.host is None:
        return []
    s = subject_of(f.host, syn)
    if s is not None:
        return [s]
    a = passive_agent(f.host)
    return [a] if a is not None else []
