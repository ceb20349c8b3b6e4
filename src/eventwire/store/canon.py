"""Incremental near-duplicate chains and canonical events, inside the writer's transaction.

Called by :meth:`Store.write_article` for each new article:

1. :func:`detect_duplicates` finds stored articles whose body is a copy of the new one
   (MinHash bands → exact shingle check, ``eventwire.linking``) and merges their report chains;
   a chain's id (``articles.duplicate_of``) is the smallest content hash in it.
2. :func:`link_events` compares each new event with stored events of the same type in its date
   window and joins (or merges) the canonical events it matches; a canonical id is ``c`` + the
   smallest event id in it, so a corpus gives the same canonical ids in any ingestion order
   (except where the conflict guard below makes the order matter).
3. :func:`refresh` recomputes report_count, source_count, dates and place of the touched
   canonical events.

Conflict guard: a new event does not join a canonical event when it conflicts (date, place or
roles) with one of that canonical event's members in its window, so single-link chains cannot
merge a strike in Kharkiv with one in Odesa through a placeless report.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter

from .. import linking as L

log = logging.getLogger(__name__)

#: Candidate events fetched for one new event (most recent first), to bound the work.
MAX_CANDIDATES = 2000

_LINK_SELECT = """
SELECT e.id, e.article_id, e.event_type, e.aux, e.date, e.date_precision, e.loc_name,
  e.loc_country, e.loc_lat, e.loc_lon, e.loc_feature, e.canonical_id, a.duplicate_of, a.published,
  (SELECT flatten(list(x.codes)) FROM event_entities x WHERE x.event_id = e.id AND x.role = 'actor'),
  (SELECT flatten(list(x.codes)) FROM event_entities x WHERE x.event_id = e.id AND x.role = 'recipient'),
  (SELECT string_agg(m.text, chr(10) ORDER BY m.ordinal) FROM event_mentions m WHERE m.event_id = e.id)
FROM events e JOIN articles a ON a.id = e.article_id
"""


def _link_event(row) -> tuple[L.LinkEvent, str | None]:
    (eid, art, typ, aux, date, prec, name, country, lat, lon, feat, cid, chain, pub, act, rec, text) = row
    ev = L.LinkEvent(id=eid, article_id=art, event_type=typ, aux=aux, actor=frozenset(act or ()),
                     recipient=frozenset(rec or ()), date=date, precision=prec, place_name=name,
                     place_country=country, lat=lat, lon=lon, feature=feat, text=text or "",
                     chain=chain, published=pub)
    return ev, cid


def load_events(con, where: str, params: list) -> list[tuple[L.LinkEvent, str | None]]:
    """LinkEvents (with their canonical ids) of the events matching a SQL condition on ``e``/``a``."""
    return [_link_event(r) for r in con.execute(f"{_LINK_SELECT} WHERE {where}", params).fetchall()]


# --------------------------------------------------------------------------- near-duplicates

def detect_duplicates(con, article_id: str, body: str) -> set[str]:
    """Index a new article's body and merge it into the report chains it copies.

    Returns:
        Ids of articles whose ``duplicate_of`` changed (the new one included when it has copies).
    """
    sh = L.shingles(body)
    if len(sh) < L.DUP_MIN_SHINGLES:
        return set()
    keys = L.band_keys(L.minhash(sh))
    bands = list(range(len(keys)))
    cands = [r[0] for r in con.execute(
        "SELECT DISTINCT b.article_id FROM article_bands b "
        "JOIN (SELECT unnest(?::SMALLINT[]) AS band, unnest(?::BIGINT[]) AS key) q "
        "ON b.band = q.band AND b.key = q.key WHERE b.article_id <> ?", [bands, keys, article_id]).fetchall()]
    con.executemany("INSERT INTO article_bands VALUES (?, ?, ?)", [[b, k, article_id] for b, k in zip(bands, keys)])
    matched = []
    for cid in cands:
        text, start = con.execute("SELECT text, coalesce(body_start, 0) FROM articles WHERE id = ?", [cid]).fetchone()
        if L.is_near_duplicate(sh, L.shingles(text[start:])):
            matched.append(cid)
    if not matched:
        return set()
    chains = {r[0] for r in con.execute(
        "SELECT DISTINCT coalesce(duplicate_of, id) FROM articles WHERE list_contains(?, id)", [matched]).fetchall()}
    members = {r[0] for r in con.execute(
        "SELECT id FROM articles WHERE list_contains(?, coalesce(duplicate_of, id))", [sorted(chains)]).fetchall()}
    members.add(article_id)
    chain_id = min(members)
    changed = {r[0] for r in con.execute(
        "SELECT id FROM articles WHERE list_contains(?, id) AND duplicate_of IS DISTINCT FROM ?",
        [sorted(members), chain_id]).fetchall()}
    con.execute("UPDATE articles SET duplicate_of = ? WHERE list_contains(?, id)", [chain_id, sorted(members)])
    log.info("article %s is a copy of %s (report chain %s)", article_id, ", ".join(matched), chain_id)
    return changed


def canonicals_of_articles(con, article_ids: set[str]) -> set[str]:
    """Canonical ids of the events of these articles."""
    if not article_ids:
        return set()
    return {r[0] for r in con.execute(
        "SELECT DISTINCT canonical_id FROM events WHERE list_contains(?, article_id) AND canonical_id IS NOT NULL",
        [sorted(article_ids)]).fetchall()}


# --------------------------------------------------------------------------- linking

def _candidates(con, ev: L.LinkEvent) -> list[tuple[L.LinkEvent, str | None]]:
    window, _ = L.event_period(ev)
    base = "e.event_type = ? AND e.article_id <> ? AND e.canonical_id IS NOT NULL AND (e.aux IS NULL OR e.aux NOT IN ('negation', 'hypothetical'))"
    params: list = [ev.event_type, ev.article_id]
    if window is not None:
        slack = dt.timedelta(days=L.DATE_SLACK_DAYS)
        lo, hi = window[0] - slack, window[1] + slack
        cond = ("(e.date IS NOT NULL AND e.date <= ? AND e.date_end >= ?) OR (e.date IS NULL AND "
                "(e.aux IN ('historical', 'future') OR a.published IS NULL OR a.published BETWEEN ? AND ?))")
        params += [hi, lo, lo, hi + dt.timedelta(days=L.REPORT_DAYS)]
    else:
        codes = sorted(ev.actor | ev.recipient)
        if not codes:
            return []
        cond = ("EXISTS (SELECT 1 FROM event_entities x WHERE x.event_id = e.id "
                "AND len(list_intersect(x.codes, ?::VARCHAR[])) > 0)")
        params.append(codes)
    return load_events(con, f"{base} AND ({cond}) ORDER BY a.ingested_at DESC LIMIT {MAX_CANDIDATES}", params)


def link_events(con, event_ids: list[str]) -> set[str]:
    """Give each new event a canonical event: join or merge the ones it matches, else a new one.

    Returns:
        Canonical ids whose members changed (to :func:`refresh`).
    """
    affected: set[str] = set()
    if not event_ids:
        return affected
    new = load_events(con, "list_contains(?, e.id)", [event_ids])
    for ev, _ in sorted(new, key=lambda x: x[0].id):
        cands = [] if ev.aux in L.UNREAL_AUX else _candidates(con, ev)
        matched: set[str] = set()
        blocked: set[str] = set()
        for cand, cid in cands:
            d = L.decide(ev, cand)
            if d.same:
                matched.add(cid)  # type: ignore[arg-type]
            elif d.reason in ("date", "place", "roles"):
                blocked.add(cid)  # type: ignore[arg-type]
        join = sorted(matched - blocked)
        if join:
            member_min = con.execute(
                "SELECT min(id) FROM events WHERE list_contains(?, canonical_id)", [join]).fetchone()[0]
            cid = "c" + min(member_min, ev.id)
            con.execute("UPDATE events SET canonical_id = ? WHERE list_contains(?, canonical_id) OR id = ?",
                        [cid, join, ev.id])
            stale = [c for c in join if c != cid]
            if stale:
                con.execute("DELETE FROM canonical_events WHERE list_contains(?, id)", [stale])
            affected.difference_update(stale)
        else:
            cid = "c" + ev.id
            con.execute("UPDATE events SET canonical_id = ? WHERE id = ?", [cid, ev.id])
        affected.add(cid)
    return affected


def _mode(values) -> object:
    vals = [v for v in values if v is not None]
    if not vals:
        return None
    counts = Counter(vals)
    return sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[0][0]


def refresh(con, canonical_ids: set[str]) -> None:
    """Recompute the canonical_events rows of these ids from their member events."""
    ids = sorted(c for c in canonical_ids if c)
    if not ids:
        return
    con.execute("DELETE FROM canonical_events WHERE list_contains(?, id)", [ids])
    rows = con.execute("""
        SELECT e.canonical_id, list(e.event_type), list(e.mode), min(e.date), max(e.date_end),
          list(e.loc_country), list(e.loc_name), list(e.loc_lat), list(e.loc_lon),
          count(*), count(DISTINCT e.article_id), count(DISTINCT coalesce(a.duplicate_of, a.id)),
          (SELECT list(DISTINCT x.country ORDER BY x.country) FROM event_entities x JOIN events y ON y.id = x.event_id
             WHERE y.canonical_id = e.canonical_id AND x.role = 'actor' AND x.country IS NOT NULL),
          (SELECT list(DISTINCT x.country ORDER BY x.country) FROM event_entities x JOIN events y ON y.id = x.event_id
             WHERE y.canonical_id = e.canonical_id AND x.role = 'recipient' AND x.country IS NOT NULL)
        FROM events e JOIN articles a ON a.id = e.article_id
        WHERE list_contains(?, e.canonical_id) GROUP BY e.canonical_id""", [ids]).fetchall()
    out = []
    for (cid, types, modes, first, last, countries, names, lats, lons, n, reports, sources, acts, recs) in rows:
        place = _mode(names)
        idx = names.index(place) if place in names else None
        out.append([cid, types[0], _mode(modes), first, last, _mode(countries), place,
                    lats[idx] if idx is not None else None, lons[idx] if idx is not None else None,
                    acts or [], recs or [], n, reports, sources])
    if out:
        con.executemany("INSERT INTO canonical_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())", out)


def relink_all(con) -> None:
    """Recompute chains, entity codes and canonical events for the whole database (migrations,
    rule changes). Articles are replayed in content-hash order, so the result does not depend
    on the order they were first ingested."""
    from ..linking import entity_codes

    rows = con.execute("SELECT rowid, name, text, country, affiliation FROM event_entities").fetchall()
    for rid, name, text, country, aff in rows:
        con.execute("UPDATE event_entities SET codes = ? WHERE rowid = ?",
                    [sorted(entity_codes(name, text, country, aff)), rid])
    con.execute("UPDATE articles SET duplicate_of = NULL")
    con.execute("DELETE FROM article_bands")
    con.execute("DELETE FROM canonical_events")
    con.execute("UPDATE events SET canonical_id = NULL")
    arts = con.execute("SELECT id, text, coalesce(body_start, 0) FROM articles ORDER BY id").fetchall()
    for aid, text, start in arts:
        detect_duplicates(con, aid, text[start:])
    affected: set[str] = set()
    for aid, _, _ in arts:
        ids = [r[0] for r in con.execute("SELECT id FROM events WHERE article_id = ? ORDER BY ordinal", [aid]).fetchall()]
        affected |= link_events(con, ids)
    live = {r[0] for r in con.execute("SELECT DISTINCT canonical_id FROM events").fetchall()}
    refresh(con, affected & live)
