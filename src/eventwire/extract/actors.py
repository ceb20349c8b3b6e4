"""ActorStage: actor mentions (states, people, organisations, agent nouns, resolved pronouns).

Per section Doc: knowledge matches (:mod:`.actors_kb`, token-level PhraseMatchers) are chosen
longest first; a person absorbs the titles, demonyms and possessive countries before it
("Norway's Foreign Minister Ingrid Dahl" is one entity, head "Dahl"); a demonym or
possessive country joins the agent noun it modifies ("Ukrainian forces" → UKR/MIL, head
"forces"); capitals and seats are metonyms for the government unless used as a location; spaCy
PERSON/ORG entities the knowledge lacks are kept with what the text says. Surnames and pronouns
are then resolved across sentences (:mod:`.actors_coref`).

Sources: PLOVER 2.0 sectors and metonymy rule (the PLOVER manual, openeventdata/PLOVER PLOVER_MANUAL.tex); knowledge files mined from the
PETRARCH 2 Phoenix dictionaries (scripts/build_knowledge.py). Word lists: ``knowledge/titles.tsv``,
``knowledge/actors.yaml``, month names from ``knowledge/calendar.yaml``.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import replace

from ..model import Article, Entity
from .actors_coref import resolve_references, same_name_countries
from ..knowledge.words import bind, place_words
from .actors_kb import actor_knowledge
from .actors_rules import (MIL_FOCUS_SHARE, PRIORITY, apposition, apposition_before, clean_name,
                           conj_agent, described_persons, first_name_variant, focus_country, holds, is_credit,
                           org_ok, surname_person, unlabelled_surnames)

log = logging.getLogger(__name__)

class EntityIndex:
    """Offset lookup over a list of non-overlapping entities.

    Args:
        entities: Entity list (any order).
    """

    def __init__(self, entities):
        self.entities = sorted(entities, key=lambda e: (e.start, -e.end))
        self._starts = [e.start for e in self.entities]

    def at(self, offset: int) -> Entity | None:
        """The entity whose ``[start, end)`` contains character ``offset``, else None."""
        i = bisect.bisect_right(self._starts, offset) - 1
        for j in range(i, max(-1, i - 8), -1):
            e = self.entities[j]
            if e.start <= offset < e.end:
                return e
        return None

    def in_span(self, start: int, end: int) -> list[Entity]:
        """Entities lying wholly inside ``[start, end)``, in order."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return [e for e in self.entities[lo:hi] if e.end <= end]


def entity_index(article: Article) -> EntityIndex:
    """The :class:`EntityIndex` of ``article.entities`` (cached until the list changes)."""
    cached = article.__dict__.get("_entity_index")
    if cached is not None and cached[0] is article.entities and cached[1] == len(article.entities):
        return cached[2]
    idx = EntityIndex(article.entities)
    article.__dict__["_entity_index"] = (article.entities, len(article.entities), idx)
    return idx


#: How often a dateline's country must be named for it to be the article's home.
DATELINE_MENTIONS = 2


class ActorStage:
    """Recognise and resolve actor mentions; assigns ``Article.entities`` sorted by start.

    Args:
        kb: :class:`eventwire.knowledge.Knowledge` (files read on first use).
        config: pipeline config (``model``: the spaCy package the parser uses).
    """

    name = "actors"
    requires = ("sentences",)
    assigns = ("entities",)

    def __init__(self, kb, config):
        self.kb = kb
        self.config = config
        self._ak = None

    @property
    def _country_nouns(self) -> frozenset:
        """Nouns that stand for the article's country ("the country's police"): places.yaml anaphors."""
        return place_words(self.kb).country_nouns()

    @property
    def _event_nouns(self) -> frozenset:
        """Trigger nouns (triggers.yaml): an agent noun modifying one is its doer ("a police
        raid", "army shelling"), not a mere modifier ("police station")."""
        from .lexicon import load_lexicon

        return self.kb.cached("actors:event_nouns", lambda: frozenset(
            k for k in load_lexicon(self.kb).nouns if " " not in k))

    @property
    def ak(self):
        """The :class:`~.actors_kb.ActorKnowledge` (built on first use, once per Knowledge)."""
        if self._ak is None:
            from ..nlp import load_model

            self._ak = actor_knowledge(self.kb, load_model(self.config.get("model")))
        return self._ak

    def __call__(self, article: Article) -> None:
        """Set ``article.entities`` (sorted by start, non-overlapping) from its parsed sentences."""
        bind(article, self.kb)
        ak = self.ak
        by_doc: dict[int, tuple] = {}
        for s in article.sentences:
            key = id(s.span.doc)
            if key not in by_doc:
                by_doc[key] = (s.span.doc, s.offset, [])
            by_doc[key][2].append(s)
        found: list[tuple] = []  # (doc, offset, [(start_token, end_token, label)])
        for doc, offset, _ in by_doc.values():
            found.append((doc, offset, self._select(doc, ak)))
        focus, share = focus_country(found, ak)
        home = focus or self._dateline_country(article, found)
        entities: list[Entity] = []
        for doc, offset, spans in found:
            entities.extend(self._entities(article, doc, offset, spans, focus, share, home))
        entities.sort(key=lambda e: e.start)
        article.entities = same_name_countries(resolve_references(article, entities, ak))

    # -- matching -------------------------------------------------------------------------

    def _select(self, doc, ak) -> list[tuple[int, int, str]]:
        """Non-overlapping knowledge matches plus spaCy PERSON/ORG entities the knowledge missed."""
        cands = ak.matches(doc)
        titles, words = ak.titles, ak.words
        for ent in doc.ents:
            if ent.label_ in ("PERSON", "ORG"):
                start, end = ent.start, ent.end
                while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].tag_ == "POS"
                                       or doc[start].is_punct):
                    start += 1
                while end > start and doc[end - 1].tag_ == "POS":
                    end -= 1
                if ent.label_ == "PERSON":
                    while end - start > 1 and doc[start].lower_ in titles:
                        start += 1  # "President Bush" → "Bush" (titles are added back below)
                    for k in range(start + 1, end):
                        w = doc[k].text
                        if doc[k].pos_ in ("VERB", "AUX") or doc[k].is_quote or w in (",", ";", ":") or \
                                any(q in w for q in "\"“”,") or w[:1].islower() and w.lower() not in words.name_particles:
                            end = k
                            break
                label, low = ent.label_, doc[start:end].text.lower()
                if label == "ORG" and end > start and doc[start].text[:1].isupper() and low in ak.surnames \
                        and low not in ak.orgs:
                    label = "PERSON"  # a curated person's surname the model took for an organisation ("Guterres urged")
                if end > start:
                    cands.append((start, end, "NE_" + label))
        cands += described_persons(doc, ak)
        cands += unlabelled_surnames(doc, ak)
        known = [False] * len(doc)
        org_starts = set()
        for s, e, label in cands:
            if not label.startswith("NE_"):
                for k in range(s, e):
                    known[k] = True
                if label == "ORG":
                    org_starts.add(s)
        # a spaCy entity made only of knowledge matches ("Niger Army") yields to them; an
        # unknown ORG ending in an agent noun ("Interior Ministry") is that agent
        kept = []
        for s, e, label in cands:
            if label.startswith("NE_"):
                if all(known[s:e]) or label == "NE_ORG" and s in org_starts:
                    continue  # "Royal Air Force Typhoon": the known "Royal Air Force" wins
                if label == "NE_ORG" and doc[s:e].text.lower() not in ak.orgs and (
                        doc[e - 1].lower_ in ak.agents or any(t.lower_ in words.body_nouns for t in doc[s:e])):
                    label = "NE_BODY"
            kept.append((s, e, label))
        cands = kept
        prio = {"NE_PERSON": 0, "NE_ORG": -1}
        cands.sort(key=lambda c: (-(c[1] - c[0]), -PRIORITY.get(c[2], prio.get(c[2], 0)), c[0]))
        taken = [False] * len(doc)
        chosen = []
        for s, e, label in cands:
            if any(taken[s:e]):
                continue
            if label == "AGENT" and doc[e - 1].pos_ not in ("NOUN", "PROPN") and \
                    doc[e - 1].dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos"):
                continue
            if label == "NE_ORG" and doc[s:e].text.lower() not in ak.orgs and not org_ok(doc[s:e], ak):
                continue
            for k in range(s, e):
                taken[k] = True
            chosen.append((s, e, label))
        chosen.sort()
        return chosen

    # -- building entities ----------------------------------------------------------------

    def _dateline_country(self, article: Article, found) -> str | None:
        """The country of the article's dateline city ("OTTAWA -" → CAN), where the reporter
        files from: the home of an unqualified "the government" or "the police" when no state
        dominates the article. Only capitals and country names are read (knowledge/countries.tsv).
        A bureau dateline ("LONDON --" over a story on Sudan) is not a home: the country must be
        named at least :data:`DATELINE_MENTIONS` times in the text. None otherwise."""
        counts: dict[str, int] = {}
        for doc, _, spans in found:
            for s, e, lab in spans:
                term = self.ak.countries.get(doc[s:e].text.lower()) if lab == "COUNTRY" else None
                if term is not None:
                    counts[term.iso3] = counts.get(term.iso3, 0) + 1
        for sec in article.sections:
            if sec.role != "dateline":
                continue
            words = re.findall(r"[A-Za-z][A-Za-z.'’-]*(?: [A-Za-z][A-Za-z.'’-]*)*", article.text[sec.start:sec.end])
            for w in words[:1]:
                term = self.ak.countries.get(w.lower().rstrip("."))
                if term is not None and term.kind in ("seat", "name") and \
                        counts.get(term.iso3, 0) >= DATELINE_MENTIONS:
                    return term.iso3
        return None

    def _entities(self, article, doc, offset, spans, focus, share, home=None) -> list[Entity]:
        """Entities of one section Doc from its selected spans.

        Args:
            doc: the section's spaCy Doc; offset: its first character's offset in the article.
            spans: (start_token, end_token, label) from :meth:`_select`.
            focus, share: the article's focus country (ISO3 or None) and its share of mentions.
            home: the focus country, else the dateline's country (for civil institutions only).
        """
        ak = self.ak
        titles = ak.titles
        by_tok = {}
        for s, e, lab in spans:
            for k in range(s, e):
                by_tok[k] = (s, e, lab)
        used: set[int] = set()
        out: list[Entity] = []

        def text_of(i, j):
            return doc[i:j].text

        def make(i, j, **kw) -> Entity:
            start, end = offset + doc[i].idx, offset + doc[j - 1].idx + len(doc[j - 1].text)
            root = doc[i:j].root
            return Entity(text=article.text[start:end], start=start, end=end,
                          head=offset + root.idx, **kw)

        # persons first: absorb titles, demonyms, possessive countries, IGO names before them
        for s, e, lab in spans:
            if lab not in ("PERSON", "NE_PERSON"):
                continue
            person = ak.people.get(ak.person_alias.get(text_of(s, e).lower(), ""))
            if person is None and lab == "NE_PERSON":
                titled = s > 0 and doc[s - 1].lower_ in titles
                person = surname_person(doc[s:e], ak, titled) or first_name_variant(doc[s:e], ak)
            i, country, sector_hint, affil = s, None, None, None
            while i > 0:
                t = doc[i - 1]
                low = t.lower_
                prev = by_tok.get(i - 1)
                if prev and prev[2] == "AGENT" and prev[1] == i and prev[0] not in used and \
                        doc[prev[1] - 1].lower_ in titles:
                    # "Treasury Secretary Janet Yellen", "Defense Minister Rustem Umerov"
                    sector_hint = sector_hint or ak.agents.get(text_of(prev[0], prev[1]).lower())
                    i = prev[0]
                    continue
                if low in titles and t.pos_ in ("PROPN", "NOUN", "ADJ", "ADP") and not (low == "of" and i - 1 == s):
                    sector_hint = sector_hint or titles.sector[low]
                    i -= 1
                    continue
                if t.text in ("-",) and i - 2 >= 0 and doc[i - 2].lower_ in titles:
                    i -= 1
                    continue
                if prev and prev[2] == "COUNTRY" and prev[0] not in used:
                    term = ak.countries.get(text_of(prev[0], prev[1]).lower())
                    if term and term.kind in ("name", "demonym", "seat"):
                        country, i = term.iso3, prev[0]
                        continue
                if prev and prev[2] == "ORG":
                    org = ak.orgs.get(text_of(prev[0], prev[1]).lower())
                    if org:
                        affil = org.name if org.sector in ("IGO", "NGO") or not org.country else affil
                        sector_hint = org.sector if org.sector in ("IGO", "NGO") else sector_hint
                        country = country or org.country
                        i = prev[0]
                        continue
                if t.tag_ == "POS" and i - 2 >= 0 and by_tok.get(i - 2) and by_tok[i - 2][2] in ("COUNTRY", "ORG"):
                    i -= 1
                    continue
                break
            while i < s and (doc[i].lower_ == "of" or doc[i].tag_ == "POS"):
                i += 1
            if i < s and not any(doc[k].lower_ in titles for k in range(i, s)) and not country and not affil:
                i = s
            role = person.role_at(article.published) if person else None
            name = person.name if person else clean_name(text_of(s, e))
            if role:
                country, sector, affil = role.country, role.sector, role.affiliation or affil
                if sector_hint and not holds(role, article.published):
                    sector = sector_hint  # "Ukrainian lawmaker Rustem Umerov" before he was minister
            else:
                if not country and not affil:
                    country, affil, sector_hint = apposition(doc, e, by_tok, ak, sector_hint)
                if not country and not affil:  # "a Pakistani embassy employee, Abid Hussain"
                    country, affil, sector_hint = apposition_before(doc, s, e, by_tok, ak, sector_hint)
                sector = "IGO" if affil and ak.igo_of(affil) else sector_hint
            ent = make(i, e, name=name, country=country, sector=sector, affiliation=affil,
                       wikidata=person.wikidata if person else None, kind="person")
            ent.__dict__["_office"] = ((role.office if role else "") + " " + ent.text).lower()
            out.append(ent)
            used.update(range(i, e))

        for s, e, lab in spans:
            if any(k in used for k in range(s, e)):
                continue
            if lab == "COUNTRY":
                ent = self._country(article, doc, offset, s, e, by_tok, used, make, focus)
            elif lab in ("ORG", "NE_ORG"):
                ent = self._org(article, doc, offset, s, e, make)
                if ent.kind == "org" and ent.country is None and ent.sector is None:
                    # "the MDC Alliance, a Zimbabwean opposition party": the apposition's state
                    country, _affil, hint = apposition(doc, e, by_tok, ak, None)
                    if country:
                        ent = replace(ent, country=country, country_source="phrase",
                                      sector=next((ak.agents[t.lower_] for t in doc[e:e + 8]
                                                   if t.lower_ in ak.agents), None))
                nxt = by_tok.get(e)
                if ent is not None and (ent.country or ent.sector in ("IGO", "NGO")) and nxt \
                        and nxt[2] == "AGENT" and nxt[0] == e \
                        and nxt[0] not in used and doc[e - 1].head.i in range(nxt[0], nxt[1]):
                    # "Sudanese army leaders", "Hamas officials", "U.N. officials": its people
                    merged = make(s, nxt[1], name=ent.name, country=ent.country, sector=ent.sector,
                                  affiliation=ent.affiliation, wikidata=ent.wikidata, kind="org")
                    used.update(range(s, nxt[1]))
                    ent = merged
            elif lab == "NE_BODY":
                ent = self._body(doc, s, e, make)
            elif lab == "AGENT":
                ent = self._agent(doc, s, e, by_tok, make, focus, share, home)
            else:
                ent = None
            if ent is not None:
                out.append(ent)
                used.update(range(s, e))
        return [x for x in out if not is_credit(article, x, ak.words.credit_words)]

    def _country(self, article, doc, offset, s, e, by_tok, used, make, focus):
        ak = self.ak
        words = ak.words
        term = ak.countries.get(doc[s:e].text.lower())
        if term is None:
            return None
        if s >= 1 and doc[s - 1].lower_ in words.stance_prefixes or \
                s >= 2 and doc[s - 1].text == "-" and doc[s - 2].lower_ in words.stance_prefixes:
            return None  # "pro-Russian separatists" are not Russian
        # demonym / name / possessive name + (adjectives) + agent noun → one agent entity
        j = e
        if term.kind in ("name", "demonym") and j + 1 < len(doc) and doc[j].text == "-" and doc[j + 1].lower_ in words.led_words:
            j += 2  # "Vietnamese-led forces", "Saudi-led coalition": led by that state
        if j < len(doc) and doc[j].tag_ == "POS" and term.kind == "name":
            j += 1
        while j < len(doc) and j not in by_tok and (doc[j].pos_ == "ADJ" or (
                doc[j].dep_ == "compound" and doc[j].pos_ == "NOUN" and doc[j].head.i > j)):
            j += 1  # "Ukrainian defence ministry", "Russian military officials"
        nxt = by_tok.get(j)
        if nxt and nxt[2] == "NE_BODY" and nxt[0] == e + 1 == j and term.kind == "name":
            return None  # "Georgia's Interior Ministry": the body takes the country
        if nxt and nxt[2] == "AGENT" and nxt[0] == j and nxt[0] not in used and term.kind != "seat":
            sector = ak.agents.get(doc[nxt[0]:nxt[1]].text.lower())
            used.update(range(s, nxt[1]))
            return make(s, nxt[1], name=term.name, country=term.iso3, sector=sector, kind="agent")
        org = self._generic_body(doc, nxt, j, term) if nxt and nxt[0] not in used else None
        if org is not None:
            # "the French Ministry of Defence": the demonym wins over the knowledge's country
            # of a generic name ("Ministry of Defence" is the UK's in organisations.tsv)
            used.update(range(s, nxt[1]))
            return make(s, nxt[1], name=clean_name(doc[s:nxt[1]].text), country=term.iso3,
                        sector=org.sector, kind="org")
        if nxt and nxt[0] == j and nxt[0] not in used and nxt[2] in ("NE_ORG", "NE_BODY") and term.kind == "demonym":
            # "the Georgian Interior Ministry", "French Air Force Rafale jets": a named body the
            # knowledge does not know, with no state in its own name, is of the demonym's state
            inner = (self._body(doc, nxt[0], nxt[1], make) if nxt[2] == "NE_BODY"
                     else self._org(article, doc, offset, nxt[0], nxt[1], make))
            if inner is not None and inner.country is None and inner.sector not in ("IGO", "NGO"):
                used.update(range(s, nxt[1]))
                return make(s, nxt[1], name=clean_name(doc[s:nxt[1]].text), country=term.iso3,
                            sector=inner.sector, kind="org")
        if term.kind == "seat":
            tok = doc[s:e].root
            if tok.dep_ in ("compound", "npadvmod", "nmod") or tok.tag_ == "POS":
                return None  # "Dhaka Tribune", "Moscow time"
            while tok.dep_ == "appos" and tok.head is not tok:
                tok = tok.head  # "in the Georgian capital Tbilisi"
            if doc[s:e].text.isupper() and len(doc[s:e].text) > 3 or \
                    e < len(doc) and doc[e].text in ("--", "—", "–", "-") and (s == 0 or doc[s - 1].is_space):
                return None  # a dateline ("LONDON --"), not an actor
            if e + 1 < len(doc) and doc[e].text == "," and (s == 0 or doc[s - 1].is_space or doc[s - 1].is_sent_start) \
                    and doc[e + 1].lower_[:3] in ak.calendar.month_prefixes():
                return None  # a dateline ("Sanaa, Jan 18")
            if tok.dep_ == "pobj" and tok.head.lower_ in words.place_preps and not (
                    tok.head.lower_ in words.target_preps and tok.head.head.lemma_.lower() in words.target_nouns) \
                    and not (tok.head.lower_ == "to" and tok.head.head.lemma_.lower() in words.mission_nouns):
                return None  # "in Quito" is where; "sanctions on Quito", "the envoy to Quito" is whom
            if doc[s:e].text[:1].islower() and not doc[s:e].text.startswith("the "):
                return None
            return make(s, e, name=term.name, country=term.iso3, sector=term.sector or "GOV", kind="metonym")
        if term.kind == "demonym":
            tok = doc[e - 1]
            if tok.pos_ not in ("ADJ", "PROPN", "NOUN") or tok.head.lower_ in words.language_cues:
                return None
            sector = conj_agent(tok, doc, by_tok, ak)
            return make(s, e, name=term.name, country=term.iso3, sector=sector, kind="state")
        if term.kind == "people":
            if s >= 1 and doc[s - 1].lower_ in words.descent_words:
                # "ethnic Albanians demonstrated in Serbia": a community named by descent, not
                # the state of that name; the place of the event gives its state
                return make(s - 1, e, name=None, country=None, sector=term.sector or "CVL", kind="agent")
            return make(s, e, name=term.name, country=term.iso3, sector=term.sector, kind="agent")
        return make(s, e, name=term.name, country=term.iso3, sector=None, kind="state")

    def _generic_body(self, doc, nxt, j, term):
        """The known state body (actors.yaml ``state_sectors``) of another country whose name,
        matched at token ``j`` right after a state's demonym or name, names no state itself
        ("Ministry of Defence", "Congress", "the Senate"), else None."""
        ak = self.ak
        if nxt[2] != "ORG" or nxt[0] != j or term.kind not in ("name", "demonym"):
            return None
        org = ak.orgs.get(doc[nxt[0]:nxt[1]].text.lower())
        if org is None or not org.country or org.country == term.iso3 or org.sector not in ak.words.state_sectors:
            return None
        for t in doc[nxt[0]:nxt[1]]:
            own = ak.countries.get(t.lower_)
            if own is not None and own.kind in ("name", "demonym"):
                return None  # "US Congress", "British Army": the name says whose it is
        return org

    def _org(self, article, doc, offset, s, e, make):
        ak = self.ak
        text = doc[s:e].text
        org = ak.orgs.get(text.lower())
        if org is None:  # a long official name ending in a known one ("... Committee of the Red Cross")
            org = next((ak.orgs[t] for k in range(s + 1, e - 2) if (t := doc[k:e].text.lower()) in ak.orgs), None)
        if org is None:  # a state's long official name ending in one we know
            term = next((ak.countries[t] for k in range(s + 1, e - 2) if (t := doc[k:e].text.lower()) in ak.countries
                         and ak.countries[t].kind == "name"), None)
            if term is not None:
                return make(s, e, name=term.name, country=term.iso3, sector=None, kind="state")
        if org is None:
            # "Serbian Workers' Union", "Ukrainian Red Cross", "Baghdad University": a national body
            term = ak.countries.get(doc[s].lower_) if doc[s].text[:1].isupper() else None
            country = term.iso3 if term and term.kind in ("name", "demonym", "seat") else None
            last = ak.countries.get(doc[e - 1].lower_) if e - s >= 2 and doc[e - 2].lower_ != "of" else None
            if country is None and last is not None and last.kind == "name":
                country = last.iso3  # "Global Affairs Canada", "Elections Canada": a state's agency
            return make(s, e, name=clean_name(text), country=country, sector=None, kind="org")
        return make(s, e, name=org.name, country=org.country, sector=org.sector,
                    affiliation=org.affiliation, wikidata=org.wikidata, kind="org")

    def _body(self, doc, s, e, make):
        """An unknown named body ending in an agent noun: "Interior Ministry" (GOV), "Ta'ang
        National Liberation Army" (REB); country from a state named inside it or just before it
        ("Georgia's Interior Ministry", "Myanmar National Democratic Alliance Army")."""
        ak = self.ak
        words = ak.words
        text = doc[s:e].text
        if doc[e - 1].lower_ == "court" and not any(w in text.lower() for w in words.court_words):
            return None  # "Centre Court" is a tennis court
        sector = ak.agents.get(doc[e - 1].lower_) or ak.agents.get(doc[s].lower_)
        if any(t.lower_ in words.body_nouns for t in doc[s:e]):
            sector = "MIL" if any(t.lower_ in words.defence_words for t in doc[s:e]) else "GOV"
        if sector == "MIL" and any(w in text.lower() for w in words.rebel_words):
            sector = "REB"
        country, i = None, s
        for k in range(s, e):
            term = ak.countries.get(doc[k].lower_)
            if term and term.kind in ("name", "demonym") and doc[k].text[:1].isupper():
                country = term.iso3
                break
        if country is None and s >= 2 and doc[s - 1].tag_ == "POS":
            term = ak.countries.get(doc[s - 2].lower_)
            if term and term.kind == "name":
                country, i = term.iso3, s - 2
        return make(i, e, name=clean_name(text), country=country, sector=sector, kind="org")

    def _agent(self, doc, s, e, by_tok, make, focus, share, home=None):
        ak = self.ak
        words = ak.words
        noun = doc[e - 1]
        if noun.dep_ in ("compound", "amod") and noun.head.i >= e and noun.head.i not in by_tok \
                and noun.head.lemma_.lower() not in self._event_nouns and not (
                    noun.head.lemma_.lower() in words.owned_facilities and noun.head.dep_ in ("dobj", "nsubjpass")):
            # a modifier: "resident coordinator", "police station"; not "police raid", nor the
            # owner of a thing an act is done to ("attacked an army convoy")
            return None
        sector = ak.agents.get(doc[s:e].text.lower())
        country, source = None, None
        i = s
        # "the country's police", "its army": the focus country when the article has one
        if s >= 2 and doc[s - 1].tag_ == "POS" and doc[s - 2].lower_ in self._country_nouns and focus:
            country, source, i = focus, "article", s - 2
        # "the army of Sudan", "rebels in the Ivory Coast", "police in the Georgian capital";
        # "a band of gunmen in Chad": the place may hang on the group noun
        holders = list(noun.children)
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in words.group_heads:
            holders += [c for c in noun.head.head.children if c.i > noun.i]
        for c in holders:
            if c.dep_ == "prep" and c.lower_ in ("of", "in", "from") and country is None:
                for g in c.children:
                    if g.dep_ != "pobj" or list(g.conjuncts):
                        continue
                    for t in g.subtree:
                        hit = by_tok.get(t.i)
                        term = ak.countries.get(doc[hit[0]:hit[1]].text.lower()) if hit and hit[2] == "COUNTRY" else None
                        if term and term.kind in ("name", "demonym", "seat") and (t is g or t.head is g or t.head.head is g):
                            country, source = term.iso3, "phrase"
                            break
        military = noun.lower_ in words.military_focus_nouns
        local = focus if military else home  # forces never take a dateline's country
        if country is None and local and noun.lower_ in words.focus_nouns and \
                (not military or share >= MIL_FOCUS_SHARE) and not any(
                c.dep_ in ("amod", "compound", "poss", "nmod") and c.lower_ not in words.focus_modifiers
                and not (c.is_punct or c.text in "[]()")
                for c in noun.children) and not (s > 0 and doc[s - 1].lower_ in words.foreign_modifiers):
            country = local  # "the police" in a story about Georgia
            source = "article" if local == focus else "dateline"
        while i > 0 and doc[i - 1].pos_ in ("ADJ", "NOUN") and doc[i - 1].dep_ in ("amod", "compound") \
                and (i - 1) not in by_tok and doc[i - 1].head.i >= s and doc[i - 1].lower_ not in ("other", "many", "some", "several", "more", "most", "such"):
            i -= 1
        name = ak.iso_name.get(country) if country else None
        return make(i, e, name=name, country=country, sector=sector, kind="agent", country_source=source)
