"""Token-level helpers of the event stage: lemmas, objects, suppression, entities of tokens.

Dependency labels are spaCy's English (ClearNLP) scheme: nsubj, nsubjpass, dobj, pobj, agent,
poss, amod, compound, conj, xcomp, ccomp, advcl, relcl, acl, neg, aux, mark.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Entity, Sentence

SUBJ = ("nsubj", "nsubjpass", "csubj", "expl")
CLAUSE = ("relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "parataxis")
#: Prepositions whose object is the recipient ("attack on", "sanctions against", "invasion of").
RECIPIENT_PREPS = {"on", "against", "at", "into", "of", "upon", "to", "toward", "towards", "with", "for", "from"}
EXPERIENCER = {"appall", "outrage", "horrify", "shock", "alarm", "dismay", "disturb", "distress",
               "sadden", "anger", "concern", "trouble"}
STATIVE_PARTICIPLES = {"oppose", "commit", "determine", "prepare", "dedicate", "resolve"}
LIGHT_VERBS = {"launch", "carry", "hold", "conduct", "start", "stage", "begin", "continue", "resume",
               "renew", "organize", "organise", "join", "lead", "call", "undertake", "pursue",
               "mount", "make", "issue", "level", "lodge", "announce", "step", "intensify", "escalate"}
#: Content verbs: their complement's verbs are what is agreed/asked/refused, not separate events.
CONTENT_TYPES = {"AGREE", "REQUEST", "REJECT", "THREATEN", "ACCUSE"}
ARMED_SECTORS = {"MIL", "REB", "UAF", "COP", "SPY"}
#: Prepositions that introduce the content of a verbal act ("accused of", "called for", "talks about").
COMPLEMENT_PREPS = {"of", "for", "about", "over", "to", "on"}
IGO_SECTORS = {"IGO", "NGO"}


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


def tok_start(sent: Sentence, tok) -> int:
    return sent.offset + tok.idx


def object_token(tok):
    """The direct object of a verb, or the object of its first preposition/particle, or None."""
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


def has_prep(tok, preps: frozenset) -> bool:
    return any(c.dep_ in ("prep", "prt", "dative", "agent") and c.lower_ in preps for c in tok.children)


def has_modifier(tok, words: set) -> bool:
    return any(c.lemma_.lower() in words or c.lower_ in words for c in tok.children
               if c.dep_ in ("amod", "compound", "nmod", "poss"))


def is_protest_strike(tok, lex) -> bool:
    """"general strike", "hunger strike", "workers' strike", "went on strike"."""
    if has_modifier(tok, set(lex.cue("protest_strike"))):
        return True
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "on" and head.head.lemma_ in ("go", "be", "remain", "stay"):
        return True
    return False


#: Subordinators of a clause that tells what already happened, not what is agreed or demanded.
BACKGROUND_MARKS = {"after", "since", "because", "as", "when", "while", "following", "once"}


def content_governor(tok, heads: dict) -> int | None:
    """Index of the `content` trigger whose xcomp/ccomp/pcomp complement holds tok, or None.
    A clause of time or cause on the way up (:data:`BACKGROUND_MARKS`) ends the search."""
    cur = tok
    while cur.head.i != cur.i:
        dep, head = cur.dep_, cur.head
        if dep == "advcl" and any(c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKS for c in cur.children):
            return None  # "called for pressure after a strike killed 31": the strike happened
        if dep in ("xcomp", "ccomp", "pcomp", "advcl", "acomp") or (dep == "acl" and head.pos_ == "NOUN") or (
                dep == "pobj" and head.dep_ == "prep" and head.lower_ in COMPLEMENT_PREPS):
            for anc in [head] + ([head.head] if head.dep_ == "prep" else []):
                e = heads.get(anc.i)
                if e is not None and e.has("content"):
                    return anc.i
            if dep == "ccomp":  # "reiterated its demand today that Israel ease ...": the clause
                for o in head.children:  # the parser hung on the verb belongs to its object
                    e = heads.get(o.i)
                    if o.dep_ == "dobj" and o.i < cur.i and e is not None and e.has("content"):
                        return o.i
        if dep in ("relcl", "acl", "ROOT"):
            return None
        cur = head
    return None


def suppressed(tok, entry, heads: dict, lex) -> bool:
    """A trigger that is not an event of its own.

    - inside the complement of a content trigger ("agreed to provide aid", "accused X of violating");
    - a nominal trigger that is the object of a verbal-act trigger ("condemned the attack",
      "rejected a request", "demanded talks"): the verbal act is the event reported here.
    """
    if content_governor(tok, heads) is not None:
        return True
    if tok.pos_ in ("NOUN", "PROPN"):
        if tok.dep_ in ("attr", "oprd"):
            return True  # predicative: "called the decision a coup"
        if in_scare_quotes(tok):
            return True  # a characterisation: 'the culmination of a “constitutional coup”'
        head = tok.head
        if tok.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
            if head.lower_ not in COMPLEMENT_PREPS:
                return False
            head = head.head
        if tok.dep_ in ("dobj", "pobj", "nsubjpass") and head.i in heads and head.i != tok.i:
            if entry.event_type == "PROTEST" and heads[head.i].event_type in ("ASSAULT", "COERCE"):
                return False  # "police broke up a demonstration": the protest took place too
            return True  # "condemned the attack", "suspended the talks": the verb is the event here
        if tok.dep_ == "conj" and head.i in heads and head.i != tok.i:
            h = heads[head.i]
            if lex.quad(h.event_type) in ("verbal cooperation", "verbal conflict"):
                return True
    return False


# -- entities of tokens ------------------------------------------------------------------------

QUOTE_OPEN = {"“", "‘", '"', "``", "'"}
QUOTE_CLOSE = {"”", "’", '"', "''", "'"}


def in_scare_quotes(tok, width: int = 6) -> bool:
    """The token sits inside a short quoted phrase (at most ``width`` tokens between the marks)
    of a sentence that is not itself a quotation."""
    doc = tok.doc
    lo = next((i for i in range(tok.i - 1, max(tok.sent.start, tok.i - width) - 1, -1)
               if doc[i].text in QUOTE_OPEN), None)
    if lo is None:
        return False
    hi = next((i for i in range(tok.i + 1, min(tok.sent.end, tok.i + width + 1))
               if doc[i].text in QUOTE_CLOSE), None)
    return hi is not None and hi - lo - 1 <= width and lo > tok.sent.start


def _phrase_tokens(tok):
    """Tokens of tok's noun phrase, without clauses (relative clauses, participles)."""
    out = [tok]
    stack = [c for c in tok.children if c.dep_ not in CLAUSE and c.dep_ not in ("conj", "cc", "punct")]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in CLAUSE and c.dep_ not in ("conj", "cc"))
    return out


def entities_of(sent: Sentence, tok, index) -> list[Entity]:
    """Entities a noun-phrase head refers to: the one covering the head, else the shallowest ones
    in its phrase ("Members of the Ukrainian forces" -> Ukrainian forces)."""
    e = index.at(tok_start(sent, tok))
    if e is not None:
        return [_phrase_country(sent, tok, _modifier_country(sent, tok, e, index), index)]
    best, depth_best = [], 99
    for t in _phrase_tokens(tok):
        if t.i == tok.i:
            continue
        ent = index.at(tok_start(sent, t))
        if ent is None:
            continue
        depth, cur = 0, t
        while cur.i != tok.i and cur.head.i != cur.i:
            depth, cur = depth + 1, cur.head
        if depth < depth_best:
            best, depth_best = [ent], depth
        elif depth == depth_best and all(ent is not b for b in best):
            best.append(ent)
    if not best:
        gloss = _bracket_gloss(sent, tok, index)
        if gloss is not None:
            return [gloss]
    return [_phrase_country(sent, tok, b, index) for b in best]


def _bracket_gloss(sent: Sentence, tok, index) -> Entity | None:
    """The entity in brackets right after a phrase that names none: an editor's gloss or an
    expansion ("the elements of the GP [presidential guard]", "the RSF (Rapid Support Forces)")."""
    doc = tok.doc
    for t in sorted(_phrase_tokens(tok), key=lambda t: t.i):
        if t.i + 2 < len(doc) and doc[t.i + 1].text in ("[", "("):
            for k in (t.i + 2, t.i + 3):
                e = index.at(tok_start(sent, doc[k])) if k < len(doc) else None
                if e is not None:
                    return e
    return None


def _phrase_country(sent: Sentence, tok, e: Entity, index) -> Entity:
    """A person or agent with no country found inside a larger noun phrase takes the one state
    that phrase names ("A member of the Syrian parliament, Mohammed Mamoun"; "workers affiliated
    with the Serbian Workers' Union"; "students throughout Indonesia")."""
    if e.country or e.sector in IGO_SECTORS or e.kind not in ("agent", "person"):
        return e
    phrase = [t for t in _phrase_tokens(tok)]
    lo = sent.offset + min(t.idx for t in phrase)
    hi = sent.offset + max(t.idx + len(t.text) for t in phrase)
    states = {x.country for x in index.in_span(lo, hi) if x is not e and x.country}
    return replace(e, country=next(iter(states)), country_source="phrase") if len(states) == 1 else e


def _modifier_country(sent: Sentence, tok, e: Entity, index) -> Entity:
    """An office or agent noun with no country takes the state named in its possessive or
    adjective modifier ("Taiwan's Vice Foreign Minister", "Israeli intelligence officials")."""
    if e.country or e.sector in IGO_SECTORS or e.kind not in ("agent", "person"):
        return e
    head = next((t for t in sent.span if sent.offset + t.idx == e.head), tok)
    for c in head.children:
        if c.dep_ in ("poss", "amod", "compound", "nmod") and not (e.start <= tok_start(sent, c) < e.end):
            m = index.at(tok_start(sent, c))
            if m is not None and m.country and m is not e:
                return replace(e, country=m.country, country_source="phrase")
            if m is not None and m is not e and m.sector in IGO_SECTORS and m.name and not e.affiliation:
                return replace(e, affiliation=m.name)  # "NATO peacekeeping troops"
    return e


def with_conjuncts(tok) -> list:
    """tok and the nouns conjoined to it ("Russia and Ukraine"). Conjuncts before a comma that
    opens tok's own phrase are left out: they belong to an earlier phrase the parser joined."""
    out = [tok]
    le = tok.left_edge.i if hasattr(tok, "left_edge") else tok.i
    cut = le > 0 and tok.doc[le - 1].text == ","
    for c in tok.conjuncts if hasattr(tok, "conjuncts") else []:
        if cut and c.i < le:
            continue
        if c.pos_ in ("NOUN", "PROPN", "PRON") and all(c.i != o.i for o in out):
            out.append(c)
    return out


def _ents(sent, toks, index) -> list[Entity]:
    out: list[Entity] = []
    for t in toks:
        for c in with_conjuncts(t):
            for e in entities_of(sent, c, index):
                if all(e is not o for o in out):
                    out.append(e)
    return out


def subject_of(tok):
    """The subject token of a verb or predicative word, following control and coordination."""
    seen = 0
    cur = tok
    while seen < 6:
        seen += 1
        for c in cur.children:
            if c.dep_ in ("nsubj", "csubj"):
                return c
        if cur.dep_ == "conj" and cur.head.i != cur.i and not any(c.dep_ == "auxpass" for c in cur.children):
            shared = [c for c in cur.head.children if c.dep_ == "nsubjpass"]
            if shared:  # "X has been indicted ... and will resign": X resigns
                return shared[0]
        if cur.dep_ in ("xcomp", "conj", "advcl", "acomp") and cur.head.i != cur.i:
            cur = cur.head
            continue
        if cur.dep_ in ("acl", "relcl") and cur.head.i != cur.i:
            if cur.head.lemma_.lower() in SPEECH_NOUNS_S and cur.head.head.pos_ in ("VERB", "AUX"):
                return subject_of(cur.head.head)  # "X issued a declaration demanding that ...": X
            return cur.head
        return _stranded_subject(cur)
    return None


def _stranded_subject(verb):
    """The noun phrase right before a finite root verb that the parser left without a subject,
    having attached it to an earlier phrase ("With the signing of a Memorandum ..., the Sudanese
    government and SPLM/A have agreed": "government" parsed as a conjunct of "Memorandum").
    Walks up conjunct heads only as far as the nearest comma, so the earlier phrase stays out."""
    if verb.dep_ != "ROOT" or verb.pos_ not in ("VERB", "AUX") or any(
            c.dep_ in ("nsubjpass", "expl") for c in verb.children):
        return None
    if not (verb.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ == "aux" for c in verb.children)):
        return None
    k = verb.i - 1
    while k >= verb.sent.start and verb.doc[k].dep_ in ("aux", "neg", "advmod") and verb.doc[k].head.i == verb.i:
        k -= 1
    if k < verb.sent.start:
        return None
    t = verb.doc[k]
    if t.pos_ not in ("NOUN", "PROPN") or t.ent_type_ in ("DATE", "TIME") or t.head.i == verb.i:
        return None
    while t.dep_ == "conj" and t.head.i < t.i and not any(
            verb.doc[j].text in (",", ";", ":") for j in range(t.head.i + 1, t.left_edge.i)):
        t = t.head
    return t


#: Nouns of statements (a participle on them has the statement's author as its subject).
SPEECH_NOUNS_S = {"declaration", "statement", "communique", "letter", "resolution", "message", "note"}


def pronoun_subject(tok) -> bool:
    """Whether the trigger's subject is a personal pronoun ("it is not willing", "they agreed")."""
    s = subject_of(tok)
    return s is not None and s.pos_ == "PRON"


def agentless_passive(tok) -> bool:
    """A passive clause with no "by" agent ("a curfew has been imposed"), verbal or nominal."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else _governor(tok)
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) and passive_agent(verb) is None


def passive_agent(tok):
    for c in tok.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


# -- aux ------------------------------------------------------------------------------------------

def _governor(tok):
    """The verb whose clause a nominal trigger belongs to ("talks" in "talks fail" -> fail)."""
    cur = tok
    for _ in range(4):
        if cur.pos_ in ("VERB", "AUX") or cur.dep_ == "ROOT":
            return cur
        cur = cur.head
    return cur


def names_with_verdict(tok, lex) -> bool:
    """ "X called Y a war crime": a verb of naming (``tok``, "call") with a direct object and,
    after it, a second complement whose words include a cues.yaml ``condemning`` lemma. The
    object's own phrase ("the decision to suspend talks") does not count; "call for/on/with" are
    other senses (demands, meetings)."""
    if any(c.dep_ == "prep" and c.lower_ in ("for", "on", "upon", "with") for c in tok.children):
        return False
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    if not objs:
        return False
    obj = objs[0]
    words = lex.cue("condemning")
    for c in tok.children:
        if c.i <= obj.i or c.dep_ not in ("oprd", "ccomp", "dobj", "xcomp", "attr"):
            continue
        if any(t.lemma_.lower() in words or t.lower_ in words for t in c.subtree):
            return True
    return False
