"""Crash safety: ``eventwire ingest`` killed with SIGKILL mid-run leaves a database that opens and
holds only whole articles; the rerun completes the rest, ending with the same rows as a clean run.

A real subprocess, two workers, a handful of short hand-written documents.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from eventwire.runners.local import ingest

pytestmark = pytest.mark.slow

#: Short hand-written documents (not copied from any article), distinct enough not to be
#: near-duplicates of each other.
DOCS = [
    "Negotiators from Russia and Ukraine met in Istanbul on Tuesday but failed to agree on a ceasefire.",
    "A United Nations convoy delivered food and medicine to Kherson on Wednesday after days of shelling.",
    "Police in Minsk detained dozens of protesters on Sunday who demanded the release of prisoners.",
    "Rebels attacked an army base near the northern border overnight, killing three soldiers, the army said.",
    "The European Union imposed new sanctions on Iranian officials on Monday over the crackdown on protests.",
    "Thousands of workers marched through Paris on Thursday to protest against the pension reform.",
    "Turkey offered to host a new round of talks between the two governments next month.",
    "An air strike hit a hospital in the city of Sumy on Friday, local officials said.",
    "The president of Kenya met the Ethiopian prime minister in Nairobi to discuss border security.",
    "Israel and Hamas agreed to a four-day truce on Wednesday under a deal mediated by Qatar.",
]
PER_ARTICLE = {
    "events": "SELECT article_id, count(*) FROM events GROUP BY 1",
    "event_mentions": "SELECT article_id, count(*) FROM event_mentions GROUP BY 1",
    "event_entities": "SELECT article_id, count(*) FROM event_entities GROUP BY 1",
    "entities": "SELECT article_id, count(*) FROM entities GROUP BY 1",
    "places": "SELECT article_id, count(*) FROM places GROUP BY 1",
    "quotes": "SELECT article_id, count(*) FROM quotes GROUP BY 1",
}


def _corpus(root: Path) -> Path:
    root.mkdir()
    # twelve numbered reports per text: enough work that a 2-core machine cannot finish the ingest
    # before the test has seen its first stored article and killed it
    for r in range(ROUNDS):
        for i, text in enumerate(DOCS):
            n = r * len(DOCS) + i
            (root / f"doc{n:03d}.txt").write_text(f"Report {n}\n\n{text}\n", encoding="utf-8")
    return root


ROUNDS = 12


def _snapshot(db: Path) -> dict:
    """Per-article row counts of every table that hangs off an article, and the article ids."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        snap = {"articles": {r[0] for r in con.execute("SELECT id FROM articles").fetchall()}}
        for name, sql in PER_ARTICLE.items():
            snap[name] = dict(con.execute(sql).fetchall())
        # No partial rows: everything points at a stored article / event, every event has a mention.
        orphans = con.execute("""
            SELECT (SELECT count(*) FROM events WHERE article_id NOT IN (SELECT id FROM articles))
                 + (SELECT count(*) FROM event_mentions WHERE event_id NOT IN (SELECT id FROM events))
                 + (SELECT count(*) FROM event_entities WHERE event_id NOT IN (SELECT id FROM events))
                 + (SELECT count(*) FROM entities WHERE article_id NOT IN (SELECT id FROM articles))
                 + (SELECT count(*) FROM places WHERE article_id NOT IN (SELECT id FROM articles))
                 + (SELECT count(*) FROM quotes WHERE article_id NOT IN (SELECT id FROM articles))
                 + (SELECT count(*) FROM events e WHERE NOT EXISTS
                      (SELECT 1 FROM event_mentions m WHERE m.event_id = e.id))""").fetchone()[0]
        snap["orphans"] = orphans
        return snap
    finally:
        con.close()


def _count_articles(db: Path) -> int:
    """Articles stored so far, or -1 while the writer holds the file (or it does not exist yet)."""
    if not db.exists():
        return -1
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:
        return -1
    try:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]
    except duckdb.Error:
        return -1
    finally:
        con.close()


def _cmd(*args: str) -> list[str]:
    exe = Path(sys.executable).with_name("eventwire")
    return ([str(exe)] if exe.exists() else [sys.executable, "-m", "eventwire.cli"]) + list(args)


def test_sigkill_mid_run_leaves_whole_articles_and_rerun_completes(tmp_path):
    corpus = _corpus(tmp_path / "in")
    clean_db = tmp_path / "clean.duckdb"
    clean = ingest([str(corpus)], str(clean_db))
    assert clean.stored == ROUNDS * len(DOCS) and clean.failed == 0
    expected = _snapshot(clean_db)
    assert expected["orphans"] == 0

    db = tmp_path / "killed.duckdb"
    proc = subprocess.Popen(_cmd("ingest", str(corpus), "--db", str(db), "--workers", "2", "--quiet"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 180
    seen = -1
    while time.monotonic() < deadline and proc.poll() is None:
        seen = _count_articles(db)  # opening between batches works while ingest runs
        if seen >= 1:
            break
        time.sleep(0.05)
    assert proc.poll() is None, f"ingest ended before it could be killed: {proc.stderr.read().decode()[-2000:]}"
    assert seen >= 1
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stderr.close()

    after_kill = _snapshot(db)  # the database opens after the kill
    assert after_kill["orphans"] == 0
    total = ROUNDS * len(DOCS)
    assert 1 <= len(after_kill["articles"]) <= total
    assert after_kill["articles"] <= expected["articles"]
    for table in PER_ARTICLE:  # each stored article has all of its rows, as in the clean run
        for aid in after_kill["articles"]:
            assert after_kill[table].get(aid, 0) == expected[table].get(aid, 0), (table, aid)

    rerun = subprocess.run(_cmd("ingest", str(corpus), "--db", str(db), "--workers", "2"),
                           capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    n_before = len(after_kill["articles"])
    assert (f"{total} read, {total - n_before} stored, {n_before} skipped as already stored, "
            f"0 failed") in rerun.stderr
    final = _snapshot(db)
    assert final == expected
