"""Measure section roles against the gold ``boilerplate`` and ``captions`` lists.

For every ``*.gold.json`` of an articles directory (default ../shared/eval/articles):

- boilerplate recall: the fraction of gold boilerplate lines whose every character (but spaces)
  lies in a furniture section (``model.FURNITURE_ROLES``);
- caption recall: the fraction of gold caption starts that open a ``caption`` section;
- extra furniture: furniture sections (other than the header) that overlap no gold boilerplate
  line, printed so a reader can judge whether body text was lost.

Usage: ``python scripts/measure_clean.py [ARTICLES_DIR]``, or
``python scripts/measure_clean.py --corpus [CORPUS_DIR]`` to print every non-body section of the
corpus articles (default ../shared/corpus/news) with its role, for reading.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from eventwire.clean import split_sections
from eventwire.ingest.text import read_text_file
from eventwire.model import FURNITURE_ROLES

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "articles"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "news"


def covered(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return all(text[i].isspace() or any(s <= i < e for s, e in spans) for i in range(start, end))


def main(directory: Path) -> int:
    tot = {"bp": 0, "bp_ok": 0, "cap": 0, "cap_ok": 0, "extra": 0}
    print(f"{'article':45s} {'boilerplate':>12s} {'captions':>9s} {'extra furn.':>11s}")
    for gold_path in sorted(directory.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        txt = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
        art = read_text_file(txt)
        secs = split_sections(art)
        text = art.text
        furn = [(s.start, s.end) for s in secs if s.role in FURNITURE_ROLES]
        bp_ok, bp_spans, misses = 0, [], []
        for line in gold.get("boilerplate", []):
            pos = text.find(line, art.body_start)
            if pos < 0:
                misses.append(f"not found: {line!r}")
                continue
            bp_spans.append((pos, pos + len(line)))
            if covered(text, pos, pos + len(line), furn):
                bp_ok += 1
            else:
                misses.append(f"boilerplate missed: {line!r}")
        cap_ok = 0
        art.sections = secs
        for cap in gold.get("captions", []):
            pos = text.find(cap, art.body_start)
            sec = art.section_at(pos) if pos >= 0 else None
            if sec is not None and sec.role == "caption" and sec.start == pos:
                cap_ok += 1
            else:
                misses.append(f"caption missed: {cap!r} ({sec.role if sec else None})")
        extra = [s for s in secs if s.role in FURNITURE_ROLES and s.role != "header"
                 and not any(s.start < e and b < s.end for b, e in bp_spans)]
        nb, nc = len(gold.get("boilerplate", [])), len(gold.get("captions", []))
        print(f"{gold_path.name[:-10]:45s} {bp_ok:5d}/{nb:<6d} {cap_ok:4d}/{nc:<4d} {len(extra):6d}")
        for m in misses:
            print("    " + m)
        for s in extra:
            print(f"    extra {s.role}: {text[s.start:s.end][:100]!r}")
        tot["bp"] += nb
        tot["bp_ok"] += bp_ok
        tot["cap"] += nc
        tot["cap_ok"] += cap_ok
        tot["extra"] += len(extra)
    bp = tot["bp_ok"] / tot["bp"] if tot["bp"] else 1.0
    cap = tot["cap_ok"] / tot["cap"] if tot["cap"] else 1.0
    print(f"TOTAL boilerplate marked furniture {tot['bp_ok']}/{tot['bp']} = {bp:.3f}; "
          f"captions marked caption {tot['cap_ok']}/{tot['cap']} = {cap:.3f}; "
          f"furniture sections outside gold boilerplate: {tot['extra']}")
    return 0


def show_corpus(directory: Path) -> int:
    """Print the non-body sections of every article (role, repeat mark, text) and role counts."""
    counts: dict[str, int] = {}
    for path in sorted(directory.glob("*.txt")):
        art = read_text_file(path)
        print("==", path.name)
        for i, s in enumerate(split_sections(art)):
            counts[s.role] = counts.get(s.role, 0) + 1
            if s.role in ("header", "body") and s.duplicate_of is None:
                continue
            dup = f" =#{s.duplicate_of}" if s.duplicate_of is not None else ""
            print(f"  {i:3d} {s.role:11s}{dup:5s} {art.text[s.start:s.end][:100]!r}")
    print("sections by role:", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if "--corpus" in sys.argv:
        sys.exit(show_corpus(Path(args[0]) if args else CORPUS))
    sys.exit(main(Path(args[0]) if args else DEFAULT))
