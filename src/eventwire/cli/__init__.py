"""Command line: thin commands over importable functions.

Data goes to stdout, logs and progress to stderr; user errors exit 1 with a one-line message
(no traceback; ``-v`` shows more). This module holds the Typer ``app``, :func:`main` (the
console script) and the helpers every command uses; each command group lives in its own module
and adds its commands to ``app`` when imported:

=====================  ===========================================================
module                 commands
=====================  ===========================================================
:mod:`.extract`        ``extract`` (print records, no database)
:mod:`.evaluate`       ``eval``
:mod:`.store`          ``events``, ``export`` (read the database)
:mod:`.ingest`         ``ingest`` (write the database)
:mod:`.reprocess`      ``reprocess`` (re-extract stored articles)
:mod:`.spark`          ``spark`` (the pipeline on Apache Spark, Parquet out)
:mod:`.bench`          ``bench``
:mod:`.web`            ``serve``, ``watch`` (the web page and API; feeds)
=====================  ===========================================================
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from enum import Enum
from pathlib import Path
from typing import NoReturn

import typer

from .. import __version__

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="eventwire: verifiable PLOVER event data from news articles.")


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


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a one-line error to stderr and exit (terminal controls removed: messages name
    documents, and a file name or URL is untrusted text)."""
    from ..termsafe import clean

    typer.echo(f"eventwire: error: {clean(message)}", err=True)
    raise typer.Exit(code)


def positive_seconds(value: float) -> float:
    """Typer callback for a duration option (``--timeout``): a finite number of seconds > 0.

    Raises:
        typer.BadParameter: zero, negative, ``nan`` or ``inf`` (usage error, exit 2).
    """
    import math

    if value is not None and not (math.isfinite(value) and value > 0):
        raise typer.BadParameter(f"{value:g} is not a number of seconds > 0")
    return value


def parse_published(value: str | None) -> dt.date | None:
    """``--published`` as a date (None when not given); a bad value exits 1 with one line."""
    from ..ingest.text import parse_date

    try:
        return parse_date(value)
    except ValueError as exc:
        why = f": {exc}" if "outside" in str(exc) else " (use YYYY-MM-DD)"
        fail(f"--published {value!r} is not a date{why}")


def source_options(published: str | None, max_bytes: int, mapping: str | None, timeout: float | None = None):
    """``--published``, ``--max-bytes``, ``--map`` (and ``--timeout``) of ``ingest`` and ``spark`` as
    :class:`~eventwire.ingest.dispatch.SourceOptions`; a bad value exits 1 with one line."""
    from ..errors import EventwireError
    from ..ingest.dataset import parse_mapping
    from ..ingest.dispatch import SourceOptions

    pub = parse_published(published)
    try:
        parsed = parse_mapping(mapping)
    except EventwireError as exc:
        fail(str(exc))
    extra = {} if timeout is None else {"timeout": timeout}
    return SourceOptions(published=pub, max_bytes=max_bytes, mapping=parsed, **extra)


def build_pipeline(knowledge: list[Path] | None, max_bytes: int | None = None):
    """Pipeline.from_config with CLI error handling (ModelNotFoundError, ConfigError → exit 1)."""
    from ..errors import EventwireError
    from ..pipeline import Pipeline

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


def main() -> None:
    """Console-script entry point."""
    from ..errors import EventwireError

    try:
        app()
    except EventwireError as exc:
        from ..termsafe import clean

        typer.echo(f"eventwire: error: {clean(exc)}", err=True)
        sys.exit(1)
    except BrokenPipeError:
        sys.exit(0)
    except SystemExit as exc:
        # click's own EPIPE handling ("events | head -1") wraps stdout in its (Private)
        # PacifyFlushWrapper and exits 1: the reader had enough, which is no error
        if exc.code == 1 and type(sys.stdout).__name__.lstrip("_") == "PacifyFlushWrapper":
            sys.exit(0)
        raise


# Each module adds its commands to ``app``; ``--help`` lists them in this order.
from . import extract, evaluate, store, ingest, reprocess, spark, bench, web  # noqa: E402,F401  (after the helpers they use)
