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
}
#: Prepositions after which a capital is a place, not an actor ("in Moscow", "to Kyiv").
LOCATIVE = {"in", "at", "from", "to", "into", "near", "across", "outside", "around", "toward",
            "towards", "through", "over", "on", "inside", "off", "via", "throughout", "within",
            "beyond", "out", "until", "since", "of", "for"}
#: Agent sectors that a bare definite noun may take the article's focus country for.
NATIONAL_SECTORS = {"COP", "LEG", "JUD", "OPP", "GOV", "MIL"}
#: Words that mark a photo credit or byline around a media name.
CREDIT_WORDS = ("photo", "image", "credit", "via ", "getty", "|", "/ap", "/reuters", "/afp")
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
                if end > start:
                    cands.append((start, end, "NE_" + ent.label_))
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
            if label == "NE_ORG" and not _org_ok(doc[s:e], ak):
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
                person = _surname_person(doc[s:e], ak)
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
                    if term and term.kind in ("name", "demonym"):
                        country, i = term.iso3, prev[0]
                        continue
                if prev and prev[2] == "ORG":
                    org = ak.orgs.get(text_of(prev[0], prev[1]).lower())
                    if org:
                        affil = org.name if org.sector in ("IGO", "NGO") or not org.country else affil
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
            else:
                sector = "IGO" if affil and igo_of(affil) else sector_hint if (sector_hint or country) else None
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
        # demonym / name / possessive name + (adjectives) + agent noun → one agent entity
        j = e
        if j < len(doc) and doc[j].tag_ == "POS" and term.kind == "name":
            j += 1
        while j < len(doc) and doc[j].pos_ == "ADJ" and j not in by_tok:
            j += 1
        nxt = by_tok.get(j)
        if nxt and nxt[2] == "AGENT" and nxt[0] == j and nxt[0] not in used and term.kind != "seat":
            sector = ak.agents.get(doc[nxt[0]:nxt[1]].text.lower())
            used.update(range(s, nxt[1]))
            return make(s, nxt[1], name=term.name, country=term.iso3, sector=sector, kind="agent")
        if term.kind == "seat":
            tok = doc[s:e].root
            if tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE or tok.dep_ in ("compound", "npadvmod"):
                return None
            if doc[s:e].text[:1].islower() and not doc[s:e].text.startswith("the "):
                return None
            return make(s, e, name=term.name, country=term.iso3, sector=term.sector or "GOV", kind="metonym")
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

    def _agent(self, doc, s, e, by_tok, used, make, focus):
        ak = self.ak
        noun = doc[e - 1]
        sector = ak.agents.get(doc[s:e].text.lower())
        country = None
        i = s
        # "the country's police", "its army": the focus country when the article has one
        if s >= 2 and doc[s - 1].tag_ == "POS" and doc[s - 2].lower_ in ("country", "nation") and focus:
            country, i = focus, s - 2
        # "the army of Sudan", "rebels in the Ivory Coast"
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "in", "from"):
                for g in c.children:
                    hit = by_tok.get(g.i)
                    if g.dep_ == "pobj" and hit and hit[2] == "COUNTRY":
                        term = ak.countries.get(doc[hit[0]:hit[1]].text.lower())
                        if term and term.kind == "name":
                            country = term.iso3
        if country is None and focus and sector in NATIONAL_SECTORS and s > 0 \
                and doc[s - 1].lower_ == "the" and noun.tag_ in ("NN", "NNS") \
                and noun.lower_ in ("police", "government", "authorities", "parliament", "junta",
                                    "opposition", "court", "military", "army", "judiciary", "cabinet"):
            country = focus
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


def _surname_person(span, ak):
    """The person a one-word PERSON entity names ("Putin", "President Suharto"): a curated
    surname alias naming one person, else a surname all of whose bearers in the knowledge
    belong to one country (the first of them stands for it)."""
    if len(span) != 1:
        return None
    low = span.text.lower()
    people = ak.surnames.get(low, [])
    if len(people) == 1:
        return people[0]
    if people or len(low) < 4:
        return None
    bearers = ak.lastnames.get(low, [])
    countries = {r.country for p in bearers for r in p.roles}
    return bearers[0] if bearers and len(bearers) <= 3 and len(countries) == 1 else None


def _org_ok(span, ak) -> bool:
    """Keep a spaCy ORG the knowledge lacks only if it looks like a name (capitalised words)."""
    text = span.text
    if len(text) < 2 or not text[0].isupper() or text.lower() in ak.agents:
        return False
    return not any(t.like_num for t in span)


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
