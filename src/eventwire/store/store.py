"""The Store: one DuckDB file holding articles, events, failures, runs and canonical events.

DuckDB lets one process write a database file at a time (and, while it does, no other process
may open it). So the writer commits each article in its own short transaction, and ingest opens
the Store per batch and closes it between batches; readers (``events``, ``export``, ``serve``)
open it ``read_only`` and retry while a writer holds the lock, then fail with a clear
:class:`~eventwire.errors.StorageError` (docs/schema.md, "Running ingest and serve together").

A Store is not thread-safe: use one per thread or process.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import uuid
from pathlib import Path
from typing import Any

from ..errors import StorageError
from ..model import Article
from ..pipeline import Failure
from ..provenance import Provenance
from . import canon, schema
from .rows import article_rows, event_ids  # noqa: F401  (event_ids: part of this module's API)

log = logging.getLogger(__name__)

#: How long to wait for another process's lock before giving up, in seconds.
LOCK_TIMEOUT = 10.0


def _is_lock_error(exc: Exception) -> bool:
    msg = str(exc).lower()
    return "lock" in msg or "conflicting" in msg or "already open" in msg


def connect(path: Path, read_only: bool, timeout: float):
    """Open a DuckDB file, retrying while another process holds its lock.

    Raises:
        StorageError: still locked after ``timeout`` seconds, or not a DuckDB file.
    """
    import duckdb

    deadline = time.monotonic() + timeout
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            if not _is_lock_error(exc):
                raise StorageError(f"{path}: cannot open the database: {exc}") from exc
            if time.monotonic() >= deadline:
                raise StorageError(
                    f"{path}: the database is locked by another process (an ingest still writing?); "
                    f"waited {timeout:.0f} s. Retry when it has finished its batch, or stop it.") from exc
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


def damaged(path: Path | str, exc: Exception) -> StorageError:
    """The error for a database file DuckDB opened but cannot read or write (truncated, damaged
    or not a DuckDB file): one line naming the file, with DuckDB's first line of reason."""
    reason = (str(exc).splitlines() or [type(exc).__name__])[0]
    return StorageError(f"{path}: cannot read or write the database (a damaged or truncated file?): {reason}")


class Store:
    """Creates or opens an eventwire database.

    Args:
        path: the DuckDB file (created when absent, unless ``read_only``).
        read_only: open for reading only (several readers may share the file; no writer).
        timeout: seconds to wait for another process's lock (default :data:`LOCK_TIMEOUT`).

    Raises:
        StorageError: missing file in read-only mode; locked; written by a newer eventwire;
            an older schema opened read-only (the message says how to migrate).
    """

    def __init__(self, path: str | Path, read_only: bool = False, timeout: float = LOCK_TIMEOUT):
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StorageError(f"{self.path}: no such database (create it with 'eventwire ingest SOURCE --db {self.path}')")
        self.con = connect(self.path, read_only, timeout)
        import duckdb

        try:
            self._check_schema()
        except duckdb.Error as exc:
            self.con.close()
            raise damaged(self.path, exc) from exc
        except BaseException:
            self.con.close()
            raise

    # ------------------------------------------------------------------ lifecycle

    def _check_schema(self) -> None:
        version = schema.detect_version(self.con)
        if version == schema.SCHEMA_VERSION:
            return
        if version is not None and version > schema.SCHEMA_VERSION:
            raise StorageError(
                f"{self.path}: schema version {version} was written by a newer eventwire "
                f"(this one reads version {schema.SCHEMA_VERSION}); upgrade eventwire to open it")
        if self.read_only:
            if version is None:
                raise StorageError(f"{self.path}: not an eventwire database (no tables)")
            raise StorageError(
                f"{self.path}: schema version {version} is older than {schema.SCHEMA_VERSION}; "
                f"open it once for writing to migrate (e.g. 'eventwire ingest --db {self.path}' "
                f"or Store(path)), then retry")
        self.con.execute("BEGIN TRANSACTION")
        try:
            if version is None:
                schema.create(self.con)
                from .. import __version__
                self.con.execute("INSERT INTO schema_version VALUES (?, now(), ?)",
                                 [schema.SCHEMA_VERSION, __version__])
            else:
                schema.migrate(self.con, version)
                if version < 1:  # chains and canonical events came with version 1
                    canon.relink_all(self.con)
            self.con.execute("COMMIT")
        except Exception as exc:
            self.con.execute("ROLLBACK")
            raise StorageError(f"{self.path}: cannot migrate schema {version} -> {schema.SCHEMA_VERSION}: {exc}") from exc
        if version is not None:
            log.info("%s migrated from schema %s to %s", self.path, version, schema.SCHEMA_VERSION)

    def close(self) -> None:
        """Close the connection (releases the file lock)."""
        if self.con is not None:
            self.con.close()
            self.con = None  # type: ignore[assignment]

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _writable(self) -> None:
        if self.read_only:
            raise StorageError(f"{self.path}: opened read-only")

    # ------------------------------------------------------------------ lookups

    def has_article(self, content_hash: str) -> bool:
        """True when an article with this content hash (``Article.hash``) is stored."""
        return self.con.execute("SELECT 1 FROM articles WHERE id = ?", [content_hash]).fetchone() is not None

    def provenance_of(self, content_hash: str) -> tuple[str | None, str | None, str | None] | None:
        """``(eventwire version, knowledge hash, options JSON)`` of a stored article (nulls where
        they were not recorded), or None when no article has this content hash."""
        return self.con.execute("SELECT eventwire, knowledge_hash, options FROM articles WHERE id = ?",
                                [content_hash]).fetchone()

    def has_url(self, url: str) -> bool:
        """True when an article with this URL is stored (lets ingest skip a fetch)."""
        return self.con.execute("SELECT 1 FROM articles WHERE url = ? LIMIT 1", [url]).fetchone() is not None

    # ------------------------------------------------------------------ runs and failures

    def start_run(self, argv: list[str]) -> str:
        """Record the start of an ingest run; returns its id (a UUID4 hex string)."""
        from .. import __version__

        self._writable()
        run_id = uuid.uuid4().hex
        self.con.execute(schema.insert_sql("runs"), [run_id, dt.datetime.now(dt.timezone.utc), None,
                                                      json.dumps(list(argv)), None, __version__])
        return run_id

    def finish_run(self, run_id: str, stats: dict) -> None:
        """Record the end of a run with its statistics (any JSON-able dict)."""
        self._writable()
        self.con.execute("UPDATE runs SET finished = now(), stats = ? WHERE id = ?",
                         [json.dumps(stats, default=str), run_id])

    def write_failure(self, failure: Failure, run_id: str) -> None:
        """Record a document that failed; the same (document, error) is stored once per run."""
        self._writable()
        dup = self.con.execute(
            "SELECT 1 FROM failures WHERE document = ? AND error = ? AND run_id IS NOT DISTINCT FROM ?",
            [failure.document, failure.error, run_id]).fetchone()
        if dup:
            return
        self.con.execute(schema.insert_sql("failures"),
                         [failure.document, failure.stage, failure.error, failure.kind, failure.time, run_id])

    # ------------------------------------------------------------------ articles

    def write_article(self, article: Article, run_id: str, provenance: Provenance | None = None) -> bool:
        """Store an article with its events, mentions, entities, places and quotes.

        One transaction: the article and everything extracted from it, its near-duplicate chain,
        and the cross-article links of its events are stored whole or not at all.
        ``provenance`` (what made the extraction) is recorded on the article and its events.

        Returns:
            True when stored; False when an article with the same content hash already is
            (nothing changes).

        Raises:
            StorageError: the write failed (nothing of the article is stored).
        """
        self._writable()
        h = article.hash
        if self.has_article(h):
            return False
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._write(article, h, run_id, provenance)
            self.con.execute("COMMIT")
        except Exception as exc:
            self.con.execute("ROLLBACK")
            log.debug("write_article failed", exc_info=True)
            raise StorageError(f"{article.source or article.id}: not stored ({type(exc).__name__}: {exc})") from exc
        return True

    def replace_article(self, article: Article, run_id: str, provenance: Provenance | None = None) -> None:
        """Replace a stored article's extraction with ``article``'s (reprocessing, ``ingest
        --force``); store it anew when no article has its content hash.

        One transaction: the old events, mentions, event entities, entities, places and quotes
        are deleted, the article row takes the new metadata and provenance, the new extraction is
        inserted and its events are linked into canonical events (those the old events left are
        renamed or dropped: :func:`canon.release`). A process killed at any moment leaves the old
        extraction or the new one, never a mix. The near-duplicate chain stays: the text, and so
        the content hash, is the same.

        Raises:
            StorageError: the write failed (the old extraction is kept whole).
        """
        self._writable()
        h = article.hash
        if not self.has_article(h):
            self.write_article(article, run_id, provenance)
            return
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            old = canon.canonicals_of_articles(con, {h})
            for table in ("event_mentions", "event_entities", "events", "entities", "places", "quotes"):
                con.execute(f"DELETE FROM {table} WHERE article_id = ?", [h])
            kept = canon.release(con, old)
            con.execute(
                "UPDATE articles SET input_id = ?, source = ?, url = ?, title = ?, outlet = ?, published = ?, "
                "language = ?, body_start = ?, meta = ?, run_id = ?, eventwire = ?, knowledge_hash = ?, "
                "options = ?, extracted_at = ? WHERE id = ?",
                [article.id, article.source, article.url, article.title, article.outlet, article.published,
                 article.language, article.body_start, json.dumps(article.meta) if article.meta else None,
                 run_id, *self._provenance(provenance), dt.datetime.now(dt.timezone.utc), h])
            chain = con.execute("SELECT duplicate_of FROM articles WHERE id = ?", [h]).fetchone()[0]
            canon.refresh(con, self._write_extraction(article, h, chain, provenance) | kept)
            con.execute("COMMIT")
        except Exception as exc:
            con.execute("ROLLBACK")
            log.debug("replace_article failed", exc_info=True)
            raise StorageError(f"{article.source or article.id}: not re-extracted ({type(exc).__name__}: {exc})") from exc

    @staticmethod
    def _provenance(prov: Provenance | None) -> list:
        return [prov.version, prov.knowledge_hash, prov.options_json] if prov else [None, None, None]

    def _write(self, art: Article, h: str, run_id: str, prov: Provenance | None = None) -> None:
        """The body of :meth:`write_article` (inside its transaction). Links are decided before
        the events are inserted, so each row goes in once with its canonical id (DuckDB
        statements cost milliseconds each; about 15 per article)."""
        con = self.con
        rows = article_rows(art, run_id, dt.datetime.now(dt.timezone.utc), self._provenance(prov))
        schema.insert_rows(con, "articles", rows.tables["articles"])
        changed, chain = canon.detect_duplicates(con, h, art.text[art.body_start:])
        affected = self._write_extraction(art, h, chain, prov, rows)
        canon.refresh(con, affected | canon.canonicals_of_articles(con, changed))

    def _write_extraction(self, art: Article, h: str, chain: str | None, prov: Provenance | None,
                          rows=None) -> set[str]:
        """Insert an article's events (linked into canonical events), mentions, entities, places
        and quotes (``rows``: :func:`~eventwire.store.rows.article_rows`, made here when not
        given); returns the canonical ids :func:`canon.refresh` must recompute."""
        con = self.con
        if rows is None:
            rows = article_rows(art, None, dt.datetime.now(dt.timezone.utc), self._provenance(prov))
        for ev in rows.link:
            ev.chain = chain
        cids, remap = canon.assign(con, h, rows.link)
        cid_col = schema.columns("events").index("canonical_id")
        for row in rows.tables["events"]:
            row[cid_col] = cids[row[0]]
        for table in ("events", "event_mentions", "event_entities", "entities", "places", "quotes"):
            if rows.tables[table]:
                schema.insert_rows(con, table, rows.tables[table])
        canon.apply_remap(con, remap)
        alone = canon.singletons(cids, remap)
        if alone:
            now = dt.datetime.now(dt.timezone.utc)
            schema.insert_rows(con, "canonical_events", [[cids[eid]] + rows.single[eid] + [1, 1, 1, now]
                                                         for eid in sorted(rows.single) if cids[eid] in alone])
        return set(cids.values()) - alone

    # ------------------------------------------------------------------ reading

    def query_events(self, type: str | None = None, actor_country: str | None = None,
                     recipient_country: str | None = None, country: str | None = None,
                     place: str | None = None, since: str | dt.date | None = None,
                     until: str | dt.date | None = None, aux: str | None = None,
                     text: str | None = None, limit: int | None = None, quad: str | None = None,
                     actor: str | None = None, recipient: str | None = None,
                     offset: int = 0) -> list[dict]:
        """Events matching every given filter, newest first (see :func:`queries.query_events`).

        Raises:
            StorageError: a bad filter value, or the file cannot be read (damaged or truncated).
        """
        import duckdb

        from .queries import query_events

        try:
            return query_events(self.con, type=type, actor_country=actor_country,
                                recipient_country=recipient_country, country=country, place=place,
                                since=since, until=until, aux=aux, text=text, quad=quad, actor=actor,
                                recipient=recipient, limit=limit, offset=offset)
        except duckdb.Error as exc:
            raise damaged(self.path, exc) from exc

    def export(self, fmt: str, out: Path | str) -> int:
        """Write every event to ``out`` as parquet, csv, jsonl, geojson or plover; returns rows
        written (see :mod:`eventwire.store.export`)."""
        from .export import export

        return export(self.con, fmt, Path(out))

    def counts(self) -> dict[str, int]:
        """Row count of every table (for tests and ``ingest`` summaries)."""
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in schema.TABLES}

    def relink(self) -> None:
        """Recompute near-duplicate chains and canonical events from scratch (one transaction)."""
        self._writable()
        self.con.execute("BEGIN TRANSACTION")
        try:
            canon.relink_all(self.con)
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    def stats(self) -> dict[str, Any]:
        """Summary counts: articles, events, canonical events, failures, runs."""
        c = self.counts()
        return {"articles": c["articles"], "events": c["events"], "canonical_events": c["canonical_events"],
                "failures": c["failures"], "runs": c["runs"]}
