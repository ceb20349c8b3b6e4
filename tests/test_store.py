"""The DuckDB store: idempotent atomic writes, stable ids, failures, migrations, queries, exports,
near-duplicate chains and the events/export commands. Articles are built by hand (no NLP)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
import textwrap

import duckdb
import pytest

from eventwire.errors import StorageError
from eventwire.model import Article, Entity, Event, Mention, Place, Quote
from eventwire.pipeline import Failure
from eventwire.store import SCHEMA_VERSION, Store

HEADER = "url: https://example.org/{slug}\noutlet: {outlet}\npublished: {pub}\n---\n"

#: A made-up wire story (ten paragraphs) used for reprint tests.
STORY = [
    "Russian missile strikes on the centre of Sumy killed 31 people on Sunday, Ukrainian officials said.",
    "The strikes hit a busy street as residents gathered for a church holiday, the regional governor told reporters.",
    "Rescuers worked through the night to pull survivors from damaged buildings near the university.",
    "Ukraine's president called on allies to apply strong pressure on Moscow after the attack.",
    "The United States special envoy said the attack on civilian targets crossed any line of decency.",
    "European leaders condemned the strike and called for an immediate and unconditional ceasefire.",
    "Moscow did not comment on the strike, which came two days after talks between envoys.",
    "Sumy lies about thirty kilometres from the Russian border and has been shelled repeatedly.",
    "Hospitals in the city said they were treating more than eighty wounded people.",
    "The governor declared three days of mourning and asked residents to give blood.",
]
OTHER = [
    "Police in the capital dispersed thousands of protesters with tear gas and water cannon overnight.",
    "Demonstrators had gathered outside parliament after the government suspended talks on joining the bloc.",
    "The interior ministry said dozens of people were detained and several officers were hurt.",
    "Opposition leaders vowed to return to the streets every evening until the decision is reversed.",
    "The president, who joined the protest, accused the government of betraying the constitution.",
    "Foreign diplomats urged restraint and called for an investigation into the use of force.",
]


def body(paras: list[str]) -> str:
    return "Headline here\n\n" + "\n\n".join(paras) + "\n"


def article(paras: list[str], slug: str, outlet: str = "Wire", pub: str = "2025-04-14",
            events: list[dict] | None = None, quotes: bool = False) -> Article:
    """An Article with a header block; each event dict names a sentence (by paragraph index)."""
    head = HEADER.format(slug=slug, outlet=outlet, pub=pub)
    text = head + body(paras)
    art = Article(text=text, source=f"{slug}.txt", url=f"https://example.org/{slug}", title="Headline here",
                  outlet=outlet, published=dt.date.fromisoformat(pub), body_start=len(head))
    for spec in events or []:
        sent = paras[spec["para"]]
        start = text.index(sent)
        end = start + len(sent)
        trig = spec.get("trigger", sent.split()[2])
        t0 = text.index(trig, start)
        actor = [Entity(a, start, start + len(a), name=a, country=c, sector="GOV") for a, c in spec.get("actor", [])]
        recip = [Entity(a, start, start + len(a), name=a, country=c) for a, c in spec.get("recipient", [])]
        loc = None
        if spec.get("place"):
            name, country, lat, lon = spec["place"]
            p0 = text.find(name, start)
            loc = Place(name, p0, p0 + len(name), name=name, country=country, lat=lat, lon=lon, feature="PPLA")
        d = spec.get("date")
        art.events.append(Event(
            spec["type"], mode=spec.get("mode"), aux=spec.get("aux"), quad=spec.get("quad", "material conflict"),
            score=-9.0, actor=actor, recipient=recip, date=dt.date.fromisoformat(d) if d else None,
            date_precision="day" if d else None, date_text=spec.get("date_text"), location=loc,
            size={"dead": spec.get("dead"), "injured": None, "arrested": None, "crowd": None},
            mentions=[Mention(sent, start, end, trig, "body", t0, t0 + len(trig))],
            contexts=spec.get("contexts", ["military"]), confidence=0.8))
        if loc:
            art.places.append(loc)
        art.entities.extend(actor + recip)
    if quotes:
        q = paras[3]
        s = text.index(q)
        art.quotes.append(Quote(q, s, s + len(q), Entity("president", s, s + 9, country="UKR"), "called"))
    return art


SUMY = ("Sumy", "UKR", 50.9216, 34.8003)
STRIKE = {"para": 0, "type": "ASSAULT", "mode": "heavy-weapons", "actor": [("Russia", "RUS")],
          "recipient": [("Ukraine", "UKR")], "place": SUMY, "date": "2025-04-13", "dead": 31,
          "trigger": "strikes", "date_text": "on Sunday"}
CALL = {"para": 3, "type": "REQUEST", "actor": [("Ukraine", "UKR")], "recipient": [("allies", None)],
        "quad": "verbal conflict", "trigger": "called", "contexts": []}
PROTEST_EV = {"para": 0, "type": "COERCE", "actor": [("Police", "GEO")], "recipient": [("protesters", "GEO")],
              "place": ("Tbilisi", "GEO", 41.69, 44.83), "date": "2024-12-02", "trigger": "dispersed"}


def wire(slug="ap", outlet="AP", paras=None, pub="2025-04-14", events=(STRIKE, CALL), quotes=True):
    return article(paras or STORY, slug, outlet, pub, list(events), quotes)


def reprint():
    """STORY with paragraph 6 rewritten, on another site."""
    paras = list(STORY)
    paras[6] = "Officials in Moscow declined to answer questions about the strike late on Sunday evening."
    return wire("reprint", "Daily Herald", paras)


def unrelated():
    return article(OTHER, "tbilisi", "Gazette", "2024-12-02", [PROTEST_EV])


@pytest.fixture
def db(tmp_path):
    return tmp_path / "test.duckdb"


@pytest.fixture
def store(db):
    with Store(db) as st:
        yield st


def test_write_and_idempotent(store):
    run = store.start_run(["ingest", "x"])
    a = wire()
    assert store.write_article(a, run) is True
    first = store.counts()
    assert first["articles"] == 1 and first["events"] == 2 and first["event_mentions"] == 2
    assert first["event_entities"] == 4 and first["places"] == 1 and first["quotes"] == 1
    assert store.write_article(wire(), run) is False
    assert store.counts() == first
    assert store.has_article(a.hash) and not store.has_article("0" * 16)
    assert store.has_url("https://example.org/ap") and not store.has_url("https://example.org/nope")
    store.finish_run(run, {"articles": 1})
    argv, stats, fin = store.con.execute("SELECT argv, stats, finished FROM runs").fetchone()
    assert json.loads(argv) == ["ingest", "x"] and json.loads(stats) == {"articles": 1} and fin is not None
    row = store.con.execute("SELECT id, input_id, outlet, published, duplicate_of, run_id FROM articles").fetchone()
    assert row[0] == a.hash and row[2] == "AP" and row[3] == dt.date(2025, 4, 14) and row[4] is None and row[5] == run


def test_event_row_values(store):
    store.write_article(wire(), store.start_run([]))
    ev = store.con.execute(
        "SELECT event_type, mode, date, date_end, date_iso, loc_name, loc_lat, dead, contexts, canonical_id "
        "FROM events WHERE event_type = 'ASSAULT'").fetchone()
    assert ev[:8] == ("ASSAULT", "heavy-weapons", dt.date(2025, 4, 13), dt.date(2025, 4, 13), "2025-04-13",
                      "Sumy", 50.9216, 31)
    assert ev[8] == ["military"] and ev[9].startswith("c")
    m = store.con.execute('SELECT text, "start", "end", trigger, section FROM event_mentions '
                          "JOIN events e ON e.id = event_id WHERE e.event_type = 'ASSAULT'").fetchone()
    art = store.con.execute("SELECT text FROM articles").fetchone()[0]
    assert art[m[1]:m[2]] == m[0] == STORY[0] and m[3] == "strikes" and m[4] == "body"


def test_stable_ids_any_order(tmp_path):
    arts = [wire, reprint, unrelated]
    results = []
    for order in ([0, 1, 2], [2, 1, 0], [1, 2, 0]):
        with Store(tmp_path / f"o{''.join(map(str, order))}.duckdb") as st:
            run = st.start_run([])
            for i in order:
                st.write_article(arts[i](), run)
            results.append((
                st.con.execute("SELECT id, article_id, canonical_id FROM events ORDER BY id").fetchall(),
                st.con.execute("SELECT id, duplicate_of FROM articles ORDER BY id").fetchall(),
                st.con.execute("SELECT id, report_count, source_count FROM canonical_events ORDER BY id").fetchall()))
    assert results[0] == results[1] == results[2]


def test_write_is_atomic(store, monkeypatch):
    from eventwire.store import canon

    run = store.start_run([])
    store.write_article(unrelated(), run)
    before = store.counts()

    def boom(*args):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(canon, "refresh", boom)  # the last step, after every insert
    with pytest.raises(StorageError, match="not stored.*disk on fire"):
        store.write_article(wire(), run)
    assert store.counts() == before
    assert not store.has_article(wire().hash)
    monkeypatch.undo()
    assert store.write_article(wire(), run) is True


def test_failures_recorded_once_per_run(store):
    r1, r2 = store.start_run([]), store.start_run([])
    f = Failure("bad.bin", "read", "binary file, not text", "InputError")
    store.write_failure(f, r1)
    store.write_failure(Failure("bad.bin", "read", "binary file, not text"), r1)
    store.write_failure(Failure("bad.bin", "read", "empty document"), r1)
    store.write_failure(f, r2)
    rows = store.con.execute("SELECT document, stage, error, kind, run_id FROM failures ORDER BY run_id, error").fetchall()
    assert len(rows) == 3
    assert ("bad.bin", "read", "binary file, not text", "InputError", r1) in rows


V0_DDL = """
CREATE TABLE articles (id VARCHAR PRIMARY KEY, input_id VARCHAR, source VARCHAR, url VARCHAR,
  title VARCHAR, outlet VARCHAR, published DATE, language VARCHAR, text VARCHAR NOT NULL,
  ingested_at TIMESTAMPTZ NOT NULL, run_id VARCHAR);
CREATE TABLE events (id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL, ordinal INTEGER NOT NULL,
  event_type VARCHAR NOT NULL, mode VARCHAR, aux VARCHAR, contexts VARCHAR[], quad VARCHAR, score DOUBLE,
  date DATE, date_iso VARCHAR, date_precision VARCHAR, date_text VARCHAR, loc_text VARCHAR,
  loc_start INTEGER, loc_end INTEGER, loc_name VARCHAR, loc_country VARCHAR, loc_admin1 VARCHAR,
  loc_lat DOUBLE, loc_lon DOUBLE, loc_geonameid BIGINT, loc_feature VARCHAR, dead INTEGER,
  injured INTEGER, arrested INTEGER, crowd INTEGER, confidence DOUBLE);
CREATE TABLE event_mentions (event_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL, ordinal INTEGER NOT NULL,
  text VARCHAR, "start" INTEGER, "end" INTEGER, trigger VARCHAR, trigger_start INTEGER,
  trigger_end INTEGER, section VARCHAR);
CREATE TABLE event_entities (event_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL, role VARCHAR NOT NULL,
  ordinal INTEGER NOT NULL, text VARCHAR, "start" INTEGER, "end" INTEGER, name VARCHAR, country VARCHAR,
  sector VARCHAR, affiliation VARCHAR, wikidata VARCHAR);
CREATE TABLE runs (id VARCHAR PRIMARY KEY, started TIMESTAMPTZ NOT NULL, finished TIMESTAMPTZ,
  argv VARCHAR, stats VARCHAR, eventwire VARCHAR);
CREATE TABLE failures (document VARCHAR NOT NULL, stage VARCHAR, error VARCHAR NOT NULL, kind VARCHAR,
  time TIMESTAMPTZ, run_id VARCHAR);
"""


def make_v0(path, n_articles=2):
    """A version-0 database made by hand: two copies of one story, one event each."""
    con = duckdb.connect(str(path))
    con.execute(V0_DDL)
    for k, art in enumerate([wire(), reprint()][:n_articles]):
        text = art.text
        s = text.index(STORY[0])
        con.execute("INSERT INTO articles VALUES (?, ?, ?, ?, 'Headline', 'AP', DATE '2025-04-14', 'en', ?, now(), 'r0')",
                    [art.hash, art.hash, art.source, art.url, text])
        eid = f"ev{k}"
        con.execute("INSERT INTO events VALUES (?, ?, 0, 'ASSAULT', NULL, NULL, ['military'], 'material conflict', -9, "
                    "DATE '2025-04-13', '2025-04-13', 'day', NULL, 'Sumy', NULL, NULL, 'Sumy', 'UKR', NULL, "
                    "50.92, 34.80, NULL, 'PPLA', 31, NULL, NULL, NULL, 0.8)", [eid, art.hash])
        con.execute("INSERT INTO event_mentions VALUES (?, ?, 0, ?, ?, ?, 'strikes', NULL, NULL, 'body')",
                    [eid, art.hash, STORY[0], s, s + len(STORY[0])])
        con.execute("INSERT INTO event_entities VALUES (?, ?, 'actor', 0, 'Russian', ?, ?, 'Russia', 'RUS', 'MIL', NULL, NULL)",
                    [eid, art.hash, s, s + 7])
    con.close()


def test_migrate_from_version_0(db):
    make_v0(db)
    with pytest.raises(StorageError, match="older.*migrate"):
        Store(db, read_only=True)
    with Store(db) as st:
        assert st.con.execute("SELECT max(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
        chains = st.con.execute("SELECT DISTINCT duplicate_of FROM articles").fetchall()
        assert len(chains) == 1 and chains[0][0] is not None
        canon = st.con.execute("SELECT event_count, report_count, source_count FROM canonical_events").fetchall()
        assert canon == [(2, 2, 1)]
        evs = st.query_events(type="ASSAULT")
        assert len(evs) == 2 and evs[0]["actor"][0]["country"] == "RUS"
        st.write_article(unrelated(), st.start_run([]))
    with Store(db, read_only=True) as st:
        assert len(st.query_events()) == 3


def test_refuses_newer_schema(db):
    Store(db).close()
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO schema_version VALUES (?, now(), '9.9')", [SCHEMA_VERSION + 1])
    con.close()
    for ro in (False, True):
        with pytest.raises(StorageError, match="newer eventwire"):
            Store(db, read_only=ro)


def test_read_only_missing_and_not_a_database(tmp_path):
    with pytest.raises(StorageError, match="no such database"):
        Store(tmp_path / "missing.duckdb", read_only=True)
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StorageError):
        Store(junk)


def test_reader_waits_then_reports_lock(db):
    Store(db).close()
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import duckdb, sys, time
        con = duckdb.connect({str(db)!r})
        print("locked", flush=True)
        time.sleep(30)
        """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(StorageError, match="locked by another process"):
            Store(db, read_only=True, timeout=0.5)
    finally:
        holder.kill()
        holder.wait()
    with Store(db, read_only=True, timeout=5) as st:
        assert st.query_events() == []


@pytest.fixture
def filled(store):
    run = store.start_run([])
    for a in (wire(), reprint(), unrelated()):
        store.write_article(a, run)
    hist = article(["Russia annexed Crimea in 2014 after a referendum held under occupation, officials recalled."],
                   "crimea", "Gazette", "2022-04-12",
                   [{"para": 0, "type": "COERCE", "mode": "seize", "aux": "historical", "actor": [("Russia", "RUS")],
                     "recipient": [("Ukraine", "UKR")], "trigger": "annexed"}])
    hist.events[0].date, hist.events[0].date_precision = dt.date(2014, 1, 1), "year"
    store.write_article(hist, run)
    return store


@pytest.mark.parametrize("filters,expected", [
    ({}, 6),
    ({"type": "assault"}, 2),
    ({"actor_country": "RUS"}, 3),
    ({"recipient_country": "GEO"}, 1),
    ({"country": "GEO"}, 1),
    ({"country": "UKR"}, 5),
    ({"place": "sum"}, 2),
    ({"since": "2025-01-01"}, 2),
    ({"until": "2024-12-31"}, 2),
    ({"since": "2014-06-01", "until": "2014-06-30"}, 1),
    ({"aux": "historical"}, 1),
    ({"aux": "none"}, 5),
    ({"text": "TEAR GAS"}, 1),
    ({"text": "strong pressure"}, 2),
    ({"type": "ASSAULT", "actor_country": "RUS", "since": "2025-04-13", "until": "2025-04-13"}, 2),
    ({"limit": 3}, 3),
])
def test_query_filters(filled, filters, expected):
    assert len(filled.query_events(**filters)) == expected


def test_query_record_shape(filled):
    ev = [e for e in filled.query_events(type="ASSAULT") if e["article"]["outlet"] == "AP"][0]
    assert set(Event("X").record()) <= set(ev)
    assert ev["actor"][0] == {"text": "Russia", "start": ev["actor"][0]["start"], "end": ev["actor"][0]["end"],
                              "name": "Russia", "country": "RUS", "sector": "GOV", "affiliation": None, "wikidata": None,
                              "country_source": "mention"}
    assert ev["location"]["name"] == "Sumy" and ev["size"]["dead"] == 31 and ev["date"] == "2025-04-13"
    assert ev["report_count"] == 2 and ev["source_count"] == 1
    assert ev["article"]["url"] == "https://example.org/ap"
    assert filled.query_events(since="2025-04-14", type="ASSAULT") == []
    with pytest.raises(StorageError, match="not a date"):
        filled.query_events(since="yesterday")
    with pytest.raises(StorageError, match="--aux"):
        filled.query_events(aux="maybe")


def test_near_duplicates_make_one_report_chain(filled):
    rows = dict(filled.con.execute("SELECT source, duplicate_of FROM articles").fetchall())
    assert rows["ap.txt"] == rows["reprint.txt"] is not None
    assert rows["tbilisi.txt"] is None and rows["crimea.txt"] is None
    strike = filled.con.execute("SELECT event_count, report_count, source_count FROM canonical_events "
                                "WHERE event_type = 'ASSAULT'").fetchall()
    assert strike == [(2, 2, 1)]
    assert filled.con.execute("SELECT count(*) FROM canonical_events").fetchone()[0] == 4


def test_export_every_format(filled, tmp_path):
    n_all = len(filled.query_events())
    out = {f: tmp_path / f"events.{f}" for f in ("parquet", "csv", "jsonl", "geojson", "plover")}
    assert filled.export("parquet", out["parquet"]) == n_all
    rows = duckdb.sql(f"SELECT event_type, actor_country, location, dead, report_count, source_count, sentence "
                      f"FROM read_parquet('{out['parquet']}') WHERE event_type = 'ASSAULT'").fetchall()
    assert rows[0] == ("ASSAULT", "RUS", "Sumy", 31, 2, 1, STORY[0])
    assert filled.export("csv", out["csv"]) == n_all
    with open(out["csv"], newline="", encoding="utf-8") as fh:
        recs = list(csv.DictReader(fh))
    assert len(recs) == n_all and {r["event_type"] for r in recs} == {"ASSAULT", "REQUEST", "COERCE"}
    assert [r for r in recs if r["location"] == "Tbilisi"][0]["recipient_country"] == "GEO"
    assert filled.export("jsonl", out["jsonl"]) == n_all
    lines = [json.loads(x) for x in out["jsonl"].read_text(encoding="utf-8").splitlines()]
    assert {e["id"] for e in lines} == {e["id"] for e in filled.query_events()}
    assert filled.export("geojson", out["geojson"]) == n_all  # every event, located or not
    gj = json.loads(out["geojson"].read_text(encoding="utf-8"))
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == n_all
    assert len([f for f in gj["features"] if f["geometry"] is not None]) == 3
    tb = [f for f in gj["features"] if f["properties"]["location"] == "Tbilisi"][0]
    assert tb["geometry"] == {"type": "Point", "coordinates": [44.83, 41.69]}
    assert filled.export("plover", out["plover"]) == n_all
    pl = [json.loads(x) for x in out["plover"].read_text(encoding="utf-8").splitlines()]
    need = {"id", "date", "actor", "recipient", "event", "mode", "context", "event_loc", "event_text",
            "quad_code", "text_info", "cite_info", "size"}
    assert all(need <= set(r) for r in pl)
    s = [r for r in pl if r["event"] == "ASSAULT"][0]
    assert s["actor"][0]["code"] == "RUS" and s["event_loc"]["name"] == "Sumy" and s["quad_code"] == 4
    assert s["cite_info"]["url"].startswith("https://example.org/") and s["size"]["dead"] == 31
    assert s["event_text"] == STORY[0] and s["text_info"]["sentences"][0]["trigger"] == "strikes"
    with pytest.raises(StorageError, match="unknown export format"):
        filled.export("xml", tmp_path / "x.xml")


def test_commands(filled, db, tmp_path):
    from typer.testing import CliRunner

    from eventwire.cli import app

    filled.close()
    r = CliRunner().invoke(app, ["events", "--db", str(db), "--type", "ASSAULT", "--format", "json"])
    assert r.exit_code == 0, r.output
    evs = json.loads(r.stdout)
    assert len(evs) == 2 and evs[0]["event_type"] == "ASSAULT"
    r = CliRunner().invoke(app, ["events", "--db", str(db), "--country", "GEO", "-f", "csv"])
    assert r.exit_code == 0 and "Tbilisi" in r.stdout and r.stdout.startswith("event_id,date")
    r = CliRunner().invoke(app, ["events", "--db", str(db), "--aux", "historical"])
    assert r.exit_code == 0 and "COERCE" in r.stdout
    out = tmp_path / "e.parquet"
    r = CliRunner().invoke(app, ["export", "--db", str(db), "--format", "parquet", str(out)])
    assert r.exit_code == 0 and duckdb.sql(f"SELECT count(*) FROM '{out}'").fetchall()[0][0] == 6
    r = CliRunner().invoke(app, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert r.exit_code == 1 and "no such database" in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(app, ["export", "--db", str(tmp_path / "none.duckdb"), "-f", "csv", str(tmp_path / "x")])
    assert r.exit_code == 1


def test_filters_with_unknown_types_or_non_iso_countries_are_errors_not_empty_results():
    import pytest

    from eventwire.errors import StorageError
    from eventwire.store.queries import build_filter

    with pytest.raises(StorageError, match="unknown event type 'NOPE'"):
        build_filter(type="NOPE")
    with pytest.raises(StorageError, match="alpha-3"):
        build_filter(actor_country="Russia")
    with pytest.raises(StorageError, match="alpha-3"):
        build_filter(country="U.S.")
    where, params = build_filter(type="assault", country="ukr")
    assert params == ["ASSAULT", "UKR", "UKR"]


def test_copies_of_a_short_text_differing_only_in_spacing_are_one_source(store):
    paras = [OTHER[0]]  # one sentence: too short for shingle resemblance
    a = article(paras, "short1", "Gazette", "2024-12-02", [PROTEST_EV])
    crlf_text = a.text.replace("\n", "\r\n")
    b = article(paras, "short2", "Courier", "2024-12-02", [PROTEST_EV])
    b.text = b.text.replace(paras[0], paras[0].replace(" ", "  ", 2))  # doubled spaces, same words
    b.id = b.hash
    c = Article(text=crlf_text, source="short3.txt", published=a.published, body_start=a.body_start)
    run = store.start_run(["ingest"])
    for art in (a, b, c):
        store.write_article(art, run)
    chains = {r[0] for r in store.con.execute("SELECT coalesce(duplicate_of, id) FROM articles").fetchall()}
    assert len(chains) == 1  # three copies, one report chain
    other = article(["Police in the capital dispersed hundreds of farmers with tear gas overnight."],
                    "short4", "Gazette", "2024-12-02", [PROTEST_EV])
    store.write_article(other, run)
    chains = {r[0] for r in store.con.execute("SELECT coalesce(duplicate_of, id) FROM articles").fetchall()}
    assert len(chains) == 2  # different words: another report


def test_month_and_year_filters_cover_the_whole_period():
    from eventwire.store.queries import _date

    assert _date("2022-03", "until") == dt.date(2022, 3, 31)
    assert _date("2022-12", "until") == dt.date(2022, 12, 31)
    assert _date("2022-03", "since") == dt.date(2022, 3, 1)
    assert _date("2022", "until") == dt.date(2022, 12, 31) and _date("2022", "since") == dt.date(2022, 1, 1)
    with pytest.raises(StorageError):
        _date("2022-13", "until")
