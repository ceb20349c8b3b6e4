"""One test suite, two back ends: the local runner (``eventwire ingest``) and Spark in local mode
(``eventwire spark`` then ``eventwire ingest DIR``) run over the same inputs, the same assertions
run on both stores, and the two must hold the same rows: articles, events, mentions, entities,
places, quotes, report chains, canonical events and failures. Never a hard-coded event list: the
extractor changes, the two runners must not differ.

Spark runs in local mode (local[2], UI off, a temporary spark.local.dir, two shuffle partitions)
in one session for the module. Needs pyspark (``pip install 'eventwire[spark]'``) and Java.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import duckdb
import pytest

from conftest import FIXTURES, shared_path

pytest.importorskip("pyspark", reason="pyspark is not installed: pip install 'eventwire[spark]'")
if shutil.which("java") is None:
    pytest.skip("no java on PATH: Spark needs Java 17", allow_module_level=True)

from eventwire.ingest.dispatch import SourceOptions  # noqa: E402
from eventwire.runners.local import ingest  # noqa: E402
from eventwire.store import Store, schema  # noqa: E402
from eventwire.store.parquet import TABLES, load  # noqa: E402

#: Columns that hold when and by which run a row was written: they differ between the runners.
RUN_COLUMNS = {"articles": {"ingested_at", "run_id", "extracted_at"}, "failures": {"time", "run_id"},
               "canonical_events": {"updated"}}

TEXTS = {
    "a-talks.txt": "Talks stall in Istanbul\n\nNegotiators from Russia and Ukraine met in Istanbul on Tuesday "
                   "but failed to agree on a ceasefire, Turkish officials said.\n",
    "b-convoy.txt": "published: 2022-03-09\n---\nAid reaches Kherson\n\nA United Nations convoy delivered food "
                    "and medicine to Kherson on Wednesday after days of shelling, officials said.\n",
}
JSONL = [
    '{"id": "r1", "text": "Police in Minsk detained dozens of protesters on Sunday who had gathered to demand '
    'the release of political prisoners.", "published": "2022-03-06"}',
    "not json",
    '{"id": "r2", "text": "", "published": "2022-03-06"}',
    '{"id": "r3", "text": "Russian forces shelled Kharkiv on Thursday, killing two people, Ukrainian officials '
    'said.", "published": "2022-04-07"}',
]


def _warc(path: Path) -> None:
    """A WARC.gz with two HTML pages, an image, and a page whose gzip member is garbled."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    pages = [("http://example.org/talks", (FIXTURES / "ingest" / "talks.html").read_bytes(), "text/html"),
             ("http://example.org/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"),
             ("http://example.org/convoy", (FIXTURES / "ingest" / "bom.html").read_bytes(), "text/html")]
    starts = []
    for uri, body, ctype in pages:
        starts.append(buf.tell())
        http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http))
    data = bytearray(buf.getvalue())
    mid = (starts[2] + len(data)) // 2
    data[mid:mid + 32] = b"\xff" * 32
    path.write_bytes(bytes(data))


def make_inputs(root: Path) -> Path:
    """Text files (one with a header block), HTML pages (one German), a binary file, a JSONL file
    with a bad line and an empty text, and a WARC.gz with a corrupt record."""
    d = root / "docs"
    d.mkdir(parents=True)
    for name, text in TEXTS.items():
        (d / name).write_text(text, encoding="utf-8")
    shutil.copy(FIXTURES / "ingest" / "latin1.html", d / "latin1.html")
    shutil.copy(FIXTURES / "ingest" / "german.html", d / "german.html")
    (d / "z-binary.txt").write_bytes(bytes(range(256)) * 8)
    (d / "records.jsonl").write_text("\n".join(JSONL) + "\n", encoding="utf-8")
    _warc(d / "crawl.warc.gz")
    return d


def make_parquet(root: Path) -> Path:
    """A Parquet dataset (Spark only): a new article, a repeat of a JSONL record's text, a null text."""
    p = root / "extra.parquet"
    duckdb.sql(f"""COPY (SELECT * FROM (VALUES
        ('p1', 'Volunteers planted three hundred trees in a park in Oslo on Saturday morning.', DATE '2022-05-07'),
        ('p2', 'Russian forces shelled Kharkiv on Thursday, killing two people, Ukrainian officials said.', DATE '2022-04-07'),
        ('p3', NULL, NULL)) t(id, text, published)) TO '{p}' (FORMAT parquet)""")
    return p


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    from eventwire.runners.spark import session

    s = session("local[2]", local_dir=str(tmp_path_factory.mktemp("spark-local")), shuffle_partitions=2)
    yield s
    s.stop()


def rows(con, table: str, where: str = "true", keep_run_columns: bool = False) -> list[tuple]:
    """A table's rows (without the run columns unless asked), sorted."""
    cols = [c for c in schema.columns(table) if keep_run_columns or c not in RUN_COLUMNS.get(table, set())]
    sel = ", ".join(f'"{c}"' for c in cols)
    return sorted(con.execute(f"SELECT {sel} FROM {table} WHERE {where}").fetchall(), key=repr)


def parquet_rows(out: Path, table: str) -> list[tuple]:
    """Every column of a table of an output directory, read by DuckDB directly."""
    files = list((out / table).rglob("*.parquet"))
    if not files:
        return []
    cols = ", ".join(f'"{c}"' for c in schema.columns(table))
    return sorted(duckdb.sql(f"SELECT {cols} FROM read_parquet('{out / table}/**/*.parquet', "
                             f"hive_partitioning = true)").fetchall(), key=repr)


def local_store(inputs: list[str], db: Path) -> Path:
    """The local runner's store, relinked (the store's order-independent linking, docs/spark.md)."""
    ingest(inputs, str(db), workers=2)
    with Store(db) as st:
        st.relink()
    return db


def spark_store(spark, inputs: list[str], out: Path, db: Path):
    from eventwire.runners.spark import run

    stats = run(inputs, str(out), spark=spark, options=SourceOptions())
    load(out, db)
    return stats


@pytest.fixture(scope="module")
def fixture_runs(spark, tmp_path_factory):
    """The fixture inputs through both runners (Spark also reads the Parquet file), and Spark again."""
    root = tmp_path_factory.mktemp("spark-fixtures")
    docs, pq = make_inputs(root), make_parquet(root)
    local = local_store([str(docs)], root / "local.duckdb")
    stats = spark_store(spark, [str(docs), str(pq)], root / "out", root / "spark.duckdb")
    from eventwire.runners.spark import run

    run([str(docs), str(pq)], str(root / "out2"), spark=spark)
    return {"local": local, "spark": root / "spark.duckdb", "out": root / "out", "out2": root / "out2",
            "stats": stats, "docs": docs, "parquet": pq}


# --- the same assertions on both back ends ------------------------------------------------------

@pytest.mark.parametrize("backend", ["local", "spark"])
def test_each_backend_stores_articles_events_and_named_failures(fixture_runs, backend):
    docs = fixture_runs["docs"]
    with Store(fixture_runs[backend], read_only=True) as st:
        con = st.con
        n_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert n_articles >= 6
        assert con.execute("SELECT count(*) FROM events").fetchone()[0] > 0
        failed = {d: e for d, e in con.execute("SELECT document, error FROM failures").fetchall()}
        assert str(docs / "z-binary.txt") in failed
        assert str(docs / "german.html") in failed
        assert f"jsonl:{docs / 'records.jsonl'}#line 2" in failed
        assert "empty" in failed[f"jsonl:{docs / 'records.jsonl'}#r2"]
        assert any(d.startswith(f"warc:{docs / 'crawl.warc.gz'}@") and "corrupt" in e for d, e in failed.items())
        # every event's mention points into its article's text; every event has a canonical event
        for text, start, end, sentence in con.execute(
                "SELECT a.text, m.start, m.\"end\", m.text FROM event_mentions m JOIN articles a ON a.id = m.article_id"
        ).fetchall():
            assert text[start:end] == sentence
        assert con.execute("SELECT count(*) FROM events e LEFT JOIN canonical_events c ON c.id = e.canonical_id "
                           "WHERE c.id IS NULL").fetchone()[0] == 0
        assert con.execute("SELECT sum(event_count) FROM canonical_events").fetchone()[0] == \
            con.execute("SELECT count(*) FROM events").fetchone()[0]


def test_spark_gives_the_local_runners_rows(fixture_runs):
    """Same rows on both, but for the Parquet input only Spark reads (its article and failure)."""
    pq = f"parquet:{fixture_runs['parquet']}#"
    with Store(fixture_runs["local"], read_only=True) as a, Store(fixture_runs["spark"], read_only=True) as b:
        only = b.con.execute("SELECT id FROM articles WHERE source LIKE ?", [pq + "%"]).fetchall()
        assert len(only) == 1, "p1 is stored, p2 repeats a JSONL text (skipped), p3 failed"
        spark_only = f"'{only[0][0]}'"
        for table in TABLES:
            if table == "failures":
                got = rows(b.con, table, f"document NOT LIKE '{pq}%'")
            elif table == "articles":
                got = rows(b.con, table, f"id <> {spark_only}")
            elif table == "canonical_events":
                got = rows(b.con, table, f"id NOT IN (SELECT canonical_id FROM events WHERE article_id = {spark_only})")
            else:
                got = rows(b.con, table, f"article_id <> {spark_only}")
            assert got == rows(a.con, table), table
        assert b.con.execute("SELECT error FROM failures WHERE document = ?", [pq + "p3"]).fetchone()[0]
    stats = fixture_runs["stats"]
    assert (stats.stored, stats.skipped) == (a_count(fixture_runs["spark"]), 1)


def a_count(db: Path) -> int:
    with Store(db, read_only=True) as st:
        return st.con.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_output_has_the_stores_columns_partitioned_by_month(fixture_runs):
    out = fixture_runs["out"]
    for table in TABLES:
        files = list((out / table).rglob("*.parquet"))
        if not files:  # a table without rows (the fixtures hold no quotes) has no files
            assert table not in ("articles", "events", "failures", "canonical_events"), table
            continue
        cols = [r[0] for r in duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{files[0]}', hive_partitioning = false)").fetchall()]
        assert cols == schema.columns(table), table
        if table != "failures":
            months = {p.name for p in (out / table).iterdir() if p.is_dir()}
            assert months and all(m.startswith("month=") for m in months), table
    months = {p.name for p in (out / "articles").iterdir() if p.is_dir()}
    assert {"month=2022-03", "month=2022-04", "month=2022-05"} <= months
    published = duckdb.sql(f"SELECT DISTINCT strftime(published, '%Y-%m'), month FROM read_parquet("
                           f"'{out}/articles/*/*.parquet', hive_partitioning = true)").fetchall()
    assert all(p == m or (p is None and m == "unknown") for p, m in published)


def test_the_pipeline_is_built_once_per_worker_process(fixture_runs, spark):
    """Three runs of 32 extraction tasks each: every Python worker built its pipeline at most once."""
    from eventwire.runners.spark import worker_builds

    builds = worker_builds(spark)
    assert builds and all(n <= 1 for n in builds.values()), builds


def test_a_rerun_writes_the_same_rows(fixture_runs):
    for table in TABLES:
        assert parquet_rows(fixture_runs["out"], table) == parquet_rows(fixture_runs["out2"], table), table


def test_loading_the_output_twice_changes_nothing(fixture_runs, tmp_path):
    db = tmp_path / "twice.duckdb"
    load(fixture_runs["out"], db)
    first = {t: rows(duckdb.connect(str(db), read_only=True), t, keep_run_columns=True) for t in TABLES}
    stats = load(fixture_runs["out"], db)
    assert stats.stored == 0 and stats.skipped == stats.read - stats.failed
    con = duckdb.connect(str(db), read_only=True)
    assert {t: rows(con, t, keep_run_columns=True) for t in TABLES} == first


def test_loading_into_a_store_with_articles_links_them(fixture_runs, tmp_path):
    """Into a non-empty store, the loaded articles are linked as if ingested now: the result is
    the local runner's after relink."""
    db = tmp_path / "mixed.duckdb"
    ingest([str(fixture_runs["docs"] / "a-talks.txt")], str(db))
    stats = load(fixture_runs["out"], db)
    assert stats.skipped == 1 and stats.stored >= 6
    with Store(db) as st:
        loaded = {t: rows(st.con, t) for t in ("articles", "events", "canonical_events")}
        st.relink()
        assert {t: rows(st.con, t) for t in loaded} == loaded


# --- the whole corpus ---------------------------------------------------------------------------

@pytest.mark.slow
def test_corpus_same_events_entities_and_canonical_events(spark, tmp_path):
    news = shared_path("corpus", "news")
    local = local_store([str(news)], tmp_path / "local.duckdb")
    stats = spark_store(spark, [str(news)], tmp_path / "out", tmp_path / "spark.duckdb")
    assert stats.stored >= 25 and stats.failed == 0
    with Store(local, read_only=True) as a, Store(tmp_path / "spark.duckdb", read_only=True) as b:
        for table in TABLES:
            assert rows(b.con, table) == rows(a.con, table), table
        assert b.con.execute("SELECT count(*) FROM events").fetchone()[0] >= 100


# --- the benchmark's report ---------------------------------------------------------------------

def test_bench_spark_report_shape(tmp_path):
    """``eventwire bench --spark`` on a tiny corpus: the report's fields, no timing asserted."""
    from eventwire.bench_spark import format_spark_report, run_spark_bench

    report = run_spark_bench(FIXTURES / "seed", workers=[1], sizes=[3, 6], repeat=1, output=tmp_path / "b.json",
                              link_stage=False)
    assert report["schema"] == "eventwire-bench-spark/1" and report["sizes"] == [3, 6]
    assert [(r["workers"], r["articles"]) for r in report["runs"]] == [(1, 3), (1, 6)]
    for r in report["runs"]:
        assert r["failed"] == {"local": 0, "spark": 0}
        assert r["local"]["articles_per_s"] > 0 and r["spark"]["articles_per_s"] > 0 and r["ratio"] > 0
    assert set(report["growth"]["time_ratio"]["1"]) == {"local", "spark"}
    assert report["link_stage"] is None
    assert "spark/local" in format_spark_report(report)
    assert (tmp_path / "b.json").exists()


def test_cli_spark_and_ingest_dir(spark, tmp_path):
    """``eventwire spark`` (in this process's session) then ``eventwire ingest DIR``: summary lines,
    exit 1 when a document failed, one line for a missing input."""
    from typer.testing import CliRunner

    from eventwire.cli import app

    d = tmp_path / "in"
    d.mkdir()
    (d / "a-talks.txt").write_text(TEXTS["a-talks.txt"], encoding="utf-8")
    (d / "z-binary.txt").write_bytes(bytes(range(256)) * 8)
    cli = CliRunner()
    res = cli.invoke(app, ["spark", str(d), "--output", str(tmp_path / "out"), "--master", "local[2]"])
    assert res.exit_code == 1, res.output
    assert "1 stored" in res.stderr and "1 failed" in res.stderr
    lines = res.stderr.splitlines()
    assert f"eventwire: failed: {d / 'z-binary.txt'}: binary data, not a text document" in lines
    assert lines[-1].startswith(f"eventwire: all failures in {tmp_path / 'out'}/failures"), lines
    res = cli.invoke(app, ["ingest", str(tmp_path / "out"), "--db", str(tmp_path / "x.duckdb")])
    assert res.exit_code == 1 and "1 stored" in res.stderr, res.output
    with Store(tmp_path / "x.duckdb", read_only=True) as st:
        assert st.con.execute("SELECT document FROM failures").fetchall() == [(str(d / "z-binary.txt"),)]
    res = cli.invoke(app, ["spark", str(tmp_path / "nope"), "--output", str(tmp_path / "o2")])
    assert res.exit_code == 1 and "no such file or directory" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and not (tmp_path / "o2").exists()


def test_without_pyspark_the_command_says_how_to_install_it(monkeypatch, tmp_path):
    import sys

    from typer.testing import CliRunner

    from eventwire.cli import app

    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    res = CliRunner().invoke(app, ["spark", str(FIXTURES / "seed"), "--output", str(tmp_path / "o")])
    assert res.exit_code == 1
    assert res.stderr == "eventwire: error: pyspark is not installed: pip install 'eventwire[spark]'\n"


def test_ctrl_c_stops_the_run_and_removes_its_staging(spark, tmp_path):
    """The first Ctrl-C cancels the jobs: run() raises KeyboardInterrupt, the staging directory it
    was writing is removed, the handler it set is restored, and the given session still works."""
    import os
    import signal
    import threading
    import time

    from eventwire.runners.spark import STAGING, run

    d = tmp_path / "in"
    d.mkdir()
    for i in range(40):
        (d / f"{i:02d}.txt").write_text(TEXTS["a-talks.txt"] + f"Officials counted {i} delegates.\n", encoding="utf-8")
    out = tmp_path / "out"
    before = signal.getsignal(signal.SIGINT)

    def ctrl_c():  # as a terminal would, once the run writes its staging directory
        deadline = time.monotonic() + 120
        while not (out / STAGING).exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(os.getpid(), signal.SIGINT)

    t = threading.Thread(target=ctrl_c)
    t.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            run([str(d)], str(out), spark=spark)
    finally:
        t.join()
        spark.sparkContext.setLogLevel("ERROR")
    assert not (out / STAGING).exists() and not out.exists()  # the run made it; left empty: removed
    assert signal.getsignal(signal.SIGINT) == before
    assert spark.range(3).count() == 3
