"""Token-level helpers of the event stage: suppression of senses, entities of tokens, verdicts.

Syntax proper (subjects, objects, passives, lemmas) is in :mod:`.frames`; these helpers are the
ones that depend on the trigger lexicon or the entity index.

Dependency labels are spaCy's English (ClearNLP) scheme: nsubj, nsubjpass, dobj, pobj, agent,
poss, amod, compound, conj, xcomp, ccomp, advcl, relcl, acl, neg, aux, mark.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Entity, Sentence
from .lexicon import VERBAL_QUADS
from .triggers import RESTRICTIONS
from .frames import (CLAUSE, free_relative, agentless_passive, governor as _governor, has_modifier, has_prep, of_objects, origin_objects,  # noqa: F401
                     known_lemma, lemma_forms, lower_forms, object_lemmas, object_token, passive_agent,
                     sentence_of, subject_of, with_conjuncts)

#: Content verbs: their complement's verbs are what is agreed/asked/refused, not separate events.
CONTENT_TYPES = {"AGREE", "REQUEST", "REJECT", "THREATEN", "ACCUSE"}
ARMED_SECTORS = {"MIL", "REB", "UAF", "COP", "SPY"}
IGO_SECTORS = {"IGO", "NGO"}


def tok_start(sent: Sentence, tok) -> int:
    """Article character offset of a token of ``sent``."""
    return sent.offset + tok.idx


def is_protest_strike(tok, lex) -> bool:
    """"general strike", "hunger strike", "workers' strike", "went on strike"."""
    if has_modifier(tok, set(lex.cue("protest_strike"))):
        return True
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "on" and head.head.lemma_ in ("go", "be", "remain", "stay"):
        return True
    return False


def is_question(sent: Sentence) -> bool:
    """Whether a sentence is a direct question: its text, closing quotes and brackets aside,
    ends with a question mark ("What do the rebels promise?", an explainer's sub-heading). A
    question asks about acts; it reports none."""
    span = sent.span
    tail = ""
    for i in range(span.end - 1, span.start - 1, -1):  # the last tokens' text, enough to decide
        tail = span.doc[i].text_with_ws + tail
        end = tail.rstrip().rstrip("\"'\u201d\u2019)]")
        if end:
            return end.endswith("?")
    return False


#: Types that are views as well as acts: a share of people holding one is a poll result.
STANCES = {"SUPPORT", "REJECT", "AGREE", "REQUEST", "ACCUSE"}


def poll_finding(tok, lex, etype: str) -> bool:
    """Whether trigger ``tok`` reports what a poll found, not an act: it lies in a clause whose
    governing verb has a ``cues.yaml`` ``poll_nouns`` subject ("a survey found 61 percent
    opposed ..."), its sentence cites one ("according to a poll, ..."), or, for a stance
    (:data:`STANCES`), the active subject of its clause is a ``poll_shares`` count of people
    ("70 percent of voters back sanctions"; not "70 percent of the protesters were detained")."""
    polls, shares = lex.cue("poll_nouns"), lex.cue("poll_shares")
    # (the words are scanned only when the Doc holds an "according" at all)
    if "according" in lower_forms(tok.doc) and any(
            t.lemma_.lower() in polls and t.dep_ == "pobj" and t.head.lower_ == "to"
            and t.head.head.lower_ == "according" for t in sentence_of(tok)):
        return True
    cur = tok
    for _ in range(8):
        if cur.i != tok.i and any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in polls
                                  for c in cur.children):
            return True
        if etype in STANCES and cur.pos_ in ("VERB", "AUX") and any(
                c.dep_ == "nsubj" and (c.lemma_.lower() in shares or c.lower_ in shares)
                and any(g.dep_ == "prep" and g.lower_ == "of" for g in c.children) for c in cur.children):
            return True
        if cur.head.i == cur.i:
            break
        cur = cur.head
    return False


def content_governor(tok, heads: dict, syn) -> int | None:
    """Index of the `content` trigger whose xcomp/ccomp/pcomp complement holds tok, or None.
    A clause of time or cause on the way up (:data:`BACKGROUND_MARKS`) ends the search."""
    cur = tok
    while cur.head.i != cur.i:
        dep, head = cur.dep_, cur.head
        if dep == "conj" and head.tag_ == "VB" and cur.tag_ in ("VBD", "VBN", "VBZ", "VBP") and not any(
                c.dep_ in ("aux", "auxpass") for c in cur.children) and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in head.children):
            return None  # "refused to step down and accused X of ...": a finite verb the parser
            # joined to the infinitive belongs to the clause above, not to what was refused
        if dep == "advcl" and any(c.dep_ == "mark" and c.lower_ in syn.background_marks for c in cur.children):
            return None  # "called for pressure after a strike killed 31": the strike happened
        if dep in ("ccomp", "parataxis") and head.lemma_.lower() in syn.speech_verbs and head.i not in heads \
                and head.dep_ in ("advcl", "conj"):
            return None  # "accused police of ..., saying a teenager was shot dead": reported, not charged
        if dep in ("xcomp", "ccomp", "pcomp", "advcl", "acomp") or (dep == "acl" and head.pos_ == "NOUN") or (
                dep == "pobj" and head.dep_ == "prep" and head.lower_ in syn.complement_preps):
            up = [head.head] if head.dep_ == "prep" else []
            if up and dep in ("pcomp", "pobj") and up[0].dep_ == "dobj" and up[0].pos_ in ("NOUN", "PROPN", "PRON"):
                up.append(up[0].head)  # "accused the opposition of attempting a coup": the
                # parser hung "of" on the object; what is charged is the accusation's content
            for anc in [head] + up:
                e = heads.get(anc.i)
                if e is not None and e.has("content"):
                    return anc.i
            if dep == "ccomp":  # "repeated its call on Friday that Chile lift ...": the clause
                for o in head.children:  # the parser hung on the verb belongs to its object
                    e = heads.get(o.i)
                    if o.dep_ == "dobj" and o.i < cur.i and e is not None and e.has("content"):
                        return o.i
        if dep in ("relcl", "acl", "ROOT"):
            return None
        cur = head
    return None


def other_party_claim(sent: Sentence, tok, index, syn) -> bool:
    """Whether the that-clause of a claim (verb or noun) says something of a party other than
    the claimant: its subject names an entity (no pronoun) of another state than the claimant's
    ("Quito claimed that Lima had armed the rebels"; "Lima's claims that Quito ..."). A claim
    with no clause ("claimed responsibility") or about the claimant itself is no accusation."""
    comp = next((c for c in tok.children if c.dep_ in ("ccomp", "acl")
                 and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
                 or c.dep_ == "ccomp"), None)
    if comp is None:
        return False
    subj = subject_of(comp, syn)
    if subj is None or subj.pos_ == "PRON":
        return False
    ents = [e for e in entities_of(sent, subj, index) if e.kind != "pronoun"]
    if not ents:
        return False
    if tok.pos_ in ("NOUN", "PROPN"):
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        if owner is None and tok.head.pos_ in ("VERB", "AUX"):
            owner = subject_of(tok.head, syn)
    else:
        owner = subject_of(tok, syn)
    mine = {e.country for e in entities_of(sent, owner, index) if e.country} if owner is not None else set()
    theirs = {e.country for e in ents if e.country}
    return not (mine & theirs) and not any(e.text == o.text for e in ents
                                          for o in (entities_of(sent, owner, index) if owner is not None else []))


def asks_question(tok, syn) -> bool:
    """Whether a verb's clausal complement is an indirect question: it opens with one of
    syntax.yaml ``question_words`` ("asked whether the army would withdraw", "asked how long")."""
    for c in tok.subtree:
        if c.i <= tok.i or c.dep_ not in ("ccomp", "advcl", "xcomp", "dep", "relcl"):
            continue
        first = c.left_edge
        if first.i <= tok.i or first.lower_ not in syn.question_words:
            continue
        if c.head.i == tok.i and c.dep_ != "relcl":
            return True  # the verb's own complement: "asked whether ...", "asked if ..."
        if c.dep_ == "relcl" and c.head.head.i == tok.i and first.lower_ in ("how", "what", "whether", "why"):
            return True  # the parser's relative clause on the object: "asked X how many ..."
    return False


def suppressed(tok, entry, heads: dict, lex) -> bool:
    """A trigger that is not an event of its own.

    - inside the complement of a content trigger ("agreed to provide aid", "accused X of violating");
    - a nominal trigger that is the object of a verbal-act trigger ("condemned the attack",
      "rejected a request", "demanded talks"): the verbal act is the event reported here;
    - a topic ("questions about the strike"), a state ended ("freed from house arrest") or a
      count ("attacks rose by 70%").
    """
    if content_governor(tok, heads, lex.syntax) is not None:
        return True
    if tok.pos_ in ("NOUN", "PROPN"):
        if tok.dep_ in ("attr", "oprd") and not free_relative(tok.head):
            return True  # predicative: "called the decision a coup" (but "after what he called
            # a productive phone call with X" refers to a call that took place)
        if in_scare_quotes(tok) and not entry.has("alleged"):
            return True  # a characterisation: 'the high point of a “legal putsch”' (but a
            # wrong named in quotes is the charge itself: 'said Rabat had shown "intransigence"')
        head = tok.head
        if tok.dep_ == "compound" and head.pos_ == "NOUN" and head.lemma_.lower() in lex.cue("kind_heads") \
                and head.i == tok.i + 1:  # (right before it: "police arrest union leader" is an arrest)
            return True  # a modifier naming a kind of thing: "strike vote", "arrest warrant", "attack drone"
        if tok.dep_ == "pobj" and head.lower_ == "about" and head.dep_ == "prep":
            return True  # a topic: "when we think about sanctions", "questions about the strike"
        if tok.dep_ == "nsubj" and tok.tag_ in ("NNS", "NNPS") and head.lemma_.lower() in lex.cue("trend_verbs"):
            return True  # a count: "militant attacks rose by 70%"
        if tok.dep_ == "pobj" and head.lower_ == "from" and head.head.lemma_.lower() in lex.cue("release_verbs"):
            return True  # a state ended: "freed him from house arrest"
        if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.lemma_.lower() in lex.syntax.transparent_nouns \
                and head.head.dep_ in ("dobj", "nsubjpass") and head.head.head.i in heads:
            return True  # "suspended its participation in the pact": the pact is what is suspended
        if tok.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
            if head.lower_ not in lex.syntax.complement_preps:
                return False
            head = head.head
        if tok.dep_ in ("dobj", "pobj", "nsubjpass") and head.i in heads and head.i != tok.i:
            if entry.event_type == "PROTEST" and heads[head.i].event_type in ("ASSAULT", "COERCE"):
                return False  # "police broke up a demonstration": the protest took place too
            return True  # "condemned the attack", "suspended the talks": the verb is the event here
        if tok.dep_ == "conj" and head.i in heads and head.i != tok.i:
            h = heads[head.i]
            if lex.quad(h.event_type) in VERBAL_QUADS:
                return True
        if tok.dep_ == "conj":  # "to debate a truce and later a swap of detainees": topics too
            first = tok
            while first.dep_ == "conj" and first.head.i != first.i:
                first = first.head
            gov = first.head
            if first.dep_ in ("dobj", "pobj") and gov.i in heads and gov.i != tok.i and \
                    lex.quad(heads[gov.i].event_type) in VERBAL_QUADS:
                return True
    return False


# -- entities of tokens ------------------------------------------------------------------------

QUOTE_OPEN = {"“", "‘", '"', "``", "'"}
QUOTE_CLOSE = {"”", "’", '"', "''", "'"}


def in_scare_quotes(tok, width: int = 6) -> bool:
    """The token sits inside a short quoted phrase (at most ``width`` tokens between the marks)
    of a sentence that is not itself a quotation."""
    doc = tok.doc
    sent = sentence_of(tok)
    lo = next((i for i in range(tok.i - 1, max(sent.start, tok.i - width) - 1, -1)
               if doc[i].text in QUOTE_OPEN), None)
    if lo is None:
        return False
    hi = next((i for i in range(tok.i + 1, min(sent.end, tok.i + width + 1))
               if doc[i].text in QUOTE_CLOSE), None)
    return hi is not None and hi - lo - 1 <= width and lo > sent.start


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
        e = _modifier_country(sent, tok, e, index)
        if e.kind == "agent" and not e.country and e.sector not in IGO_SECTORS:
            owners = _of_states(sent, tok, index)
            if len(owners) >= 2:
                return owners  # "the presidents of Uruguay and Argentina": the two states
            origins = _states_at(sent, origin_objects(tok), index)
            if len(origins) == 1:  # "arrested three journalists from Kenya"
                return [replace(e, country=origins[0].country, country_source="phrase")]
            if origins:  # "diplomats from four countries, including Chile and Peru": those states
                return origins
        return [_phrase_country(sent, tok, e, index)]
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


def _of_states(sent: Sentence, tok, index) -> list[Entity]:
    """The states named by the "of" phrase of an agent noun and its conjuncts ("the leaders of
    Chad and Niger" -> Chad, Niger), in text order."""
    return _states_at(sent, [h for g in of_objects(tok) for h in with_conjuncts(g)], index)


def _states_at(sent: Sentence, toks, index) -> list[Entity]:
    """The distinct state (or metonym) entities with a country at ``toks``, in their order."""
    out: list[Entity] = []
    for h in toks:
        m = index.at(tok_start(sent, h))
        if m is not None and m.kind in ("state", "metonym") and m.country and all(m is not o for o in out):
            out.append(m)
    return out


def _bracket_gloss(sent: Sentence, tok, index) -> Entity | None:
    """The entity in brackets right after a phrase that names none: an editor's gloss or an
    expansion ("the units of the RG [republican guard]", "the RSF (Rapid Support Forces)")."""
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
    that phrase names ("A deputy in the Peruvian congress, Luis Vargas"; "dockers affiliated
    with the Chilean Port Union"; "students throughout Indonesia"); with no state but one
    international organisation there, it is the person's ``affiliation``."""
    if e.country or e.sector in IGO_SECTORS or e.kind not in ("agent", "person"):
        return e
    phrase = [t for t in _phrase_tokens(tok)]
    lo = sent.offset + min(t.idx for t in phrase)
    hi = sent.offset + max(t.idx + len(t.text) for t in phrase)
    inside = [x for x in index.in_span(lo, hi) if x is not e]
    states = {x.country for x in inside if x.country}
    if len(states) == 1:
        return replace(e, country=next(iter(states)), country_source="phrase")
    igos = {x.name for x in inside if x.sector in IGO_SECTORS and x.name}
    if not states and len(igos) == 1 and not e.affiliation:  # "the UN aid chief, Ana Ruiz"
        return replace(e, affiliation=next(iter(igos)))
    return e


def _modifier_country(sent: Sentence, tok, e: Entity, index) -> Entity:
    """An office or agent noun with no country takes the state named in its possessive or
    adjective modifier ("Taiwan's Vice Foreign Minister", "Israeli intelligence officials"); a
    name in apposition to an office takes the office's ("the Nile Basin envoy, Ana Ruiz")."""
    if e.kind == "person" and e.country and not e.affiliation and e.sector not in IGO_SECTORS:
        return _office_body(sent, tok, e, index)
    if e.country or e.sector in IGO_SECTORS or e.kind not in ("agent", "person"):
        return e
    head = next((t for t in sent.span if sent.offset + t.idx == e.head), tok)
    heads = [head] + ([head.head] if head.dep_ == "appos" and head.head is not head else [])
    for c in (c for h in heads for c in h.children):
        if c.dep_ in ("poss", "amod", "compound", "nmod") and not (e.start <= tok_start(sent, c) < e.end):
            m = index.at(tok_start(sent, c))
            if m is not None and m.country and m is not e:
                return replace(e, country=m.country, country_source="phrase")
            if m is not None and m is not e and m.sector in IGO_SECTORS and m.name and not e.affiliation:
                return replace(e, affiliation=m.name)  # "NATO peacekeeping troops"
    return e


def _office_body(sent: Sentence, tok, e: Entity, index) -> Entity:
    """A person known with a country ("Catherine Ashton", GBR) named after an office of one
    international body and no state ("the EU's foreign policy chief Catherine Ashton") acts for
    that body too: it becomes the ``affiliation``. Only the words before the name in its own
    phrase count ("Zelensky at the UN" stays as he is)."""
    head = next((t for t in sent.span if sent.offset + t.idx == e.head), tok)
    seen = [index.at(tok_start(sent, t)) for t in head.subtree if t.i < head.i and tok_start(sent, t) < e.start]
    seen = [m for m in seen if m is not None and m is not e]
    igos = {m.name for m in seen if m.sector in IGO_SECTORS and m.name}
    if len(igos) == 1 and not any(m.country for m in seen):
        return replace(e, affiliation=next(iter(igos)))
    return e


#: Plural pronouns: one may stand for a coordination ("Japan and Australia ... their drills").
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs"})


def _ents(sent, toks, index) -> list[Entity]:
    out: list[Entity] = []
    for t in toks:
        for c in with_conjuncts(t):
            for e in entities_of(sent, c, index):
                if all(e is not o for o in out):
                    out.append(e)
                    out += [x for x in _coordinated_antecedents(sent, c, e, index) if all(x is not o for o in out)]
            if out:
                out += [x for x in _coordinated_modifiers(sent, c, index) if all(x is not o for o in out)]
    return out


def _coordinated_modifiers(sent, tok, index) -> list[Entity]:
    """States named by coordinated modifiers of a noun ("Philippine and Malaysian navies",
    "French and Egyptian warships"): each conjunct names a party."""
    out = []
    for a in tok.children:
        if a.dep_ in ("amod", "compound", "nmod") and a.i < tok.i and a.conjuncts:
            for m in (a, *a.conjuncts):
                x = index.at(tok_start(sent, m))
                if x is not None and (x.kind == "state" or x.country) and all(x is not o for o in out):
                    out.append(x)
    return out


def _coordinated_antecedents(sent, tok, e: Entity, index) -> list[Entity]:
    """A plural pronoun resolved to the first of coordinated parties earlier in its sentence
    stands for all of them ("Japan and Australia are due to hold their drills": both)."""
    if e.kind != "pronoun" or tok.lower_ not in PLURAL_PRONOUNS or not e.name:
        return []
    for t in sent.span:
        if t.i >= tok.i:
            break
        ante = index.at(tok_start(sent, t))
        if ante is not None and ante.kind != "pronoun" and ante.name == e.name and t.conjuncts:
            return [x for c in t.conjuncts if c.i < tok.i and (x := index.at(tok_start(sent, c))) is not None]
    return []


def pronoun_subject(tok, syn=None) -> bool:
    """Whether the trigger's subject is a personal pronoun ("it is not willing", "they agreed").
    Never for a passive trigger: its pronoun subject suffers the act ("it still got invaded")."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
        return False
    s = subject_of(tok, syn)
    if s is None and tok.pos_ == "NOUN":  # "said it would provide $10 million in assistance"
        gov = _governor(tok)
        if gov.i != tok.i and gov.pos_ in ("VERB", "AUX") and not any(
                c.dep_ in ("nsubjpass", "auxpass") for c in gov.children):
            s = subject_of(gov, syn)
    return s is not None and s.pos_ == "PRON" and s.tag_ == "PRP"  # (not a relative "that")


def first_person_subject(tok, syn=None) -> bool:
    """Whether the trigger's subject is "I" or "we": in reported speech, the speaker."""
    s = subject_of(tok, syn)
    return s is not None and s.lower_ in ("i", "we")


def verdict_object(tok):
    """What a verb of naming names: its direct object, or the noun its relative clause hangs on
    ("a charge the ministry called absurd", "the claim, which it called absurd"); None."""
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    if tok.dep_ == "relcl" and tok.head.i != tok.i and (not objs or objs[0].tag_ in ("WDT", "WP")):
        return tok.head
    return objs[0] if objs else None


def verdict_on_claim(tok, lex) -> bool:
    """Whether a verb of naming passes its verdict on an accusation or a claim (cues.yaml
    ``accusation_nouns``: "called the charge absurd" rejects it, PLOVER REJECT)."""
    obj = verdict_object(tok)
    return obj is not None and obj.lemma_.lower() in lex.cue("accusation_nouns")


def names_with_verdict(tok, lex) -> bool:
    """ "X called Y a war crime": a verb of naming (``tok``, "call") with a direct object and,
    after it, a second complement whose words include a cues.yaml ``condemning`` lemma, or that
    names an act (a trigger noun) as an attack or coercion of another kind ("called his arrest
    a kidnapping", "called the raid a massacre"). The
    object's own phrase ("the decision to suspend talks") does not count; "call for/on/with" are
    other senses (demands, meetings)."""
    if any(c.dep_ == "prep" and c.lower_ in ("for", "on", "upon", "with") for c in tok.children):
        return False
    obj = verdict_object(tok)
    if obj is None:
        return False
    words = lex.cue("condemning")
    seconds = [c for c in tok.children if c.dep_ in ("oprd", "ccomp", "dobj", "xcomp", "attr")] + [
        g for c in tok.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children
        if g.dep_ in ("pobj", "amod", "acomp")]  # "described the move as reckless"
    for c in sorted(seconds, key=lambda t: t.i):
        if c.i <= obj.i:
            continue
        if obj.pos_ == "NOUN" and obj.lemma_.lower() in lex.nouns and c.pos_ == "NOUN" and \
                (e := lex.nouns.get(c.lemma_.lower())) is not None and e.event_type in ("ASSAULT", "COERCE") \
                and c.lemma_.lower() != obj.lemma_.lower():
            return True  # an act named as a violent one: "called his arrest a kidnapping"
        if any((t.lemma_.lower() in words or t.lower_ in words)
               and not (t.i >= 2 and t.doc[t.i - 1].text == "-" and t.doc[t.i - 2].lower_ in ("anti", "counter"))
               for t in c.subtree):
            return True  # but "anti-terrorism measures" condemn no one
    return False


#: PLOVER THREATEN mode of an ultimatum by the type of the act it threatens to go on with.
ULTIMATUM_MODES = {"ASSAULT": "violence", "COERCE": "restrict", "SANCTION": "relations"}


def ultimatum_frame(tok, lex):
    """(act noun, condition clause head, mode) when a verb of ending or going on (triggers.yaml
    flag ``ultimatum``) has a conflict act as subject and an if/unless/until condition ("the
    operation will only end if the fighters lay down their arms"), else None.

    The act is a trigger noun of ASSAULT, COERCE or SANCTION (an ``armed`` one with an armed cue
    in the sentence; protests that go on until a demand is met are protests) or a cues.yaml
    ``conflict_acts`` noun; the condition is an adverbial clause marked by a cues.yaml
    ``condition_marks`` word, on the verb or on the verb it depends on.
    """
    subj = subject_of(tok, lex.syntax)
    if subj is None or subj.pos_ != "NOUN":
        return None
    lemma = subj.lemma_.lower()
    entry = lex.nouns.get(lemma)
    if entry is not None and entry.event_type in ULTIMATUM_MODES:
        if entry.has("armed") and (is_protest_strike(subj, lex) or not any(
                t.i != subj.i and t.lemma_.lower() in lex.cue("armed") for t in sentence_of(subj))):
            return None  # "the strikes will go on until ..." of a union: a protest, no threat
        mode = ULTIMATUM_MODES[entry.event_type]
    elif lemma in lex.cue("conflict_acts"):
        mode = "violence"
    else:
        return None
    marks = lex.cue("condition_marks")
    for c in tok.children:
        if c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in marks for g in c.children):
            return subj, c, mode
        if c.dep_ == "prep" and c.lower_ in marks:  # "until the hostages are freed" parsed as a preposition
            clause = next((g for g in c.children if g.dep_ in ("pcomp", "pobj")), None)
            if clause is not None:
                return subj, clause, mode
    return None


def condition_words(cond) -> set[int]:
    """Token indices of an ultimatum's condition clause, without verbs conjoined to it that the
    parser hung there ("until the bill was withdrawn and called new marches": "called" is not
    part of the condition)."""
    out = set()
    stack = [cond]
    while stack:
        t = stack.pop()
        out.add(t.i)
        stack.extend(c for c in t.children if not (c.dep_ == "conj" and c.pos_ == "VERB"))
    return out


def weapon_subject(tok, lex) -> bool:
    """Whether the verb's subject is a weapon (cues.yaml ``weapons``: "missiles hit a base",
    "rockets struck a market"): the verb then reports an attack whoever fired them."""
    subj = subject_of(tok, lex.syntax)
    return subj is not None and subj.pos_ == "NOUN" and subj.lemma_.lower() in lex.cue("weapons")


def past_clause(tok) -> bool:
    """Whether a verb's that-clause tells the past ("insisted that no ransom had been paid",
    "maintained that the troops were never there"): its verb is in the past tense or perfect,
    with no modal. What one demands is not yet done ("demanded that the army withdraw")."""
    for c in tok.children:
        if c.dep_ != "ccomp" or not any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
            continue
        auxes = [g for g in c.children if g.dep_ in ("aux", "auxpass")]
        if any(a.lower_ in ("must", "should", "would", "will", "could", "shall", "to") for a in auxes):
            return False
        if (c.tag_ == "VBD" and c.lower_ != c.lemma_.lower()) or any(a.lower_ in ("had", "has", "have", "was", "were") for a in auxes):
            # (a "past" form equal to its lemma is a subjunctive the tagger misread: "demanded
            # that Manila tow away the ship")
            return True
    return False


def troops_sent_home(tok, actor, lex) -> bool:
    """Whether a verb of sending moves the actor's own troops on its own ground: its object (or
    passive subject) is a cues.yaml ``troop_nouns`` word and it goes "to" a cues.yaml
    ``own_ground`` noun ("to the frontier", "to its border with Belarus") or nowhere named
    ("sent troops to reinforce crossings"). Troops sent "to Latvia" are aid (PLOVER AID: troops)."""
    objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    if tok.dep_ in ("acl", "amod") and tok.head.pos_ == "NOUN":
        objs.append(tok.head)
    if not any(o.lemma_.lower() in lex.cue("troop_nouns") for o in objs):
        return False
    dest = [g for h in [tok] + objs for c in h.children if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "into", "toward", "towards")
            for g in c.children if g.dep_ == "pobj"]
    if not dest:
        return True
    return all(d.lemma_.lower() in lex.cue("own_ground") or any(
        p.dep_ == "poss" and p.lower_ in ("its", "their", "our") for p in d.children) for d in dest)


def halts_fighting(tok, lex) -> bool:
    """Whether a halt ("suspension", "suspended", "halted") is of attacks or fighting: its object
    or "of" noun is a trigger noun of ASSAULT or a cues.yaml ``conflict_acts`` noun ("a suspension
    of missile and drone attacks", "will halt operations against the rebels")."""
    objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    objs += of_objects(tok)
    objs += [x for o in list(objs) for x in o.conjuncts]
    def fighting(o) -> bool:
        e = lex.nouns.get(o.lemma_.lower()) or lex.nouns.get(o.lower_)
        return (e is not None and e.event_type == "ASSAULT") or o.lemma_.lower() in lex.cue("conflict_acts")

    return any(fighting(o) for o in objs)


def crowd_subject(tok, lex) -> bool:
    """Whether a verb's subject is a crowd counted or named as such ("tens of thousands rallied",
    "hundreds marched", "protesters rallied"): cues.yaml ``crowd_counts`` and ``protest_agents``,
    the subject or the noun after its "of"."""
    subj = subject_of(tok, lex.syntax)
    if subj is None:
        return False
    words = lex.cue("crowd_counts") | lex.cue("protest_agents")
    heads = [subj] + of_objects(subj)
    return any({h.lemma_.lower(), h.lower_} & words for h in heads)


def object_in(tok, words) -> bool:
    """Whether the verb's direct object (or passive subject) is one of ``words`` (lemmas)."""
    return any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in words for c in tok.children)


def restriction_noun(t, lex, deep: bool = True) -> bool:
    """Whether a noun names a restriction: a SANCTION or COERCE trigger noun, a cues.yaml
    ``sanction_words`` measure ("the export levy"), or (``deep``) a noun compounded with one
    ("arrest warrants", "detention orders"). What undo verbs ease and crowds defy."""
    if t.pos_ != "NOUN":
        return False
    e = lex.nouns.get(t.lemma_.lower())
    if (e is not None and e.event_type in RESTRICTIONS) or t.lemma_.lower() in lex.cue("sanction_words"):
        return True
    return deep and any(c.dep_ == "compound" and restriction_noun(c, lex, False) for c in t.children)


def process_span(noun, lex) -> bool:
    """Whether a trigger noun (or the first of a list it closes) is the "of" object of a cues.yaml
    ``process_spans`` noun ("after 18 months of talks", "a decade of summits, declarations and
    walkouts"): a process summed up, not one event ("three days of talks" is one meeting)."""
    first = noun
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    if first.dep_ != "pobj" or first.head.lower_ != "of":
        return False
    return first.head.head.lemma_.lower() in lex.cue("process_spans")


def habitual(verb, lex) -> bool:
    """Whether a trigger verb says what someone habitually or long does rather than an event: a
    cues.yaml ``habitual_adverbs`` adverb modifies it ("routinely detain", "has long accused"), or
    it is in the perfect with a "for" object of ``span_nouns`` ("have fought the government for
    decades")."""
    adverbs = lex.cue("habitual_adverbs")
    if any(c.dep_ == "advmod" and c.lower_ in adverbs for c in verb.children):
        return True
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
    return perfect and any(c.dep_ == "prep" and c.lower_ == "for" and any(
        g.dep_ == "pobj" and g.lower_ in lex.cue("span_nouns") for g in c.children) for c in verb.children)
