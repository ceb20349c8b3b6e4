"""Argument, aux and mode rules of the event stage, over spaCy tokens of one sentence.

Dependency labels are spaCy's English (ClearNLP) scheme: nsubj, nsubjpass, dobj, pobj, agent,
poss, amod, compound, conj, xcomp, ccomp, advcl, relcl, acl, neg, aux, mark.
"""

from __future__ import annotations

import datetime as dt

from dataclasses import replace

from ..model import Article, Entity, Place, Sentence

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


def content_governor(tok, heads: dict) -> int | None:
    """Index of the `content` trigger whose xcomp/ccomp/pcomp complement holds tok, or None."""
    cur = tok
    while cur.head.i != cur.i:
        dep, head = cur.dep_, cur.head
        if dep in ("xcomp", "ccomp", "pcomp", "advcl", "acomp") or (
                dep == "pobj" and head.dep_ == "prep" and head.lower_ in COMPLEMENT_PREPS):
            for anc in [head] + ([head.head] if head.dep_ == "prep" else []):
                e = heads.get(anc.i)
                if e is not None and e.has("content"):
                    return anc.i
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
        return [_modifier_country(sent, tok, e, index)]
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
    return best


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
                return replace(e, country=m.country)
    return e


def with_conjuncts(tok) -> list:
    """tok and the nouns conjoined to it ("Russia and Ukraine")."""
    out = [tok]
    for c in tok.conjuncts if hasattr(tok, "conjuncts") else []:
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
        if cur.dep_ in ("xcomp", "conj", "advcl", "acomp") and cur.head.i != cur.i:
            cur = cur.head
            continue
        if cur.dep_ in ("acl", "relcl") and cur.head.i != cur.i:
            return cur.head
        return None
    return None


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


TIME_WORDS = {"a.m.", "p.m.", "gmt", "utc", "hour", "minute", "morning", "evening", "night",
              "afternoon", "noon", "midnight", "week", "day", "month", "year", "time"}


def _is_time(tok) -> bool:
    if tok.ent_type_ in ("TIME", "DATE"):
        return True
    return tok.lower_ in TIME_WORDS or any(c.ent_type_ in ("TIME", "DATE") for c in tok.children)


def _modifier_entities(sent, tok, index) -> list[Entity]:
    """Entities inside the compound/adjective modifiers of a noun ("Russia-Ukraine talks")."""
    out = []
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i:
            lo = min(t.idx for t in c.subtree)
            hi = max(t.idx + len(t.text) for t in c.subtree)
            for e in index.in_span(sent.offset + lo, sent.offset + hi):
                if all(e is not o for o in out):
                    out.append(e)
    return out


def arguments(article: Article, sent: Sentence, tok, etype: str, index) -> tuple[list[Entity], list[Entity]]:
    """(actor, recipient) entity lists for a trigger token.

    Verbs: actor = subject (through control, coordination and participles) or passive agent;
    recipient = object, passive subject, or object of on/against/at/into/to/toward/upon.
    CONSULT: every participant (subject, object, "with", "between") is an actor, except the
    host of a visit (recipient). Nominal triggers: possessive, demonym/compound modifiers and
    "by/between/from" give actors; "on/against/of/into/to" give recipients; a light verb
    ("launched an attack", "held talks") lends its subject.
    """
    actor_t, recip_t, extra_actor = [], [], []
    consult = etype == "CONSULT"
    hosted = tok.lemma_.lower() in ("visit", "host")
    if tok.pos_ in ("VERB", "AUX", "ADJ") or (tok.dep_ == "ROOT" and tok.pos_ != "NOUN"):
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        subjpass = [c for c in tok.children if c.dep_ == "nsubjpass"]
        if not subjpass and tok.dep_ == "conj" and tok.tag_ == "VBN":
            subjpass = [c for c in tok.head.children if c.dep_ == "nsubjpass"]
            passive = passive or bool(subjpass)
        if passive and known_lemma(tok, EXPERIENCER) in EXPERIENCER:
            # "Starmer said he was appalled by Russian missile strikes": who feels it disapproves
            a = passive_agent(tok) or next((g for c in tok.children if c.dep_ == "prep" and c.lower_ in (
                "by", "at", "over", "with") for g in c.children if g.dep_ == "pobj"), None)
            actor_t += subjpass
            recip_t += [a] if a is not None else []
            subjpass, passive = [], False
            if a is not None:
                recip_t += [c for c in a.children if c.dep_ in ("amod", "compound", "poss")]
        elif passive and tok.lemma_.lower() in STATIVE_PARTICIPLES and passive_agent(tok) is None:
            passive = False  # "Israel is opposed to", "Ukraine is committed to": a stance
            actor_t += subjpass
            subjpass = []
        if passive:
            a = passive_agent(tok)
            if a is not None:
                actor_t.append(a)
            recip_t += subjpass
        else:
            s = subject_of(tok)
            if s is not None:
                actor_t.append(s)
            objs = [c for c in tok.children if c.dep_ in ("dobj", "dative")]
            if consult and not hosted:
                actor_t += objs
            else:
                recip_t += objs
        for c in tok.children:
            if c.dep_ != "prep":
                continue
            pobjs = [g for g in c.children if g.dep_ == "pobj" and not _is_time(g)]
            p = c.lower_
            if p in ("with", "between") and consult:
                actor_t += pobjs
            elif p == "between":
                actor_t += pobjs
            elif p == "from" and passive:
                actor_t += pobjs
            elif consult:
                continue
            elif p == "with" and etype in ("COOPERATE", "AGREE"):
                recip_t += pobjs
            elif p in ("on", "against", "at", "into", "upon", "to", "toward", "towards", "with") \
                    or (p == "of" and etype == "ACCUSE"):
                recip_t += pobjs
        for c in tok.children:
            if c.dep_ == "ccomp" and etype in ("REQUEST", "ACCUSE"):
                s = subject_of(c)
                if s is not None:
                    recip_t.append(s)
    else:  # nominal trigger
        extra_actor = _modifier_entities(sent, tok, index)
        for c in tok.children:
            if c.dep_ == "poss":
                actor_t.append(c)
            elif c.dep_ == "prep":
                pobjs = [g for g in c.children if g.dep_ == "pobj" and not _is_time(g)]
                p = c.lower_
                if p == "by" or p == "between" or (p == "with" and consult):
                    actor_t += pobjs
                elif p == "from" and etype in ("ASSAULT", "AID", "REQUEST"):
                    actor_t += pobjs
                elif consult:
                    continue
                elif p in ("on", "against", "of", "into", "to", "upon", "toward", "towards"):
                    recip_t += pobjs
        if not actor_t and not extra_actor:  # "bombardment and siege by Russian forces"
            for partner in list(tok.conjuncts):
                for c in partner.children:
                    if c.dep_ == "prep" and c.lower_ == "by":
                        actor_t += [g for g in c.children if g.dep_ == "pobj"]
        if not actor_t and not extra_actor:
            head = tok.head
            if tok.dep_ == "pobj" and head.lower_ in ("on", "for") and etype in ("CONSULT", "PROTEST", "MOBILIZE") \
                    and head.head.pos_ in ("VERB", "AUX"):
                head = head.head  # "arrived in Amman on a visit", "gathered for a rally"
                s = subject_of(head)
                if s is not None:
                    actor_t.append(s)
            elif tok.dep_ in ("dobj", "pobj") and known_lemma(head, LIGHT_VERBS | {"during"}) in LIGHT_VERBS | {"during"}:
                verb = head if head.pos_ in ("VERB", "AUX") else head.head
                s = subject_of(verb) if verb.pos_ in ("VERB", "AUX") else None
                if s is not None:
                    actor_t.append(s)
                elif any(c.dep_ == "agent" for c in verb.children):
                    actor_t.append(passive_agent(verb))
    if consult and tok.pos_ == "NOUN" and tok.lemma_.lower() == "call":
        # a phone call: the caller ("Blinken's call with ...") acts, the one called receives
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "with":
                pobjs = [g for g in c.children if g.dep_ == "pobj"]
                actor_t = [t for t in actor_t if all(t.i != p.i for p in pobjs)]
                recip_t += pobjs
    actor = extra_actor + [e for e in _ents(sent, [t for t in actor_t if t is not None], index)
                           if all(e is not x for x in extra_actor)]
    recipient = [e for e in _ents(sent, recip_t, index) if all(e is not a for a in actor)]
    return actor, recipient


def must_arguments(sent: Sentence, tok, index, speaker: Entity | None) -> tuple[list[Entity], list[Entity]]:
    """A demand phrased with "must" ("Russia said Sudan must return the helicopter"; "it must be
    given security guarantees from its allies"): actor = who says it; recipient = who must act
    (the subject), or for a passive whose subject is the speaker, who must give (from/by)."""
    if speaker is None:  # "Chirac issued a stern reminder to Iraq that it must cooperate"
        root = sent.span.root
        cur, via = tok, False
        for _ in range(8):
            if cur.i == root.i:
                break
            via = via or cur.dep_ in ("acl", "ccomp")
            cur = cur.head
        s = subject_of(root) if via and cur.i == root.i and root.i != tok.i else None
        ents = entities_of(sent, s, index) if s is not None else []
        speaker = ents[0] if ents else None
    actor = [speaker] if speaker else []
    recip_t = []
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    subj_ents = _ents(sent, subj, index)
    same = speaker is not None and any(e.country and e.country == speaker.country for e in subj_ents)
    if passive and (same or not subj_ents):
        holders = [tok] + [c for c in tok.children if c.dep_ in ("dobj", "attr")]
        for h in holders:
            for c in h.children:
                if c.dep_ in ("prep", "agent") and c.lower_ in ("from", "by") and not any(
                        g.dep_ == "neg" for g in c.subtree):  # "and not just from Russia"
                    recip_t += [g for g in c.children if g.dep_ == "pobj"]
        recipient = []
        for g in recip_t:  # "its allies in the U.S. and NATO": the named members of the group
            lo, hi = sent.offset + g.left_edge.idx, sent.offset + g.right_edge.idx + len(g.right_edge.text)
            for e in index.in_span(lo, hi):
                if e.kind == "pronoun" or (speaker is not None and e.country and e.country == speaker.country):
                    continue
                if all(e is not r for r in recipient):
                    recipient.append(e)
    else:
        recipient = [e for e in subj_ents if not same]
    return actor, recipient


CONTENT_NOUNS = {"demand", "proposal", "offer", "request", "plan", "call", "initiative", "ultimatum",
                 "condition", "peace", "plea", "appeal", "invitation"}


def _entity_span(sent: Sentence, tok, index) -> list[Entity]:
    lo = sent.offset + tok.left_edge.idx
    hi = sent.offset + tok.right_edge.idx + len(tok.right_edge.text)
    return [e for e in index.in_span(lo, hi) if e.kind != "pronoun" or e.country]


def content_recipient(sent: Sentence, tok, etype: str, actor: list[Entity], index) -> list[Entity]:
    """For agreements, refusals, concessions and demands that name no recipient, the party the
    content is about:

    - whose demand/proposal/offer is agreed to or refused ("open to discussing Russia's demand");
    - to whom the complement's act goes ("not willing to cede any of its territory to Russia");
    - for a demand, who must act: the subject of its that-clause ("demands are assurances that
      Ukraine will never join NATO").
    """
    mine = {e.country for e in actor if e.country} | {e.name for e in actor if not e.country}

    def other(ents):
        return [e for e in ents if (e.country or e.name) not in mine]

    sub = [t for t in tok.subtree if t.i != tok.i]
    for t in sub:
        if t.lemma_.lower() in CONTENT_NOUNS and t.pos_ == "NOUN":
            for c in t.children:
                if c.dep_ in ("poss", "compound", "amod"):
                    found = other(entities_of(sent, c, index))
                    if found:
                        return found
    for t in sub:
        if t.pos_ == "VERB" and t.dep_ in ("xcomp", "ccomp", "pcomp", "conj"):
            for c in t.children:
                if c.dep_ in ("dative",) or (c.dep_ == "prep" and c.lower_ in ("to", "with", "on", "against")):
                    objs = [g for g in c.children if g.dep_ == "pobj"] if c.dep_ == "prep" else [c]
                    found = other(_ents(sent, objs, index))
                    if found:
                        return found
    if etype == "REQUEST":
        root = tok if tok.pos_ in ("VERB", "AUX") else _governor(tok)
        scope = list(root.subtree) if root.i != tok.i else sub
        for t in scope:
            if t.pos_ in ("VERB", "AUX") and any(c.dep_ == "mark" and c.lower_ == "that" for c in t.children):
                s = subject_of(t)
                if s is not None:
                    found = other(entities_of(sent, s, index))
                    if found:
                        return found
    return []


def absolute_actor(sent: Sentence, tok, index) -> list[Entity]:
    """"fighting rages across Ukraine, with Russian troops moving in": the armed subject of a
    with-clause attached to the trigger's clause acts in it."""
    gov = _governor(tok)
    ancestors = {gov.i} | {a.i for a in gov.ancestors}
    for t in sent.span:
        if t.lower_ == "with" and t.dep_ == "prep" and t.head.i in ancestors:
            subjects = [g for g in t.children if g.dep_ == "pobj" and any(c.tag_ == "VBG" for c in g.children)]
            for g in t.children:  # "with Russian troops moving in": pcomp VBG with its own subject
                if g.dep_ == "pcomp" and g.tag_ == "VBG":
                    subjects += [c for c in g.children if c.dep_ == "nsubj"]
            for g in subjects:
                ents = [e for e in entities_of(sent, g, index) if e.sector in ARMED_SECTORS]
                if ents:
                    return ents
    return []


# -- senses ------------------------------------------------------------------------------------

def discard_domain(article: Article, lex) -> str | None:
    """The non-political domain of an article (sport, business, science) or None.

    An article is in a domain when at least 4 distinct words of that domain's list occur in its
    sentences and it has fewer distinct armed cue words than that.
    """
    lemmas = {t.lemma_.lower() for s in article.sentences for t in s.span}
    armed = len(lemmas & lex.cue("armed"))
    best, score = None, 0
    for name, words in (lex.cues.get("discard_domains") or {}).items():
        n = len(lemmas & words)
        if n >= 4 and n > armed and n > score:
            best, score = name, n
    return best


def conflict_sense(sent: Sentence, tok, ents: list[Entity], lex, domain: str | None, strict: bool = False) -> bool:
    """Does an `armed` trigger have its conflict sense here?

    Yes when an argument is an armed actor (MIL/REB/COP/...), or (outside a non-political domain)
    a state, government or IGO, or an armed cue word occurs in the sentence other than the trigger.
    ``strict`` (non-political articles): only armed arguments or cue words count.
    """
    if any(e.sector in ARMED_SECTORS for e in ents):
        return True
    if not strict and domain is None and any(e.kind in ("state", "metonym") or e.sector in ("GOV", "IGO", "CVL", "REF")
                                             for e in ents):
        return True
    cues = lex.cue("armed")
    return any(t.lemma_.lower() in cues for t in sent.span if t.i != tok.i)


# -- aux ------------------------------------------------------------------------------------------

def _governor(tok):
    """The verb whose clause a nominal trigger belongs to ("talks" in "talks fail" -> fail)."""
    cur = tok
    for _ in range(4):
        if cur.pos_ in ("VERB", "AUX") or cur.dep_ == "ROOT":
            return cur
        cur = cur.head
    return cur


def aux_of(tok, lex) -> str | None:
    """PLOVER aux from the trigger's clause: negation, hypothetical or future (else None)."""
    hyp, fut = lex.cue("hypothetical"), lex.cue("future")
    chain = [tok]
    gov = _governor(tok)
    if gov.i != tok.i:
        chain.append(gov)
    cur = gov
    for _ in range(3):  # "can afford to keep killing": the modal sits on a governing verb
        if cur.dep_ not in ("xcomp", "acomp") or cur.head.i == cur.i:
            break
        cur = cur.head
        if all(cur.i != c.i for c in chain):
            chain.append(cur)
    for t in chain:
        for c in t.children:
            if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no" and t.i == tok.i):
                return "negation"
        if t.lemma_.lower() in ("fail", "refuse") and t.i != tok.i and tok.dep_ == "xcomp":
            return "negation"
    reported = in_speech_complement(tok, lex)
    for t in chain:
        for c in t.children:
            if c.dep_ == "aux" and c.lower_ == "would" and reported and not _conditional(tok):
                return "future"  # "said they would meet": future in the past, not a conditional
            if c.dep_ == "aux" and c.lower_ in hyp - {"must"}:
                return "hypothetical"
            if c.dep_ == "mark" and c.lower_ in ("if", "unless"):
                return "hypothetical"
    cur = tok
    for _ in range(5):
        if cur.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in cur.children):
            return "hypothetical"
        if cur.head.i == cur.i:
            break
        cur = cur.head
    for t in chain:
        for c in t.children:
            if c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll"):
                return "future"
        if t.dep_ == "xcomp" and t.head.lemma_.lower() in fut | {"go"} and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in t.children) and t.head.tag_ in ("VBG", "VBZ", "VBP", "VBD", "VBN"):
            if t.head.lemma_.lower() != "go" or t.head.tag_ == "VBG":
                return "future"
    return None


SPEECH_NOUNS = {"announcement", "statement", "claim", "declaration", "pledge", "promise", "warning",
                "decision", "report", "assurance", "vow", "threat"}


def _conditional(tok) -> bool:
    """The trigger's clause has an if/unless condition attached."""
    for t in (tok, _governor(tok)):
        for c in t.children:
            if c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in c.children):
                return True
    return False


def in_speech_complement(tok, lex) -> bool:
    """The trigger lies in the complement of a verb of saying ("X said it would ...")."""
    speech = lex.cue("speech")
    cur = tok
    for _ in range(6):
        if cur.head.i == cur.i:
            return False
        if cur.dep_ in ("ccomp", "parataxis") and cur.head.lemma_.lower() in speech:
            return True
        if cur.dep_ == "acl" and cur.head.lemma_.lower() in SPEECH_NOUNS:
            return True  # "the announcement that Tbilisi would suspend talks"
        cur = cur.head
    return False


def is_threat(tok, lex) -> bool:
    """A future or conditional conflict act announced by its own actor: a threat ("said they
    would boycott", "will withdraw unless", "may halt ... if") (PLOVER THREATEN)."""
    return _conditional(tok) or in_speech_complement(tok, lex)


def time_aux(article: Article, date: dt.date | None, precision: str | None, tok, lex) -> str | None:
    """``historical`` for events dated over a year before publication; ``future`` after it."""
    pub = article.published
    if pub is None or date is None:
        return None
    if precision == "year" and date.year < pub.year:
        return "historical"
    if (pub - date).days > 365:
        return "historical"
    if (date - pub).days > 1 and precision in ("day", "week"):
        return "future"
    if precision == "year" and date.year > pub.year:
        return "future"
    if precision == "month" and (date.year, date.month) > (pub.year, pub.month):
        return "future"
    return None


# -- modes -----------------------------------------------------------------------------------

YIELD_VERBS = {"cede", "yield", "surrender", "withdraw", "leave", "hand", "return", "give", "relinquish",
               "abandon", "end", "stop", "cease", "halt", "avoid", "release"}
ASSIST_VERBS = {"give", "provide", "help", "aid", "assist", "supply", "send", "deliver", "guarantee", "protect"}
MEET_WORDS = {"meet", "talk", "negotiate", "meeting", "negotiation", "visit", "attend", "summit"}


def _complement_lemmas(tok) -> set[str]:
    out = set()
    for c in tok.subtree:
        if c.i != tok.i and c.pos_ in ("VERB", "NOUN"):
            out.add(c.lemma_.lower())
    return out


def reject_mode(tok) -> str:
    """REJECT mode by what is refused: yield (territory, withdrawal), meet, assist, else change."""
    lem = _complement_lemmas(tok)
    if lem & YIELD_VERBS:
        return "yield"
    if lem & MEET_WORDS:
        return "meet"
    if lem & ASSIST_VERBS:
        return "assist"
    return "change"


def request_mode(tok) -> str | None:
    lem = _complement_lemmas(tok)
    if lem & ASSIST_VERBS or lem & {"aid", "assistance", "guarantee", "support", "weapon"}:
        return "assist"
    if lem & MEET_WORDS:
        return "meet"
    if lem & YIELD_VERBS:
        return "yield"
    return "change"


def assault_mode(sent: Sentence, tok, lex) -> str | None:
    words = {t.lemma_.lower() for t in sent.span} | {t.lower_ for t in sent.span}
    for mode, cues in (lex.plover.get("assault_modes") or {}).items():
        if words & set(cues):
            return mode
    return None


def consult_mode(actor: list[Entity], recipient: list[Entity], location: Place | None, tok) -> str | None:
    """visit (the trigger says so), multilateral (3+ states), third-party (two sides meeting in a
    third country), else None."""
    if tok.lemma_.lower() == "visit":
        return "visit"
    countries = {e.country for e in actor + recipient if e.country}
    if len(countries) >= 3:
        return "multilateral"
    if location is not None and location.country and len(countries) >= 2 and location.country not in countries:
        return "third-party"
    return None


# -- date, place, claims, confidence ---------------------------------------------------------

def resolve_date(article: Article, sent: Sentence, tok, dm) -> tuple[dt.date | None, str | None, str | None]:
    """The event's date: its clause's date expression; "N weeks after <event>" counts back; an
    ongoing (present-tense) event reported with no date is dated to publication; else unknown."""
    pub = article.published
    # "two weeks after Russia's invasion": the trigger is the object of "after"/"before" whose
    # head is an amount of time: the event lies that long before/after the clause's own time.
    if tok.dep_ == "pobj" and tok.head.lower_ in ("after", "since") and pub is not None:
        amount = tok.head.head
        n = _amount_days(amount)
        if n is not None:
            return pub - dt.timedelta(days=n), "day", " ".join(t.text for t in amount.subtree if t.i < tok.head.i) + " after"
    if dm is not None and dm.date is not None and not _in_other_clause(sent, tok, dm):
        return dm.date, dm.precision, dm.text
    if pub is None:
        return None, None, None
    gov = _governor(tok)
    present = gov.tag_ in ("VBZ", "VBP", "VBG") or any(c.tag_ in ("VBZ", "VBP") and c.dep_ == "aux" for c in gov.children)
    if present and sent.section in ("body", "headline"):
        return pub, "day", None
    return None, None, None


def _in_other_clause(sent: Sentence, tok, dm) -> bool:
    """The date expression sits in a relative clause that does not hold the trigger
    ("demanded that Ukraine acknowledges Crimea, which it annexed in 2014")."""
    for t in sent.span:
        if dm.start <= sent.offset + t.idx < dm.end:
            cur = t
            for _ in range(12):
                if cur.dep_ in ("relcl", "acl"):
                    if not (cur.left_edge.i <= tok.i <= cur.right_edge.i):
                        return True
                if cur.head.i == cur.i:
                    break
                cur = cur.head
            return False
    return False


_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9, "ten": 10, "a": 1, "an": 1}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


def _amount_days(tok) -> int | None:
    unit = _UNIT_DAYS.get(tok.lemma_.lower())
    if unit is None:
        return None
    for c in tok.children:
        if c.dep_ in ("nummod", "det", "quantmod"):
            n = _NUM.get(c.lower_)
            if n is None and c.text.isdigit():
                n = int(c.text)
            if n is not None:
                return n * unit
    return None


def recipient_place(article: Article, recipient: list[Entity]) -> Place | None:
    """For an attack or seizure on a state with no place in the clause: that state's place mention."""
    for e in recipient:
        if e.kind != "state" or not e.country:
            continue
        for p in article.places:
            if p.start <= e.start < p.end or e.start <= p.start < e.end:
                if p.country == e.country and p.name:
                    return p
    return None


def invaded_state(article: Article, location: Place, actor: list[Entity]) -> list[Entity]:
    """An attack by a foreign actor placed in a country ("Russian troops ... across Ukraine"):
    that country (the state whose territory is attacked) is the recipient. Returned as the
    entity of the place mention, so it points at words of the text."""
    if location.feature not in ("PCLI", "PCL", "PCLD", "PCLS") or not location.country:
        return []
    acts = {e.country for e in actor if e.country}
    if not acts or location.country in acts:
        return []
    return [Entity(text=location.text, start=location.start, end=location.end, name=location.name,
                   country=location.country, kind="state")]


def claimant(article: Article, sent: Sentence, tok, index, lex) -> Entity | None:
    """Who the article says reports the event: "according to X", or the subject of a verb of
    saying whose complement holds the trigger ("Kyiv said Russian forces attacked ...")."""
    speech = lex.cue("speech")
    for t in sent.span:
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.nbor(1).lower_ == "to":
            for g in t.nbor(1).children:
                if g.dep_ == "pobj":
                    ents = entities_of(sent, g, index)
                    if ents:
                        return ents[0]
    cur = tok
    for _ in range(6):
        if cur.head.i == cur.i:
            break
        if cur.dep_ in ("ccomp", "parataxis") and cur.head.lemma_.lower() in speech:
            s = subject_of(cur.head)
            if s is not None:
                ents = entities_of(sent, s, index)
                if ents:
                    return ents[0]
            return None
        cur = cur.head
    # "..., the White House announced Tuesday." : a speech verb at the root with the trigger in
    # the clause it introduces.
    root = sent.span.root
    if root.lemma_.lower() in speech and root.i != tok.i:
        s = subject_of(root)
        if s is not None and not (s.i <= tok.i and tok.i <= s.right_edge.i):
            ents = entities_of(sent, s, index)
            if ents:
                return ents[0]
    return None


def confidence(tok, entry, actor, recipient, sent: Sentence, aux) -> float:
    """A 0..1 ranking score: main-clause verbs with arguments rank highest (used to pick the one
    event of a sentence, as the PLOVER GSR codes one event per sentence)."""
    c = 0.45
    if tok.dep_ == "ROOT":
        c += 0.2
    elif tok.dep_ in ("conj", "ccomp"):
        c += 0.08
    elif tok.dep_ in ("relcl", "acl", "advcl") or (tok.dep_ == "pobj" and tok.head.dep_ == "prep"):
        c -= 0.1  # background: relative clauses, "after X", "following X"
    if tok.pos_ in ("VERB", "ADJ"):
        c += 0.1
    if actor:
        c += 0.12
    if recipient:
        c += 0.05
    if entry.has("weak"):
        c -= 0.15
    if sent.section == "caption":
        c -= 0.1
    if aux in ("hypothetical", "negation"):
        c -= 0.1
    return max(0.05, min(0.99, c))
