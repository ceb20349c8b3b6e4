"""The Spark runner: the same pipeline on Apache Spark, writing the store's tables as Parquet.

``eventwire spark INPUT... --output DIR [--master local[2]]`` (:func:`run`), in two stages:

1. **Extract.** The driver lists the inputs (local paths, or ``hdfs://``, ``s3a://``... through
   Hadoop's file systems): text, HTML, JSONL/CSV and WARC(.gz) files are read whole by the
   executors (``binaryFiles``) with the readers ``eventwire ingest`` uses
   (:func:`eventwire.ingest.blob.read_bytes`), Parquet datasets by Spark's reader (columns as
   for JSONL, ``--map`` applies). Articles are keyed by content hash (a repeat of a text is
   skipped, the first in input order kept, as ``ingest`` skips it) and spread over
   ``partitions`` tasks; each Python worker process builds the Pipeline once
   (:func:`_pipeline`, ``mapPartitions``) and turns each article into the store's rows
   (:func:`eventwire.store.rows.article_rows`), or a failures row naming the document.
   The rows go to ``DIR/_staging`` (Parquet, one nested row per document).
2. **Link.** Report chains and canonical events across all articles
   (:mod:`eventwire.store.batchlink`: the store's rules, pair comparisons spread over the
   cluster), then every table is written to ``DIR/TABLE/`` with the columns of the DuckDB store
   (:mod:`eventwire.store.schema`), partitioned by the article's publication month
   (``month=YYYY-MM``, ``month=unknown``; canonical events by their first date's month; failures
   unpartitioned). ``DIR/_eventwire.json`` records the run.

A rerun over the same input writes the same rows: ids are content hashes, ``run_id`` is a hash
of the inputs (names, sizes, modification times), the options and the eventwire version, and
``ingested_at`` (also failures' ``time`` and canonical events' ``updated``) is the newest
input's modification time. ``eventwire ingest DIR`` loads the output into a DuckDB store
(:mod:`eventwire.store.parquet`). docs/spark.md is the user's guide.

This is the only module that imports pyspark.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any, Iterator

from .. import __version__
from ..errors import ConfigError, InputError
from ..ingest.blob import kind_of_name, read_bytes, too_large
from ..ingest.dispatch import SNIFF_BYTES, SourceOptions
from ..model import Article
from ..pipeline import Failure
from ..store import schema
from ..store.parquet import RUN_FILE, TABLES
from ..store.rows import ARTICLE_TABLES, article_rows
from .spark_interrupt import StopOnInterrupt, quiet_stop
from .interrupt import spawning

log = logging.getLogger(__name__)

#: The partition column and its value for an unknown date.
MONTH = "month"
UNKNOWN_MONTH = "unknown"
STAGING = "_staging"
#: Extraction tasks per core when ``partitions`` is not given. Each task costs a fixed share of
#: scheduling and Python worker hand-over; on 480 articles on ``local[2]`` (idle machine,
#: 2026-12-06) 2 tasks per core took 21.8 s, 4 took 24.2 s, 8 took 24.1 s, 16 took 27.8 s.
TASKS_PER_CORE = 2
#: ... and at least one task per this many bytes of input, so a large input still comes in tasks
#: short enough to retry (16 MiB of JSONL is about 4,000 news articles, minutes of work).
BYTES_PER_TASK = 16 << 20
#: (document, error) pairs of failures a run returns for the command to print.
FAILURES_KEPT = 5
#: The kind of a file named explicitly whose suffix says nothing: decided by its first bytes on
#: the executor, as ``ingest`` decides (:func:`eventwire.ingest.dispatch.sniff`).
SNIFF = "sniff"

_SPARK_TYPES = {"VARCHAR": "string", "INTEGER": "int", "SMALLINT": "short", "BIGINT": "long",
                "DOUBLE": "double", "DATE": "date", "TIMESTAMPTZ": "timestamp", "VARCHAR[]": "array<string>"}

# Per Python worker process: pipelines by (config, knowledge) (built once, reused by every task),
# and how many times this process built one.
_PIPELINES: dict[str, Any] = {}
_BUILDS = [0]


@dataclass
class SparkStats:
    """Counts of one Spark run (as :class:`eventwire.runners.IngestStats`, plus the output's).

    Attributes:
        read: documents met; stored: distinct articles written; skipped: repeats of a text;
        failed: failures rows; events, canonical_events: rows written; seconds: wall-clock time
        of the run (session start-up excluded when the session was given), of which
        extract_seconds reading, extracting and staging the rows and link_seconds linking and
        writing the tables; unknown_files: files inside input directories skipped for their
        suffix, unknown_suffixes: their suffixes with counts (``.json: 3, .pdf: 1``);
        failure_examples: up to :data:`FAILURES_KEPT` (document, error) pairs, by document.
    """

    read: int = 0
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    events: int = 0
    canonical_events: int = 0
    seconds: float = 0.0
    extract_seconds: float = 0.0
    link_seconds: float = 0.0
    unknown_files: int = 0
    unknown_suffixes: str = ""
    failure_examples: list = field(default_factory=list)

    def summary(self) -> str:
        rate = self.read / self.seconds if self.seconds else 0.0
        return (f"{self.read} read, {self.stored} stored, {self.skipped} skipped as repeats, {self.failed} failed, "
                f"{self.events} events in {self.canonical_events} canonical events, {self.seconds:.1f} s "
                f"({rate:.1f} docs/s)")


@dataclass
class InputFile:
    """One input file as the driver listed it: ``uri`` for Spark, ``name`` in documents."""

    ordinal: int
    name: str
    uri: str
    kind: str
    size: int
    mtime: int  # milliseconds since the epoch


@dataclass
class Listing:
    files: list[InputFile] = field(default_factory=list)
    parquet: list[InputFile] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # files in directories skipped for their suffix

    @property
    def total_bytes(self) -> int:
        """Bytes of all listed inputs."""
        return sum(f.size for f in self.files + self.parquet)


# --------------------------------------------------------------------------- session

def session(master: str | None = "local[2]", local_dir: str | None = None, shuffle_partitions: int | None = None,
            conf: dict[str, str] | None = None):
    """A SparkSession set up for eventwire (UTC, microsecond Parquet timestamps, no UI).

    Args:
        master: ``local[N]``, ``yarn``, ``spark://HOST:PORT``...; None: what spark-submit set.
        local_dir: scratch directory for shuffles and spills (``spark.local.dir``).
        shuffle_partitions: ``spark.sql.shuffle.partitions``.
        conf: more Spark settings.

    Raises:
        ConfigError: pyspark is not installed (``pip install 'eventwire[spark]'``).
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise ConfigError("pyspark is not installed: pip install 'eventwire[spark]'") from exc
    b = SparkSession.builder.appName("eventwire")
    if master:
        b = b.master(master)
        if master.startswith("local"):  # workers must run this interpreter (with eventwire and spaCy)
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    settings = {"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false",
                "spark.sql.session.timeZone": "UTC", "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS",
                "spark.python.worker.reuse": "true",
                # pack the small files of the staged rows into a few tasks (4 MB per file by default)
                "spark.sql.files.openCostInBytes": str(1 << 16)}
    if local_dir:
        settings["spark.local.dir"] = local_dir
    if shuffle_partitions:
        settings["spark.sql.shuffle.partitions"] = str(shuffle_partitions)
    settings.update(conf or {})
    for k, v in settings.items():
        b = b.config(k, v)
    spark = b.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def spark_schema(table: str):
    """The Spark StructType of a store table, from its DDL (:func:`schema.column_types`)."""
    from pyspark.sql.types import StructType, _parse_datatype_string

    return StructType.fromJson({"type": "struct", "fields": [
        {"name": n, "type": _parse_datatype_string(_SPARK_TYPES[t]).jsonValue(), "nullable": True, "metadata": {}}
        for n, t in schema.column_types(table)]})


def _bundle_schema():
    """One staged row per document: its month, article row, child tables' rows, or a failure."""
    from pyspark.sql.types import ArrayType, StringType, StructField, StructType

    fields = [StructField(MONTH, StringType()), StructField("articles", spark_schema("articles"))]
    fields += [StructField(t, ArrayType(spark_schema(t))) for t in ARTICLE_TABLES[1:]]
    fields.append(StructField("failures", spark_schema("failures")))
    return StructType(fields)


# --------------------------------------------------------------------------- inputs

def _hadoop_fs(spark, uri: str):
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(uri)
    return path, path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())


def _is_uri(arg: str) -> bool:
    return "://" in arg or arg.startswith("file:")


def _add(listing: Listing, name: str, uri: str, size: int, mtime: int, opts: SourceOptions,
         explicit: bool = False) -> None:
    n = len(listing.files) + len(listing.parquet)
    if name.lower().rstrip("/").endswith(".parquet"):
        listing.parquet.append(InputFile(n, name, uri, "parquet", size, mtime))
        return
    kind = kind_of_name(name)
    if kind is None and explicit:  # named on the command line: never skipped (ingest sniffs it)
        kind = SNIFF
    if kind is None:
        log.debug("skipping %s: not a known input type", name)
        listing.unknown.append(name)
        return
    err = too_large(name, kind, size, opts.max_bytes)
    if err is not None:
        listing.failures.append(Failure(err.document, "read", err.reason))
        return
    listing.files.append(InputFile(n, name, uri, kind, size, mtime))


def list_inputs(spark, inputs: list[str], opts: SourceOptions) -> Listing:
    """The input files, in the order ``eventwire ingest`` reads them (a directory: every file
    below it, sorted; hidden files, ``INDEX.md`` and unknown suffixes skipped, the latter listed in
    ``Listing.unknown``); a file named explicitly with an unknown suffix is sniffed by the executor
    that reads it, as ingest sniffs it; a ``*.parquet`` file or directory is one Parquet dataset.
    Local paths are named as given, other URIs in full.

    Raises:
        InputError: an input does not exist, or is ``-`` or a web URL.
    """
    out = Listing()
    for arg in inputs:
        if arg == "-" or arg.startswith(("http://", "https://")):
            raise InputError(arg, "eventwire spark reads files (local, HDFS, S3...), not stdin or web URLs")
        if not _is_uri(arg):
            p = Path(arg)
            if not p.exists():
                raise InputError(arg, "no such file or directory (nothing was run)")
            if p.is_dir() and not arg.lower().rstrip("/").endswith(".parquet"):
                for f in sorted(f for f in p.rglob("*") if f.is_file()):
                    rel = f.relative_to(p)
                    if any(part.startswith(".") for part in rel.parts) or f.name == "INDEX.md":
                        continue
                    st = f.stat()
                    _add(out, str(f), "file:" + os.path.abspath(f), st.st_size, int(st.st_mtime * 1000), opts)
            else:
                files = sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p]
                _add(out, arg, "file:" + os.path.abspath(p), sum(f.stat().st_size for f in files),
                     int(max(f.stat().st_mtime for f in files) * 1000) if files else 0, opts, explicit=True)
            continue
        path, fs = _hadoop_fs(spark, arg)
        statuses = fs.globStatus(path)
        if not statuses:
            raise InputError(arg, "no such file or directory (nothing was run)")
        for st in statuses:
            uri = st.getPath().toString()
            if st.isDirectory() and not uri.lower().rstrip("/").endswith(".parquet"):
                found = []
                it = fs.listFiles(st.getPath(), True)
                while it.hasNext():
                    f = it.next()
                    fname = f.getPath().toString()
                    rel = fname[len(uri):].lstrip("/")
                    if any(part.startswith((".", "_")) for part in rel.split("/")) or fname.endswith("/INDEX.md"):
                        continue
                    found.append((fname, f.getLen(), f.getModificationTime()))
                for fname, size, mtime in sorted(found):
                    _add(out, fname, fname, size, mtime, opts)
            else:
                cs = fs.getContentSummary(st.getPath())
                _add(out, uri, uri, cs.getLength(), st.getModificationTime(), opts, explicit=True)
    return out


def run_identity(listing: Listing, opts: SourceOptions, config: dict | None,
                 knowledge_dirs: list[str] | None) -> tuple[str, dt.datetime]:
    """The run id (hash of the inputs, options and version) and the timestamp its rows carry
    (the newest input's modification time): both the same when the same input is run again."""
    files = sorted((f.name, f.size, f.mtime) for f in listing.files + listing.parquet)
    key = json.dumps({"eventwire": __version__, "files": files, "published": str(opts.published),
                      "max_bytes": opts.max_bytes, "mapping": opts.mapping, "config": config or {},
                      "knowledge": knowledge_dirs or []}, sort_keys=True, default=str)
    run_id = "spark-" + hashlib.sha256(key.encode()).hexdigest()[:27]
    newest = max((f[2] for f in files), default=0)
    return run_id, dt.datetime.fromtimestamp(newest / 1000, dt.timezone.utc).replace(microsecond=0)


def _read_file(meta: dict, opts: SourceOptions, read, pair: tuple[str, bytes]) -> Iterator[tuple]:
    """Executor: one (uri, bytes) of ``binaryFiles`` → ((file ordinal, record), Article | Failure);
    ``read`` (an accumulator) counts them."""
    for item in _read_items(meta, opts, pair):
        read.add(1)
        yield item


def _read_items(meta: dict, opts: SourceOptions, pair: tuple[str, bytes]) -> Iterator[tuple]:
    uri, data = pair
    f: InputFile = meta[uri]
    i = -1
    try:
        kind = _sniff(bytes(data[:SNIFF_BYTES])) if f.kind == SNIFF else f.kind
        for i, item in enumerate(read_bytes(f.name, bytes(data), kind, opts)):
            yield (f.ordinal, i), _item(item)
    except Exception as exc:  # a reader's bug on a strange file: a failures row, never a failed job
        log.debug("reading %s failed", f.name, exc_info=True)
        yield (f.ordinal, i + 1), Failure(f.name, "read", f"{type(exc).__name__}: {exc}", type(exc).__name__)


def _sniff(head: bytes) -> str:
    """The kind of a file by its first bytes, by ingest's own rule (:func:`dispatch.sniff` reads
    them from a file: given one)."""
    import tempfile

    from ..ingest.dispatch import sniff

    with tempfile.NamedTemporaryFile(prefix="eventwire-sniff-") as tmp:
        tmp.write(head)
        tmp.flush()
        return sniff(Path(tmp.name))


def _keyed(pair: tuple) -> tuple:
    """(ordinal, item) → keyed for the shuffle: an article by its content hash (repeats meet),
    a failure by its ordinal (alone)."""
    ordinal, item = pair
    return (item.hash if isinstance(item, Article) else ("failure", ordinal)), pair


def _first(a: tuple, b: tuple) -> tuple:
    """Of two (ordinal, article) with one text, the first in input order."""
    return a if a[0] <= b[0] else b


def _item(item) -> Article | Failure:
    if isinstance(item, InputError):
        return Failure(item.document, "read", item.reason)
    return item


def _parquet_name(uri: str) -> str:
    return uri[len("file:"):].replace("//", "/") if uri.startswith("file:") else uri


def _parquet_record(ordinal: int, cols: dict[str, str], opts: SourceOptions, read, row) -> tuple:
    """Executor: one Parquet row → ((input ordinal, file, row), Article | Failure)."""
    from ..ingest.dataset import record_article

    read.add(1)
    rec = row.asDict()
    path, index = rec.pop("_file"), rec.pop("_row")
    return (ordinal, path, index), _item(record_article(rec, "parquet", _parquet_name(path), f"row {index}",
                                                        cols, opts.published, opts.max_bytes))


# --------------------------------------------------------------------------- extraction (executors)

def _pipeline(config: dict | None, knowledge_dirs: list[str] | None):
    """This worker process's pipeline, built and warmed up on first use (once per process)."""
    from .local import build_pipeline, warm_up

    key = json.dumps([config or {}, knowledge_dirs or []], sort_keys=True)
    if key not in _PIPELINES:
        dirs = []
        for d in knowledge_dirs or []:
            if not os.path.isdir(d):  # on a cluster: shipped with SparkContext.addFile
                from pyspark import SparkFiles

                d = SparkFiles.get(os.path.basename(d.rstrip("/")))
            dirs.append(d)
        pipe = build_pipeline(config, dirs or None)
        warm_up(pipe)
        _PIPELINES[key] = pipe
        _BUILDS[0] += 1
    return _PIPELINES[key]


def month_of(day: dt.date | None) -> str:
    """The partition value of a date: ``YYYY-MM``, or ``unknown``."""
    return f"{day.year:04d}-{day.month:02d}" if day else UNKNOWN_MONTH


def _failure_bundle(f: Failure, run_id: str, at: dt.datetime) -> tuple:
    return (None, None) + tuple([] for _ in ARTICLE_TABLES[1:]) + ((f.document, f.stage, f.error, f.kind, at, run_id),)


def _extract(config: dict | None, knowledge_dirs: list[str] | None, run_id: str, at: dt.datetime,
             provenance: list, items: Iterator[tuple]) -> Iterator[tuple]:
    """Executor (``mapPartitions``): (key, (ordinal, Article | Failure)) → one staged row per
    document (``provenance``: the provenance columns, as ``ingest`` records them)."""
    from ..errors import EventwireError
    from .local import process

    pipe = None
    for _, (_, art) in items:
        if isinstance(art, Failure):  # a document that could not be read
            yield _failure_bundle(art, run_id, at)
            continue
        if pipe is None:
            pipe = _pipeline(config, knowledge_dirs)
        try:
            res = process(pipe, art)
        except EventwireError as exc:  # process() turns document errors into Failures already
            res = Failure(art.source or art.id, "extract", str(exc), type(exc).__name__)
        if isinstance(res, Failure):
            yield _failure_bundle(res, run_id, at)
            continue
        try:
            rows = article_rows(res, run_id, at, provenance)
        except Exception as exc:  # as ingest records a StorageError: the document, not the job
            yield _failure_bundle(Failure(art.source or art.id, "store", f"{type(exc).__name__}: {exc}",
                                          type(exc).__name__), run_id, at)
            continue
        yield (month_of(res.published), tuple(rows.tables["articles"][0])) + tuple(
            [tuple(r) for r in rows.tables[t]] for t in ARTICLE_TABLES[1:]) + (None,)


def warm_workers(spark, config: dict | None = None, knowledge_dirs: list[str] | None = None) -> int:
    """Build the pipeline in every Python worker of a local session before timing (the
    benchmark); returns the number of worker processes that did."""
    n = spark.sparkContext.defaultParallelism
    pids = spark.sparkContext.parallelize(range(n), n).mapPartitions(
        partial(_warm, config, knowledge_dirs)).collect()
    return len(set(pids))


def worker_builds(spark, tasks: int = 8) -> dict[int, int]:
    """Python worker process id → pipelines it has built, for the processes that run ``tasks``
    small tasks (tests: the pipeline is built once per process, not per task or record)."""
    return dict(spark.sparkContext.parallelize(range(tasks), tasks).mapPartitions(_builds).collect())


def _builds(_items) -> Iterator[tuple[int, int]]:
    time.sleep(0.2)
    yield os.getpid(), _BUILDS[0]


def _warm(config, knowledge_dirs, _items) -> Iterator[int]:
    _pipeline(config, knowledge_dirs)
    time.sleep(0.5)  # hold the slot so each task gets its own worker
    yield os.getpid()


# --------------------------------------------------------------------------- the run

def run(inputs: list[str], output: str, *, master: str | None = "local[2]", partitions: int | None = None,
        options: SourceOptions | None = None, config: dict | None = None,
        knowledge_dirs: list[str] | None = None, spark=None, local_dir: str | None = None,
        keep_staging: bool = False, link: bool = True, argv: list[str] | None = None) -> SparkStats:
    """Run the pipeline over INPUTs on Spark and write the tables to ``output`` (replaced).

    Args:
        inputs: files or directories (local paths or Hadoop URIs: ``hdfs://``, ``s3a://``...).
        output: the output directory (local path or Hadoop URI).
        master: Spark master for a new session (ignored when ``spark`` is given).
        partitions: extraction tasks (default :data:`TASKS_PER_CORE` per core, and one per
            :data:`BYTES_PER_TASK` of input at least).
        options: reading options (published, max_bytes, mapping).
        config, knowledge_dirs: how each worker builds its Pipeline.
        spark: an existing SparkSession (tests, the benchmark, notebooks).
        local_dir: ``spark.local.dir`` of a new session.
        keep_staging: keep ``output/_staging`` (the extracted rows before linking).
        link: run the second stage (False: only ``output/_staging`` is written; the benchmark
            times the extraction alone).
        argv: the command line, recorded in ``_eventwire.json``.

    Returns:
        The run's counts.

    Raises:
        InputError: an input does not exist (nothing is run). ConfigError: pyspark is missing,
            or a new session did not start (the first line of Spark's error).
        KeyboardInterrupt: Ctrl-C (in the main thread): the jobs were cancelled, a session this
            run started was stopped quietly, and the local ``output/_staging`` this run was
            writing was removed (``output`` too when this run made it and it is left empty).
    """
    try:
        from pyspark.sql import SparkSession
        from pyspark.sql import functions as F
    except ImportError as exc:
        raise ConfigError("pyspark is not installed: pip install 'eventwire[spark]'") from exc

    opts = options or SourceOptions()
    own = spark is None and SparkSession.getActiveSession() is None  # never stop a session we did not start
    staging = _join(output, STAGING)
    stop = StopOnInterrupt().__enter__()  # a Ctrl-C while Spark starts is acted on once it is up
    local_out = _local_path(output)
    stop.output = local_out if local_out and not os.path.exists(local_out) else None
    try:
        # SIGINT held while Spark starts (pyspark's own handler, set meanwhile, calls into Py4J
        # from inside the signal); one that came is handled by ours when the block ends
        with spawning():
            spark = spark or _start(master, local_dir)
            stop.watch(spark)
    except BaseException:
        stop.__exit__()
        raise
    t0 = time.perf_counter()
    interrupted = False
    try:
        if stop.requested:
            raise KeyboardInterrupt
        sc = spark.sparkContext
        listing = list_inputs(spark, inputs, opts)
        run_id, at = run_identity(listing, opts, config, knowledge_dirs)
        from ..provenance import current

        made = current(knowledge_dirs, opts.published, (config or {}).get("model"))
        provenance = [made.version, made.knowledge_hash, made.options_json]
        for d in knowledge_dirs or []:
            sc.addFile(os.path.abspath(d) if not _is_uri(d) else d, recursive=True)
        parts = partitions or max(TASKS_PER_CORE * sc.defaultParallelism, -(-listing.total_bytes // BYTES_PER_TASK))
        items = sc.emptyRDD()
        read = sc.accumulator(0)  # documents met (articles, repeats, bad documents)
        if listing.files:
            meta = {f.uri: f for f in listing.files}
            items = sc.binaryFiles(",".join(f.uri for f in listing.files)).flatMap(
                partial(_read_file, meta, opts, read))
        for f in listing.parquet:
            df = spark.read.parquet(f.uri)
            cols = {k: (opts.mapping or {}).get(k, k) for k in ("text", "id", "title", "url", "published",
                                                              "outlet", "language")}
            keep = sorted({c for c in cols.values() if c in df.columns})
            df = df.select(*keep, F.col("_metadata.file_path").alias("_file"), F.col("_metadata.row_index").alias("_row"))
            items = items.union(df.rdd.map(partial(_parquet_record, f.ordinal, cols, opts, read)))
        # one chain of Python steps per task (read → key → shuffle → extract): a cached or forked
        # branch would start more Python workers than cores, each building its own pipeline
        unique = items.map(_keyed).reduceByKey(_first, numPartitions=parts)
        bundles = unique.mapPartitions(partial(_extract, config, knowledge_dirs, run_id, at, provenance))
        listed = sc.parallelize([_failure_bundle(f, run_id, at) for f in listing.failures], 1)
        staged = spark.createDataFrame(bundles.union(listed), _bundle_schema(), verifySchema=False)
        stop.staging = _local_path(staging)  # from here on an interrupted run's staging is its own
        staged.write.mode("overwrite").parquet(staging)
        st = spark.read.parquet(staging)
        counts = st.select(F.count("articles").alias("a"), F.count("failures").alias("f"),
                           F.sum(F.size("events")).alias("e")).first()
        stats = SparkStats(read=read.value + len(listing.failures), stored=counts["a"], failed=counts["f"],
                           events=int(counts["e"] or 0))
        stats.skipped = stats.read - stats.stored - stats.failed
        stats.unknown_files = len(listing.unknown)
        stats.unknown_suffixes = _suffix_counts(listing.unknown)
        if stats.failed:
            stats.failure_examples = [(r["document"], r["error"]) for r in st.select("failures.document", "failures.error")
                                      .where(F.col("failures").isNotNull()).orderBy("document").limit(FAILURES_KEPT).collect()]
        stats.extract_seconds = time.perf_counter() - t0
        if link:
            from .spark_link import link_and_write

            stats.canonical_events = link_and_write(spark, st, output, run_id, at, stats.stored)
        stats.seconds = time.perf_counter() - t0
        stats.link_seconds = stats.seconds - stats.extract_seconds
        _write_text(spark, _join(output, RUN_FILE), json.dumps({
            "run_id": run_id, "eventwire": __version__, "ingested_at": at.isoformat(), "argv": argv or [],
            "inputs": list(inputs), "stats": {k: v for k, v in asdict(stats).items() if k != "failure_examples"},
            "schema_version": schema.SCHEMA_VERSION,
            "tables": list(TABLES)}, indent=2, default=str) + "\n")
        if link and not keep_staging:
            _delete(spark, staging)
        return stats
    except BaseException as exc:
        if not stop.requested:
            raise
        interrupted = True
        raise KeyboardInterrupt from exc  # or a Spark error that the cancelled jobs gave
    finally:
        stop.__exit__()
        if own:
            quiet_stop(spark, quiet=stop.requested)
        if interrupted and stop.staging:
            shutil.rmtree(stop.staging, ignore_errors=True)
        if interrupted and stop.output:  # made by this run, and now empty
            with contextlib.suppress(OSError):
                os.rmdir(stop.output)


def _start(master: str | None, local_dir: str | None):
    """:func:`session`, with a Spark or Java error at start-up as one ConfigError line."""
    try:
        return session(master, local_dir=local_dir)
    except ConfigError:
        raise
    except Exception as exc:
        log.debug("Spark did not start", exc_info=True)
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ConfigError(f"Spark did not start (--master {master}): {first} (needs Java 17 or later; "
                          f"more on stderr above, or with -vv)") from exc


def _local_path(uri: str) -> str | None:
    """The local path of an output URI (a path or ``file:``), None for other file systems."""
    if uri.startswith("file:"):
        return "/" + uri[len("file:"):].lstrip("/")
    return None if "://" in uri else uri


def _suffix_counts(names: list[str]) -> str:
    """``.json: 3, (none): 1``: the suffixes of skipped files, most frequent first."""
    from collections import Counter

    counts = Counter(PurePosixPath(n).suffix.lower() or "(none)" for n in names)
    return ", ".join(f"{s}: {n}" for s, n in counts.most_common())


def _join(base: str, name: str) -> str:
    return base.rstrip("/") + "/" + name


def _write_text(spark, uri: str, text: str) -> None:
    path, fs = _hadoop_fs(spark, uri)
    out = fs.create(path, True)
    try:
        out.write(bytearray(text.encode("utf-8")))
    finally:
        out.close()


def _delete(spark, uri: str) -> None:
    path, fs = _hadoop_fs(spark, uri)
    fs.delete(path, True)
