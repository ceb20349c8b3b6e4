"""Evaluation against gold: article gold directories and PLOVER gold standard records.

The rules are those of ``../shared/eval/README.md`` ("Scoring"); that page is the spec, and
where it and this code disagree the code is the bug. The pure scorer lives in
:mod:`eventwire.evaluate_score` (:func:`score_article`, documented there with the reading of
the README it implements); text rendering in :mod:`eventwire.evaluate_report`. This module
runs the extractor and puts the pieces together.

Result shapes (stable keys; the eval-floor test reads them):

* :func:`evaluate_articles` → ``{"schema": "eventwire-eval/1", "kind": "articles", "gold": DIR,
  "articles": [ARTICLE...], "total": TOTAL}``. ``ARTICLE`` is :func:`score_article`'s dict plus
  ``document`` (the text file name), ``error`` (None, or why the extractor failed: the article
  is then scored as if the system had found nothing). ``TOTAL`` is the micro-average
  (:func:`sum_scores`): ``events``/``triples``/``quotes`` ``{tp, fp, fn, precision, recall,
  f1}``, ``location``/``date``/``mode``/``aux`` ``{correct, total, accuracy}``, ``places``
  ``{found, total, recall}``, ``leaks`` ``{count}``, ``set_aside``, ``duplicates``, ``documents``.
* :func:`evaluate_gsr` → ``{"schema": "eventwire-eval/1", "kind": "gsr", "gold": FILE,
  "records": N, "type_accuracy", "type_recall", "actor_accuracy", "recipient_accuracy"
  ({correct, total, accuracy}), "confusion": {gold_type: {top1_type or "NONE": n}},
  "per_type": {gold_type: {total, top1_correct, recalled}}, "results": [RECORD...],
  "errors": [{id, error}]}``.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Iterator

from .errors import InputError
from .evaluate_score import (SET_ASIDE_AUX, codes_of, entity_codes, normalise, score_article,
                             sum_scores)

log = logging.getLogger(__name__)

GOLD_SCHEMA = "eventwire-gold/1"
EVAL_SCHEMA = "eventwire-eval/1"

__all__ = ["evaluate_articles", "evaluate_gsr", "evaluate_path", "check_path", "score_article",
           "score_gsr_record", "summarise_gsr", "sum_scores", "load_gold", "normalise", "entity_codes",
           "codes_of"]


def load_gold(path: str | Path) -> dict:
    """Read and check one ``NAME.gold.json``.

    Raises:
        InputError: unreadable, not JSON, or not schema ``eventwire-gold/1`` with an events list.
    """
    name = str(path)
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(name, f"cannot read gold file: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(name, f"gold file is not JSON: {exc}") from exc
    if not isinstance(gold, dict) or gold.get("schema") != GOLD_SCHEMA:
        found = gold.get("schema") if isinstance(gold, dict) else type(gold).__name__
        raise InputError(name, f"not an {GOLD_SCHEMA} gold file (schema {found!r})")
    for key in ("events", "quotes", "places", "boilerplate"):
        if not isinstance(gold.get(key, []), list):
            raise InputError(name, f"gold field {key!r} must be a list")
    return gold


def _gold_pairs(gold_dir: Path) -> list[tuple[Path, Path, dict]]:
    """``(gold_path, text_path, gold)`` for every ``*.gold.json`` of a directory, sorted."""
    files = sorted(gold_dir.glob("*.gold.json"))
    if not files:
        raise InputError(str(gold_dir), "no *.gold.json files: not an article gold directory")
    pairs = []
    for gp in files:
        gold = load_gold(gp)
        stem = gp.name[: -len(".gold.json")]
        tp = gold_dir / (gold.get("document") or f"{stem}.txt")
        if not tp.is_file():
            tp = gold_dir / f"{stem}.txt"
        if not tp.is_file():
            raise InputError(str(gp), f"its article {tp.name} is missing")
        pairs.append((gp, tp, gold))
    return pairs


def _empty_record() -> dict:
    return {"events": [], "quotes": [], "places": [], "entities": []}


def evaluate_articles(gold_dir: str | Path, pipeline: Any = None,
                      knowledge_dirs: list[str] | None = None) -> dict:
    """Run the extractor on every ``NAME.txt`` of a gold directory and score it (rules 1–8).

    Each article is read with the gold's ``metadata.published`` as its publication date. An
    article the extractor fails on is recorded with ``error`` and scored as an empty record.

    Args:
        gold_dir: directory of ``NAME.txt`` + ``NAME.gold.json`` pairs.
        pipeline: a :class:`eventwire.pipeline.Pipeline`; default ``Pipeline.from_config``.
        knowledge_dirs: extra knowledge directories for the default pipeline.

    Returns:
        The dict described in the module docstring.

    Raises:
        InputError: the directory is missing, has no gold, or a gold file is invalid.
        ModelNotFoundError, ConfigError: the default pipeline cannot be built.
    """
    from .errors import EventwireError
    from .ingest.text import parse_date, read_text_file

    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise InputError(str(gold_dir), "no such directory")
    pairs = _gold_pairs(gold_dir)
    if pipeline is None:
        from .pipeline import Pipeline

        pipeline = Pipeline.from_config(knowledge_dirs=knowledge_dirs)
    articles = []
    for gp, tp, gold in pairs:
        meta = gold.get("metadata") or {}
        try:
            published = parse_date(meta.get("published"))
        except ValueError as exc:
            raise InputError(str(gp), f"metadata.published {meta.get('published')!r} is not a date") from exc
        error = None
        try:
            article = pipeline.run(read_text_file(tp, published=published))
            record, text = article.record(), article.text
        except EventwireError as exc:
            log.warning("%s: extractor failed, scored as empty: %s", tp, exc)
            error, record = str(exc), _empty_record()
            text = tp.read_text(encoding="utf-8", errors="replace")
        scored = score_article(record, gold, text)
        log.info("%s: events F1 %s", tp.name, scored["events"]["f1"])
        articles.append({"document": tp.name, "error": error, **scored})
    return {"schema": EVAL_SCHEMA, "kind": "articles", "gold": str(gold_dir),
            "articles": articles, "total": sum_scores(articles)}


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
        ``{id, gold_type, top1, types, top1_ok, recalled, actor_ok, recipient_ok}``; the last two
        are None where undefined.
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

    return {"id": gold.get("id"), "gold_type": gold_type,
            "top1": top.get("event_type") if top else "NONE",
            "types": sorted({e.get("event_type") for e in events}),
            "top1_ok": bool(top) and top.get("event_type") == gold_type, "recalled": bool(same),
            "actor_ok": role_ok("actor"), "recipient_ok": role_ok("recipient"),
            "text": gold.get("text", "")}


def _read_gsr(path: Path, limit: int | None) -> list[dict]:
    records = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read: {exc}") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}#line {n}", f"not JSON: {exc}") from exc
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or not rec.get("event_type"):
            raise InputError(f"{path}#line {n}", "not a gold standard record (needs text and event_type)")
        records.append(rec)
        if limit is not None and len(records) >= limit:
            break
    if not records:
        raise InputError(str(path), "no gold standard records")
    return records


def summarise_gsr(results: list[dict]) -> dict:
    """Figures over :func:`score_gsr_record` results: accuracies, confusion matrix, per type."""
    from .evaluate_score import accuracy

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


def evaluate_gsr(path: str | Path, pipeline: Any = None, limit: int | None = None,
                 knowledge_dirs: list[str] | None = None) -> dict:
    """Run each gold standard record's ``text`` as one article (published unknown) and score it.

    Args:
        path: the JSONL file (records with ``id``, ``text``, ``event_type``, ``actor``,
            ``recipient``).
        pipeline: a Pipeline to reuse; default ``Pipeline.from_config(knowledge_dirs=...)``.
        limit: score only the first ``limit`` records.

    Returns:
        The dict described in the module docstring. A record the extractor fails on is listed
        in ``errors`` and scored as having no events.

    Raises:
        InputError: missing or malformed file.
    """
    from .ingest.text import article_from_text
    from .pipeline import Failure

    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "no such file")
    records = _read_gsr(path, limit)
    if pipeline is None:
        from .pipeline import Pipeline

        pipeline = Pipeline.from_config(knowledge_dirs=knowledge_dirs)

    def items() -> Iterator:
        for i, rec in enumerate(records):
            rid = str(rec.get("id") or f"line{i + 1}")
            try:
                yield article_from_text(rec["text"], f"jsonl:{path}#{rid}", None, id=rid)
            except InputError as exc:
                yield exc

    results, errors = [], []
    for rec, res in zip(records, pipeline.pipe(items())):
        if isinstance(res, Failure):
            errors.append({"id": rec.get("id"), "error": res.error})
            record = _empty_record()
        else:
            record = res.record()
        results.append(score_gsr_record(record, rec))
    return {"schema": EVAL_SCHEMA, "kind": "gsr", "gold": str(path), **summarise_gsr(results),
            "results": results, "errors": errors}


def evaluate_path(path: str | Path, pipeline: Any = None, limit: int | None = None,
                  knowledge_dirs: list[str] | None = None) -> dict:
    """:func:`evaluate_articles` for a directory, :func:`evaluate_gsr` for a ``.jsonl`` file.

    Raises:
        InputError: the path is missing or neither kind.
    """
    p = Path(path)
    if p.is_dir():
        return evaluate_articles(p, pipeline, knowledge_dirs)
    if p.is_file() and p.suffix == ".jsonl":
        return evaluate_gsr(p, pipeline, limit, knowledge_dirs)
    if not p.exists():
        raise InputError(str(p), "no such file or directory")
    raise InputError(str(p), "not a gold directory (NAME.txt + NAME.gold.json) or a GSR .jsonl file")


def check_path(path: str | Path) -> None:
    """Cheap check before any model loads (the CLI calls it first).

    Raises:
        InputError: as :func:`evaluate_path` would, for a missing path, a directory without
            gold, or a file that is not ``.jsonl``.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(str(p), "no such file or directory")
    if p.is_dir():
        _gold_pairs(p)
    elif p.suffix != ".jsonl":
        raise InputError(str(p), "not a gold directory (NAME.txt + NAME.gold.json) or a GSR .jsonl file")
    else:
        _read_gsr(p, 1)

