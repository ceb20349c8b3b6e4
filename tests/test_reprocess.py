"""Reprocessing a store (issue 11): provenance on every article and event (schema 4), ``ingest``
telling when stored articles were made differently, ``ingest --force`` and ``eventwire
reprocess`` replacing an extraction in one transaction and re-linking canonical events.

Before: a stored article was skipped by content hash whatever changed ("1 skipped as already
stored"), and nothing recorded what had made it."""

from __future__ import annotations

import io
import json
import shutil

import duckdb
import pytest
from typer.testing import CliRunner

from eventwire import __version__
from eventwire.provenance import Provenance, current, knowledge_hash
from eventwire.store import SCHEMA_VERSION, Store

#: A short story of our own whose dates are relative ("on Sunday"): a new --published moves them.
STORY = ("Police detain protesters in Tbilisi\n\n"
         "Police detained dozens of protesters outside parliament in Tbilisi on Sunday, the interior "
         "ministry said. The protesters had demanded the release of an opposition leader.\n")
OTHER = ("Grain ships leave Odesa\n\n"
         "Three ships carrying grain left the port of Odesa on Monday under a deal brokered by Turkey "
         "and the United Nations, officials said.\n")


def _cli(args: list[str]):
    from eventwire.cli import app

    res = CliRunner().invoke(app, args, catch_exceptions=True)
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    assert "Traceback" not in res.stderr
    return res


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "tbilisi.txt").write_text("outlet: Example Wire\n---\n" + STORY, encoding="utf-8")
    (d / "odesa.txt").write_text("outlet: Other Post\npublished: 2022-08-01\n---\n" + OTHER, encoding="utf-8")
    return d


def _rows(db, sql, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def _assert_consistent(db) -> None:
    """Every event has its article's provenance; canonical events are exactly their members."""
    assert _rows(db, "SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id WHERE "
                     "e.eventwire IS DISTINCT FROM a.eventwire OR e.knowledge_hash IS DISTINCT FROM "
                     "a.knowledge_hash OR e.options IS DISTINCT FROM a.options") == [(0,)]
    assert _rows(db, "SELECT count(*) FROM events WHERE canonical_id NOT IN (SELECT id FROM canonical_events)") == [(0,)]
    assert _rows(db, "SELECT count(*) FROM canonical_events c WHERE event_count <> "
                     "(SELECT count(*) FROM events e WHERE e.canonical_id = c.id)") == [(0,)]
    assert _rows(db, "SELECT count(*) FROM canonical_events c WHERE c.id <> "
                     "(SELECT 'c' || min(e.id) FROM events e WHERE e.canonical_id = c.id)") == [(0,)]


def test_every_article_and_event_records_what_made_it(corpus, tmp_path):
    db = tmp_path / "news.duckdb"
    res = _cli(["ingest", str(corpus), "--db", str(db), "--quiet", "--published", "2024-05-06"])
    assert res.exit_code == 0, res.stderr
    arts = _rows(db, "SELECT eventwire, knowledge_hash, options FROM articles")
    now = current([], __import__("datetime").date(2024, 5, 6))
    assert arts == [(__version__, knowledge_hash([]), now.options_json)] * 2
    assert json.loads(arts[0][2])["published"] == "2024-05-06" and json.loads(arts[0][2])["model"]
    assert _rows(db, "SELECT count(*) FROM events")[0][0] >= 2
    _assert_consistent(db)


def test_knowledge_hash_is_stable_and_sees_user_files(tmp_path):
    assert knowledge_hash() == knowledge_hash([]) and len(knowledge_hash()) == 16
    user = tmp_path / "k"
    user.mkdir()
    (user / "agents.tsv").write_text("noun\tplural\tsector\nwidget maker\twidget makers\tBUS\n", encoding="utf-8")
    with_user = knowledge_hash([user])
    assert with_user != knowledge_hash()
    (user / "notes.txt").write_text("not knowledge", encoding="utf-8")  # not a knowledge file
    assert knowledge_hash([user]) == with_user
    (user / "agents.tsv").write_text("noun\tplural\tsector\nwidget maker\twidget makers\tGOV\n", encoding="utf-8")
    assert knowledge_hash([user]) != with_user


def test_ingest_says_when_stored_articles_were_made_differently_and_force_updates_them(corpus, tmp_path):
    db = tmp_path / "news.duckdb"
    assert _cli(["ingest", str(corpus), "--db", str(db), "--quiet"]).exit_code == 0
    dates = {d for (d,) in _rows(db, "SELECT date FROM events e JOIN articles a ON a.id = e.article_id "
                                     "WHERE a.outlet = 'Example Wire'")}
    assert dates == {None}  # no publication date: "on Sunday" stays unresolved

    res = _cli(["ingest", str(corpus), "--db", str(db), "--quiet", "--published", "2024-05-06"])
    assert res.exit_code == 0
    lines = res.stderr.strip().splitlines()
    assert lines[0].startswith("eventwire: 2 read, 0 stored, 2 skipped as already stored, 0 failed")
    assert len(lines) == 2 and "2 of the articles skipped as already stored were made by another" in lines[1]
    assert "made without --published: 2" in lines[1]
    assert f"'eventwire reprocess --db {db} --published 2024-05-06'" in lines[1] and "--force" in lines[1]

    res = _cli(["ingest", str(corpus), "--db", str(db), "--quiet", "--published", "2024-05-06", "--force"])
    assert res.exit_code == 0, res.stderr
    assert "2 read, 2 stored (2 re-extracted), 0 skipped" in res.stderr
    dates = {str(d) for (d,) in _rows(db, "SELECT date FROM events e JOIN articles a ON a.id = e.article_id "
                                          "WHERE a.outlet = 'Example Wire'")}
    assert "2024-05-05" in dates  # Sunday before Monday 6 May 2024
    assert _rows(db, "SELECT count(*) FROM articles") == [(2,)]
    _assert_consistent(db)
    res = _cli(["ingest", str(corpus), "--db", str(db), "--quiet", "--published", "2024-05-06"])
    assert res.stderr.strip().count("\n") == 0  # all current now: no note


def test_reprocess_replaces_only_outdated_articles_and_filters_safely(corpus, tmp_path):
    db = tmp_path / "news.duckdb"
    assert _cli(["ingest", str(corpus), "--db", str(db), "--quiet"]).exit_code == 0
    before = _rows(db, "SELECT id, title FROM articles ORDER BY id")

    res = _cli(["reprocess", "--db", str(db)])  # everything is current
    assert res.exit_code == 0 and "0 of 0 article(s) re-extracted, 0 failed, 2 already current" in res.stderr

    for payload in ("x' OR '1'='1", "%", "x_y", "'; DROP TABLE events; --"):  # values, never SQL
        for opt in ("--outlet", "--source", "--id", "--version"):
            res = _cli(["reprocess", "--db", str(db), "--all", opt, payload])
            assert res.exit_code == 0, (opt, payload, res.stderr)
            assert "(of 0 matched)" in res.stderr, (opt, payload, res.stderr)
    assert _rows(db, "SELECT id, title FROM articles ORDER BY id") == before

    res = _cli(["reprocess", "--db", str(db), "--outlet", "example wire", "--published", "2024-05-06"])
    assert res.exit_code == 0, res.stderr
    assert "1 of 1 article(s) re-extracted, 0 failed, 0 already current (of 1 matched)" in res.stderr
    opts = dict(_rows(db, "SELECT outlet, options FROM articles"))
    assert json.loads(opts["Example Wire"])["published"] == "2024-05-06"
    assert json.loads(opts["Other Post"])["published"] is None  # not matched: untouched
    assert {str(d) for (d,) in _rows(db, "SELECT published FROM articles WHERE outlet = 'Example Wire'")} == {"2024-05-06"}
    _assert_consistent(db)

    res = _cli(["reprocess", "--db", str(db), "--since", "2022-08", "--until", "2022-08-31", "--all"])
    assert "1 of 1 article(s) re-extracted" in res.stderr  # Other Post, published 2022-08-01
    res = _cli(["reprocess", "--db", str(db), "--version", __version__, "--all"])
    assert "2 of 2 article(s) re-extracted" in res.stderr
    res = _cli(["reprocess", "--db", str(db), "--version", "unknown", "--all"])
    assert "(of 0 matched)" in res.stderr
    aid = before[0][0]
    res = _cli(["reprocess", "--db", str(db), "--id", aid, "--all"])
    assert "1 of 1 article(s) re-extracted" in res.stderr
    res = _cli(["reprocess", "--db", str(db), "--since", "March"])
    assert res.exit_code == 1 and "--since 'March' is not a date" in res.stderr
    res = _cli(["reprocess", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 1 and "no such database" in res.stderr


def test_migration_from_schema_3_fills_the_version_and_ingest_reports_the_rest(corpus, tmp_path):
    db = tmp_path / "v3.duckdb"
    assert _cli(["ingest", str(corpus), "--db", str(db), "--quiet"]).exit_code == 0
    con = duckdb.connect(str(db))  # make it a version-3 file: no provenance columns
    con.execute("DROP VIEW event_rows")
    for (name,) in con.execute("SELECT index_name FROM duckdb_indexes()").fetchall():
        con.execute(f"DROP INDEX {name}")  # DuckDB drops no column of an indexed table
    for table, cols in {"articles": ["eventwire", "knowledge_hash", "options", "extracted_at"],
                        "events": ["eventwire", "knowledge_hash", "options"]}.items():
        for c in cols:
            con.execute(f"ALTER TABLE {table} DROP COLUMN {c}")
    con.execute("DELETE FROM schema_version")
    con.execute("INSERT INTO schema_version VALUES (3, now(), '0.0.9')")
    con.execute("UPDATE runs SET eventwire = '0.0.9'")
    con.close()
    with Store(db) as st:  # migrates
        assert st.con.execute("SELECT max(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION == 4
        assert set(st.con.execute("SELECT eventwire, knowledge_hash, options FROM articles").fetchall()) == {("0.0.9", None, None)}
        assert set(st.con.execute("SELECT eventwire FROM events").fetchall()) == {("0.0.9",)}
    res = _cli(["ingest", str(corpus), "--db", str(db), "--quiet"])
    assert "eventwire 0.0.9: 2" in res.stderr and "unrecorded knowledge files: 2" in res.stderr
    res = _cli(["reprocess", "--db", str(db), "--version", "0.0.9", "-w", "1"])
    assert res.exit_code == 0 and "2 of 2 article(s) re-extracted" in res.stderr
    _assert_consistent(db)


def test_reprocess_keeps_canonical_events_whole_when_a_linked_article_changes(tmp_path):
    """Two reports of one event link into one canonical event; re-extracting one of them (with a
    date that no longer matches) must leave valid canonical events: no dangling ids, counts
    equal to members, ids named after their smallest member."""
    d = tmp_path / "in"
    d.mkdir()
    a = ("Rebels attack army base\n\nRebels attacked an army base near Goma on Sunday, killing three "
         "soldiers, the army said.\n")
    b = ("Army base attacked near Goma\n\nThree soldiers were killed on Sunday when rebels attacked an "
         "army base near Goma, a spokesman for the army told reporters.\n")
    (d / "a.txt").write_text("outlet: Wire A\npublished: 2024-05-06\n---\n" + a, encoding="utf-8")
    (d / "b.txt").write_text("outlet: Wire B\npublished: 2024-05-06\n---\n" + b, encoding="utf-8")
    db = tmp_path / "goma.duckdb"
    assert _cli(["ingest", str(d), "--db", str(db), "--quiet"]).exit_code == 0
    _assert_consistent(db)
    shared = _rows(db, "SELECT count(*) FROM canonical_events WHERE report_count = 2")[0][0]
    assert shared >= 1  # the two reports are one event
    for pub in ("2023-01-01", "2024-05-06"):
        res = _cli(["reprocess", "--db", str(db), "--outlet", "Wire A", "--published", pub])
        assert res.exit_code == 0 and "1 of 1 article(s) re-extracted" in res.stderr, res.stderr
        _assert_consistent(db)
    assert _rows(db, "SELECT count(*) FROM canonical_events WHERE report_count = 2")[0][0] == shared


def test_progress_bar_only_on_a_terminal_and_not_quiet():
    from eventwire.runners.reprocess import ReprocessProgress, ReprocessStats

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    for stream, quiet, shown in ((Tty(), False, True), (Tty(), True, False), (io.StringIO(), False, False)):
        p = ReprocessProgress(quiet, stream)
        p.start(10)
        p.update(ReprocessStats(done=4, failed=1))
        p.stop()
        assert ("re-extracting" in stream.getvalue()) is shown, (quiet, stream.getvalue()[:200])


def test_provenance_differences_name_what_changed():
    now = Provenance("1.0", "k1", {"published": None, "model": "m 1"})
    assert now.differences("1.0", "k1", now.options_json) == []
    assert now.differences("0.9", "k2", '{"model":"m 1","published":"2022-03-10"}') == [
        "eventwire 0.9", "other knowledge files", "made with --published 2022-03-10"]
    assert now.differences(None, None, None) == [
        "an eventwire that did not record its version", "unrecorded knowledge files", "unrecorded options"]


def test_store_copy_is_untouched_by_a_failed_reprocess(corpus, tmp_path, monkeypatch):
    """A write that fails leaves the old extraction whole (one transaction per article)."""
    from eventwire.store import store as store_mod

    db = tmp_path / "news.duckdb"
    assert _cli(["ingest", str(corpus), "--db", str(db), "--quiet"]).exit_code == 0
    snapshot = tmp_path / "before.duckdb"
    shutil.copy(db, snapshot)
    before = _rows(db, "SELECT id, event_type, date, eventwire, options FROM events ORDER BY id")

    def broken(self, *a, **k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store_mod.Store, "_write_extraction", broken)
    res = _cli(["reprocess", "--db", str(db), "--all", "--published", "2024-05-06"])
    assert res.exit_code == 1 and "0 of 2 article(s) re-extracted, 2 failed" in res.stderr
    assert _rows(db, "SELECT id, event_type, date, eventwire, options FROM events ORDER BY id") == before
    assert _rows(db, "SELECT count(*) FROM failures WHERE stage = 'store'") == [(2,)]
    _assert_consistent(db)


def test_readme_ingest_example_returns_what_it_promises(tmp_path):
    """README.md, "Store articles and query them": its own commands, run as written (with a
    database in a temporary directory), list the Mariupol hospital attack dated 9 March from
    "on Wednesday"; without the publication date that relative date stays unknown and the query
    returns fewer events (the issue: "returns 1 row instead of 4")."""
    import re
    import shlex

    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"\*\*Store articles and query them\*\*.*?```\n(.*?)```", readme, re.S).group(1)
    ingest_line, events_line = [ln for ln in block.splitlines() if ln.startswith("eventwire ")]
    assert "--published 2022-03-10" in ingest_line
    db = str(tmp_path / "news.duckdb")

    def run(line: str, drop: tuple[str, ...] = ()) -> str:
        args = shlex.split(line)[1:]
        for opt in drop:
            i = args.index(opt)
            del args[i:i + 2]
        args = [str(ROOT / a) if a.startswith("examples/") else db if a == "news.duckdb" else a for a in args]
        res = _cli(args + (["-f", "jsonl"] if args[0] == "events" else ["--quiet"]))
        assert res.exit_code == 0, res.stderr
        return res.stdout

    def hospital(evs):
        return [e for e in evs if e["date"] == "2022-03-09" and e["date_text"] == "Wednesday"
                and (e["location"] or {}).get("name") == "Mariupol"]

    run(ingest_line)
    dated = [json.loads(ln) for ln in run(events_line).splitlines()]
    assert dated and {e["event_type"] for e in dated} == {"ASSAULT"}
    assert hospital(dated), [(e["date"], e["date_text"], (e["location"] or {}).get("name")) for e in dated]
    assert "Mariupol" in readme  # what the README promises

    db = str(tmp_path / "undated.duckdb")
    run(ingest_line, drop=("--published",))
    undated = [json.loads(ln) for ln in run(events_line).splitlines()]
    assert not hospital(undated) and len(undated) < len(dated)
