"""Runners: where the pipeline runs. ``local`` uses processes on this machine (``spark``: later).

This module also holds :class:`Progress`, the reporting every runner shares: a rich progress
bar on a terminal (with a total and an ETA when the number of documents is known), no progress
at all when stderr is not a terminal (only the per-document failure lines), nothing with
``--quiet``.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import TextIO


@dataclass
class IngestStats:
    """Counts of one ingest run. ``read == stored + skipped + failed``.

    Attributes:
        read: documents met (articles, bad documents, and ones already stored).
        stored: articles written to the store.
        skipped: documents already stored (same URL or same text) and so not processed again.
        failed: documents that could not be read or processed (each is a failures row).
        seconds: wall-clock time of the run, in seconds.
        interrupted: the run was stopped (Ctrl-C) before it had read every source.
        reextracted: of ``stored``, articles already stored whose extraction was replaced
            (``ingest --force``).
        outdated: of ``skipped``, articles stored by another eventwire version or with other
            knowledge or options; ``outdated_by`` counts what differs ("eventwire 0.0.9").
    """

    read: int = 0
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    reextracted: int = 0
    outdated: int = 0
    outdated_by: Counter = field(default_factory=Counter)

    @property
    def docs_per_s(self) -> float:
        """Documents read per second of wall-clock time."""
        return self.read / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict:
        d = asdict(self)
        d["outdated_by"] = dict(self.outdated_by)
        d["seconds"] = round(self.seconds, 3)
        d["docs_per_s"] = round(self.docs_per_s, 2)
        return d

    def summary(self) -> str:
        """The one-line summary printed at the end of ``eventwire ingest``."""
        if self.interrupted:
            return (f"interrupted: {self.stored} stored, {self.skipped} skipped as already stored, "
                    f"{self.failed} failed of {self.read} read in {self.seconds:.1f} s; run the same "
                    f"command again to go on (what is stored is skipped)")
        again = f" ({self.reextracted} re-extracted)" if self.reextracted else ""
        return (f"{self.read} read, {self.stored} stored{again}, {self.skipped} skipped as already stored, "
                f"{self.failed} failed in {self.seconds:.1f} s ({self.docs_per_s:.1f} docs/s)")

    def outdated_note(self, reprocess_command: str) -> str | None:
        """The line telling that skipped articles were made differently, and how to update them
        (None when none were).

        Args:
            reprocess_command: the ``eventwire reprocess ...`` command that updates them.
        """
        if not self.outdated:
            return None
        why = ", ".join(f"{k}: {n}" for k, n in self.outdated_by.most_common(4))
        return (f"{self.outdated} of the articles skipped as already stored were made by another "
                f"eventwire version or with other knowledge or options ({why}); re-extract them with "
                f"this command and --force, or with '{reprocess_command}'")


class Progress:
    """Progress on stderr: ``mode`` is "bar" (rich, for a terminal), "plain" (no progress, failure
    lines only), "lines" (a count line every ``interval`` seconds) or "none".

    Args:
        mode: see above; :meth:`auto` picks one.
        stream: where to write (stderr).
        interval: seconds between plain lines in "lines" mode.
        total: number of documents when known before the run (the bar then shows n/total, a
            percentage and the time remaining); None: unknown (the bar counts up).
        label: the word before the bar ("ingest", "extract").
    """

    def __init__(self, mode: str = "lines", stream: TextIO | None = None, interval: float = 5.0,
                 total: int | None = None, label: str = "ingest"):
        self.mode = mode
        self.stream = stream or sys.stderr
        self.interval = interval
        self.total = total
        self.label = label
        self._t0 = time.perf_counter()
        self._last = self._t0
        self._bar = None
        self._task = None

    @classmethod
    def auto(cls, quiet: bool = False, stream: TextIO | None = None, total: int | None = None,
             label: str = "ingest") -> "Progress":
        """Nothing when quiet; a bar when ``stream`` is a terminal; else no progress ("plain")."""
        stream = stream or sys.stderr
        if quiet:
            return cls("none", stream)
        tty = getattr(stream, "isatty", lambda: False)()
        return cls("bar" if tty else "plain", stream, total=total, label=label)

    def __enter__(self) -> "Progress":
        self._t0 = self._last = time.perf_counter()
        if self.mode == "bar":
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress as RichProgress, SpinnerColumn,
                                       TaskProgressColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn)

            counted = [MofNCompleteColumn(), TaskProgressColumn(), TextColumn("eta"), TimeRemainingColumn()] \
                if self.total else []
            self._bar = RichProgress(
                SpinnerColumn(), TextColumn(self.label), BarColumn(), *counted,
                TextColumn("{task.fields[stored]} " + ("stored · {task.fields[skipped]} skipped · "
                                                       if self.label == "ingest" else "extracted · ")
                           + "[red]{task.fields[failed]} failed[/] · {task.fields[rate]:.1f} docs/s"),
                TimeElapsedColumn(), console=Console(file=self.stream), transient=True,
                redirect_stdout=False, redirect_stderr=False)  # data stays on stdout
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=self.total, read=0, stored=0, skipped=0, failed=0, rate=0.0)
        return self

    def update(self, stats: IngestStats) -> None:
        """Show the current counts (a bar refresh, or a line every ``interval`` seconds)."""
        now = time.perf_counter()
        elapsed = max(now - self._t0, 1e-9)
        if self.mode == "bar" and self._bar is not None:
            self._bar.update(self._task, completed=stats.read, read=stats.read, stored=stats.stored,
                             skipped=stats.skipped, failed=stats.failed, rate=stats.read / elapsed)
        elif self.mode == "lines" and now - self._last >= self.interval:
            self._last = now
            self.stream.write(f"eventwire: {stats.read} read, {stats.stored} stored, {stats.skipped} skipped, "
                              f"{stats.failed} failed, {stats.read / elapsed:.1f} docs/s\n")
            self.stream.flush()

    def note(self, message: str) -> None:
        """Print one line (a failure) above the bar, or as a line; nothing in "none" mode."""
        if self.mode == "none":
            return
        from ..termsafe import clean

        message = clean(message)
        if self._bar is not None:
            self._bar.console.print(message, markup=False, highlight=False)
        else:
            self.stream.write(message + "\n")
            self.stream.flush()

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


__all__ = ["IngestStats", "Progress"]
