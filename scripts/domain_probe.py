#!/usr/bin/env python3
"""Conflict events coded from non-political articles: the measure behind issue 8's rule "no
ASSAULT, COERCE, PROTEST, THREATEN, SANCTION or MOBILIZE event on non-political articles".

    python scripts/domain_probe.py training/nonpolitical/tune training/nonpolitical/check

Reads every ``*.txt`` of each directory, runs the pipeline, and prints per file the article's
``facts.domain``, its events and its conflict events; then, per directory, the totals for
non-political files and for political ones (the political controls: ``political_*`` files, or
``f*`` files of the tune set, which are political non-events: opinion, polls, forecasts). A
directory's ``labels.tsv`` (file, domain), when present, names each file's domain instead.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventwire.ingest.text import read_text_file  # noqa: E402
from eventwire.pipeline import Pipeline  # noqa: E402

CONFLICT = {"ASSAULT", "COERCE", "PROTEST", "THREATEN", "SANCTION", "MOBILIZE"}


def labels_of(d: Path) -> dict[str, str]:
    path = d / "labels.tsv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as f:
        return {r["file"]: r["domain"] for r in csv.DictReader(f, delimiter="\t")}


def main(dirs: list[str]) -> int:
    pipe = Pipeline.from_config()
    for name in dirs:
        d = Path(name)
        labels = labels_of(d)
        tot = {True: [0, 0, 0, 0], False: [0, 0, 0, 0]}  # files, in a domain, events, conflict events
        for path in sorted(d.glob("*.txt")):
            art = read_text_file(str(path))
            pipe.run(art)
            political = labels.get(path.name, "political" if path.name.startswith(("political", "f0")) else "other") \
                == "political"
            bad = [e for e in art.events if e.event_type in CONFLICT]
            t = tot[political]
            t[0] += 1
            t[1] += art.facts.domain is not None
            t[2] += len(art.events)
            t[3] += len(bad)
            print(f"{path.name:34} {str(art.facts.domain):9} events {len(art.events):2}  conflict {len(bad):2}  "
                  + ", ".join(f"{e.event_type}:{e.mentions[0].trigger}" for e in bad))
        for political, (n, dom, ev, bad) in tot.items():
            kind = "political" if political else "non-political"
            print(f"== {name}: {kind}: {n} files, {dom} put in a domain, {ev} events, {bad} conflict events")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or [str(ROOT / "training" / "nonpolitical" / "tune"),
                                   str(ROOT / "training" / "nonpolitical" / "check")]))
