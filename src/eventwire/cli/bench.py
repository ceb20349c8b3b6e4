"""``eventwire bench``: a thin command over :func:`eventwire.bench.run_bench`."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app, fail, setup_logging


@app.command()
def bench(
    corpus: Optional[Path] = typer.Option(None, help="Directory of articles (default: ../shared/corpus/news, else the seed article)."),
    workers: str = typer.Option("1,2", help="Worker counts to measure, comma-separated."),
    repeat: int = typer.Option(2, min=1, help="Timed rounds of each measurement; the fastest counts."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="JSON file to write (default bench.json; with --spark bench-spark.json)."),
    spark: bool = typer.Option(False, "--spark", help="Measure the Spark runner against the local runner instead (docs/benchmark.md)."),
    sizes: str = typer.Option("500,2000", help="With --spark: article counts, comma-separated (the corpus repeated)."),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="More logging on stderr."),
):
    """Measure pipeline throughput against spaCy's own parse of the same texts, and DB writes.

    With --spark: the Spark runner's throughput against the local runner's, on local[1] and local[2].

    Writes JSON: articles/s, peak RSS in MiB, the pipeline/spaCy ratio per worker count, DB writes/s.
    Prints a short table on stderr. See docs/benchmark.md.
    """
    from ..bench import format_report, run_bench
    from ..errors import EventwireError

    setup_logging(verbose)
    try:
        counts = [int(w) for w in workers.split(",") if w.strip()]
    except ValueError:
        fail(f"--workers {workers!r}: give worker counts like 1,2")
    if not counts or min(counts) < 1:
        fail(f"--workers {workers!r}: give worker counts like 1,2")
    if spark:
        from ..bench_spark import format_spark_report, run_spark_bench

        try:
            ns = [int(n) for n in sizes.split(",") if n.strip()]
        except ValueError:
            ns = []
        if not ns or min(ns) < 1:
            fail(f"--sizes {sizes!r}: give article counts like 500,2000")
        try:
            report = run_spark_bench(corpus, counts, ns, repeat, output or Path("bench-spark.json"))
        except EventwireError as exc:
            fail(str(exc))
        typer.echo(format_spark_report(report), err=True)
        return
    try:
        report = run_bench(corpus, counts, repeat, output or Path("bench.json"))
    except EventwireError as exc:
        fail(str(exc))
    typer.echo(format_report(report), err=True)
