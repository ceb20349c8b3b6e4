"""Text rendering of evaluation results (:mod:`eventwire.evaluate`) for a developer.

Figures first (per article, then the micro-averaged total), then, per document, why: the
required gold events missed, the false positives, the matched events with wrong arguments,
quote misses and false positives, places missed and boilerplate leaks.
"""

from __future__ import annotations

from typing import IO

_CUT = 110


def _r(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def _cut(text: str | None, n: int = _CUT) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 3] + "..."


def _prf(name: str, d: dict) -> str:
    return (f"  {name:<8} P {_r(d['precision'])}  R {_r(d['recall'])}  F1 {_r(d['f1'])}"
            f"  (tp {d['tp']}, fp {d['fp']}, fn {d['fn']})")


def _acc(name: str, d: dict) -> str:
    return f"{name} {d['correct']}/{d['total']} {_r(d['accuracy'])}"


def figures(res: dict) -> list[str]:
    """The figure lines of one article result or of the total."""
    ev = _prf("events", res["events"]) + f"  [{res['duplicates']} duplicates, {res['set_aside']} set aside]"
    pl = res["places"]
    return [
        ev, _prf("triples", res["triples"]), _prf("quotes", res["quotes"]),
        "  " + "   ".join(_acc(k, res[k]) for k in ("location", "date", "mode", "aux")),
        f"  places {pl['found']}/{pl['total']} {_r(pl['recall'])}   leaks {res['leaks']['count']}",
    ]


def details(res: dict) -> list[str]:
    """The why-lines of one article result (empty sections are left out)."""
    out: list[str] = []
    if res.get("error"):
        out.append(f"  extractor failed: {res['error']}")
    if res["misses"]:
        out.append("  missed (required gold events):")
        for m in res["misses"]:
            seen = f"  [at evidence: {', '.join(m['seen_as'])}]" if m.get("seen_as") else ""
            out.append(f"    {m['gold']} {m['event_type']}: \"{_cut(m['evidence'], 80)}\"{seen}")
    if res["false_positives"]:
        out.append("  false positives:")
        for f in res["false_positives"]:
            why = f" (asserts negated/hypothetical gold {f['asserts']})" if f.get("asserts") else ""
            sec = f" [{f['section']}]" if f.get("section") and f["section"] != "body" else ""
            out.append(f"    {f['event_type']} '{f['trigger']}'{sec}{why}: {_cut(f['sentence'])}")
    if res["triple_errors"]:
        out.append("  wrong actor/recipient (triple FN and FP):")
        for t in res["triple_errors"]:
            out.append(f"    {t['gold']} {t['event_type']}: gold {t['gold_actor']}->{t['gold_recipient']}"
                       f", system {t['system_actor']}->{t['system_recipient']}"
                       + (f" (no code: {', '.join(t['system_uncoded'])})" if t.get("system_uncoded") else ""))
    fields = ("location_ok", "date_ok", "mode_ok", "aux_ok")
    wrong = [m for m in res["matches"] if m["required"] and any(m[k] is False for k in fields)]
    if wrong:
        out.append("  matched with wrong fields:")
        for m in wrong:
            bad = [k[:-3] for k in fields if m[k] is False]
            out.append(f"    {m['gold']} {m['gold_type']} (system {m['event_type']}): {', '.join(bad)}")
    if res["quote_misses"]:
        out.append("  quotes missed:")
        out += [f"    {q['speaker']}: \"{_cut(q['evidence'], 80)}\"" for q in res["quote_misses"]]
    if res["quote_false_positives"]:
        out.append("  quote false positives:")
        out += [f"    {q['speaker'] or '?'}: \"{_cut(q['text'], 80)}\"" for q in res["quote_false_positives"]]
    if res["places_missed"]:
        out.append("  places missed: " + ", ".join(f"{p['name']} ({p['country']})" for p in res["places_missed"]))
    if res["leaks"]["items"]:
        out.append("  boilerplate leaks:")
        out += [f"    {x['kind']} '{x['text']}' in line \"{_cut(x['line'], 60)}\"" for x in res["leaks"]["items"]]
    if res["leaks"].get("inline"):
        out.append("  spans inside boilerplate within a line (not counted): "
                   + ", ".join(f"{x['kind']} '{x['text']}'" for x in res["leaks"]["inline"]))
    return out


def write_articles_text(result: dict, fh: IO[str]) -> None:
    """Write an :func:`eventwire.evaluate.evaluate_articles` result for people."""
    lines = [f"eventwire eval: {len(result['articles'])} articles in {result['gold']}", ""]
    for a in result["articles"]:
        lines += [a["document"] + (" (EXTRACTOR FAILED)" if a.get("error") else ""), *figures(a), ""]
    lines += ["TOTAL (micro-averaged)", *figures(result["total"]), ""]
    for a in result["articles"]:
        why = details(a)
        if why:
            lines += [f"== {a['document']}", *why, ""]
    fh.write("\n".join(lines).rstrip("\n") + "\n")


def write_gsr_text(result: dict, fh: IO[str], max_listed: int = 200) -> None:
    """Write an :func:`eventwire.evaluate.evaluate_gsr` result for people: figures, per-type
    figures, the confusion matrix (rows gold, columns top-1) and the records whose top-1 is wrong."""
    lines = [f"eventwire eval: {result['records']} gold standard records in {result['gold']}", ""]
    for key, label in (("type_accuracy", "top-1 type accuracy"), ("type_recall", "type recall"),
                       ("actor_accuracy", "actor code accuracy (right type)"),
                       ("recipient_accuracy", "recipient code accuracy (right type)")):
        d = result[key]
        lines.append(f"  {label:<38} {d['correct']}/{d['total']} {_r(d['accuracy'])}")
    if result["errors"]:
        lines.append(f"  extractor failures: {len(result['errors'])}")
    lines += ["", "per gold type (records, top-1 right, recalled):"]
    for t, d in result["per_type"].items():
        lines.append(f"  {t:<12} {d['total']:>4} {d['top1_correct']:>4} {d['recalled']:>4}")
    cols = sorted({c for row in result["confusion"].values() for c in row} - {"NONE"}) + ["NONE"]
    abbrev = [c[:5] for c in cols]
    lines += ["", "confusion (rows: gold type; columns: top-1 type):",
              " " * 13 + " ".join(f"{a:>5}" for a in abbrev)]
    for g, row in result["confusion"].items():
        lines.append(f"  {g:<11}" + " ".join(f"{row.get(c, 0) or '.':>5}" for c in cols))
    wrong = [r for r in result["results"] if not r["top1_ok"]]
    if wrong:
        lines += ["", f"top-1 wrong ({len(wrong)}):"]
        for r in wrong[:max_listed]:
            lines.append(f"  {r['id']} {r['gold_type']} -> {r['top1']} {r['types'] or ''}: {_cut(r['text'], 90)}")
    for e in result["errors"]:
        lines.append(f"  failed {e['id']}: {e['error']}")
    fh.write("\n".join(lines).rstrip("\n") + "\n")


def write_text(result: dict, fh: IO[str]) -> None:
    """Dispatch on ``result["kind"]`` (``articles`` or ``gsr``)."""
    (write_gsr_text if result.get("kind") == "gsr" else write_articles_text)(result, fh)
