"""The one data model that flows through every stage.

An :class:`Article` is created by a reader (``eventwire.ingest``), gets its sections from
``eventwire.clean``, its parsed sentences from ``eventwire.nlp``, and then entities, places,
dates, quotes and events from ``eventwire.extract``. Every offset is a character offset into
``Article.text`` (the document exactly as read, header block included), end-exclusive.

``to_record`` turns an article into the event record of docs/record.md ("eventwire/1").
"""

from __future__ import annotations

import bisect

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

SECTION_ROLES = ("header", "headline", "dateline", "body", "caption", "credit", "heading", "boilerplate")
#: Section roles whose text yields nothing (no events, actors, places or quotes).
FURNITURE_ROLES = frozenset({"header", "credit", "boilerplate"})


@dataclass
class Section:
    """A span of the article with a role.

    Attributes:
        role: one of :data:`SECTION_ROLES`.
        start, end: character offsets into ``Article.text`` (end-exclusive).
        duplicate_of: index of the section this one repeats (a repeated headline), else None.
    """

    role: str
    start: int
    end: int
    duplicate_of: int | None = None


@dataclass
class Sentence:
    """One parsed sentence: offsets into ``Article.text`` and the spaCy span it came from.

    ``span`` is a ``spacy.tokens.Span`` of a section-level ``Doc``; ``offset`` is the character
    offset of that Doc's first character in ``Article.text`` (so ``offset + token.idx`` is a
    token's article offset).
    """

    start: int
    end: int
    section: str
    span: Any
    offset: int
    index: int = 0
    paragraph: int = 0


@dataclass
class Entity:
    """An actor mention (state, person, organisation, agent noun, or a resolved pronoun).

    Attributes:
        text, start, end: the words as written and their offsets.
        name: canonical name ("Sergey Lavrov", "Russia", "United Nations"), or None.
        country: ISO 3166-1 alpha-3, or None (IGOs, unknown).
        sector: PLOVER sector code (GOV, MIL, COP, REB, CVL, IGO, NGO, ...), or None.
        affiliation: canonical name of the organisation a person/body belongs to, or None.
        wikidata: Q-id where known, else None.
        kind: how it was recognised: "state", "person", "org", "agent", "pronoun", "metonym".
        head: article offset of the mention's syntactic head token start (for argument linking).
        country_source: how ``country`` was found: "mention" (the mention's own words through
            the knowledge files: a state, demonym, known person or organisation), "phrase" (a
            possessive, modifier, apposition or place in the noun phrase around it),
            "reference" (an earlier mention it refers back to), "place" (the event's location:
            police, protesters, civilians of the state where it happens), "article" (the
            article's focus country), "dateline" (the dateline's country); None when ``country``
            is None.
    """

    text: str
    start: int
    end: int
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    affiliation: str | None = None
    wikidata: str | None = None
    kind: str = "state"
    head: int | None = None
    country_source: str | None = None

    def record(self) -> dict:
        return {
            "text": self.text, "start": self.start, "end": self.end, "name": self.name,
            "country": self.country, "sector": self.sector, "affiliation": self.affiliation,
            "wikidata": self.wikidata,
            "country_source": (self.country_source or "mention") if self.country else None,
        }


@dataclass
class Place:
    """A toponym and what it resolved to (unresolved: ``name`` is None).

    Attributes:
        lat, lon: WGS84 degrees; geonameid: GeoNames id; feature: GeoNames feature class/code
        ("PCLI" country, "ADM1" first-order region, "PPL*" populated place, "RGN" region).
    """

    text: str
    start: int
    end: int
    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature: str | None = None

    def record(self) -> dict:
        return {
            "text": self.text, "start": self.start, "end": self.end, "name": self.name,
            "country": self.country, "admin1": self.admin1, "lat": self.lat, "lon": self.lon,
            "geonameid": self.geonameid, "feature": self.feature,
        }


@dataclass
class DateMention:
    """A temporal expression resolved against the publication date.

    Attributes:
        date: the first day of the period (``datetime.date``), or None when unresolvable.
        precision: "day", "week", "month", "year", or None.
    """

    text: str
    start: int
    end: int
    date: dt.date | None = None
    precision: str | None = None

    def iso(self) -> str | None:
        if self.date is None:
            return None
        if self.precision == "year":
            return f"{self.date.year:04d}"
        return self.date.isoformat()


@dataclass
class Quote:
    """Direct speech: the quoted words (without quote marks) and who said them."""

    text: str
    start: int
    end: int
    speaker: Entity | None = None
    verb: str | None = None

    def record(self) -> dict:
        return {
            "text": self.text, "start": self.start, "end": self.end,
            "speaker": self.speaker.record() if self.speaker else None, "verb": self.verb,
        }


@dataclass
class Mention:
    """One sentence that reports an event, with the trigger words."""

    text: str
    start: int
    end: int
    trigger: str
    section: str
    trigger_start: int | None = None
    trigger_end: int | None = None

    def record(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end,
                "trigger": self.trigger, "section": self.section}


@dataclass
class Event:
    """A PLOVER event (type + mode + contexts) with its arguments and provenance."""

    event_type: str
    mode: str | None = None
    contexts: list[str] = field(default_factory=list)
    aux: str | None = None
    quad: str | None = None
    score: float | None = None
    actor: list[Entity] = field(default_factory=list)
    recipient: list[Entity] = field(default_factory=list)
    claimed_by: Entity | None = None
    date: dt.date | None = None
    date_precision: str | None = None
    date_text: str | None = None
    #: where ``date`` came from: "clause", "sentence", "paragraph" (the day the sentence right
    #: before, in the same paragraph, gave the act it narrates), "story" (the article's story
    #: day), "published" (the publication day, for a current event the text does not date), or None
    date_source: str | None = None
    location: Place | None = None
    #: where ``location`` came from: "clause", "sentence", "paragraph" (an earlier act of the
    #: paragraph that a simple-past act goes on narrating), "story" (the article's story place),
    #: "dateline", "country" (the state of the event's parties or the article's focus), or None
    location_source: str | None = None
    size: dict[str, int | None] = field(
        default_factory=lambda: {"dead": None, "injured": None, "arrested": None, "crowd": None})
    mentions: list[Mention] = field(default_factory=list)
    confidence: float = 0.5
    id: str = ""
    #: the PLOVER type of an act named as the event's object ("condemned the drills": MOBILIZE),
    #: used to find its doer as the recipient; not part of the record
    object_type: str | None = None

    def date_iso(self) -> str | None:
        if self.date is None:
            return None
        if self.date_precision == "year":
            return f"{self.date.year:04d}"
        return self.date.isoformat()

    def record(self) -> dict:
        return {
            "id": self.id, "event_type": self.event_type, "mode": self.mode,
            "contexts": list(self.contexts), "aux": self.aux, "quad": self.quad, "score": self.score,
            "actor": [e.record() for e in self.actor],
            "recipient": [e.record() for e in self.recipient],
            "claimed_by": self.claimed_by.record() if self.claimed_by else None,
            "date": self.date_iso(), "date_precision": self.date_precision if self.date else None,
            "date_text": self.date_text, "date_source": self.date_source if self.date else None,
            "location": self.location.record() if self.location else None,
            "location_source": self.location_source if self.location else None,
            "size": dict(self.size), "mentions": [m.record() for m in self.mentions],
            "confidence": round(self.confidence, 3),
        }


@dataclass
class ArticleFacts:
    """What the whole article says about itself (filled by ``extract.facts.FactsStage``).

    Attributes:
        focus_country: ISO3 of the state the article is about, or None; focus_share: its share
            (0-1) of coded mentions.
        home_country: the focus country, else the dateline's country when the text names it.
        dateline: the dateline's place, or None.
        parties: the article's armed parties (at most two entities, first mentions).
        dyad: the two states or organisations the article names most (first mentions);
            domestic: whether the story stays inside the first one's state.
        story_place: the sub-national place the story happens in, or None.
        story_day: the day the story happens, or None.
        domain: a non-political domain ("sport", "business", "science", "weather", "crime", "culture", ...)
            or None (cues.yaml `discard_domains` words or the learned domain model).
        cue_counts: token counts of some knowledge word lists (``sanction_words``: ...).
    """

    focus_country: str | None = None
    focus_share: float = 0.0
    home_country: str | None = None
    dateline: Place | None = None
    parties: list[Entity] = field(default_factory=list)
    dyad: list[Entity] = field(default_factory=list)
    domestic: bool = False
    story_place: Place | None = None
    story_day: dt.date | None = None
    domain: str | None = None
    cue_counts: dict[str, int] = field(default_factory=dict)


def country_codes(ents) -> set[str]:
    """The ISO 3166-1 alpha-3 codes of the entities (:class:`Entity`) that have one."""
    return {e.country for e in ents if e.country}


def content_hash(text: str) -> str:
    """Stable article key: the first 16 hex digits of SHA-256 over the UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Article:
    """A document and everything extracted from it.

    Attributes:
        text: the document exactly as read (for a text file with a header block, the whole file).
        id: the input's own id (JSONL ``id``) or, when it has none, :func:`content_hash` of text.
        source: where the text came from: the path as given, the URL, or ``jsonl:FILE#ID``.
        published: publication date (the anchor for relative dates), or None when unknown.
        body_start: offset where the article proper starts (after a header block), in characters.
    """

    text: str
    id: str = ""
    source: str = ""
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    language: str | None = "en"
    body_start: int = 0
    meta: dict[str, str] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    facts: ArticleFacts = field(default_factory=ArticleFacts)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_hash(self.text)

    @property
    def hash(self) -> str:
        """SHA-256 content hash of ``text`` (hex), computed once per text (cached)."""
        cached = self.__dict__.get("_hash")
        if cached is None or cached[0] is not self.text:
            cached = (self.text, content_hash(self.text))
            self.__dict__["_hash"] = cached
        return cached[1]

    def within(self, attr: str, start: int, end: int) -> list:
        """Items of ``self.<attr>`` (places, dates, entities, quotes: anything with ``start``)
        whose start lies in [start, end) (characters), by binary search over an index built once
        per list (rebuilt when the list changes length). Keeps per-sentence look-ups linear in
        long documents."""
        items = getattr(self, attr)
        key = f"_within_{attr}"
        idx = self.__dict__.get(key)
        if idx is None or idx[0] is not items or idx[1] != len(items):
            order = sorted(items, key=lambda x: x.start)
            idx = (items, len(items), order, [x.start for x in order])
            self.__dict__[key] = idx
        order, starts = idx[2], idx[3]
        return order[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]

    def section_at(self, offset: int) -> Section | None:
        """The section containing character ``offset``, or None."""
        for s in self.sections:
            if s.start <= offset < s.end:
                return s
        return None

    def record(self) -> dict:
        """The "eventwire/1" record of docs/record.md as plain JSON-able dicts."""
        from . import SCHEMA

        return {
            "schema": SCHEMA,
            "article": {
                "id": self.id, "url": self.url, "title": self.title, "outlet": self.outlet,
                "published": self.published.isoformat() if self.published else None,
                "language": self.language, "source": self.source,
            },
            "events": [e.record() for e in self.events],
            "quotes": [q.record() for q in self.quotes],
            "places": [p.record() for p in self.places],
            "entities": [e.record() for e in self.entities],
        }
