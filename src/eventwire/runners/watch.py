"""``eventwire watch``: poll RSS/Atom feeds and ingest their new articles as they appear.

Each round asks every feed that is due for its document with a conditional request
(``If-None-Match`` with the last ``ETag``, ``If-Modified-Since`` with the last
``Last-Modified``): a 304 costs one small request and nothing else. A changed feed's entries
whose URL is not stored yet are fetched and read by trafilatura (:mod:`eventwire.ingest.feeds`),
run through the pipeline and stored, each article in its own transaction, the file held only for
that write (so ``serve`` and other readers keep going; docs/ingest.md).

A feed that times out, answers an HTTP error or is not readable XML becomes a failures row of
the round's run and is asked again later with exponential backoff (``every`` × 2^errors, at most
``max_backoff``; a ``Retry-After`` is honoured); the other feeds go on. :meth:`Watcher.stop`
(Ctrl-C in the CLI) ends the loop after the current article, never inside a write.

A FEED argument is a feed URL, a feed file (polled by its mtime), or a text file listing feed
URLs or paths, one per line (``#`` starts a comment).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable

from ..errors import InputError, StorageError
from ..ingest.base import HTML_OVERHEAD, MAX_BYTES, TIMEOUT, Skipped
from ..ingest.feeds import Fetched, fetch, is_url, looks_like_feed
from ..pipeline import Failure
from ..termsafe import clean
from .feedstate import FeedState, load, save

log = logging.getLogger(__name__)

#: Longest wait between two checks of a failing feed, in seconds (6 hours).
MAX_BACKOFF = 6 * 3600.0


def parse_every(value: str) -> float:
    """A polling interval: ``90`` or ``90s`` (seconds), ``15m``, ``2h``, ``1d`` → seconds.

    Raises:
        ValueError: not a positive number with an optional s/m/h/d unit.
    """
    v = value.strip().lower()
    unit = {"s": 1, "m": 60, "h": 3600, "d": 86400}.get(v[-1:], None)
    num = v[:-1] if unit else v
    try:
        secs = float(num) * (unit or 1)
    except ValueError:
        raise ValueError(f"{value!r} is not an interval (use e.g. 90s, 15m, 2h)") from None
    if not secs > 0:
        raise ValueError(f"{value!r}: the interval must be positive")
    return secs


def expand_feeds(args: list[str]) -> list[str]:
    """FEED arguments → feed URLs and paths: a URL or a feed file stays; any other file is a
    list of feeds, one per line (blank lines and ``#`` comments skipped).

    Raises:
        InputError: a path that does not exist or cannot be read, or a file that is neither a
            feed nor UTF-8 text (binary: a NUL byte or invalid UTF-8); names it.
    """
    out: list[str] = []
    for a in args:
        if is_url(a):
            out.append(a)
            continue
        p = Path(a)
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise InputError(a, f"cannot read: {exc.strerror or exc}") from exc
        except ValueError as exc:  # a NUL byte in the name
            raise InputError(a, f"not a file name: {exc}") from exc
        if looks_like_feed(data[:2048]):
            out.append(a)
            continue
        try:
            listed = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            listed = None
        if listed is None or "\x00" in listed:
            raise InputError(a, "neither a feed nor a text list of feeds (binary, or not UTF-8 text)")
        for line in listed.splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                out.append(line)
    seen: set[str] = set()
    return [f for f in out if not (f in seen or seen.add(f))]


@dataclass
class RoundStats:
    """Counts of one polling round.

    Attributes:
        feeds: feeds checked; not_modified: of them, answered 304 or unchanged on disk;
        failed_feeds: that failed (timeout, HTTP error, unreadable); stored / skipped / failed:
        articles stored, already stored, or failing (each failure is a failures row).
    """

    feeds: int = 0
    not_modified: int = 0
    failed_feeds: int = 0
    stored: int = 0
    skipped: int = 0
    failed: int = 0

    def summary(self) -> str:
        return (f"{self.feeds} feed(s) checked ({self.not_modified} unchanged, {self.failed_feeds} failed); "
                f"{self.stored} article(s) stored, {self.skipped} already stored, {self.failed} failed")


class Watcher:
    """Polls feeds and stores their new articles (see the module docstring).

    Args:
        feeds: feed URLs or paths (see :func:`expand_feeds`).
        db: the DuckDB file (created if absent).
        every: seconds between checks of a healthy feed.
        timeout: network timeout per request, in seconds.
        max_bytes: largest article text, in bytes.
        max_backoff: longest wait for a failing feed, in seconds.
        write_lock: held while the file is open for writing (``serve --watch`` shares it with
            the snapshot reader of the same process).
        config, knowledge_dirs, factory: how the pipeline is built (:func:`runners.local.build_pipeline`).
        on_change: called after a round that stored something (``serve`` refreshes its snapshot).
        note: where one-line messages go (failures, round summaries); default: the log.
        lock_timeout: how long a write waits for another process's lock, in seconds.
    """

    def __init__(self, feeds: list[str], db: str | Path, *, every: float = 900.0, timeout: float = TIMEOUT,
                 max_bytes: int = MAX_BYTES, max_backoff: float = MAX_BACKOFF,
                 write_lock: Any = None, config: dict | None = None, knowledge_dirs: list[str] | None = None,
                 factory: Callable[..., Any] | None = None, on_change: Callable[[], Any] | None = None,
                 note: Callable[[str], Any] | None = None, lock_timeout: float = 30.0):
        self.feeds = list(feeds)
        self.db = Path(db)
        self.every = every
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_backoff = max_backoff
        self.write_lock = write_lock or threading.RLock()
        self.config = config
        self.knowledge_dirs = knowledge_dirs
        self.factory = factory
        self.on_change = on_change
        say = note or (lambda msg: log.warning("%s", msg))
        self.note = lambda msg: say(clean(msg))  # messages name feeds and URLs: untrusted text
        self.lock_timeout = lock_timeout
        self._stop = threading.Event()
        self._pipeline = None
        self.rounds = 0

    # ------------------------------------------------------------------ control

    def stop(self) -> None:
        """Ask the loop to end after the current article (thread-safe)."""
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def run_forever(self) -> None:
        """Poll until :meth:`stop`: a round, then sleep until the next feed is due."""
        while not self._stop.is_set():
            try:
                self.poll_once()
            except StorageError as exc:  # the database was locked too long: try again next round
                self.note(f"eventwire: watch: {exc}")
            except Exception as exc:  # noqa: BLE001 - a bug must not end the watching thread
                log.exception("watch round %d failed", self.rounds)
                self.note(f"eventwire: watch: round failed: {type(exc).__name__}: {exc}")
            self.sleep_until_due()

    def sleep_until_due(self) -> None:
        """Wait until the next feed is due, or until :meth:`stop`."""
        self._stop.wait(max(0.05, self.seconds_to_next()))

    def seconds_to_next(self) -> float:
        """Seconds until the earliest feed is due (``every`` when none is known yet)."""
        try:
            with self._store() as st:
                states = load(st.con, self.feeds)
        except StorageError:
            return self.every
        now = _now()
        times = [(s.next_check - now).total_seconds() if s.next_check else 0.0 for s in states.values()]
        return min(times) if times else self.every

    # ------------------------------------------------------------------ one round

    def _store(self):
        from ..store import Store

        return _Locked(self.write_lock, lambda: Store(self.db, timeout=self.lock_timeout))

    def pipeline(self):
        """The pipeline, built on first use (spaCy loads once per watcher)."""
        if self._pipeline is None:
            from .local import build_pipeline, warm_up

            self._pipeline = build_pipeline(self.config, self.knowledge_dirs, self.factory)
            warm_up(self._pipeline)
        return self._pipeline

    def poll_once(self, force: bool = False) -> RoundStats:
        """Check every due feed (every feed with ``force``) and store its new articles.

        Returns:
            The round's counts.

        Raises:
            StorageError: the database cannot be opened within ``lock_timeout``.
        """
        stats = RoundStats()
        self.rounds += 1
        with self._store() as st:
            states = load(st.con, self.feeds)
        now = _now()
        due = [s for s in states.values() if force or s.due(now)]
        run_id: str | None = None

        def run() -> str:
            nonlocal run_id
            if run_id is None:
                with self._store() as st:
                    run_id = st.start_run(["eventwire", "watch", *self.feeds])
            return run_id

        for state in due:
            if self._stop.is_set():
                break
            stats.feeds += 1
            try:
                self._check(state, stats, run)
            except StorageError:
                raise
            except Exception as exc:  # noqa: BLE001 - one feed's bug is its failure, not the round's
                log.debug("feed %s failed", state.url, exc_info=True)
                self._feed_failed(state, stats, run, f"{type(exc).__name__}: {exc}", None)
        if run_id is not None:
            with self._store() as st:
                st.finish_run(run_id, asdict(stats))
        if stats.stored and self.on_change is not None:
            self.on_change()
        if stats.feeds:
            log.info("watch round %d: %s", self.rounds, stats.summary())
        return stats

    def _check(self, state: FeedState, stats: RoundStats, run: Callable[[], str]) -> None:
        """One feed: conditional fetch, then its new entries; state saved at the end."""
        from ..ingest.feeds import iter_feed_bytes

        now = _now()
        state.last_checked = now
        try:
            got = self._fetch_feed(state)
        except InputError as exc:
            self._feed_failed(state, stats, run, exc.reason, None)
            return
        if got is None or got.status == 304:
            stats.not_modified += 1
            state.status, state.errors_in_row = "not modified", 0
            state.last_ok, state.next_check = now, now + dt.timedelta(seconds=self.every)
            self._save(state)
            return
        import feedparser

        parsed = feedparser.parse(got.data)
        broken = parsed.get("bozo") and _is_xml_error(parsed.get("bozo_exception"))
        if not parsed.entries:
            why = f": {parsed.bozo_exception}" if parsed.get("bozo") else ""
            self._feed_failed(state, stats, run, f"not an RSS/Atom feed, or a feed with no entries{why}", got)
            return
        links = [(e.get("link") or "").strip() for e in parsed.entries]
        stored_urls = self._stored_urls([u for u in links if u])
        for item in iter_feed_bytes(got.data, state.url, None, self.max_bytes, self.timeout,
                                    skip_url=stored_urls.__contains__):
            if isinstance(item, Skipped):
                stats.skipped += 1
            elif isinstance(item, InputError):
                stats.failed += 1
                self._failure(Failure(item.document, "read", item.reason), run)
            else:
                try:
                    self._article(item, state, stats, run)
                except StorageError:
                    raise
                except Exception as exc:  # noqa: BLE001 - one article's bug: a failure, the feed goes on
                    log.debug("article %s failed", item.source, exc_info=True)
                    stats.failed += 1
                    self._failure(Failure(item.source or state.url, "store", str(exc), type(exc).__name__), run)
            if self._stop.is_set():
                break
        if broken:  # what could be read was, but the document is damaged: a failing feed
            self._feed_failed(state, stats, run, f"malformed feed XML ({parsed.bozo_exception}); "
                              f"{len(parsed.entries)} entries read", got)
            return
        state.etag = got.headers.get("ETag") or got.headers.get("Etag") or state.etag
        state.last_modified = got.headers.get("Last-Modified") or state.last_modified
        state.status, state.errors_in_row, state.last_ok = "ok", 0, now
        state.next_check = now + dt.timedelta(seconds=self.every)
        self._save(state)

    def _fetch_feed(self, state: FeedState) -> Fetched | None:
        """The feed's document; a Fetched with status 304, or None for an unchanged file."""
        limit = HTML_OVERHEAD * self.max_bytes
        if is_url(state.url):
            headers = {}
            if state.etag:
                headers["If-None-Match"] = state.etag
            if state.last_modified:
                headers["If-Modified-Since"] = state.last_modified
            return fetch(state.url, timeout=self.timeout, max_bytes=limit, headers=headers)
        p = Path(state.url)
        try:
            mtime = str(p.stat().st_mtime_ns)
            if state.last_modified == mtime:
                return None
            data = p.read_bytes()[:limit + 1]
        except OSError as exc:
            raise InputError(state.url, f"cannot read: {exc.strerror or exc}") from exc
        except ValueError as exc:  # a NUL byte in the name
            raise InputError(state.url, f"not a file name: {exc}") from exc
        return Fetched(state.url, data, "", 200, {"Last-Modified": mtime})

    def _feed_failed(self, state: FeedState, stats: RoundStats, run, reason: str, got: Fetched | None) -> None:
        stats.failed_feeds += 1
        state.errors_in_row += 1
        state.status = reason
        delay = min(self.every * 2 ** state.errors_in_row, self.max_backoff)
        retry = _retry_after(got.headers.get("Retry-After")) if got is not None else None
        if retry:
            delay = max(delay, min(retry, self.max_backoff))
        state.next_check = _now() + dt.timedelta(seconds=delay)
        self._failure(Failure(state.url, "read", reason), run, say=False)
        self.note(f"eventwire: failed: {state.url}: {reason} (retrying in {delay:.0f} s)")
        self._save(state)

    def _stored_urls(self, urls: list[str]) -> set[str]:
        if not urls:
            return set()
        with self._store() as st:
            return {r[0] for r in st.con.execute(
                "SELECT DISTINCT url FROM articles WHERE list_contains(?, url)", [urls]).fetchall()}

    def _article(self, art, state: FeedState, stats: RoundStats, run) -> None:
        from .local import process

        res = process(self.pipeline(), art)
        if isinstance(res, Failure):
            stats.failed += 1
            self._failure(res, run)
            return
        rid = run()
        if getattr(self, "_provenance", None) is None:  # what made the extraction (docs/schema.md)
            from ..provenance import current

            self._provenance = current(self.knowledge_dirs, None, (self.config or {}).get("model"))
        with self._store() as st:
            try:
                stored = st.write_article(res, rid, self._provenance)
            except StorageError as exc:
                stats.failed += 1
                st.write_failure(Failure(res.source or res.id, "store", str(exc), "StorageError"), rid)
                self.note(f"eventwire: failed: {exc}")
                return
        if stored:
            stats.stored += 1
            state.articles += 1
        else:
            stats.skipped += 1

    def _failure(self, failure: Failure, run, say: bool = True) -> None:
        rid = run()
        with self._store() as st:
            st.write_failure(failure, rid)
        if say:
            self.note(f"eventwire: failed: {failure.message()}")

    def _save(self, state: FeedState) -> None:
        with self._store() as st:
            save(st.con, state)


class _Locked:
    """``with``: take the lock, open the Store, and release both on exit."""

    def __init__(self, lock, opener):
        self.lock, self.opener, self.store = lock, opener, None

    def __enter__(self):
        self.lock.acquire()
        try:
            self.store = self.opener()
        except BaseException:
            self.lock.release()
            raise
        return self.store

    def __exit__(self, *exc):
        try:
            self.store.close()
        finally:
            self.lock.release()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _is_xml_error(exc) -> bool:
    """feedparser's bozo flag also marks harmless things (a wrong declared encoding); only a
    parse error of the XML itself counts as a malformed feed."""
    import xml.sax

    return isinstance(exc, xml.sax.SAXException)


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (seconds, or an HTTP date)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - _now()).total_seconds())


__all__ = ["Watcher", "RoundStats", "expand_feeds", "parse_every", "MAX_BACKOFF"]
