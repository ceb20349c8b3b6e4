"""``eventwire spark``: a thin command over :func:`eventwire.runners.spark.run`.

Options are checked before a Spark session starts (a bad ``--master``, an ``--output`` that is a
file, a missing ``--knowledge`` directory: one line, exit 2); a Spark error is one line, exit 1;
Ctrl-C is one line, exit 130.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import List, Optional

import typer

from . import app, fail, setup_logging, source_options

#: Exit code of a bad option (as click's usage errors).
EXIT_USAGE = 2
#: Failures printed after the summary (the rest are in OUTPUT/failures).
FAILURES_SHOWN = 5

#: Spark's master URLs (https://spark.apache.org/docs/latest/submitting-applications.html#master-urls,
#: as ``SparkContext.createTaskScheduler`` parses them): local, local[N], local[*], local[N,F],
#: local[*,F], local-cluster[N,C,M] (Spark's test mode), spark://HOST:PORT[,HOST:PORT...], yarn,
#: k8s://[https://]HOST[:PORT]. Mesos was removed in Spark 4.0 (eventwire needs pyspark 4).
_MASTER = re.compile(r"""local(\[(\*|[1-9][0-9]*)(\s*,\s*[0-9]+)?\])?
                       |local-cluster\[\s*[1-9][0-9]*\s*,\s*[1-9][0-9]*\s*,\s*[1-9][0-9]*\s*\]
                       |spark://[^\s/:,]+:[0-9]+(,[^\s/:,]+:[0-9]+)*
                       |yarn
                       |k8s://\S+""", re.X)
MASTER_FORMS = "local, local[N], local[*], local[N,F], spark://HOST:PORT, yarn or k8s://HOST:PORT"


def master_error(master: str) -> str | None:
    """Why ``--master`` is not a Spark master URL, else None (checked before Spark starts)."""
    if _MASTER.fullmatch(master):
        return None
    if master.startswith("mesos://"):
        return f"--master {master!r}: Mesos is not supported by Spark 4 (removed in 4.0); use {MASTER_FORMS}"
    return f"--master {master!r} is not a Spark master URL (use {MASTER_FORMS})"


def output_error(output: str) -> str | None:
    """Why a local ``--output`` cannot be a directory (it, or a parent, is a file), else None.
    Hadoop URIs (hdfs://, s3a://...) are not checked here."""
    if "://" in output or output.startswith("file:"):
        return None
    p = Path(output)
    if p.exists() and not p.is_dir():
        return f"--output {output}: exists and is not a directory"
    for parent in p.absolute().parents:
        if parent.exists():
            return None if parent.is_dir() else f"--output {output}: {parent} is not a directory"
    return None


def knowledge_error(knowledge: list[Path]) -> str | None:
    """The first local ``--knowledge`` that is not a directory, in ingest's words, else None."""
    for k in knowledge:
        if "://" not in str(k) and not k.is_dir():
            return f"--knowledge {k}: not a directory"
    return None


def _print_failures(examples: list[tuple[str, str]], failed: int, output: str) -> None:
    """The first failures (document: error, as ingest prints them), then where the rest are."""
    from ..termsafe import clean

    for document, error in examples[:FAILURES_SHOWN]:
        typer.echo(clean(f"eventwire: failed: {document}: {error}").replace("\n", " "), err=True)
    where = output.rstrip("/") + "/failures"
    more = f"{failed - len(examples[:FAILURES_SHOWN])} more" if failed > FAILURES_SHOWN else "all"
    typer.echo(clean(f"eventwire: {more} failures in {where} (Parquet: document, stage, error)"), err=True)


@app.command()
def spark(
    inputs: List[str] = typer.Argument(..., help="Files or directories: text, HTML, JSONL/CSV, WARC(.gz), Parquet; local paths or Hadoop URIs (hdfs://, s3a://...). A file named here with another suffix is read as ingest reads it (sniffed)."),
    output: str = typer.Option(..., "--output", "-o", help="Output directory (local path or Hadoop URI); replaced."),
    master: Optional[str] = typer.Option(None, help="Spark master: local, local[N], local[*], local[N,F], spark://HOST:PORT, yarn, k8s://HOST:PORT (default: spark-submit's, else local[*])."),
    partitions: Optional[int] = typer.Option(None, min=1, help="Extraction tasks (default: 2 per core, one per 16 MiB of input at least)."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD for every document (overrides what they say)."),
    knowledge: Optional[List[Path]] = typer.Option(None, help="Extra knowledge directory (repeatable; shipped to the executors)."),
    max_bytes: int = typer.Option(5_000_000, min=1, help="Largest document accepted, in bytes of text (HTML: 4x that)."),
    map: Optional[str] = typer.Option(None, "--map", help="Dataset column mapping FIELD=COLUMN,... (JSONL, CSV, Parquet)."),
    local_dir: Optional[str] = typer.Option(None, help="Scratch directory for Spark's shuffles and spills (spark.local.dir)."),
    keep_staging: bool = typer.Option(False, help="Keep OUTPUT/_staging, the extracted rows before linking."),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="More logging on stderr."),
):
    """Run the pipeline on Apache Spark and write the store's tables as Parquet (docs/spark.md).

    Each bad document becomes a failures row; the job goes on; the first few are printed after
    the summary. A rerun over the same input writes the same rows. Load the output with
    'eventwire ingest OUTPUT' or read it with DuckDB's read_parquet. Exit code 0 when every
    document was stored or skipped, 1 when any failed or Spark failed, 2 on a bad option
    (checked before Spark starts), 130 when stopped by Ctrl-C (rerun the same command).
    """
    from ..errors import EventwireError
    from ..runners.interrupt import EXIT_INTERRUPTED
    from ..runners.spark import run

    setup_logging(verbose)
    opts = source_options(published, max_bytes, map)
    if master is None and "PYSPARK_GATEWAY_PORT" not in os.environ:  # not under spark-submit
        master = "local[*]"
    problem = ((master_error(master) if master is not None else None) or output_error(output)
               or knowledge_error(list(knowledge or [])))
    if problem:
        fail(problem, EXIT_USAGE)
    try:
        stats = run(list(inputs), output, master=master, partitions=partitions, options=opts,
                    config={"max_bytes": max_bytes}, knowledge_dirs=[str(k) for k in knowledge or []],
                    local_dir=local_dir, keep_staging=keep_staging,
                    argv=["eventwire", "spark", *inputs, "--output", output])
    except EventwireError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        fail("interrupted; rerun the same command", EXIT_INTERRUPTED)
    typer.echo(f"eventwire: {stats.summary()}", err=True)
    if stats.unknown_files:
        typer.echo(f"eventwire: {stats.unknown_files} file(s) in the input directories skipped: not a known input "
                   f"type by suffix ({stats.unknown_suffixes}); name a file to have it read", err=True)
    if stats.failed:
        _print_failures(stats.failure_examples, stats.failed, output)
        raise typer.Exit(1)
