"""Linking a whole batch without a database (store/batchlink.py, what the Spark runner runs) gives
the store's own result: the same report chains and canonical events as ``Store.relink()``, and the
candidate filter agrees with the store's SQL. No Spark here: these run everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.runners.local import ingest
from eventwire.store import Store, batchlink, canon

STORIES = {
    "a-talks.txt": "Talks stall in Istanbul\n\nNegotiators from Russia and Ukraine met in Istanbul on Tuesday "
                   "but failed to agree on a ceasefire, Turkish officials said. The two delegations met again "
                   "on Wednesday. Russian forces shelled Kharkiv on Tuesday, killing two people, the mayor said.\n",
    "b-convoy.txt": "Aid reaches Kherson\n\nA United Nations convoy delivered food and medicine to Kherson on "
                    "Wednesday after days of shelling, officials said. Russian troops shelled Kharkiv on Tuesday, "
                    "killing two civilians, Ukrainian officials said.\n",
    "c-arrests.txt": "Police detain protesters\n\nPolice in Minsk detained dozens of protesters on Sunday who "
                     "had gathered to demand the release of political prisoners.\n",
}
#: Appended to make an updated copy of a story (a near-duplicate: one report chain).
UPDATE = ("\nThis story has been updated with a statement from the Ukrainian foreign ministry, which said "
          "the talks would resume next week in Istanbul with the same delegations as before.\n")


def _corpus(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in STORIES.items():
        (root / name).write_text(text, encoding="utf-8")
        (root / f"z-copy-{name}").write_text(text + UPDATE, encoding="utf-8")
    return root


def _links(st: Store) -> tuple[dict, dict]:
    cids = dict(st.con.execute("SELECT id, canonical_id FROM events").fetchall())
    chains = {a: d for a, d in st.con.execute("SELECT id, duplicate_of FROM articles").fetchall() if d}
    return cids, chains


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("batchlink")
    db = root / "s.duckdb"
    stats = ingest([str(_corpus(root / "in"))], str(db))
    assert stats.stored == 2 * len(STORIES) and not stats.failed
    return db


def test_batch_linking_equals_the_stores_relink(store_path, tmp_path):
    import shutil

    db = tmp_path / "s.duckdb"
    shutil.copy(store_path, db)
    with Store(db) as st:
        st.relink()
        want_cids, want_chains = _links(st)
        bodies = {a: t[s:] for a, t, s in st.con.execute(
            "SELECT id, text, coalesce(body_start, 0) FROM articles").fetchall()}
        events = [e for e, _ in canon.load_events(st.con, "true", [])]
    assert want_chains, "the updated copies form report chains"
    assert batchlink.chains(bodies) == want_chains
    got = batchlink.link_batch(events)
    assert got == want_cids
    assert len(set(got.values())) < len(got), "some events are linked across articles"


def test_candidate_filter_agrees_with_the_stores_query(store_path):
    with Store(store_path, read_only=True) as st:
        events = [e for e, _ in canon.load_events(st.con, "true", [])]
        by_article: dict[str, list] = {}
        for e in events:
            by_article.setdefault(e.article_id, []).append(e)
        checked = 0
        for aid, evs in by_article.items():
            real = [e for e in evs if e.aux not in ("negation", "hypothetical")]
            if not real:
                continue
            sql = {e.id for e, _ in canon._candidates(st.con, aid, real)}
            test = canon.candidate_filter(aid, evs)
            assert {e.id for e in events if test(e)} == sql, aid
            checked += bool(sql)
    assert checked, "some article has candidates"


def test_blocking_keys_pair_every_pair_the_rule_links(store_path):
    """Every pair decide() calls the same event shares a key that may pair it (so a Spark run,
    which compares only such pairs, misses none)."""
    from eventwire.store.dedupe import decide

    with Store(store_path, read_only=True) as st:
        events = [e for e, _ in canon.load_events(st.con, "true", [])]
    keys = {e.id: batchlink.blocking_keys(e) for e in events}
    linked = 0
    for i, a in enumerate(events):
        for b in events[i + 1:]:
            if a.article_id != b.article_id and decide(a, b).same:
                linked += 1
                owners = [k for k in set(keys[a.id]) & set(keys[b.id])
                          if batchlink.pair_owner(k, a, keys[a.id], b, keys[b.id])]
                assert len(owners) == 1, (a.id, b.id)
    assert linked


def test_union_find_roots_are_the_smallest_member():
    comp = batchlink.components([("d", "b"), ("b", "c"), ("x", "y"), ("c", "a")])
    assert comp == {"a": "a", "b": "a", "c": "a", "d": "a", "x": "x", "y": "x"}
