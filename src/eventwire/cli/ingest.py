"""``eventwire ingest``: a thin command over :func:`eventwire.runners.local.ingest`."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import List, Optional

import typer

from . import app, fail, positive_seconds, setup_logging, source_options


def _total(sources: list[str], quiet: bool) -> int | None:
    """The number of documents for the progress bar, counted only when a bar will be shown."""
    import sys

    if quiet or not sys.stderr.isatty():
        return None
    from ..ingest.count import count_documents

    return count_documents(list(sources))


@app.command()
def ingest(
    sources: List[str] = typer.Argument(..., help="Files, directories, HTML pages, RSS/Atom feeds (file or URL), WARC(.gz), JSONL/CSV datasets, or - for stdin."),
    db: Path = typer.Option(Path("eventwire.duckdb"), "--db", help="DuckDB file to write (created if absent)."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Worker processes (each loads spaCy once)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress and no per-document failure lines (the summary line stays)."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD for every document (overrides what they say)."),
    knowledge: Optional[List[Path]] = typer.Option(None, help="Extra knowledge directory (repeatable)."),
    max_bytes: int = typer.Option(5_000_000, min=1, help="Largest document accepted, in bytes of text (HTML: 4x that)."),
    map: Optional[str] = typer.Option(None, "--map", help="Dataset column mapping FIELD=COLUMN,... e.g. text=body,id=guid,published=date."),
    timeout: float = typer.Option(20.0, callback=positive_seconds, help="Network timeout for URLs and feed entries, in seconds."),
    force: bool = typer.Option(False, "--force", help="Re-extract documents already stored (same text) and replace their events, instead of skipping them."),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="More logging on stderr."),
):
    """Read SOURCEs, extract events, and store them in the database.

    A directory written by 'eventwire spark' is loaded as it is (docs/spark.md).

    Documents already stored (same URL or same text) are skipped; a line says when some were
    made by another eventwire version or with other knowledge or options, and how to update
    them (--force here, or 'eventwire reprocess').
    Each bad document becomes a failures row with its reason; the run goes on.
    Exit code 0 when every document was stored or skipped, 1 when any failed or on a user error,
    130 when stopped by Ctrl-C (between articles: what is stored is whole; rerun to go on).
    """
    from ..errors import EventwireError
    from ..runners import Progress
    from ..runners.interrupt import EXIT_INTERRUPTED, StopRequest
    from ..runners.local import ingest as run_ingest

    setup_logging(verbose)
    opts = source_options(published, max_bytes, map, timeout)
    from ..store.parquet import is_output_dir, load

    failed = False
    for out in [s for s in sources if is_output_dir(s)]:  # eventwire spark's output: loaded as is
        try:
            loaded = load(out, str(db), argv=["eventwire", "ingest", out, "--db", str(db)])
        except EventwireError as exc:
            fail(str(exc))
        typer.echo(f"eventwire: {out}: {loaded.summary()}", err=True)
        failed = failed or bool(loaded.failed)
    sources = [s for s in sources if not is_output_dir(s)]
    if not sources:
        raise typer.Exit(1 if failed else 0)
    try:
        with StopRequest() as stop:  # Ctrl-C: stop between articles; a second one: at once
            stats = run_ingest(list(sources), str(db), workers=workers, options=opts,
                               config={"max_bytes": max_bytes},
                               knowledge_dirs=[str(k) for k in knowledge or []],
                               progress=Progress.auto(quiet, total=_total(sources, quiet)),
                               stop=stop, force=force,
                               argv=["eventwire", "ingest", *sources, "--db", str(db), "--workers", str(workers),
                                     *(["--published", published] if published else []),
                                     *[a for k in knowledge or [] for a in ("--knowledge", str(k))],
                                     *(["--max-bytes", str(max_bytes)] if max_bytes != 5_000_000 else []),
                                     *(["--map", map] if map else []), *(["--force"] if force else [])])
    except EventwireError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        fail("interrupted at once (a second Ctrl-C); every article stored so far is whole", EXIT_INTERRUPTED)
    typer.echo(f"eventwire: {stats.summary()}", err=True)
    update = " ".join(["eventwire reprocess --db", shlex.quote(str(db))]
                      + ([f"--published {opts.published.isoformat()}"] if opts.published else [])
                      + [f"--knowledge {shlex.quote(str(k))}" for k in knowledge or []])
    note = stats.outdated_note(update)
    if note:
        typer.echo(f"eventwire: {note}", err=True)
    if stats.interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)
    if stats.failed or failed:
        raise typer.Exit(1)
