"""Article text is untrusted in every output (issue 11, "Output safety").

A hostile article — rich markup (``[/UPDATE]``, ``[link=...]``), ANSI and OSC-8 escapes, a C1
CSI, HTML, spreadsheet formula prefixes (``=``, ``+``, ``-``, ``@``) and quote-breaking
characters in its title, outlet, sentences, quotes and names — goes through every output format
of ``extract``, ``events`` and ``export``. Each output must parse back in its format, keep the
text as data, and be inert: no terminal control reaches a table or a JSON line, no rich markup
is read as markup, no CSV cell starts a formula (csvsafe, OWASP).

Before: ``[/UPDATE]`` made ``extract -f table`` and ``events -f table`` die with a MarkupError,
ESC and OSC-8 sequences reached the terminal, and CSV cells began with ``=``.
"""

from __future__ import annotations

import csv
import io
import json
import re

import duckdb
import pytest
from typer.testing import CliRunner

from eventwire.csvsafe import CONTROL, FORMULA_STARTS, neutralise
from eventwire.termsafe import clean

ESC = "\x1b"
OSC8 = f"{ESC}]8;;https://evil.example/\x07click here{ESC}]8;;\x07"
TITLE = (f'[/UPDATE] =HYPERLINK("https://evil.example","Police") clash {ESC}[31mred{ESC}[0m '
         f"<b>bold</b> [link=https://evil.example/]link[/link]")
OUTLET = "@Wire [link=https://evil.example/]Daily[/link]"
SENTENCES = [
    '=2+5 riot police used tear gas against demonstrators in =Odesa on Sunday, officials said. =HYPERLINK("https://evil.example","x")',
    f"-Rebels attacked an army base near [link=https://evil.example/]Sumy[/link] overnight, killing three soldiers {OSC8}, the army said.",
    '@Police arrested 20 protesters in "Minsk" [/UPDATE] on Monday, <script>alert(1)</script> the ministry said.',
    f"+Troops of [bold]Russia[/bold] shelled {ESC}[2J{ESC}[31mMariupol\x9b2J on Saturday, the mayor said.",
    "President =Zelensky met \u202eErdogan in Ankara on Tuesday; \"quote\", 'single', a,b\r\n and a tab\t=1+1.",
    f'"[/UPDATE] We will not surrender, =1+1 {ESC}]8;;https://evil.example/\x07here{ESC}]8;;\x07," the mayor of Kharkiv told reporters.',
]
HOSTILE = (f"title: {TITLE}\noutlet: {OUTLET}\npublished: 2024-05-05\n---\n" + "\n\n".join(SENTENCES) + "\n")

#: Characters that may drive a terminal (C0 but tab, newline and CR; DEL; C1; bidi controls).
TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _cli(args: list[str]):
    from eventwire.cli import app

    res = CliRunner().invoke(app, args, catch_exceptions=True, env={"COLUMNS": "250"})
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    assert "Traceback" not in res.stderr and "MarkupError" not in res.stderr, res.stderr[-2000:]
    return res


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The hostile article on disk, and a database holding it (a real ingest)."""
    from eventwire.runners.local import ingest

    d = tmp_path_factory.mktemp("hostile")
    path = d / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8", newline="")
    db = d / "hostile.duckdb"
    stats = ingest([str(path)], str(db))
    assert stats.stored == 1, stats
    return path, db


def _assert_terminal_safe(out: str, where: str) -> None:
    bad = TERMINAL_CONTROLS.findall(out)
    assert not bad, f"{where}: terminal controls reach the output: {sorted(set(map(repr, bad)))}"


def _assert_table(out: str, where: str) -> None:
    _assert_terminal_safe(out, where)
    assert "]8;;" not in out and "[31m" not in out, where  # whole escape sequences removed
    assert "[/UPDATE]" in out, f"{where}: the markup is not shown literally"  # printed, not parsed
    assert "[link=https://evil.example/]" in out, where


def _assert_csv(out: str, where: str, n_rows: int, column: str) -> list[dict]:
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert len(rows) == n_rows, f"{where}: {len(rows)} rows for {n_rows} events (quoting broke a row?)"
    for row in rows:
        assert None not in row and all(v is not None for v in row.values()), f"{where}: ragged row {row}"
        for key, cell in row.items():
            if cell.startswith(FORMULA_STARTS):
                try:
                    float(cell)  # a number (a negative score) is not a formula
                except ValueError:
                    pytest.fail(f"{where}: column {key!r} starts a formula: {cell[:60]!r}")
        assert not CONTROL.search(cell), f"{where}: column {key!r} holds a control character: {cell[:60]!r}"
    sents = [r[column] for r in rows]
    assert any(s.startswith("'=") for s in sents), f"{where}: {sents}"
    assert neutralise(SENTENCES[1]) in sents, f"{where}: the neutralised cell is not the sentence behind a quote"
    return rows


def _strings(obj) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        obj = list(obj.values())
    return [s for x in obj for s in _strings(x)] if isinstance(obj, list) else []


def _assert_json_values(records: list[dict], where: str) -> None:
    """The hostile text is kept as data: read back, the strings hold the markup and escapes."""
    strings = _strings(records)
    assert any("[/UPDATE]" in s for s in strings) and any(ESC in s for s in strings), where


def test_extract_every_format(hostile):
    path, _ = hostile
    out = {}
    for fmt in ("json", "jsonl", "csv", "table"):
        res = _cli(["extract", str(path), "-f", fmt])
        assert res.exit_code == 0, (fmt, res.stderr[-2000:])
        out[fmt] = res.stdout
    rec = json.loads(out["json"])
    assert rec["article"]["title"] == TITLE and rec["article"]["outlet"] == OUTLET  # data kept exactly
    assert [json.loads(ln) for ln in out["jsonl"].splitlines()] == [rec]
    n = len(rec["events"])
    assert n >= 3
    for fmt in ("json", "jsonl"):
        _assert_terminal_safe(out[fmt], f"extract -f {fmt}")
    _assert_csv(out["csv"], "extract -f csv", n, "sentence")
    _assert_table(out["table"], "extract -f table")
    assert "clash red" in out["table"]  # the words stay, the colour codes go


def test_events_every_format(hostile):
    _, db = hostile
    out = {}
    for fmt in ("json", "jsonl", "csv", "table"):
        res = _cli(["events", "--db", str(db), "-f", fmt])
        assert res.exit_code == 0, (fmt, res.stderr[-2000:])
        out[fmt] = res.stdout
    evs = json.loads(out["json"])
    assert [json.loads(ln) for ln in out["jsonl"].splitlines()] == evs
    assert {e["article"]["title"] for e in evs} == {TITLE}
    _assert_json_values(evs, "events -f json")
    for fmt in ("json", "jsonl"):
        _assert_terminal_safe(out[fmt], f"events -f {fmt}")
    _assert_csv(out["csv"], "events -f csv", len(evs), "sentence")
    _assert_table(out["table"], "events -f table")


def test_export_every_format(hostile, tmp_path):
    _, db = hostile
    files = {}
    for fmt in ("csv", "jsonl", "geojson", "plover", "parquet"):
        target = tmp_path / f"events.{fmt}"
        res = _cli(["export", "--db", str(db), "-f", fmt, str(target)])
        assert res.exit_code == 0, (fmt, res.stderr[-2000:])
        files[fmt] = target
    jsonl = [json.loads(ln) for ln in files["jsonl"].read_text(encoding="utf-8").splitlines()]
    n = len(jsonl)
    assert n >= 3 and {e["article"]["title"] for e in jsonl} == {TITLE}
    rows = _assert_csv(files["csv"].read_text(encoding="utf-8"), "export -f csv", n, "sentence")
    assert {r["title"] for r in rows} == {neutralise(TITLE)} and {r["outlet"] for r in rows} == {"'" + OUTLET}
    geo = json.loads(files["geojson"].read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == n
    plover = [json.loads(ln) for ln in files["plover"].read_text(encoding="utf-8").splitlines()]
    assert len(plover) == n and {p["cite_info"]["title"] for p in plover} == {TITLE}
    for fmt in ("jsonl", "geojson", "plover"):
        _assert_terminal_safe(files[fmt].read_text(encoding="utf-8"), f"export -f {fmt}")
    con = duckdb.connect()
    try:  # parquet keeps the data as it is (a typed binary format: nothing in it is run)
        titles = {r[0] for r in con.execute("SELECT title FROM read_parquet(?)", [str(files["parquet"])]).fetchall()}
    finally:
        con.close()
    assert titles == {TITLE}


# -- the tables with hostile text in every cell, places and quotes included (no NLP) ---------------

def _hostile_record() -> dict:
    ent = {"text": f"[/UPDATE] {ESC}[31mPolice", "start": 0, "end": 5, "name": None, "country": "KEN",
           "sector": "COP", "affiliation": None, "wikidata": None}
    named = dict(ent, name="[link=https://evil.example/]Ruto[/link]", text="Ruto")
    place = {"text": f"Nai[/b]robi{OSC8}", "start": 9, "end": 16, "name": "[bold]Nairobi\x9b2J",
             "country": "KEN", "admin1": "[/x]", "lat": 1.0, "lon": 36.0, "geonameid": 184745, "feature": "P"}
    ev = {"id": "e1", "event_type": "ASSAULT", "mode": "[/mode]", "aux": None, "contexts": [], "quad": None,
          "score": -9.0, "actor": [ent], "recipient": [named], "claimed_by": None,
          "date": "2024-05-05", "date_precision": "day", "date_text": None, "location": place,
          "size": {"dead": None, "injured": None, "arrested": None, "crowd": None},
          "mentions": [{"text": SENTENCES[1], "start": 0, "end": 10, "trigger": "attacked", "section": "body"},
                       {"text": TITLE, "start": 0, "end": 5, "trigger": "clash", "section": "headline"}],
          "confidence": 0.5}
    return {"schema": "eventwire/1",
            "article": {"id": "a", "url": f"https://e.x/{ESC}[2J", "title": TITLE, "outlet": OUTLET,
                        "published": "2024-05-05", "language": "en", "source": f"x{ESC}]0;title\x07.txt"},
            "events": [ev], "quotes": [{"text": SENTENCES[5], "start": 0, "end": 3, "speaker": named, "verb": "said"}],
            "places": [place], "entities": [ent, named]}


def test_tables_show_hostile_cells_literally(monkeypatch):
    from eventwire.tables import write_article_tables, write_event_table

    monkeypatch.setenv("COLUMNS", "250")  # wide enough that no hostile word wraps
    rec = _hostile_record()
    buf = io.StringIO()
    write_article_tables([rec], buf)
    out = buf.getvalue()
    _assert_table(out, "article table")
    for literal in ("Nai[/b]robi", "[bold]Nairobi", "[/mode]", "Ruto[/link]"):
        assert literal in out, literal
    ev = dict(rec["events"][0], article={"id": "a", "title": TITLE}, canonical_id="c1", report_count=1,
              source_count=1)
    buf = io.StringIO()
    write_event_table([ev], buf)
    _assert_table(buf.getvalue(), "event table")


def test_clean_removes_sequences_and_keeps_words():
    assert clean(f"a{ESC}[1;31mb{ESC}[0m c") == "ab c"
    assert clean(f"see {OSC8} now") == "see click here now"
    assert clean("x\x9b2Jy\u202ez\ttab\nline\x07") == "xyz\ttab\nline"
    assert clean(None) == "" and clean(12) == "12"


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("plain", "plain"), ("a=b", "a=b"), ("", ""),
    (None, ""), (-2.5, "-2.5"), (3, "3"), (True, "True"),
    (f"a{ESC}[31mb\x07c\x9b", "a\ufffd[31mb\ufffdc\ufffd"), ("tab\tand\nline", "tab\tand\nline"),
])
def test_neutralise(value, expected):
    assert neutralise(value) == expected
