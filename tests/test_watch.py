"""``eventwire watch`` against a real HTTP server on 127.0.0.1: conditional requests (304
honoured, no page fetched again), a feed that hangs (timeout), one that answers 500 and one
with broken XML (failures rows, backoff, the other feeds go on), stopping between articles, the
command's Ctrl-C, and ``serve --watch`` in one process."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import FIXTURES
from eventwire.runners.watch import Watcher, expand_feeds, parse_every
from eventwire.store import Store

PAGES = FIXTURES / "ingest"
WATCH = FIXTURES / "watch"
ETAG = '"feed-v1"'
LAST_MODIFIED = "Thu, 10 Mar 2022 10:00:00 GMT"


class Server:
    """A local server: /feed.xml (ETag, Last-Modified, 304), /hang.xml (never answers in time),
    /error.xml (500), /broken.xml (bad XML), and the pages of tests/fixtures/ingest."""

    def __init__(self):
        self.log: list[tuple[str, dict]] = []
        self.release = threading.Event()
        self.on_page = None  # called with the path of each page request
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                owner.log.append((self.path, dict(self.headers.items())))
                if self.path == "/feed.xml":
                    if self.headers.get("If-None-Match") == ETAG or self.headers.get("If-Modified-Since") == LAST_MODIFIED:
                        self.send_response(304)
                        self.send_header("ETag", ETAG)
                        self.end_headers()
                        return
                    body = (WATCH / "feed.xml").read_text(encoding="utf-8").replace("{base}", owner.base).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                    self.send_header("ETag", ETAG)
                    self.send_header("Last-Modified", LAST_MODIFIED)
                elif self.path == "/hang.xml":
                    owner.release.wait(10)
                    return
                elif self.path == "/error.xml":
                    self.send_response(500)
                    self.end_headers()
                    return
                elif self.path == "/broken.xml":
                    body = (WATCH / "broken.xml").read_bytes()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml")
                elif (PAGES / self.path.lstrip("/")).is_file() and self.path.endswith(".html"):
                    if owner.on_page is not None:
                        owner.on_page(self.path)
                    body = (PAGES / self.path.lstrip("/")).read_bytes()
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def paths(self) -> list[str]:
        return [p for p, _ in self.log]

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = Server()
    yield s
    s.close()


def _watcher(pipeline, feeds, db, **kw):
    return Watcher(feeds, db, factory=lambda config, knowledge_dirs: pipeline, note=lambda m: None, **kw)


def test_parse_every_and_feed_lists(tmp_path):
    assert parse_every("15m") == 900 and parse_every("90") == 90 and parse_every("2h") == 7200
    for bad in ("soon", "0", "-5m", ""):
        with pytest.raises(ValueError):
            parse_every(bad)
    lst = tmp_path / "feeds.txt"
    lst.write_text("# world news\nhttps://a.example/rss\n\nhttps://b.example/atom  # sport\nhttps://a.example/rss\n")
    feed = tmp_path / "local.xml"
    feed.write_text((WATCH / "feed.xml").read_text())
    assert expand_feeds([str(lst), str(feed), "https://c.example/feed"]) == [
        "https://a.example/rss", "https://b.example/atom", str(feed), "https://c.example/feed"]


def test_round_conditional_requests_failures_and_backoff(server, pipeline, tmp_path):
    db = tmp_path / "w.duckdb"
    b = server.base
    feeds = [f"{b}/hang.xml", f"{b}/error.xml", f"{b}/broken.xml", f"{b}/feed.xml"]
    w = _watcher(pipeline, feeds, db, every=60, timeout=1.0)
    first = w.poll_once()
    assert first.feeds == 4 and first.failed_feeds == 3 and first.stored == 3, first
    pages = [p for p in server.paths() if p.endswith(".html")]
    assert sorted(pages) == ["/bom.html", "/latin1.html", "/talks.html"]
    with Store(db, read_only=True) as st:
        urls = {r[0] for r in st.con.execute("SELECT url FROM articles").fetchall()}
        made = set(st.con.execute("SELECT eventwire, knowledge_hash FROM articles").fetchall())
        fails = {r[0]: r[1] for r in st.con.execute("SELECT document, error FROM failures").fetchall()}
        states = {r[0]: r[1:] for r in st.con.execute(
            "SELECT url, etag, last_modified, errors_in_row, next_check, status, articles FROM feeds").fetchall()}
    assert urls == {f"{b}/talks.html", f"{b}/latin1.html", f"{b}/bom.html"}
    from eventwire import __version__
    from eventwire.provenance import knowledge_hash

    assert made == {(__version__, knowledge_hash())}  # watch records what made each article too
    assert "timed out" in fails[f"{b}/hang.xml"]
    assert "HTTP 500" in fails[f"{b}/error.xml"]
    assert "not an RSS/Atom feed" in fails[f"{b}/broken.xml"] or "malformed" in fails[f"{b}/broken.xml"]
    assert states[f"{b}/feed.xml"][:3] == (ETAG, LAST_MODIFIED, 0) and states[f"{b}/feed.xml"][5] == 3
    now = dt.datetime.now(dt.timezone.utc)
    for bad in ("hang", "error", "broken"):
        etag, lm, errors, nxt, status, n = states[f"{b}/{bad}.xml"]
        assert errors == 1 and 100 < (nxt - now).total_seconds() <= 121, (bad, nxt)  # every × 2
    # nothing is due yet
    assert w.poll_once().feeds == 0
    # a forced round: the feed answers 304 to the validators it gave; no page is fetched again
    server.log.clear()
    again = w.poll_once(force=True)
    assert again.not_modified == 1 and again.stored == 0 and again.failed_feeds == 3
    feed_req = [h for p, h in server.log if p == "/feed.xml"]
    assert feed_req and feed_req[0].get("If-None-Match") == ETAG and feed_req[0].get("If-Modified-Since") == LAST_MODIFIED
    assert not [p for p in server.paths() if p.endswith(".html")]
    with Store(db, read_only=True) as st:
        errors = dict(st.con.execute("SELECT url, errors_in_row FROM feeds").fetchall())
        n_fail = st.con.execute("SELECT count(*) FROM failures WHERE list_contains(?, document)",
                                [[f"{b}/hang.xml", f"{b}/error.xml", f"{b}/broken.xml"]]).fetchone()[0]
    assert errors[f"{b}/error.xml"] == 2 and errors[f"{b}/feed.xml"] == 0
    assert n_fail == 6, "each failing check of a feed is a failures row"


def test_new_entries_only_and_stop_between_articles(server, pipeline, tmp_path):
    db = tmp_path / "w.duckdb"
    w = _watcher(pipeline, [f"{server.base}/feed.xml"], db, every=0.2, timeout=2.0)
    seen = []

    def page(path):
        seen.append(path)
        if len(seen) == 2:
            w.stop()  # Ctrl-C while the second article is on its way

    server.on_page = page
    t = threading.Thread(target=w.run_forever)
    t.start()
    t.join(timeout=120)
    assert not t.is_alive(), "the watcher did not stop"
    assert seen == ["/talks.html", "/latin1.html"], "the third page was never asked for"
    with Store(db, read_only=True) as st:
        assert st.con.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
        assert st.con.execute("SELECT count(*) FROM runs WHERE finished IS NULL").fetchone()[0] == 0
    # the next run takes only the entry not stored yet (the feed changed: a new ETag is not sent)
    server.on_page = None
    server.log.clear()
    with Store(db) as st:
        st.con.execute("UPDATE feeds SET etag = NULL, last_modified = NULL")
    w2 = _watcher(pipeline, [f"{server.base}/feed.xml"], db, every=60, timeout=2.0)
    assert w2.poll_once().stored == 1
    assert [p for p in server.paths() if p.endswith(".html")] == ["/bom.html"]


def test_local_feed_file_is_read_again_only_when_it_changes(server, pipeline, tmp_path):
    feed = tmp_path / "local.xml"
    feed.write_text((WATCH / "feed.xml").read_text().replace("{base}", server.base))
    db = tmp_path / "w.duckdb"
    w = _watcher(pipeline, [str(feed)], db, every=60, timeout=2.0)
    assert w.poll_once().stored == 3
    assert w.poll_once(force=True).not_modified == 1


@pytest.mark.slow
def test_watch_command_stops_cleanly_on_ctrl_c(server, tmp_path):
    lst = tmp_path / "feeds.txt"
    lst.write_text(f"{server.base}/feed.xml\n{server.base}/error.xml\n")
    db = tmp_path / "w.duckdb"
    exe = Path(sys.executable).with_name("eventwire")
    proc = subprocess.Popen([str(exe), "watch", str(lst), "--db", str(db), "--every", "1s", "--timeout", "5"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 180
        while server.paths().count("/feed.xml") < 2 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)  # a second round has started: the first one stored its articles
        assert server.paths().count("/feed.xml") >= 2, proc.stderr.read() if proc.poll() is not None else "no second round"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "stopping after the current article" in err and "stopped" in err and "Traceback" not in err
    with Store(db, read_only=True) as st:
        assert st.con.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
        assert st.con.execute("SELECT count(*) FROM failures WHERE document LIKE '%error.xml'").fetchone()[0] >= 1


def test_serve_watch_runs_both_in_one_process(server, pipeline, tmp_path):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from eventwire.api.app import create_app
    from eventwire.api.snapshot import Snapshots

    db = tmp_path / "w.duckdb"
    Store(db).close()
    snaps = Snapshots(db, interval=0.2)
    w = Watcher([f"{server.base}/feed.xml"], db, every=60, timeout=2.0, write_lock=snaps.write_lock,
                factory=lambda config, knowledge_dirs: pipeline, on_change=lambda: snaps.refresh(force=True),
                note=lambda m: None)
    snaps.open()
    try:
        with TestClient(create_app(db, snapshots=snaps, watcher=w)) as c:
            deadline = time.monotonic() + 120
            stats = c.get("/api/stats").json()
            while not (stats["articles"] == 3 and stats["feeds"] and stats["feeds"][0]["status"] == "ok") \
                    and time.monotonic() < deadline:
                assert c.get("/api/events").status_code == 200  # answering while the watcher writes
                time.sleep(0.2)
                stats = c.get("/api/stats").json()
            assert stats["articles"] == 3 and c.get("/api/live").json()["error"] is None
            feeds = stats["feeds"]  # the feed's row is saved after its articles
            assert feeds[0]["url"].endswith("/feed.xml") and feeds[0]["articles"] == 3
    finally:
        snaps.close()
    assert w.stopping, "the app stops its watcher on shutdown"
