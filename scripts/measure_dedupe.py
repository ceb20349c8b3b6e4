"""Measure cross-article linking and near-duplicate detection.

Usage::

    python scripts/measure_dedupe.py [--pairs tests/fixtures/link_pairs.jsonl] [-v]
    python scripts/measure_dedupe.py --corpus ../shared/corpus/news   # also end to end

1. Pairs: applies :func:`eventwire.store.dedupe.decide` to every labelled pair of
   ``tests/fixtures/link_pairs.jsonl`` and prints precision, recall and F1 of "same event",
   with the misses and false links (``-v``: every pair and the reason).
2. Near-duplicates (with ``--corpus``): the highest shingle Jaccard/containment between any two
   corpus articles (all are independent reports, so every pair should be below the thresholds).
3. End to end (with ``--corpus``, needs the extraction pipeline): extracts every article, writes
   them into a temporary store, and reports whether the 010/030 Istanbul talks link and how many
   canonical events span several articles.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
from pathlib import Path

from eventwire.store.dedupe import DUP_CONTAINMENT, DUP_JACCARD, LinkEvent, decide, resemblance, shingles

ROOT = Path(__file__).resolve().parents[1]


def measure_pairs(path: Path, verbose: bool = False, kind: str | None = None) -> dict:
    """Precision/recall of the linking rule on labelled pairs.

    Args:
        kind: only pairs of this kind ("cross-article": events of two corpus articles;
            "two sentences": two sentences of one article used as two reports).

    Returns:
        {"pairs", "tp", "fp", "fn", "tn", "precision", "recall", "f1", "errors": [...]}.
    """
    tp = fp = fn = tn = 0
    errors = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if kind and rec["kind"] != kind:
                continue
            a, b = LinkEvent.from_record(rec["a"]), LinkEvent.from_record(rec["b"])
            d = decide(a, b)
            gold = rec["label"] == "same"
            if d.same and gold:
                tp += 1
            elif d.same:
                fp += 1
            elif gold:
                fn += 1
            else:
                tn += 1
            row = (f"pair {rec['pair']:3d} {rec['label']:9s} -> {'same' if d.same else 'different':9s} "
                   f"{rec['a']['id']} ~ {rec['b']['id']}: {d.reason} (date={d.date}, place={d.place}, "
                   f"roles={d.roles}, sim={d.similarity:.2f}) [{rec.get('note')}]")
            if d.same != gold:
                errors.append(row)
            if verbose:
                print(row)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"pairs": tp + fp + fn + tn, "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "errors": errors}


def _body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    return body if sep else text


def measure_duplicates(corpus: Path) -> dict:
    """Highest resemblance between two different corpus articles (5-word shingles)."""
    docs = {p.name: shingles(_body(p)) for p in sorted(corpus.glob("*.txt"))}
    best = (0.0, 0.0, "", "")
    for (na, sa), (nb, sb) in itertools.combinations(docs.items(), 2):
        jac, cont = resemblance(sa, sb)
        if cont > best[1]:
            best = (jac, cont, na, nb)
    return {"articles": len(docs), "max_jaccard": round(best[0], 3), "max_containment": round(best[1], 3),
            "pair": best[2:], "thresholds": {"jaccard": DUP_JACCARD, "containment": DUP_CONTAINMENT}}


def end_to_end(corpus: Path) -> dict:
    """Extract the corpus into a temporary store and inspect the canonical events."""
    from eventwire.ingest.text import read_text_file
    from eventwire.pipeline import Pipeline
    from eventwire.store import Store

    pipe = Pipeline.from_config()
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "e2e.duckdb") as st:
        run = st.start_run(["measure_dedupe.py"])
        for p in sorted(corpus.glob("*.txt")):
            st.write_article(pipe.run(read_text_file(p)), run)
        st.finish_run(run, {})
        multi = st.con.execute(
            "SELECT c.id, c.event_type, c.report_count, c.source_count, list(DISTINCT a.source) "
            "FROM canonical_events c JOIN events e ON e.canonical_id = c.id JOIN articles a ON a.id = e.article_id "
            "WHERE c.report_count > 1 GROUP BY ALL ORDER BY c.report_count DESC").fetchall()
        istanbul = [m for m in multi if any("010_" in s for s in m[4]) and any("030_" in s for s in m[4])]
        return {"canonical_multi_article": [
                    {"id": m[0], "type": m[1], "reports": m[2], "sources": m[3],
                     "articles": sorted(Path(s).name for s in m[4])} for m in multi],
                "istanbul_010_030_linked": bool(istanbul)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=Path, default=ROOT / "tests" / "fixtures" / "link_pairs.jsonl")
    ap.add_argument("--corpus", type=Path, default=None, help="../shared/corpus/news for the corpus checks")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    res = measure_pairs(args.pairs, args.verbose)
    errors = res.pop("errors")
    print("all pairs:", json.dumps(res))
    for kind in ("cross-article", "two sentences"):
        sub = measure_pairs(args.pairs, kind=kind)
        sub.pop("errors")
        print(f"{kind}:", json.dumps(sub))
    for e in errors:
        print("  ERROR", e)
    if args.corpus:
        print(json.dumps(measure_duplicates(args.corpus)))
        try:
            print(json.dumps(end_to_end(args.corpus), indent=1))
        except Exception as exc:  # the pipeline is being written in parallel
            print(f"end-to-end check not run: {type(exc).__name__}: {exc}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
