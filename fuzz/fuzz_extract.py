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

import signal
import sys
import time

import atheris

with atheris.instrument_imports(include=["eventwire"]):
    from eventwire.errors import EventwireError, InputError
    from eventwire.ingest.text import article_from_text, decode
    from eventwire.pipeline import Pipeline

    # Stages import their modules in from_config: build here so those imports are instrumented.
    PIPELINE = Pipeline.from_config()

SECTIONS_ONLY = "--sections-only" in sys.argv
HANG_SECONDS = 10
for _arg in sys.argv:
    if _arg.startswith("--hang="):
        HANG_SECONDS = int(_arg.split("=", 1)[1])
STAGES = [s for s in PIPELINE.stages if s.name == "clean"] if SECTIONS_ONLY else PIPELINE.stages
PUBLISHED = __import__("datetime").date(2022, 3, 10)


class Hang(Exception):
    """One input took longer than HANG_SECONDS."""


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
    try:
        text = decode(data, "fuzz", max_bytes=100_000)
        article = article_from_text(text, "fuzz", PUBLISHED)
    except InputError:
        return
    t0 = time.perf_counter()
    signal.alarm(HANG_SECONDS)
    try:
        for st in STAGES:
            try:
                st(article)
            except EventwireError:
                return  # a clean per-document error raised on purpose
        _check_offsets(article)
    finally:
        signal.alarm(0)
    if time.perf_counter() - t0 > HANG_SECONDS:  # pragma: no cover - belt and braces
        raise Hang(f"one input took {time.perf_counter() - t0:.1f} s")


def main() -> None:
    argv = [a for a in sys.argv if a != "--sections-only" and not a.startswith("--hang=")]
    signal.signal(signal.SIGALRM, _alarm)
    atheris.Setup(argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
