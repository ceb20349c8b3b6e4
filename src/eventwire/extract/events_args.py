"""Actor, recipient and claimant rules of the event stage (over spaCy tokens of one sentence)."""

from __future__ import annotations

from ..model import Article, Entity, Place, Sentence
from .events_syntax import (EXPERIENCER, STATIVE_PARTICIPLES, LIGHT_VERBS, ARMED_SECTORS, known_lemma, entities_of, _ents, subject_of, passive_agent, _governor)

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


def arguments(article: Article, sent: Sentence, tok, etype: str, index, parties=(), lex=None
              ) -> tuple[list[Entity], list[Entity]]:
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
        if not subjpass and tok.dep_ == "conj" and (tok.tag_ == "VBN" or (
                tok.tag_ == "VBD" and not any(c.dep_ == "nsubj" for c in tok.children)
                and any(c.dep_ == "auxpass" for c in tok.head.children))):
            # "has been accused of ... and criticized for ...": one auxiliary, two participles
            # (the tagger often calls the second a past tense)
            subjpass = [c for c in tok.head.children if c.dep_ == "nsubjpass"]
            passive = passive or bool(subjpass)
        if not passive and tok.tag_ in ("VBN", "VBD") and tok.dep_ in ("pcomp", "advcl") and \
                not any(c.dep_ == "aux" for c in tok.children) and (tok.head.lower_ == "with" or any(
                    c.dep_ == "mark" and c.lower_ == "with" for c in tok.children)):
            # an absolute construction, "with 21 police officers injured": the parser's subject
            # of the bare participle is who it happened to
            subjpass = [c for c in tok.children if c.dep_ == "nsubj"]
            passive = bool(subjpass)
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
            elif p == "from" and etype == "COERCE":
                recip_t += pobjs  # "confiscated weapons from armed groups": taken from them
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
        if tok.dep_ == "compound" and tok.head.pos_ == "NOUN":
            tok = tok.head  # "undertook a mediation mission between ...": the phrase's head
        extra_actor = _modifier_entities(sent, tok, index)
        for c in tok.children:
            if c.dep_ == "poss":
                actor_t.append(c)
            elif c.dep_ == "prep":
                pobjs = [g for g in c.children if g.dep_ == "pobj" and not _is_time(g)]
                p = c.lower_
                if p == "between" and consult and tok.lemma_.lower() in ("mediation", "mission", "effort", "initiative"):
                    recip_t += pobjs  # the parties a third party mediates between
                elif p == "by" or p == "between" or (p == "with" and consult):
                    actor_t += pobjs
                elif p == "of" and etype == "MOBILIZE":
                    actor_t += pobjs  # "the deployment of NATO peacekeeping troops"
                elif p == "from" and etype in ("ASSAULT", "AID", "REQUEST"):
                    actor_t += pobjs
                elif consult:
                    continue
                elif p in ("on", "against", "of", "into", "to", "upon", "toward", "towards"):
                    recip_t += pobjs
        if not actor_t:  # "a demonstration staged by students": the participle's agent
            for c in tok.children:
                if c.dep_ == "acl" and c.tag_ == "VBN":
                    a = passive_agent(c)
                    if a is not None:
                        actor_t.append(a)
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
    if lex is not None and parties:  # "all parties", "both sides": the article's armed parties
        if not actor and parties_in(actor_t, lex):
            actor = list(parties)
        if not recipient and parties_in(recip_t, lex):
            recipient = [p for p in parties if all(p is not a for a in actor)]
    return actor, recipient


def act_doers(article: Article, sent: Sentence, tok, index, actor: list[Entity], lex) -> list[Entity]:
    """"Police prevented the demonstration staged by students": a coercive or hostile act on an
    event (its direct object a trigger noun) is received by whoever does that event."""
    for c in tok.children:
        if c.dep_ == "dobj" and c.pos_ == "NOUN" and c.lemma_.lower() in lex.nouns:
            doers, _ = arguments(article, sent, c, lex.nouns[c.lemma_.lower()].event_type, index)
            if not doers:  # "the demonstration staged by students": the participle's agent
                for g in c.children:
                    if g.dep_ == "acl":
                        a = passive_agent(g)
                        doers = _ents(sent, [a], index) if a is not None else []
            return [e for e in doers if all(e is not a and e.text != a.text for a in actor)]
    return []


def must_arguments(sent: Sentence, tok, index, speaker: Entity | None, parties=(), lex=None
                   ) -> tuple[list[Entity], list[Entity]]:
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
        if not recipient and lex is not None and parties_in(subj, lex):
            recipient = [p for p in parties if all(p is not a for a in actor)]  # "All parties must"
    return actor, recipient


#: Prepositions whose object, in what is agreed, refused or demanded, is the other party:
#: "cede territory to", "talks with", "sanctions on", "aid for", "withdraw its troops from".
CONTENT_PREPS = ("to", "with", "on", "against", "for", "from")
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
    - to whom the complement's act goes ("not willing to cede any of its territory to Russia"),
      and for a threat, who would suffer it ("ready to attack the elements of the GP");
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
            # the complement's own arguments, and those of its object ("to continue military aid
            # to Mozambique", "refusing to lift the curfew on Palestinians")
            holders = list(t.children) + [g for c in t.children if c.dep_ == "dobj" for g in c.children]
            for c in holders:
                if c.dep_ in ("dative",) or (c.dep_ == "prep" and c.lower_ in CONTENT_PREPS) \
                        or (c.dep_ == "dobj" and c.head.i == t.i and etype == "THREATEN"):  # "ready to attack the GP"
                    objs = [g for g in c.children if g.dep_ == "pobj"] if c.dep_ == "prep" else [c]
                    if c.dep_ == "dobj":  # a threat within a state: its army threatens its guard
                        found = [e for e in _ents(sent, objs, index)
                                 if e.kind != "pronoun" and all(e.text.lower() != a.text.lower() for a in actor)]
                    else:
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


def is_parties(tok, lex) -> bool:
    """ "all parties", "both sides", "the warring parties": the sides of a conflict, unnamed."""
    return tok.pos_ == "NOUN" and tok.lemma_.lower() in lex.cue("party_nouns") and any(
        c.lower_ in lex.cue("party_modifiers") for c in tok.children if c.dep_ in ("det", "amod", "nummod", "predet"))


def parties_in(toks, lex) -> bool:
    return any(is_parties(t, lex) for t in toks if t is not None)


def recipient_place(article: Article, recipient: list[Entity]) -> Place | None:
    """For an attack or seizure on a state with no place in the clause: that state's place mention."""
    for e in recipient:
        if e.kind != "state" or not e.country:
            continue
        for p in article.within("places", e.start - 200, e.end):
            if p.start <= e.start < p.end or e.start <= p.start < e.end:
                if p.country == e.country and p.name:
                    return p
    return None


def invaded_state(article: Article, location: Place, actor: list[Entity]) -> list[Entity]:
    """An attack (or a ceasefire) by a foreign actor placed in a country or one of its cities
    ("Russian troops ... across Ukraine", "bombardment by Russian forces" in Mariupol): that state,
    whose territory it is, is the recipient. Returned as the entity of the place mention, so it
    points at words of the text."""
    if not location.country:
        return []
    acts = {e.country for e in actor if e.country}
    if not acts or location.country in acts:
        return []
    return place_state(location)


#: Types whose target, when the clause names none, is the state where they happen: a protest
#: addresses that state's authorities, a curfew or its lifting binds its people, aid reaches it
#: (PLOVER gold standard records code "demonstrated in Serbia", "imposed a curfew in Cizre",
#: "troops arrived in Bosnia" with that state as the recipient).
PLACE_TARGETED = {"PROTEST", "COERCE", "CONCEDE", "AID"}


def place_recipient(location: Place | None, etype: str, mode: str | None, actor: list[Entity]) -> list[Entity]:
    """The state of the event's place as its recipient, for :data:`PLACE_TARGETED` types and
    for a visit (its host: "Saddam Hussein arrived in Amman on a visit" → Jordan, when the
    visitor is not from there). Empty when the place has no state."""
    if location is None or not location.country:
        return []
    if etype == "CONSULT":
        if mode != "visit" or location.country in {e.country for e in actor if e.country}:
            return []
    elif etype not in PLACE_TARGETED:
        return []
    return place_state(location)


def place_state(location: Place) -> list[Entity]:
    """The state a place belongs to, as an entity on the place's words (so it points at text)."""
    name = location.name if (location.feature or "").startswith("PCL") else None
    return [Entity(text=location.text, start=location.start, end=location.end, name=name,
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
