"""Latency of ``GET /api/events`` on a database of the corpus repeated to >= 5,000 articles.

Not a test: a measurement for docs/benchmark.md. Steps:

1. a base database: ``--base FILE``, or the seed article (published 2022-03-10) and
   ../shared/corpus/news ingested into build/bench-api/base.duckdb (once; reused afterwards);
2. the big database: the base copied, then every row of every article-keyed table copied again
   with new ids (``id || '~k'`` for copy k; canonical events too) until there are at least
   ``--articles`` articles. Copying rows in SQL takes seconds where re-extracting 5,000
   articles would take an hour; every copy is a distinct article with distinct events, so the
   indexes, joins and counts do the same work as on real data of that size;
3. ``eventwire serve --db BIG`` started as its own process on 127.0.0.1, asked ``--requests``
   times per query (a mix of the page's filters, page 1 and a deep page) with httpx, one client,
   sequentially, after one warm-up request; the same page fetched in this process through
   ``store.queries.query_events`` (no count, no HTTP, no JSON) gives the ratio API / bare query.

Usage::

    python scripts/bench_api.py [--articles 5000] [--requests 200] [--base FILE] [-o bench-api.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

QUERIES = [
    ("all, page 1", {}),
    ("type=ASSAULT", {"type": "ASSAULT"}),
    ("country=UKR", {"country": "UKR"}),
    ("quad=material conflict", {"quad": "material conflict"}),
    ("actor=Russia", {"actor": "Russia"}),
    ("text=ceasefire", {"text": "ceasefire"}),
    ("since..until", {"since": "2022-03-01", "until": "2022-12-31"}),
    ("type+country+since", {"type": "ASSAULT", "country": "UKR", "since": "2022-03"}),
    ("all, page 60", {"page": 60}),
]
#: Tables keyed by article, and their id columns to suffix per copy.
COPY = {
    "articles": ["id", "duplicate_of"],
    "article_bands": ["article_id"],
    "events": ["id", "article_id", "canonical_id"],
    "event_mentions": ["event_id", "article_id"],
    "event_entities": ["event_id", "article_id"],
    "entities": ["article_id"],
    "places": ["article_id"],
    "quotes": ["article_id"],
    "canonical_events": ["id"],
}


def base_db(path: Path) -> Path:
    if path.exists():
        return path
    import datetime as dt

    from eventwire.ingest.dispatch import SourceOptions
    from eventwire.runners.local import ingest

    path.parent.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    ingest([str(ROOT / "examples")], str(path), options=SourceOptions(published=dt.date(2022, 3, 10)))
    corpus = ROOT.parent / "shared" / "corpus" / "news"
    if corpus.is_dir():
        ingest([str(corpus)], str(path), workers=2)
    print(f"base database built in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    return path


def grow(base: Path, out: Path, articles: int) -> dict:
    """Copy the base, then its article rows with new ids until there are ``articles``."""
    import duckdb

    from eventwire.store import Store
    from eventwire.store.schema import columns

    shutil.copyfile(base, out)
    Store(out).close()  # migrate to the current schema if needed
    con = duckdb.connect(str(out))
    n0 = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    copies = -(-articles // n0) - 1
    t = time.perf_counter()
    con.execute("BEGIN TRANSACTION")
    for table, ids in COPY.items():
        cols = columns(table)
        con.execute(f"CREATE TEMP TABLE src AS SELECT * FROM {table}")
        sel = ", ".join(f"CASE WHEN \"{c}\" IS NULL THEN NULL ELSE \"{c}\" || '~' || k END" if c in ids else f'"{c}"'
                        for c in cols)
        con.execute(f"INSERT INTO {table} ({', '.join(chr(34) + c + chr(34) for c in cols)}) "
                    f"SELECT {sel} FROM src, range(1, {copies + 1}) r(k)")
        con.execute("DROP TABLE src")
    con.execute("COMMIT")
    con.execute("CHECKPOINT")
    counts = {t_: con.execute(f"SELECT count(*) FROM {t_}").fetchone()[0] for t_ in ("articles", "events", "event_mentions")}
    con.close()
    counts["copy_seconds"] = round(time.perf_counter() - t, 1)
    counts["file_mb"] = round(out.stat().st_size / 2**20, 1)
    return counts


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def measure(db: Path, requests: int) -> list[dict]:
    import socket
    import subprocess

    import httpx

    from eventwire.store import Store
    from eventwire.store.queries import query_events

    with socket.socket() as sock:  # a free loopback port
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    exe = Path(sys.executable).with_name("eventwire")
    server = subprocess.Popen([str(exe), "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(url + "/api/live", timeout=2).raise_for_status()
            break
        except httpx.HTTPError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise SystemExit(f"eventwire serve did not start: {server.stderr.read().decode()}")
            time.sleep(0.2)
    rows = []
    try:
        with httpx.Client(base_url=url, timeout=60) as c, Store(db, read_only=True) as st:
            _measure(c, st, query_events, requests, rows)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows


def _measure(c, st, query_events, requests: int, rows: list) -> None:
    """Time every query of :data:`QUERIES` through the API (client ``c``) and bare (store ``st``)."""
    for name, params in QUERIES:
        r = c.get("/api/events", params=params)
        r.raise_for_status()
        total = r.json()["total"]
        api = []
        for _ in range(requests):
            t = time.perf_counter()
            r = c.get("/api/events", params=params)
            api.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200
        filters = {k: v for k, v in params.items() if k != "page"}
        offset = (params.get("page", 1) - 1) * 50
        bare = []
        for _ in range(max(20, requests // 5)):
            t = time.perf_counter()
            query_events(st.con, limit=50, offset=offset, **filters)
            bare.append((time.perf_counter() - t) * 1000)
        rows.append({"query": name, "matches": total, "all_ms": api, "p50_ms": round(pct(api, 50), 1),
                     "p95_ms": round(pct(api, 95), 1), "mean_ms": round(statistics.mean(api), 1),
                     "bare_p50_ms": round(pct(bare, 50), 1),
                     "ratio_api_to_bare": round(pct(api, 50) / max(pct(bare, 50), 1e-6), 2)})
        print(f"{name:28} {total:>7} matches  p50 {rows[-1]['p50_ms']:>6.1f} ms  p95 {rows[-1]['p95_ms']:>6.1f} ms"
              f"  (bare query p50 {rows[-1]['bare_p50_ms']:.1f} ms, ratio {rows[-1]['ratio_api_to_bare']})",
              file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--base", type=Path, default=ROOT / "build" / "bench-api" / "base.duckdb")
    ap.add_argument("-o", "--output", type=Path, default=ROOT / "build" / "bench-api" / "bench-api.json")
    a = ap.parse_args()
    base = base_db(a.base)
    big = a.base.with_name(f"big-{a.articles}.duckdb")
    sizes = grow(base, big, a.articles)
    print(f"database: {sizes}", file=sys.stderr)
    rows = measure(big, a.requests)
    pooled = [x for r in rows for x in r.pop("all_ms")]
    report = {"database": sizes, "requests_per_query": a.requests, "queries": rows,
              "all_requests": {"n": len(pooled), "p50_ms": round(pct(pooled, 50), 1),
                               "p95_ms": round(pct(pooled, 95), 1)},
              "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()]}
    a.output.parent.mkdir(parents=True, exist_ok=True)
    a.output.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
