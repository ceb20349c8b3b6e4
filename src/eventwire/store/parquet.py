"""The Parquet layout ``eventwire spark`` writes, and loading it into a DuckDB store
(``eventwire ingest DIR``).

An output directory holds one directory per table of the store (:data:`TABLES`), each with the
store's columns (``schema.columns``) in Parquet files, partitioned by month (a ``month=YYYY-MM``
directory level, Hive style) except ``failures``, and :data:`RUN_FILE`, the run's record. DuckDB
reads a table directly::

    SELECT * FROM read_parquet('DIR/events/*/*.parquet', hive_partitioning = true)

:func:`load` copies a directory into a store. Into an empty store the rows go in as they are
(chains and canonical events included: the Spark run computed them with the store's rules).
Into a store that already holds articles, the new articles are linked with the stored ones as
if ingested now, one at a time in content-hash order (``canon.detect_duplicates``,
``canon.link_events``). Articles already stored are skipped; loading a directory twice changes
nothing.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from ..errors import InputError, StorageError
from . import canon, schema

log = logging.getLogger(__name__)

#: The run's record beside the tables (readers skip names starting with "_").
RUN_FILE = "_eventwire.json"
#: Tables of an output directory, in the order they are loaded.
TABLES = ("articles", "events", "event_mentions", "event_entities", "entities", "places", "quotes",
          "article_bands", "canonical_events", "failures")
#: Tables whose rows belong to one article (``article_id``; ``articles``: ``id``).
_PER_ARTICLE = ("articles", "events", "event_mentions", "event_entities", "entities", "places", "quotes")


def is_output_dir(path: str | Path) -> bool:
    """True when ``path`` is a directory written by ``eventwire spark`` (it has :data:`RUN_FILE`)."""
    p = Path(path)
    try:
        return p.is_dir() and (p / RUN_FILE).is_file()
    except OSError:  # an unreadable directory is no output directory; reading it reports why
        return False


def parquet_source(directory: str | Path, table: str) -> str | None:
    """The DuckDB ``read_parquet(...)`` expression of one table of an output directory, or None
    when the run wrote no row of it."""
    d = Path(directory) / table
    if not any(d.rglob("*.parquet")):
        return None
    pattern = str(d / "**" / "*.parquet").replace("'", "''")
    return f"read_parquet('{pattern}', hive_partitioning = true, union_by_name = true)"


def load(directory: str | Path, db: str | Path, argv: list[str] | None = None):
    """Load an ``eventwire spark`` output directory into the store ``db`` (created if absent).

    Returns:
        :class:`eventwire.runners.IngestStats`: read (articles and failures in the directory),
        stored (new articles), skipped (already stored), failed (failures rows).

    Raises:
        InputError: not an output directory. StorageError: the store cannot be opened or written.
    """
    import duckdb

    from ..runners import IngestStats
    from .store import Store, damaged

    t0 = time.perf_counter()
    d = Path(directory)
    if not is_output_dir(d):
        raise InputError(str(directory), f"not an eventwire spark output directory (no {RUN_FILE})")
    try:
        run = json.loads((d / RUN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(str(d / RUN_FILE), f"cannot read the run record: {exc}") from exc
    stats = IngestStats()
    with Store(db) as st:
        con = st.con
        try:
            con.execute("BEGIN TRANSACTION")
            _load(con, d, run, argv, stats)
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise damaged(db, exc) if "parquet" not in str(exc).lower() else StorageError(
                f"{d}: cannot read its Parquet files: {str(exc).splitlines()[0]}") from exc
    stats.seconds = time.perf_counter() - t0
    return stats


def _load(con, d: Path, run: dict, argv: list[str] | None, stats) -> None:
    from .. import __version__

    src = {t: parquet_source(d, t) for t in TABLES}
    empty = con.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    run_id = run.get("run_id")
    if run_id and not con.execute("SELECT 1 FROM runs WHERE id = ?", [run_id]).fetchone():
        con.execute(schema.insert_sql("runs"), [run_id, run.get("ingested_at"), run.get("ingested_at"),
                                                json.dumps(list(argv or run.get("argv") or [])),
                                                json.dumps(run.get("stats") or {}), run.get("eventwire") or __version__])
    con.execute("CREATE OR REPLACE TEMP TABLE load_new (id VARCHAR)")
    if src["articles"]:
        con.execute(f"INSERT INTO load_new SELECT DISTINCT id FROM {src['articles']} "
                    f"WHERE id NOT IN (SELECT id FROM articles)")
        stats.read = con.execute(f"SELECT count(*) FROM {src['articles']}").fetchone()[0]
    stats.stored = con.execute("SELECT count(*) FROM load_new").fetchone()[0]
    stats.skipped = stats.read - stats.stored
    clear = {} if empty else {"articles": "duplicate_of", "events": "canonical_id"}
    for table in _PER_ARTICLE:
        if not src[table]:
            continue
        key = "id" if table == "articles" else "article_id"
        cols = ", ".join(f'NULL AS "{c}"' if clear.get(table) == c else f'"{c}"' for c in schema.columns(table))
        names = ", ".join(f'"{c}"' for c in schema.columns(table))
        con.execute(f"INSERT INTO {table} ({names}) SELECT {cols} FROM {src[table]} "
                    f"WHERE {key} IN (SELECT id FROM load_new)")
    if empty:
        for table in ("article_bands", "canonical_events"):
            if src[table]:
                names = ", ".join(f'"{c}"' for c in schema.columns(table))
                con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {src[table]}")
    else:
        _link_new(con)
    if src["failures"]:
        names = ", ".join(f'"{c}"' for c in schema.columns("failures"))
        before = con.execute("SELECT count(*) FROM failures").fetchone()[0]
        con.execute(f"INSERT INTO failures ({names}) SELECT {names} FROM {src['failures']} f WHERE NOT EXISTS "
                    f"(SELECT 1 FROM failures g WHERE g.document = f.document AND g.error = f.error "
                    f"AND g.run_id IS NOT DISTINCT FROM f.run_id)")
        stats.failed = con.execute(f"SELECT count(*) FROM {src['failures']}").fetchone()[0]
        stats.read += stats.failed
        log.info("%d failures rows loaded", con.execute("SELECT count(*) FROM failures").fetchone()[0] - before)


def _link_new(con) -> None:
    """Chains and canonical events of the newly loaded articles against the stored ones, in
    content-hash order (as ``canon.relink_all`` replays a whole database)."""
    arts = con.execute("SELECT a.id, a.text, coalesce(a.body_start, 0) FROM articles a "
                       "JOIN load_new n ON n.id = a.id ORDER BY a.id").fetchall()
    changed: set[str] = set()
    for aid, text, start in arts:
        changed |= canon.detect_duplicates(con, aid, text[start:])[0]
    affected = canon.canonicals_of_articles(con, changed)
    for aid, _, _ in arts:
        affected |= canon.link_events(con, aid)
    live = {r[0] for r in con.execute("SELECT DISTINCT canonical_id FROM events").fetchall()}
    canon.refresh(con, affected & live)
