"""Writing eventwire/1 records: json, jsonl, csv (one row per event) and a table for people.

Article text is untrusted in every format: JSON has its terminal controls escaped
(:func:`eventwire.termsafe.json_text`), CSV cells are neutralised against formulas
(:func:`eventwire.csvsafe.neutralise`), tables show clean literal text (:mod:`eventwire.tables`).
"""

from __future__ import annotations

import csv
import json
from typing import IO, Iterable

from .csvsafe import neutralise
from .model import Article
from .termsafe import json_text

#: CSV columns, one row per event (entity lists joined with ";" as name/country/sector).
CSV_COLUMNS = ["article_id", "event_id", "event_type", "mode", "aux", "date", "date_precision",
               "actor", "recipient", "claimed_by", "location", "location_country", "score",
               "confidence", "contexts", "dead", "injured", "arrested", "crowd", "trigger", "sentence",
               "start", "end", "source"]


def _ent(e: dict | None) -> str:
    if not e:
        return ""
    return "/".join(x for x in (e.get("name") or e.get("text"), e.get("country"), e.get("sector")) if x)


def csv_rows(rec: dict) -> Iterable[dict]:
    """Flatten one article record into CSV rows (one per event)."""
    for ev in rec["events"]:
        m = ev["mentions"][0] if ev["mentions"] else {}
        loc = ev.get("location") or {}
        yield {
            "article_id": rec["article"]["id"], "event_id": ev["id"], "event_type": ev["event_type"],
            "mode": ev["mode"] or "", "aux": ev["aux"] or "", "date": ev["date"] or "",
            "date_precision": ev["date_precision"] or "",
            "actor": "; ".join(_ent(e) for e in ev["actor"]),
            "recipient": "; ".join(_ent(e) for e in ev["recipient"]),
            "claimed_by": _ent(ev.get("claimed_by")), "location": loc.get("name") or loc.get("text") or "",
            "location_country": loc.get("country") or "", "score": ev["score"], "confidence": ev["confidence"],
            "contexts": ";".join(ev["contexts"]), **{k: ("" if v is None else v) for k, v in ev["size"].items()},
            "trigger": m.get("trigger", ""), "sentence": m.get("text", ""), "start": m.get("start", ""),
            "end": m.get("end", ""), "source": rec["article"]["source"],
        }


def write_records(articles: list[Article], fmt: str, fh: IO[str]) -> None:
    """Write articles as ``json`` (one indented object; use jsonl for several), ``jsonl``,
    ``csv`` or ``table``."""
    recs = [a.record() for a in articles]
    if fmt == "json":
        for r in recs:
            fh.write(json_text(json.dumps(r, ensure_ascii=False, indent=2)) + "\n")
    elif fmt == "jsonl":
        for r in recs:
            fh.write(json_text(json.dumps(r, ensure_ascii=False)) + "\n")
        fh.flush()
    elif fmt == "csv":
        w = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        w.writeheader()
        for r in recs:
            w.writerows({k: neutralise(v) for k, v in row.items()} for row in csv_rows(r))
    elif fmt == "table":
        write_table(recs, fh)
    else:
        raise ValueError(f"unknown format {fmt!r}")


def write_table(recs: list[dict], fh: IO[str]) -> None:
    """A readable view per article (:func:`eventwire.tables.write_article_tables`)."""
    from .tables import write_article_tables

    write_article_tables(recs, fh)
