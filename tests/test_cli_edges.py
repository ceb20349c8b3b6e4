"""Edges of the store commands that used to crash or leave litter: each gives one line naming
what is wrong, exit 1, and no traceback (STYLE.md, "Thin CLI"). Articles are built by hand
(no NLP) except where ``ingest`` itself must run."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from conftest import SEED
from eventwire.model import Article, Entity, Event, Mention
from eventwire.store import Store


def _cli(args: list[str]):
    from eventwire.cli import app

    res = CliRunner().invoke(app, args, catch_exceptions=True)
    err = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    return res.exit_code, res.stdout, err


def _one_line(err: list[str], *words: str) -> None:
    assert len(err) == 1 and err[0].startswith("eventwire: error: "), err
    for w in words:
        assert w in err[0], err


def _article(i: int) -> Article:
    sent = (f"Police detained {i} protesters outside parliament in Tbilisi on Sunday, the interior "
            f"ministry said in its statement number {i}, adding that officers had been hurt.")
    text = f"Protests {i}\n\n{sent}\n" + "Residents watched from the street. " * 40 + "\n"
    start = text.index(sent)
    art = Article(text=text, source=f"a{i}.txt", title=f"Protests {i}", published=dt.date(2024, 5, 1))
    art.events.append(Event("ARREST", quad="material conflict", score=-5.0,
                            actor=[Entity("Police", start, start + 6, name="Police", country="GEO")],
                            date=dt.date(2024, 5, 1), date_precision="day",
                            mentions=[Mention(sent, start, start + len(sent), "detained", "body",
                                              start + 7, start + 15)]))
    return art


@pytest.fixture(scope="module")
def damaged_db(tmp_path_factory):
    """A real database with 60 articles, cut to 40% of its size: DuckDB opens it (the header and
    catalog are whole) and fails when a query reaches the lost blocks."""
    d = tmp_path_factory.mktemp("damaged")
    good = d / "good.duckdb"
    with Store(good) as st:
        run = st.start_run(["test"])
        for i in range(60):
            st.write_article(_article(i), run)
    data = good.read_bytes()
    cut = d / "cut.duckdb"
    cut.write_bytes(data[: int(len(data) * 0.4)])
    return good, cut


def test_ingest_of_a_missing_path_creates_no_database(tmp_path):
    db = tmp_path / "x.duckdb"
    missing = tmp_path / "nope.txt"
    code, out, err = _cli(["ingest", str(missing), "--db", str(db)])
    assert code == 1 and out == ""
    _one_line(err, str(missing), "no such file or directory")
    assert not db.exists() and list(tmp_path.iterdir()) == []


def test_events_limit_beyond_64_bits_is_a_clear_error(damaged_db):
    good, _ = damaged_db
    code, out, err = _cli(["events", "--db", str(good), "--limit", "9223372036854775807", "-f", "jsonl"])
    assert code == 0 and len(out.splitlines()) == 60
    code, out, err = _cli(["events", "--db", str(good), "--limit", "9223372036854775808"])
    assert code == 1 and out == ""
    _one_line(err, "--limit 9223372036854775808", "out of range")


def test_events_on_a_truncated_database_names_the_file(damaged_db):
    _, cut = damaged_db
    code, out, err = _cli(["events", "--db", str(cut), "-f", "jsonl"])
    assert code == 1 and out == ""
    _one_line(err, str(cut))


def test_ingest_into_a_truncated_database_names_the_file(damaged_db, tmp_path):
    _, cut = damaged_db
    db = tmp_path / "cut.duckdb"
    db.write_bytes(cut.read_bytes())
    code, out, err = _cli(["ingest", str(SEED), "--db", str(db), "--quiet"])
    assert code == 1 and out == ""
    _one_line(err, str(db))


def test_a_file_that_is_not_duckdb_names_the_file(tmp_path):
    f = tmp_path / "notes.duckdb"
    f.write_bytes(b"this is not a database\n" * 400)
    for args in (["events", "--db", str(f)], ["ingest", str(SEED), "--db", str(f), "--quiet"]):
        code, out, err = _cli(args)
        assert code == 1 and out == ""
        _one_line(err, str(f))


def test_a_reader_that_stops_early_is_no_error(damaged_db):
    """``eventwire events ... | head -1``: the pipe closes after one line; the command exits 0."""
    import subprocess
    import sys

    good, _ = damaged_db
    proc = subprocess.Popen([sys.executable, "-c", "from eventwire.cli import main; main()", "events", "--db",
                             str(good), "-f", "jsonl", "--limit", "60"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0, err
    assert "Traceback" not in err


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_publication_date_at_the_ends_of_the_calendar_is_refused_up_front(tmp_path, day):
    """Relative dates are computed from it: year 1 or 9999 would overflow in every document."""
    doc = tmp_path / "a.txt"
    doc.write_text("Report\n\nPeru accused Chile of spying on Monday.\n", encoding="utf-8")
    code, out, err = _cli(["extract", str(doc), "--published", day])
    assert code == 1 and out == ""
    _one_line(err, "--published", "outside")


def test_the_run_records_the_options_that_change_what_is_stored(tmp_path):
    import json

    doc = tmp_path / "a.txt"
    doc.write_text("Report\n\nPeru accused Chile of spying on Monday.\n", encoding="utf-8")
    db = tmp_path / "r.duckdb"
    code, _, _ = _cli(["ingest", str(doc), "--db", str(db), "--published", "2024-01-02", "--force", "-q"])
    assert code == 0
    with Store(db) as st:
        (argv,) = st.con.execute("SELECT argv FROM runs").fetchone()
    argv = json.loads(argv) if isinstance(argv, str) else list(argv)
    assert argv[argv.index("--published") + 1] == "2024-01-02" and "--force" in argv
