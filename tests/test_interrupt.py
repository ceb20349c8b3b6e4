"""Ctrl-C during ``eventwire ingest -w 2``: a real process, a real SIGINT to its process group
(as a terminal sends it, workers included). Before: two ~20-line KeyboardInterrupt tracebacks
from the workers. Now: a clean stop between articles, one line saying how many were stored,
exit 130, only whole articles in the database, and a rerun that completes the rest."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time

import pytest

from test_crash import DOCS, _cmd, _corpus, _count_articles, _snapshot, ROUNDS

pytestmark = pytest.mark.slow


def test_ctrl_c_stops_between_articles_with_one_line_and_exit_130(tmp_path):
    corpus = _corpus(tmp_path / "in")
    db = tmp_path / "news.duckdb"
    proc = subprocess.Popen(_cmd("ingest", str(corpus), "--db", str(db), "--workers", "2"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)  # its own process group, as a shell job has
    deadline = time.monotonic() + 180
    seen = -1
    while time.monotonic() < deadline and proc.poll() is None:
        seen = _count_articles(db)
        if seen >= 1:
            break
        time.sleep(0.05)
    assert proc.poll() is None, f"ingest ended before Ctrl-C: {proc.stderr.read()[-2000:]}"
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C on a terminal does
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err[-3000:]
    assert out == ""
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err[-3000:]
    lines = [ln for ln in err.splitlines() if ln.strip()]
    stops = [ln for ln in lines if "interrupted" in ln]
    assert len(stops) == 1 and lines[-1] == stops[0], lines[-5:]
    assert any("stopping after the articles in progress" in ln for ln in lines)  # acknowledged at once
    m = re.fullmatch(r"eventwire: interrupted: (\d+) stored, 0 skipped as already stored, 0 failed "
                     r"of (\d+) read in [\d.]+ s; run the same command again to go on \(what is "
                     r"stored is skipped\)", stops[0])
    assert m, stops[0]
    stored, read = int(m.group(1)), int(m.group(2))
    total = ROUNDS * len(DOCS)
    assert 1 <= stored == read < total  # stopped early; every article started was finished
    snap = _snapshot(db)
    assert snap["orphans"] == 0 and len(snap["articles"]) == stored

    rerun = subprocess.run(_cmd("ingest", str(corpus), "--db", str(db), "--workers", "2", "--quiet"),
                           capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert f"{total} read, {total - stored} stored, {stored} skipped as already stored, 0 failed" in rerun.stderr


def test_a_stop_counts_only_articles_it_finished(tmp_path, monkeypatch):
    """The stop callable (what Ctrl-C sets) after eight articles: those dropped from the queue
    before a worker took them are not counted as read, so "N stored of M read" has N == M and
    the rerun reads them. The runner is made never "full", so the eight are all submitted at
    once and some are usually still queued when the stop comes (as happened on a busy machine;
    on an idle one the workers may have taken all eight: then nothing is dropped)."""
    from eventwire.runners.local import LocalRunner, ingest

    monkeypatch.setattr(LocalRunner, "full", lambda self: False)

    corpus = _corpus(tmp_path / "in")
    db = tmp_path / "news.duckdb"
    calls = []

    def stop() -> bool:
        calls.append(1)
        return len(calls) > 8  # eight articles submitted, then a stop request

    stats = ingest([str(corpus)], str(db), workers=2, stop=stop)
    assert stats.interrupted
    assert 1 <= stats.stored == stats.read <= 8 and stats.failed == stats.skipped == 0
    assert len(_snapshot(db)["articles"]) == stats.stored
    again = ingest([str(corpus)], str(db), workers=2)
    total = ROUNDS * len(DOCS)
    assert (again.read, again.stored, again.skipped) == (total, total - stats.stored, stats.stored)


def test_a_stop_after_every_document_was_read_still_stops(tmp_path, monkeypatch):
    """A Ctrl-C that comes after the last document was handed to the workers (one long document
    in progress) is not lost: the run reports itself interrupted and drops what no worker has
    started. The stop callable turns True only once the reading loop is over."""
    from eventwire.runners.local import LocalRunner, ingest

    monkeypatch.setattr(LocalRunner, "full", lambda self: False)  # every document submitted at once
    corpus = _corpus(tmp_path / "in")
    total = ROUNDS * len(DOCS)
    db = tmp_path / "news.duckdb"
    calls = []

    def stop() -> bool:
        calls.append(1)
        return len(calls) > total  # the reading loop asks once per document; then the drain asks

    stats = ingest([str(corpus)], str(db), workers=2, stop=stop)
    assert stats.interrupted and len(calls) > total
    assert stats.stored == stats.read <= total and stats.failed == stats.skipped == 0
    assert len(_snapshot(db)["articles"]) == stats.stored


def test_runner_drops_only_articles_no_worker_has_started(tmp_path):
    """LocalRunner.cancel_queued with more articles submitted than the workers and the pool's
    queue hold: it drops some, and exactly the others come out of collect."""
    from eventwire.model import Article
    from eventwire.runners.local import LocalRunner

    arts = [Article(id=f"a{i}", text=f"Report {i}\n\n{DOCS[i % len(DOCS)]}\n") for i in range(10)]
    with LocalRunner(workers=2, window=10) as runner:
        for art in arts:
            runner.submit(art)
        dropped = runner.cancel_queued()
        results = []
        while runner.pending():
            results.extend(runner.collect())
    assert dropped >= 1 and len(results) == len(arts) - dropped
    assert len({r.id for r in results}) == len(results)
