"""The readers' side of the store for ``eventwire serve``: a private snapshot of the database.

DuckDB lets one process write a file, and while any process has the file open (even read-only)
no other process may open it for writing. A web server that kept the file open would stop every
``ingest`` and ``watch``; one that opened it per request would make each request wait behind a
writer's batch and would keep the writer waiting behind a stream of page requests.

So the server reads a *copy*. :class:`Snapshots` watches the database file (size and mtime of
the file and its ``.wal``); when it changes, it opens the file read-only for the moment of a
file copy (retrying with backoff while a writer holds it, as every reader does: docs/schema.md),
copies it into a private directory, closes it, migrates the copy when it is an older schema, and
switches new requests to the copy. Requests already running finish on the copy they started
with; an old copy is deleted when its last reader is done. The lock on the user's file is held
only for the copy (about 0.1 s per 100 MB), at most once per ``interval`` seconds, so the page
keeps answering while ingest writes and new events show up within a few seconds.

In one process (``serve --watch``, the POST endpoint) writers and the snapshot share
``write_lock``: DuckDB refuses a read-only and a read-write connection to one file in one
process, so they take turns.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..errors import StorageError

log = logging.getLogger(__name__)


def signature(path: Path) -> tuple:
    """What tells a database file changed: (size, mtime in ns) of the file and of its WAL."""
    out = []
    for p in (path, Path(str(path) + ".wal")):
        try:
            st = p.stat()
            out.append((st.st_size, st.st_mtime_ns))
        except FileNotFoundError:
            out.append(None)
    return tuple(out)


class Snapshot:
    """One read-only copy of the database, open, with a count of the requests using it.

    Attributes:
        generation: 1 for the first copy, +1 for each newer one.
        taken: when it was copied (UTC).
        path: the copy's file.
        con: its read-only DuckDB connection (use :meth:`cursor` per thread).
    """

    def __init__(self, path: Path, generation: int, con) -> None:
        self.path = path
        self.generation = generation
        self.con = con
        self.taken = dt.datetime.now(dt.timezone.utc)
        self.users = 0
        self.retired = False
        self._lock = threading.Lock()

    def acquire(self) -> None:
        with self._lock:
            self.users += 1

    def release(self) -> None:
        with self._lock:
            self.users -= 1
            done = self.retired and self.users == 0
        if done:
            self.close()

    def retire(self) -> None:
        """No new requests: close now, or when the last running one is done."""
        with self._lock:
            self.retired = True
            done = self.users == 0
        if done:
            self.close()

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None
        for p in (self.path, Path(str(self.path) + ".wal")):
            try:
                p.unlink()
            except FileNotFoundError:
                pass


class Snapshots:
    """Private, read-only, refreshed copies of a database file for the web server.

    Args:
        db: the database file the writers (``ingest``, ``watch``) use.
        interval: seconds between checks for a change (the page is at most this much behind).
        lock_timeout: how long one refresh waits for a writer to let go of the file, in seconds;
            after that the old snapshot goes on serving and the next check retries.
        write_lock: a lock the writers of this process hold while they have the file open.
        workdir: where the copies live (default: a new temporary directory, removed by
            :meth:`close`).

    Raises:
        StorageError: from :meth:`open` when the file is missing or not an eventwire database.
    """

    def __init__(self, db: str | Path, interval: float = 2.0, lock_timeout: float = 10.0,
                 write_lock: threading.RLock | None = None, workdir: str | Path | None = None):
        self.db = Path(db)
        self.interval = interval
        self.lock_timeout = lock_timeout
        self.write_lock = write_lock or threading.RLock()
        self._own_dir = workdir is None
        self.workdir = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="eventwire-serve-"))
        self._current: Snapshot | None = None
        self._sig: tuple | None = None
        self._generation = 0
        self._swap = threading.Lock()
        self._refreshing = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_error: str | None = None
        self.last_check: float = 0.0

    # ------------------------------------------------------------------ lifecycle

    def open(self) -> "Snapshots":
        """Take the first snapshot (raises StorageError when it cannot) and start watching."""
        if not self.db.exists():
            raise StorageError(f"{self.db}: no such database (create it with "
                               f"'eventwire ingest SOURCE --db {self.db}')")
        self.refresh(force=True, raise_errors=True)
        self._thread = threading.Thread(target=self._watch, name="eventwire-snapshots", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop watching, close every snapshot and remove the private directory."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        with self._swap:
            cur, self._current = self._current, None
        if cur is not None:
            cur.retire()
        if self._own_dir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> "Snapshots":
        return self.open()

    def __exit__(self, *exc) -> None:
        self.close()

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.refresh()
            except Exception:  # keep serving the last snapshot; the error is in last_error
                log.debug("snapshot refresh failed", exc_info=True)

    # ------------------------------------------------------------------ reading

    @property
    def generation(self) -> int:
        """The generation of the snapshot new requests read (0 before the first)."""
        cur = self._current
        return cur.generation if cur else 0

    @property
    def taken(self) -> dt.datetime | None:
        cur = self._current
        return cur.taken if cur else None

    @contextmanager
    def cursor(self) -> Iterator:
        """A DuckDB cursor on the current snapshot, for one request (thread-safe).

        Raises:
            StorageError: no snapshot (closed, or never taken).
        """
        with self._swap:
            snap = self._current
            if snap is None:
                raise StorageError(f"{self.db}: the database is not open")
            snap.acquire()
        try:
            cur = snap.con.cursor()
            try:
                yield cur
            finally:
                cur.close()
        finally:
            snap.release()

    # ------------------------------------------------------------------ refreshing

    def changed(self) -> bool:
        """True when the file differs from the one the current snapshot was copied from."""
        return signature(self.db) != self._sig

    def refresh(self, force: bool = False, raise_errors: bool = False) -> bool:
        """Copy the database again if it changed (always with ``force``).

        Returns:
            True when a new snapshot replaced the old one.

        Raises:
            StorageError: only with ``raise_errors`` (the first snapshot); otherwise the error is
                kept in :attr:`last_error` and the old snapshot goes on serving.
        """
        self.last_check = time.time()
        if not force and not self.changed():
            return False
        with self._refreshing:
            if not force and not self.changed():
                return False
            try:
                snap = self._take()
            except StorageError as exc:
                self.last_error = str(exc)
                log.warning("%s", exc)
                if raise_errors:
                    raise
                return False
            self.last_error = None
            with self._swap:
                old, self._current = self._current, snap
            if old is not None:
                old.retire()
            log.info("snapshot %d of %s taken", snap.generation, self.db)
            return True

    def _take(self) -> Snapshot:
        """Copy the file under a read-only open (no writer can have it meanwhile), migrate the
        copy if needed, open it read-only."""
        import duckdb

        from ..store.store import connect

        gen = self._generation + 1
        dest = self.workdir / f"snapshot-{gen}.duckdb"
        with self.write_lock:
            src = connect(self.db, read_only=True, timeout=self.lock_timeout)
            try:
                sig = signature(self.db)
                shutil.copyfile(self.db, dest)
                wal = Path(str(self.db) + ".wal")
                if wal.exists():
                    shutil.copyfile(wal, Path(str(dest) + ".wal"))
            finally:
                src.close()
        try:
            self._prepare(dest)
            con = duckdb.connect(str(dest), read_only=True)
        except StorageError:
            _remove(dest)
            raise
        except duckdb.Error as exc:
            _remove(dest)
            raise StorageError(f"{self.db}: cannot read the database: {exc}") from exc
        self._generation = gen
        self._sig = sig
        return Snapshot(dest, gen, con)

    def _prepare(self, dest: Path) -> None:
        """Bring the private copy to the current schema (a WAL is folded in on the way)."""
        from ..store import Store
        from ..store import schema

        import duckdb

        con = duckdb.connect(str(dest))
        try:
            version = schema.detect_version(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        if version is None:
            raise StorageError(f"{self.db}: not an eventwire database (no tables)")
        if version != schema.SCHEMA_VERSION:
            Store(dest).close()  # migrates the copy (never the user's file), or refuses a newer one


def _remove(p: Path) -> None:
    for f in (p, Path(str(p) + ".wal")):
        try:
            os.unlink(f)
        except FileNotFoundError:
            pass
