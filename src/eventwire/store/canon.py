"""Incremental near-duplicate chains and canonical events, inside the writer's transaction.

Called by :meth:`Store.write_article` for each new article:

1. :func:`detect_duplicates` finds stored articles whose body is a copy of the new one
   (MinHash bands → exact shingle check, ``eventwire.store.dedupe``) and merges their report chains;
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
from dataclasses import dataclass
from typing import Callable

from . import dedupe as L
from . import schema

log = logging.getLogger(__name__)

#: Candidate events fetched for one new event (most recent first), to bound the work.
MAX_CANDIDATES = 2000

_LINK_SELECT = """
WITH sel AS (
  SELECT e.id, e.article_id, e.event_type, e.aux, e.date, e.date_precision, e.loc_name,
    e.loc_country, e.loc_lat, e.loc_lon, e.loc_feature, e.canonical_id, a.duplicate_of, a.published
  FROM events e JOIN articles a ON a.id = e.article_id WHERE {where}),
codes AS (
  SELECT x.event_id, flatten(list(x.codes) FILTER (WHERE x.role = 'actor')) AS actor,
    flatten(list(x.codes) FILTER (WHERE x.role = 'recipient')) AS recipient
  FROM event_entities x WHERE x.event_id IN (SELECT id FROM sel) GROUP BY 1),
txt AS (
  SELECT m.event_id, string_agg(m.text, chr(10) ORDER BY m.ordinal) AS text
  FROM event_mentions m WHERE m.event_id IN (SELECT id FROM sel) GROUP BY 1)
SELECT sel.*, codes.actor, codes.recipient, txt.text
FROM sel LEFT JOIN codes ON codes.event_id = sel.id LEFT JOIN txt ON txt.event_id = sel.id
"""


def load_events(con, where: str, params: list) -> list[tuple[L.LinkEvent, str | None]]:
    """LinkEvents (with their canonical ids) of the events matching a SQL condition on ``e``/``a``
    (one query: DuckDB's per-statement cost, several ms, dominates small lookups)."""
    out = []
    for (eid, art, typ, aux, date, prec, name, country, lat, lon, feat, cid, chain, pub, act, rec,
         text) in con.execute(_LINK_SELECT.format(where=where), params).fetchall():
        ev = L.LinkEvent(id=eid, article_id=art, event_type=typ, aux=aux, actor=frozenset(act or ()),
                         recipient=frozenset(rec or ()), date=date, precision=prec, place_name=name,
                         place_country=country, lat=lat, lon=lon, feature=feat, text=text or "",
                         chain=chain, published=pub)
        out.append((ev, cid))
    return out


# --------------------------------------------------------------------------- near-duplicates

@dataclass
class BodyIndex:
    """What near-duplicate detection keeps of an article body.

    Attributes:
        short: fewer than ``dedupe.DUP_MIN_SHINGLES`` shingles: only a word-for-word copy
            (case, spacing, line ends aside) counts, keyed by ``dedupe.word_key`` in a band of
            its own (``dedupe.MINHASH_BANDS``), never a MinHash band.
        shingles: the body's shingles (``dedupe.shingles``).
        bands, keys: the ``article_bands`` rows: (band, key) pairs an article shares with its
            candidate copies.
    """

    short: bool
    shingles: set[int]
    bands: list[int]
    keys: list[int]


def index_body(body: str) -> BodyIndex | None:
    """The bands of a body; None for a short body without words (it is never a copy)."""
    sh = L.shingles(body)
    if len(sh) < L.DUP_MIN_SHINGLES:
        words = L.word_key(body)
        if words is None:
            return None
        return BodyIndex(True, sh, [L.MINHASH_BANDS], [words])
    keys = L.band_keys(L.minhash(sh))
    return BodyIndex(False, sh, list(range(len(keys))), keys)


def is_copy(index: BodyIndex, other_body: str) -> bool:
    """Whether ``other_body``, a candidate sharing a band with the indexed body, is a copy of it."""
    if index.short:
        return L.word_key(other_body) == index.keys[0]
    return L.is_near_duplicate(index.shingles, L.shingles(other_body))


def detect_duplicates(con, article_id: str, body: str) -> tuple[set[str], str | None]:
    """Index a new article's body and merge it into the report chains it copies.

    Returns:
        (ids of articles whose ``duplicate_of`` changed, the new article's chain id or None).
    """
    index = index_body(body)
    if index is None:
        return set(), None
    bands, keys = index.bands, index.keys
    cands = [r[0] for r in con.execute(
        "SELECT DISTINCT b.article_id FROM article_bands b "
        "JOIN (SELECT unnest(?::SMALLINT[]) AS band, unnest(?::BIGINT[]) AS key) q "
        "ON b.band = q.band AND b.key = q.key WHERE b.article_id <> ?", [bands, keys, article_id]).fetchall()]
    schema.insert_rows(con, "article_bands", [[b, k, article_id] for b, k in zip(bands, keys)])
    matched = []
    for cid in cands:
        text, start = con.execute("SELECT text, coalesce(body_start, 0) FROM articles WHERE id = ?", [cid]).fetchone()
        if is_copy(index, text[start:]):
            matched.append(cid)
    if not matched:
        return set(), None
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
    return changed, chain_id


def canonicals_of_articles(con, article_ids: set[str]) -> set[str]:
    """Canonical ids of the events of these articles."""
    if not article_ids:
        return set()
    return {r[0] for r in con.execute(
        "SELECT DISTINCT canonical_id FROM events WHERE list_contains(?, article_id) AND canonical_id IS NOT NULL",
        [sorted(article_ids)]).fetchall()}


# --------------------------------------------------------------------------- linking

def _windows(events: list[L.LinkEvent]) -> list[tuple[dt.date, dt.date]]:
    """The date ranges (with slack) the new events may link into, overlapping ones merged."""
    slack = dt.timedelta(days=L.DATE_SLACK_DAYS)
    spans = sorted((p[0] - slack, p[1] + slack) for p in (L.event_period(e)[0] for e in events) if p)
    merged: list[list[dt.date]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]


def _candidates(con, article_id: str, events: list[L.LinkEvent]) -> list[tuple[L.LinkEvent, str | None]]:
    """Stored events that may match any of an article's new events, in one query: same types,
    periods in the new events' windows, or (undated ones) sharing an actor/recipient code."""
    types = sorted({e.event_type for e in events})
    conds, params = [], []
    report = dt.timedelta(days=L.REPORT_DAYS)
    for lo, hi in _windows(events):
        conds.append("(e.date IS NOT NULL AND e.date <= ? AND e.date_end >= ?)")
        conds.append("(e.date IS NULL AND (e.aux IS NULL OR e.aux NOT IN ('historical', 'future')) "
                     "AND a.published BETWEEN ? AND ?)")
        params += [hi, lo, lo, hi + report]
    codes = sorted({c for e in events for c in e.actor | e.recipient})
    if codes:
        conds.append("EXISTS (SELECT 1 FROM event_entities x WHERE x.event_id = e.id AND x.role <> 'claimed_by' "
                     "AND len(list_intersect(x.codes, ?::VARCHAR[])) > 0)")
        params.append(codes)
    if not conds:
        return []
    where = ("list_contains(?::VARCHAR[], e.event_type) AND e.article_id <> ? AND e.canonical_id IS NOT NULL "
             "AND (e.aux IS NULL OR e.aux NOT IN ('negation', 'hypothetical')) AND (" + " OR ".join(conds) + ")"
             f" ORDER BY a.ingested_at DESC LIMIT {MAX_CANDIDATES}")
    return load_events(con, where, [types, article_id] + params)


@dataclass(frozen=True)
class CandidateFilter:
    """The condition of :func:`_candidates` as a predicate over one stored event, for linkers
    without a database (``eventwire.store.batchlink``); built by :func:`candidate_filter`, small
    and picklable.

    Attributes:
        article_id: the new article (its own events are never candidates).
        types: the PLOVER types of its real events.
        windows: their merged date windows (:func:`_windows`).
        codes: their actor and recipient codes.
    """

    article_id: str
    types: frozenset[str]
    windows: tuple[tuple[dt.date, dt.date], ...]
    codes: frozenset[str]

    def __call__(self, c: L.LinkEvent) -> bool:
        """Same type as a new event, another article, not negated or hypothetical, and a period
        in the windows, or (undated, not historical or future) published in them, or sharing an
        actor/recipient code. :func:`_candidates` also requires a canonical id (an event already
        linked) and keeps the :data:`MAX_CANDIDATES` most recently ingested: the caller sees to those."""
        if c.event_type not in self.types or c.article_id == self.article_id or c.aux in L.UNREAL_AUX:
            return False
        report = dt.timedelta(days=L.REPORT_DAYS)
        for lo, hi in self.windows:
            if c.date is not None:
                if c.date <= hi and L.period(c.date, c.precision)[1] >= lo:
                    return True
            elif c.aux not in ("historical", "future") and c.published is not None and lo <= c.published <= hi + report:
                return True
        return bool(self.codes & (c.actor | c.recipient))


def candidate_filter(article_id: str, events: list[L.LinkEvent]) -> CandidateFilter:
    """The candidate condition of an article whose new events are ``events`` (unreal ones are
    left out, as :func:`assign` does)."""
    real = [e for e in events if e.aux not in L.UNREAL_AUX]
    return CandidateFilter(article_id, frozenset(e.event_type for e in real), tuple(_windows(real)),
                           frozenset(c for e in real for c in e.actor | e.recipient))


def assign(con, article_id: str, events: list[L.LinkEvent]) -> tuple[dict[str, str], dict[str, str]]:
    """Match an article's new events against stored ones (one candidate query, no writes).

    Each new event joins (or merges) the canonical events it matches, else starts its own;
    canonical ids are "c" + the smallest member event id.

    Returns:
        (canonical id of each new event id, remap of stored canonical ids merged into another).
    """
    real = [ev for ev in events if ev.aux not in L.UNREAL_AUX]
    cands = _candidates(con, article_id, sorted(real, key=lambda e: e.id)) if real else []
    return match(events, cands)


def match(events: list[L.LinkEvent], cands: list[tuple[L.LinkEvent, str | None]],
          decide: Callable[[L.LinkEvent, L.LinkEvent], L.LinkDecision] = L.decide,
          ) -> tuple[dict[str, str], dict[str, str]]:
    """:func:`assign` without the database: one article's new events against candidate events
    (with their current canonical ids), no I/O.

    Returns:
        (canonical id of each new event id, remap of candidates' canonical ids merged into another).
    """
    new = sorted(events, key=lambda e: e.id)
    parent: dict[str, str] = {}
    arts: dict[str, set[str]] = {}  # canonical root -> articles of its members (as far as known)
    for cand, cid in cands:
        if cid is not None:
            arts.setdefault(cid, set()).add(cand.article_id)

    def find(c: str) -> str:
        while parent.get(c, c) != c:
            c = parent[c]
        return c

    own: dict[str, str] = {}
    for ev in new:
        own[ev.id] = "c" + ev.id
        arts.setdefault(own[ev.id], set()).add(ev.article_id)
        if ev.aux in L.UNREAL_AUX:
            continue
        matched, blocked, strength = set(), set(), {}
        for cand, cid in cands:
            if cand.event_type != ev.event_type:
                continue
            d = decide(ev, cand)
            if d.same:  # (the closest first: wording, then no date conflict, same place, roles)
                matched.add(cid)
                key = (d.similarity or 0.0, d.date is not False, d.place is True, d.roles is True)
                strength[cid] = max(strength.get(cid, key), key)
            elif d.reason in ("date", "place", "roles"):
                blocked.add(cid)
        for cid in sorted(matched - blocked, key=lambda c: (tuple(-x for x in strength[c]), c)):
            a, b = find(own[ev.id]), find(cid)
            if a == b or (arts.get(a, set()) & arts.get(b, set()) - {""}):
                continue  # (never two events of one article in one canonical event: the closest
                # match wins, "the store never links two events of the same article")
            lo, hi = sorted((a, b))
            parent[hi] = lo
            arts[lo] = arts.get(lo, set()) | arts.pop(hi, set())
    groups: dict[str, set[str]] = {}
    for c in set(parent) | set(parent.values()) | set(own.values()):
        groups.setdefault(find(c), set()).add(c)
    final = {c: root for root, members in groups.items() for c in members}  # roots are the smallest ids
    remap = {old: to for old, to in final.items() if old != to and old not in own.values()}
    return {eid: final[c] for eid, c in own.items()}, remap


def apply_remap(con, remap: dict[str, str]) -> None:
    """Move the members of merged canonical events to their new id and drop the old rows."""
    if not remap:
        return
    con.execute("UPDATE events SET canonical_id = m.new FROM (SELECT unnest(?::VARCHAR[]) AS old, "
                "unnest(?::VARCHAR[]) AS new) m WHERE events.canonical_id = m.old",
                [list(remap), list(remap.values())])
    con.execute("DELETE FROM canonical_events WHERE list_contains(?::VARCHAR[], id)", [list(remap)])


def singletons(cids: dict[str, str], remap: dict[str, str]) -> set[str]:
    """Canonical ids (of :func:`assign`'s result) that hold one new event and nothing else."""
    counts = Counter(cids.values())
    return {c for eid, c in cids.items() if c == "c" + eid and counts[c] == 1 and c not in remap.values()}


def link_events(con, article_id: str) -> set[str]:
    """:func:`assign` for an article already stored without canonical ids (``relink_all``);
    writes the links and returns the canonical ids to :func:`refresh`."""
    new = [ev for ev, _ in load_events(con, "e.article_id = ? AND e.canonical_id IS NULL", [article_id])]
    if not new:
        return set()
    cids, remap = assign(con, article_id, new)
    apply_remap(con, remap)
    ids = list(cids)
    con.execute("UPDATE events SET canonical_id = m.cid FROM (SELECT unnest(?::VARCHAR[]) AS id, "
                "unnest(?::VARCHAR[]) AS cid) m WHERE events.id = m.id", [ids, [cids[i] for i in ids]])
    return set(cids.values())


def _mode(values) -> object:
    vals = [v for v in values if v is not None]
    if not vals:
        return None
    counts = Counter(vals)
    return sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[0][0]


def summarize(cid: str, types: list, modes: list, first, last, countries: list, names: list,
              lats: list, lons: list, actor_countries: list | None, recipient_countries: list | None,
              n: int, reports: int, sources: int) -> list:
    """One ``canonical_events`` row (without ``updated``) from its member events' values, each
    list in event id order: the most common mode, country and place (ties: the smallest), the
    coordinates of the first member at that place (none without a place name), the distinct
    actor and recipient countries (sorted), and the counts of events, articles and report chains."""
    place = _mode(names)
    idx = names.index(place) if place is not None else None
    return [cid, types[0], _mode(modes), first, last, _mode(countries), place,
            lats[idx] if idx is not None else None, lons[idx] if idx is not None else None,
            actor_countries or [], recipient_countries or [], n, reports, sources]


def refresh(con, canonical_ids: set[str]) -> None:
    """Recompute the canonical_events rows of these ids from their member events."""
    ids = sorted(c for c in canonical_ids if c)
    if not ids:
        return
    rows = con.execute("""
        SELECT e.canonical_id, list(e.event_type ORDER BY e.id), list(e.mode ORDER BY e.id), min(e.date),
          max(e.date_end), list(e.loc_country ORDER BY e.id), list(e.loc_name ORDER BY e.id),
          list(e.loc_lat ORDER BY e.id), list(e.loc_lon ORDER BY e.id),
          count(*), count(DISTINCT e.article_id), count(DISTINCT coalesce(a.duplicate_of, a.id))
        FROM events e JOIN articles a ON a.id = e.article_id
        JOIN (SELECT unnest(?::VARCHAR[]) AS id) q ON q.id = e.canonical_id
        GROUP BY e.canonical_id""", [ids]).fetchall()
    roles: dict[tuple[str, str], list[str]] = {}
    for cid, role, countries in con.execute("""
        SELECT e.canonical_id, x.role, list(DISTINCT x.country ORDER BY x.country)
        FROM events e JOIN (SELECT unnest(?::VARCHAR[]) AS id) q ON q.id = e.canonical_id
        JOIN event_entities x ON x.event_id = e.id
        WHERE x.role IN ('actor', 'recipient') AND x.country IS NOT NULL GROUP BY ALL""", [ids]).fetchall():
        roles[(cid, role)] = countries
    out = [summarize(*row[:9], roles.get((row[0], "actor")), roles.get((row[0], "recipient")), *row[9:])
           for row in rows]
    gone = sorted(set(ids) - {r[0] for r in out})
    if gone:
        con.execute("DELETE FROM canonical_events WHERE list_contains(?::VARCHAR[], id)", [gone])
    if out:
        now = dt.datetime.now(dt.timezone.utc)
        schema.insert_rows(con, "canonical_events", [r + [now] for r in out], replace=True)


def release(con, canonical_ids: set[str]) -> set[str]:
    """After an article's events were deleted (reprocessing replaces them): keep the canonical
    events they belonged to valid. One left without members is deleted; one that was named after
    a deleted event ("c" + its smallest member id) is renamed after its smallest remaining member,
    so a re-extracted event with the old id starts or joins a group under the usual rule.

    Returns:
        The canonical ids still in use that :func:`refresh` must recompute.
    """
    ids = sorted(c for c in canonical_ids if c)
    if not ids:
        return set()
    smallest = dict(con.execute(
        "SELECT canonical_id, min(id) FROM events WHERE list_contains(?::VARCHAR[], canonical_id) "
        "GROUP BY 1", [ids]).fetchall())
    remap = {c: "c" + smallest[c] for c in ids if c in smallest and c != "c" + smallest[c]}
    apply_remap(con, remap)
    gone = [c for c in ids if c not in smallest]
    if gone:
        con.execute("DELETE FROM canonical_events WHERE list_contains(?::VARCHAR[], id)", [gone])
    return {remap.get(c, c) for c in smallest}


def relink_all(con) -> None:
    """Recompute chains, entity codes and canonical events for the whole database (migrations,
    rule changes). Articles are replayed in content-hash order, so the result does not depend
    on the order they were first ingested."""
    from .dedupe import entity_codes

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
        affected |= link_events(con, aid)
    live = {r[0] for r in con.execute("SELECT DISTINCT canonical_id FROM events").fetchall()}
    refresh(con, affected & live)
