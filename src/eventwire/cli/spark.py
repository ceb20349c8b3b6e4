"""``eventwire spark``: a thin command over :func:`eventwire.runners.spark.run`."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from . import app, fail, parse_published, setup_logging


@app.command()
def spark(
    inputs: List[str] = typer.Argument(..., help="Files or directories: text, HTML, JSONL/CSV, WARC(.gz), Parquet; local paths or Hadoop URIs (hdfs://, s3a://...)."),
    output: str = typer.Option(..., "--output", "-o", help="Output directory (local path or Hadoop URI); replaced."),
    master: Optional[str] = typer.Option(None, help="Spark master, e.g. local[2], yarn, spark://HOST:7077 (default: spark-submit's, else local[*])."),
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

    Each bad document becomes a failures row; the job goes on. A rerun over the same input
    writes the same rows. Load the output with 'eventwire ingest OUTPUT' or read it with DuckDB's
    read_parquet. Exit code 0 when every document was stored or skipped, 1 when any failed.
    """
    import os

    from ..errors import EventwireError
    from ..ingest.dataset import parse_mapping
    from ..ingest.dispatch import SourceOptions
    from ..runners.spark import run

    setup_logging(verbose)
    pub = parse_published(published)
    try:
        mapping = parse_mapping(map)
    except EventwireError as exc:
        fail(str(exc))
    if master is None and "PYSPARK_GATEWAY_PORT" not in os.environ:  # not under spark-submit
        master = "local[*]"
    opts = SourceOptions(published=pub, max_bytes=max_bytes, mapping=mapping)
    try:
        stats = run(list(inputs), output, master=master, partitions=partitions, options=opts,
                    config={"max_bytes": max_bytes}, knowledge_dirs=[str(k) for k in knowledge or []],
                    local_dir=local_dir, keep_staging=keep_staging,
                    argv=["eventwire", "spark", *inputs, "--output", output])
    except EventwireError as exc:
        fail(str(exc))
    typer.echo(f"eventwire: {stats.summary()}", err=True)
    if stats.failed:
        raise typer.Exit(1)
