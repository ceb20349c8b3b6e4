"""Actor, recipient and claimant rules of the event stage (over spaCy tokens of one sentence)."""

from __future__ import annotations

from ..model import Article, Entity, Place, Sentence
from .events_syntax import ARMED_SECTORS, entities_of, _ents, tok_start
from .frames import Frame, SyntaxLexicon, frame_of, prep_objects, speaker_candidates, governor as _governor, host_agent, passive_agent, subject_of
from .roles import RoleMap

def _modifier_entities(sent, mods, index) -> list[Entity]:
    """Entities inside the modifiers of an event noun ("Russia-Ukraine talks", "Russian strikes")."""
    out = []
    for c in mods:
        lo = min(t.idx for t in c.subtree)
        hi = max(t.idx + len(t.text) for t in c.subtree)
        for e in index.in_span(sent.offset + lo, sent.offset + hi):
            if all(e is not o for o in out):
                out.append(e)
    return out


def _slot_entities(sent, f: Frame, slots: list[str], index, syn: SyntaxLexicon, acts=()) -> list[Entity]:
    """Entities of the frame's slots, in slot order, without repeats. A "with" object that is an
    act noun (``acts``: trigger nouns) is a circumstance, not a party: "with mediation from Qatar",
    "with the backing of Kenya"."""
    out: list[Entity] = []
    for name in slots:
        if name == "modifier":
            ents = _modifier_entities(sent, f.modifiers, index)
        elif name.startswith("host_agent"):
            _, _, via = name.partition(":")
            ok = {"light", "during"} if not via else set(via.split("|"))
            ents = _ents(sent, host_agent(f, syn), index) if f.host_via in ok else []
        else:
            toks = f.slot(name)
            if name == "obl:with" and acts:
                toks = [t for t in toks if not (t.pos_ == "NOUN" and t.lemma_.lower() in acts
                                                and index.at(tok_start(sent, t)) is None)]
            ents = _ents(sent, toks, index)
        out += [e for e in ents if all(e is not o for o in out)]
    return out


def arguments(article: Article, sent: Sentence, tok, etype: str, index, parties=(), lex=None,
              syn: SyntaxLexicon | None = None, roles: RoleMap | None = None, frame: Frame | None = None,
              trigger_words=None) -> tuple[list[Entity], list[Entity]]:
    """(actor, recipient) entity lists for a trigger token: the slots of its :class:`Frame` that
    ``knowledge/roles.yaml`` names for the event type, predicate kind and lemma (the file gives
    the conventions: the subject or by-agent acts, the object or on/against-object receives, all
    participants of a meeting act, the visitor acts and the host receives), then "all parties",
    "both sides" as the article's armed parties.

    Args:
        syn, roles: the syntax word classes and role map (built from ``lex``'s knowledge when
            None is given, for callers outside the event stage).
        frame: the trigger's frame when the caller has it.
        trigger_words: the trigger's tokens ("end" + "imports"): an object among them is no party.
    """
    syn = syn or lex.syntax
    roles = roles or lex.roles
    f = frame or frame_of(tok, tok.lemma_.lower(), syn)
    if trigger_words:
        # "ended the imports of Russian oil": an object that is part of the trigger phrase is no
        # party; the parties are in its own prepositional phrases
        ids = {t.i for t in trigger_words}
        inner = [t for t in f.patient if t.i in ids]
        if inner:
            # (the object itself stays last: people named in it receive the act, "released five
            # Ukrainian soldiers"; it is dropped below unless it names a state other than the actor's)
            f.patient = [t for t in f.patient if t.i not in ids] + [
                g for t in inner for c in t.children if c.dep_ == "prep" and c.lower_ in ("of", "from", "on", "against", "to", "with")
                for g in c.children if g.dep_ == "pobj"] + [
                c for t in inner for c in t.children if c.dep_ == "poss" and c.pos_ == "PROPN"] + inner  # "summoned Togo's ambassador"
    kind = "stative" if f.voice == "stative" else f.kind
    spec = roles.spec(etype, kind, f.lemma)
    acts = lex.nouns if lex is not None else {}
    actor = _slot_entities(sent, f, spec["actor"], index, syn, acts)
    if not actor:
        actor = _slot_entities(sent, f, spec["actor_else"], index, syn, acts)
    recipient = [e for e in _slot_entities(sent, f, spec["recipient"], index, syn, acts) if all(e is not a for a in actor)]
    if trigger_words and inner:
        own = {e.country for e in actor if e.country}
        mine = {(m.start, m.end) for m in _ents(sent, inner, index)}  # (slot entities are copies)
        recipient = [e for e in recipient if (e.start, e.end) not in mine
                     or (e.country and e.country not in own and e.kind in ("agent", "person", "state"))]
    if not recipient:
        recipient = [e for e in _slot_entities(sent, f, spec["recipient_else"], index, syn, acts)
                     if all(e is not a for a in actor)]
    if lex is not None and parties:  # "all parties", "both sides": the article's armed parties
        actor_t = [t for n in spec["actor"] if not n.startswith(("modifier", "host_agent")) for t in f.slot(n)]
        recip_t = [t for n in spec["recipient"] if not n.startswith(("modifier", "host_agent")) for t in f.slot(n)]
        # (an uncoded agent noun heading the phrase yields: "the foreign ministers of the two countries")
        if all(e.kind == "agent" and not e.country for e in actor) and parties_in(actor_t, lex):
            actor = list(parties)
        if all(e.kind == "agent" and not e.country for e in recipient) and parties_in(recip_t, lex):
            recipient = [p for p in parties if all(p is not a for a in actor)]
    return actor, recipient


def act_doers(article: Article, sent: Sentence, tok, index, actor: list[Entity], lex,
              syn: SyntaxLexicon, roles: RoleMap) -> list[Entity]:
    """"Police stopped the march organised by nurses": a coercive or hostile act on an
    event (its direct object a trigger noun) is received by whoever does that event."""
    for c in tok.children:
        if c.dep_ == "dobj" and c.pos_ == "NOUN" and c.lemma_.lower() in lex.nouns:
            doers, _ = arguments(article, sent, c, lex.nouns[c.lemma_.lower()].event_type, index,
                                 syn=syn, roles=roles)
            if not doers:  # "the demonstration staged by students": the participle's agent
                for g in c.children:
                    if g.dep_ == "acl":
                        a = passive_agent(g)
                        doers = _ents(sent, [a], index) if a is not None else []
            return [e for e in doers if all(e is not a and e.text != a.text for a in actor)]
    return []


def must_arguments(sent: Sentence, tok, index, speaker: Entity | None, parties=(), lex=None
                   ) -> tuple[list[Entity], list[Entity]]:
    """A demand phrased with "must" ("Ecuador said Peru must hand back the boat"; "it must be
    offered firm assurances by its partners"): actor = who says it; recipient = who must act
    (the subject), or for a passive whose subject is the speaker, who must give (from/by)."""
    if speaker is None:  # "Dahl sent a sharp warning to Chile that it must comply"
        root = sent.span.root
        cur, via = tok, False
        for _ in range(8):
            if cur.i == root.i:
                break
            via = via or cur.dep_ in ("acl", "ccomp")
            cur = cur.head
        s = subject_of(root, lex.syntax if lex is not None else None) if via and cur.i == root.i and root.i != tok.i else None
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
        for g in recip_t:  # "its partners in France and the EU": the named members of the group
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

    - whose demand/proposal/offer is agreed to or refused ("ready to consider Chile's request");
    - to whom the complement's act goes ("not prepared to hand any of its islands to Peru"),
      and for a threat, who would suffer it ("poised to strike the units of the RG");
    - for a demand, who must act: the subject of its that-clause ("conditions are guarantees that
      Chile will not enter the pact").
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
            # to Mozambique", "declining to end the curfew on the islanders")
            holders = list(t.children) + [g for c in t.children if c.dep_ == "dobj" for g in c.children]
            for c in holders:
                if c.dep_ in ("dative",) or (c.dep_ == "prep" and prep_objects(c)[0] in CONTENT_PREPS) \
                        or (c.dep_ == "dobj" and c.head.i == t.i and etype == "THREATEN"):  # "ready to attack the GP"
                    objs = prep_objects(c)[1] if c.dep_ == "prep" else [c]
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


def reciprocal(tok, syn: SyntaxLexicon) -> bool:
    """Whether the doers of the predicate ``tok`` do it to one another: a reciprocal pronoun is
    its object or a preposition's object under it ("blamed each other", "accused one another of",
    "fired at each other"), or the event noun is the object of a ``syntax.yaml``
    ``reciprocal_verbs`` verb ("traded accusations", "swapped insults")."""
    if tok.dep_ == "dobj" and tok.pos_ == "NOUN" and tok.head.lemma_.lower() in syn.reciprocal_verbs:
        return True
    for c in tok.children:
        objs = [c] if c.dep_ in ("dobj", "dative") else [g for g in c.children if g.dep_ == "pobj"] \
            if c.dep_ == "prep" else []
        if any(" ".join(t.lower_ for t in o.subtree) in ("each other", "one another") for o in objs):
            return True
    return False


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
    """Whether these slot tokens name the sides, themselves or as the owner of what they head
    ("both sides", "the heads of the two countries' security services")."""
    for t in toks:
        if t is None:
            continue
        stack = [t]
        while stack:
            cur = stack.pop()
            if is_parties(cur, lex):
                return True
            stack.extend(c for c in cur.children if c.dep_ in ("poss", "prep", "pobj", "compound")
                         and (c.dep_ != "prep" or c.lower_ == "of"))
    return False


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


def place_recipient(location: Place | None, etype: str, mode: str | None, actor: list[Entity],
                    targeted: frozenset) -> list[Entity]:
    """The state of the event's place as its recipient, for types of ``targeted`` (``roles.yaml``
    ``implied.place_targeted``: a protest addresses that state's authorities, a curfew or its
    lifting binds its people, aid reaches it) and for a visit (its host: "the Chilean leader
    landed in Lima for a visit" → Peru, when the visitor is not from there). Empty when the place
    has no state."""
    if location is None or not location.country:
        return []
    if etype == "CONSULT":
        if mode != "visit" or location.country in {e.country for e in actor if e.country}:
            return []
    elif etype not in targeted:
        return []
    return place_state(location)


def place_state(location: Place) -> list[Entity]:
    """The state a place belongs to, as an entity on the place's words (so it points at text)."""
    name = location.name if (location.feature or "").startswith("PCL") else None
    return [Entity(text=location.text, start=location.start, end=location.end, name=name,
                   country=location.country, kind="state")]


def claimant(article: Article, sent: Sentence, tok, index, syn: SyntaxLexicon) -> Entity | None:
    """Who the article says reports the event: the first speaker candidate of the trigger's
    frame that names an entity (:func:`.frames.speaker_candidates`: "according to X", "Kyiv
    said Russian forces attacked ...")."""
    for t, final in speaker_candidates(tok, syn):
        ents = entities_of(sent, t, index)
        if ents:
            return ents[0]
        if final:
            return None
    return None
