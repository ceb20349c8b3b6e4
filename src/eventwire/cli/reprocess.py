"""``eventwire reprocess``: a thin command over :func:`eventwire.runners.reprocess.reprocess`."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from . import app, fail, parse_published, setup_logging


@app.command()
def reprocess(
    db: Path = typer.Option(Path("eventwire.duckdb"), "--db", help="DuckDB file written by 'eventwire ingest'."),
    since: Optional[str] = typer.Option(None, help="Articles published on or after this date (YYYY-MM-DD; YYYY-MM or YYYY: from its start)."),
    until: Optional[str] = typer.Option(None, help="Articles published on or before this date (YYYY-MM-DD; YYYY-MM or YYYY: to its end)."),
    outlet: Optional[str] = typer.Option(None, help="Articles of this outlet (its name, case-insensitive)."),
    version: Optional[str] = typer.Option(None, "--version", help="Articles extracted by this eventwire version ('unknown': not recorded)."),
    id: Optional[List[str]] = typer.Option(None, "--id", help="An article id or a record's own id (repeatable)."),
    source: Optional[str] = typer.Option(None, help="Articles whose source (path, URL, csv:FILE#ID) contains this."),
    all: bool = typer.Option(False, "--all", help="Also re-extract articles already made by this eventwire, knowledge and options."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD for every re-extracted article (else each keeps its own)."),
    knowledge: Optional[List[Path]] = typer.Option(None, help="Extra knowledge directory (repeatable)."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Worker processes (each loads spaCy once)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no per-article failure lines (the summary line stays)."),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="More logging on stderr."),
):
    """Re-extract stored articles from their stored text and replace their events.

    By default only articles made by another eventwire version or with other knowledge or
    options are redone (--all: every matched one); filters combine with AND. Each article is
    replaced in one transaction (a killed run leaves whole articles; rerun to go on), and its
    events are linked into canonical events again. Exit 1 when any article failed (it keeps its
    old extraction), 130 on Ctrl-C.
    """
    from ..errors import EventwireError
    from ..runners.interrupt import EXIT_INTERRUPTED, StopRequest
    from ..runners.reprocess import ReprocessProgress, reprocess as run_reprocess
    from ..store.reprocess import ArticleFilter

    setup_logging(verbose)
    pub = parse_published(published)
    flt = ArticleFilter(since=since, until=until, outlet=outlet, version=version, ids=list(id or []),
                        source=source)
    argv = ["eventwire", "reprocess", "--db", str(db)]
    try:
        with StopRequest() as stop:
            stats = run_reprocess(str(db), where=flt, everything=all, published=pub,
                                  knowledge_dirs=[str(k) for k in knowledge or []], workers=workers,
                                  progress=ReprocessProgress(quiet), stop=stop, argv=argv)
    except EventwireError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        fail("interrupted at once (a second Ctrl-C); every article is whole, old or new", EXIT_INTERRUPTED)
    typer.echo(f"eventwire: {stats.summary()}", err=True)
    if stats.interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)
    if stats.failed:
        raise typer.Exit(1)
