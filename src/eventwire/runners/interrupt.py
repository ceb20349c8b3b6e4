"""Ctrl-C as a request to stop between articles.

A terminal sends SIGINT to the whole foreground process group: the ``eventwire`` process and its
worker processes. :class:`StopRequest` turns the first one, in the parent, into a flag the run
checks between articles (the articles being parsed are finished and stored, nothing is cut in
half, the run ends with one line saying how many were stored, exit 130); a second Ctrl-C stops
at once (``KeyboardInterrupt``). Workers ignore SIGINT (:func:`ignore_in_worker`), so they print
no tracebacks; :func:`spawning` keeps SIGINT blocked while they start, so none arrives before
they ignore it.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from typing import Iterator

#: Exit code of a command stopped by Ctrl-C (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130


class StopRequest:
    """A context manager: while active, the first SIGINT sets :attr:`requested`.

    Installed only in the main thread (elsewhere Python cannot set signal handlers, and the
    flag simply stays False). The previous handler is restored on exit.
    """

    def __init__(self) -> None:
        self.requested = False
        self._previous = None

    def __call__(self) -> bool:
        """True once a stop was requested (pass the object itself as ``stop=``)."""
        return self.requested

    def _handle(self, signum, frame) -> None:
        if self.requested:  # the second Ctrl-C: stop now
            signal.signal(signal.SIGINT, signal.default_int_handler)
            raise KeyboardInterrupt
        self.requested = True
        try:  # (acknowledged at once: the articles in progress may take a while to finish)
            sys.stderr.write("eventwire: stopping after the articles in progress; Ctrl-C again to stop at once\n")
            sys.stderr.flush()
        except (OSError, ValueError):
            pass

    def __enter__(self) -> "StopRequest":
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None


def ignore_in_worker() -> None:
    """In a worker process: ignore SIGINT (the parent decides when to stop) and unblock it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextlib.contextmanager
def spawning() -> Iterator[None]:
    """Block SIGINT in this thread while worker processes are started: a child inherits the
    mask, so a Ctrl-C during its start-up waits until it ignores SIGINT (then it is dropped);
    the parent gets its own SIGINT when the block ends."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
