"""``eventwire events`` and ``eventwire export``: read the store (read-only; safe beside ingest)."""

from __future__ import annotations

import csv
import json
import shutil
import sys
import tempfile
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from . import OutFormat, app, fail, setup_logging

DEFAULT_DB = "eventwire.duckdb"

#: Flat columns of ``events --format csv`` (one row per event).
EVENT_CSV = ["event_id", "date", "date_precision", "event_type", "mode", "aux", "actor", "actor_country",
             "recipient", "recipient_country", "location", "location_country", "canonical_id",
             "report_count", "source_count", "trigger", "sentence", "start", "end", "source", "url"]


class ExportFormat(str, Enum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"
    geojson = "geojson"
    plover = "plover"


def _open(db: Path):
    """The store read-only; a missing, locked or damaged file exits 1 with one line naming it."""
    from ..errors import StorageError
    from ..store import Store

    try:
        return Store(db, read_only=True)
    except StorageError as exc:
        fail(str(exc))


def _names(ents: list[dict]) -> str:
    return "; ".join(e["name"] or e["text"] or "" for e in ents)


def _codes(ents: list[dict]) -> str:
    return ";".join(e["country"] for e in ents if e["country"])


def flat(ev: dict) -> dict:
    """One event dict as a flat row (:data:`EVENT_CSV`)."""
    loc = ev["location"] or {}
    m = ev["mentions"][0] if ev["mentions"] else {}
    return {"event_id": ev["id"], "date": ev["date"], "date_precision": ev["date_precision"],
            "event_type": ev["event_type"], "mode": ev["mode"], "aux": ev["aux"],
            "actor": _names(ev["actor"]), "actor_country": _codes(ev["actor"]),
            "recipient": _names(ev["recipient"]), "recipient_country": _codes(ev["recipient"]),
            "location": loc.get("name") or loc.get("text"), "location_country": loc.get("country"),
            "canonical_id": ev["canonical_id"], "report_count": ev["report_count"],
            "source_count": ev["source_count"], "trigger": m.get("trigger"), "sentence": m.get("text"),
            "start": m.get("start"), "end": m.get("end"), "source": ev["article"]["source"],
            "url": ev["article"]["url"]}


def write_events(events: list[dict], fmt: str, fh) -> None:
    """Print events as table, json (one array), jsonl or csv (untrusted text made inert in each:
    :mod:`eventwire.termsafe`, :mod:`eventwire.csvsafe`, :mod:`eventwire.tables`)."""
    from ..csvsafe import neutralise
    from ..termsafe import json_text

    if fmt == "json":
        fh.write(json_text(json.dumps(events, ensure_ascii=False, indent=2, default=str)) + "\n")
    elif fmt == "jsonl":
        for ev in events:
            fh.write(json_text(json.dumps(ev, ensure_ascii=False, default=str)) + "\n")
    elif fmt == "csv":
        w = csv.DictWriter(fh, fieldnames=EVENT_CSV)
        w.writeheader()
        for ev in events:
            w.writerow({k: neutralise(v) for k, v in flat(ev).items()})
    else:
        from ..tables import write_event_table

        write_event_table(events, fh)


@app.command()
def events(
    db: Path = typer.Option(Path(DEFAULT_DB), "--db", help="DuckDB file written by 'eventwire ingest'."),
    type: Optional[str] = typer.Option(None, "--type", help="PLOVER event type, e.g. ASSAULT."),
    quad: Optional[str] = typer.Option(None, help="Quad class: 'verbal cooperation', 'material cooperation', 'verbal conflict', 'material conflict'."),
    actor: Optional[str] = typer.Option(None, help="Words of an actor's name or text, e.g. Lavrov."),
    recipient: Optional[str] = typer.Option(None, help="Words of a recipient's name or text, e.g. NATO."),
    actor_country: Optional[str] = typer.Option(None, help="ISO alpha-3 of an actor, e.g. UKR."),
    recipient_country: Optional[str] = typer.Option(None, help="ISO alpha-3 of a recipient, e.g. RUS."),
    country: Optional[str] = typer.Option(None, help="Where it happened (location country; else an actor's or recipient's)."),
    place: Optional[str] = typer.Option(None, help="Location name contains this, e.g. Mariupol."),
    since: Optional[str] = typer.Option(None, help="Events on or after this date (YYYY-MM-DD; YYYY-MM or YYYY: from its start)."),
    until: Optional[str] = typer.Option(None, help="Events on or before this date (YYYY-MM-DD; YYYY-MM or YYYY: to its end)."),
    aux: Optional[str] = typer.Option(None, help="none, historical, future, hypothetical or negation."),
    text: Optional[str] = typer.Option(None, help="A word in the sentence or trigger."),
    limit: Optional[int] = typer.Option(None, min=1, help="At most this many events."),
    format: OutFormat = typer.Option(OutFormat.table, "--format", "-f", help="table, json, jsonl, csv."),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="More logging on stderr."),
):
    """List stored events, newest first, filtered (filters combine with AND)."""
    from ..errors import StorageError

    setup_logging(verbose)
    st = _open(db)
    try:
        evs = st.query_events(type=type, actor_country=actor_country, recipient_country=recipient_country,
                              country=country, place=place, since=since, until=until, aux=aux,
                              text=text, quad=quad, actor=actor, recipient=recipient, limit=limit)
    except StorageError as exc:
        fail(str(exc))
    finally:
        st.close()
    write_events(evs, format.value, sys.stdout)


@app.command()
def export(
    out: Path = typer.Argument(..., help="Output file, or - for stdout."),
    format: ExportFormat = typer.Option(..., "--format", "-f", help="parquet, csv, jsonl, geojson or plover (PLOVER JSON Lines)."),
    db: Path = typer.Option(Path(DEFAULT_DB), "--db", help="DuckDB file written by 'eventwire ingest'."),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="More logging on stderr."),
):
    """Write every stored event to OUT (one row or record per event)."""
    from ..errors import StorageError

    setup_logging(verbose)
    to_stdout = str(out) == "-"
    tmp = None
    if to_stdout:  # written to a temporary file (DuckDB's COPY needs a path), then streamed
        tmp = tempfile.TemporaryDirectory(prefix="eventwire-export-")
        target = Path(tmp.name) / f"events.{format.value}"
    else:
        target = out
    st = _open(db)
    try:
        n = st.export(format.value, target)
    except StorageError as exc:
        fail(str(exc))
    finally:
        st.close()
    if tmp is not None:
        with open(target, "rb") as fh:
            shutil.copyfileobj(fh, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        tmp.cleanup()
    typer.echo(f"{n} event(s) written to {'stdout' if to_stdout else out}", err=True)
