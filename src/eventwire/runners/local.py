"""The local runner: the pipeline in worker processes on this machine, one writer to DuckDB.

:class:`LocalRunner` runs language detection and the pipeline over articles, in this process
(``workers=1``) or in ``workers`` spawned processes (``multiprocessing`` "spawn" context, safe on
every OS), each building the Pipeline — and so loading spaCy — once, in its initializer.

:func:`ingest` is ``eventwire ingest`` as a function: read the sources, skip what the store
already has (by URL before fetching, by content hash before NLP), process the rest, write each
article in its own transaction from this (the parent) process only. The store is opened for a
batch of reads/writes and closed while the workers parse, so another process (``eventwire
serve``, a notebook) can open the database between batches.
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Iterable, Iterator

from ..errors import EventwireError, InputError, StorageError
from ..ingest.base import Skipped
from ..ingest.dispatch import SourceOptions, iter_sources, missing_paths
from ..model import Article
from ..pipeline import BATCH, Failure
from . import IngestStats, Progress
from .interrupt import ignore_in_worker, spawning

log = logging.getLogger(__name__)

Result = Article | Failure

# Per-process worker state: the pipeline built by _init (one per worker process).
_WORKER: dict[str, Any] = {}


def build_pipeline(config: dict | None = None, knowledge_dirs: list[str] | None = None,
                   factory: Callable[..., Any] | None = None):
    """The pipeline a worker uses: ``factory(config, knowledge_dirs)`` or Pipeline.from_config."""
    if factory is not None:
        return factory(config, knowledge_dirs)
    from ..pipeline import Pipeline

    return Pipeline.from_config(config, knowledge_dirs=knowledge_dirs)


def process(pipeline, article: Article, detect_language: bool = True) -> Result:
    """Language check + pipeline over one article; a bad article becomes a :class:`Failure`.

    The spaCy spans on ``article.sentences`` are dropped afterwards (set to None) so the result
    is small and can be sent between processes; every offset stays.
    """
    return process_many(pipeline, [article], detect_language)[0]


def process_many(pipeline, articles: list[Article], detect_language: bool = True) -> list[Result]:
    """:func:`process` over several articles, their parse in one spaCy call when the pipeline
    has ``run_many`` (:meth:`eventwire.pipeline.Pipeline.run_many`); results in order."""
    out: list[Result] = list(articles)
    todo = []
    for k, article in enumerate(articles):
        if detect_language:
            from ..ingest.language import check_language

            try:
                check_language(article)
            except InputError as exc:
                out[k] = Failure(exc.document, "language", exc.reason)
                continue
        todo.append(k)
    if len(todo) > 1 and hasattr(pipeline, "run_many"):
        done = pipeline.run_many([articles[k] for k in todo])
    else:
        done = [_run_one(pipeline, articles[k]) for k in todo]
    for k, res in zip(todo, done):
        article = articles[k]
        if isinstance(res, InputError):
            out[k] = Failure(res.document, "extract", res.reason)
        elif isinstance(res, EventwireError):
            out[k] = Failure(article.source or article.id, "extract", str(res), type(res).__name__)
        else:
            for s in article.sentences:
                s.span = None
    return out


def _run_one(pipeline, article: Article) -> Article | EventwireError:
    try:
        pipeline.run(article)
    except EventwireError as exc:
        return exc
    return article


#: A short English text run once per process so stages load their lazy data (gazetteer,
#: lexicons, langdetect profiles) before the first real document.
WARM_UP_TEXT = ("Talks stall in Istanbul\n\nKYIV, March 10 - Russian forces shelled Kharkiv on Thursday, "
                "killing two people, Ukrainian officials said. \"We will not surrender,\" the mayor told "
                "reporters. Police arrested 20 protesters in Moscow last week.\n")


def warm_up(pipeline, detect_language: bool = True) -> None:
    """Run the pipeline once over :data:`WARM_UP_TEXT` (errors are logged, not raised)."""
    from ..ingest.text import article_from_text

    res = process(pipeline, article_from_text(WARM_UP_TEXT, "<warm-up>"), detect_language)
    if isinstance(res, Failure):
        log.debug("warm-up document failed: %s", res.message())


def _exit_with_parent() -> None:
    """End this worker when the parent dies (even by SIGKILL), instead of idling forever.

    Workers inherit both ends of the task queue, so they never see it close; they watch the
    parent's sentinel instead, in a daemon thread.
    """
    import multiprocessing
    import threading
    from multiprocessing.connection import wait as mp_wait

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        mp_wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="eventwire-parent-watch", daemon=True).start()


def _init(config, knowledge_dirs, factory, detect_language) -> None:
    """Worker initializer: build the pipeline once and warm it up; keep a fatal error to report.
    Ctrl-C is the parent's to handle: a worker ignores SIGINT (no tracebacks)."""
    ignore_in_worker()
    _exit_with_parent()
    _WORKER.clear()
    _WORKER["detect_language"] = detect_language
    try:
        _WORKER["pipeline"] = build_pipeline(config, knowledge_dirs, factory)
    except EventwireError as exc:  # ModelNotFoundError, ConfigError: reported by the parent
        _WORKER["fatal"] = exc
        return
    warm_up(_WORKER["pipeline"], detect_language)


def _work(article: Article) -> Result:
    if "fatal" in _WORKER:
        raise _WORKER["fatal"]
    return process(_WORKER["pipeline"], article, _WORKER["detect_language"])


def _ping(_: int) -> int:
    """Warm-up task: waits a little so every worker gets one; raises a worker's fatal error."""
    if "fatal" in _WORKER:
        raise _WORKER["fatal"]
    time.sleep(0.05)
    return os.getpid()


class LocalRunner:
    """Language detection + pipeline over articles, inline or in worker processes.

    Args:
        workers: number of processes; 1 runs in this process.
        config, knowledge_dirs: passed to Pipeline.from_config in every worker.
        factory: ``factory(config, knowledge_dirs) -> pipeline`` instead of Pipeline.from_config
            (a module-level function, so spawned workers can import it).
        detect_language: run :func:`eventwire.ingest.language.check_language` first.
        window: articles in flight at once (default ``2 * workers``; inline, at least
            :data:`~eventwire.pipeline.BATCH`: that many submitted articles are parsed together,
            when the batch is full or :meth:`collect` blocks).

    Use as a context manager; :meth:`submit` / :meth:`collect`, or :meth:`map` for a stream.

    Raises:
        ModelNotFoundError, ConfigError: from :meth:`start` (or the first results) when the
            pipeline cannot be built.
    """

    def __init__(self, workers: int = 1, config: dict | None = None, knowledge_dirs: list[str] | None = None,
                 factory: Callable[..., Any] | None = None, detect_language: bool = True,
                 window: int | None = None):
        self.workers = max(1, int(workers))
        self.config = config
        self.knowledge_dirs = knowledge_dirs
        self.factory = factory
        self.detect_language = detect_language
        self.batch = BATCH if self.workers == 1 else 1
        self.window = window or max(2 * self.workers, self.batch)
        self._pipeline = None
        self._pool: ProcessPoolExecutor | None = None
        self._inflight: dict[Future, Article] = {}
        self._ready: deque[Result] = deque()
        self._queued: list[Article] = []  # inline: submitted, parsed with the next batch

    def __enter__(self) -> "LocalRunner":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        """Build the pipeline (inline) or start the workers and wait until each has built its own."""
        if self.workers == 1:
            if self._pipeline is None:
                self._pipeline = build_pipeline(self.config, self.knowledge_dirs, self.factory)
                warm_up(self._pipeline, self.detect_language)
            return
        if self._pool is None:
            self._pool = self._new_pool()
            with spawning():  # the workers start here, SIGINT blocked until they ignore it
                pings = [self._pool.submit(_ping, i) for i in range(2 * self.workers)]
            for fut in pings:
                fut.result()

    def _new_pool(self) -> ProcessPoolExecutor:
        import multiprocessing

        return ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_init,
                                   initargs=(self.config, self.knowledge_dirs, self.factory, self.detect_language))

    def full(self) -> bool:
        """True when :meth:`submit` should wait for :meth:`collect` first."""
        return self.pending() >= self.window

    def pending(self) -> int:
        """Articles submitted and not yet collected."""
        return len(self._inflight) + len(self._ready) + len(self._queued)

    def submit(self, article: Article) -> None:
        """Queue one article (inline: processed with the next batch)."""
        if self.workers == 1:
            self.start()
            self._queued.append(article)
            if len(self._queued) >= self.batch:
                self._run_queued()
            return
        self.start()
        with spawning():  # the pool may start a worker on demand
            self._inflight[self._pool.submit(_work, article)] = article

    def _run_queued(self) -> None:
        """Inline: process the queued articles, parsed together."""
        todo, self._queued = self._queued, []
        self._ready.extend(process_many(self._pipeline, todo, self.detect_language))

    def cancel_queued(self) -> int:
        """Drop the articles submitted and not yet started (a stop was requested); those being
        processed still come out of :meth:`collect`, and so do the articles queued inline (they
        are read and take a moment). Returns how many were dropped."""
        dropped = [fut for fut in self._inflight if fut.cancel()]
        for fut in dropped:
            del self._inflight[fut]
        return len(dropped)

    def collect(self, block: bool = True) -> list[Result]:
        """Results that are ready; with ``block``, wait until at least one is (if any is pending).

        Raises:
            EventwireError: a worker could not build its pipeline (ModelNotFoundError, ...).
        """
        if self._queued and block:
            self._run_queued()
        out = list(self._ready)
        self._ready.clear()
        if not self._inflight:
            return out
        done, _ = wait(list(self._inflight), timeout=None if (block and not out) else 0,
                       return_when=FIRST_COMPLETED)
        broken = False
        for fut in done:
            article = self._inflight.pop(fut)
            try:
                out.append(fut.result())
            except EventwireError:
                raise
            except BrokenProcessPool:
                broken = True
                out.append(Failure(article.source or article.id, "extract",
                                   "the worker process died while processing it (out of memory?)", "WorkerError"))
            except Exception as exc:  # the result could not be sent back, or a bug outside the stages
                out.append(Failure(article.source or article.id, "extract",
                                   f"worker error: {type(exc).__name__}: {exc}", "WorkerError"))
        if broken:
            for fut, article in list(self._inflight.items()):
                out.append(Failure(article.source or article.id, "extract",
                                   "the worker process died while processing it (out of memory?)", "WorkerError"))
            self._inflight.clear()
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        return out

    def map(self, articles: Iterable[Article]) -> Iterator[Result]:
        """Process a stream of articles; results come in completion order."""
        for art in articles:
            while self.full():
                yield from self.collect()
            self.submit(art)
        while self.pending():
            yield from self.collect()

    def pool_map(self, fn: Callable[..., Any], items: Iterable[Any], *args: Any) -> list[Any]:
        """``[fn(item, *args) for item in items]`` run in the worker processes (inline for one
        worker); ``fn`` must be importable. Used by the benchmark to time spaCy alone on the same
        processes."""
        items = list(items)
        if self.workers == 1:
            return [fn(it, *args) for it in items]
        self.start()
        return list(self._pool.map(fn, items, *([a] * len(items) for a in args)))

    def close(self) -> None:
        """Stop the workers (pending results are dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class StoreSession:
    """The store, opened when needed and closed between batches so other processes can read.

    Args:
        path: the DuckDB file.
        hold: close the store once it has been open this long, at the next :meth:`release`
            (seconds).
        lock_timeout: how long to keep retrying an open that finds the file locked (seconds).
    """

    def __init__(self, path: str, hold: float = 0.25, lock_timeout: float = 30.0):
        self.path = str(path)
        self.hold = hold
        self.lock_timeout = lock_timeout
        self._store = None
        self._opened = 0.0

    def get(self):
        """The open Store (opening it, retrying while another process holds the lock).

        Raises:
            StorageError: the database cannot be opened within ``lock_timeout`` seconds.
        """
        if self._store is not None:
            return self._store
        from ..store import Store

        self._store = Store(self.path, read_only=False, timeout=self.lock_timeout)
        self._opened = time.monotonic()
        return self._store

    def release(self, force: bool = False) -> None:
        """Close the store if it has been open ``hold`` seconds or more (always with ``force``)."""
        if self._store is not None and (force or time.monotonic() - self._opened >= self.hold):
            self._store.close()
            self._store = None

    def close(self) -> None:
        self.release(force=True)


def ingest(sources: list[str], db: str, *, workers: int = 1, options: SourceOptions | None = None,
           config: dict | None = None, knowledge_dirs: list[str] | None = None,
           progress: Progress | None = None, argv: list[str] | None = None,
           factory: Callable[..., Any] | None = None, hold: float = 0.25,
           stop: Callable[[], bool] | None = None, force: bool = False) -> IngestStats:
    """Read SOURCEs into the store; see the module docstring. ``eventwire ingest`` calls this.

    Args:
        sources: SOURCE arguments (paths, directories, URLs, ``-``).
        db: the DuckDB file (created if absent).
        workers: worker processes (1: this process).
        options: reading options (published, max_bytes, mapping, timeout).
        config, knowledge_dirs, factory: how each worker builds its pipeline.
        progress: where to report (default: none).
        argv: the command line recorded with the run.
        hold: longest time the store stays open while workers run, in seconds.
        stop: checked between documents; once it returns True no more documents are read or
            started, those being processed are finished and stored, and the run ends with
            ``stats.interrupted`` set (``eventwire ingest`` passes a
            :class:`~eventwire.runners.interrupt.StopRequest`: Ctrl-C).
        force: re-extract documents whose text is already stored and replace their extraction
            (:meth:`Store.replace_article`) instead of skipping them; URLs are not skipped either.
            Without it, stored articles made by another eventwire version, knowledge or options
            are counted in ``stats.outdated`` (with ``stats.outdated_by``: what differs).

    Returns:
        The run's counts; every failure is also a failures row of the run.

    Raises:
        InputError: a SOURCE path does not exist (checked first: nothing is created).
        ModelNotFoundError, ConfigError: the pipeline cannot be built (nothing is processed).
        StorageError: the database cannot be opened, read or written.
    """
    import duckdb

    from ..provenance import current
    from ..store.store import damaged

    t0 = time.perf_counter()
    opts = options or SourceOptions()
    now = current(knowledge_dirs, opts.published, (config or {}).get("model"))
    progress = progress or Progress("none")
    session = StoreSession(db, hold=hold)
    stats = IngestStats()
    seen: set[str] = set()
    pending_writes: list[Result] = []

    def fail(failure: Failure) -> None:
        stats.failed += 1
        pending_writes.append(failure)
        progress.note(f"eventwire: failed: {failure.message()}")

    def flush() -> None:
        if not pending_writes:
            return
        st = session.get()
        for res in pending_writes:
            if isinstance(res, Failure):
                st.write_failure(res, run_id)
                continue
            try:
                if force and st.has_article(res.hash):
                    st.replace_article(res, run_id, now)
                    stats.reextracted += 1
                    stored = True
                else:
                    stored = st.write_article(res, run_id, now)
            except StorageError as exc:  # rolled back: nothing of this article is stored
                stats.failed += 1
                doc = res.source or res.id
                msg = str(exc)
                failure = Failure(doc, "store", msg[len(doc) + 2:] if msg.startswith(f"{doc}: ") else msg,
                                  "StorageError")
                progress.note(f"eventwire: failed: {failure.message()}")
                st.write_failure(failure, run_id)
                continue
            if stored:
                stats.stored += 1
            else:
                stats.skipped += 1
        pending_writes.clear()

    def take(results: list[Result]) -> None:
        for res in results:
            if isinstance(res, Failure):
                fail(res)
            else:
                pending_writes.append(res)
        flush()
        stats.seconds = time.perf_counter() - t0
        progress.update(stats)

    missing = missing_paths(sources)
    if missing:  # a typo: refuse before the model loads or a database file is created
        raise InputError(missing[0], "no such file or directory (nothing was ingested)")
    runner = LocalRunner(workers, config, knowledge_dirs, factory=factory)
    try:
        runner.start()  # a missing model fails here, before a run is recorded
        run_id = session.get().start_run(list(argv or []))
        if not force:
            opts.skip_url = lambda url: session.get().has_url(url)
        session.close()
        with progress:
            for item in iter_sources(sources, opts):
                if stop is not None and stop():
                    stats.interrupted = True
                    # dropped before a worker started them: not read (a rerun reads them), so
                    # the closing line's "N stored of M read" counts whole articles only
                    stats.read -= runner.cancel_queued()
                    break
                stats.read += 1
                if isinstance(item, Skipped):
                    stats.skipped += 1
                elif isinstance(item, InputError):
                    fail(Failure(item.document, "read", item.reason))
                elif item.hash in seen:
                    stats.skipped += 1
                elif not force and (made := session.get().provenance_of(item.hash)) is not None:
                    stats.skipped += 1
                    differs = now.differences(*made)
                    if differs:
                        stats.outdated += 1
                        stats.outdated_by.update(differs)
                else:
                    seen.add(item.hash)
                    while runner.full():
                        session.release(force=True)  # never hold the file while waiting on workers
                        take(runner.collect())
                    session.release()
                    runner.submit(item)
                    take(runner.collect(block=False))
                stats.seconds = time.perf_counter() - t0
                progress.update(stats)
            while runner.pending():
                if stop is not None and stop() and not stats.interrupted:
                    stats.interrupted = True  # (all read: drop what no worker started yet)
                    stats.read -= runner.cancel_queued()
                    if not runner.pending():
                        break
                session.release(force=True)
                take(runner.collect())
            flush()
        stats.seconds = time.perf_counter() - t0
        session.get().finish_run(run_id, stats.as_dict())
    except duckdb.Error as exc:  # opened, but a truncated or damaged file fails on first use
        raise damaged(db, exc) from exc
    finally:
        runner.close()
        session.close()
    return stats
