"""Writing eventwire/1 records: json, jsonl, csv (one row per event) and a table for people."""

from __future__ import annotations

import csv
import json
from typing import IO, Iterable

from .model import Article

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
            fh.write(json.dumps(r, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "jsonl":
        for r in recs:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        fh.flush()
    elif fmt == "csv":
        from .csvsafe import dict_row

        w = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        w.writeheader()
        for r in recs:
            w.writerows(dict_row(row) for row in csv_rows(r))
    elif fmt == "table":
        write_table(recs, fh)
    else:
        raise ValueError(f"unknown format {fmt!r}")


def write_table(recs: list[dict], fh: IO[str]) -> None:
    """A readable view per article (rich): events, quotes, and places (one row per gazetteer
    entry, with the words used for it and how many times it is named)."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=fh, width=160, force_terminal=False, color_system=None if not fh.isatty() else "auto")
    for r in recs:
        a = r["article"]
        console.print(f"[bold]{a.get('title') or a['source']}[/bold]  ({a.get('outlet') or '?'}, {a.get('published') or 'date unknown'})")
        t = Table(show_lines=False)
        for col in ("type", "mode", "aux", "actor", "recipient", "where", "when", "trigger / sentence"):
            t.add_column(col, overflow="fold")
        for ev in r["events"]:
            m = ev["mentions"][0] if ev["mentions"] else {"text": "", "trigger": ""}
            loc = ev.get("location") or {}
            sent = m["text"] if len(m["text"]) <= 90 else m["text"][:87] + "..."
            more = f" (+{len(ev['mentions']) - 1})" if len(ev["mentions"]) > 1 else ""
            t.add_row(ev["event_type"], ev["mode"] or "", ev["aux"] or "",
                      ", ".join(_ent(e) for e in ev["actor"]) or "-",
                      ", ".join(_ent(e) for e in ev["recipient"]) or "-",
                      loc.get("name") or "", ev["date"] or "", f"{m['trigger']}: {sent}{more}")
        console.print(t)
        if r["quotes"]:
            q = Table(show_lines=False)
            q.add_column("speaker")
            q.add_column("quote", overflow="fold")
            for qu in r["quotes"]:
                sp = qu.get("speaker") or {}
                q.add_row(sp.get("name") or sp.get("text") or "?", qu["text"])
            console.print(q)
        if r.get("places"):
            p = Table(show_lines=False)
            for col in ("place", "resolved to", "country", "admin1", "GeoNames id", "mentions"):
                p.add_column(col, overflow="fold")
            seen: dict[tuple, list] = {}
            for pl in r["places"]:  # one row per gazetteer entry, with how often it is named
                key = (pl.get("geonameid"), pl.get("name"), pl.get("country"))
                seen.setdefault(key, []).append(pl)
            for (gid, name, country), pls in seen.items():
                texts = sorted({x["text"] for x in pls})
                p.add_row(", ".join(texts), name or "?", country or "", pls[0].get("admin1") or "",
                          str(gid) if gid else "", str(len(pls)))
            console.print(p)
