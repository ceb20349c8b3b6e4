"""PLOVER gold standard records (``../shared/eval/plover_gsr``): one sentence, one coded event.

Each record's ``text`` runs as an article of its own (publication date unknown) and is scored
by :func:`score_gsr_record`; :func:`summarise_gsr` gives the figures of a set of results. Each
record is in the tune or the check half by its ``id`` (:func:`eventwire.evaluate.split.half_of`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from ..errors import InputError
from .score import SET_ASIDE_AUX, accuracy, entity_codes
from .split import HALVES, half_of

#: The figures of a GSR summary, as ``{correct, total, accuracy}``.
GSR_FIGURES = ("type_accuracy", "type_recall", "actor_accuracy", "recipient_accuracy")


def _gsr_code_fits(gold_code: str, entity: dict) -> bool:
    if gold_code == "IGO":
        return entity.get("sector") == "IGO" or any(c.startswith("IGO:") for c in entity_codes(entity))
    return gold_code in entity_codes(entity)


def score_gsr_record(system_record: dict, gold: dict) -> dict:
    """Score one PLOVER gold standard record (../shared/eval/README.md, "plover_gsr/").

    Rule 1 applies first (negation/hypothetical system events are set aside). Top-1 is the
    kept event of highest ``confidence`` (the first of equals); no event gives ``"NONE"``.
    Actor (recipient) accuracy is defined only when some kept event has the gold type and the
    gold actor (recipient) list has a code: right when one such event has an actor (recipient)
    entity with one of the gold codes; gold ``IGO`` matches an entity of sector ``IGO`` or
    with an ``IGO:NAME`` code.

    Returns:
        ``{id, half, gold_type, top1, types, top1_ok, recalled, actor_ok, recipient_ok, text}``;
        ``actor_ok`` and ``recipient_ok`` are None where undefined.
    """
    events = [e for e in system_record.get("events") or [] if e.get("aux") not in SET_ASIDE_AUX]
    top = max(events, key=lambda e: e.get("confidence") or 0.0, default=None)
    gold_type = gold.get("event_type")
    same = [e for e in events if e.get("event_type") == gold_type]

    def role_ok(role: str) -> bool | None:
        codes = [a.get("code") for a in gold.get(role) or [] if a.get("code")]
        if not codes or not same:
            return None
        return any(_gsr_code_fits(c, ent) for e in same for ent in e.get(role) or [] for c in codes)

    return {"id": gold.get("id"), "half": half_of(str(gold.get("id") or "")), "gold_type": gold_type,
            "top1": top.get("event_type") if top else "NONE",
            "types": sorted({e.get("event_type") for e in events}),
            "top1_ok": bool(top) and top.get("event_type") == gold_type, "recalled": bool(same),
            "actor_ok": role_ok("actor"), "recipient_ok": role_ok("recipient"),
            "text": gold.get("text", "")}


def read_gsr(path: str | Path, limit: int | None = None) -> list[dict]:
    """The records of a GSR ``.jsonl`` file (at most ``limit``), each with an ``id``.

    A record without ``id`` gets ``lineN``.

    Raises:
        InputError: unreadable file, a line that is not JSON or not a record (``text`` and
            ``event_type``), two records with one id, or no record at all.
    """
    path = Path(path)
    records: list[dict] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read: {exc}") from exc
    ids: set[str] = set()
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}#line {n}", f"not JSON: {exc}") from exc
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or not rec.get("event_type"):
            raise InputError(f"{path}#line {n}", "not a gold standard record (needs text and event_type)")
        rec = {**rec, "id": str(rec.get("id") or f"line{n}")}
        if rec["id"] in ids:
            raise InputError(f"{path}#line {n}", f"record id {rec['id']!r} appears twice")
        ids.add(rec["id"])
        records.append(rec)
        if limit is not None and len(records) >= limit:
            break
    if not records:
        raise InputError(str(path), "no gold standard records")
    return records


def summarise_gsr(results: list[dict]) -> dict:
    """Figures over :func:`score_gsr_record` results.

    Returns:
        ``{records, type_accuracy, type_recall, actor_accuracy, recipient_accuracy`` (each
        ``{correct, total, accuracy}``), ``confusion`` (``{gold_type: {top1_type or "NONE": n}}``),
        ``per_type`` (``{gold_type: {total, top1_correct, recalled}}``)``}``.
    """

    def acc(key: str) -> dict:
        vals = [r[key] for r in results if r[key] is not None]
        return accuracy(sum(vals), len(vals))

    confusion: dict[str, dict[str, int]] = {}
    per_type: dict[str, dict[str, int]] = {}
    for r in results:
        row = confusion.setdefault(r["gold_type"], {})
        row[r["top1"]] = row.get(r["top1"], 0) + 1
        t = per_type.setdefault(r["gold_type"], {"total": 0, "top1_correct": 0, "recalled": 0})
        t["total"] += 1
        t["top1_correct"] += r["top1_ok"]
        t["recalled"] += r["recalled"]
    return {"records": len(results), "type_accuracy": acc("top1_ok"), "type_recall": acc("recalled"),
            "actor_accuracy": acc("actor_ok"), "recipient_accuracy": acc("recipient_ok"),
            "confusion": {k: dict(sorted(v.items())) for k, v in sorted(confusion.items())},
            "per_type": dict(sorted(per_type.items()))}


def _empty_record() -> dict:
    return {"events": [], "quotes": [], "places": [], "entities": []}


def evaluate_gsr(paths: str | Path | list, pipeline: Any = None, limit: int | None = None,
                 knowledge_dirs: list[str] | None = None) -> dict:
    """Run each gold standard record's ``text`` as one article (published unknown) and score it.

    Args:
        paths: one ``.jsonl`` file or several (records with ``id``, ``text``, ``event_type``,
            ``actor``, ``recipient``); ids must be unique over all of them.
        pipeline: a Pipeline to reuse; default ``Pipeline.from_config(knowledge_dirs=...)``.
        limit: score only the first ``limit`` records of each file.
        knowledge_dirs: extra knowledge directories for the default pipeline.

    Returns:
        ``{"kind": "gsr", "gold": [FILE...], "data_sha256", "records": N, "totals": {"tune",
        "check", "all"}`` (each a :func:`summarise_gsr` dict)``, "results": [RECORD...],
        "errors": [{id, half, error}]}``. A record the extractor fails on is listed in
        ``errors`` and scored as having no events.

    Raises:
        InputError: missing or malformed file, or an id given twice.
    """
    from ..ingest.text import article_from_text
    from ..pipeline import Failure
    from .gold import data_sha256

    files = [Path(p) for p in (paths if isinstance(paths, (list, tuple)) else [paths])]
    records: list[dict] = []
    for path in files:
        if not path.is_file():
            raise InputError(str(path), "no such file")
        records += [{**r, "_file": str(path)} for r in read_gsr(path, limit)]
    ids = [r["id"] for r in records]
    dup = next((i for i in ids if ids.count(i) > 1), None)
    if dup is not None:
        raise InputError(dup, "record id appears in two GSR files")
    if pipeline is None:
        from ..pipeline import Pipeline

        pipeline = Pipeline.from_config(knowledge_dirs=knowledge_dirs)

    def items() -> Iterator:
        for rec in records:
            try:
                yield article_from_text(rec["text"], f"jsonl:{rec['_file']}#{rec['id']}", None, id=rec["id"])
            except InputError as exc:
                yield exc

    results, errors = [], []
    for rec, res in zip(records, pipeline.pipe(items())):
        if isinstance(res, Failure):
            errors.append({"id": rec["id"], "half": half_of(rec["id"]), "error": res.error})
            record = _empty_record()
        else:
            record = res.record()
        results.append(score_gsr_record(record, rec))
    totals = {h: summarise_gsr([r for r in results if r["half"] == h]) for h in HALVES}
    totals["all"] = summarise_gsr(results)
    return {"kind": "gsr", "gold": [str(p) for p in files], "data_sha256": data_sha256(files),
            "records": len(results), "totals": totals, "results": results, "errors": errors}
