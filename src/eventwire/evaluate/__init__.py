"""Evaluation against gold: article gold directories and PLOVER gold standard records.

The rules are those of ``../shared/eval/README.md`` ("Scoring"); that page is the spec, and
where it and this code disagree the code is the bug. The package:

* :mod:`.score` — the pure article scorer (:func:`score_article`, :func:`sum_scores`), with the
  reading of the README it implements in its docstring;
* :mod:`.gold` — reading gold files, finding their articles, hashing the data measured;
* :mod:`.split` — the fixed tune/check split (:func:`half_of`);
* :mod:`.articles` — running the extractor on gold articles (:func:`evaluate_articles`);
* :mod:`.gsr` — PLOVER gold standard records (:func:`evaluate_gsr`);
* :mod:`.report` — the text report; :mod:`.baseline` — the floors file and the gate.

:func:`evaluate_path` puts them together (``eventwire eval`` calls it). Its result
(``-f json`` prints it; stable keys, the eval-floor test reads them)::

    {"schema": "eventwire-eval/2", "gold": [PATH...], "show_check": bool,
     "articles": ARTICLES or None, "gsr": GSR or None}

``ARTICLES`` is :func:`evaluate_articles`'s dict: ``articles`` (one entry per article, with
``document``, ``half``, ``error`` and the figures of :func:`score_article`) and ``totals``
``{"tune", "check", "all"}``, each micro-averaged (:func:`sum_scores`): ``events``/``triples``/
``quotes`` ``{tp, fp, fn, precision, recall, f1}``, ``location``/``date``/``mode``/``aux``
``{correct, total, accuracy}``, ``places`` ``{found, total, recall}``, ``leaks`` ``{count}``,
``set_aside``, ``duplicates``, ``documents``. ``GSR`` is :func:`evaluate_gsr`'s dict:
``records``, ``totals`` ``{"tune", "check", "all"}`` (each ``type_accuracy``, ``type_recall``,
``actor_accuracy``, ``recipient_accuracy`` ``{correct, total, accuracy}``, ``records``,
``confusion``, ``per_type``), ``results`` (one per record) and ``errors``. Both carry ``gold``
(the paths) and ``data_sha256`` (:func:`eventwire.evaluate.gold.data_sha256`).

Unless ``show_check`` is set, the check half is numbers only (:func:`hide_check`): its
articles keep their figures but lose the lists of misses, false positives and wrong fields;
its GSR records are left out of ``results``, and the check and all totals lose ``confusion``
and ``per_type``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputError
from .articles import collect_articles, evaluate_articles
from .gold import GOLD_SCHEMA, data_sha256, gold_articles, load_gold
from .gsr import evaluate_gsr, read_gsr, score_gsr_record, summarise_gsr
from .score import codes_of, entity_codes, normalise, score_article, sum_scores
from .split import CHECK, HALVES, TUNE, half_of

EVAL_SCHEMA = "eventwire-eval/2"

__all__ = ["evaluate_articles", "evaluate_gsr", "evaluate_path", "check_paths", "hide_check",
           "score_article", "score_gsr_record", "summarise_gsr", "sum_scores", "load_gold",
           "gold_articles", "data_sha256", "normalise", "entity_codes", "codes_of", "half_of",
           "read_gsr", "GOLD_SCHEMA", "EVAL_SCHEMA", "TUNE", "CHECK", "HALVES"]

#: Per-article keys that are lists of sentences and details, hidden for the check half.
DETAIL_KEYS = ("matches", "misses", "false_positives", "triple_errors", "optional_unmatched",
               "quote_misses", "quote_false_positives", "places_missed")

_KIND_ERROR = "not a gold directory (NAME.txt + NAME.gold.json) or a GSR .jsonl file"


def _kinds(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    dirs, files = [], []
    for p in paths:
        if p.is_dir():
            dirs.append(p)
        elif p.is_file() and p.suffix == ".jsonl":
            files.append(p)
        elif not p.exists():
            raise InputError(str(p), "no such file or directory")
        else:
            raise InputError(str(p), _KIND_ERROR)
    return dirs, files


def check_paths(paths: str | Path | list) -> None:
    """Cheap check before any model loads (the CLI calls it first).

    Raises:
        InputError: as :func:`evaluate_path` would, for a missing path, a directory without
            gold or with a gold file whose article is missing, a file that is not ``.jsonl``
            or has no record, or a path given twice.
    """
    paths = [Path(p) for p in (paths if isinstance(paths, (list, tuple)) else [paths])]
    dirs, files = _kinds(paths)
    collect_articles(dirs)
    seen = set()
    for f in files:
        if f.resolve() in seen:
            raise InputError(str(f), "file given twice")
        seen.add(f.resolve())
        read_gsr(f, 1)


def hide_check(result: dict) -> dict:
    """The result with the check half reduced to numbers (see the module docstring).

    Returns:
        A new dict; ``result`` is not changed.
    """
    out = dict(result, show_check=False)
    if result.get("articles"):
        arts = dict(result["articles"])
        arts["articles"] = [a if a["half"] != CHECK else
                            {k: v for k, v in a.items() if k not in DETAIL_KEYS}
                            | {"leaks": {"count": a["leaks"]["count"]}}
                            for a in arts["articles"]]
        out["articles"] = arts
    if result.get("gsr"):
        gsr = dict(result["gsr"])
        gsr["results"] = [r for r in gsr["results"] if r["half"] != CHECK]
        gsr["totals"] = {h: (t if h == TUNE else {k: v for k, v in t.items() if k not in ("confusion", "per_type")})
                         for h, t in gsr["totals"].items()}
        out["gsr"] = gsr
    return out


def evaluate_path(paths: str | Path | list, pipeline: Any = None, limit: int | None = None,
                  knowledge_dirs: list[str] | None = None, show_check: bool = False) -> dict:
    """Score the extractor on gold: article directories and GSR ``.jsonl`` files, together.

    All directories are scored as one set of articles, all ``.jsonl`` files as one set of
    records; each set is split into its tune and check halves (:mod:`.split`).

    Args:
        paths: one path or several; a directory is article gold, a ``.jsonl`` file GSR records.
        pipeline: a Pipeline to reuse; default ``Pipeline.from_config(knowledge_dirs=...)``.
        limit: GSR only: score the first ``limit`` records of each file.
        knowledge_dirs: extra knowledge directories for the default pipeline.
        show_check: keep the check half's details (for auditing the scorer, not for tuning).

    Returns:
        The dict described in the module docstring.

    Raises:
        InputError: a path is missing or neither kind, or invalid gold.
    """
    paths = [Path(p) for p in (paths if isinstance(paths, (list, tuple)) else [paths])]
    if not paths:
        raise InputError("eval", "no gold path given")
    dirs, files = _kinds(paths)
    if pipeline is None and (dirs or files):
        from ..pipeline import Pipeline

        pipeline = Pipeline.from_config(knowledge_dirs=knowledge_dirs)
    result = {"schema": EVAL_SCHEMA, "gold": [str(p) for p in paths], "show_check": True,
              "articles": evaluate_articles(dirs, pipeline) if dirs else None,
              "gsr": evaluate_gsr(files, pipeline, limit) if files else None}
    return result if show_check else hide_check(result)
