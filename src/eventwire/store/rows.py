"""An Article → the rows of the store's tables, with no database: what :meth:`Store.write_article`
inserts and what the Spark runner writes as Parquet (``eventwire.runners.spark``), so the two
cannot drift.

Every row is a list of values in the column order of its table's DDL (``schema.columns(table)``);
DATE values are ``datetime.date``, TIMESTAMPTZ values aware ``datetime.datetime``, VARCHAR[]
values lists of str.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from ..model import Article, Event
from .dedupe import LinkEvent, entity_codes, period

#: The tables :func:`article_rows` fills, in the order the store inserts them.
ARTICLE_TABLES = ("articles", "events", "event_mentions", "event_entities", "entities", "places", "quotes")


def date_end(ev: Event) -> dt.date | None:
    """The last day of an event's date period (its ``date`` for day precision), or None."""
    return period(ev.date, ev.date_precision)[1] if ev.date else None


def event_ids(article: Article) -> list[str]:
    """Stable ids of an article's events (same ids whatever the order of ingestion).

    The extractor's id (content hash + type + first trigger offset, ``extract.events.event_id``)
    is kept; an event without one gets SHA-1 of content hash, type and first mention offsets.
    A repeat within the article gets ``-2``, ``-3``... in event order.
    """
    out: list[str] = []
    seen: dict[str, int] = {}
    for i, ev in enumerate(article.events):
        base = ev.id
        if not base:
            m = ev.mentions[0] if ev.mentions else None
            key = f"{article.hash}|{ev.event_type}|{m.start if m else -1}|{m.end if m else i}"
            base = hashlib.sha1(key.encode()).hexdigest()[:16]
        n = seen.get(base, 0) + 1
        seen[base] = n
        out.append(base if n == 1 else f"{base}-{n}")
    return out


@dataclass
class ArticleRows:
    """The rows of one article.

    Attributes:
        tables: table name (:data:`ARTICLE_TABLES`) → rows in DDL column order. ``events``
            rows have ``canonical_id`` None and ``articles`` rows ``duplicate_of`` None: the
            cross-article linker fills them.
        link: the events as the linker sees them (``chain`` None).
        single: event id → the ``canonical_events`` row of that event were it alone, without
            its id, counts and ``updated`` (type, mode, first/last date, country, place,
            lat, lon, actor and recipient countries).
    """

    tables: dict[str, list[list]] = field(default_factory=dict)
    link: list[LinkEvent] = field(default_factory=list)
    single: dict[str, list] = field(default_factory=dict)


def article_rows(art: Article, run_id: str | None, ingested_at: dt.datetime,
                 provenance: list | None = None) -> ArticleRows:
    """Every row the store keeps for one processed article (no SQL, no I/O).

    Args:
        art: an article the pipeline has run over.
        run_id: the run that stores it (``articles.run_id``).
        ingested_at: ``articles.ingested_at`` and ``extracted_at`` (an aware datetime).
        provenance: the provenance columns of articles and events (``eventwire``,
            ``knowledge_hash``, ``options``: ``Store._provenance``); None: unrecorded.

    Returns:
        The rows; see :class:`ArticleRows`.
    """
    h = art.hash
    prov = list(provenance or [None, None, None])
    out = ArticleRows()
    out.tables["articles"] = [[
        h, art.id, art.source, art.url, art.title, art.outlet, art.published, art.language,
        art.text, art.body_start, json.dumps(art.meta) if art.meta else None, ingested_at, run_id, None,
        *prov, ingested_at]]
    ev_rows, m_rows, ent_rows = [], [], []
    for i, (eid, ev) in enumerate(zip(event_ids(art), art.events)):
        loc = ev.location
        size = ev.size or {}
        ev_rows.append([
            eid, h, i, ev.id or None, ev.event_type, ev.mode, ev.aux, list(ev.contexts), ev.quad,
            ev.score, ev.date, date_end(ev), ev.date_iso(), ev.date_precision if ev.date else None,
            ev.date_text, ev.date_source if ev.date else None, loc.text if loc else None,
            loc.start if loc else None,
            loc.end if loc else None, loc.name if loc else None, loc.country if loc else None,
            loc.admin1 if loc else None, loc.lat if loc else None, loc.lon if loc else None,
            loc.geonameid if loc else None, loc.feature if loc else None,
            ev.location_source if loc else None,
            size.get("dead"), size.get("injured"), size.get("arrested"), size.get("crowd"),
            ev.confidence, *prov, None])
        for j, m in enumerate(ev.mentions):
            m_rows.append([eid, h, j, m.text, m.start, m.end, m.trigger, m.trigger_start,
                           m.trigger_end, m.section])
        roles = [("actor", e) for e in ev.actor] + [("recipient", e) for e in ev.recipient]
        if ev.claimed_by is not None:
            roles.append(("claimed_by", ev.claimed_by))
        counters: dict[str, int] = {}
        codes: dict[str, set[str]] = {"actor": set(), "recipient": set()}
        for role, e in roles:
            k = counters.get(role, 0)
            counters[role] = k + 1
            cs = sorted(entity_codes(e.name, e.text, e.country, e.affiliation))
            codes.get(role, set()).update(cs)
            ent_rows.append([eid, h, role, k, e.text, e.start, e.end, e.name, e.country, e.sector,
                             e.affiliation, e.wikidata, e.kind, cs,
                             (e.country_source or "mention") if e.country else None])
        out.link.append(LinkEvent(
            id=eid, article_id=h, event_type=ev.event_type, aux=ev.aux,
            actor=frozenset(codes["actor"]), recipient=frozenset(codes["recipient"]),
            date=ev.date, precision=ev.date_precision if ev.date else None,
            place_name=loc.name if loc else None, place_country=loc.country if loc else None,
            lat=loc.lat if loc else None, lon=loc.lon if loc else None,
            feature=loc.feature if loc else None, text="\n".join(m.text for m in ev.mentions),
            published=art.published))
        out.single[eid] = [
            ev.event_type, ev.mode, ev.date, date_end(ev), loc.country if loc else None,
            loc.name if loc else None, loc.lat if loc and loc.name else None,
            loc.lon if loc and loc.name else None,
            sorted({e.country for e in ev.actor if e.country}),
            sorted({e.country for e in ev.recipient if e.country})]
    out.tables["events"] = ev_rows
    out.tables["event_mentions"] = m_rows
    out.tables["event_entities"] = ent_rows
    out.tables["entities"] = [
        [h, i, e.text, e.start, e.end, e.name, e.country, e.sector, e.affiliation, e.wikidata, e.kind,
         (e.country_source or "mention") if e.country else None]
        for i, e in enumerate(art.entities)]
    out.tables["places"] = [
        [h, i, p.text, p.start, p.end, p.name, p.country, p.admin1, p.lat, p.lon, p.geonameid, p.feature]
        for i, p in enumerate(art.places)]
    quotes = []
    for i, q in enumerate(art.quotes):
        s = q.speaker
        quotes.append([h, i, q.text, q.start, q.end, q.verb] + (
            [s.text, s.start, s.end, s.name, s.country, s.sector, s.affiliation, s.wikidata]
            if s else [None] * 8))
    out.tables["quotes"] = quotes
    return out
