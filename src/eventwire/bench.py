"""``eventwire bench``: pipeline throughput as a ratio to spaCy's own parse of the same texts.

For each worker count it measures, each in a fresh process (so peak memory is that run's own):

* **spaCy only**: the same model over the same section texts the ParseStage parses (after
  CleanStage), with ``nlp.pipe``; with several workers, a pool of that many processes that each
  loaded the model gets chunks of articles (spaCy's ``n_process`` would also time its start-up);
* **pipeline**: language detection plus every stage, through :class:`~eventwire.runners.local.LocalRunner`
  with that many worker processes (what ``eventwire ingest`` runs, without the store).

Model loading and worker start-up are not timed; each measurement runs ``repeat`` rounds and the
fastest counts (a shared machine's other load only ever slows a round). A corpus of fewer than
:data:`MIN_ARTICLES` articles is repeated up to it. The headline figure is ``ratio`` =
pipeline articles/s ÷ spaCy articles/s (the design target: at least 0.70). It also measures the
store's write rate: articles/s through :meth:`Store.write_article` into a temporary DuckDB file.

Peak memory is ``resource.getrusage(...).ru_maxrss`` (peak resident set size) in MiB: of the
measuring process (``peak_rss_mib``) and of its largest worker process (``worker_peak_rss_mib``).
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

#: The design's floor for pipeline/spaCy throughput (docs/DESIGN.md, "Speed").
TARGET_RATIO = 0.70
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
    from .ingest.sources import iter_source

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


_NLP: dict[str, Any] = {}


def _spacy_init(model: str | None) -> None:
    from .nlp import load_model

    _NLP["nlp"] = load_model(model)
    list(_NLP["nlp"].pipe(["A warm-up sentence in Kyiv."]))


def _spacy_parse(texts: list[str]) -> int:
    return sum(1 for _ in _NLP["nlp"].pipe(texts, batch_size=64))


def _spacy_child(texts: list[list[str]], workers: int, model: str | None, rounds: int, q) -> None:
    """spaCy alone: one process runs ``nlp.pipe`` over every section text; with more workers,
    a pool of processes that each loaded the model (start-up not timed) gets chunks of articles.
    Puts ``{"rounds": [seconds, ...], ...}`` on ``q``."""
    try:
        flat = [t for ts in texts for t in ts]
        times = []
        if workers == 1:
            _spacy_init(model)
            for _ in range(rounds):
                t0 = time.perf_counter()
                _spacy_parse(flat)
                times.append(time.perf_counter() - t0)
            child_rss = None
        else:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            per = max(1, len(texts) // (4 * workers))
            chunks = [[t for ts in texts[i:i + per] for t in ts] for i in range(0, len(texts), per)]
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                     initializer=_spacy_init, initargs=(model,)) as pool:
                list(pool.map(time.sleep, [0.05] * (2 * workers)))  # every worker started and loaded
                for _ in range(rounds):
                    t0 = time.perf_counter()
                    sum(pool.map(_spacy_parse, chunks))
                    times.append(time.perf_counter() - t0)
            child_rss = _rss_mib(resource.RUSAGE_CHILDREN)
        q.put({"rounds": times, "peak_rss_mib": _rss_mib(resource.RUSAGE_SELF), "worker_peak_rss_mib": child_rss})
    except BaseException as exc:  # reported by the parent
        q.put({"error": f"{type(exc).__name__}: {exc}"})


def _pipeline_child(articles: list[Article], workers: int, rounds: int, q) -> None:
    """The pipeline through LocalRunner (language check + every stage), ``rounds`` times over
    fresh copies of the articles. Puts ``{"rounds": [seconds, ...], ...}`` on ``q``."""
    try:
        import copy

        from .runners.local import LocalRunner

        runner = LocalRunner(workers=workers)
        runner.start()  # model loading, warm-up and worker start-up: not timed
        times = []
        for _ in range(rounds):
            todo = copy.deepcopy(articles)
            t0 = time.perf_counter()
            results = list(runner.map(todo))
            times.append(time.perf_counter() - t0)
        runner.close()
        ok = [r for r in results if isinstance(r, Article)]
        q.put({"rounds": times, "failed": len(results) - len(ok), "events": sum(len(a.events) for a in ok),
               "peak_rss_mib": _rss_mib(resource.RUSAGE_SELF),
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
        log.info("bench: spaCy only, %d worker(s)", w)
        sp = _in_child(_spacy_child, texts, w, model, repeat)
        log.info("bench: pipeline, %d worker(s)", w)
        pl = _in_child(_pipeline_child, articles, w, repeat)
        if pl.get("articles"):
            processed = pl["articles"]
        sp_s, pl_s = min(sp["rounds"]), min(pl["rounds"])
        runs.append({
            "workers": w,
            "spacy": {"seconds": round(sp_s, 3), "rounds": [round(t, 3) for t in sp["rounds"]],
                      "articles_per_s": round(n / sp_s, 2), "chars_per_s": round(chars / sp_s),
                      "peak_rss_mib": sp["peak_rss_mib"], "worker_peak_rss_mib": sp["worker_peak_rss_mib"]},
            "pipeline": {"seconds": round(pl_s, 3), "rounds": [round(t, 3) for t in pl["rounds"]],
                         "articles_per_s": round(n / pl_s, 2), "chars_per_s": round(chars / pl_s),
                         "peak_rss_mib": pl["peak_rss_mib"], "worker_peak_rss_mib": pl["worker_peak_rss_mib"],
                         "failed": pl["failed"], "events": pl["events"]},
            "ratio": round(sp_s / pl_s, 3),
        })
    if not processed:
        processed = _in_child(_pipeline_child, articles, 1, 1)["articles"] or []
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
             f"{'workers':>7}  {'spaCy art/s':>11}  {'pipeline art/s':>14}  {'ratio':>5}  {'peak MiB (main/worker)':>22}"]
    for r in report["runs"]:
        p = r["pipeline"]
        mem = f"{p['peak_rss_mib']}/{p['worker_peak_rss_mib'] if p['worker_peak_rss_mib'] is not None else '-'}"
        lines.append(f"{r['workers']:>7}  {r['spacy']['articles_per_s']:>11.2f}  {p['articles_per_s']:>14.2f}  "
                     f"{r['ratio']:>5.2f}  {mem:>22}")
    w = report.get("db_write")
    if w and "error" in w:
        lines.append(f"database writes: failed ({w['error']})")
    elif w:
        lines.append(f"database writes: {w['articles_per_s']} articles/s ({w['articles']} articles)")
    lines.append(f"ratio {report['ratio']:.2f} (target >= {report['target_ratio']:.2f}): "
                 f"{'met' if report['meets_target'] else 'NOT met'}")
    return "\n".join(lines)
