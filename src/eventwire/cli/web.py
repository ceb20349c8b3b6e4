"""``eventwire serve`` and ``eventwire watch``: thin commands over :func:`eventwire.api.app.create_app`
and :class:`eventwire.runners.watch.Watcher`."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import List, Optional

import typer

from . import app, fail, positive_seconds, setup_logging

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _every(value: str) -> float:
    from ..runners.watch import parse_every

    try:
        return parse_every(value)
    except ValueError as exc:
        fail(f"--every {exc}")
    return 0.0


def _feeds(args: list[str]) -> list[str]:
    from ..errors import InputError
    from ..runners.watch import expand_feeds

    try:
        feeds = expand_feeds(args)
    except InputError as exc:
        fail(str(exc))
    if not feeds:
        fail(f"no feeds in {' '.join(args)}")
    return feeds


@app.command()
def serve(
    db: Path = typer.Option(Path("eventwire.duckdb"), "--db", help="DuckDB file written by 'eventwire ingest'."),
    host: str = typer.Option("127.0.0.1", help="Address to listen on (loopback only unless you say otherwise)."),
    port: int = typer.Option(8000, min=0, max=65535, help="TCP port."),
    watch: Optional[Path] = typer.Option(None, "--watch", help="Also poll the feeds listed in this file (one URL a line) and ingest them."),
    every: str = typer.Option("15m", help="With --watch: how often to check each feed (90s, 15m, 2h)."),
    token: Optional[str] = typer.Option(None, envvar="EVENTWIRE_TOKEN", help="Enable POST /api/articles for requests with 'Authorization: Bearer TOKEN' (or set EVENTWIRE_TOKEN)."),
    refresh: float = typer.Option(2.0, min=0.1, help="Seconds between checks of the database for new articles."),
    timeout: float = typer.Option(20.0, callback=positive_seconds, help="With --watch: network timeout per request, in seconds."),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="More logging on stderr."),
):
    """Serve the web page and the JSON API over a database (http://HOST:PORT/, API under /api, its schema at /openapi.json).

    The page shows new articles a few seconds after ingest or watch stores them. The
    database is read through a private copy refreshed when the file changes, so ingest and
    watch keep writing while the page is open.
    """
    setup_logging(verbose)
    try:
        import uvicorn

        from ..api.app import create_app
        from ..api.snapshot import Snapshots
    except ImportError as exc:
        fail(f"eventwire serve needs the web extra ({exc.name} is missing): pip install 'eventwire[web]'")
    from ..errors import EventwireError
    from ..store import Store

    watcher = None
    snaps = Snapshots(db, interval=refresh)
    if watch is not None:
        from ..runners.watch import Watcher

        feeds = _feeds([str(watch)])
        if not db.exists():
            try:
                Store(db).close()
            except EventwireError as exc:
                fail(str(exc))
        watcher = Watcher(feeds, db, every=_every(every), timeout=timeout, write_lock=snaps.write_lock,
                          on_change=lambda: snaps.refresh(force=True),
                          note=lambda m: typer.echo(m, err=True))
    try:
        snaps.open()
    except EventwireError as exc:
        fail(str(exc))
    allowed = ["127.0.0.1", "localhost", "[::1]", "::1"] if host in LOOPBACK else None
    if allowed is not None:
        allowed += [f"{h}:{port}" for h in ("127.0.0.1", "localhost", "[::1]")]
    application = create_app(db, token=token, snapshots=snaps, watcher=watcher, allowed_hosts=allowed)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"eventwire: serving {db} at http://{shown}:{port}/ "
               f"({'watching ' + str(len(watcher.feeds)) + ' feed(s), ' if watcher else ''}"
               f"{'POST /api/articles enabled, ' if token else ''}Ctrl-C to stop)", err=True)
    try:
        uvicorn.run(application, host=host, port=port, log_level="warning" if verbose == 0 else "info")
    finally:
        snaps.close()

@app.command()
def watch(
    feeds: List[str] = typer.Argument(..., help="Feed URLs, feed files, or files listing feeds (one a line)."),
    db: Path = typer.Option(Path("eventwire.duckdb"), "--db", help="DuckDB file to write (created if absent)."),
    every: str = typer.Option("15m", help="How often to check each feed (90s, 15m, 2h); failing feeds back off."),
    once: bool = typer.Option(False, "--once", help="Check every feed once and exit (for cron)."),
    timeout: float = typer.Option(20.0, callback=positive_seconds, help="Network timeout per request, in seconds."),
    knowledge: Optional[List[Path]] = typer.Option(None, help="Extra knowledge directory (repeatable)."),
    max_bytes: int = typer.Option(5_000_000, min=1, help="Largest article accepted, in bytes of text."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No per-document failure lines (round summaries stay)."),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="More logging on stderr."),
):
    """Poll RSS/Atom feeds and ingest new articles as they appear.

    Conditional requests (ETag, Last-Modified) make an unchanged feed cost one small request.
    A feed that fails (timeout, HTTP error, broken XML) is a failures row and is retried with
    backoff; the others go on. Ctrl-C stops after the current article.
    """
    from ..errors import EventwireError
    from ..runners.watch import Watcher

    setup_logging(verbose)
    feed_list = _feeds(list(feeds))
    interval = _every(every)

    def note(msg: str) -> None:
        if not quiet:
            typer.echo(msg, err=True)

    watcher = Watcher(feed_list, db, every=interval, timeout=timeout, max_bytes=max_bytes,
                      config={"max_bytes": max_bytes}, knowledge_dirs=[str(k) for k in knowledge or []],
                      note=note)

    def on_sigint(signum, frame):
        if watcher.stopping:
            raise KeyboardInterrupt
        typer.echo("eventwire: stopping after the current article (Ctrl-C again to abort)", err=True)
        watcher.stop()

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        typer.echo(f"eventwire: watching {len(feed_list)} feed(s) into {db}"
                   f"{'' if once else f', every {every}'} (Ctrl-C to stop)", err=True)
        if once:
            stats = watcher.poll_once(force=True)
            typer.echo(f"eventwire: {stats.summary()}", err=True)
            if stats.failed or stats.failed_feeds:
                raise typer.Exit(1)
        else:
            _loop(watcher)
    except EventwireError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        typer.echo("eventwire: aborted", err=True)
        raise typer.Exit(130)
    finally:
        signal.signal(signal.SIGINT, previous)
    typer.echo("eventwire: stopped", err=True)


def _loop(watcher) -> None:
    """Rounds until stopped, with a summary line after each round that did something."""
    from ..errors import StorageError

    while not watcher.stopping:
        try:
            stats = watcher.poll_once()
            if stats.feeds:
                typer.echo(f"eventwire: {stats.summary()}", err=True)
        except StorageError as exc:
            typer.echo(f"eventwire: watch: {exc}", err=True)
        watcher.sleep_until_due()


__all__ = ["serve", "watch"]
