"""Measure place recall on the gold articles (../shared/eval/articles by default).

For each ``NAME.gold.json`` runs CleanStage + ParseStage + PlaceStage on ``NAME.txt`` with the
gold ``metadata.published`` and counts the gold ``places`` found among the system places by the
gold rule (eval/README.md rule 7): same country, and the gold name equal to or contained in the
system place's ``name`` or ``text`` (NFKC, case-folded). Prints per-article recall, the misses, and
the total (micro-averaged).

Usage: python scripts/measure_places.py [GOLD_DIR] [-v]
"""

from __future__ import annotations

import json
import sys
import time
import unicodedata
from pathlib import Path

from eventwire.clean import CleanStage
from eventwire.extract.places import PlaceStage
from eventwire.ingest.text import parse_date, read_text_file
from eventwire.knowledge import Knowledge
from eventwire.nlp.stage import ParseStage


def norm(s: str | None) -> str:
    return " ".join(unicodedata.normalize("NFKC", s or "").lower().split())


def found(gold: dict, places) -> bool:
    g = norm(gold["name"])
    return any(p.country == gold.get("country") and (g in norm(p.name) or g in norm(p.text))
               for p in places)


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    gold_dir = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "shared" / "eval" / "articles"
    kb = Knowledge()
    stages = [CleanStage(kb, {}), ParseStage(kb, {})]
    places = PlaceStage(kb, {})
    tp = total = 0
    t_place = 0.0
    for gpath in sorted(gold_dir.glob("*.gold.json")):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        art = read_text_file(gpath.with_name(gpath.name.replace(".gold.json", ".txt")),
                             published=parse_date(gold["metadata"].get("published")))
        for st in stages:
            st(art)
        t0 = time.perf_counter()
        places(art)
        t_place += time.perf_counter() - t0
        golds = gold.get("places", [])
        hits = [g for g in golds if found(g, art.places)]
        misses = [g for g in golds if not found(g, art.places)]
        tp += len(hits)
        total += len(golds)
        print(f"{gpath.name.replace('.gold.json', ''):45s} {len(hits)}/{len(golds)}"
              + (f"  missed: {', '.join(g['name'] + '/' + str(g.get('country')) for g in misses)}" if misses else ""))
        if verbose:
            print("   ", "; ".join(f"{p.text}->{p.name}/{p.country}" for p in art.places))
    print(f"TOTAL place recall {tp}/{total} = {tp / max(total, 1):.3f}  (PlaceStage time {t_place:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
