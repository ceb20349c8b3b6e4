"""Malformed links and feed lists against a real HTTP server on 127.0.0.1: a space in a URL or a
bad IPv6 host is a one-line error naming the link and the batch goes on (``fetch``, a feed's
entries, ``ingest``, ``watch``); the watching loop survives a feed that raises; a feed list that
is not text is one clear error; failure lines carry no terminal controls."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import FIXTURES, SEED
from eventwire.errors import InputError
from eventwire.ingest.feeds import fetch
from eventwire.runners.watch import Watcher, expand_feeds
from eventwire.store import Store

PAGES = FIXTURES / "ingest"
EXE = Path(sys.executable).with_name("eventwire")


def _feed(base: str) -> str:
    """An RSS feed whose first two links are malformed and whose third is a real page."""
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            '<item><title>a</title><link>http://[::1/x</link></item>'
            f'<item><title>b</title><link>{base}/news/a b.html</link></item>'
            f'<item><title>c</title><link>{base}/talks.html</link></item>'
            '</channel></rss>')


class Server:
    """/bad.xml (the feed of :func:`_feed`) and the pages of tests/fixtures/ingest."""

    def __init__(self):
        self.paths: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                owner.paths.append(self.path)
                page = PAGES / self.path.lstrip("/")
                if self.path == "/bad.xml":
                    body, ctype = _feed(owner.base).encode(), "application/rss+xml"
                elif self.path.endswith(".html") and page.is_file():
                    body, ctype = page.read_bytes(), "text/html"
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = Server()
    yield s
    s.close()


@pytest.mark.parametrize("path", ["/news/a b.html", "/x\ny", None])
def test_fetch_malformed_url_is_input_error_naming_it(server, path):
    url = "http://[::1/x" if path is None else server.base + path
    with pytest.raises(InputError) as got:
        fetch(url, timeout=2.0)
    assert got.value.document == url and "cannot fetch it" in got.value.reason
    assert "\n" not in got.value.reason, "one line"
    assert fetch(f"{server.base}/talks.html", timeout=2.0).data  # the server itself answers


def test_watch_round_goes_on_after_malformed_links(server, pipeline, tmp_path):
    db = tmp_path / "w.duckdb"
    notes: list[str] = []
    w = Watcher([f"{server.base}/bad.xml"], db, every=60, timeout=2.0,
                factory=lambda config, knowledge_dirs: pipeline, note=notes.append)
    stats = w.poll_once()
    assert (stats.stored, stats.failed, stats.failed_feeds) == (1, 2, 0), stats
    with Store(db, read_only=True) as st:
        urls = [r[0] for r in st.con.execute("SELECT url FROM articles").fetchall()]
        fails = dict(st.con.execute("SELECT document, error FROM failures").fetchall())
    assert urls == [f"{server.base}/talks.html"]
    assert set(fails) == {"http://[::1/x", f"{server.base}/news/a b.html"}
    assert all(len(n.splitlines()) == 1 for n in notes) and len(notes) == 2, notes


def test_watch_loop_survives_a_feed_that_raises(server, pipeline, tmp_path):
    """A NUL byte in a feed's name made ``Path.stat`` raise ValueError, which ended the thread."""
    db = tmp_path / "w.duckdb"
    notes: list[str] = []
    w = Watcher(["bad\x00name.xml", f"{server.base}/bad.xml"], db, every=0.3, max_backoff=0.3, timeout=2.0,
                factory=lambda config, knowledge_dirs: pipeline, note=notes.append)
    t = threading.Thread(target=w.run_forever, daemon=True)
    t.start()
    try:
        deadline = time.monotonic() + 120
        while w.rounds < 3 and t.is_alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert t.is_alive() and w.rounds >= 3, notes
    finally:
        w.stop()
        t.join(timeout=60)
    with Store(db, read_only=True) as st:
        assert st.con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
        status = dict(st.con.execute("SELECT url, status FROM feeds").fetchall())
    assert "not a file name" in status["bad\x00name.xml"]
    assert any("bad" in n and "not a file name" in n and "\x00" not in n for n in notes), notes


def test_feed_list_that_is_not_text_is_one_error(tmp_path):
    binary = tmp_path / "feeds.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(InputError) as got:
        expand_feeds([str(binary)])
    assert got.value.document == str(binary) and "nor a text list of feeds" in got.value.reason
    with pytest.raises(InputError):
        expand_feeds(["list\x00.txt"])


def test_ingest_command_goes_on_after_a_malformed_url(server, tmp_path):
    good2 = tmp_path / "good2.txt"
    good2.write_text("Police arrested 40 protesters in Minsk on Sunday, a rights group said.\n")
    feed = tmp_path / "bad.rss"
    feed.write_text(_feed(server.base))
    db = tmp_path / "x.duckdb"
    r = subprocess.run([str(EXE), "ingest", str(SEED), "http://exa mple.com/x", str(feed), str(good2),
                        "--db", str(db)], capture_output=True, text=True, timeout=300)
    assert "Traceback" not in r.stderr, r.stderr
    assert "http://exa mple.com/x: cannot fetch it" in r.stderr
    assert "http://[::1/x: cannot fetch it" in r.stderr and "a b.html: cannot fetch it" in r.stderr
    with Store(db, read_only=True) as st:
        sources = {r[0] for r in st.con.execute("SELECT source FROM articles").fetchall()}
    assert {str(SEED), str(good2), f"{server.base}/talks.html"} <= sources, sources


def test_watch_command_bad_lists_and_clean_failure_lines(server, tmp_path):
    db = tmp_path / "w.duckdb"
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x0c\xce\xd0\x98\x00\x1b]0;owned\x07\n" * 20)
    r = subprocess.run([str(EXE), "watch", str(binary), "--once", "--db", str(db)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.strip().splitlines() == [
        f"eventwire: error: {binary}: neither a feed nor a text list of feeds (binary, or not UTF-8 text)"]
    lst = tmp_path / "feeds.txt"
    lst.write_text(f"{tmp_path}/\x1b]0;owned\x07missing.xml\n{server.base}/bad.xml\n")
    r = subprocess.run([str(EXE), "watch", str(lst), "--once", "--db", str(db), "--timeout", "5"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr, repr(r.stderr)
    assert "missing.xml: cannot read" in r.stderr and "http://[::1/x: cannot fetch it" in r.stderr
    assert "1 article(s) stored" in r.stderr and "2 failed" in r.stderr, r.stderr


@pytest.mark.parametrize("command", ["watch", "ingest"])
@pytest.mark.parametrize("value", ["-1", "0", "nan", "inf"])
def test_timeout_must_be_a_positive_number_of_seconds(command, value, tmp_path):
    from typer.testing import CliRunner

    from eventwire.cli import app

    feed = tmp_path / "f.rss"
    feed.write_text(_feed("http://127.0.0.1:9"))
    once = ["--once"] if command == "watch" else []
    r = CliRunner().invoke(app, [command, str(feed), *once, "--db", str(tmp_path / "t.duckdb"), "--timeout", value])
    assert r.exit_code == 2 and "not a number of seconds > 0" in r.output, r.output
    assert not (tmp_path / "t.duckdb").exists(), "refused before anything ran"
