"""Cross-article linking of a whole batch without a database: the same report chains and
canonical events as the store's :func:`eventwire.store.canon.relink_all`, computed in pieces a
cluster can spread (``eventwire.runners.spark`` runs them as Spark stages; :func:`link_batch`
runs them in memory, for tests and small batches).

The store links articles one at a time, in content-hash order, each new event against the
candidates :func:`canon._candidates` finds (``canon.match``). The order matters only inside a
*component*: events joined by pairs that :func:`eventwire.store.dedupe.decide` calls the same
event (an event conflicting with a group can only block a match with that group, whose members
are all in the component). So:

1. **Report chains**: articles sharing an LSH band (``canon.index_body``) are candidate copies,
   checked by ``canon.is_copy``; a chain is a connected component of copies, its id the smallest
   article id in it (as ``canon.detect_duplicates`` leaves ``articles.duplicate_of``).
2. **Pairs**: events sharing a blocking key (:func:`blocking_keys`: the same type and report
   chain, an overlapping week of their date windows, or, for an event without a window, a shared
   actor/recipient code) are compared once each (:func:`pair_owner`) with ``dedupe.decide``;
   every pair the rule can call the same shares a key.
3. **Components** of the linked pairs (:class:`UnionFind`).
4. **Replay** (:func:`replay`): each component's events, article by article in content-hash
   order, through ``canon.match`` with the candidates ``canon.CandidateFilter`` lets through, as
   ``relink_all`` does. An event in no pair is its own canonical event (``c`` + its id).
5. **Rows**: ``canon.summarize`` over each canonical event's members.

The store keeps only the :data:`canon.MAX_CANDIDATES` most recently ingested candidates of an
article; a batch considers them all, so the two agree while no article has more.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Iterable

from . import canon
from . import dedupe as L

#: Days of a blocking bucket: events whose windows come within DATE_SLACK_DAYS share one.
BUCKET_DAYS = 7


class UnionFind:
    """Disjoint sets over hashable items; each set's root is its smallest item."""

    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, x):
        p = self.parent
        root = x
        while p.get(root, root) != root:
            root = p[root]
        while p.get(x, x) != root:  # path compression
            p[x], x = root, p[x]
        return root

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo
            self.parent.setdefault(lo, lo)

    def roots(self) -> dict:
        """Every item seen → the root of its set."""
        return {x: self.find(x) for x in list(self.parent)}


def components(edges: Iterable[tuple]) -> dict:
    """Connected components of an edge list: node → smallest node of its component (nodes in
    no edge are left out)."""
    uf = UnionFind()
    for a, b in edges:
        uf.union(a, b)
    return uf.roots()


# --------------------------------------------------------------------------- report chains

def band_rows(article_id: str, body: str) -> list[tuple[int, int, str]]:
    """The ``article_bands`` rows of one article: (band, key, article_id)."""
    index = canon.index_body(body)
    return [] if index is None else [(b, k, article_id) for b, k in zip(index.bands, index.keys)]


def copy_pairs(bands: Iterable[tuple[int, int, str]]) -> set[tuple[str, str]]:
    """Candidate copies: pairs (smaller id, larger id) of articles sharing a band key."""
    groups: dict[tuple[int, int], list[str]] = defaultdict(list)
    for b, k, aid in bands:
        groups[(b, k)].append(aid)
    return {p for ids in groups.values() for p in pairs_of(ids)}


def pairs_of(ids: list[str]) -> Iterable[tuple[str, str]]:
    """Every pair (smaller, larger) of distinct ids of one band group."""
    ids = sorted(set(ids))
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            yield a, b


def is_copy_pair(body_a: str, body_b: str) -> bool:
    """Whether two candidate bodies (sharing a band) are copies of one report."""
    index = canon.index_body(body_a)
    return index is not None and canon.is_copy(index, body_b)


def chains(bodies: dict[str, str]) -> dict[str, str]:
    """Report chains of a batch, in memory: article id → chain id, for articles in a chain of
    two or more (``articles.duplicate_of``; others: None)."""
    bands = [r for aid, body in bodies.items() for r in band_rows(aid, body)]
    edges = [(a, b) for a, b in copy_pairs(bands) if is_copy_pair(bodies[a], bodies[b])]
    return components(edges)


# --------------------------------------------------------------------------- event pairs

def blocking_keys(ev: L.LinkEvent) -> list[tuple]:
    """The keys under which an event meets the events it may be linked with (none for a negated
    or hypothetical one). Keys are ("chain", type, chain id), ("week", type, bucket) for every
    :data:`BUCKET_DAYS` bucket from the start of its window to DATE_SLACK_DAYS past its end, and
    ("code", type, code) for each actor/recipient code; a "code" key pairs an event only with
    events without a window (:func:`pair_owner`)."""
    if ev.aux in L.UNREAL_AUX:
        return []
    keys: list[tuple] = []
    if ev.chain:
        keys.append(("chain", ev.event_type, ev.chain))
    span = L.event_period(ev)[0]
    if span is not None:
        lo = span[0].toordinal() // BUCKET_DAYS
        hi = (span[1] + dt.timedelta(days=L.DATE_SLACK_DAYS)).toordinal() // BUCKET_DAYS
        keys.extend(("week", ev.event_type, b) for b in range(lo, hi + 1))
    keys.extend(("code", ev.event_type, c) for c in sorted(ev.actor | ev.recipient))
    return keys


def pair_owner(key: tuple, a: L.LinkEvent, keys_a: list[tuple], b: L.LinkEvent, keys_b: list[tuple]) -> bool:
    """Whether the pair (a, b) is compared under ``key``: they come from different articles,
    ``key`` is the smallest key they share that may pair them (a "code" key only when one of them
    has no date window), so each pair is compared once."""
    if a.article_id == b.article_id:
        return False
    windowless = L.event_period(a)[0] is None or L.event_period(b)[0] is None
    shared = [k for k in set(keys_a) & set(keys_b) if k[0] != "code" or windowless]
    return bool(shared) and min(shared) == key


def linked_pairs(group_key: tuple, members: list[tuple[L.LinkEvent, list[tuple]]]) -> list[tuple[str, str]]:
    """The pairs of one blocking group that ``dedupe.decide`` calls the same event: (smaller id,
    larger id). ``members``: (event, its blocking keys)."""
    out = []
    members = sorted(members, key=lambda m: m[0].id)
    for i, (a, ka) in enumerate(members):
        for b, kb in members[i + 1:]:
            if pair_owner(group_key, a, ka, b, kb) and L.decide(a, b).same:
                out.append((a.id, b.id))
    return out


# --------------------------------------------------------------------------- replay

def replay(members: list[L.LinkEvent], filters: dict[str, canon.CandidateFilter]) -> dict[str, str]:
    """Canonical ids of one component's events: its articles in content-hash order, each one's
    events through ``canon.match`` against the earlier ones its filter lets through (as
    ``canon.relink_all`` links a database).

    Args:
        members: the component's events (with their chain ids).
        filters: article id → ``canon.candidate_filter`` of all that article's events.

    Returns:
        event id → canonical id.
    """
    by_article: dict[str, list[L.LinkEvent]] = defaultdict(list)
    for ev in members:
        by_article[ev.article_id].append(ev)
    cid: dict[str, str] = {}
    seen: list[L.LinkEvent] = []
    for aid in sorted(by_article):
        test = filters[aid]
        cands = [(z, cid[z.id]) for z in seen if test(z)]
        new, remap = canon.match(by_article[aid], cands)
        if remap:
            cid = {k: remap.get(v, v) for k, v in cid.items()}
        cid.update(new)
        seen.extend(by_article[aid])
    return cid


def link_batch(events: list[L.LinkEvent]) -> dict[str, str]:
    """Canonical ids of a whole batch, in memory (events carry their chain ids): event id →
    canonical id."""
    keyed = [(ev, blocking_keys(ev)) for ev in events]
    groups: dict[tuple, list] = defaultdict(list)
    for ev, keys in keyed:
        for k in keys:
            groups[k].append((ev, keys))
    edges = [p for k, ms in groups.items() if len(ms) > 1 for p in linked_pairs(k, ms)]
    comp = components(edges)
    by_article: dict[str, list[L.LinkEvent]] = defaultdict(list)
    for ev in events:
        by_article[ev.article_id].append(ev)
    filters = {aid: canon.candidate_filter(aid, evs) for aid, evs in by_article.items()}
    members: dict[str, list[L.LinkEvent]] = defaultdict(list)
    for ev in events:
        if ev.id in comp:
            members[comp[ev.id]].append(ev)
    out = {ev.id: "c" + ev.id for ev in events}
    for ms in members.values():
        out.update(replay(ms, {aid: filters[aid] for aid in {e.article_id for e in ms}}))
    return out


# --------------------------------------------------------------------------- canonical rows

def canonical_row(cid: str, members: list[dict]) -> list:
    """One ``canonical_events`` row (without ``updated``) from its member events.

    Args:
        cid: the canonical id.
        members: one dict per member event with its ``events`` columns (``id``, ``event_type``,
            ``mode``, ``date``, ``date_end``, ``loc_country``, ``loc_name``, ``loc_lat``,
            ``loc_lon``, ``article_id``), ``chain`` (its article's ``duplicate_of``) and
            ``actor_countries`` / ``recipient_countries`` (its entities' countries).
    """
    ms = sorted(members, key=lambda m: m["id"])
    dates = [m["date"] for m in ms if m["date"] is not None]
    ends = [m["date_end"] for m in ms if m["date_end"] is not None]
    acts = sorted({c for m in ms for c in m["actor_countries"] or ()})
    recs = sorted({c for m in ms for c in m["recipient_countries"] or ()})
    return canon.summarize(
        cid, [m["event_type"] for m in ms], [m["mode"] for m in ms], min(dates) if dates else None,
        max(ends) if ends else None, [m["loc_country"] for m in ms], [m["loc_name"] for m in ms],
        [m["loc_lat"] for m in ms], [m["loc_lon"] for m in ms], acts, recs, len(ms),
        len({m["article_id"] for m in ms}), len({m["chain"] or m["article_id"] for m in ms}))
