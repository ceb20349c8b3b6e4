"""``eventwire extract``: print the eventwire/1 record of each input (no database).

Inputs are read by the same dispatcher as ``ingest`` (:mod:`eventwire.ingest.dispatch`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from . import OutFormat, app, build_pipeline, parse_published, setup_logging


@app.command()
def extract(
    inputs: List[str] = typer.Argument(..., help="Files, directories, HTML pages, RSS/Atom feeds (file or URL), WARC(.gz), JSONL/CSV datasets, or - for stdin (read as ingest reads them)."),
    format: OutFormat = typer.Option(OutFormat.json, "--format", "-f", help="json (one object per article), jsonl, table, csv."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD (overrides the header)."),
    knowledge: Optional[List[Path]] = typer.Option(None, help="Extra knowledge directory (repeatable)."),
    max_bytes: int = typer.Option(5_000_000, min=1, help="Largest document accepted, in bytes of text."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar (there is one only for a directory, on a terminal)."),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="More logging on stderr."),
):
    """Extract events, quotes, places and actors; print the eventwire/1 record.

    Bad documents print a one-line error naming them on stderr; the others still come out;
    the exit code is 1 when any document failed.
    """
    from ..errors import InputError
    from ..ingest.dispatch import SourceOptions, iter_sources
    from ..ingest.language import check_language
    from ..output import write_records
    from ..pipeline import Failure
    from ..termsafe import clean

    setup_logging(verbose)
    opts = SourceOptions(published=parse_published(published), max_bytes=max_bytes)
    pipe = build_pipeline(knowledge, max_bytes)

    def items():
        for item in iter_sources(list(inputs), opts):
            if not isinstance(item, InputError):
                try:
                    check_language(item)  # as ingest does: a German page is no English record
                except InputError as exc:
                    item = exc
            yield item

    from ..ingest.dispatch import DATASET_SUFFIXES, is_directory
    from ..runners import IngestStats, Progress

    failed = 0
    articles = []
    many = any(is_directory(t) for t in inputs)
    # a source of several documents (paths, a directory, a JSON Lines file) always gives JSON
    # Lines, however many of them turn out good: the output's shape follows the input's
    several = len(inputs) > 1 or many or any(Path(t).suffix.lower() in DATASET_SUFFIXES for t in inputs)
    stream = format.value in ("jsonl",) or (format.value == "json" and several)
    progress = Progress.auto(quiet or not many, label="extract")
    if progress.mode == "bar":
        from ..ingest.count import count_documents

        progress.total = count_documents(list(inputs))
    stats = IngestStats()
    with progress:
        for res in pipe.pipe(items()):
            stats.read += 1
            if isinstance(res, Failure):
                failed += 1
                stats.failed += 1
                if progress.mode == "bar":
                    progress.note(f"eventwire: error: {res.message()}")
                else:
                    typer.echo(f"eventwire: error: {clean(res.message())}", err=True)
            else:
                stats.stored += 1
                if stream:
                    write_records([res], "jsonl", sys.stdout)
                else:
                    articles.append(res)
            progress.update(stats)
    if articles:
        fmt = "jsonl" if (format.value == "json" and len(articles) > 1) else format.value
        write_records(articles, fmt, sys.stdout)
    if failed:
        raise typer.Exit(1)
