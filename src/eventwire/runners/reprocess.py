"""``eventwire reprocess`` as a function: re-extract stored articles from their stored text.

The articles are chosen by :func:`eventwire.store.reprocess.select` (safe filters; by default
only those whose stored provenance differs from the current eventwire, knowledge and options).
Each is read back from the store, run through the pipeline (in this process or in worker
processes, as ``ingest`` does), and written with :meth:`Store.replace_article`: one transaction
per article, so a run killed at any moment (even by SIGKILL) leaves every article with its old
extraction or its new one, and a rerun goes on with those still outdated. The store is closed
while the workers parse, so readers can open it between batches.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import time
from dataclasses import asdict, dataclass
from typing import Any, Callable, TextIO

from ..errors import StorageError
from ..pipeline import Failure
from ..provenance import Provenance, current
from ..store.reprocess import ArticleFilter, load_article, options_for, select
from .local import LocalRunner, StoreSession

log = logging.getLogger(__name__)


@dataclass
class ReprocessStats:
    """Counts of one reprocess run.

    Attributes:
        matched: stored articles the filters matched.
        current: of those, already made by the current eventwire, knowledge and options (left).
        selected: articles to re-extract (``matched - current``, or all matched with ``--all``).
        done: articles re-extracted and replaced.
        failed: articles whose re-extraction failed (each keeps its old extraction; a failures row).
        events_before, events_after: events of the selected articles before and after.
        seconds: wall-clock time, in seconds.
        interrupted: stopped by Ctrl-C before every selected article was done.
    """

    matched: int = 0
    current: int = 0
    selected: int = 0
    done: int = 0
    failed: int = 0
    events_before: int = 0
    events_after: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    def as_dict(self) -> dict:
        d = asdict(self)
        d["seconds"] = round(self.seconds, 3)
        return d

    def summary(self) -> str:
        """The one line ``eventwire reprocess`` ends with."""
        head = "reprocess interrupted" if self.interrupted else "reprocess"
        line = (f"{head}: {self.done} of {self.selected} article(s) re-extracted, {self.failed} failed, "
                f"{self.current} already current (of {self.matched} matched); events {self.events_before} "
                f"-> {self.events_after} in {self.seconds:.1f} s")
        if self.interrupted:
            line += "; run the same command again to go on"
        return line


class ReprocessProgress:
    """A rich progress bar (articles done of selected) on a terminal; nothing otherwise or
    when ``quiet``; failure lines above it unless ``quiet``."""

    def __init__(self, quiet: bool = False, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.bar = None
        self.task = None
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def start(self, total: int) -> None:
        if self.quiet or not self.tty or total == 0:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(TextColumn("re-extracting"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[failed]} failed"), TimeRemainingColumn(),
                            console=Console(file=self.stream), transient=True)
        self.bar.start()
        self.task = self.bar.add_task("reprocess", total=total, failed=0)

    def update(self, stats: ReprocessStats) -> None:
        if self.bar is not None:
            self.bar.update(self.task, completed=stats.done + stats.failed, failed=stats.failed)

    def note(self, message: str) -> None:
        if self.quiet:
            return
        from ..termsafe import clean

        if self.bar is not None:
            self.bar.console.print(clean(message), markup=False, highlight=False)
        else:
            self.stream.write(clean(message) + "\n")
            self.stream.flush()

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _events_of(con, ids: list[str]) -> int:
    return con.execute("SELECT count(*) FROM events WHERE list_contains(?::VARCHAR[], article_id)",
                       [ids]).fetchone()[0] if ids else 0


def reprocess(db: str, *, where: ArticleFilter | None = None, everything: bool = False,
              published: dt.date | None = None, knowledge_dirs: list[str] | None = None,
              config: dict | None = None, workers: int = 1, progress: ReprocessProgress | None = None,
              stop: Callable[[], bool] | None = None, argv: list[str] | None = None,
              factory: Callable[..., Any] | None = None, hold: float = 0.25) -> ReprocessStats:
    """Re-extract stored articles; see the module docstring.

    Args:
        db: the DuckDB file (must exist).
        where: which articles (default: all).
        everything: redo matched articles already made by the current provenance too.
        published: a publication date for every re-extracted article (``--published``).
        knowledge_dirs, config, factory: how the pipeline is built (as for ``ingest``).
        workers: worker processes (1: this process).
        progress: where to report (default: nothing).
        stop: checked between articles (Ctrl-C); articles in progress are finished and stored.
        argv: the command line recorded with the run.
        hold: longest time the store stays open while workers run, in seconds.

    Returns:
        The run's counts.

    Raises:
        StorageError: the database is missing, damaged or locked, or a filter value is bad.
        ModelNotFoundError, ConfigError: the pipeline cannot be built (nothing is changed).
    """
    import duckdb

    from pathlib import Path

    from ..store.store import damaged

    t0 = time.perf_counter()
    if not Path(db).exists():
        raise StorageError(f"{db}: no such database (create it with 'eventwire ingest SOURCE --db {db}')")
    progress = progress or ReprocessProgress(quiet=True)
    now = current(knowledge_dirs, published, (config or {}).get("model"))
    stats = ReprocessStats()
    session = StoreSession(db, hold=hold)
    runner = LocalRunner(workers, config, knowledge_dirs, factory=factory, detect_language=False)
    try:
        st = session.get()
        sel = select(st.con, where or ArticleFilter(), now, everything, published)
        stats.matched, stats.current, stats.selected = sel.matched, sel.current, len(sel.todo)
        stats.events_before = _events_of(st.con, sel.todo)
        if not sel.todo:
            stats.events_after = stats.events_before
            return stats
        session.close()
        runner.start()  # a missing model fails here, before anything is recorded
        run_id = session.get().start_run(list(argv or []))
        made: dict[str, Provenance] = {}

        def write(results: list) -> None:
            st = session.get()
            for res in results:
                if isinstance(res, Failure):
                    stats.failed += 1
                    progress.note(f"eventwire: failed: {res.message()}")
                    st.write_failure(res, run_id)
                    continue
                try:
                    st.replace_article(res, run_id, made.pop(res.hash, now))
                    stats.done += 1
                except StorageError as exc:
                    stats.failed += 1
                    progress.note(f"eventwire: failed: {exc}")
                    st.write_failure(Failure(res.source or res.id, "store", str(exc), "StorageError"), run_id)
            progress.update(stats)

        progress.start(len(sel.todo))
        for aid in sel.todo:
            if stop is not None and stop():
                stats.interrupted = True
                runner.cancel_queued()
                break
            try:
                art, options = load_article(session.get().con, aid, published)
            except StorageError as exc:
                write([Failure(aid, "read", str(exc), "StorageError")])
                continue
            made[aid] = options_for(now, options, published)
            while runner.full():
                session.release(force=True)
                write(runner.collect())
            session.release()
            runner.submit(art)
            write(runner.collect(block=False))
        while runner.pending():
            session.release(force=True)
            write(runner.collect())
        st = session.get()
        stats.events_after = _events_of(st.con, sel.todo)
        stats.seconds = time.perf_counter() - t0
        st.finish_run(run_id, {"reprocess": stats.as_dict()})
    except duckdb.Error as exc:
        raise damaged(db, exc) from exc
    finally:
        progress.stop()
        runner.close()
        session.close()
    stats.seconds = time.perf_counter() - t0
    return stats


__all__ = ["ReprocessStats", "ReprocessProgress", "reprocess"]
