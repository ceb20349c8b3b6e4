"""Pure scoring of eventwire/1 records against article gold (../shared/eval/README.md, rules 1–8).

Nothing here runs the extractor: :func:`score_article` takes a system record (the dict of
``Article.record()``), a gold dict (schema ``eventwire-gold/1``) and the article text, and
returns counts and the lists a developer needs (misses, false positives, wrong arguments).
:func:`sum_scores` micro-averages several of those results.

How the README is read where it leaves room (the README wins over this code):

* Rule 1: system events with ``aux`` ``negation`` or ``hypothetical`` are removed before any
  matching and count nowhere. Gold events with those ``aux`` values are *not* part of the
  bipartite matching (nothing happened, so nothing can be found); a kept system event that
  matches no asserted gold event but does match (type and evidence, rule 2) a negated or
  hypothetical gold event is a false positive, flagged ``asserts`` with that gold id.
* Rule 2: the matching is Kuhn's augmenting-path algorithm, run twice on one growing matching:
  pass 1 over the actor/recipient-compatible pairs only, pass 2 over all pairs. In each pass
  the gold events are served in priority order (required ones first, then optional ones, each
  group in gold-file order), so a gold event matched earlier stays matched (an augmenting path
  may move it to another system event, never drop it): the result is a maximum matching, with
  required events and compatible pairs preferred. A gold event tries its candidates ordered
  same place *and* date first, then same place, then same date, then the rest (a null gold
  field counts as agreeing), ties broken by system order; it takes the first free candidate
  in that order, and displaces an earlier-served gold event (along an augmenting path) only
  when none of its candidates is free, so earlier choices are disturbed as little as possible.
* Rules 3–4: event and triple counts are over *required* gold events. Triple TP = matched
  required pairs with compatible actor and recipient; triple FN = event FN + incompatible
  matched required pairs; triple FP = event FP + incompatible matched required pairs.
  Matched optional gold events count neither way, for events as for triples.
* Rule 5: location, date and mode accuracy over matched required events whose gold field is
  not null (mode only where the system type equals the gold type); aux accuracy over all
  matched required events. A year-only gold date needs the same year; a day needs the same
  day, or at most ``date_tolerance_days`` (default 0) away; a system year-only date never
  matches a gold day. Location: same country, and the normalised gold name is a substring of
  the normalised system place ``name`` or ``text``.
* Rule 6: quotes are matched one-to-one by the same augmenting-path matching (required gold
  quotes served first). Every matched gold quote is a TP (MUC "optional" semantics: a matched
  optional quote counts, an unmatched one is no miss); FN = unmatched required gold quotes;
  FP = system quotes left unmatched (a second system copy of one quote is an FP).
* Rule 8: a line is page furniture when, normalised as in rule 2 and stripped, it equals a
  normalised ``boilerplate`` entry. Leaks are distinct spans (kind, start, end): entities of
  events (actor, recipient, claimed_by, of every event, set aside or not), quote speakers and
  ``entities``; places of ``places`` and event locations; quotes. Spans lying inside a
  boilerplate string that is only *part* of a line (a credit at the end of a caption) are not
  rule-8 leaks; they are listed apart as ``leaks.inline`` for information.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Callable, Iterable

#: System and gold ``aux`` values that are not claims that something happened (rule 1).
SET_ASIDE_AUX = frozenset({"negation", "hypothetical"})

_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-",
})
_WS = re.compile(r"\s+")

#: IGO codes and the lower-case phrases that give them (../shared/eval/README.md, rule 4).
IGO_PHRASES: dict[str, tuple[str, ...]] = {
    "UN": ("united nations", "un", "u.n.", "security council", "secretary-general",
           "secretary general", "unhcr", "unicef", "ocha", "wfp", "world food programme",
           "iaea", "international atomic energy agency"),
    "NATO": ("nato", "north atlantic treaty organization", "north atlantic treaty organisation"),
    "EU": ("european union", "eu", "e.u.", "european commission", "european council",
           "council of the european union", "european parliament"),
    "ICRC": ("icrc", "red cross"),
    "AU": ("african union", "au"),
    "OSCE": ("osce", "co-operation in europe", "cooperation in europe"),  # inside the full name
    "ECOWAS": ("ecowas", "economic community of west african states"),
    "ASEAN": ("asean", "association of southeast asian nations"),
    "ARAB_LEAGUE": ("arab league", "league of arab states"),
    "GCC": ("gcc", "gulf cooperation council", "gulf co-operation council",
            "cooperation council for the arab states of the gulf"),
}
_IGO_RES = {
    code: re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
                     + r")(?!\w)")
    for code, phrases in IGO_PHRASES.items()}


def normalise(text: str | None) -> str:
    """Text as compared by the scorer (rule 2): NFKC, curly quotes and dashes folded to
    straight ones, whitespace runs collapsed to one space, stripped, lower case."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    return _WS.sub(" ", text).strip().lower()


def entity_codes(entity: dict | None) -> set[str]:
    """Codes of a system entity (rule 4): its ``country`` and ``IGO:NAME`` for every IGO phrase
    found, as a whole phrase, in its normalised ``name``, ``text`` or ``affiliation``."""
    if not entity:
        return set()
    codes = {entity["country"]} if entity.get("country") else set()
    hay = " | ".join(normalise(entity.get(k)) for k in ("name", "text", "affiliation"))
    for code, rx in _IGO_RES.items():
        if rx.search(hay):
            codes.add(f"IGO:{code}")
    return codes


def codes_of(entities: Iterable[dict] | None) -> set[str]:
    """Union of :func:`entity_codes` over a list of entities."""
    out: set[str] = set()
    for e in entities or []:
        out |= entity_codes(e)
    return out


def role_fits(gold_codes: list[str] | None, system_codes: set[str]) -> bool:
    """Rule 4: an empty gold list accepts anything; otherwise the code sets must overlap."""
    return not gold_codes or bool(set(gold_codes) & system_codes)


def place_fits(gold_place: dict | None, system_place: dict | None) -> bool:
    """Rules 5 and 7: same country, and the gold name equals or is contained in the system
    place's ``name`` or ``text`` (normalised)."""
    if not gold_place or not system_place:
        return False
    if (gold_place.get("country") or None) != (system_place.get("country") or None):
        return False
    name = normalise(gold_place.get("name"))
    return any(name in normalise(system_place.get(k)) for k in ("name", "text"))


def date_fits(gold_date: str | None, system_date: str | None, tolerance_days: int = 0) -> bool:
    """Rule 5: a year-only gold date needs the same year; a gold day needs a system day at most
    ``tolerance_days`` away (0: the same day). Unparseable dates never fit."""
    if not gold_date or not system_date:
        return False
    gold_date, system_date = str(gold_date), str(system_date)
    if len(gold_date) == 4:
        return system_date[:4] == gold_date
    try:
        g = dt.date.fromisoformat(gold_date[:10])
        s = dt.date.fromisoformat(system_date[:10]) if len(system_date) >= 10 else None
    except ValueError:
        return False
    return s is not None and abs((s - g).days) <= int(tolerance_days or 0)


def prf(tp: int, fp: int, fn: int) -> dict:
    """``{tp, fp, fn, precision, recall, f1}``; a ratio with a zero denominator is None."""
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    if p is None or r is None:
        f = None
    else:
        f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f}


def accuracy(correct: int, total: int) -> dict:
    """``{correct, total, accuracy}``; accuracy is None when total is 0."""
    return {"correct": correct, "total": total, "accuracy": correct / total if total else None}


def priority_matching(order: list[int], candidates: dict[int, list[int]],
                      passes: list[Callable[[int, int], bool]]) -> dict[int, int]:
    """Maximum bipartite matching with priorities (Kuhn's augmenting paths).

    Args:
        order: left vertices (gold items) in service order, highest priority first.
        candidates: for each left vertex, its right vertices (system items) in preference order.
        passes: edge filters; each pass serves the still unmatched left vertices in ``order``
            using only the edges its filter accepts, on the matching the earlier passes built.

    Returns:
        ``{left: right}``. A left vertex once matched stays matched (augmenting paths may move
        it). Each vertex takes its first free candidate; when none is free it looks for an
        augmenting path through its candidates in order. The result is a maximum matching of
        the union of the pass graphs (Berge; Kuhn's order-independence).
    """
    assign: dict[int, int] = {}
    owner: dict[int, int] = {}

    def augment(g: int, allowed: Callable[[int, int], bool], seen: set[int]) -> bool:
        opts = [s for s in candidates.get(g, []) if allowed(g, s)]
        for s in opts:
            if s not in owner:
                owner[s], assign[g] = g, s
                return True
        for s in opts:
            if s in seen or owner.get(s) == g:
                continue
            seen.add(s)
            if augment(owner[s], allowed, seen):
                owner[s], assign[g] = g, s
                return True
        return False

    for allowed in passes:
        for g in order:
            if g not in assign:
                augment(g, allowed, set())
    return assign


def _mention_texts(event: dict) -> list[str]:
    return [normalise(m.get("text")) for m in event.get("mentions") or []]


def _evidence_in(gold: dict, mention_texts: list[str]) -> bool:
    snippets = [normalise(s) for s in gold.get("evidence") or [] if normalise(s)]
    return any(s in m for s in snippets for m in mention_texts)


def _type_fits(gold: dict, event: dict) -> bool:
    t = event.get("event_type")
    return t == gold.get("event_type") or t in (gold.get("also_accept") or [])


def can_match(gold: dict, event: dict) -> bool:
    """Rule 2: the system type is the gold type or in ``also_accept``, and one gold evidence
    snippet occurs in one of the event's mention sentences (normalised)."""
    return _type_fits(gold, event) and _evidence_in(gold, _mention_texts(event))


def args_fit(gold: dict, event: dict) -> bool:
    """Rule 4: actor and recipient both compatible."""
    return (role_fits(gold.get("actor"), codes_of(event.get("actor")))
            and role_fits(gold.get("recipient"), codes_of(event.get("recipient"))))


def _location_ok(gold: dict, event: dict) -> bool:
    return place_fits(gold.get("location"), event.get("location"))


def _date_ok(gold: dict, event: dict) -> bool:
    return date_fits(gold.get("date"), event.get("date"), gold.get("date_tolerance_days") or 0)


def _first_mention(event: dict) -> dict:
    ms = event.get("mentions") or []
    return ms[0] if ms else {}


def _required(item: dict) -> bool:
    return item.get("required", True) is not False


def score_events(system_events: list[dict], gold_events: list[dict]) -> dict:
    """Rules 1–5 on one article: matching, event and triple counts, field accuracies, lists.

    Args:
        system_events: the ``events`` of an eventwire/1 record.
        gold_events: the ``events`` of an eventwire-gold/1 file.

    Returns:
        A dict with ``events``, ``triples`` (:func:`prf`), ``location``, ``date``, ``mode``,
        ``aux`` (:func:`accuracy`), ``set_aside``, ``duplicates`` (counts), and the lists
        ``matches``, ``misses``, ``false_positives``, ``triple_errors``, ``optional_unmatched``.
    """
    kept = [(i, e) for i, e in enumerate(system_events) if e.get("aux") not in SET_ASIDE_AUX]
    set_aside = [e for e in system_events if e.get("aux") in SET_ASIDE_AUX]
    asserted = [g for g in gold_events if g.get("aux") not in SET_ASIDE_AUX]
    negated = [g for g in gold_events if g.get("aux") in SET_ASIDE_AUX]

    edges: dict[int, list[int]] = {}
    fits: dict[tuple[int, int], bool] = {}
    for gi, g in enumerate(asserted):
        cands = []
        for si, (_, e) in enumerate(kept):
            if can_match(g, e):
                loc, date = _location_ok(g, e) or not g.get("location"), _date_ok(g, e) or not g.get("date")
                fits[gi, si] = args_fit(g, e)
                cands.append(((not (loc and date), not loc, not date, not fits[gi, si], si), si))
        edges[gi] = [si for _, si in sorted(cands)]
    order = ([gi for gi, g in enumerate(asserted) if _required(g)]
             + [gi for gi, g in enumerate(asserted) if not _required(g)])
    assign = priority_matching(order, edges, [lambda g, s: fits[g, s], lambda g, s: True])

    linked = {si for cands in edges.values() for si in cands}
    assigned = set(assign.values())
    counts = {k: 0 for k in ("tp", "fn", "ttp", "twrong", "loc", "loc_n", "date", "date_n",
                             "mode", "mode_n", "aux", "aux_n")}
    matches, misses, triple_errors, optional_unmatched = [], [], [], []
    for gi, g in enumerate(asserted):
        req = _required(g)
        if gi not in assign:
            if req:
                counts["fn"] += 1
                seen_as = sorted({str(e.get("event_type")) + (f"({e['aux']})" if e.get("aux") in SET_ASIDE_AUX else "")
                                  for e in system_events if _evidence_in(g, _mention_texts(e))})
                misses.append({"gold": g.get("id"), "event_type": g.get("event_type"),
                               "evidence": (g.get("evidence") or [""])[0], "seen_as": seen_as})
            else:
                optional_unmatched.append(g.get("id"))
            continue
        si = assign[gi]
        e = kept[si][1]
        m = {"gold": g.get("id"), "system": e.get("id"), "event_type": e.get("event_type"),
             "gold_type": g.get("event_type"), "required": req, "compatible": fits[gi, si],
             "location_ok": None, "date_ok": None, "mode_ok": None, "aux_ok": None}
        if req:
            counts["tp"] += 1
            counts["ttp" if fits[gi, si] else "twrong"] += 1
            if not fits[gi, si]:
                triple_errors.append({
                    "gold": g.get("id"), "event_type": g.get("event_type"),
                    "gold_actor": list(g.get("actor") or []), "gold_recipient": list(g.get("recipient") or []),
                    "system_actor": sorted(codes_of(e.get("actor"))),
                    "system_recipient": sorted(codes_of(e.get("recipient"))),
                    "system_uncoded": [x.get("text") for x in (e.get("actor") or []) + (e.get("recipient") or [])
                                       if x and not entity_codes(x)],
                    "sentence": _first_mention(e).get("text", "")})
            if g.get("location"):
                m["location_ok"] = _location_ok(g, e)
                counts["loc_n"] += 1
                counts["loc"] += m["location_ok"]
            if g.get("date"):
                m["date_ok"] = _date_ok(g, e)
                counts["date_n"] += 1
                counts["date"] += m["date_ok"]
            if g.get("mode") and e.get("event_type") == g.get("event_type"):
                m["mode_ok"] = e.get("mode") == g.get("mode")
                counts["mode_n"] += 1
                counts["mode"] += m["mode_ok"]
            m["aux_ok"] = (e.get("aux") or None) == (g.get("aux") or None)
            counts["aux_n"] += 1
            counts["aux"] += m["aux_ok"]
        matches.append(m)

    false_positives = []
    for si, (_, e) in enumerate(kept):
        if si in linked:
            continue
        mention = _first_mention(e)
        asserts = next((g.get("id") for g in negated if can_match(g, e)), None)
        false_positives.append({"system": e.get("id"), "event_type": e.get("event_type"),
                                "trigger": mention.get("trigger", ""), "sentence": mention.get("text", ""),
                                "section": mention.get("section"), "asserts": asserts})
    fp = len(false_positives)
    c = counts
    return {
        "events": prf(c["tp"], fp, c["fn"]),
        "triples": prf(c["ttp"], fp + c["twrong"], c["fn"] + c["twrong"]),
        "location": accuracy(c["loc"], c["loc_n"]), "date": accuracy(c["date"], c["date_n"]),
        "mode": accuracy(c["mode"], c["mode_n"]), "aux": accuracy(c["aux"], c["aux_n"]),
        "set_aside": len(set_aside), "duplicates": len(linked - assigned),
        "matches": matches, "misses": misses, "false_positives": false_positives,
        "triple_errors": triple_errors, "optional_unmatched": optional_unmatched,
    }


def _speaker_fits(gold_quote: dict, speaker: dict | None) -> bool:
    words = normalise(gold_quote.get("speaker")).split()
    if not words:
        return True
    if not speaker:
        return False
    return any(words[-1] in normalise(speaker.get(k)) for k in ("name", "text"))


def score_quotes(system_quotes: list[dict], gold_quotes: list[dict]) -> dict:
    """Rule 6: one-to-one quote matching (evidence inside the quote text, the gold speaker's
    last word inside the speaker's name or text, all normalised).

    Returns:
        ``quotes`` (:func:`prf`), ``quote_misses`` (unmatched required gold quotes) and
        ``quote_false_positives`` (unmatched system quotes).
    """
    texts = [normalise(q.get("text")) for q in system_quotes]
    edges = {gi: [si for si, q in enumerate(system_quotes)
                  if normalise(g.get("evidence")) and normalise(g.get("evidence")) in texts[si]
                  and _speaker_fits(g, q.get("speaker"))]
             for gi, g in enumerate(gold_quotes)}
    order = ([gi for gi, g in enumerate(gold_quotes) if _required(g)]
             + [gi for gi, g in enumerate(gold_quotes) if not _required(g)])
    assign = priority_matching(order, edges, [lambda g, s: True])
    used = set(assign.values())
    misses = [{"speaker": g.get("speaker"), "evidence": g.get("evidence")}
              for gi, g in enumerate(gold_quotes) if gi not in assign and _required(g)]
    fps = []
    for si, q in enumerate(system_quotes):
        if si not in used:
            sp = q.get("speaker") or {}
            fps.append({"text": q.get("text", ""), "speaker": sp.get("name") or sp.get("text")})
    return {"quotes": prf(len(assign), len(fps), len(misses)),
            "quote_misses": misses, "quote_false_positives": fps}


def score_places(system_places: list[dict], gold_places: list[dict]) -> dict:
    """Rule 7: gold places found among the system's ``places`` (:func:`place_fits`)."""
    missed = [p for p in gold_places if not any(place_fits(p, s) for s in system_places)]
    found = len(gold_places) - len(missed)
    return {"places": {"found": found, "total": len(gold_places),
                       "recall": found / len(gold_places) if gold_places else None},
            "places_missed": [{"name": p.get("name"), "country": p.get("country")} for p in missed]}


def boilerplate_lines(text: str, boilerplate: list[str]) -> list[tuple[int, int, str]]:
    """``(start, end, line)`` of every line of ``text`` that, as a whole line (normalised), is
    one of the ``boilerplate`` lines."""
    wanted = {normalise(b) for b in boilerplate if normalise(b)}
    out, pos = [], 0
    for line in text.split("\n"):
        if normalise(line) in wanted:
            out.append((pos, pos + len(line), line.strip()))
        pos += len(line) + 1
    return out


def _record_spans(record: dict) -> list[tuple[str, dict]]:
    items: list[tuple[str, dict]] = []
    for e in record.get("events") or []:
        for ent in list(e.get("actor") or []) + list(e.get("recipient") or []) + [e.get("claimed_by")]:
            if ent:
                items.append(("entity", ent))
        if e.get("location"):
            items.append(("place", e["location"]))
    for q in record.get("quotes") or []:
        items.append(("quote", q))
        if q.get("speaker"):
            items.append(("entity", q["speaker"]))
    items += [("entity", e) for e in record.get("entities") or []]
    items += [("place", p) for p in record.get("places") or []]
    return items


def score_leaks(record: dict, text: str, boilerplate: list[str]) -> dict:
    """Rule 8: distinct entity, place and quote spans lying wholly inside a boilerplate line.

    Returns:
        ``{"leaks": {"count", "items", "inline"}}``; ``inline`` lists spans inside a boilerplate
        string that is only part of a line (not counted by rule 8).
    """
    lines = boilerplate_lines(text, boilerplate)
    whole = {(s, e) for s, e, _ in lines}
    parts = []
    for b in boilerplate:
        b = b.strip()
        start = text.find(b) if b else -1
        while start >= 0:
            if (start, start + len(b)) not in whole and not any(s <= start and start + len(b) <= e for s, e in whole):
                parts.append((start, start + len(b), b))
            start = text.find(b, start + 1)
    leaks, inline, seen = [], [], set()
    for kind, item in _record_spans(record):
        s, e = item.get("start"), item.get("end")
        if not isinstance(s, int) or not isinstance(e, int) or (kind, s, e) in seen:
            continue
        seen.add((kind, s, e))
        for target, spans in ((leaks, lines), (inline, parts)):
            hit = next((ln for ls, le, ln in spans if ls <= s and e <= le), None)
            if hit is not None:
                target.append({"kind": kind, "text": item.get("text", ""), "start": s, "end": e, "line": hit})
                break
    return {"leaks": {"count": len(leaks), "items": leaks, "inline": inline}}


def score_article(system_record: dict, gold: dict, text: str) -> dict:
    """Score one article's eventwire/1 record against its gold (rules 1–8 of ../shared/eval/README.md).

    Args:
        system_record: ``Article.record()`` (needs ``events``, ``quotes``, ``places``, ``entities``).
        gold: an ``eventwire-gold/1`` dict.
        text: the article text exactly as read (record offsets point into it).

    Returns:
        Keys ``events``, ``triples``, ``quotes`` (each ``{tp, fp, fn, precision, recall, f1}``),
        ``location``, ``date``, ``mode``, ``aux`` (each ``{correct, total, accuracy}``),
        ``places`` (``{found, total, recall}``), ``leaks`` (``{count, items, inline}``),
        ``set_aside``, ``duplicates`` and the lists ``matches``, ``misses``,
        ``false_positives``, ``triple_errors``, ``optional_unmatched``, ``quote_misses``,
        ``quote_false_positives``, ``places_missed``. Ratios with a zero denominator are None.
    """
    out = score_events(system_record.get("events") or [], gold.get("events") or [])
    out.update(score_quotes(system_record.get("quotes") or [], gold.get("quotes") or []))
    out.update(score_places(system_record.get("places") or [], gold.get("places") or []))
    out.update(score_leaks(system_record, text, gold.get("boilerplate") or []))
    return out


#: Figures of a result that :func:`sum_scores` adds up, by kind.
PRF_KEYS = ("events", "triples", "quotes")
ACCURACY_KEYS = ("location", "date", "mode", "aux")


def sum_scores(results: Iterable[dict]) -> dict:
    """Micro-average: add the counts of several :func:`score_article` results and recompute
    the ratios. Returns the figure keys of a result, plus ``leaks`` as ``{count}``, and
    ``set_aside``, ``duplicates``, ``documents``."""
    results = list(results)
    out: dict = {}
    for k in PRF_KEYS:
        out[k] = prf(*(sum(r[k][c] for r in results) for c in ("tp", "fp", "fn")))
    for k in ACCURACY_KEYS:
        out[k] = accuracy(sum(r[k]["correct"] for r in results), sum(r[k]["total"] for r in results))
    found, total = sum(r["places"]["found"] for r in results), sum(r["places"]["total"] for r in results)
    out["places"] = {"found": found, "total": total, "recall": found / total if total else None}
    out["leaks"] = {"count": sum(r["leaks"]["count"] for r in results)}
    out["set_aside"] = sum(r["set_aside"] for r in results)
    out["duplicates"] = sum(r["duplicates"] for r in results)
    out["documents"] = len(results)
    return out
