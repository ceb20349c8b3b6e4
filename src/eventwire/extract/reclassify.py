"""Reclassification of a trigger's PLOVER type by the PLOVER manual's rules of thumb (promised
cooperation is AGREE, an announced conflict act a THREATEN, protesters' blockades PROTEST, a
state's protest an objection, ...), after its arguments are known. Moved out of
:mod:`.events` (which calls :func:`reclassify` once per candidate) to keep modules small."""

from __future__ import annotations

from ..model import Article, Entity
from . import events_aux as X
from . import events_syntax as S

#: Cooperation announced for later is AGREE (PLOVER manual: "future or promised cooperation").
FUTURE_AGREE = {"CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE"}
#: Conflict acts that, promised or conditional, are threats; THREATEN's mode is what is threatened.
THREAT_CONTENT = {"ASSAULT", "COERCE", "PROTEST"}
THREAT_MODES = {"ASSAULT": "violence", "COERCE": "restrict", "PROTEST": None, "SANCTION": "relations", "RETREAT": None}


def reclassify(article: Article, etype: str, mode, aux, tok, actor: list[Entity], lex, claimed=None,
               recipient: list[Entity] | None = None):
    """PLOVER manual rules of thumb: future or promised cooperation is AGREE; a conflict act
    announced for later by its actor (or on a condition) is THREATEN; joint exercises of two
    states are COOPERATE; civilians blocking roads PROTEST (obstruct) rather than COERCE.
    A threat needs a threatener: with no actor and no one reported saying it ("an attack on
    the port would trigger a war", in the writer's or an analyst's words) a conditional act
    stays a hypothetical act.

    Args:
        etype, mode, aux: the trigger's PLOVER type, mode and aux so far.
        tok: the trigger's head token; actor: its actor entities; lex: the Lexicon.
        claimed: who the article says reports it, or None.
        recipient: its recipient entities, when known (a withdrawal from an international body).

    Returns:
        (type, mode, aux), changed or not.
    """
    if etype == "RETREAT" and mode in ("withdraw", "resign") and _membership_left(tok, recipient or [], lex):
        etype, mode = "SANCTION", "withdraw"  # "quit the alliance", "withdrew from the treaty": a
        # state leaving a body or an agreement reduces relations (PLOVER SANCTION), no retreat
    if etype == "MOBILIZE" and len({e.country for e in actor if e.country}) >= 2:
        etype, mode = "COOPERATE", None  # joint exercises (then, if planned, AGREE below)
    if etype == "PROTEST" and mode == "boycott" and any(
            c.dep_ in ("dobj", "obj") and c.lemma_.lower() in lex.nouns
            and lex.nouns[c.lemma_.lower()].event_type in ("CONSULT", "AGREE") for c in tok.children):
        return "REJECT", None, aux  # "boycotted the peace talks": a party refusing them (PLOVER REJECT)
    if etype == "PROTEST" and tok.lemma_.lower() == "protest" and actor and all(
            (e.sector in ("GOV", "IGO") or e.kind == "metonym" or (e.kind == "state" and any(
                c.dep_ == "prep" and c.lower_ == "to" for c in tok.children)))
            and e.country_source in (None, "mention", "phrase") for e in actor):
        etype, mode = "ACCUSE", "disapprove"  # a state protesting (to an envoy, over a move) is a
        # diplomatic protest: PLOVER ACCUSE ("disapprove, object to"), not a demonstration
    if aux == "future" and etype in FUTURE_AGREE and not (
            etype == "CONCEDE" and tok.lemma_.lower() in lex.cue("undo_verbs")):
        return "AGREE", None, "future"
    if aux == "hypothetical" and etype in FUTURE_AGREE and X.in_speech_complement(tok, lex) \
            and X.has_modal(tok, {"would", "will"}):
        return "AGREE", None, "future"  # "said they would sign ... if she granted them a seat": an offer
    if etype == "MOBILIZE" and any(e.sector == "IGO" for e in actor) or (
            etype == "MOBILIZE" and "peacekeep" in tok.sent.text.lower()):
        return "AID", None, aux  # peacekeeping troops are aid (PLOVER AID: "troops")
    if aux == "future" and _topic_of_subject(tok):
        return etype, mode, "hypothetical"  # "said the reimposition of sanctions would have no basis"
    if (aux == "future" or (aux == "hypothetical" and X._conditional(tok))) \
            and etype in THREAT_CONTENT | {"SANCTION", "RETREAT"} \
            and X.is_threat(tok, lex) and (etype != "RETREAT" or X._conditional(tok)) \
            and not S.agentless_passive(tok) and (actor or claimed is not None):
        return "THREATEN", THREAT_MODES.get(etype), None
    if aux == "future" and etype == "RETREAT" and mode == "release" and X.has_modal(
            tok, {"will", "shall", "'ll", "would"}):
        # PLOVER manual: a promised RETREAT is CONCEDE ("will free 30 prisoners"); applied to
        # releases only: for announced withdrawals it cost a GSR sentence (2026-12-07)
        return "CONCEDE", None, None
    if etype == "RETREAT" and mode == "release" and tok.pos_ == "NOUN" and tok.dep_ == "dobj" \
            and tok.head.lemma_.lower() in lex.cue("decision_verbs"):
        return "CONCEDE", None, None  # "announced the release of the pilot": declared, as promised
    if etype == "ASSAULT" and {tok.lemma_.lower(), tok.lower_.rstrip("s")} & lex.cue("sanction_verbs") and (
            any({t.lemma_.lower(), t.lower_.rstrip("s")} & lex.cue("sanction_words") for t in tok.sent)
            or (article.facts.cue_counts.get("sanction_words", 0) >= 3 and not any(t.lemma_.lower() in lex.cue("weapons") for t in tok.sent))):
        return "SANCTION", None, aux
    if etype == "AID" and S.troops_sent_home(tok, actor, lex):
        return "MOBILIZE", "troops", aux  # "sent 1,500 troops to the frontier": a move, no aid
    if etype == "COERCE" and mode == "deport" and S.object_in(tok, lex.cue("diplomat_nouns")):
        return "SANCTION", "expel", aux  # "ordered the ambassador to leave": an expulsion
    if etype == "COERCE" and mode == "arrest" and actor and all(e.sector == "JUD" for e in actor):
        return "SANCTION", "convict", aux  # "a court jailed six reporters": a sentence
    if etype == "SANCTION" and mode == "discontinue" and S.halts_fighting(tok, lex):
        return "CONCEDE", None, aux  # "announced a suspension of drone attacks": a declared halt
    if etype == "COERCE" and mode == "restrict" and actor and all(
            e.sector in ("CVL", "OPP", "LAB", "EDU", "REL", "PTY") for e in actor):
        return "PROTEST", "obstruct", aux
    if etype == "REJECT" and tok.pos_ == "VERB" and any(
            c.dep_ == "dobj" and S.restriction_noun(c, lex) for c in tok.children) and (S.crowd_subject(tok, lex) or (actor and all(is_protester(e, lex) for e in actor))):
        return "PROTEST", "demo", aux  # "tens of thousands defied the curfew": a crowd defying a ban protests
    if etype == "PROTEST" and mode in ("riot", "vandalize") and actor and all(
            e.sector in S.ARMED_SECTORS for e in actor):
        return "COERCE", "seize", aux  # "gunmen looted shops": armed men taking property, no riot
    if etype in ("ASSAULT", "COERCE") and actor and all(is_protester(e, lex) for e in actor) \
            and mode not in ARMED_MODES:
        # protesters storming, burning, striking, blocking or occupying: PLOVER PROTEST
        if tok.lemma_.lower() == "strike":
            return "PROTEST", "strike", aux
        return "PROTEST", "riot" if etype == "ASSAULT" else "obstruct", aux
    return etype, mode, aux


#: ASSAULT modes that stay attacks whoever carries them out.
ARMED_MODES = {"firearms", "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons", "abduct",
               "sexual", "torture"}


def is_protester(e: Entity, lex) -> bool:
    """Whether an actor mention names people who protest (``cues.yaml`` ``protest_agents``)."""
    if e.kind not in ("agent", "pronoun") and e.sector not in ("CVL", "LAB", "EDU", "OPP", "AGR"):
        return False
    words = {w.strip(".,'’").lower() for w in e.text.split()}
    words |= {w[:-1] for w in words if w.endswith("s")} | {w[:-2] for w in words if w.endswith("es")}
    return bool(words & lex.cue("protest_agents"))


def _membership_left(tok, recipient: list[Entity], lex) -> bool:
    """Whether what a withdrawal verb leaves is a body or an agreement: its direct object or the
    object of its "from" ("out of") is a cues.yaml ``membership_nouns`` noun ("withdrew from the
    regional alliance", "quit the treaty"), or it has one and its recipient is an international
    organisation ("quit ECOWAS"). A withdrawal "of" forces names who withdraws, not what is left."""
    left = [c for c in tok.children if c.dep_ in ("dobj", "obj")] + [
        g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("from", "out") for g in c.subtree
        if g.dep_ == "pobj"][:1]  # "quit the bloc", "withdrew from the treaty", "out of the pact"
    obj = left[0] if left else None
    if obj is not None and obj.lemma_.lower() in lex.cue("membership_nouns"):
        return True
    return obj is not None and any(e.sector == "IGO" for e in recipient)


def _topic_of_subject(tok) -> bool:
    """Whether a noun trigger sits in the subject of its clause through "of" ("the reimposition
    of sanctions would have no legal basis"): the modal speaks of the subject, not of an act the
    speaker announces."""
    cur = tok
    for _ in range(4):
        if cur.pos_ not in ("NOUN", "PROPN") or cur.dep_ != "pobj" or cur.head.lower_ != "of":
            return False
        cur = cur.head.head
        if cur.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return True
    return False
