"""``eventwire bench``: pipeline throughput as a ratio to spaCy's own parse of the same texts.

For each worker count it measures, in a fresh process, interleaved rounds of

* **spaCy alone**: the same model object over the same section texts the ParseStage parses
  (after CleanStage), with ``nlp.pipe``; with several workers, chunks of articles go to the same
  worker processes the pipeline uses;
* **the pipeline**: language detection plus every stage, through
  :class:`~eventwire.runners.local.LocalRunner` with that many worker processes (what
  ``eventwire ingest`` runs, without the store).

Model loading and worker start-up are not timed; each measurement runs ``repeat`` rounds and the
fastest counts (a shared machine's other load only ever slows a round). A corpus of fewer than
:data:`MIN_ARTICLES` articles is repeated up to it. The headline figure is ``ratio`` =
pipeline articles/s ÷ spaCy articles/s (the target: at least 0.80, issue 8). It also measures the
store's write rate: articles/s through :meth:`Store.write_article` into a temporary DuckDB file.

Peak memory is ``resource.getrusage(...).ru_maxrss`` (peak resident set size) in MiB: of the
pipeline's process (``peak_rss_mib``), of its largest worker process (``worker_peak_rss_mib``),
and of a process that only loads the model and parses the texts (``spacy_peak_rss_mib``).
"""

from __future__ import annotations

import json
import logging
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from . import __version__
from .errors import ConfigError
from .model import FURNITURE_ROLES, Article

log = logging.getLogger(__name__)

#: The design's floor for pipeline/spaCy throughput (the project design brief, DESIGN.md, "Speed").
TARGET_RATIO = 0.80
#: A corpus smaller than this is repeated up to it (articles).
MIN_ARTICLES = 20
#: Articles written when measuring the store (corpus copies, made distinct).
DB_WRITES = 60


def _rss_mib(who: int) -> float:
    """ru_maxrss in MiB (Linux reports KiB, macOS bytes)."""
    rss = resource.getrusage(who).ru_maxrss
    return round(rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024, 1)


def default_corpus() -> Path:
    """../shared/corpus/news (from the working directory or the repository), else the seed article.

    Raises:
        ConfigError: none of them exists (give ``--corpus DIR``).
    """
    repo = Path(__file__).resolve().parents[2]
    for base in (Path.cwd(), repo):
        news = base.parent / "shared" / "corpus" / "news"
        if news.is_dir():
            return news
    for cand in (repo / "tests" / "fixtures" / "seed", repo / "examples"):
        if cand.is_dir():
            return cand
    raise ConfigError("no corpus found (../shared/corpus/news, tests/fixtures/seed, examples/); give --corpus DIR")


def load_corpus(corpus: Path, min_articles: int = MIN_ARTICLES) -> list[Article]:
    """The corpus's readable articles, the list repeated until it has ``min_articles`` or more
    (so the one-article seed fallback still gives steady figures).

    Raises:
        ConfigError: the corpus holds no readable article.
    """
    from .ingest.dispatch import iter_source

    arts = [a for a in iter_source(str(corpus)) if isinstance(a, Article)]
    if not arts:
        raise ConfigError(f"{corpus}: no readable article to benchmark")
    times = max(1, -(-min_articles // len(arts)))
    return [a for _ in range(times) for a in arts]


def section_texts(articles: list[Article]) -> list[list[str]]:
    """Per article, the section texts ParseStage would parse (CleanStage's non-furniture sections)."""
    from .clean import CleanStage
    from .knowledge import Knowledge

    clean = CleanStage(Knowledge(None), {})
    out = []
    for a in articles:
        b = Article(text=a.text, source=a.source, body_start=a.body_start, published=a.published)
        clean(b)
        out.append([b.text[s.start:s.end] for s in b.sections
                    if s.role not in FURNITURE_ROLES and s.duplicate_of is None and s.end > s.start])
    return out


def _spacy_parse(texts: list[str], model: str | None = None) -> int:
    """spaCy alone over ``texts`` (the process's cached model, the one ParseStage uses)."""
    from .nlp import load_model

    return sum(1 for _ in load_model(model).pipe(texts, batch_size=64))


def _spacy_memory_child(texts: list[list[str]], model: str | None, q) -> None:
    """Peak RSS of a process that only loads the model and parses the texts once."""
    try:
        _spacy_parse([t for ts in texts for t in ts], model)
        q.put({"peak_rss_mib": _rss_mib(resource.RUSAGE_SELF)})
    except BaseException as exc:  # reported by the parent
        q.put({"error": f"{type(exc).__name__}: {exc}"})


def _measure_child(articles: list[Article], texts: list[list[str]], workers: int, rounds: int,
                   model: str | None, q) -> None:
    """Interleaved rounds of spaCy alone and of the pipeline, on the same worker processes.

    The pipeline goes through LocalRunner (language check + every stage) over fresh copies of
    the articles; spaCy alone runs ``nlp.pipe`` over the same section texts with the same model
    object — in this process for one worker, else in the runner's workers (chunks of articles).
    Alternating the two, and starting each round with the other one, lets both see the same
    machine load. Puts ``{"spacy": [seconds...], "pipeline": [seconds...], ...}`` on ``q``.
    """
    try:
        import copy

        from .runners.local import LocalRunner

        runner = LocalRunner(workers=workers, config={"model": model} if model else None)
        runner.start()  # model loading, warm-up and worker start-up: not timed
        flat = [t for ts in texts for t in ts]
        per = max(1, len(texts) // (4 * workers))
        chunks = [[t for ts in texts[i:i + per] for t in ts] for i in range(0, len(texts), per)]

        def spacy_round() -> float:
            t0 = time.perf_counter()
            if workers == 1:
                _spacy_parse(flat, model)
            else:
                runner.pool_map(_spacy_parse, chunks, model)
            return time.perf_counter() - t0

        def pipeline_round() -> tuple[float, list]:
            todo = copy.deepcopy(articles)
            t0 = time.perf_counter()
            results = list(runner.map(todo))
            return time.perf_counter() - t0, results

        spacy_rounds, pipe_rounds, results = [], [], []
        spacy_round()  # warm-up (the first nlp.pipe call allocates)
        for r in range(rounds):
            if r % 2 == 0:
                spacy_rounds.append(spacy_round())
                secs, results = pipeline_round()
            else:
                secs, results = pipeline_round()
                spacy_rounds.append(spacy_round())
            pipe_rounds.append(secs)
        runner.close()
        ok = [r for r in results if isinstance(r, Article)]
        q.put({"spacy": spacy_rounds, "pipeline": pipe_rounds, "failed": len(results) - len(ok),
               "events": sum(len(a.events) for a in ok), "peak_rss_mib": _rss_mib(resource.RUSAGE_SELF),
               "worker_peak_rss_mib": _rss_mib(resource.RUSAGE_CHILDREN) if workers > 1 else None,
               "articles": ok if workers == 1 else None})
    except BaseException as exc:
        q.put({"error": f"{type(exc).__name__}: {exc}"})


def _in_child(target, *args) -> dict:
    """Run ``target(*args, queue)`` in a fresh spawned process; its result dict."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=target, args=(*args, q))
    p.start()
    import queue

    while True:
        try:
            res = q.get(timeout=1.0)
            break
        except queue.Empty:
            if not p.is_alive():
                raise ConfigError(f"benchmark run died (exit code {p.exitcode})") from None
    p.join()
    if "error" in res:
        raise ConfigError(f"benchmark run failed: {res['error']}")
    return res


def measure_writes(articles: list[Article], n: int = DB_WRITES) -> dict:
    """Articles/s through Store.write_article into a temporary DuckDB file.

    Copies of the processed articles are made distinct by a trailing line (offsets unchanged) and
    their event ids cleared, so each write is a new article; the store's near-duplicate detection
    finds their originals, the slower path.
    """
    import copy

    from .store import Store

    todo = []
    for i in range(n):
        a = copy.deepcopy(articles[i % len(articles)])
        a.text = a.text + f"\n[bench copy {i}]\n"
        a.id = ""
        a.__post_init__()
        for ev in a.events:
            ev.id = ""  # extractor ids embed the content hash: let the store derive new ones
        todo.append(a)
    with tempfile.TemporaryDirectory() as d:
        with Store(os.path.join(d, "bench.duckdb")) as st:
            run = st.start_run(["eventwire", "bench"])
            t0 = time.perf_counter()
            stored = sum(st.write_article(a, run) for a in todo)
            secs = time.perf_counter() - t0
    return {"articles": stored, "seconds": round(secs, 3), "articles_per_s": round(stored / secs, 1) if secs else None}


def _writes_or_error(processed: list[Article]) -> dict | None:
    """:func:`measure_writes`, or ``{"error": ...}`` when the store fails (the rest still counts)."""
    from .errors import EventwireError

    if not processed:
        return None
    try:
        return measure_writes(processed)
    except EventwireError as exc:
        log.warning("bench: database writes failed: %s", exc)
        return {"error": str(exc)}


def run_bench(corpus: Path | None = None, workers: list[int] | None = None, repeat: int = 2,
              output: Path | None = Path("bench.json"), model: str | None = None,
              min_articles: int = MIN_ARTICLES) -> dict[str, Any]:
    """Run the benchmark and write its JSON report to ``output`` (None: do not write).

    Args:
        corpus: a directory (or file) of articles; default :func:`default_corpus`.
        workers: worker counts to measure (default ``[1, 2]``).
        repeat: timed rounds of each measurement; the fastest round counts (as ``timeit``
            does: slower rounds measure other load on the machine, not eventwire).
        model: spaCy model name (default: the pipeline's).
        min_articles: a smaller corpus is repeated up to this many articles.

    Returns:
        The report (see docs/benchmark.md for its fields).

    Raises:
        ConfigError: no corpus, or a run failed (e.g. the model is missing).
    """
    corpus = Path(corpus) if corpus else default_corpus()
    workers = workers or [1, 2]
    articles = load_corpus(corpus, min_articles)
    texts = section_texts(articles)
    chars = sum(len(t) for ts in texts for t in ts)
    n = len(articles)
    runs = []
    processed: list[Article] = []
    for w in workers:
        log.info("bench: spaCy alone and pipeline, %d worker(s), %d round(s)", w, repeat)
        m = _in_child(_measure_child, articles, texts, w, repeat, model)
        if m.get("articles"):
            processed = m["articles"]
        sp_s, pl_s = min(m["spacy"]), min(m["pipeline"])
        runs.append({
            "workers": w,
            "spacy": {"seconds": round(sp_s, 3), "rounds": [round(t, 3) for t in m["spacy"]],
                      "articles_per_s": round(n / sp_s, 2), "chars_per_s": round(chars / sp_s)},
            "pipeline": {"seconds": round(pl_s, 3), "rounds": [round(t, 3) for t in m["pipeline"]],
                         "articles_per_s": round(n / pl_s, 2), "chars_per_s": round(chars / pl_s),
                         "peak_rss_mib": m["peak_rss_mib"], "worker_peak_rss_mib": m["worker_peak_rss_mib"],
                         "failed": m["failed"], "events": m["events"]},
            "ratio": round(sp_s / pl_s, 3),
        })
    if not processed:
        processed = _in_child(_measure_child, articles, texts, 1, 1, model)["articles"] or []
    spacy_mem = _in_child(_spacy_memory_child, texts, model)["peak_rss_mib"]
    head = runs[0]["ratio"]
    report = {
        "schema": "eventwire-bench/1",
        "eventwire": __version__,
        "corpus": str(corpus),
        "articles": n,
        "repeat": repeat,
        "characters": chars,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None},
        "memory": "peak resident set size, resource.getrusage().ru_maxrss, MiB",
        "spacy_peak_rss_mib": spacy_mem,
        "runs": runs,
        "ratio": head,
        "target_ratio": TARGET_RATIO,
        "meets_target": head >= TARGET_RATIO,
        "db_write": _writes_or_error(processed),
    }
    if output is not None:
        Path(output).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


def format_report(report: dict[str, Any]) -> str:
    """A short plain-text table of a report, for stderr."""
    lines = [f"eventwire bench: {report['articles']} articles ({report['characters']:,} characters) from {report['corpus']}",
             f"{'workers':>7}  {'spaCy art/s':>11}  {'pipeline art/s':>14}  {'ratio':>5}  {'pipeline peak MiB (main/worker)':>31}"]
    for r in report["runs"]:
        p = r["pipeline"]
        mem = f"{p['peak_rss_mib']}/{p['worker_peak_rss_mib'] if p['worker_peak_rss_mib'] is not None else '-'}"
        lines.append(f"{r['workers']:>7}  {r['spacy']['articles_per_s']:>11.2f}  {p['articles_per_s']:>14.2f}  "
                     f"{r['ratio']:>5.2f}  {mem:>31}")
    lines.append(f"spaCy alone, peak: {report['spacy_peak_rss_mib']} MiB per process")
    w = report.get("db_write")
    if w and "error" in w:
        lines.append(f"database writes: failed ({w['error']})")
    elif w:
        lines.append(f"database writes: {w['articles_per_s']} articles/s ({w['articles']} articles)")
    lines.append(f"ratio {report['ratio']:.2f} (target >= {report['target_ratio']:.2f}): "
                 f"{'met' if report['meets_target'] else 'NOT met'}")
    return "\n".join(lines)
