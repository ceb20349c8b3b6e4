"""Text rendering of evaluation results (:mod:`eventwire.evaluate`) for a developer.

Articles: figures per article, tune half first, then the micro-averaged TUNE, CHECK and ALL
totals, then, per *tune* article, why: the required gold events missed, the false positives,
the matched events with wrong arguments or fields, quote misses and false positives, places
missed and boilerplate leaks. The check half shows numbers only, unless the result was made
with ``show_check`` (for auditing the scorer). GSR records: the four figures per half, then,
for the tune half, per-type figures, the confusion matrix and the records whose top-1 is wrong.
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


_CHECK_NOTE = "numbers only, do not read its sentences; --show-check lists them, for auditing"


def write_articles_text(result: dict, fh: IO[str], show_check: bool = False) -> None:
    """Write the ``articles`` part of an :func:`eventwire.evaluate.evaluate_path` result."""
    arts = result["articles"]
    by_half = {h: [a for a in arts if a["half"] == h] for h in ("tune", "check")}
    lines = [f"eventwire eval: {len(arts)} articles ({len(by_half['tune'])} tune, "
             f"{len(by_half['check'])} check) in {', '.join(result['gold'])}",
             f"gold data sha256 {result['data_sha256']}", ""]
    for half, label in (("tune", "TUNE half"), ("check", "CHECK half" + ("" if show_check else f" ({_CHECK_NOTE})"))):
        lines += [f"-- {label}", ""]
        for a in by_half[half]:
            lines += [a["document"] + (" (EXTRACTOR FAILED)" if a.get("error") else ""), *figures(a), ""]
    for half in ("tune", "check", "all"):
        t = result["totals"][half]
        lines += [f"{half.upper()} (micro-averaged, {t['documents']} articles)", *figures(t), ""]
    for a in arts:
        if a["half"] == "check" and not show_check:
            continue
        why = details(a)
        if why:
            lines += [f"== {a['document']} ({a['half']})", *why, ""]
    fh.write("\n".join(lines).rstrip("\n") + "\n")


_GSR_FIGURES = (("type_accuracy", "top-1"), ("type_recall", "recall"),
                ("actor_accuracy", "actor"), ("recipient_accuracy", "recipient"))


def _gsr_table(d: dict) -> list[str]:
    return [f"  {label:<10} {d[key]['correct']:>4}/{d[key]['total']:<4} {_r(d[key]['accuracy'])}"
            for key, label in _GSR_FIGURES]


def write_gsr_text(result: dict, fh: IO[str], show_check: bool = False, max_listed: int = 200) -> None:
    """Write the ``gsr`` part of an :func:`eventwire.evaluate.evaluate_path` result: the figures
    per half (top-1 type accuracy, type recall, actor and recipient code accuracy given the
    right type), then for the tune half (both with ``show_check``) the per-type figures, the
    confusion matrix (rows gold, columns top-1) and the records whose top-1 is wrong."""
    totals = result["totals"]
    lines = [f"eventwire eval: {result['records']} gold standard records ({totals['tune']['records']} tune, "
             f"{totals['check']['records']} check) in {', '.join(result['gold'])}",
             f"gold data sha256 {result['data_sha256']}", "",
             "figures: top-1 type accuracy, type recall, actor and recipient code accuracy (right type)"]
    for half in ("tune", "check", "all"):
        note = f" ({_CHECK_NOTE})" if half == "check" and not show_check else ""
        lines += [f"{half.upper()}{note}", *_gsr_table(totals[half])]
    shown = ("tune", "check") if show_check else ("tune",)
    if result["errors"]:
        lines.append(f"extractor failures: {len(result['errors'])}")
        lines += [f"  failed {e['id']} ({e['half']}): {e['error']}" for e in result["errors"]]
    for half in shown:
        t = totals[half]
        lines += ["", f"per gold type, {half} half (records, top-1 right, recalled):"]
        for typ, d in t["per_type"].items():
            lines.append(f"  {typ:<12} {d['total']:>4} {d['top1_correct']:>4} {d['recalled']:>4}")
        cols = sorted({c for row in t["confusion"].values() for c in row} - {"NONE"}) + ["NONE"]
        lines += ["", f"confusion, {half} half (rows: gold type; columns: top-1 type):",
                  " " * 13 + " ".join(f"{c[:5]:>5}" for c in cols)]
        for g, row in t["confusion"].items():
            lines.append(f"  {g:<11}" + " ".join(f"{row.get(c, 0) or '.':>5}" for c in cols))
        wrong = [r for r in result["results"] if r["half"] == half and not r["top1_ok"]]
        if wrong:
            lines += ["", f"top-1 wrong, {half} half ({len(wrong)}):"]
            for r in wrong[:max_listed]:
                lines.append(f"  {r['id']} {r['gold_type']} -> {r['top1']} {r['types'] or ''}: {_cut(r['text'], 90)}")
    fh.write("\n".join(lines).rstrip("\n") + "\n")


def write_text(result: dict, fh: IO[str]) -> None:
    """Write an :func:`eventwire.evaluate.evaluate_path` result for people: the articles part,
    then the GSR part, each when present."""
    show = bool(result.get("show_check"))
    parts = [k for k in ("articles", "gsr") if result.get(k)]
    for i, kind in enumerate(parts):
        if i:
            fh.write("\n")
        (write_articles_text if kind == "articles" else write_gsr_text)(result[kind], fh, show_check=show)
