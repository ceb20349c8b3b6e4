"""ActorStage: actor mentions (states, people, organisations, agent nouns, resolved pronouns).

Per section Doc: knowledge matches (:mod:`.actors_kb`, token-level PhraseMatchers) are chosen
longest first; a person absorbs the titles, demonyms and possessive countries before it
("Russia's Foreign Minister Sergey Lavrov" is one entity, head "Lavrov"); a demonym or
possessive country joins the agent noun it modifies ("Ukrainian forces" → UKR/MIL, head
"forces"); capitals and seats are metonyms for the government unless used as a location; spaCy
PERSON/ORG entities the knowledge lacks are kept with what the text says. Surnames and pronouns
are then resolved across sentences (:mod:`.actors_coref`).

Sources: PLOVER 2.0 sectors and metonymy rule (docs/PLOVER.md); knowledge files mined from the
PETRARCH 2 Phoenix dictionaries (scripts/build_knowledge.py).
"""

from __future__ import annotations

import bisect
import logging
from collections import Counter

from ..model import Article, Entity
from .actors_kb import actor_knowledge, igo_of
from .actors_coref import resolve_references

log = logging.getLogger(__name__)

#: Title words a person mention may carry before the name (lower case); value: sector hint.
TITLES = {
    "president": "GOV", "prime": "GOV", "minister": "GOV", "foreign": None, "defence": None,
    "defense": None, "interior": None, "secretary": "GOV", "secretary-general": None,
    "general": "MIL", "gen.": "MIL", "gen": "MIL", "lt.": "MIL", "col.": "MIL", "colonel": "MIL",
    "commander": "MIL", "admiral": "MIL", "marshal": "MIL", "army": "MIL", "chief": None,
    "spokesman": "GOV", "spokeswoman": "GOV", "spokesperson": "GOV", "chancellor": "GOV",
    "king": "GOV", "queen": "GOV", "emir": "GOV", "prince": "GOV", "crown": None, "sheikh": None,
    "ambassador": "GOV", "envoy": "GOV", "leader": None, "vice": None, "deputy": None,
    "senior": None, "former": None, "acting": None, "mayor": "GOV", "governor": "GOV",
    "adviser": "GOV", "advisor": "GOV", "counterpart": "GOV", "premier": "GOV", "state": None,
    "of": None, "rebel": "REB", "opposition": "OPP", "senator": "LEG", "lawmaker": "LEG",
    "judge": "JUD", "justice": None, "director": None, "director-general": None, "head": None,
    "junta": "MIL", "top": None, "diplomat": "GOV", "negotiator": "GOV", "ousted": None,
    "new": None, "sen.": "LEG", "rep.": "LEG", "dr.": None, "mr.": None, "mrs.": None, "ms.": None,
    "archbishop": "REL", "pope": "REL", "cardinal": "REL", "high": None, "commissioner": None,
    "supreme": None, "national": None, "security": None, "adviser,": None, "officer": None,
    "staff": None, "ayatollah": "REL", "field": None, "maj.": "MIL", "major": "MIL",
    "lieutenant": "MIL", "lt": "MIL", "retired": None, "colonel-major": "MIL", "brigadier": "MIL",
    "sergeant": "MIL", "captain": "MIL", "capt.": "MIL", "minister,": None, "first": None,
}
#: Prepositions after which a capital is a place, not an actor ("in Moscow", "to Kyiv").
LOCATIVE = {"in", "at", "from", "to", "into", "near", "across", "outside", "around", "toward",
            "towards", "through", "over", "on", "inside", "off", "via", "throughout", "within",
            "beyond", "out", "until", "since", "of", "for"}
#: Bare agent nouns that take the article's focus country (when it has one, see _focus_country):
#: a country's own bodies and people, not the words that name outsiders (peacekeepers, envoys).
FOCUS_NOUNS = {"police", "policeman", "policemen", "government", "authorities", "parliament",
               "junta", "opposition", "court", "military", "army", "judiciary", "cabinet",
               "soldiers", "troops", "protesters", "protestors", "demonstrators", "civilians",
               "residents", "villagers", "crowd", "crowds", "lawmakers", "ministry",
               "guard", "interior ministry", "security forces", "officers",
               "police officers", "riot police", "presidential guard", "national guard"}
#: Modifiers that keep a noun national ("riot police", "the new government").
FOCUS_MODIFIERS = {"riot", "new", "interim", "local", "national", "presidential", "federal",
                   "elite", "uniformed", "armed", "military", "security", "opposition", "ruling",
                   "state", "central", "transitional", "civilian", "the", "senior", "top", "police"}
#: Words before a noun that make it foreign ("foreign soldiers", "international observers").
FOREIGN = {"foreign", "international", "western", "un", "u.n.", "nato", "allied", "peacekeeping"}
#: Words that mark a photo credit or byline around a media name.
CREDIT_WORDS = ("photo", "image", "credit", "via ", "getty", "|", "/ap", "/reuters", "/afp")
#: Lower-case words inside personal names ("Abdel Fattah al-Burhan", "Ursula von der Leyen").
NAME_PARTICLES = {"al", "el", "bin", "ibn", "abu", "de", "da", "dos", "du", "van", "von", "der",
                  "den", "la", "le", "di", "del", "-", "al-", "el-", "ben", "y"}
MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
#: Words that make an unknown "... Army" an armed group, not a state army.
REBEL_WORDS = ("liberation", "resistance", "rebel", "revolutionary", "alliance", "insurgent",
               "islamic", "front", "mujahideen", "brigade", "militia")
_PRIORITY = {"PERSON": 3, "ORG": 2, "COUNTRY": 2, "AGENT": 1}


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
    def ak(self):
        if self._ak is None:
            from ..nlp import load_model

            self._ak = actor_knowledge(self.kb, load_model(self.config.get("model")))
        return self._ak

    def __call__(self, article: Article) -> None:
        ak = self.ak
        by_doc: dict[int, tuple] = {}
        for s in article.sentences:
            key = id(s.span.doc)
            if key not in by_doc:
                by_doc[key] = (s.span.doc, s.offset, [])
            by_doc[key][2].append(s)
        found: list[tuple] = []  # (doc, offset, [(i, j, info)])
        for doc, offset, _ in by_doc.values():
            found.append((doc, offset, self._select(doc, ak)))
        focus = _focus_country(found, ak)
        entities: list[Entity] = []
        for doc, offset, spans in found:
            entities.extend(self._entities(article, doc, offset, spans, focus))
        entities.sort(key=lambda e: e.start)
        article.entities = resolve_references(article, entities, ak)

    # -- matching -------------------------------------------------------------------------

    def _select(self, doc, ak) -> list[tuple[int, int, str]]:
        """Non-overlapping knowledge matches plus spaCy PERSON/ORG entities the knowledge missed."""
        cands = ak.matches(doc)
        for ent in doc.ents:
            if ent.label_ in ("PERSON", "ORG"):
                start, end = ent.start, ent.end
                while start < end and doc[start].lower_ in ("the", "a", "an"):
                    start += 1
                while end > start and doc[end - 1].tag_ == "POS":
                    end -= 1
                if ent.label_ == "PERSON":
                    for k in range(start + 1, end):
                        w = doc[k].text
                        if doc[k].pos_ in ("VERB", "AUX") or doc[k].is_quote or w in (",", ";", ":") or \
                                any(q in w for q in "\"“”,") or w[:1].islower() and w.lower() not in NAME_PARTICLES:
                            end = k
                            break
                if end > start:
                    cands.append((start, end, "NE_" + ent.label_))
        known = [False] * len(doc)
        for s, e, label in cands:
            if not label.startswith("NE_"):
                for k in range(s, e):
                    known[k] = True
        # a spaCy entity made only of knowledge matches ("Niger Army") yields to them; an
        # unknown ORG ending in an agent noun ("Interior Ministry") is that agent
        kept = []
        for s, e, label in cands:
            if label.startswith("NE_"):
                if all(known[s:e]):
                    continue
                if label == "NE_ORG" and doc[s:e].text.lower() not in ak.orgs and (
                        doc[e - 1].lower_ in ak.agents or doc[s].lower_ in ("ministry", "department")):
                    label = "NE_BODY"
            kept.append((s, e, label))
        cands = kept
        prio = {"NE_PERSON": 0, "NE_ORG": -1}
        cands.sort(key=lambda c: (-(c[1] - c[0]), -_PRIORITY.get(c[2], prio.get(c[2], 0)), c[0]))
        taken = [False] * len(doc)
        chosen = []
        for s, e, label in cands:
            if any(taken[s:e]):
                continue
            if label == "AGENT" and doc[e - 1].pos_ not in ("NOUN", "PROPN") and \
                    doc[e - 1].dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos"):
                continue
            if label == "NE_ORG" and doc[s:e].text.lower() not in ak.orgs and not _org_ok(doc[s:e], ak):
                continue
            for k in range(s, e):
                taken[k] = True
            chosen.append((s, e, label))
        chosen.sort()
        return chosen

    # -- building entities ----------------------------------------------------------------

    def _entities(self, article, doc, offset, spans, focus) -> list[Entity]:
        ak = self.ak
        by_start = {s: (s, e, lab) for s, e, lab in spans}
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
                titled = s > 0 and doc[s - 1].lower_ in TITLES
                person = _surname_person(doc[s:e], ak, titled) or _first_name_variant(doc[s:e], ak)
            i, country, sector_hint, affil = s, None, None, None
            while i > 0:
                t = doc[i - 1]
                low = t.lower_
                prev = by_tok.get(i - 1)
                if low in TITLES and t.pos_ in ("PROPN", "NOUN", "ADJ", "ADP") and not (low == "of" and i - 1 == s):
                    sector_hint = sector_hint or TITLES[low]
                    i -= 1
                    continue
                if t.text in ("-",) and i - 2 >= 0 and doc[i - 2].lower_ in TITLES:
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
            if i < s and not any(doc[k].lower_ in TITLES for k in range(i, s)) and not country and not affil:
                i = s
            role = person.role_at(article.published) if person else None
            name = person.name if person else _clean_name(text_of(s, e))
            if role:
                country, sector, affil = role.country, role.sector, role.affiliation or affil
                if sector_hint and not _holds(role, article.published):
                    sector = sector_hint  # "Ukrainian lawmaker Rustem Umerov" before he was minister
            else:
                if not country and not affil:
                    country, affil, sector_hint = _apposition(doc, e, by_tok, ak, sector_hint)
                sector = "IGO" if affil and igo_of(affil) else sector_hint
            ent = make(i, e, name=name, country=country, sector=sector, affiliation=affil,
                       wikidata=person.wikidata if person else None, kind="person")
            ent.__dict__["_office"] = ((role.office if role else "") + " " + ent.text).lower()
            out.append(ent)
            used.update(range(i, e))

        for s, e, lab in spans:
            if s in used:
                continue
            if lab == "COUNTRY":
                ent = self._country(article, doc, offset, s, e, by_tok, used, make, focus)
            elif lab in ("ORG", "NE_ORG"):
                ent = self._org(article, doc, offset, s, e, make)
                nxt = by_tok.get(e)
                if ent is not None and ent.country and nxt and nxt[2] == "AGENT" and nxt[0] == e \
                        and nxt[0] not in used and doc[e - 1].head.i in range(nxt[0], nxt[1]):
                    # "Sudanese army leaders", "Hamas officials": the organisation's people
                    merged = make(s, nxt[1], name=ent.name, country=ent.country, sector=ent.sector,
                                  affiliation=ent.affiliation, wikidata=ent.wikidata, kind="org")
                    used.update(range(s, nxt[1]))
                    ent = merged
            elif lab == "NE_BODY":
                ent = self._body(doc, s, e, make)
            elif lab == "AGENT":
                ent = self._agent(doc, s, e, by_tok, used, make, focus)
            else:
                ent = None
            if ent is not None:
                out.append(ent)
                used.update(range(s, e))
        return [x for x in out if not _is_credit(article, x)]

    def _country(self, article, doc, offset, s, e, by_tok, used, make, focus):
        ak = self.ak
        term = ak.countries.get(doc[s:e].text.lower())
        if term is None:
            return None
        if s >= 1 and doc[s - 1].lower_ in ("pro", "anti", "pro-", "anti-") or \
                s >= 2 and doc[s - 1].text == "-" and doc[s - 2].lower_ in ("pro", "anti"):
            return None  # "pro-Russian separatists" are not Russian
        # demonym / name / possessive name + (adjectives) + agent noun → one agent entity
        j = e
        if j < len(doc) and doc[j].tag_ == "POS" and term.kind == "name":
            j += 1
        while j < len(doc) and doc[j].pos_ == "ADJ" and j not in by_tok:
            j += 1
        nxt = by_tok.get(j)
        if nxt and nxt[2] == "NE_BODY" and nxt[0] == e + 1 == j and term.kind == "name":
            return None  # "Georgia's Interior Ministry": the body takes the country
        if nxt and nxt[2] == "AGENT" and nxt[0] == j and nxt[0] not in used and term.kind != "seat":
            sector = ak.agents.get(doc[nxt[0]:nxt[1]].text.lower())
            used.update(range(s, nxt[1]))
            return make(s, nxt[1], name=term.name, country=term.iso3, sector=sector, kind="agent")
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
                    and doc[e + 1].lower_[:3] in MONTHS:
                return None  # a dateline ("Sanaa, Jan 18")
            if tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE:
                return None
            if doc[s:e].text[:1].islower() and not doc[s:e].text.startswith("the "):
                return None
            return make(s, e, name=term.name, country=term.iso3, sector=term.sector or "GOV", kind="metonym")
        if s >= 1 and doc[s - 1].lower_ in ("pro", "anti", "pro-", "anti-") or \
                s >= 2 and doc[s - 1].text == "-" and doc[s - 2].lower_ in ("pro", "anti"):
            return None  # "pro-Russian separatists" are not Russian
        if term.kind == "demonym":
            tok = doc[e - 1]
            if tok.pos_ not in ("ADJ", "PROPN", "NOUN") or tok.head.lower_ in ("in", "speak", "speaking"):
                return None
            sector, head = _conj_agent(tok, doc, by_tok, ak, offset)
            ent = make(s, e, name=term.name, country=term.iso3, sector=sector, kind="state")
            if head is not None:
                ent.head = head
            return ent
        if term.kind == "people":
            return make(s, e, name=term.name, country=term.iso3, sector=term.sector, kind="agent")
        return make(s, e, name=term.name, country=term.iso3, sector=None, kind="state")

    def _org(self, article, doc, offset, s, e, make):
        ak = self.ak
        text = doc[s:e].text
        org = ak.orgs.get(text.lower())
        if org is None:
            return make(s, e, name=_clean_name(text), country=None, sector=None, kind="org")
        return make(s, e, name=org.name, country=org.country, sector=org.sector,
                    affiliation=org.affiliation, wikidata=org.wikidata, kind="org")

    def _body(self, doc, s, e, make):
        """An unknown named body ending in an agent noun: "Interior Ministry" (GOV), "Ta'ang
        National Liberation Army" (REB); country from a state named inside it or just before it
        ("Georgia's Interior Ministry", "Myanmar National Democratic Alliance Army")."""
        ak = self.ak
        text = doc[s:e].text
        sector = ak.agents.get(doc[e - 1].lower_) or ak.agents.get(doc[s].lower_)
        if sector == "MIL" and any(w in text.lower() for w in REBEL_WORDS):
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
        return make(i, e, name=_clean_name(text), country=country, sector=sector, kind="org")

    def _agent(self, doc, s, e, by_tok, used, make, focus):
        ak = self.ak
        noun = doc[e - 1]
        if noun.dep_ in ("compound", "amod") and noun.head.i >= e and noun.head.i not in by_tok:
            return None  # a modifier: "resident coordinator", "police station"
        sector = ak.agents.get(doc[s:e].text.lower())
        country = None
        i = s
        # "the country's police", "its army": the focus country when the article has one
        if s >= 2 and doc[s - 1].tag_ == "POS" and doc[s - 2].lower_ in ("country", "nation") and focus:
            country, i = focus, s - 2
        # "the army of Sudan", "rebels in the Ivory Coast", "police in the Georgian capital"
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "in", "from") and country is None:
                for g in c.children:
                    if g.dep_ != "pobj" or list(g.conjuncts):
                        continue
                    for t in g.subtree:
                        hit = by_tok.get(t.i)
                        term = ak.countries.get(doc[hit[0]:hit[1]].text.lower()) if hit and hit[2] == "COUNTRY" else None
                        if term and term.kind in ("name", "demonym", "seat") and (t is g or t.head is g or t.head.head is g):
                            country = term.iso3
                            break
        if country is None and focus and noun.lower_ in FOCUS_NOUNS and not any(
                c.dep_ in ("amod", "compound", "poss", "nmod") and c.lower_ not in FOCUS_MODIFIERS
                for c in noun.children) and not (s > 0 and doc[s - 1].lower_ in FOREIGN):
            country = focus  # "the police" in a story about Georgia
        while i > 0 and doc[i - 1].pos_ in ("ADJ", "NOUN") and doc[i - 1].dep_ in ("amod", "compound") \
                and (i - 1) not in by_tok and doc[i - 1].head.i >= s and doc[i - 1].lower_ not in ("other", "many", "some", "several", "more", "most", "such"):
            i -= 1
        name = ak.iso_name.get(country) if country else None
        return make(i, e, name=name, country=country, sector=sector, kind="agent")


def _conj_agent(tok, doc, by_tok, ak, offset):
    """Sector and head offset for a demonym that modifies an agent noun through a conjunction
    ("Hungarian and Romanian officials": "Hungarian" → GOV, head "officials")."""
    cur = tok
    for _ in range(4):
        if cur.dep_ == "conj":
            cur = cur.head
            continue
        break
    head = cur.head if cur.dep_ in ("amod", "compound", "nmod") else None
    if head is None:
        return None, None
    hit = by_tok.get(head.i)
    if hit and hit[2] == "AGENT":
        return ak.agents.get(doc[hit[0]:hit[1]].text.lower()), offset + head.idx
    return None, None


def _first_name_variant(span, ak):
    """A curated person whose surname ends ``span`` and whose first name starts like the span's
    ("Anthony Blinken" → Antony Blinken), else None."""
    if len(span) < 2:
        return None
    people = ak.surnames.get(span[-1].lower_, [])
    first = span[0].lower_[:3]
    fits = [p for p in people if p.name.lower().startswith(first)]
    return fits[0] if len(fits) == 1 else None


def _apposition(doc, e, by_tok, ak, sector):
    """Country/affiliation from an apposition after a name ("Kuleba, the Ukrainian foreign
    minister", "Clementine Nkweta-Salami, U.N. resident coordinator"): (country, affiliation, sector)."""
    if e >= len(doc) or doc[e].text != ",":
        return None, None, sector
    country = affil = None
    titled = False
    for k in range(e + 1, min(len(doc), e + 10)):
        t = doc[k]
        if t.text in (",", ".", ";", ":") or t.pos_ in ("VERB", "AUX"):
            break
        titled = titled or t.lower_ in TITLES or t.lower_ in ak.agents or t.lower_ in ("coordinator", "official")
        hit = by_tok.get(k)
        if hit and hit[0] == k and hit[2] == "COUNTRY" and country is None:
            term = ak.countries.get(doc[hit[0]:hit[1]].text.lower())
            if term and term.kind in ("name", "demonym"):
                country = term.iso3
        elif hit and hit[0] == k and hit[2] == "ORG" and affil is None:
            org = ak.orgs.get(doc[hit[0]:hit[1]].text.lower())
            if org and org.sector in ("IGO", "NGO"):
                affil, sector = org.name, org.sector
            elif org and org.country:
                country = country or org.country
    if not titled:
        return None, None, sector
    if affil:
        return None, affil, sector  # an IGO official: no country ("U.N. coordinator in Sudan")
    if country:
        sector = sector or "GOV"
    return country, affil, sector


def _holds(role, when) -> bool:
    """True when ``role`` was held on ``when`` (unknown dates count as held)."""
    if when is None:
        return True
    return (role.start is None or role.start <= when) and (role.end is None or when <= role.end)


def _surname_person(span, ak, titled: bool = False):
    """The person a one-word PERSON entity names ("Putin", "President Suharto"): a curated
    surname alias naming one person, else a surname all of whose bearers in the knowledge
    belong to one country (the first of them stands for it)."""
    if len(span) != 1:
        return None
    low = span.text.lower()
    people = ak.surnames.get(low, [])
    if len(people) == 1:
        return people[0]
    if people or len(low) < 4 or not titled:
        return None
    bearers = ak.lastnames.get(low, [])
    countries = {r.country for p in bearers for r in p.roles}
    return bearers[0] if bearers and len(bearers) <= 3 and len(countries) == 1 else None


def _org_ok(span, ak) -> bool:
    """Keep a spaCy ORG the knowledge lacks only if it looks like a name: two or more words,
    capitalised first and last, no numbers (one-word ORGs are mostly acronyms of things: "APC")."""
    words = [t for t in span if not t.is_punct]
    if len(words) < 2 or not span.text[0].isupper() or not words[-1].text[:1].isupper():
        return False
    return span.text.lower() not in ak.agents and not any(t.like_num for t in span)


def _clean_name(text: str) -> str:
    text = text.strip()
    for suf in ("'s", "’s"):
        if text.endswith(suf):
            text = text[: -len(suf)]
    return text.strip(" ,.;:\"'")


def _is_credit(article: Article, ent: Entity) -> bool:
    """True for a media/agency name inside a photo credit or byline ("Getty Images", "via Reuters")."""
    if ent.sector not in ("MED", None) or ent.kind not in ("org", "person"):
        return False
    lo = article.text.rfind("\n", 0, ent.start) + 1
    hi = article.text.find("\n", ent.end)
    line = article.text[lo: hi if hi >= 0 else len(article.text)].lower()
    window = article.text[max(lo, ent.start - 25): ent.end + 15].lower()
    return any(w in window for w in CREDIT_WORDS) or line.startswith("by ") and ent.sector == "MED"


def _focus_country(found, ak) -> str | None:
    """The article's focus country: the most named state with at least 3 mentions and 60% of them."""
    counts: Counter = Counter()
    for doc, _, spans in found:
        for s, e, lab in spans:
            if lab == "COUNTRY":
                term = ak.countries.get(doc[s:e].text.lower())
                if term:
                    counts[term.iso3] += 1
    if not counts:
        return None
    iso, n = counts.most_common(1)[0]
    return iso if n >= 3 and n >= 0.6 * sum(counts.values()) else None
