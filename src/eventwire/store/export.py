"""Exports of every stored event: parquet, csv, jsonl, geojson, plover.

- ``parquet`` and ``csv``: one flat row per event (the ``event_rows`` view, docs/schema.md);
  parquet written by DuckDB's COPY (no pyarrow needed), csv by the ``csv`` module with every
  text cell through :func:`eventwire.csvsafe.cell` (a cell starting with ``=``, ``+``, ``-``,
  ``@``, tab or CR gets a leading apostrophe, so article text never runs as a spreadsheet formula).
- JSON formats have terminal controls escaped (:func:`eventwire.termsafe.json_text`).
- ``jsonl``: one event dict per line (``queries.assemble``: the eventwire/1 event record plus
  article, canonical_id, report_count, source_count).
- ``geojson``: a FeatureCollection of the events that have coordinates (Point, lon/lat WGS84),
  properties = the flat row.
- ``plover``: PLOVER JSON Lines with the manual's field names (id, date, actor, recipient, event,
  mode, context, event_loc, event_text, quad_code, text_info, cite_info, size), plus
  eventwire's provenance fields (``aux``, ``canonical_id``, ``report_count``, ``source_count``).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from ..errors import StorageError
from ..termsafe import json_text
from .queries import iter_events

log = logging.getLogger(__name__)

FORMATS = ("parquet", "csv", "jsonl", "geojson", "plover")
#: PLOVER quad categories → the manual's numeric quad codes.
QUAD_CODES = {"verbal cooperation": 1, "material cooperation": 2, "verbal conflict": 3, "material conflict": 4}
_ORDER = "ORDER BY date DESC NULLS LAST, article_id, event_id"


def _sql_path(p: Path) -> str:
    return "'" + str(p).replace("'", "''") + "'"


def export(con, fmt: str, out: Path) -> int:
    """Write every event to ``out`` in ``fmt``; returns the number of rows (events) written.

    Raises:
        StorageError: unknown format, or ``out`` cannot be written.
    """
    if fmt not in FORMATS:
        raise StorageError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")
    out = Path(out)
    if not out.parent.exists():
        raise StorageError(f"{out}: directory {out.parent} does not exist")
    try:
        if fmt == "parquet":
            n = con.execute("SELECT count(*) FROM event_rows").fetchone()[0]
            con.execute(f"COPY (SELECT * FROM event_rows {_ORDER}) TO {_sql_path(out)} (FORMAT parquet)")
            return int(n)
        if fmt == "csv":
            return _csv(con, out)
        if fmt == "geojson":
            return _geojson(con, out)
        n = 0
        with open(out, "w", encoding="utf-8") as fh:
            for ev in iter_events(con):
                rec = plover_record(ev) if fmt == "plover" else ev
                fh.write(json_text(json.dumps(rec, ensure_ascii=False, default=str)) + "\n")
                n += 1
        return n
    except OSError as exc:
        raise StorageError(f"{out}: cannot write: {exc.strerror or exc}") from exc
    except Exception as exc:
        import duckdb

        if isinstance(exc, duckdb.Error):
            raise StorageError(f"{out}: export failed: {exc}") from exc
        raise


def _csv(con, out: Path) -> int:
    """The ``event_rows`` view as CSV with a header, text cells neutralised (module docstring)."""
    import csv

    from ..csvsafe import row

    cur = con.execute(f"SELECT * FROM event_rows {_ORDER}")
    n = 0
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([d[0] for d in cur.description])
        while True:
            rows = cur.fetchmany(1000)
            if not rows:
                break
            w.writerows(row(r) for r in rows)
            n += len(rows)
    return n


def _geojson(con, out: Path) -> int:
    """Every event as a Feature: a Point where its place has coordinates, else a null geometry
    (RFC 7946, section 3.2: an unlocated feature), so no event is dropped without a word; map
    tools draw the located ones and keep the rest in the attribute table."""
    cur = con.execute(f"SELECT * FROM event_rows {_ORDER}")
    cols = [d[0] for d in cur.description]
    n = 0
    with open(out, "w", encoding="utf-8") as fh:
        fh.write('{"type": "FeatureCollection", "features": [\n')
        while True:
            rows = cur.fetchmany(500)
            if not rows:
                break
            for r in rows:
                props = dict(zip(cols, r))
                feat = {"type": "Feature", "id": props["event_id"],
                        "geometry": {"type": "Point", "coordinates": [props["lon"], props["lat"]]}
                        if props["lat"] is not None and props["lon"] is not None else None,
                        "properties": props}
                fh.write((",\n" if n else "") + json_text(json.dumps(feat, ensure_ascii=False, default=str)))
                n += 1
        fh.write("\n]}\n")
    return n


def _plover_actor(ents: list[dict]) -> list[dict]:
    return [{"actor": e["name"] or e["text"], "code": e["country"], "agent": e["sector"],
             "affiliation": e["affiliation"], "wikidata": e["wikidata"], "text": e["text"],
             "start": e["start"], "end": e["end"]} for e in ents]


def plover_record(ev: dict) -> dict:
    """One event dict (``queries.assemble``) as a PLOVER record (manual field names).

    ``actor``/``recipient`` are lists (compound actors stay in one event), each member with
    ``actor`` (name), ``code`` (ISO alpha-3), ``agent`` (sector); ``quad_code`` is 1 verbal
    cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict;
    ``text_info`` holds the offsets of every mention sentence in the article.
    """
    art = ev["article"]
    loc = ev["location"]
    return {
        "id": ev["id"], "date": ev["date"], "date_precision": ev["date_precision"],
        "actor": _plover_actor(ev["actor"]), "recipient": _plover_actor(ev["recipient"]),
        "event": ev["event_type"], "mode": ev["mode"], "context": ev["contexts"],
        "event_loc": None if loc is None else {
            "name": loc["name"] or loc["text"], "country": loc["country"], "admin1": loc["admin1"],
            "lat": loc["lat"], "lon": loc["lon"], "geonameid": loc["geonameid"], "feature": loc["feature"],
            "text": loc["text"]},
        "event_text": " ".join(m["text"] for m in ev["mentions"]),
        "quad_code": QUAD_CODES.get((ev["quad"] or "").lower()),
        "text_info": {"article_id": art["id"], "sentences": [
            {"start": m["start"], "end": m["end"], "trigger": m["trigger"], "section": m["section"]}
            for m in ev["mentions"]]},
        "cite_info": {"url": art["url"], "title": art["title"], "publication": art["outlet"],
                      "published": art["published"], "source": art["source"]},
        "size": ev["size"],
        "aux": ev["aux"], "score": ev["score"], "confidence": ev["confidence"],
        "canonical_id": ev["canonical_id"], "report_count": ev["report_count"],
        "source_count": ev["source_count"],
    }
