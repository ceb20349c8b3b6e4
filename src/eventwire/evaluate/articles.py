"""Article gold: run the extractor on each gold article and score it (rules 1–8).

Each article is in the tune or the check half by its text file's base name
(:func:`eventwire.evaluate.split.half_of`); the totals are micro-averaged per half and over all.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ..errors import InputError
from .gold import data_sha256, gold_articles
from .score import score_article, sum_scores
from .split import HALVES, half_of

log = logging.getLogger(__name__)


def _empty_record() -> dict:
    return {"events": [], "quotes": [], "places": [], "entities": []}


def collect_articles(gold_dirs: list[Path]) -> list:
    """The :class:`~eventwire.evaluate.gold.GoldArticle` of several directories, checked.

    Raises:
        InputError: as :func:`~eventwire.evaluate.gold.gold_articles`, or one directory (or
            one article file name) given twice.
    """
    pairs, dirs, names = [], set(), {}
    for d in gold_dirs:
        key = Path(d).resolve()
        if key in dirs:
            raise InputError(str(d), "directory given twice")
        dirs.add(key)
        for ga in gold_articles(d):
            if ga.text_path.name in names:
                raise InputError(str(ga.text_path), f"an article of this name is also in {names[ga.text_path.name]}")
            names[ga.text_path.name] = str(d)
            pairs.append(ga)
    return pairs


def evaluate_articles(gold_dirs: str | Path | list, pipeline: Any = None,
                      knowledge_dirs: list[str] | None = None) -> dict:
    """Run the extractor on every gold article of one or more directories and score them.

    Each article is read with its gold's ``metadata.published`` as publication date. An
    article the extractor fails on is recorded with ``error`` and scored as an empty record.

    Args:
        gold_dirs: a directory of gold files and their articles, or a list of them
            (``NAME.txt`` + ``NAME.gold.json``, or ``001_title.txt`` + ``001.gold.json``).
        pipeline: a :class:`eventwire.pipeline.Pipeline`; default ``Pipeline.from_config``.
        knowledge_dirs: extra knowledge directories for the default pipeline.

    Returns:
        ``{"kind": "articles", "gold": [DIR...], "data_sha256", "articles": [ARTICLE...],
        "totals": {"tune", "check", "all"}}``. ``ARTICLE`` is
        :func:`~eventwire.evaluate.score.score_article`'s dict plus ``document`` (the text file
        name), ``half`` and ``error`` (None, or why the extractor failed). Each total is
        :func:`~eventwire.evaluate.score.sum_scores` over the articles of that half.

    Raises:
        InputError: a directory is missing, has no gold, or a gold file is invalid.
        ModelNotFoundError, ConfigError: the default pipeline cannot be built.
    """
    from ..errors import EventwireError
    from ..ingest.text import parse_date, read_text_file

    dirs = [Path(d) for d in (gold_dirs if isinstance(gold_dirs, (list, tuple)) else [gold_dirs])]
    pairs = collect_articles(dirs)
    if pipeline is None:
        from ..pipeline import Pipeline

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
        articles.append({"document": tp.name, "half": half_of(tp.name), "error": error, **scored})
    totals = {h: sum_scores(a for a in articles if a["half"] == h) for h in HALVES}
    totals["all"] = sum_scores(articles)
    files = [p for ga in pairs for p in (ga.gold_path, ga.text_path)]
    return {"kind": "articles", "gold": [str(d) for d in dirs], "data_sha256": data_sha256(files),
            "articles": articles, "totals": totals}
