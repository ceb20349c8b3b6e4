"""Live use: ``eventwire serve`` keeps answering while ``eventwire ingest`` (another process)
writes the same database, and shows the new events without a restart. Also the progress bar:
on a terminal (a real pseudo-terminal) ``ingest`` and ``extract DIR`` show one with a total and
an ETA; piped or ``--quiet``, nothing but the summary."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import webdb
from conftest import FIXTURES, SHARED, SEED

pytestmark = pytest.mark.slow
EXE = str(Path(sys.executable).with_name("eventwire"))


def _inputs(tmp_path: Path) -> Path:
    """A directory of documents to ingest: corpus articles when ../shared has them, else the
    ingest fixtures' pages and the hostile texts."""
    d = tmp_path / "in"
    d.mkdir()
    corpus = SHARED / "corpus" / "news"
    if corpus.is_dir():
        for f in sorted(corpus.glob("*.txt"))[:8]:
            shutil.copy(f, d / f.name)
    else:
        for name in ("talks.html", "latin1.html", "bom.html"):
            shutil.copy(FIXTURES / "ingest" / name, d / name)
    for i, text in enumerate(webdb.HOSTILE):
        (d / f"hostile-{i}.txt").write_text(text, encoding="utf-8")
    return d


def test_page_answers_during_a_concurrent_ingest(tmp_path, pipeline, seed_article):
    pytest.importorskip("fastapi")
    import httpx

    from eventwire.api.app import create_app
    from eventwire.store import Store
    from webserver import ServerThread

    db = tmp_path / "live.duckdb"
    webdb.write_articles(db, [seed_article])
    inputs = _inputs(tmp_path)
    n_docs = len(list(inputs.iterdir()))
    with ServerThread(create_app(db, refresh_interval=0.3)) as s, httpx.Client(base_url=s.url, timeout=60) as c:
        first = c.get("/api/live").json()
        proc = subprocess.Popen([EXE, "ingest", str(inputs), "--db", str(db), "--quiet"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        statuses, generations, during = [], {first["snapshot"]}, 0
        while proc.poll() is None:
            for path in ("/api/events", "/api/live", "/api/places", "/"):
                r = c.get(path, params={"page_size": 20} if path == "/api/events" else None)
                statuses.append(r.status_code)
                if path == "/api/live":
                    generations.add(r.json()["snapshot"])
            during += 1
            time.sleep(0.1)
        out, err = proc.communicate()
        assert proc.returncode == 0, err
        assert "locked" not in err
        assert during >= 3, "the ingest ended before the page was asked anything"
        assert set(statuses) == {200}, statuses
        with Store(db, read_only=True) as st:
            want = st.counts()
        deadline = time.monotonic() + 60
        live = c.get("/api/live").json()
        while (live["articles"], live["events"]) != (want["articles"], want["events"]) and time.monotonic() < deadline:
            time.sleep(0.2)
            live = c.get("/api/live").json()
        assert (live["articles"], live["events"]) == (want["articles"], want["events"])
        assert live["articles"] == 1 + n_docs and live["events"] > first["events"]
        assert live["snapshot"] > first["snapshot"] and len(generations | {live["snapshot"]}) >= 2
        total = c.get("/api/events").json()["total"]
        assert total == want["events"], "new events are in the API without a restart"


def _run_on_pty(args: list[str]) -> str:
    """Run a command with stderr (and stdin) on a pseudo-terminal; return what it wrote there."""
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=slave, stdin=slave,
                            env={**os.environ, "COLUMNS": "160", "TERM": "xterm"})
    os.close(slave)
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        elif proc.poll() is not None:
            break
    proc.wait(timeout=60)
    os.close(master)
    assert proc.returncode == 0, out.decode(errors="replace")
    return out.decode("utf-8", errors="replace")


def test_progress_bar_on_a_terminal_only(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEED, docs / SEED.name)
    shutil.copy(FIXTURES / "ingest" / "talks.html", docs / "talks.html")
    shown = _run_on_pty([EXE, "ingest", str(docs), "--db", str(tmp_path / "a.duckdb")])
    assert "2/2" in shown and "100%" in shown and "eta" in shown, shown
    assert "2 read, 2 stored" in shown
    shown = _run_on_pty([EXE, "extract", str(docs), "-f", "jsonl"])
    assert "extract" in shown and "2/2" in shown and "eta" in shown, shown
    quiet = _run_on_pty([EXE, "ingest", str(docs), "--db", str(tmp_path / "b.duckdb"), "--quiet"])
    assert "eta" not in quiet and "2/2" not in quiet and "2 read, 2 stored" in quiet
    piped = subprocess.run([EXE, "ingest", str(docs), "--db", str(tmp_path / "c.duckdb")],
                           capture_output=True, text=True)
    assert piped.returncode == 0
    assert piped.stderr.strip().splitlines() == [piped.stderr.strip()] and piped.stderr.startswith("eventwire: 2 read")
    piped = subprocess.run([EXE, "extract", str(docs), "-f", "jsonl"], capture_output=True, text=True)
    assert piped.returncode == 0 and piped.stderr == "" and len(piped.stdout.splitlines()) == 2
