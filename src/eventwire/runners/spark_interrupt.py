"""Ctrl-C during a Spark run (:func:`eventwire.runners.spark.run`): one stop, no pages of Py4J
errors. Kept apart from the runner so that its module stays about the pipeline."""

from __future__ import annotations

import logging
import signal
import threading

log = logging.getLogger("eventwire.runners.spark")


class StopOnInterrupt:
    """While a run is going: the first Ctrl-C (SIGINT in the main thread) cancels the Spark jobs
    from another thread (pyspark's own handler calls into Py4J from inside the signal handler,
    on the connection the main thread is waiting on, and prints pages of errors), silences
    Spark's log, and makes the run raise KeyboardInterrupt; a second Ctrl-C raises it at once.

    Attributes:
        requested: a stop was asked for. staging: the local staging directory this run is
            writing (None before it starts writing, or when not local): removed on a stop.
        output: the local output directory when this run creates it (removed if left empty).
    """

    def __init__(self) -> None:
        self.spark = None
        self.requested = False
        self.staging: str | None = None
        self.output: str | None = None
        self._previous = None
        self._done = threading.Event()

    def __enter__(self) -> "StopOnInterrupt":
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def watch(self, spark) -> None:
        """From now on a Ctrl-C cancels ``spark``'s jobs (our handler again: starting a
        SparkContext installs pyspark's)."""
        self.spark = spark
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._handle)

    def __exit__(self, *exc) -> None:
        self._done.set()
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None

    def _handle(self, signum, frame) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        if self.spark is not None:
            threading.Thread(target=self._cancel, name="eventwire-cancel", daemon=True).start()

    def _cancel(self) -> None:
        """Cancel every job until the run ends (a job started after a cancel is cancelled too)."""
        try:
            self.spark.sparkContext.setLogLevel("OFF")
        except Exception:  # the JVM may be gone already
            pass
        while not self._done.is_set():
            try:
                self.spark.sparkContext.cancelAllJobs()
            except Exception:
                return
            self._done.wait(0.2)


def quiet_stop(spark, quiet: bool) -> None:
    """Stop the session; after an interrupt, with Spark's log and Py4J's errors silenced."""
    if not quiet:
        spark.stop()
        return
    py4j = logging.getLogger("py4j")
    level = py4j.level
    py4j.setLevel(logging.CRITICAL)
    try:
        spark.sparkContext.setLogLevel("OFF")
        spark.stop()
    except Exception:
        log.debug("stopping Spark after an interrupt", exc_info=True)
    finally:
        py4j.setLevel(level)
