"""Command line: thin commands over importable functions.

Data goes to stdout, logs and progress to stderr; user errors exit 1 with a one-line message
(no traceback; ``-v`` shows more). Command groups live in ``eventwire.commands.*`` modules, each
with a ``register(app)`` function, so this file stays small.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from . import __version__

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="eventwire: verifiable PLOVER event data from news articles.")

#: Modules that add commands (each has ``register(app)``).
COMMAND_MODULES = ["eventwire.commands.evaluate", "eventwire.commands.store", "eventwire.commands.ingest",
                   "eventwire.commands.web"]

log = logging.getLogger("eventwire")


class OutFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    table = "table"
    csv = "csv"


def setup_logging(verbose: int) -> None:
    """Configure stderr logging (only the CLI does this). 0: warnings, 1: info, 2+: debug."""
    level = logging.WARNING if verbose <= 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    if verbose < 2:  # trafilatura and its helpers log every page they cannot read; we report
        for name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):  # it ourselves
            logging.getLogger(name).setLevel(logging.CRITICAL)


def fail(message: str, code: int = 1) -> None:
    """Print a one-line error to stderr and exit."""
    typer.echo(f"eventwire: error: {message}", err=True)
    raise typer.Exit(code)


def parse_published(value: str | None) -> dt.date | None:
    from .ingest.text import parse_date

    try:
        return parse_date(value)
    except ValueError:
        fail(f"--published {value!r} is not a date (use YYYY-MM-DD)")
    return None


def build_pipeline(knowledge: list[Path] | None, max_bytes: int | None = None):
    """Pipeline.from_config with CLI error handling (ModelNotFoundError, ConfigError → exit 1)."""
    from .errors import EventwireError
    from .pipeline import Pipeline

    cfg = {"max_bytes": max_bytes} if max_bytes else {}
    try:
        return Pipeline.from_config(cfg, knowledge_dirs=[str(k) for k in knowledge or []])
    except EventwireError as exc:
        fail(str(exc))


@app.callback(invoke_without_command=True)
def _main(version: bool = typer.Option(False, "--version", is_eager=True, help="Print the version and exit.")):
    if version:
        typer.echo(__version__)
        raise typer.Exit()


@app.command()
def extract(
    inputs: List[str] = typer.Argument(..., help="FILE, DIR, FILE.jsonl, or - for stdin."),
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
    from .ingest.text import iter_inputs
    from .output import write_records
    from .pipeline import Failure

    setup_logging(verbose)
    pub = parse_published(published)
    pipe = build_pipeline(knowledge, max_bytes)

    def items():
        from .errors import InputError
        from .ingest.language import check_language

        for target in inputs:
            for item in iter_inputs(target, pub, max_bytes):
                if not isinstance(item, InputError):
                    try:
                        check_language(item)  # as ingest does: a German page is no English record
                    except InputError as exc:
                        item = exc
                yield item

    failed = 0
    articles = []
    stream = format.value in ("jsonl",) or (format.value == "json" and len(inputs) > 1)
    from .runners import IngestStats, Progress

    many = any(Path(t).is_dir() for t in inputs)
    progress = Progress.auto(quiet or not many, label="extract")
    if progress.mode == "bar":
        from .ingest.count import count_documents

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
                    typer.echo(f"eventwire: error: {res.message()}", err=True)
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


def _register() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)


_register()


def main() -> None:
    """Console-script entry point."""
    from .errors import EventwireError

    try:
        app()
    except EventwireError as exc:
        typer.echo(f"eventwire: error: {exc}", err=True)
        sys.exit(1)
    except BrokenPipeError:
        sys.exit(0)


if __name__ == "__main__":
    main()
