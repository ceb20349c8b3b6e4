"""Fuzz reading, cleaning and extraction with atheris (libFuzzer for Python).

bytes → ``decode`` → ``article_from_text`` → ``Pipeline.run`` (the pipeline is built once).
An :class:`~eventwire.errors.InputError` raised on purpose is fine; anything else is a crash:
an exception escaping the reader, a bug in a stage (``Pipeline.run`` wraps it into an
InputError "stage NAME failed: ..." whose ``__cause__`` is the bug: re-raised here so libFuzzer
records the input and the original traceback), or one input taking longer than ``--hang``
seconds (default 10; SIGALRM).

Run (see fuzz/README.md)::

    python fuzz/fuzz_extract.py fuzz/corpus -max_total_time=300 -max_len=4096

Extra option (before the libFuzzer flags): ``--sections-only`` fuzzes only the reader and the
clean stage (hundreds of times faster, so it goes deeper into clean/sections.py).
"""

from __future__ import annotations

import datetime
import signal
import sys

import atheris

with atheris.instrument_imports(include=["eventwire"]):
    from eventwire.errors import ExtractionError, EventwireError, InputError
    from eventwire.ingest.text import article_from_text, decode
    from eventwire.pipeline import Pipeline

    # Stages import their modules in from_config: build here so those imports are instrumented.
    PIPELINE = Pipeline.from_config()
    # One warm-up document: modules and models some stages load on first use are loaded (and
    # instrumented) now, not inside the first fuzz input's time limit.
    PIPELINE.run(article_from_text("Rebels attacked an army base near Goma on Monday, the army said.", "warm-up"))

SECTIONS_ONLY = "--sections-only" in sys.argv
HANG_SECONDS = 10
for _arg in sys.argv:
    if _arg.startswith("--hang="):
        HANG_SECONDS = int(_arg.split("=", 1)[1])
if SECTIONS_ONLY:
    PIPELINE = Pipeline([s for s in PIPELINE.stages if s.name == "clean"], PIPELINE.kb, PIPELINE.config)
PUBLISHED = datetime.date(2022, 3, 10)
_alarm_installed = False


class Hang(Exception):
    """One input took longer than HANG_SECONDS (raised where the code was, so the traceback shows it)."""


def _alarm(signum, frame):
    raise Hang(f"one input took more than {HANG_SECONDS} s")


def _check_offsets(article) -> None:
    """Every extracted field points at its own words (a wrong offset is a bug, like a crash)."""
    text = article.text
    prev = 0
    for s in article.sections:
        if not (prev <= s.start < s.end <= len(text)) or text[s.start:s.end] != text[s.start:s.end].strip():
            raise AssertionError(f"bad section {s} (previous ended at {prev})")
        prev = s.end
    spans = list(article.entities) + list(article.places) + list(article.quotes) + list(article.dates)
    for ev in article.events:
        spans += ev.mentions + ev.actor + ev.recipient + ([ev.location] if ev.location else [])
    for x in spans:
        if text[x.start:x.end] != x.text:
            raise AssertionError(f"{type(x).__name__} {x.text!r}: text[{x.start}:{x.end}] = {text[x.start:x.end]!r}")


def TestOneInput(data: bytes) -> None:
    global _alarm_installed
    if not _alarm_installed:  # after libFuzzer has set up its own signal handlers
        signal.signal(signal.SIGALRM, _alarm)
        _alarm_installed = True
    try:
        text = decode(data, "fuzz", max_bytes=100_000)
        article = article_from_text(text, "fuzz", PUBLISHED)
    except InputError as exc:
        assert exc.document == "fuzz", exc
        return
    signal.alarm(HANG_SECONDS)
    try:
        try:
            PIPELINE.run(article)
        except ExtractionError as exc:
            raise exc.__cause__ or exc  # a bug in a stage: the original exception and traceback
        except InputError as exc:
            if exc.__cause__ is not None and not isinstance(exc.__cause__, EventwireError):
                raise exc.__cause__  # a bug in a stage: the original exception and traceback
            assert exc.document == "fuzz", exc
            return
        _check_offsets(article)
    finally:
        signal.alarm(0)


def main() -> None:
    argv = [a for a in sys.argv if a != "--sections-only" and not a.startswith("--hang=")]
    if not any(a.startswith("-timeout=") for a in argv):
        argv.append("-timeout=0")  # libFuzzer's timer would share SIGALRM with the hang guard above
    atheris.Setup(argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
