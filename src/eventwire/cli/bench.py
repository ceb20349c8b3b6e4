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
    output: Path = typer.Option(Path("bench.json"), "--output", "-o", help="JSON file to write."),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="More logging on stderr."),
):
    """Measure pipeline throughput against spaCy's own parse of the same texts, and DB writes.

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
    try:
        report = run_bench(corpus, counts, repeat, output)
    except EventwireError as exc:
        fail(str(exc))
    typer.echo(format_report(report), err=True)
