"""The JSON API of ``eventwire serve`` (TestClient over a real database built from the seed
article and hostile articles): the same filters as ``eventwire events``, paging, 422s naming the
parameter, 404s, the article view's offsets, map places, timeline, negotiations, parameterised
queries, CSV neutralisation, the token-guarded write endpoint and the security headers."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

import webdb  # noqa: E402
from conftest import ROOT  # noqa: E402
from eventwire.api.app import Filters, create_app  # noqa: E402
from eventwire.store import Store  # noqa: E402
from eventwire.store.queries import FILTERS, build_filter  # noqa: E402


@pytest.fixture(scope="module")
def db(tmp_path_factory, pipeline, seed_article):
    return webdb.build(tmp_path_factory.mktemp("api") / "web.duckdb", pipeline, seed_article)


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db, refresh_interval=0.2)) as c:
        yield c


def _ids(client, **params) -> list[str]:
    out, page = [], 1
    while True:
        r = client.get("/api/events", params={**params, "page": page, "page_size": 200})
        assert r.status_code == 200, r.text
        body = r.json()
        out += [e["id"] for e in body["events"]]
        if page * 200 >= body["total"]:
            assert len(out) == body["total"]
            return out
        page += 1


FILTER_CASES = [
    {}, {"type": "ASSAULT"}, {"quad": "material conflict"}, {"country": "UKR"}, {"actor": "Russia"},
    {"recipient": "Ukraine"}, {"text": "hospital"}, {"place": "Mariupol"}, {"since": "2022-03-09", "until": "2022-03-10"},
    {"aux": "historical"}, {"actor_country": "RUS", "type": "REQUEST"}, {"since": "2022-03"},
]


@pytest.mark.parametrize("params", FILTER_CASES, ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()) or "all")
def test_api_events_are_the_cli_events(client, db, params):
    with Store(db, read_only=True) as st:
        expected = [e["id"] for e in st.query_events(**params)]
    assert _ids(client, **params) == expected
    if params:
        assert len(expected) < len(_ids(client)), "a filter that keeps everything proves nothing"


def test_filters_cannot_drift():
    """``eventwire events``, build_filter and /api/events offer the same filters."""
    import inspect

    import typer

    from eventwire.cli import app

    cmd = typer.main.get_command(app).commands["events"]
    cli = {p.name for p in cmd.params} - {"db", "limit", "format", "verbose"}
    assert cli == set(FILTERS)
    assert set(inspect.signature(build_filter).parameters) == set(FILTERS)
    api = {n for n in inspect.signature(Filters.__init__).parameters if n != "self"}
    assert api - {"article", "geonameid", "located"} == set(FILTERS)


def test_paging_and_page_size_cap(client):
    total = client.get("/api/events").json()["total"]
    assert total > 4
    p1 = client.get("/api/events", params={"page_size": 3}).json()
    p2 = client.get("/api/events", params={"page_size": 3, "page": 2}).json()
    assert len(p1["events"]) == 3 and p1["total"] == total
    assert not {e["id"] for e in p1["events"]} & {e["id"] for e in p2["events"]}
    assert client.get("/api/events", params={"page_size": 1, "page": total}).json()["events"]
    assert client.get("/api/events", params={"page_size": 1, "page": total + 1}).json()["events"] == []
    r = client.get("/api/events", params={"page_size": 201})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "page_size"]


@pytest.mark.parametrize("name,value", [
    ("type", "BOGUS"), ("quad", "friendly"), ("country", "UK"), ("actor_country", "U1A"), ("since", "2022-13-01"),
    ("until", "March"), ("aux", "maybe"), ("page", "0"), ("page_size", "0"), ("located", "roof"), ("geonameid", "-1"),
    ("page", "x"),
])
def test_invalid_parameter_is_422_naming_it(client, name, value):
    r = client.get("/api/events", params={name: value})
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert any(d["loc"][-1] == name for d in detail), detail
    assert any(name in d["msg"] or d["loc"][-1] == name for d in detail)


def test_unknown_ids_are_404(client):
    for path in ("/api/events/nope", "/api/articles/nope", "/api/events/%27%20OR%201=1--"):
        r = client.get(path)
        assert r.status_code == 404 and "no " in r.json()["detail"]


def test_event_detail_has_mentions_and_canonical_event(client):
    ev = client.get("/api/events", params={"text": "hospital", "type": "ASSAULT"}).json()["events"][0]
    d = client.get(f"/api/events/{ev['id']}").json()
    assert d["id"] == ev["id"] and d["mentions"] and d["mentions"][0]["text"]
    c = d["canonical"]
    assert c["id"] == d["canonical_id"] and c["event_type"] == "ASSAULT"
    assert ev["id"] in [m["event_id"] for m in c["members"]] and c["report_count"] >= 1


def test_article_view_offsets_point_at_the_words(client, seed_article):
    d = client.get(f"/api/articles/{webdb.seed_id(seed_article)}").json()
    text = d["article"]["text"]
    assert text == seed_article.text
    assert len(d["events"]) == len(seed_article.events) and d["quotes"] and d["places"] and d["entities"]
    for ev in d["events"]:
        for m in ev["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
        for ent in ev["actor"] + ev["recipient"]:
            assert text[ent["start"]:ent["end"]] == ent["text"]
    for q in d["quotes"]:
        assert text[q["start"]:q["end"]] == q["text"]
    roles = {s["role"] for s in d["sections"]}
    assert {"headline", "body", "caption", "credit", "boilerplate"} <= roles
    boiler = [text[s["start"]:s["end"]] for s in d["sections"] if s["role"] == "boilerplate"]
    assert any("Comment" in b for b in boiler), boiler
    starts = [e["mentions"][0]["start"] for e in d["events"]]
    assert starts == sorted(starts), "events come in text order"


def test_places_put_country_level_events_on_the_country(client):
    p = client.get("/api/places").json()
    mariupol = [x for x in p["points"] if x["name"] == "Mariupol"]
    assert mariupol and mariupol[0]["country"] == "UKR" and 47 < mariupol[0]["lat"] < 48
    assert sum(mariupol[0]["quads"].values()) == mariupol[0]["count"]
    ukr = [c for c in p["countries"] if c["country"] == "UKR"]
    assert ukr and ukr[0]["iso_numeric"] == "804"
    assert not [x for x in p["points"] if x["feature"] and x["feature"].startswith("PCL")], "no false-precision pins"
    total = client.get("/api/events").json()["total"]
    assert sum(x["count"] for x in p["points"]) + sum(c["count"] for c in p["countries"]) + p["unlocated"] == total
    n_country = client.get("/api/events", params={"country": "UKR", "located": "country"}).json()["total"]
    assert n_country == ukr[0]["count"]


def test_timeline_counts_every_event_once(client):
    for params in ({}, {"type": "ASSAULT"}):
        t = client.get("/api/timeline", params=params).json()
        total = client.get("/api/events", params=params).json()["total"]
        assert sum(d["count"] for d in t["days"]) + sum(t["coarser"].values()) == total
        days = [d["date"] for d in t["days"]]
        assert days == sorted(days)


def test_negotiations_show_positions_in_order(client):
    evs = client.get("/api/negotiations", params={"a": "RUS", "b": "UKR"}).json()
    types = [e["event_type"] for e in evs]
    assert {"REQUEST", "AGREE", "REJECT"} <= set(types)
    assert set(types) <= {"REQUEST", "AGREE", "REJECT", "CONCEDE", "CONSULT"}
    sents = " ".join(e["mentions"][0]["text"] for e in evs)
    for words in ("NATO", "Crimea", "neutrality", "cede"):
        assert words in sents
    for e in evs:
        countries = {x["country"] for x in e["actor"] + e["recipient"]}
        assert {"RUS", "UKR"} <= countries
    dates = [e["date"] for e in evs if e["date"]]
    assert dates == sorted(dates)
    r = client.get("/api/negotiations", params={"a": "RUS"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "b"]
    by_name = client.get("/api/negotiations", params={"a": "Russia", "b": "Ukraine"}).json()
    assert by_name


def test_actors_and_stats(client):
    actors = client.get("/api/actors", params={"q": "lavrov"}).json()
    assert [a["name"] for a in actors] == ["Sergey Lavrov"] and actors[0]["as_actor"] >= 1
    s = client.get("/api/stats").json()
    assert s["articles"] == 3 and s["events"] == client.get("/api/events").json()["total"]
    assert sum(s["by_type"].values()) == s["events"] and s["snapshot"] >= 1
    live = client.get("/api/live").json()
    assert live["events"] == s["events"] and live["error"] is None


INJECTIONS = ["' OR 1=1 --", "x'); DROP TABLE events; --", "%", "_", "\\", "\" OR \"\"=\"", "1; SELECT 1"]


@pytest.mark.parametrize("name", ["text", "actor", "recipient", "place", "article"])
def test_injection_through_text_filters_matches_literally(client, db, name):
    total = client.get("/api/events").json()["total"]
    with Store(db, read_only=True) as st:
        evs = st.query_events()
    for payload in INJECTIONS:
        r = client.get("/api/events", params={name: payload, "page_size": 200})
        assert r.status_code == 200, (payload, r.text)
        got = r.json()["total"]
        assert got < total, f"{name}={payload!r} matched everything"
        if name == "text":  # literal substring semantics, wildcards included
            want = sum(1 for e in evs if any(payload.lower() in (m["text"] or "").lower()
                                              or payload.lower() in (m["trigger"] or "").lower() for m in e["mentions"]))
            assert got == want, payload
    assert client.get("/api/events").json()["total"] == total
    for path in ("/api/places", "/api/timeline", "/api/events.csv"):
        assert client.get(path, params={name: INJECTIONS[1]}).status_code == 200


@pytest.mark.parametrize("name", ["type", "quad", "country", "actor_country", "recipient_country", "since", "until", "aux"])
def test_injection_through_checked_filters_is_refused(client, name):
    for payload in INJECTIONS[:2]:
        r = client.get("/api/events", params={name: payload})
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", name]


def test_injection_through_parties_and_actor_search(client):
    for payload in INJECTIONS:
        assert client.get("/api/negotiations", params={"a": payload, "b": "UKR"}).json() == []
        r = client.get("/api/actors", params={"q": payload})
        assert r.status_code == 200 and len(r.json()) < 5


def _csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_cells_are_neutralised_everywhere(client, db, tmp_path, pipeline):
    from eventwire.csvsafe import cell

    assert cell("=1+1") == "'=1+1" and cell("+1") == "'+1" and cell("-1") == "'-1" and cell("@x") == "'@x"
    assert cell("\t=1") == "'\t=1" and cell("\r=1") == "'\r=1" and cell("a=1") == "a=1"
    assert cell(-2.5) == -2.5 and cell(3) == 3 and cell(None) == ""
    rows = _csv(client.get("/api/events.csv").text)
    titles = {r["title"] for r in rows}
    assert "'=HYPERLINK(\"http://example.invalid/\",\"click\")" in titles
    assert any(r["outlet"] == "'@SUM(1+1)" for r in rows)
    assert any(r["sentence"].startswith("'-2+3 Police") for r in rows)
    assert not any(v and v[0] in "=+-@\t\r" for r in rows for v in r.values() if not re.fullmatch(r"-?[\d.]+", v or ""))
    out = tmp_path / "events.csv"
    with Store(db, read_only=True) as st:
        n = st.export("csv", out)
    exported = _csv(out.read_text(encoding="utf-8"))
    assert len(exported) == n == len(rows)
    assert "'=HYPERLINK(\"http://example.invalid/\",\"click\")" in {r["title"] for r in exported}
    assert any(float(r["score"]) < 0 for r in exported if r["score"]), "numbers stay numbers"
    from typer.testing import CliRunner

    from eventwire.cli import app

    r = CliRunner().invoke(app, ["events", "--db", str(db), "-f", "csv", "--text", "protesters"])
    assert r.exit_code == 0, r.output
    assert any(x["sentence"].startswith("'-2+3") for x in _csv(r.stdout))
    from eventwire.output import write_records

    buf = io.StringIO()
    write_records(webdb.hostile_articles(pipeline)[1:], "csv", buf)
    assert any(x["sentence"].startswith("'-2+3") for x in _csv(buf.getvalue()))


def test_page_is_static_and_guarded(client):
    r = client.get("/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "object-src 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "pwned" not in r.text, "the page carries no data; data comes as JSON"
    assert client.get("/static/vendor/countries-50m.json").status_code == 200
    web = ROOT / "src" / "eventwire" / "web"
    for js in (web / "js").glob("*.js"):
        src = js.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in src, f"{js.name} uses {sink}: article text must only reach the page as text"
    assert "cdn" not in (web / "index.html").read_text(encoding="utf-8").lower()


def test_hostile_text_comes_back_as_data(client):
    evs = client.get("/api/events", params={"text": "Kharkiv"}).json()["events"]
    art = client.get(f"/api/articles/{evs[0]['article']['id']}").json()["article"]
    assert art["title"].startswith("<script>") and art["url"].startswith("javascript:")


def test_write_endpoint_needs_a_token(db, tmp_path):
    copy = tmp_path / "w.duckdb"
    shutil.copyfile(db, copy)
    with TestClient(create_app(copy)) as c:  # no token: no write endpoint at all
        r = c.post("/api/articles", json={"text": "x"})
        assert r.status_code in (404, 405)
        assert "post" not in c.get("/openapi.json").json()["paths"].get("/api/articles", {})
    body = {"title": "Strikes on Odesa", "published": "2022-03-20",
            "text": "Russian missiles struck the port of Odesa on Sunday, killing three people, the governor said."}
    with TestClient(create_app(copy, token="s3cret-token", refresh_interval=0.2)) as c:
        assert c.post("/api/articles", json=body).status_code == 401
        assert c.post("/api/articles", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.post("/api/articles", json=body, headers={"Authorization": "s3cret-token"}).status_code == 401
        ok = c.post("/api/articles", json=body, headers={"Authorization": "Bearer s3cret-token"})
        assert ok.status_code == 200, ok.text
        res = ok.json()
        assert res["stored"] is True and res["events"] >= 1
        evs = c.get("/api/events", params={"article": res["article_id"]}).json()
        assert evs["total"] == res["events"] and evs["events"][0]["article"]["published"] == "2022-03-20"
        again = c.post("/api/articles", json=body, headers={"Authorization": "Bearer s3cret-token"}).json()
        assert again["stored"] is False
        bad = c.post("/api/articles", json={"text": ""}, headers={"Authorization": "Bearer s3cret-token"})
        assert bad.status_code == 422


def test_host_header_guard(db):
    with TestClient(create_app(db, allowed_hosts=["127.0.0.1", "localhost"]), base_url="http://127.0.0.1") as c:
        assert c.get("/api/live").status_code == 200
        assert c.get("/api/live", headers={"Host": "evil.example"}).status_code == 400


def test_older_database_is_served_from_a_migrated_copy(db, tmp_path):
    import duckdb

    old = tmp_path / "old.duckdb"
    shutil.copyfile(db, old)
    con = duckdb.connect(str(old))
    con.execute("DROP TABLE feeds")
    con.execute("DELETE FROM schema_version")
    con.execute("INSERT INTO schema_version VALUES (1, now(), 'old')")
    con.close()
    with TestClient(create_app(old)) as c:
        assert c.get("/api/stats").json()["feeds"] == []
        assert c.get("/api/events").json()["total"] > 0
    con = duckdb.connect(str(old), read_only=True)
    assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 1, "the user's file is untouched"
    con.close()


def test_serve_needs_an_existing_database(tmp_path):
    from typer.testing import CliRunner

    from eventwire.cli import app

    r = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb"), "--port", "0"])
    assert r.exit_code == 1 and "no such database" in r.output and "Traceback" not in r.output


def test_web_files_are_packaged():
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["eventwire"]
    web = ROOT / "src" / "eventwire" / "web"
    for f in web.rglob("*"):
        if f.is_file():
            rel = f.relative_to(web.parent).as_posix()
            assert any(Path(rel).match(pat) for pat in data), f"{rel} is not in package-data"


@pytest.mark.parametrize("ctype", [None, "text/plain", "application/octet-stream"])
def test_write_endpoint_non_utf8_body_is_4xx_naming_it(db, tmp_path, ctype):
    """A body that is not UTF-8 without a JSON content type was a 500 (FastAPI's validation
    handler decodes the raw body to echo it back)."""
    copy = tmp_path / "w.duckdb"
    shutil.copyfile(db, copy)
    headers = {"Authorization": "Bearer s3cret-token"}
    if ctype:
        headers["Content-Type"] = ctype
    with TestClient(create_app(copy, token="s3cret-token", refresh_interval=0.2), raise_server_exceptions=False) as c:
        r = c.post("/api/articles", content=b'{"text": "caf\xe9 \xff\xfe"}', headers=headers)
        assert r.status_code == 422, (r.status_code, r.text)
        assert "not UTF-8" in r.json()["detail"][0]["msg"] and "0xe9" in r.text, r.text
        text = c.post("/api/articles", content=b"plain words", headers={**headers, "Content-Type": "text/plain"})
        assert text.status_code == 422 and "JSON object" in text.json()["detail"][0]["msg"], text.text
