"""Reading events back as eventwire/1-shaped dicts, with filters.

An event dict is ``Event.record()`` (docs/record.md) plus ``article`` (id, url, title, outlet,
published, source), ``canonical_id``, ``report_count`` and ``source_count``.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Iterator

log = logging.getLogger(__name__)

#: Largest ``limit`` (DuckDB's LIMIT is a signed 64-bit integer).
MAX_LIMIT = 2**63 - 1
#: Values ``aux`` may be filtered on ("none" selects events with no auxiliary mode).
AUX_VALUES = ("none", "historical", "future", "hypothetical", "negation")
#: PLOVER quad classes (``events.quad``), in the manual's order of quad codes 1-4.
QUADS = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")
#: The filters of :func:`build_filter`, in the order ``eventwire events`` and ``/api/events``
#: show them (tests check that both offer every one).
FILTERS = ("type", "quad", "actor", "recipient", "actor_country", "recipient_country", "country",
           "place", "since", "until", "aux", "text")

_EVENT_COLS = """e.id, e.article_id, e.event_type, e.mode, e.aux, e.contexts, e.quad, e.score,
  e.date_iso, e.date_precision, e.date_text, e.date_source, e.loc_text, e.loc_start, e.loc_end, e.loc_name,
  e.loc_country, e.loc_admin1, e.loc_lat, e.loc_lon, e.loc_geonameid, e.loc_feature, e.loc_source,
  e.dead, e.injured, e.arrested, e.crowd, e.confidence, e.canonical_id,
  c.report_count, c.source_count, a.url, a.title, a.outlet, a.published, a.source, a.input_id"""


def _date(value: str | dt.date | None, name: str) -> dt.date | None:
    """A filter date: ``YYYY-MM-DD``, or a whole month ``YYYY-MM`` or year ``YYYY`` — its first day
    for ``since``, its last day for ``until`` (``--until 2022-03`` includes 31 March)."""
    if value is None or isinstance(value, dt.date):
        return value
    v = value.strip()
    end = name == "until"
    try:
        if len(v) == 4 and v.isdigit():
            return dt.date(int(v), 12, 31) if end else dt.date(int(v), 1, 1)
        if len(v) == 7 and v[4] == "-":
            y, m = int(v[:4]), int(v[5:7])
            first = dt.date(y, m, 1)
            if not end:
                return first
            return (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1))
        return dt.date.fromisoformat(v)
    except ValueError as exc:
        from ..errors import StorageError

        raise StorageError(f"--{name} {value!r} is not a date (use YYYY-MM-DD)") from exc


ISO3 = re.compile(r"[A-Za-z]{3}")


def like(value: str) -> str:
    """A ``%value%`` pattern for ``ILIKE ? ESCAPE '\\'`` in which ``%``, ``_`` and ``\\`` of the
    value match themselves (a user's "100%" is not a wildcard)."""
    v = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{v}%"


def build_filter(type=None, actor_country=None, recipient_country=None, country=None, place=None,
                 since=None, until=None, aux=None, text=None, quad=None, actor=None,
                 recipient=None) -> tuple[str, list]:
    """SQL WHERE clause (over ``events e``) and parameters for the query filters.

    Filters (all optional, combined with AND):
        type: PLOVER event type (case-insensitive).
        quad: PLOVER quad class: verbal cooperation, material cooperation, verbal conflict or
            material conflict (case-insensitive; ``_`` or ``-`` may stand for the space).
        actor / recipient: words of any actor's / recipient's canonical name or text as
            written, case-insensitive substring ("Lavrov", "Russian forces").
        actor_country / recipient_country: ISO alpha-3 of any actor / recipient.
        country: ISO alpha-3 where the event happened: the location's country, or when the event
            has no location, any actor's or recipient's country.
        place: a location name or the words as written, case-insensitive substring (also admin1).
        since / until: ISO dates (``YYYY-MM`` and ``YYYY`` stand for the whole month or year);
            an event matches when its period (day, week, month, year)
            overlaps [since, until]; undated events never match a date filter.
        aux: "none" (no auxiliary mode) or historical, future, hypothetical, negation.
        text: a word or phrase in a mention sentence or trigger, case-insensitive; ``place``
            and ``text`` match literally (``%`` and ``_`` are no wildcards, :func:`like`).

    Raises:
        StorageError: a date, aux, type, quad or country value that cannot be used (not a date,
            not one of the 16 PLOVER types or 4 quad classes, not three letters).
    """
    from ..errors import StorageError
    from ..extract.lexicon import PLOVER_TYPES

    where, params = ["TRUE"], []
    if type:
        if type.upper() not in PLOVER_TYPES:
            raise StorageError(f"unknown event type {type!r}; PLOVER types are {', '.join(PLOVER_TYPES)}")
        where.append("e.event_type = ?")
        params.append(type.upper())
    if quad:
        q = re.sub(r"[\s_-]+", " ", quad.strip().lower())
        if q not in QUADS:
            raise StorageError(f"unknown quad class {quad!r}; use one of {', '.join(QUADS)}")
        where.append("e.quad = ?")
        params.append(q)
    for role, val in (("actor", actor), ("recipient", recipient)):
        if val:
            where.append(f"EXISTS (SELECT 1 FROM event_entities x WHERE x.event_id = e.id "
                         f"AND x.role = '{role}' AND (x.name ILIKE ? ESCAPE '\\' OR x.text ILIKE ? ESCAPE '\\'))")
            params += [like(val)] * 2
    for name, val in (("actor country", actor_country), ("recipient country", recipient_country),
                      ("country", country)):
        if val and not ISO3.fullmatch(val):
            raise StorageError(f"{name} {val!r} is not an ISO 3166-1 alpha-3 code (e.g. UKR)")
    for role, val in (("actor", actor_country), ("recipient", recipient_country)):
        if val:
            where.append(f"EXISTS (SELECT 1 FROM event_entities x WHERE x.event_id = e.id "
                         f"AND x.role = '{role}' AND x.country = ?)")
            params.append(val.upper())
    if country:
        where.append("(e.loc_country = ? OR (e.loc_country IS NULL AND EXISTS (SELECT 1 FROM "
                     "event_entities x WHERE x.event_id = e.id AND x.role IN ('actor', 'recipient') "
                     "AND x.country = ?)))")
        params += [country.upper(), country.upper()]
    if place:
        where.append("(e.loc_name ILIKE ? ESCAPE '\\' OR e.loc_text ILIKE ? ESCAPE '\\' "
                     "OR e.loc_admin1 ILIKE ? ESCAPE '\\')")
        params += [like(place)] * 3
    s, u = _date(since, "since"), _date(until, "until")
    if s:
        where.append("e.date_end >= ?")
        params.append(s)
    if u:
        where.append("e.date <= ?")
        params.append(u)
    if aux:
        a = aux.lower()
        if a not in AUX_VALUES:
            raise StorageError(f"--aux {aux!r}: use one of {', '.join(AUX_VALUES)}")
        if a == "none":
            where.append("e.aux IS NULL")
        else:
            where.append("e.aux = ?")
            params.append(a)
    if text:
        where.append("EXISTS (SELECT 1 FROM event_mentions m WHERE m.event_id = e.id "
                     "AND (m.text ILIKE ? ESCAPE '\\' OR m.trigger ILIKE ? ESCAPE '\\'))")
        params += [like(text)] * 2
    return " AND ".join(where), params


def _ent(row) -> dict:
    text, start, end, name, country, sector, aff, wd, src = row
    return {"text": text, "start": start, "end": end, "name": name, "country": country,
            "sector": sector, "affiliation": aff, "wikidata": wd, "country_source": src}


def assemble(con, rows: list[tuple]) -> list[dict]:
    """Turn ``_EVENT_COLS`` rows into event dicts (fetching mentions and entities in bulk)."""
    if not rows:
        return []
    ids = [r[0] for r in rows]
    ents: dict[str, dict[str, list]] = {}
    for r in con.execute(
            'SELECT event_id, role, text, "start", "end", name, country, sector, affiliation, wikidata, country_source '
            "FROM event_entities WHERE list_contains(?, event_id) ORDER BY event_id, role, ordinal", [ids]).fetchall():
        ents.setdefault(r[0], {}).setdefault(r[1], []).append(_ent(r[2:]))
    ments: dict[str, list] = {}
    for r in con.execute(
            'SELECT event_id, text, "start", "end", trigger, section FROM event_mentions '
            "WHERE list_contains(?, event_id) ORDER BY event_id, ordinal", [ids]).fetchall():
        ments.setdefault(r[0], []).append(
            {"text": r[1], "start": r[2], "end": r[3], "trigger": r[4], "section": r[5]})
    out = []
    for r in rows:
        (eid, aid, typ, mode, aux, contexts, quad, score, date, prec, date_text, dsrc, lt, ls, le, ln, lc,
         la1, lat, lon, gid, feat, lsrc, dead, inj, arr, crowd, conf, cid, reports, sources, url, title,
         outlet, pub, source, input_id) = r
        roles = ents.get(eid, {})
        loc = None
        if lt is not None or ln is not None:
            loc = {"text": lt, "start": ls, "end": le, "name": ln, "country": lc, "admin1": la1,
                   "lat": lat, "lon": lon, "geonameid": gid, "feature": feat}
        claimed = roles.get("claimed_by") or [None]
        out.append({
            "id": eid, "event_type": typ, "mode": mode, "contexts": list(contexts or []), "aux": aux,
            "quad": quad, "score": score, "actor": roles.get("actor", []),
            "recipient": roles.get("recipient", []), "claimed_by": claimed[0],
            "date": date, "date_precision": prec, "date_text": date_text, "date_source": dsrc,
            "location": loc, "location_source": lsrc,
            "size": {"dead": dead, "injured": inj, "arrested": arr, "crowd": crowd},
            "mentions": ments.get(eid, []), "confidence": conf,
            "canonical_id": cid, "report_count": reports, "source_count": sources,
            "article": {"id": aid, "input_id": input_id, "url": url, "title": title, "outlet": outlet,
                        "published": pub.isoformat() if pub else None, "source": source},
        })
    return out


def iter_events(con, where: str = "TRUE", params: list | None = None, limit: int | None = None,
                batch: int = 500, offset: int = 0) -> Iterator[dict]:
    """Event dicts matching a WHERE clause over ``events e`` (as :func:`build_filter` writes it),
    newest event date first, fetched ``batch`` at a time (after skipping ``offset`` of them:
    paging). With a ``limit`` the page of events is chosen before the joins (3x faster on a
    filtered page of a large database)."""
    order = "ORDER BY e.date DESC NULLS LAST, e.article_id, e.ordinal"
    source = "events e"
    if limit is not None:
        page = f"SELECT * FROM events e WHERE {where} {order} LIMIT {int(limit)}"
        if offset:
            page += f" OFFSET {int(offset)}"
        source, where = f"({page}) e", "TRUE"
    sql = (f"SELECT {_EVENT_COLS} FROM {source} JOIN articles a ON a.id = e.article_id "
           f"LEFT JOIN canonical_events c ON c.id = e.canonical_id WHERE {where} {order}")
    if limit is None and offset:
        sql += f" OFFSET {int(offset)}"
    cur = con.cursor()
    cur.execute(sql, params or [])
    while True:
        rows = cur.fetchmany(batch)
        if not rows:
            break
        yield from assemble(con, rows)
    cur.close()


def query_events(con, limit: int | None = None, offset: int = 0, **filters) -> list[dict]:
    """Events matching every filter of :func:`build_filter`, newest first, at most ``limit``
    after skipping ``offset``.

    Raises:
        StorageError: a filter value that is not valid, or ``limit`` outside 1..:data:`MAX_LIMIT`.
    """
    if limit is not None and not 1 <= limit <= MAX_LIMIT:
        from ..errors import StorageError

        raise StorageError(f"--limit {limit}: out of range; give a number from 1 to {MAX_LIMIT:,}")
    where, params = build_filter(**filters)
    return list(iter_events(con, where, params, limit, offset=offset))


def count_events(con, **filters) -> int:
    """How many events match every filter of :func:`build_filter`."""
    where, params = build_filter(**filters)
    return con.execute(f"SELECT count(*) FROM events e WHERE {where}", params).fetchone()[0]
