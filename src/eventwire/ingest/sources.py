"""One entry point for every kind of input: a SOURCE argument → Articles, errors and skips.

:func:`iter_source` picks the reader:

====================================  =====================================================
SOURCE                                reader
====================================  =====================================================
``-``                                 standard input, as a text document
``http(s)://...``                     fetched; an RSS/Atom feed (by content type or root
                                      element) → :mod:`.feeds`, else an HTML page
directory                             every file below it, sorted, by suffix (files with
                                      other suffixes are skipped; hidden files,
                                      ``*.gold.json`` and ``INDEX.md`` too)
``*.warc``, ``*.warc.gz``             :mod:`.warc`
``*.html``, ``*.htm``                 :mod:`.html`
``*.rss``, ``*.atom``, ``*.xml``      :mod:`.feeds` (entries fetched)
``*.jsonl``, ``*.csv``, ``*.tsv``     :mod:`.dataset` (with the column mapping)
``*.txt``, ``*.md``, no suffix        :mod:`.text` (optional header block)
any other file named explicitly       sniffed: WARC, HTML or feed by its first bytes, else text
====================================  =====================================================

Every item is an :class:`~eventwire.model.Article`, an :class:`~eventwire.errors.InputError`
naming the bad document, or a :class:`Skipped` (its URL is already stored).
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from ..errors import InputError
from ..model import Article
from .dataset import DATASET_SUFFIXES, iter_dataset
from .feeds import FEED_SUFFIXES, TIMEOUT, Skipped, fetch, is_url, iter_feed, iter_feed_bytes, looks_like_feed
from .html import HTML_OVERHEAD, HTML_SUFFIXES, read_html, read_html_file
from .text import MAX_BYTES, TEXT_SUFFIXES, article_from_text, decode
from .warc import is_warc_name, iter_warc, sniff_warc

log = logging.getLogger(__name__)

Item = Article | InputError | Skipped

__all__ = ["SourceOptions", "Skipped", "Item", "iter_source", "iter_sources", "kind_of"]


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
    if is_warc_name(name):
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


def _sniff(path: Path) -> str:
    try:
        with open(path, "rb") as fh:
            head = fh.read(2048)
    except OSError:
        return "text"  # the text reader reports the error
    low = head.lstrip().lower()
    if sniff_warc(head):
        return "warc"
    if looks_like_feed(head):
        return "feed"
    if low.startswith((b"<!doctype html", b"<html")) or b"<html" in low[:512]:
        return "html"
    return "text"


def read_text(path: Path, opts: SourceOptions) -> Article:
    """A text file, its size checked before it is read (a 50 MB file is never loaded whole)."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > opts.max_bytes:
            raise InputError(name, f"too large: {size:,} bytes, the limit is {opts.max_bytes:,} (raise it with --max-bytes)")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from exc
    return article_from_text(decode(data, name, opts.max_bytes), name, opts.published)


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
                   else read_text(path, opts))
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
    from .html import charset_from_content_type

    try:
        yield read_html(got.data, url, url=url, published=opts.published,
                        transport_charset=charset_from_content_type(got.content_type), max_bytes=opts.max_bytes)
    except InputError as exc:
        yield exc


def dir_files(p: Path) -> Iterator[tuple[Path, str]]:
    """The files of a directory that are read, in sorted order, with their reader kind (hidden
    files, ``*.gold.json``, ``INDEX.md`` and unknown suffixes are skipped)."""
    for f in sorted(f for f in p.rglob("*") if f.is_file()):
        rel = f.relative_to(p)
        if any(part.startswith(".") for part in rel.parts) or f.name.endswith(".gold.json") \
                or f.name == "INDEX.md":
            continue
        kind = kind_of(f)
        if kind is None:
            log.debug("skipping %s: not a known input type", f)
            continue
        yield f, kind


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
    if p.is_dir():
        for f, kind in dir_files(p):
            yield from _read_file(f, kind, opts)
        return
    if not p.exists():
        yield InputError(source, "no such file or directory")
        return
    yield from _read_file(p, kind_of(p) or _sniff(p), opts)


def iter_sources(sources: list[str], opts: SourceOptions | None = None) -> Iterator[Item]:
    """:func:`iter_source` over several SOURCE arguments, in order."""
    for s in sources:
        yield from iter_source(s, opts)
