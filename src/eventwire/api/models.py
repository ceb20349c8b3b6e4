"""Response and request shapes of the API (the OpenAPI schema is generated from these).

The event shape is the eventwire/1 event record of docs/record.md plus ``article``,
``canonical_id``, ``report_count`` and ``source_count`` (:func:`eventwire.store.queries.assemble`).
Offsets are character offsets into the article text, end-exclusive.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from pydantic import BaseModel, Field


class Entity(BaseModel):
    text: Optional[str] = None
    start: Optional[int] = None
    end: Optional[int] = None
    name: Optional[str] = None
    country: Optional[str] = Field(None, description="ISO 3166-1 alpha-3")
    sector: Optional[str] = None
    affiliation: Optional[str] = None
    wikidata: Optional[str] = None
    country_source: Optional[str] = Field(None, description="how the country was found (docs/record.md)")


class Place(BaseModel):
    text: Optional[str] = None
    start: Optional[int] = None
    end: Optional[int] = None
    name: Optional[str] = None
    country: Optional[str] = None
    admin1: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    geonameid: Optional[int] = None
    feature: Optional[str] = None


class Mention(BaseModel):
    text: Optional[str] = Field(None, description="the sentence")
    start: Optional[int] = None
    end: Optional[int] = None
    trigger: Optional[str] = None
    section: Optional[str] = None


class Size(BaseModel):
    dead: Optional[int] = None
    injured: Optional[int] = None
    arrested: Optional[int] = None
    crowd: Optional[int] = None


class ArticleRef(BaseModel):
    id: str
    input_id: Optional[str] = None
    url: Optional[str] = None
    title: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[str] = Field(None, description="YYYY-MM-DD")
    source: Optional[str] = None
    headline: Optional[str] = Field(None, description="the title, else the first line of the text")


class Event(BaseModel):
    id: str
    event_type: str = Field(description="one of the 16 PLOVER 2.0 types")
    mode: Optional[str] = None
    contexts: list[str] = []
    aux: Optional[str] = Field(None, description="historical, future, hypothetical, negation or null")
    quad: Optional[str] = None
    score: Optional[float] = None
    actor: list[Entity] = []
    recipient: list[Entity] = []
    claimed_by: Optional[Entity] = None
    date: Optional[str] = Field(None, description="YYYY-MM-DD, or YYYY for year precision")
    date_precision: Optional[str] = None
    date_text: Optional[str] = None
    date_source: Optional[str] = Field(None, description="how the date was found (docs/record.md)")
    location: Optional[Place] = None
    location_source: Optional[str] = Field(None, description="how the place was found (docs/record.md)")
    size: Size
    mentions: list[Mention] = []
    confidence: Optional[float] = None
    canonical_id: Optional[str] = None
    report_count: Optional[int] = None
    source_count: Optional[int] = None
    article: ArticleRef


class EventPage(BaseModel):
    total: int = Field(description="events matching the filters")
    page: int
    page_size: int
    events: list[Event]


class CanonicalMember(BaseModel):
    event_id: str
    article_id: str
    title: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[str] = None
    date: Optional[str] = None


class Canonical(BaseModel):
    id: str
    event_type: str
    mode: Optional[str] = None
    first_date: Optional[str] = None
    last_date: Optional[str] = None
    country: Optional[str] = None
    place: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    actor_countries: list[str] = []
    recipient_countries: list[str] = []
    event_count: int
    report_count: int
    source_count: int
    members: list[CanonicalMember] = []


class EventDetail(Event):
    canonical: Optional[Canonical] = Field(None, description="the real-world event this report belongs to")


class ArticleFull(BaseModel):
    id: str
    input_id: Optional[str] = None
    source: Optional[str] = None
    url: Optional[str] = None
    title: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[str] = None
    language: Optional[str] = None
    text: str
    body_start: int = 0
    ingested_at: Optional[str] = None
    duplicate_of: Optional[str] = None


class Section(BaseModel):
    role: str = Field(description="header, headline, dateline, body, caption, credit, heading, boilerplate")
    start: int
    end: int
    duplicate: bool = False


class Quote(BaseModel):
    text: Optional[str] = None
    start: Optional[int] = None
    end: Optional[int] = None
    verb: Optional[str] = None
    speaker: Optional[Entity] = None


class ArticleDetail(BaseModel):
    article: ArticleFull
    sections: list[Section]
    events: list[Event]
    quotes: list[Quote]
    places: list[Place]
    entities: list[Entity]


class Actor(BaseModel):
    name: Optional[str] = None
    country: Optional[str] = None
    sector: Optional[str] = None
    as_actor: int
    as_recipient: int
    first_date: Optional[str] = None
    last_date: Optional[str] = None


class MapPoint(BaseModel):
    name: Optional[str] = None
    country: Optional[str] = None
    admin1: Optional[str] = None
    lat: float
    lon: float
    geonameid: Optional[int] = None
    feature: Optional[str] = None
    count: int
    quads: dict[str, int]


class MapCountry(BaseModel):
    country: Optional[str] = None
    iso_numeric: Optional[str] = Field(None, description="ISO 3166-1 numeric: the world-atlas outline id")
    count: int
    quads: dict[str, int]


class Places(BaseModel):
    points: list[MapPoint]
    countries: list[MapCountry] = Field(description="events located only to a country")
    unlocated: int


class Day(BaseModel):
    date: str
    quad: str
    count: int


class Timeline(BaseModel):
    days: list[Day]
    coarser: dict[str, int] = Field(description="events without a day: count per precision")
    quads: list[str]


class Feed(BaseModel):
    url: str
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    last_checked: Optional[str] = None
    last_ok: Optional[str] = None
    status: Optional[str] = None
    errors_in_row: int = 0
    next_check: Optional[str] = None
    articles: int = 0


class Stats(BaseModel):
    articles: int
    events: int
    canonical_events: int
    failures: int
    runs: int
    last_ingest: Optional[str] = None
    by_type: dict[str, int]
    by_quad: dict[str, int]
    feeds: list[Feed] = []
    snapshot: int = Field(description="generation of the database copy being served")


class Live(BaseModel):
    snapshot: int = Field(description="generation of the database copy being served; grows on change")
    taken: Optional[dt.datetime] = None
    articles: int
    events: int
    last_ingest: Optional[str] = None
    error: Optional[str] = Field(None, description="why the last refresh failed, if it did")


class FailureRow(BaseModel):
    document: str
    stage: Optional[str] = None
    error: str
    kind: Optional[str] = None
    time: Optional[str] = None


class NewArticle(BaseModel):
    text: str = Field(min_length=1, description="the article text (UTF-8); a title line is added when `title` is given")
    title: Optional[str] = Field(None, max_length=1000)
    url: Optional[str] = Field(None, max_length=4000)
    outlet: Optional[str] = Field(None, max_length=1000)
    published: Optional[dt.date] = None


class Ingested(BaseModel):
    article_id: str
    stored: bool = Field(description="false when the same text was already stored")
    events: int
    failure: Optional[str] = None
