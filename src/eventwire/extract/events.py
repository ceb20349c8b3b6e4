"""EventStage: PLOVER events from triggers, with arguments read off the dependency parse.

For every sentence: find triggers (verbs, nouns, predicative adjectives, light-verb phrases of
knowledge/triggers.yaml), drop senses that are not events (an `armed` word without a conflict
cue; words inside what another trigger agrees/demands/refuses; objects of verbal acts), read the
actor and recipient from the trigger's syntactic arguments (subject, passive agent, object,
prepositional objects, possessives, demonym modifiers, conjuncts), then aux (negation,
hypothetical, future, historical), mode, date, place, size and who claims it.

Argument rules follow the PLOVER manual (openeventdata/PLOVER, "Version 2.0" draft): the actor
initiates; compound actors stay in one event; a meeting's participants are all actors; the
speaker of reported speech is not the actor of the reported act but its ``claimed_by``.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace

from ..model import Article, Entity, Event, Mention, Sentence, country_codes
from . import events_args as A
from . import events_aux as X
from . import events_syntax as S
from .frames import governor, shared_passive_agent
from .lexicon import VERBAL_QUADS, Entry, Lexicon, load_lexicon
from .merge import fold_consequences
from .reclassify import THREAT_CONTENT, THREAT_MODES, is_protester, reclassify
from ..models.features import quoted_tokens, sentence_context
from .triggers import CALL_VERDICT, MUST, OBLIGE, RESTRICTIONS, SHOULD, UNDO, entry_applies, trigger_matcher

log = logging.getLogger(__name__)

#: Entity labels of words that are never an event's trigger (names, numbers, dates).
NOT_EVENT_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
#: Types whose recipient, when it is a state and the clause names no place, is where it happened.
TERRITORIAL = {"ASSAULT", "COERCE", "MOBILIZE"}
ARMED_SECTORS = {"MIL", "REB", "UAF", "COP", "SPY"}
#: Types whose several parties with no one else named act towards each other (gold convention:
#: "a clash between two parties is one event with both as actors and both as recipients").
MUTUAL = {"COOPERATE", "CONSULT", "AGREE", "CONCEDE", "RETREAT"}
POLITICAL_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "PTY", "REB", "OPP", "SPY", "UAF", "IGO"}
#: Conflict types a non-political article (sport, business, science, weather, crime, culture: its
#: facts' ``domain``) gives only when a state, a government body or an IGO is a party (issue 8:
#: no such event on non-political articles).
DOMAIN_CONFLICT = {"ASSAULT", "COERCE", "PROTEST", "THREATEN", "SANCTION", "MOBILIZE"}
STATE_SECTORS = {"GOV", "LEG", "IGO"}
#: Domains whose stories tell plots (films, novels, games): there a conflict event needs a
#: government body or an IGO as its actor (a state's name or its army may be a character).
NARRATIVE_DOMAINS = {"culture"}
AUTHORITY_ACTS = {"COERCE", "SANCTION", "MOBILIZE", "CONCEDE", "RETREAT"}
AUTHORITY_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "REB", "IGO"}
COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}


class EventStage:
    """Assigns ``Article.events`` (one Event per trigger; merging is the link stage's job)."""

    name = "events"
    requires = ("sentences", "entities", "places", "dates", "quotes", "facts")
    assigns = ("events",)

    def __init__(self, kb, config):
        from ..models.trigger import load_filter_model, load_trigger_model

        from ..nlp import load_model

        self.kb = kb
        self.lex: Lexicon = load_lexicon(kb)
        self.matcher = trigger_matcher(kb, load_model(config.get("model")))
        #: the evaluative (verdict) adjectives of triggers.yaml
        self.verdicts = frozenset(k for k, e in self.lex.adjectives.items() if e.has("evaluative"))
        #: objects an attack verb can hit only in words (cues.yaml verbal_targets, evaluated_acts,
        #: proposal_nouns): "attacked the plan" is a criticism
        self.verbal_objects = self.lex.cue("verbal_targets") | self.lex.cue("evaluated_acts") | self.lex.cue("proposal_nouns")
        self.model = load_trigger_model(kb)
        self.model_conf = (kb.yaml("models.yaml") or {}).get("trigger") or {}
        self.filter = load_filter_model(kb)
        self.filter_conf = (kb.yaml("models.yaml") or {}).get("filter") or {}
        mc, fc = self.model_conf, self.filter_conf
        #: whether a learned component can change anything with these settings (else it is not run)
        self.model_used = (float(mc.get("propose_above", 0.8)) <= 1 or float(mc.get("reject_below", 0.0)) > 0
                           or float(mc.get("weight", 0.0)) > 0)
        self.filter_used = float(fc.get("reject_below", 0.0)) > 0 or float(fc.get("weight", 0.0)) > 0
        #: a callable (token, candidate event, trigger entry, sentence) shown every candidate
        #: before the filter decides (used to build the filter's training data), or None
        self.observe = None

    def __call__(self, article: Article) -> None:
        from .actors import entity_index

        index = entity_index(article)
        events: list[Event] = []
        matches: dict[int, dict] = {}  # per section Doc (this article's only)
        found = []
        for sent in article.sentences:
            doc = sent.span.doc
            if id(doc) not in matches:
                matches[id(doc)] = self.matcher.doc_matches(doc)
            found.append(self.find_triggers(sent, index, matches[id(doc)]))
        probs = self.model_probs(article.sentences, found)
        for sent, triggers, p in zip(article.sentences, found, probs):
            events.extend(self.sentence_events(article, sent, index, triggers, p))
        article.events = events

    def model_probs(self, sentences: list[Sentence], found: list) -> list[dict]:
        """The trigger model's probabilities for each sentence's words, in one batch
        (words of rule triggers are left out unless the model may reject them; names, numbers and
        dates always; proposals are made for verbs)."""
        if self.model is None or not self.model_used:
            return [{} for _ in found]
        rejecting = float(self.model_conf.get("reject_below", 0.0)) > 0 or float(self.model_conf.get("weight", 0.0)) > 0
        items = []
        for sent, triggers in zip(sentences, found):
            skip = set() if rejecting else {t.i for _, _, toks in triggers for t in toks}
            skip |= {t.i for t in sent.span if t.ent_type_ in NOT_EVENT_ENTS or (not rejecting and t.pos_ != "VERB")}
            items.append((sent.span, sent.section, skip))
        return self.model.sentences(items, self.lex)

    # -- triggers -------------------------------------------------------------------------

    def find_triggers(self, sent: Sentence, index=None, matches: dict | None = None) -> list[tuple[object, Entry, list]]:
        """(head token, entry, trigger tokens) for each trigger in the sentence: the lexicon's
        matches (:class:`.triggers.TriggerMatcher`) whose conditions hold, one per head word,
        words of a person's or organisation's name left out ("Amnesty International",
        "Operation Storm")."""
        lex = self.lex
        if matches is None:
            matches = self.matcher.doc_matches(sent.span.doc)
        out = []
        used: set[int] = set()
        for tok, entry, toks in self.matcher.triggers(sent.span, matches, lambda t: S.names_with_verdict(t, lex),
                                                      lambda t: S.verdict_on_claim(t, lex)):
            if tok.i in used:
                continue
            if index is not None and tok.pos_ == "PROPN":
                ent = index.at(sent.offset + tok.idx)
                if ent is not None and ent.kind in ("org", "person"):
                    continue
            ok, toks = entry_applies(tok, entry, toks, sent, index, S.entities_of)
            if not ok or (entry.has("ultimatum") and S.ultimatum_frame(tok, lex) is None):
                continue
            used.update(t.i for t in toks)
            out.append((tok, entry, toks))
        return self._undone(out, sent.span)

    def _undone(self, found: list, span=()) -> list:
        """Triggers with every restriction an undo verb eases made one CONCEDE on the verb
        (cues.yaml ``undo_verbs``; :data:`.triggers.UNDO`): "scrapped the tariffs" (the noun's
        SANCTION), "suspended the surcharge" (the verb's own SANCTION sense), "the curfew was
        lifted". A verb entry of a cooperative type ("lift blockade": RETREAT) is kept."""
        undo = self.lex.cue("undo_verbs")
        nouns = self.lex.nouns

        def restriction(t) -> bool:
            return S.restriction_noun(t, self.lex)

        def eased(verb):
            return next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and restriction(c)), None)

        verbs = {t.i for t, _, _ in found if t.pos_ in ("VERB", "AUX")}
        out, done, covered = [], set(), set()
        for tok, entry, toks in found:
            verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head if (
                tok.dep_ in ("dobj", "nsubjpass") and restriction(tok) and entry.event_type in RESTRICTIONS
                and tok.head.i not in verbs) else None
            if verb is not None and verb.lemma_.lower() in undo and entry.event_type not in COOPERATIVE | {"CONCEDE"}:
                noun = eased(verb)
                if noun is not None:
                    if verb.i not in done:
                        done.add(verb.i)
                        out.append((verb, UNDO, [verb, noun]))
                        covered.update(c.i for c in noun.children if c.dep_ == "compound")
                    continue
            out.append((tok, entry, toks))
        for verb in span:  # "agreed to scrap the fuel levy": neither word a trigger of its own
            if verb.pos_ == "VERB" and verb.i not in done and verb.lemma_.lower() in undo \
                    and all(t.i != verb.i for t, _, _ in found):
                noun = eased(verb)
                if noun is not None and all(t.i != noun.i for t, _, _ in found):
                    out.append((verb, UNDO, [verb, noun]))
        return [f for f in out if f[1] is UNDO or f[0].i not in covered]

    # -- events of one sentence -----------------------------------------------------------------

    def sentence_events(self, article: Article, sent: Sentence, index, triggers: list | None = None,
                        probs: dict | None = None) -> list[Event]:
        from .dates import event_date
        from .places import event_location
        from .size import size_of

        lex = self.lex
        domain = article.facts.domain
        parties = article.facts.parties
        # who "both sides", "the two countries" stand for: the armed parties, else the two states
        # the article names most (an interstate story with no fighting: talks, tariffs, expulsions)
        dyad = article.facts.dyad
        sides = parties if len(parties) >= 2 or article.facts.domestic or len(dyad) < 2 or not all(
            e.country for e in dyad) else list(dyad)
        if triggers is None:
            triggers = self.find_triggers(sent, index)
        if S.is_question(sent):
            return []  # "What do the rebels promise?", "Will the army withdraw?": asked, not told
        if probs is None:
            probs = self.model_probs([sent], [triggers])[0]
        if probs:
            triggers = self.learned_triggers(sent, triggers, probs, index)
        if not triggers:
            return []
        triggers = [(t, e, w) for t, e, w in triggers
                    if not e.has("otherparty") or S.other_party_claim(sent, t, index, lex.syntax)]
        if not triggers:
            return []
        heads = {t.i: e for t, e, _ in triggers}
        fctx = None  # the filter's sentence features, computed on first use
        place_cache: dict = {}  # places' head tokens of this sentence
        # content triggers whose complement is a conflict act: "ready to attack" is a threat
        # and a promise to observe a ceasefire or withdraw is a concession (PLOVER manual).
        threats: dict[int, tuple[str, str | None]] = {}
        for tok, entry, _ in triggers:
            gov = S.content_governor(tok, heads, lex.syntax)
            if gov is None or heads[gov].event_type != "AGREE" or tok.dep_ not in ("xcomp", "ccomp") \
                    or tok.head.i != gov:
                continue  # only the direct complement: "ready to attack", not "offered troops to help"
            if entry.event_type in THREAT_CONTENT:
                threats[gov] = ("THREATEN", THREAT_MODES.get(entry.event_type))
            elif entry is UNDO or (entry.event_type == "RETREAT" and entry.mode == "ceasefire"):
                # "declare (not implement) a ceasefire", "agreed to lift the curfew" (for other
                # promised RETREATs, "agreed to release", the GSR codes AGREE: measured
                # 2026-12-07, 3 check sentences)
                threats.setdefault(gov, ("CONCEDE", None))
        retaliations = {tok.i for tok, entry, _ in triggers if entry.event_type == "AGREE" and entry.has("content") and any(
            c.dep_ in ("xcomp", "ccomp") and (c.lemma_.lower() in lex.cue("retaliation_verbs") or any(
                t.lemma_.lower() in lex.cue("retribution_words") for t in c.subtree)) for c in tok.children)}
        for i in retaliations:  # "vowed that Pakistan would respond strongly": a threat
            threats.setdefault(i, ("THREATEN", None))
        # ultimatums' frames, once; the words of their conditions are demanded, not done
        ultimatums = {tok.i: S.ultimatum_frame(tok, lex) for tok, entry, _ in triggers if entry.has("ultimatum")}
        conditions = {i for frame in ultimatums.values() if frame is not None for i in S.condition_words(frame[1])}
        events, tokens = [], []
        for tok, entry, toks in triggers:
            if S.suppressed(tok, entry, heads, lex) or tok.i in conditions:
                continue
            if S.poll_finding(tok, lex, entry.event_type):
                continue  # "a survey found 61 percent opposed the curfew": opinion, not an act
            if entry.has("content") and any(c.dep_ == "xcomp" and c.lemma_.lower() in lex.cue("non_acts")
                                            for c in tok.children):
                continue  # "declined to comment", "refused to say where": no act refused or agreed
            if entry.event_type == "REQUEST" and tok.pos_ == "VERB" and S.past_clause(tok):
                continue  # "insisted that no ransom had been paid": a claim about the past, no demand
            if entry.event_type == "AGREE" and entry.has("content") and tok.i not in retaliations and any(
                    c.dep_ in ("xcomp", "ccomp") and c.lemma_.lower() in lex.cue("conflict_goals") for c in tok.children):
                continue  # "vowed his troops would win": a vow of victory, no offer of cooperation
            if entry.event_type == "AID" and tok.pos_ == "VERB" and any(
                    c.dep_ in ("xcomp", "advcl") and c.i in heads and heads[c.i].event_type != "AID"
                    and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children) for c in tok.children):
                continue  # "sent 21 personnel to investigate ...": the purpose is the act reported
            if tok.pos_ == "VERB" and tok.dep_ in ("advcl", "xcomp") and tok.head.i in heads \
                    and heads[tok.head.i].event_type == entry.event_type \
                    and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
                continue  # "would meet religious leaders to discuss the crisis": one meeting, its purpose
            if tok.pos_ in ("VERB", "AUX") and S.habitual(tok, lex):
                continue  # "police routinely detain critics", "have fought for decades": a state of
                # affairs, no event
            if tok.dep_ == "relcl" and tok.head.lemma_.lower() in lex.cue("conflict_spans") and any(
                    c.dep_ == "aux" and c.lemma_ == "have" for c in tok.children):
                continue  # "a two-year war that has killed thousands": the conflict's toll, no event
            if tok.pos_ == "NOUN" and S.process_span(tok, lex):
                continue  # "after 18 months of talks", "a decade of summits": a process, no event
            if entry.event_type in ("ASSAULT", "COERCE", "PROTEST") and tok.pos_ == "VERB" and any(
                    c.dep_ in ("prep", "agent") and c.lower_ in ("with", "by") and any(
                        g.dep_ == "pobj" and g.lemma_.lower() in lex.cue("figurative_means") for g in c.children)
                    for c in tok.children):
                continue  # "was bombarded with petitions": a figure of speech
            if entry is OBLIGE:
                continue  # "had to defend ... and prevent ...": a necessity, its acts not reported
            if entry.has("noquestion") and S.asks_question(tok, lex.syntax):
                continue  # "asked whether the army would withdraw": an inquiry
            etype, mode = entry.event_type, entry.mode
            if tok.i in threats:
                etype, mode = threats[tok.i]
            if (tok.dep_ in ("relcl", "acl") and etype in COOPERATIVE) or (
                    tok.dep_ in ("acl", "amod") and tok.tag_ == "VBN" and tok.head.pos_ in ("NOUN", "PROPN")
                    and not (etype in ("ASSAULT", "COERCE") and S.passive_agent(tok) is not None
                             and tok.head.lemma_.lower() not in lex.nouns)):
                # "groups that have given help to ...", "the curfew imposed in ...":
                # a description of something named, not a report of an event (but "civilians
                # killed by the troops" reports who did what to whom)
                continue
            if tok.pos_ in ("VERB", "AUX") and S.free_relative(tok):
                continue  # "what the army called a clean-up", "review what the rebels agree to"
            if etype == "ASSAULT" and tok.lemma_.lower() == "strike" and S.is_protest_strike(tok, lex):
                etype, mode = "PROTEST", "hunger" if S.has_modifier(tok, {"hunger"}) else "strike"
            claimed = A.claimant(article, sent, tok, index, lex.syntax)
            if claimed is None:
                claimed = quote_speaker(article, sent.offset + tok.idx)
            if entry.has("evaluative"):
                verdict = self.verdict_arguments(article, sent, tok, index, claimed)
                if verdict is None:
                    continue
                (actor, recipient), claimed = verdict, None
                subj = S.subject_of(tok, lex.syntax)
                if subj is not None and subj.lemma_.lower() in lex.cue("proposal_nouns"):
                    etype, mode = "REJECT", None  # "the proposal was unacceptable": a refusal of it
            elif entry is MUST or entry is SHOULD:
                if entry is SHOULD and claimed is None:
                    continue  # the writer's own "should" is opinion, no demand
                actor, recipient = A.must_arguments(sent, tok, index, claimed, sides, lex)
                if entry is SHOULD and not (recipient and actor and all(
                        a.kind in ("state", "metonym") or a.sector in POLITICAL_SECTORS for a in actor)):
                    continue  # '"We should act now," she said', "respondents said the state should":
                    # advice to no one named, or an opinion, not a political actor's demand
                claimed = None
            elif entry.has("ultimatum"):
                act, cond, mode = ultimatums[tok.i]
                doers, _ = A.arguments(article, sent, act, "ASSAULT", index, syn=lex.syntax, roles=lex.roles)
                actor = [claimed] if claimed is not None else doers
                csubj = S.subject_of(cond, lex.syntax)
                recipient = S.entities_of(sent, csubj, index) if csubj is not None else []
                recipient = [e for e in recipient if all(e.text != a.text for a in actor)]
                claimed = None
            elif entry.has("alleged") or (entry.has("charge") and claimed is not None):
                if claimed is None:
                    continue  # the writer's own words charge no one
                etype, mode = "ACCUSE", "allege"
                subj = S.subject_of(tok, lex.syntax)
                recipient = S.entities_of(sent, subj, index) if subj is not None else []
                if subj is not None and subj.pos_ == "NOUN" and (subj.lemma_.lower() in lex.nouns or
                                                                 subj.lemma_.lower() in lex.cue("evaluated_acts")):
                    # "said the decision violated the rules": charged is whoever took the decision
                    recipient, _ = A.arguments(article, sent, subj, "ASSAULT", index, syn=lex.syntax, roles=lex.roles)
                elif subj is None and tok.pos_ == "NOUN":
                    # a wrong named by a noun: charged is the subject of the clause that names it
                    # ("said Rabat had shown intransigence", "said Rabat waged a war of aggression")
                    gov = governor(tok)
                    doer = None
                    if gov.pos_ in ("VERB", "AUX"):  # "was held by police in breach of the law": the police
                        doer = shared_passive_agent(gov) or S.subject_of(gov, lex.syntax)
                    recipient = S.entities_of(sent, doer, index) if doer is not None else []
                    if not recipient:  # "said Russian interference was obvious": its modifier
                        recipient, _ = A.arguments(article, sent, tok, "ASSAULT", index, syn=lex.syntax, roles=lex.roles)
                actor, claimed = [claimed], None
                recipient = [e for e in recipient if e.text != actor[0].text]
            else:
                actor, recipient = A.arguments(article, sent, tok, etype, index, sides, lex,
                                               syn=lex.syntax, roles=lex.roles, trigger_words=toks[1:])
                if not actor and claimed is not None and S.pronoun_subject(tok, lex.syntax) \
                        and (claimed.start < sent.offset + tok.idx or S.first_person_subject(tok, lex.syntax)):
                    actor = [claimed]  # "Chile has said it is not ready to ...", "we will respond,
                    # the minister said": the speaker (not a third person named after it: "They
                    # shot four traders, residents said")
            if not actor and claimed is not None and etype in AUTHORITY_ACTS and claimed.sector in AUTHORITY_SECTORS \
                    and (S.agentless_passive(tok) or tok.pos_ == "NOUN") and not self.judged(tok):
                # "Peru's Interior Ministry said 87 people had been held": the authority
                # reporting its own arrests, curfews and closures is who imposed them (never for
                # attacks: "Kyiv said a hospital was hit" names no attacker); so is an authority
                # announcing one ('the soldiers said, "... a nationwide curfew declared"').
                actor = [claimed]
            if entry.has("needarg") and not actor and not recipient and not (
                    etype == "ASSAULT" and S.weapon_subject(tok, lex)) and not (
                    etype == "PROTEST" and S.crowd_subject(tok, lex)):
                continue  # ("missiles hit a base near Goma": the weapon tells the sense)
            if entry.has("political") and not any(e.kind in ("state", "metonym") or e.sector in POLITICAL_SECTORS
                                                  or e.sector == "NGO" for e in actor):
                continue  # a feeling is a stance only when a state, body or official has it
            if etype == "ASSAULT" and tok.pos_ == "VERB" and S.object_in(tok, self.verbal_objects):
                etype, mode = "ACCUSE", "disapprove"  # "attacked the plan", "slammed the ruling": in words
            if entry.has("armed") and etype not in ("PROTEST", "ACCUSE") and not (
                    etype == "COERCE" and actor and all(is_protester(e, lex) for e in actor)):
                # (protesters blocking or occupying need no armed word: reclassify makes it PROTEST)
                if not X.conflict_sense(sent, tok, actor + recipient, lex, domain):
                    continue
            if domain and not any(e.kind in ("state", "metonym") or e.sector in POLITICAL_SECTORS
                                  for e in actor + recipient):
                continue  # a sport, business or science story: only political actors make events
            if domain and etype in DOMAIN_CONFLICT and not (
                    any(e.kind in ("state", "metonym") or e.sector in STATE_SECTORS for e in actor + recipient)
                    and X.conflict_sense(sent, tok, actor + recipient, lex, domain, strict=True)):
                continue  # a police arrest in a burglary story, a "threat" of a club captain
            if domain in NARRATIVE_DOMAINS and etype in DOMAIN_CONFLICT and not any(
                    e.sector in STATE_SECTORS for e in actor):
                continue  # a war film's plot ("German forces attack a village"); a ban on it stays
            aux = X.aux_of(tok, lex)
            planned = aux == "future"  # (before reclassify: a promised act keeps its future date)
            if aux == "hypothetical" and entry is SHOULD and not X._conditional(tok):
                aux = None  # the "should" of a demand is the demand, not a possibility
            if entry.has("ultimatum") and aux != "negation":
                aux = None  # the ultimatum is made now, whatever its condition
            if aux == "negation" and entry.neg and X.is_refusal(tok, entry.event_type,
                                                                lex.quad(entry.event_type) in VERBAL_QUADS):
                etype, mode, aux = entry.neg, X.reject_mode(tok), None
                if entry.event_type == "CONSULT":  # a meeting's other side is whom it is refused
                    actor, recipient = A.arguments(article, sent, tok, etype, index, sides, lex,
                                                   syn=lex.syntax, roles=lex.roles, trigger_words=toks[1:])
            elif entry.event_type == "REJECT" and mode is None:
                mode = X.reject_mode(tok)
            if entry.event_type == "RETREAT" and entry.mode == "release" and recipient and actor and \
                    all(e.country and e.country in {a.country for a in actor} for e in recipient):
                continue  # "Baku announced the release of 15 Azerbaijani soldiers": the other side freed them
            etype, mode, aux = reclassify(article, etype, mode, aux, tok, actor, lex, claimed, recipient)
            if etype in ("ASSAULT", "COERCE") and tok.pos_ == "VERB" and self.done_by_talk(tok):
                continue  # "talks hit a dead end", "the deal struck a balance": no attack
            if etype == "REQUEST" and (mode is None or mode == "change"):
                mode = X.request_mode(tok) or mode
            if etype == "ASSAULT" and mode is None:
                mode = X.assault_mode(sent, tok, lex)
            trig_start = sent.offset + min(t.idx for t in toks)
            trig_end = sent.offset + max(t.idx + len(t.text) for t in toks)
            dm = event_date(article, sent, trig_start, trig_end, kb=self.kb)
            date, precision, date_text = X.resolve_date(article, sent, tok, dm)
            if planned and dm is not None and X.within_clause(sent, tok, dm):
                date = X.forward_date(article.published, date, precision, date_text)
            if aux is None:
                aux = X.time_aux(article, date, precision, tok, lex)
            location = event_location(article, sent, trig_start, trig_end, kb=self.kb, cache=place_cache,
                                      territorial=etype in TERRITORIAL, verbal=lex.quad(etype) in VERBAL_QUADS)
            if location is None and etype in TERRITORIAL and etype not in lex.roles.implied["at_home"]:
                location = A.recipient_place(article, recipient)  # (troops massed face a state, at home)
            if not recipient and etype in ("AGREE", "REJECT", "CONCEDE", "REQUEST", "THREATEN"):
                recipient = A.content_recipient(sent, tok, etype, actor, index)
            if not recipient and etype in ("COERCE", "ASSAULT", "SANCTION", "REJECT", "ACCUSE") and tok.pos_ == "VERB":
                recipient = A.act_doers(article, sent, tok, index, actor, lex, lex.syntax, lex.roles)
            if not actor and etype == "ASSAULT":
                actor = A.absolute_actor(sent, tok, index)
            if not actor and not recipient and etype == "ASSAULT" and tok.pos_ == "NOUN" \
                    and tok.lemma_.lower() in lex.cue("reciprocal") and len(parties) > 0:
                actor = list(parties)  # "Fighting continues to rage in El Fasher": both sides
            if not recipient and etype == "ASSAULT" and len({a.text.lower() for a in actor}) >= 2 \
                    and tok.lemma_.lower() in lex.cue("reciprocal"):
                recipient = list(actor)  # "Indian and Pakistani troops clashed", "police and
                # protesters clashed": each side the other's target
            elif etype == "ASSAULT" and actor and recipient and tok.lemma_.lower() in lex.cue("reciprocal") \
                    and country_codes(actor) and country_codes(recipient) and not country_codes(actor) & country_codes(recipient):
                actor = recipient = actor + recipient  # "X clashed with Y": both sides act, both receive
            if etype == "MOBILIZE" and recipient and all(
                    e.kind == "agent" and e.country is None and e.sector in ("MIL", "COP") for e in recipient):
                recipient = []  # "deployed police officers to Haiti": the forces sent are the actor's own
            states = {a.country for a in actor if a.country}
            mutual = not recipient and etype in MUTUAL and len(states) >= 2 and not (
                etype == "CONSULT" and len(states) == 2 and location is not None and location.country in states)
            # (a meeting in one of two participants' states: situate makes the host its recipient)
            if not recipient and len(states) >= 2 and A.reciprocal(tok, lex.syntax):
                mutual = True  # "Lima and Quito blamed each other", "traded accusations"
            if mutual:
                recipient = list(actor)  # "Manila and Hanoi held joint patrols", "agreed to a truce": each other
            if not recipient and location is not None and (etype in ("ASSAULT", "COERCE", "MOBILIZE", "RETREAT") or (
                    etype == "CONCEDE" and "ceasefire" in (mode or "") + " ".join(
                        t.lemma_.lower() for t in tok.subtree))):
                recipient = A.invaded_state(article, location, actor)
            if etype in ("COERCE", "ASSAULT") and actor and all(a.sector in ("COP", "GOV", "JUD") for a in actor):
                home = {a.country for a in actor if a.country}
                if len(home) == 1:  # police arresting or dispersing people: people of that state
                    recipient = [replace(e, country=next(iter(home)), country_source="phrase")
                                 if e.country is None and e.kind == "agent"
                                 and e.sector in ("CVL", "OPP", "JRN", "LAB", "EDU", None) else e
                                 for e in recipient]
            if location is not None and location.country:
                recipient = [replace(e, country=location.country, country_source="place")
                             if e.country is None and e.sector in ("CVL", "REF") and e.kind == "agent" else e
                             for e in recipient]  # civilians where it happened (ACLED's convention)
            if etype == "CONSULT" and recipient and all(e.sector in ("MED", "JRN") for e in recipient):
                continue  # "confirmed it in a phone call with state television": an interview
            if etype == "COERCE" and mode in ("seize", "arrest") and actor and recipient \
                    and all(a.sector in ("REB", "UAF", "CRM") for a in actor) \
                    and all(r.kind in ("person", "agent") for r in recipient):
                etype, mode = "ASSAULT", "abduct"  # rebels "seizing" a pilot take a hostage
            if etype == "CONSULT" and mode is None:
                mode = X.consult_mode(actor, recipient, location, tok)
            if not recipient:
                recipient = A.place_recipient(location, etype, mode, actor, lex.roles.implied["place_targeted"])
            if lex.quad(etype) in VERBAL_QUADS and not mutual:  # a statement is not aimed at its own maker
                recipient = [e for e in recipient if all(e is not a and e.text != a.text
                                                         and not (e.name and e.name == a.name) for a in actor)]
            trigger_text = " ".join(t.text for t in sorted(toks, key=lambda t: t.i))
            mention = Mention(text=article.text[sent.start:sent.end], start=sent.start, end=sent.end,
                              trigger=trigger_text, section=sent.section,
                              trigger_start=trig_start, trigger_end=trig_end)
            ev = Event(
                event_type=etype, mode=mode, aux=aux, quad=lex.quad(etype), score=lex.score(etype, mode),
                actor=actor, recipient=recipient, claimed_by=claimed,
                date=date, date_precision=precision if date else None, date_text=date_text,
                date_source=None if date is None else "clause" if date_text else "published",
                location=location, location_source="clause" if location is not None else None, size=size_of(article, sent, trig_start, trig_end, kb=self.kb),
                mentions=[mention], confidence=self.confidence(tok, entry, actor, recipient, sent, aux, probs),
            )
            obj = next((c for c in tok.children if c.dep_ == "dobj" and c.pos_ == "NOUN"), None) \
                if tok.pos_ == "VERB" else None
            if obj is not None and obj.lemma_.lower() in lex.nouns:
                ev.object_type = lex.nouns[obj.lemma_.lower()].event_type  # "condemned the drills"
            ev.id = event_id(article, ev)
            if self.observe is not None:  # training (scripts/train_models.py) sees every candidate
                self.observe(tok, ev, entry, sent)
            if self.filter is not None and self.filter_used:
                if fctx is None:
                    fctx = (sentence_context(sent.span), quoted_tokens(sent.span))
                p = self.filter.p_event(tok, ev, entry.flags, sent.section, lex, fctx)
                if p < float(self.filter_conf.get("reject_below", 0.0)):
                    continue
                w = float(self.filter_conf.get("weight", 0.5))
                ev.confidence = max(0.05, min(0.99, (1 - w) * ev.confidence + w * p))
            events.append(ev)
            tokens.append(tok)
        return fold_consequences(events, tokens)


    def learned_triggers(self, sent: Sentence, triggers: list, probs: dict, index) -> list:
        """The rule triggers the trigger model does not reject, plus the candidates it proposes
        where no rule fires (thresholds in knowledge/models.yaml; :mod:`eventwire.models.trigger`).

        Args:
            triggers: (head token, entry, tokens) of :meth:`find_triggers`.
            probs: token index -> class probabilities of the sentence's candidates.
        """
        model, conf = self.model, self.model_conf
        reject, propose = float(conf.get("reject_below", 0.1)), float(conf.get("propose_above", 0.8))
        kept = []
        for tok, entry, toks in triggers:
            row = probs.get(tok.i)
            if row is not None and 1.0 - row[model.none] < reject:
                continue  # the model reads this word as no event here
            kept.append((tok, entry, toks))
        used = {t.i for _, _, toks in triggers for t in toks}
        near = used | {t.head.i for _, _, toks in triggers for t in toks}  # "began a hunger strike"
        types = {e.event_type for _, e, _ in triggers}
        for i, row in probs.items():
            if i in near:
                continue
            k = int(row.argmax())
            if k == model.none or row[k] < propose or model.classes[k] in types:
                continue  # a rule already reports an event of that type in this sentence
            tok = sent.span.doc[i]
            if any(c.i in used for c in tok.children):
                continue  # the word governs a rule trigger: a light or aspect verb
            if tok.pos_ == "PROPN" or (index.at(sent.offset + tok.idx) is not None):
                continue  # a word of a name, or an actor mention ("protesters")
            rule = self.lex.verbs.get(tok.lemma_.lower())
            if rule is not None and rule.has("verdict"):
                continue  # a verb of naming the rules read as no verdict ("described X as president")
            if rule is not None and rule.has("political"):
                continue  # a feeling verb is an event only in its rule's frame ("concerned about"
                # is a stance; "the report concerns the border" is not)
            kept.append((tok, Entry(tok.lemma_.lower(), model.classes[k], None, frozenset({"learned", "needarg"})), [tok]))
        kept.sort(key=lambda x: x[0].i)
        return kept

    def confidence(self, tok, entry, actor, recipient, sent: Sentence, aux, probs: dict) -> float:
        """The rules' ranking score (:func:`.events_aux.confidence`) blended with the trigger
        model's probability that the word is an event (``weight`` in knowledge/models.yaml)."""
        c = X.confidence(tok, entry, actor, recipient, sent, aux)
        row = probs.get(tok.i)
        if row is None:
            return c
        w = float(self.model_conf.get("weight", 0.5))
        return max(0.05, min(0.99, (1 - w) * c + w * float(1.0 - row[self.model.none])))

    def done_by_talk(self, tok) -> bool:
        """Whether a verb's subject names a verbal or cooperative act ("talks", "the deal",
        "negotiations"): such a subject does not attack or coerce anyone."""
        s = S.subject_of(tok, self.lex.syntax)
        if s is None or s.pos_ != "NOUN":
            return False
        e = self.lex.nouns.get(s.lemma_.lower())
        return e is not None and self.lex.quad(e.event_type) in VERBAL_QUADS | {"material cooperation"}

    def judged(self, tok) -> bool:
        """Whether an event noun is what a verdict is passed on ("said the sanctions were
        unwarranted"): its speaker judges it, so did not do it."""
        verdicts = self.verdicts
        if tok.dep_ in ("nsubj", "nsubjpass") and any(
                c.dep_ in ("acomp", "attr") and c.lower_ in verdicts for c in tok.head.children):
            return True
        return any(c.dep_ == "amod" and c.lower_ in verdicts for c in tok.children)

    def verdict_arguments(self, article: Article, sent: Sentence, tok, index, speaker):
        """(actor, recipient) of a verdict on an act ("Kellogg said the attack by Russian forces
        crosses any line of decency"): the speaker, and who did the act; None when the subject is
        not an act or nobody is reported saying it (the writer's own words are no event)."""
        act = S.subject_of(tok, self.lex.syntax) if tok.dep_ != "amod" else tok.head
        if act is None or speaker is None:
            return None
        if tok.dep_ == "conj" and tok.head.lemma_.lower() in self.verdicts:
            return None  # "unwarranted and discriminatory": one verdict, told by its first word
        lemma = act.lemma_.lower()
        if act.pos_ not in ("NOUN", "PROPN") or not (lemma in self.lex.nouns or lemma in self.lex.cue("evaluated_acts")
                                                     or lemma in self.lex.cue("proposal_nouns")):
            return None
        doers, _ = A.arguments(article, sent, act, "ASSAULT", index, syn=self.lex.syntax, roles=self.lex.roles)
        return [speaker], [e for e in doers if e is not speaker and e.text != speaker.text]


def quote_speaker(article: Article, offset: int) -> Entity | None:
    """The speaker of the direct quote whose words hold ``offset`` (characters), if any: what
    a quote reports is claimed by whoever is quoted ('the soldiers said, "... a nationwide curfew
    declared"')."""
    for q in article.quotes:
        if q.start <= offset < q.end and q.speaker is not None:
            return q.speaker
    return None


def event_id(article: Article, ev: Event) -> str:
    """Stable id: SHA-1 of the article's content hash, event type and first mention's trigger offset.

    The same article gives the same ids whatever the order of ingestion (16 hex digits).
    """
    m = ev.mentions[0]
    key = f"{article.hash}|{ev.event_type}|{m.trigger_start if m.trigger_start is not None else m.start}"
    return hashlib.sha1(key.encode()).hexdigest()[:16]


def entities_codes(ents: list[Entity]) -> set[str]:
    """Country codes and canonical IGO names of a list of entities (for merge compatibility)."""
    out = set()
    for e in ents:
        if e.country:
            out.add(e.country)
        elif e.sector in ("IGO", "NGO") and e.name:
            out.add(e.name)
    return out
