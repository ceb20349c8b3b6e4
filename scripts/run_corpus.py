"""Run the whole pipeline over a directory of articles and report what happened to each one.

Usage::

    python scripts/run_corpus.py ../shared/corpus/news [--published YYYY-MM-DD] [--timeout 60]
                                 [--max-bytes N] [--json] [--strict]

For every document read by :func:`eventwire.ingest.dispatch.iter_source` (text files, ``.jsonl``
records) it prints one line on stdout: the document, its event / quote / place / entity counts,
the event types, the seconds spent in ``Pipeline.run``, and a status:

- ``ok``: processed;
- ``rejected``: an :class:`~eventwire.errors.InputError` raised on purpose (empty, binary, not
  UTF-8, too large, bad header date) — a clean per-document error, not a bug;
- ``crash``: an exception that is not an ``EventwireError`` escaped a stage (``Pipeline.run``
  wraps it into an InputError whose ``__cause__`` is the original exception) or escaped the
  pipeline altogether; the traceback goes to stderr;
- ``hang``: ``Pipeline.run`` took longer than ``--timeout`` seconds (SIGALRM, Unix only).

Exit code: 1 when any document crashed or hung (with ``--strict``, also when one was rejected),
else 0. A summary line goes to stderr.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import signal
import sys
import time
import traceback
from pathlib import Path

from eventwire.errors import EventwireError, ExtractionError, InputError
from eventwire.ingest.base import MAX_BYTES
from eventwire.ingest.dispatch import SourceOptions, iter_source
from eventwire.ingest.text import parse_date
from eventwire.pipeline import Pipeline


class Hang(BaseException):
    """Raised by the SIGALRM handler when one document takes longer than the time limit.

    A BaseException, so that ``Pipeline.run`` (which wraps every ``Exception`` of a stage into an
    InputError) lets it through.
    """


def _alarm(signum, frame):
    raise Hang()


def _is_crash(exc: BaseException) -> bool:
    """True when ``exc`` is (or wraps) an exception that no stage raised on purpose."""
    if not isinstance(exc, EventwireError):
        return True
    # Pipeline.run turns a stage bug into ExtractionError(doc, stage, kind, reason) from the bug.
    return isinstance(exc, ExtractionError)


def run_one(pipeline: Pipeline, item, timeout: int) -> dict:
    """Process one reader item (Article or InputError); return its report row."""
    if isinstance(item, InputError):
        return {"document": item.document, "status": "rejected", "error": item.reason,
                "events": 0, "quotes": 0, "places": 0, "entities": 0, "types": {}, "seconds": 0.0}
    row = {"document": item.source, "status": "ok", "error": None}
    use_alarm = timeout > 0 and hasattr(signal, "SIGALRM")
    t0 = time.perf_counter()
    try:
        if use_alarm:
            signal.alarm(timeout)
        try:
            art = pipeline.run(item)
        finally:
            if use_alarm:
                signal.alarm(0)
    except Hang:
        row.update(status="hang", error=f"no result after {timeout} s")
        art = None
    except Exception as exc:  # noqa: BLE001 - classifying every failure is the point
        if _is_crash(exc):
            row.update(status="crash", error=f"{type(exc).__name__}: {exc}")
            cause = exc.__cause__ if isinstance(exc, ExtractionError) and exc.__cause__ else exc
            print(f"--- crash in {item.source}", file=sys.stderr)
            traceback.print_exception(type(cause), cause, cause.__traceback__, file=sys.stderr)
        else:
            row.update(status="rejected", error=str(exc))
        art = None
    row["seconds"] = round(time.perf_counter() - t0, 3)
    if art is not None:
        row.update(events=len(art.events), quotes=len(art.quotes), places=len(art.places),
                   entities=len(art.entities),
                   types=dict(sorted(collections.Counter(e.event_type for e in art.events).items())))
    else:
        row.update(events=0, quotes=0, places=0, entities=0, types={})
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("directory", help="a directory of articles (or one file / .jsonl)")
    ap.add_argument("--published", help="publication date for every document (YYYY-MM-DD)")
    ap.add_argument("--timeout", type=int, default=60, help="seconds per document before it counts as a hang (0: none)")
    ap.add_argument("--max-bytes", type=int, default=MAX_BYTES, help="largest document accepted, in bytes")
    ap.add_argument("--json", action="store_true", help="one JSON object per document instead of a table")
    ap.add_argument("--strict", action="store_true", help="exit 1 also when a document is rejected")
    args = ap.parse_args(argv)

    if not Path(args.directory).exists():
        print(f"run_corpus: error: {args.directory}: no such file or directory", file=sys.stderr)
        return 1
    published = parse_date(args.published) if args.published else None
    t_build = time.perf_counter()
    pipeline = Pipeline.from_config({"max_bytes": args.max_bytes})
    build_s = time.perf_counter() - t_build
    if hasattr(signal, "SIGALRM"):
        signal.signal(signal.SIGALRM, _alarm)

    rows = []
    items = iter_source(args.directory, SourceOptions(published=published, max_bytes=args.max_bytes))
    if not args.json:
        print(f"{'document':<52} {'events':>6} {'quotes':>6} {'places':>6} {'entities':>8} {'seconds':>8}  status / types")
    while True:
        try:
            item = next(items)
        except StopIteration:
            break
        except Exception as exc:  # noqa: BLE001 - a reader crash is a crash too; the batch cannot go on
            print("--- crash in the reader", file=sys.stderr)
            traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
            rows.append({"document": args.directory, "status": "crash", "error": f"{type(exc).__name__}: {exc}",
                         "events": 0, "quotes": 0, "places": 0, "entities": 0, "types": {}, "seconds": 0.0})
            break
        row = run_one(pipeline, item, args.timeout)
        rows.append(row)
        if args.json:
            print(json.dumps(row, ensure_ascii=False), flush=True)
        else:
            doc = Path(row["document"]).name if not row["document"].startswith("jsonl:") else row["document"]
            what = ", ".join(f"{k}:{v}" for k, v in row["types"].items()) if row["status"] == "ok" \
                else f"{row['status'].upper()}: {row['error']}"
            print(f"{doc[:52]:<52} {row['events']:>6} {row['quotes']:>6} {row['places']:>6} "
                  f"{row['entities']:>8} {row['seconds']:>8.2f}  {what}", flush=True)

    status = collections.Counter(r["status"] for r in rows)
    total_s = sum(r["seconds"] for r in rows)
    print(f"run_corpus: {len(rows)} documents, {status['ok']} ok, {status['rejected']} rejected, "
          f"{status['crash']} crashed, {status['hang']} hung; {sum(r['events'] for r in rows)} events; "
          f"{total_s:.1f} s in Pipeline.run (+{build_s:.1f} s to build it); "
          f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC", file=sys.stderr)
    bad = status["crash"] + status["hang"] + (status["rejected"] if args.strict else 0)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
