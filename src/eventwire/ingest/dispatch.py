"""The one input dispatcher of ``extract`` and ``ingest``: a SOURCE argument → Articles, errors
and skips.

:func:`iter_source` decides which reader runs, by the argument (``-``, URL, directory, file), then
by the file's name (:func:`kind_of`), then, for a file named explicitly whose suffix says
nothing, by its first bytes (:func:`sniff`):

====================================  =====================================================
SOURCE                                reader
====================================  =====================================================
``-``                                 standard input, as a text document
``http(s)://...``                     fetched; an RSS/Atom feed (by content type or root
                                      element) → :mod:`.feeds`, else an HTML page
directory                             every file below it, sorted, by suffix (files with
                                      other suffixes, such as ``*.gold.json``, are
                                      skipped; hidden files and ``INDEX.md`` too)
``*.warc``, ``*.warc.gz``, ``*.arc``  :mod:`.warc`
``*.html``, ``*.htm``, ``*.xhtml``,   :mod:`.html` (body and metadata by trafilatura)
``*.shtml``
``*.rss``, ``*.atom``, ``*.xml``,     :mod:`.feeds` (entries fetched)
``*.feed``
``*.jsonl``, ``*.ndjson``, ``*.csv``, :mod:`.dataset` (with the column mapping)
``*.tsv``
``*.txt``, ``*.text``, ``*.md``, no   :mod:`.text` (optional header block)
suffix
any other file named explicitly       sniffed: WARC, feed or HTML by its first bytes, else
                                      text
====================================  =====================================================

Every item is an :class:`~eventwire.model.Article`, an :class:`~eventwire.errors.InputError`
naming the bad document, or a :class:`~eventwire.ingest.base.Skipped` (its URL is already
stored; only when :attr:`SourceOptions.skip_url` is given).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from ..errors import InputError
from .base import HTML_OVERHEAD, MAX_BYTES, TIMEOUT, Item, Skipped
from .dataset import iter_dataset
from .feeds import fetch, is_url, iter_feed, iter_feed_bytes, looks_like_feed
from .html import charset_from_content_type, read_html, read_html_file
from .text import article_from_text, decode, read_text_file
from .warc import iter_warc, sniff_warc

log = logging.getLogger(__name__)

__all__ = ["SourceOptions", "Skipped", "Item", "iter_source", "iter_sources", "kind_of", "sniff",
           "missing_paths"]

#: File name endings → reader (checked in this order; the first match wins).
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml", ".feed"}
DATASET_SUFFIXES = {".jsonl", ".ndjson", ".csv", ".tsv"}
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
#: Bytes read from the start of a file of unknown kind to tell what it is.
SNIFF_BYTES = 2048


@dataclass
class SourceOptions:
    """How sources are read.

    Attributes:
        published: publication date that overrides what the documents say.
        max_bytes: largest text of one document, in bytes (raw HTML may be 4x that).
        mapping: dataset field → column (``--map``).
        timeout: network timeout for URLs and feed entries, in seconds.
        skip_url: ``url -> True`` when the URL is already stored (checked before fetching).
    """

    published: dt.date | None = None
    max_bytes: int = MAX_BYTES
    mapping: dict[str, str] | None = None
    timeout: float = TIMEOUT
    skip_url: Callable[[str], bool] | None = None


def kind_of(path: Path) -> str | None:
    """The reader for a file by its name: warc, html, feed, dataset, text, or None (unknown)."""
    name = path.name.lower()
    suffix = path.suffix.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in FEED_SUFFIXES:
        return "feed"
    if suffix in DATASET_SUFFIXES:
        return "dataset"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return None


def sniff(path: Path) -> str:
    """The reader for a file by its first :data:`SNIFF_BYTES` bytes: warc, feed, html or text
    (text also when the file cannot be read: the text reader then reports why)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError:
        return "text"
    low = head.lstrip().lower()
    if sniff_warc(head):
        return "warc"
    if looks_like_feed(head):
        return "feed"
    if low.startswith((b"<!doctype html", b"<html")) or b"<html" in low[:512]:
        return "html"
    return "text"


def missing_paths(sources: list[str]) -> list[str]:
    """The SOURCE arguments that name a file or directory that does not exist (not ``-``, not
    URLs): ``ingest`` refuses to start on them rather than create a database for nothing."""
    return [s for s in sources if s != "-" and not is_url(s) and _state(Path(s)) == "missing"]


def is_directory(source: str) -> bool:
    """Whether a SOURCE argument names a directory (False, not an error, when it cannot be read:
    reading it reports why)."""
    return _state(Path(source)) == "dir"


def _state(p: Path) -> str:
    """What a path is, without raising: "dir", "file", "missing", or "unreadable: <reason>" (a
    directory on the way that cannot be searched, a directory that cannot be listed)."""
    try:
        if p.is_dir():
            os.scandir(p).close()
            return "dir"
        return "file" if p.exists() else "missing"
    except OSError as exc:
        return f"unreadable: {exc.strerror or exc}"


def _read_file(path: Path, kind: str, opts: SourceOptions) -> Iterator[Item]:
    if kind == "warc":
        yield from iter_warc(str(path), opts.published, opts.max_bytes, opts.skip_url)
    elif kind == "feed":
        yield from iter_feed(str(path), opts.published, opts.max_bytes, opts.timeout, opts.skip_url)
    elif kind == "dataset":
        yield from iter_dataset(path, opts.mapping, opts.published, opts.max_bytes)
    else:
        try:
            yield (read_html_file(path, opts.published, opts.max_bytes) if kind == "html"
                   else read_text_file(path, opts.published, opts.max_bytes))
        except InputError as exc:
            yield exc


def _read_url(url: str, opts: SourceOptions) -> Iterator[Item]:
    if opts.skip_url is not None and opts.skip_url(url):
        yield Skipped(url, "url")
        return
    try:
        got = fetch(url, timeout=opts.timeout, max_bytes=HTML_OVERHEAD * opts.max_bytes)
    except InputError as exc:
        yield exc
        return
    if looks_like_feed(got.data, got.content_type):
        yield from iter_feed_bytes(got.data, url, opts.published, opts.max_bytes, opts.timeout, opts.skip_url)
        return
    try:
        yield read_html(got.data, url, url=url, published=opts.published,
                        transport_charset=charset_from_content_type(got.content_type), max_bytes=opts.max_bytes)
    except InputError as exc:
        yield exc


#: Most skipped file names a directory's warning lists.
SKIPPED_NAMED = 3


def dir_files(p: Path, report: bool = False,
              unreadable: list | None = None) -> Iterator[tuple[Path, str]]:
    """The files of a directory that are read, in sorted order, with their reader kind (hidden
    files, ``*.gold.json``, ``INDEX.md`` and unknown suffixes are skipped). With ``report``, one
    warning at the end counts the files skipped for an unknown suffix (gold files aside) and
    names the first :data:`SKIPPED_NAMED`, so that a user sees why a file was not read.
    ``unreadable``, when given, receives ``(directory, reason)`` for each subdirectory that
    cannot be listed (os.walk's errors), which are otherwise skipped."""
    unknown: list[Path] = []

    def failed(exc: OSError) -> None:
        if unreadable is not None:
            unreadable.append((Path(exc.filename or p), exc.strerror or str(exc)))

    found = []
    for root, dirs, files in os.walk(p, onerror=failed):
        dirs.sort()
        for name in files:
            f = Path(root) / name
            try:
                if f.is_file():
                    found.append(f)
            except OSError:
                continue
    for f in sorted(found):
        rel = f.relative_to(p)
        if any(part.startswith(".") for part in rel.parts) or f.name == "INDEX.md":
            continue
        kind = kind_of(f)  # None for *.gold.json and other unknown suffixes
        if kind is None:
            log.debug("skipping %s: not a known input type", f)
            if not f.name.endswith(".gold.json"):
                unknown.append(rel)
            continue
        yield f, kind
    if report and unknown:
        from ..termsafe import clean

        names = ", ".join(clean(str(r)) for r in unknown[:SKIPPED_NAMED]) + (", ..." if len(unknown) > SKIPPED_NAMED else "")
        log.warning("%s: skipped %d file(s) of no known input type (%s); name a file to read it",
                    clean(str(p)), len(unknown), names)


def iter_source(source: str, opts: SourceOptions | None = None) -> Iterator[Item]:
    """Everything one SOURCE argument holds (see the module docstring for the dispatch).

    Args:
        source: ``-``, a URL, a directory or a file, as the user wrote it.
        opts: reading options; default :class:`SourceOptions`.

    Yields:
        Articles, InputErrors (one per bad document, naming it) and Skipped items.
    """
    opts = opts or SourceOptions()
    if source == "-":
        try:
            yield article_from_text(decode(sys.stdin.buffer.read(), "<stdin>", opts.max_bytes), "-", opts.published)
        except InputError as exc:
            yield exc
        return
    if is_url(source):
        yield from _read_url(source, opts)
        return
    p = Path(source)
    state = _state(p)
    if state.startswith("unreadable"):
        yield InputError(source, f"cannot read: {state.split(': ', 1)[1]}")
        return
    if state == "dir":
        unreadable: list[tuple[Path, str]] = []
        for f, kind in dir_files(p, report=True, unreadable=unreadable):
            yield from _read_file(f, kind, opts)
        for d, why in unreadable:  # a subdirectory that cannot be listed: named, not skipped silently
            yield InputError(str(d), f"cannot read: {why}")
        return
    if state == "missing":
        yield InputError(source, "no such file or directory")
        return
    yield from _read_file(p, kind_of(p) or sniff(p), opts)


def iter_sources(sources: list[str], opts: SourceOptions | None = None) -> Iterator[Item]:
    """:func:`iter_source` over several SOURCE arguments, in order."""
    for s in sources:
        yield from iter_source(s, opts)
