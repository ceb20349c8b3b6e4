"""Quote P/R/F1 against gold quotes, by rule 6 of ../shared/eval/README.md, and quote leaks.

A system quote matches a gold quote when the gold evidence lies inside its text and the gold
speaker's last word lies inside the speaker's name or text (both after NFKC, curly quotes and
dashes folded to straight ones, whitespace collapsed, lower case); one-to-one. Unmatched
optional gold quotes (``required: false``) are not misses; matched ones count as hits (as
``eventwire eval`` counts them); a system quote that only duplicates a matched one counts neither way. Boilerplate leaks (rule 8): system
quotes whose whole span lies inside a line that is, as a whole line, a gold boilerplate line.

Usage: ``python scripts/measure_quotes.py [ARTICLES_DIR] [-v] [--full]`` (``--full``: run the
whole standard pipeline rather than clean, parse, actors and quotes only).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

from eventwire.ingest.text import read_text_file
from eventwire.pipeline import Pipeline

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "articles"
_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'",
                       "–": "-", "—": "-", "‒": "-", "―": "-", "‐": "-", "‑": "-", "−": "-"})


def norm(s: str | None) -> str:
    s = unicodedata.normalize("NFKC", s or "").translate(_FOLD)
    return re.sub(r"\s+", " ", s).strip().lower()


def matches(q, g) -> bool:
    if norm(g["evidence"]) not in norm(q.text):
        return False
    last = norm(g["speaker"]).split()[-1] if g.get("speaker") else ""
    sp = q.speaker
    return bool(sp) and (last in norm(sp.name) or last in norm(sp.text))


def assign(quotes, gold):
    """Maximum one-to-one matching (augmenting paths), required gold quotes first."""
    order = sorted(range(len(gold)), key=lambda j: gold[j].get("required", True) is False)
    owner: dict[int, int] = {}

    def try_(j, seen):
        for i, q in enumerate(quotes):
            if i in seen or not matches(q, gold[j]):
                continue
            seen.add(i)
            if i not in owner or try_(owner[i], seen):
                owner[i] = j
                return True
        return False

    for j in order:
        try_(j, set())
    return {j: i for i, j in owner.items()}


def leaks(art, gold) -> int:
    lines = {norm(b) for b in gold.get("boilerplate", [])}
    n = 0
    for q in art.quotes:
        ls = art.text.rfind("\n", 0, q.start) + 1
        le = art.text.find("\n", q.end)
        le = len(art.text) if le < 0 else le
        if norm(art.text[ls:le]) in lines:
            n += 1
    return n


def build_pipeline(full: bool = False):
    """The stages quotes depend on (clean, parse, actors, quotes), or with ``full`` the standard
    pipeline (falling back to the short one when a stage does not build)."""
    if full:
        try:
            return Pipeline.from_config()
        except Exception as exc:  # a stage module mid-edit: measure on the stages we need
            print(f"(full pipeline unavailable: {type(exc).__name__}: {exc})", file=sys.stderr)
    from eventwire.clean import CleanStage
    from eventwire.extract.quotes import QuoteStage
    from eventwire.knowledge import Knowledge
    from eventwire.nlp.stage import ParseStage

    kb = Knowledge()
    stages = [CleanStage(kb, {}), ParseStage(kb, {})]
    try:
        from eventwire.extract.actors import ActorStage
        stages.append(ActorStage(kb, {}))
    except Exception as exc:
        print(f"(actors unavailable: {exc}; quotes use spaCy entities)", file=sys.stderr)

        class NoActors:
            name, requires, assigns = "actors", ("sentences",), ("entities",)

            def __call__(self, article):
                article.entities = []
        stages.append(NoActors())
    stages.append(QuoteStage(kb, {}))
    return Pipeline(stages, kb, {})


def main(directory: Path, verbose: bool, full: bool = False) -> int:
    pipe = build_pipeline(full)
    T = {"tp": 0, "fp": 0, "fn": 0, "leak": 0}
    print(f"{'article':42s} {'TP':>3s} {'FP':>3s} {'FN':>3s}   {'P':>5s} {'R':>5s} {'F1':>5s} leaks")
    for gold_path in sorted(directory.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        txt = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
        from eventwire.ingest.text import parse_date
        art = pipe.run(read_text_file(txt, parse_date(gold["metadata"].get("published"))))
        gq = gold.get("quotes", [])
        m = assign(art.quotes, gq)
        tp = len(m)  # a matched optional quote counts as a hit, as in `eventwire eval`
        fn = sum(1 for j, g in enumerate(gq) if g.get("required", True) is not False and j not in m)
        matched_sys = set(m.values())
        fp = sum(1 for i, q in enumerate(art.quotes)
                 if i not in matched_sys and not any(matches(q, g) for g in gq))
        lk = leaks(art, gold)
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{gold_path.name[:-10][:42]:42s} {tp:3d} {fp:3d} {fn:3d}   {p:5.2f} {r:5.2f} {f:5.2f} {lk:3d}")
        if verbose:
            for i, q in enumerate(art.quotes):
                tag = "ok " if i in matched_sys else ("dup" if any(matches(q, g) for g in gq) else "FP ")
                who = f"{q.speaker.text!r}->{q.speaker.name!r}" if q.speaker else None
                print(f"      {tag} [{q.verb}] {who}: {q.text[:80]!r}")
            for j, g in enumerate(gq):
                if j not in m and g.get("required", True) is not False:
                    print(f"      MISS {g['speaker']}: {g['evidence']!r}")
        for k, v in (("tp", tp), ("fp", fp), ("fn", fn), ("leak", lk)):
            T[k] += v
    p = T["tp"] / (T["tp"] + T["fp"]) if T["tp"] + T["fp"] else 1.0
    r = T["tp"] / (T["tp"] + T["fn"]) if T["tp"] + T["fn"] else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"{'TOTAL (micro)':42s} {T['tp']:3d} {T['fp']:3d} {T['fn']:3d}   {p:5.2f} {r:5.2f} {f:5.2f} {T['leak']:3d}")
    return 0


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    sys.exit(main(Path(args[0]) if args else DEFAULT, "-v" in sys.argv, "--full" in sys.argv))
