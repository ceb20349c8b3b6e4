"""Actor knowledge for :class:`~eventwire.extract.actors.ActorStage`: the TSV files read once per
process into lookup tables and two spaCy PhraseMatchers (one on LOWER, one on ORTH for acronyms).

Files (``eventwire/knowledge``, built by ``scripts/build_knowledge.py``; users extend them with
``--knowledge DIR``, rows appended):
    countries.tsv      text, iso3, name, kind (name|demonym|people|seat), sector
    people.tsv         name, aliases, country, sector, affiliation, office, start, end, wikidata, source
    organisations.tsv  name, aliases, country, sector, affiliation, wikidata, source

Rows whose ``source`` is "petrarch" (mined, tens of thousands) are not phrase-matched: they are
looked up by the text of a spaCy PERSON/ORG entity, which keeps start-up and matching fast.
    agents.tsv         noun, plural, sector

Ambiguous and case-sensitive aliases and the IGO names are lists of ``actors.yaml``; the
:class:`ActorKnowledge` also carries the word lists of ``actors.yaml`` (``words``), ``titles.tsv``
(``titles``) and ``calendar.yaml`` (``calendar``) for the actor stage's rules.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field

from ..knowledge.words import ActorWords, Calendar, Titles, actor_words, calendar, titles

log = logging.getLogger(__name__)

@dataclass
class Role:
    """One office a person held: ``start``/``end`` dates (None = open)."""

    country: str | None
    sector: str | None
    affiliation: str | None
    office: str
    start: dt.date | None
    end: dt.date | None


@dataclass
class Person:
    """A known person: canonical ``name``, roles in file order, Wikidata id."""

    name: str
    roles: list[Role] = field(default_factory=list)
    wikidata: str | None = None
    curated: bool = False

    def role_at(self, when: dt.date | None) -> Role | None:
        """The role held on ``when``; else the nearest in time; without a date the latest."""
        if not self.roles:
            return None
        if when is None:
            return max(self.roles, key=lambda r: (r.end is None, r.start or dt.date.min))
        best, dist = None, None
        for r in self.roles:
            lo, hi = r.start or dt.date.min, r.end or dt.date.max
            d = 0 if lo <= when <= hi else min(abs((when - lo).days) if r.start else 10**6,
                                               abs((when - hi).days) if r.end else 10**6)
            if dist is None or d < dist:
                best, dist = r, d
        return best


@dataclass
class Org:
    name: str
    country: str | None
    sector: str | None
    affiliation: str | None
    wikidata: str | None


@dataclass
class CountryTerm:
    iso3: str
    name: str
    kind: str  # name | demonym | people | seat
    sector: str | None


def _date(s: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s) if s else None
    except ValueError:
        return None


def _split(s: str) -> list[str]:
    return [a.strip() for a in (s or "").split("|") if a.strip()]


def _case_sensitive(alias: str, listed: frozenset) -> bool:
    """Matched as written: a ``case_sensitive_aliases`` word, or an acronym of up to five capitals."""
    letters = re.sub(r"[^A-Za-z]", "", alias)
    return alias.lower() in listed or (letters.isupper() and len(letters) <= 5)


class ActorKnowledge:
    """Lookup tables and matchers built from the knowledge files.

    Args:
        kb: :class:`eventwire.knowledge.Knowledge`.
        nlp: the spaCy pipeline whose vocabulary the matchers use.

    Attributes:
        countries: lower-cased text → CountryTerm.
        people: canonical name → Person; orgs: lower-cased alias → Org.
        surnames: lower-cased single-word alias → [Person] (curated people only).
        agents: lower-cased noun (singular or plural) → PLOVER sector.
        iso_name: ISO3 → canonical country name.
        words: the lists of actors.yaml; titles: titles.tsv; calendar: calendar.yaml.
    """

    def __init__(self, kb, nlp):
        from spacy.matcher import PhraseMatcher

        self.nlp = nlp
        self.words: ActorWords = actor_words(kb)
        self.titles: Titles = titles(kb)
        self.calendar: Calendar = calendar(kb)
        ambiguous, listed = self.words.ambiguous_aliases, self.words.case_sensitive_aliases
        self.countries: dict[str, CountryTerm] = {}
        self.iso_name: dict[str, str] = {}
        self.people: dict[str, Person] = {}
        self.person_alias: dict[str, str] = {}
        self.surnames: dict[str, list[Person]] = {}
        self.lastnames: dict[str, list[Person]] = {}
        self.short_names: dict[str, set[str]] = {}
        self.orgs: dict[str, Org] = {}
        self.agents: dict[str, str] = {}
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        lower_terms: dict[str, list[str]] = {}
        orth_terms: dict[str, list[str]] = {}

        def add(label: str, text: str) -> None:
            if not text or text.lower() in ambiguous:
                return
            if "'" in text:
                add(label, text.replace("'", "\u2019"))
            if _case_sensitive(text, listed):
                orth_terms.setdefault(label, []).append(text)
            else:
                lower_terms.setdefault(label, []).append(text)

        for row in kb.tsv("countries.tsv"):
            text, iso = row.get("text", ""), row.get("iso3", "")
            if not text or not iso:
                continue
            term = CountryTerm(iso, row.get("name") or iso, row.get("kind") or "name", row.get("sector") or None)
            self.countries[text.lower()] = term
            self.countries[text.lower().replace("'", "\u2019")] = term
            if term.kind == "name":
                self.iso_name.setdefault(iso, term.name)
            add("COUNTRY", text)
        for iso, name in list(self.iso_name.items()):
            self.iso_name[iso] = next((t.name for t in self.countries.values() if t.iso3 == iso), name)
        self._load_people(kb, add)
        for row in kb.tsv("organisations.tsv"):
            name = row.get("name", "")
            if not name:
                continue
            org = Org(name, row.get("country") or None, row.get("sector") or None,
                      row.get("affiliation") or None, row.get("wikidata") or None)
            mined = row.get("source") == "petrarch"
            for alias in [name, *_split(row.get("aliases", ""))]:
                if mined and alias.lower() in self.orgs:
                    continue
                self.orgs[alias.lower()] = org
                self.orgs[alias.lower().replace("'", "\u2019")] = org
                if not mined:
                    add("ORG", alias)
        for row in kb.tsv("agents.tsv"):
            noun, sector = row.get("noun", "").lower(), row.get("sector", "")
            if not noun or not sector:
                continue
            for form in {noun, (row.get("plural") or "").lower()} - {""}:
                self.agents[form] = sector
                add("AGENT", form)
        for matcher, terms in ((self.lower, lower_terms), (self.orth, orth_terms)):
            for label, texts in terms.items():
                uniq = sorted(set(texts), key=str.lower) if matcher is self.lower else sorted(set(texts))
                matcher.add(label, list(nlp.tokenizer.pipe(uniq)))
        log.debug("actor knowledge: %d country terms, %d people, %d org aliases, %d agent forms",
                  len(self.countries), len(self.people), len(self.orgs), len(self.agents))

    def _load_people(self, kb, add) -> None:
        rows = kb.tsv("people.tsv")
        # curated and user rows (source other than "petrarch") replace mined rows of the same name
        curated_names = {r.get("name", "") for r in rows if r.get("source") != "petrarch"}
        for row in rows:
            name = row.get("name", "")
            mined = row.get("source") == "petrarch"
            if not name or (name in curated_names and mined):
                continue
            p = self.people.get(name)
            if p is None:
                p = self.people[name] = Person(name, curated=not mined)
            p.wikidata = p.wikidata or row.get("wikidata") or None
            p.roles.append(Role(row.get("country") or None, row.get("sector") or None,
                                row.get("affiliation") or None, row.get("office", ""),
                                _date(row.get("start", "")), _date(row.get("end", ""))))
            last = name.split()[-1].lower()
            if p not in self.lastnames.get(last, []):
                self.lastnames.setdefault(last, []).append(p)
            for alias in [name, *_split(row.get("aliases", ""))]:
                key = alias.lower()
                if " " in alias or "-" in alias and len(alias) > 12:
                    if self.person_alias.get(key) not in (None, name) and not p.curated:
                        continue
                    self.person_alias[key] = name
                    self.person_alias[key.replace("'", "\u2019")] = name
                    if not mined:
                        add("PERSON", alias)
                elif p.curated:
                    self.short_names.setdefault(name, set()).add(key)
                    if key in self.words.ambiguous_aliases:
                        continue
                    lst = self.surnames.setdefault(key, [])
                    if p not in lst:
                        lst.append(p)

    def matches(self, doc) -> list[tuple[int, int, str]]:
        """All knowledge matches in ``doc`` as (start_token, end_token, label)."""
        vocab = self.nlp.vocab.strings
        out = [(s, e, vocab[m]) for m, s, e in self.lower(doc)]
        out += [(s, e, vocab[m]) for m, s, e in self.orth(doc)]
        return out


    def igo_of(self, name: str | None) -> str | None:
        """The canonical IGO of actors.yaml ``igo_names`` that ``name`` is or belongs to, else None."""
        return igo_of(name, self.words.igo_names)


def igo_of(name: str | None, igo_names) -> str | None:
    """The canonical IGO among ``igo_names`` (actors.yaml) that ``name`` is or belongs to, else None."""
    if not name:
        return None
    low = name.lower()
    for n in igo_names:
        if n.lower() in low:
            return n
    return None


def actor_knowledge(kb, nlp) -> ActorKnowledge:
    """The :class:`ActorKnowledge` of ``kb`` (built once per Knowledge object)."""
    return kb.cached("actors:knowledge", lambda: ActorKnowledge(kb, nlp))
