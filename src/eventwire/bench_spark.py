"""``eventwire bench --spark``: the Spark runner's throughput against the local runner's.

The corpus is repeated up to each size (default 500 and 2,000 articles) as one JSONL file, each
copy a new article (a new id and a trailing ``[bench copy N]`` line: a new content hash, so
nothing is skipped as a repeat). For each worker count W (default 1 and 2), in fresh processes:

* **local**: :class:`~eventwire.runners.local.LocalRunner` with W worker processes reads the
  file (``iter_source``) and runs language detection and every stage over each article, as
  ``eventwire ingest`` does without the store;
* **spark**: :func:`eventwire.runners.spark.run` on ``local[W]`` over the same file, its first
  stage (read, key by content hash, extract, write the staged rows as Parquet), ``link=False``.

Both run in one fresh process per worker count, in interleaved rounds (each round starting with
the other one) so both see the same load on a shared machine. Model loading, worker start-up and
the Spark session's start are not timed (each side's workers build their pipeline before the
first timed round; Spark's again before each round, as Spark ends Python workers idle for a
minute, which they are while the local runner's round runs). Each measurement runs ``repeat`` rounds; the report gives every round, the
median and the fastest. Figures: articles/s, the ratio spark ÷
local at the same W, Spark's speedup from 1 to W workers, and how time grows from the smallest
to the largest size (4.0 for 500 → 2,000 is linear). The link stage is timed once on the
smallest size (``link_seconds``).
"""

from __future__ import annotations

import json
import logging
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from . import __version__
from .bench import _in_child, default_corpus
from .errors import ConfigError

log = logging.getLogger(__name__)

#: Article counts measured (the issue's floor is 2,000 for throughput).
SIZES = (500, 2000)
#: Articles of an untimed first run of both runners (the JVM's first use of its write path).
WARM_ARTICLES = 60


def make_input(corpus: Path, n: int, directory: Path) -> Path:
    """A JSONL file of ``n`` articles: the corpus's readable articles repeated, each copy with a new
    id and a trailing line (a new text, the same offsets for everything before it).

    Raises:
        ConfigError: the corpus holds no readable article.
    """
    from .ingest.dispatch import iter_source
    from .model import Article

    arts = [a for a in iter_source(str(corpus)) if isinstance(a, Article)]
    if not arts:
        raise ConfigError(f"{corpus}: no readable article to benchmark")
    path = directory / f"bench-{n}.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            a = arts[i % len(arts)]
            fh.write(json.dumps({"id": f"copy-{i}", "text": a.text + f"\n[bench copy {i}]\n",
                                 "published": a.published.isoformat() if a.published else None,
                                 "title": a.title, "url": a.url}) + "\n")
    return path


def _measure_child(paths: list[str], workers: int, rounds: int, scratch: str, link_on: str | None, q) -> None:
    """Interleaved rounds of the local runner and of Spark's extract stage (local[workers]) over
    each file, each round starting with the other one, so both see the same machine load.
    Puts {path: {"local": [seconds...], "spark": [seconds...], ...}} on ``q``."""
    try:
        from .ingest.dispatch import iter_source
        from .model import Article
        from .runners.local import LocalRunner
        from .runners.spark import run, session, warm_workers

        runner = LocalRunner(workers=workers)
        runner.start()
        spark = session(f"local[{workers}]", local_dir=os.path.join(scratch, "local"),
                        shuffle_partitions=2 * workers)
        warm_workers(spark)
        # not timed, as the local runner's model loading is not: the JVM compiles its Parquet
        # writing and row conversion on first use (a first 480-article round on local[2] took
        # 29.5 s, the next 24.2 s, 2026-12-06)
        warm = os.path.join(scratch, "warm.jsonl")
        with open(paths[0], encoding="utf-8") as src, open(warm, "w", encoding="utf-8") as dst:
            dst.writelines(line for _, line in zip(range(WARM_ARTICLES), src))
        run([warm], os.path.join(scratch, "out-warm"), spark=spark, link=False)
        list(runner.map(a for a in iter_source(warm) if isinstance(a, Article)))

        def local_round(path: str) -> tuple[float, int]:
            t0 = time.perf_counter()
            results = list(runner.map(a for a in iter_source(path) if isinstance(a, Article)))
            return time.perf_counter() - t0, sum(not isinstance(r, Article) for r in results)

        def spark_round(path: str, r: int) -> tuple[float, int]:
            warm_workers(spark)  # Spark ends Python workers idle for a minute (while the local runner ran)
            stats = run([path], os.path.join(scratch, f"out-{r}"), spark=spark, link=False)
            return stats.extract_seconds, stats.failed

        out: dict[str, Any] = {p: {"local": [], "spark": [], "failed": {}} for p in paths}
        for r in range(rounds):
            for path in paths:
                order = ("local", "spark") if r % 2 == 0 else ("spark", "local")
                for side in order:
                    secs, failed = local_round(path) if side == "local" else spark_round(path, r)
                    out[path][side].append(secs)
                    out[path]["failed"][side] = failed
        if link_on:
            stats = run([link_on], os.path.join(scratch, "out-link"), spark=spark)
            out["link"] = {"articles": stats.stored, "extract_seconds": round(stats.extract_seconds, 2),
                           "link_seconds": round(stats.link_seconds, 2), "canonical_events": stats.canonical_events}
        spark.stop()
        runner.close()
        q.put(out)
    except BaseException as exc:
        q.put({"error": f"{type(exc).__name__}: {exc}"})


def _figures(rounds: list[float], n: int) -> dict:
    med = statistics.median(rounds)
    return {"rounds": [round(t, 2) for t in rounds], "median_seconds": round(med, 2),
            "fastest_seconds": round(min(rounds), 2), "articles_per_s": round(n / med, 2)}


def run_spark_bench(corpus: Path | None = None, workers: list[int] | None = None, sizes: list[int] | None = None,
                    repeat: int = 3, output: Path | None = Path("bench-spark.json"),
                    link_stage: bool = True) -> dict[str, Any]:
    """Run the benchmark and write its JSON report to ``output`` (None: do not write).

    ``link_stage``: also time a whole run (both stages) on the smallest size.

    Raises:
        ConfigError: no corpus, pyspark missing, or a run failed.
    """
    corpus = Path(corpus) if corpus else default_corpus()
    workers = workers or [1, 2]
    sizes = sorted(sizes or SIZES)
    load_before = os.getloadavg() if hasattr(os, "getloadavg") else None
    runs: list[dict] = []
    link = None
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-spark-") as tmp:
        paths = {n: str(make_input(corpus, n, Path(tmp))) for n in sizes}
        for w in workers:
            log.info("bench --spark: local runner and spark local[%d], %d round(s)", w, repeat)
            m = _in_child(_measure_child, list(paths.values()), w, repeat, os.path.join(tmp, f"spark-{w}"),
                          paths[sizes[0]] if link is None and link_stage else None)
            link = link or m.pop("link", None)
            for n in sizes:
                got = m[paths[n]]
                lf, sf = _figures(got["local"], n), _figures(got["spark"], n)
                runs.append({"workers": w, "articles": n, "local": lf, "spark": sf,
                             "ratio": round(sf["articles_per_s"] / lf["articles_per_s"], 3),
                             "failed": got["failed"]})
    by = {(r["workers"], r["articles"]): r for r in runs}
    big, small = sizes[-1], sizes[0]
    speedup = {f"1->{w}": round(by[(1, big)]["spark"]["median_seconds"] / by[(w, big)]["spark"]["median_seconds"], 3)
               for w in workers if w != 1 and 1 in workers}
    local_speedup = {f"1->{w}": round(by[(1, big)]["local"]["median_seconds"] / by[(w, big)]["local"]["median_seconds"], 3)
                     for w in workers if w != 1 and 1 in workers}
    growth = {str(w): {k: round(by[(w, big)][k]["median_seconds"] / by[(w, small)][k]["median_seconds"], 3)
                       for k in ("local", "spark")} for w in workers} if big != small else {}
    report = {
        "schema": "eventwire-bench-spark/1", "eventwire": __version__, "corpus": str(corpus),
        "sizes": sizes, "repeat": repeat,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_average_before": [round(x, 2) for x in load_before] if load_before else None,
                    "load_average_after": [round(x, 2) for x in os.getloadavg()] if load_before else None},
        "runs": runs, "spark_speedup": speedup, "local_speedup": local_speedup,
        "growth": {"from": small, "to": big, "time_ratio": growth}, "link_stage": link,
    }
    if output is not None:
        Path(output).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


def format_spark_report(report: dict[str, Any]) -> str:
    """A short plain-text table of a report, for stderr."""
    lines = [f"eventwire bench --spark: sizes {report['sizes']} from {report['corpus']}, "
             f"{report['repeat']} round(s), medians",
             f"{'workers':>7}  {'articles':>8}  {'local art/s':>11}  {'spark art/s':>11}  {'spark/local':>11}"]
    for r in report["runs"]:
        lines.append(f"{r['workers']:>7}  {r['articles']:>8}  {r['local']['articles_per_s']:>11.2f}  "
                     f"{r['spark']['articles_per_s']:>11.2f}  {r['ratio']:>11.2f}")
    for k, v in report["spark_speedup"].items():
        lines.append(f"spark speedup {k} workers: {v:.2f}x (local runner: {report['local_speedup'][k]:.2f}x)")
    g = report["growth"]
    for w, v in g.get("time_ratio", {}).items():
        lines.append(f"time {g['from']} -> {g['to']} articles, {w} worker(s): local x{v['local']:.2f}, spark x{v['spark']:.2f}")
    if report.get("link_stage"):
        ls = report["link_stage"]
        lines.append(f"link stage on {ls['articles']} articles: {ls['link_seconds']:.1f} s")
    return "\n".join(lines)
