"""``eventwire reprocess`` killed with SIGKILL mid-run: every article keeps its old extraction or
has its new one whole (never a mix), canonical events stay valid, and a rerun finishes the rest,
ending with the same per-article rows as a clean reprocess. A real subprocess, two workers."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from eventwire.ingest.dispatch import SourceOptions
from eventwire.runners.local import ingest
from eventwire.runners.reprocess import reprocess
from test_crash import DOCS, PER_ARTICLE, _cmd, _snapshot
from test_reprocess import _assert_consistent

pytestmark = pytest.mark.slow

ROUNDS = 12  # enough articles that a two-worker reprocess is still running when first seen (a faster
# pipeline once finished before the poll saw it, on a loaded machine)
NEW = "2024-02-02"


def _corpus(root: Path) -> Path:
    root.mkdir()
    for r in range(ROUNDS):
        for i, text in enumerate(DOCS):
            n = r * len(DOCS) + i
            (root / f"doc{n:03d}.txt").write_text(f"Report {n}\n\n{text}\n", encoding="utf-8")
    return root


def _redone(db: Path) -> int:
    """Articles already re-extracted, or -1 while the writer holds the file."""
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:
        return -1
    try:
        return con.execute("SELECT count(*) FROM articles WHERE options LIKE ?", [f'%"{NEW}"%']).fetchone()[0]
    except duckdb.Error:
        return -1
    finally:
        con.close()


def _events(db: Path) -> dict[str, set]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        out: dict[str, set] = {}
        for aid, eid, typ, date in con.execute("SELECT article_id, id, event_type, date FROM events").fetchall():
            out.setdefault(aid, set()).add((eid, typ, date))
        return out
    finally:
        con.close()


def test_sigkill_mid_reprocess_leaves_whole_articles_and_rerun_completes(tmp_path):
    corpus = _corpus(tmp_path / "in")
    base = tmp_path / "base.duckdb"
    stats = ingest([str(corpus)], str(base), options=SourceOptions(published=dt.date(2024, 1, 1)))
    total = ROUNDS * len(DOCS)
    assert stats.stored == total
    old, old_events = _snapshot(base), _events(base)

    clean = tmp_path / "clean.duckdb"
    shutil.copy(base, clean)
    done = reprocess(str(clean), published=dt.date.fromisoformat(NEW))
    assert done.done == total and done.failed == 0
    expected, expected_events = _snapshot(clean), _events(clean)
    assert expected_events != old_events  # the new date changes what is extracted

    db = tmp_path / "killed.duckdb"
    shutil.copy(base, db)
    proc = subprocess.Popen(_cmd("reprocess", "--db", str(db), "--published", NEW, "--workers", "2", "--quiet"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 180
    seen = -1
    while time.monotonic() < deadline and proc.poll() is None:
        seen = _redone(db)
        if seen >= 1:
            break
        time.sleep(0.05)
    assert proc.poll() is None, f"reprocess ended before it could be killed: {proc.stderr.read().decode()[-2000:]}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stderr.close()

    after = _snapshot(db)
    assert after["orphans"] == 0 and after["articles"] == old["articles"]
    _assert_consistent(db)  # events carry their article's provenance; canonical events valid
    now_events = _events(db)
    redone = {aid for (aid,) in duckdb.connect(str(db), read_only=True).execute(
        "SELECT id FROM articles WHERE options LIKE ?", [f'%"{NEW}"%']).fetchall()}
    assert 1 <= len(redone) < total
    for aid in after["articles"]:  # each article whole: all old rows or all new rows
        ref, ref_events = (expected, expected_events) if aid in redone else (old, old_events)
        for table in PER_ARTICLE:
            assert after[table].get(aid, 0) == ref[table].get(aid, 0), (table, aid, aid in redone)
        assert now_events.get(aid, set()) == ref_events.get(aid, set()), aid

    rerun = subprocess.run(_cmd("reprocess", "--db", str(db), "--published", NEW, "--workers", "2"),
                           capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    left = total - len(redone)
    assert (f"{left} of {left} article(s) re-extracted, 0 failed, {len(redone)} already current "
            f"(of {total} matched)") in rerun.stderr
    final = _snapshot(db)
    for table in PER_ARTICLE:
        assert final[table] == expected[table], table
    assert _events(db) == expected_events
    _assert_consistent(db)
