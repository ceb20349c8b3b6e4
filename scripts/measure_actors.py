"""Measure actor coverage on the PLOVER GSR sentences.

For each gold actor/recipient of ``dev.jsonl`` (text + ISO3 code, or ``IGO``/``NGO``), the record
counts as covered when ActorStage yields an entity whose span overlaps the gold text and whose
code fits (country == code; ``IGO``: sector IGO or a known IGO affiliation; ``NGO``: sector NGO).

Usage::

    python scripts/measure_actors.py [GSR.jsonl] [-v]

Prints ``covered/total`` and the fraction on stdout (a script, not library code); ``-v`` lists misses.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def fits(code: str, ent) -> bool:
    if code == "IGO":
        return ent.sector == "IGO" or bool(ent.affiliation and ent.country is None)
    if code == "NGO":
        return ent.sector == "NGO"
    return ent.country == code


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("gsr", nargs="?", default=str(ROOT / "tests" / "fixtures" / "gsr" / "dev.jsonl"))
    ap.add_argument("-v", action="store_true")
    args = ap.parse_args(argv)
    from eventwire.clean import CleanStage
    from eventwire.extract.actors import ActorStage
    from eventwire.knowledge import Knowledge
    from eventwire.model import Article
    from eventwire.nlp.stage import ParseStage

    kb, cfg = Knowledge(), {}
    stages = [CleanStage(kb, cfg), ParseStage(kb, cfg), ActorStage(kb, cfg)]
    total = covered = 0
    for line in Path(args.gsr).read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        art = Article(text=rec["text"])
        for st in stages:
            st(art)
        for role in ("actor", "recipient"):
            for g in rec[role]:
                gt = g["text"].strip()
                lo = rec["text"].find(gt)
                hi = lo + len(gt)
                total += 1
                ok = lo >= 0 and any(e.start < hi and e.end > lo and fits(g["code"], e) for e in art.entities)
                covered += ok
                if not ok and args.v:
                    got = [(e.text, e.country, e.sector) for e in art.entities if e.start < hi and e.end > lo]
                    print(f"MISS {g['code']:4} {gt!r} got={got} | {rec['text'][:100]}")
    print(f"GSR actor/recipient coverage: {covered}/{total} = {covered / max(total, 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
