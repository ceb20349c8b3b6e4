"""WARC and WARC.gz files (warcio), the format of Common Crawl's CC-NEWS.

Only ``response`` records with HTTP status 200 and an HTML content type are read; each is decoded
by its declared charset (HTTP header, BOM, ``<meta charset>``) and extracted like a saved page
(:mod:`eventwire.ingest.html`). The crawl date (``WARC-Date``) is never used as the publication
date: relative dates would then be read against the wrong day (the project design brief, DESIGN.md, "wrong date").

A corrupt record (bad gzip member, bad headers, a block digest that does not match) becomes an
:class:`InputError` named ``warc:FILE@OFFSET`` and reading goes on at the next record found
after it (a gzip member start for ``.warc.gz``, a ``WARC/1.`` line otherwise).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import zlib
from typing import BinaryIO, Callable, Iterator

from ..errors import InputError
from ..model import Article
from .base import MAX_BYTES, Item, Skipped
from .html import article_from_html, charset_from_content_type, decode_html

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_LINE = b"WARC/1."
_SCAN_CHUNK = 1 << 20


def sniff_warc(head: bytes) -> bool:
    """True when the first bytes are a WARC record or a gzip member (.warc.gz)."""
    return head.startswith(_WARC_LINE) or head.startswith(_GZIP_MAGIC)


def _next_start(fh: BinaryIO, start: int, gz: bool) -> int | None:
    """The offset of the next plausible record start at or after ``start``, or None at EOF."""
    needle = _GZIP_MAGIC if gz else b"\n" + _WARC_LINE
    pos = start
    while True:
        fh.seek(pos)
        chunk = fh.read(_SCAN_CHUNK + len(needle))
        if not chunk:
            return None
        i = chunk.find(needle)
        if i >= 0:
            return pos + i + (0 if gz else 1)
        if len(chunk) <= len(needle):
            return None
        pos += _SCAN_CHUNK


def _clean_reason(exc: Exception) -> str:
    """A printable one-line reason (warcio quotes the record's raw first line, often binary)."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if "first line:" in text:
        text = text.split("first line:")[0].strip().rstrip(",") + " (bad gzip member or record header)"
    return "".join(c if c.isprintable() else "?" for c in text)[:200]


def _gzip_cut_off(fh: BinaryIO, chunk: int = 1 << 20) -> bool:
    """True when the file's last gzip member has no trailer: the file was cut off. A member cut
    mid-way still decompresses, so warcio reads its record as if it were whole and stops. False
    also when a corrupt member makes it impossible to tell (that is reported as corrupt)."""
    fh.seek(0)
    d, fed = zlib.decompressobj(31), False
    while True:
        data = fh.read(chunk)
        if not data:
            return fed and not d.eof
        while data:
            if d.eof:
                d, fed = zlib.decompressobj(31), False
            try:
                d.decompress(data)
            except zlib.error:
                return False
            fed = True
            data = d.unused_data if d.eof else b""


def _truncated(rec) -> int:
    """Bytes of the record's block (its Content-Length) the file does not hold, 0 when whole.
    warcio reads a cut-off record without complaint; its length-limited stream still owes them."""
    stream = getattr(rec, "raw_stream", None)
    while stream is not None and not hasattr(stream, "limit"):
        stream = getattr(stream, "stream", None)
    left = getattr(stream, "limit", 0) if stream is not None else 0
    return left if isinstance(left, int) and left > 0 else 0


def _record_article(rec, doc: str, published: dt.date | None, max_bytes: int) -> Article | None:
    """One WARC record → Article, None when it is not an HTML 200 response (skipped quietly).

    Raises:
        InputError: the record is HTML but unusable (digest mismatch, charset, nothing extractable).
    """
    if rec.rec_type != "response" or rec.http_headers is None:
        return None
    uri = rec.rec_headers.get_header("WARC-Target-URI")
    status = rec.http_headers.get_statuscode()
    ctype = rec.http_headers.get_header("Content-Type") or ""
    if status != "200" or not ctype.lower().split(";")[0].strip() in HTML_TYPES:
        return None
    data = rec.content_stream().read(4 * max_bytes + 1)
    html = decode_html(data, doc, charset_from_content_type(ctype), max_bytes)
    return article_from_html(html, doc, url=uri, published=published, max_bytes=max_bytes)


def iter_warc(path: str, published: dt.date | None = None, max_bytes: int = MAX_BYTES,
              skip_url: Callable[[str], bool] | None = None, name: str | None = None) -> Iterator[Item]:
    """The HTML pages of a WARC file, one Article each.

    Args:
        path: a ``.warc`` or ``.warc.gz`` file.
        published: overrides the date found in each page.
        max_bytes: limit on one page's extracted text, in bytes (raw HTML: 4x that).
        skip_url: ``url -> True`` for URLs to skip (already stored) before extracting.
        name: the file's name in documents and errors (default: ``path``; a copy read from
            elsewhere keeps its original name).

    Yields:
        Articles (``source`` is ``warc:FILE@OFFSET``, ``url`` the target URI), Skipped entries,
        and InputErrors for bad records; reading goes on after each.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    name = name or str(path)
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield InputError(name, f"cannot read: {exc.strerror or exc}")
        return
    with fh:
        gz = fh.read(3) == _GZIP_MAGIC
        fh.seek(0)
        if not sniff_warc(fh.read(8)):
            yield InputError(name, "not a WARC file (no WARC/1.x record at its start)")
            return
        pos = 0
        while pos is not None:
            fh.seek(pos)
            it = ArchiveIterator(fh, check_digests=True)
            good_end = pos
            try:
                for rec in it:
                    off = pos + it.offset  # the current record's start (before read_to_end)
                    doc = f"warc:{name}@{off}"
                    uri = rec.rec_headers.get_header("WARC-Target-URI")
                    if uri and skip_url is not None and rec.rec_type == "response" and skip_url(uri):
                        item = Skipped(uri, "url")
                    else:
                        try:
                            item = _record_article(rec, doc, published, max_bytes)
                        except InputError as exc:
                            item = exc
                    it.read_to_end(rec)
                    if rec.rec_headers.get_header("Content-Length") is None:
                        yield InputError(doc, "truncated WARC record: its header ends before Content-Length")
                        return
                    if _truncated(rec):
                        yield InputError(doc, f"truncated WARC record ({uri or rec.rec_type}): the file "
                                              f"ends {_truncated(rec):,} bytes before the record does")
                        return
                    good_end = pos + it.get_record_offset() + it.get_record_length()
                    checker = getattr(rec, "digest_checker", None)
                    if checker is not None and checker.passed is False:
                        item = InputError(doc, f"corrupt WARC record ({uri}): "
                                               f"{'; '.join(checker.problems) or 'digest mismatch'}")
                    if item is not None:
                        yield item
                size = os.fstat(fh.fileno()).st_size
                if gz and _gzip_cut_off(fh):
                    yield InputError(f"warc:{name}@{good_end}", "truncated WARC file: its last gzip "
                                     "member is cut off (no gzip trailer); records after it are lost")
                    return
                fh.seek(good_end)
                if good_end < size and fh.read(4096).strip(b"\r\n\t \x00"):
                    # bytes left that make no whole record (not just padding): a cut-off file
                    yield InputError(f"warc:{name}@{good_end}", f"truncated WARC file: the last "
                                     f"{size - good_end:,} bytes are an incomplete record")
                return
            except (ArchiveLoadFailed, StatusAndHeadersParserException, zlib.error, EOFError,
                    ValueError, UnicodeDecodeError, AttributeError, TypeError, IndexError, KeyError) as exc:
                # warcio raises AttributeError/TypeError on a record cut inside its headers
                reason = _clean_reason(exc)
                yield InputError(f"warc:{name}@{good_end}", f"corrupt WARC record: {reason}; skipped to the next record")
                pos = _next_start(fh, good_end + 1, gz)
                log.debug("%s: resuming at byte %s", name, pos)
