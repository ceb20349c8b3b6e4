"""The local runner and ``eventwire ingest``: 1 vs 2 workers, the real store, idempotency,
skipping by URL and by content hash, failures rows, exit codes and the summary line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.ingest.dispatch import SourceOptions, iter_source
from eventwire.model import Article
from eventwire.pipeline import Failure
from eventwire.runners import IngestStats, Progress
from eventwire.runners.local import LocalRunner, ingest
from eventwire.store import Store

FIX = Path(__file__).parent / "fixtures" / "ingest"

#: Short hand-written English documents (a few sentences each).
TEXTS = {
    "a-talks.txt": "Talks stall in Istanbul\n\nNegotiators from Russia and Ukraine met in Istanbul on Tuesday "
                   "but failed to agree on a ceasefire, Turkish officials said.\n",
    "b-convoy.txt": "Aid reaches Kherson\n\nA United Nations convoy delivered food and medicine to Kherson on "
                    "Wednesday after days of shelling, officials said.\n",
    "c-arrests.txt": "Police detain protesters\n\nPolice in Minsk detained dozens of protesters on Sunday who "
                     "had gathered to demand the release of political prisoners.\n",
}


def make_corpus(root: Path) -> Path:
    """A directory with three text files, two HTML pages, a German page and a binary file."""
    root.mkdir(parents=True, exist_ok=True)
    for name, text in TEXTS.items():
        (root / name).write_text(text, encoding="utf-8")
    for name in ("talks.html", "latin1.html", "german.html"):
        shutil.copy(FIX / name, root / name)
    (root / "z-binary.txt").write_bytes(bytes(range(256)) * 8)
    return root


def table_counts(db: Path) -> dict[str, int]:
    """Rows per table, for "the same input twice changes nothing"."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema='main' AND table_type='BASE TABLE'"
        ).fetchall()]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        con.close()


def test_progress_modes(capsys):
    import io

    buf = io.StringIO()
    with Progress("lines", buf, interval=0) as p:
        p.update(IngestStats(read=3, stored=2, failed=1, seconds=1.0))
        p.note("eventwire: failed: x: why")
    assert "3 read, 2 stored, 0 skipped, 1 failed" in buf.getvalue()
    assert "eventwire: failed: x: why" in buf.getvalue()
    quiet = io.StringIO()
    with Progress.auto(quiet=True, stream=quiet) as p:
        p.update(IngestStats(read=1))
        p.note("nothing")
    assert quiet.getvalue() == ""
    assert Progress.auto(stream=io.StringIO()).mode == "plain"  # not a terminal: no progress
    bar = io.StringIO()
    with Progress("bar", bar) as p:  # what a terminal gets (rich), here into a buffer
        p.update(IngestStats(read=4, stored=3, failed=1, seconds=1.0))
        p.note("eventwire: failed: y: why")
    assert "eventwire: failed: y: why" in bar.getvalue()
    s = IngestStats(read=10, stored=7, skipped=2, failed=1, seconds=2.0)
    assert s.summary() == "10 read, 7 stored, 2 skipped as already stored, 1 failed in 2.0 s (5.0 docs/s)"


def _records(results) -> dict[str, str]:
    return {r.source: json.dumps(r.record(), sort_keys=True) for r in results if isinstance(r, Article)}


def test_inline_runner_language_and_failures(tmp_path):
    corpus = make_corpus(tmp_path / "in")
    arts = [a for a in iter_source(str(corpus)) if isinstance(a, Article)]
    with LocalRunner(workers=1) as runner:
        results = list(runner.map(arts))
    fails = [r for r in results if isinstance(r, Failure)]
    assert len(fails) == 1 and fails[0].stage == "language"
    assert fails[0].document.endswith("german.html")
    assert "language 'de' is not supported yet; only English" in fails[0].error
    ok = [r for r in results if isinstance(r, Article)]
    assert len(ok) == 5 and all(a.language == "en" for a in ok)
    assert all(a.sentences and all(s.span is None for s in a.sentences) for a in ok)


@pytest.mark.slow
def test_two_workers_give_the_same_records_as_one(tmp_path):
    corpus = make_corpus(tmp_path / "in")
    arts = [a for a in iter_source(str(corpus)) if isinstance(a, Article)]
    with LocalRunner(workers=1) as one:
        inline = _records(one.map(arts))
    arts = [a for a in iter_source(str(corpus)) if isinstance(a, Article)]
    with LocalRunner(workers=2) as two:
        parallel = list(two.map(arts))
    assert _records(parallel) == inline
    assert sum(isinstance(r, Failure) for r in parallel) == 1


def test_ingest_store_idempotent_and_failures_rows(tmp_path):
    corpus = make_corpus(tmp_path / "in")
    db = tmp_path / "ew.duckdb"
    first = ingest([str(corpus)], str(db))
    assert (first.read, first.stored, first.skipped, first.failed) == (7, 5, 0, 2)
    counts = table_counts(db)
    assert counts["articles"] == 5 and counts["failures"] == 2 and counts["runs"] == 1
    with Store(str(db), read_only=True) as st:
        for a in iter_source(str(corpus)):
            if isinstance(a, Article) and "german" not in a.source:
                assert st.has_article(a.hash)
    con = duckdb.connect(str(db), read_only=True)
    rows = dict(con.execute("SELECT document, error FROM failures").fetchall())
    con.close()
    assert any(d.endswith("german.html") and "not supported yet" in e for d, e in rows.items())
    assert any(d.endswith("z-binary.txt") and "binary data" in e for d, e in rows.items())
    second = ingest([str(corpus)], str(db))  # the same input again: nothing new
    assert (second.read, second.stored, second.skipped, second.failed) == (7, 0, 5, 2)
    after = table_counts(db)
    assert {k: v for k, v in after.items() if k not in ("runs", "failures")} == \
           {k: v for k, v in counts.items() if k not in ("runs", "failures")}
    assert after["runs"] == 2


def test_ingest_skips_duplicates_within_a_run(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "one.txt").write_text(TEXTS["a-talks.txt"])
    (d / "two.txt").write_text(TEXTS["a-talks.txt"])  # same text, another name
    stats = ingest([str(d)], str(tmp_path / "ew.duckdb"))
    assert (stats.stored, stats.skipped) == (1, 1)


def test_cli_ingest_exit_codes_and_summary(tmp_path):
    good = tmp_path / "good"
    good.mkdir()
    (good / "a.txt").write_text(TEXTS["a-talks.txt"])
    db = tmp_path / "ew.duckdb"
    cli = CliRunner()
    res = cli.invoke(app, ["ingest", str(good), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "1 read, 1 stored, 0 skipped as already stored, 0 failed in" in res.stderr
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 au lait\n")
    res = cli.invoke(app, ["ingest", str(good), str(bad), "--db", str(db), "--quiet"])
    assert res.exit_code == 1
    assert "2 read, 0 stored, 1 skipped as already stored, 1 failed" in res.stderr
    assert "not UTF-8" not in res.stderr  # --quiet: no per-document lines
    res = cli.invoke(app, ["ingest", str(bad), "--db", str(db)])
    assert res.exit_code == 1 and f"{bad}: not UTF-8 text" in res.stderr
    res = cli.invoke(app, ["ingest", str(good), "--db", str(db), "--map", "body=text"])
    assert res.exit_code == 1 and "unknown field 'body'" in res.stderr


def test_cli_ingest_dataset_with_mapping(tmp_path):
    db = tmp_path / "ew.duckdb"
    res = CliRunner().invoke(app, ["ingest", str(FIX / "dataset.csv"), "--db", str(db), "--map",
                                   "text=body,id=guid,title=headline,published=date,url=link,outlet=source"])
    assert res.exit_code == 1  # r3 has no text
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT input_id, url, published::VARCHAR FROM articles ORDER BY input_id").fetchall()
    con.close()
    assert rows == [("r1", "https://example.org/r1", "2022-03-29"), ("r2", "https://example.org/r2", "2022-08-01")]


def test_feed_entries_already_stored_are_not_fetched_again(tmp_path):
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    site = tmp_path / "site"
    site.mkdir()
    for name in ("talks.html", "latin1.html"):
        shutil.copy(FIX / name, site / name)
    hits: list[str] = []

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *a, **k):
            super().__init__(*a, directory=str(site), **k)

        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            super().do_GET()

        def log_message(self, *a):
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{srv.server_address[1]}"
    feed = (FIX / "feed.xml").read_text().replace("{base}", base)
    feed = "\n".join(ln for ln in feed.splitlines() if "/slow" not in ln and "/error500" not in ln)
    (site / "feed.xml").write_text(feed)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        db = tmp_path / "ew.duckdb"
        first = ingest([base + "/feed.xml"], str(db), options=SourceOptions(timeout=5))
        assert (first.stored, first.failed) == (2, 0)
        hits.clear()
        second = ingest([base + "/feed.xml"], str(db), options=SourceOptions(timeout=5))
        assert (second.stored, second.skipped) == (0, 2)
        assert hits == ["/feed.xml"]  # the entries were skipped by URL, before fetching
    finally:
        srv.shutdown()
        srv.server_close()
