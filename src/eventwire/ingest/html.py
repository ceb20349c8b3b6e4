"""Saved HTML pages: decode by the declared charset, extract body and metadata with trafilatura.

The Article's text is the page's headline on the first line, a blank line, then the article body
as trafilatura extracts it (one paragraph per line). Offsets count into that text; the page's URL,
title, site name and date go into the Article's fields.

Charset (WHATWG "encoding sniffing", simplified): a byte-order mark wins, then the transport's
charset (HTTP ``Content-Type`` from a WARC record or a fetch), then ``<meta charset>`` /
``<meta http-equiv="Content-Type">`` in the first 4 KiB, then UTF-8; a page that declares
nothing and is not UTF-8 is read as windows-1252, the HTML standard's default for such pages.
"""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import re
import warnings

from ..errors import InputError
from ..model import Article
from .base import HTML_OVERHEAD, MAX_BYTES
from .text import parse_date

log = logging.getLogger(__name__)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
#: Fewer letters than this in the extracted body and the page has no article to read.
MIN_LETTERS = 20


def declared_charset(data: bytes, transport: str | None = None) -> tuple[str | None, int]:
    """The charset a page declares and how many leading bytes (a BOM) to drop.

    Args:
        data: the raw page.
        transport: a charset from the HTTP ``Content-Type`` header, if any.

    Returns:
        ``(codec name or None when nothing is declared, BOM length in bytes)``.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    for cand in (transport, _meta_charset(data[:4096])):
        if cand:
            try:
                return codecs.lookup(cand).name, 0
            except LookupError:
                log.debug("unknown charset %r declared", cand)
    return None, 0


def _meta_charset(head: bytes) -> str | None:
    m = _META_CHARSET.search(head)
    return m.group(1).decode("ascii", "replace") if m else None


def charset_from_content_type(value: str | None) -> str | None:
    """``text/html; charset=ISO-8859-1`` → ``ISO-8859-1`` (None when absent)."""
    if not value:
        return None
    m = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", value, re.I)
    return m.group(1) if m else None


def decode_html(data: bytes, document: str, transport_charset: str | None = None,
                max_bytes: int = MAX_BYTES) -> str:
    """Raw page bytes → str, by the declared charset (see the module docstring).

    Raises:
        InputError: empty, binary (NUL bytes), over ``HTML_OVERHEAD * max_bytes`` bytes, or not
            decodable in the charset it declares.
    """
    limit = HTML_OVERHEAD * max_bytes
    if len(data) > limit:
        raise InputError(document, f"too large: {len(data):,} bytes of HTML, the limit is {limit:,} (raise it with --max-bytes)")
    if not data.strip():
        raise InputError(document, "empty document")
    charset, skip = declared_charset(data, transport_charset)
    if b"\x00" in data[:4096] and not (charset or "").startswith("utf-16"):
        raise InputError(document, "binary data, not an HTML page")
    if charset:
        try:
            return data[skip:].decode(charset)
        except UnicodeDecodeError as exc:
            raise InputError(document, f"declares charset {charset} but byte {exc.start} is not valid {charset}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        log.debug("%s declares no charset and is not UTF-8: reading it as windows-1252", document)
        return data.decode("cp1252", errors="replace")


def _extract(html: str, url: str | None):
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return trafilatura.bare_extraction(
                html, url=url, with_metadata=True, include_comments=False, include_tables=False,
                date_extraction_params={"extensive_search": False, "original_date": True})
        except Exception as exc:  # trafilatura/lxml raise many types on malformed markup
            log.debug("trafilatura failed on %s: %s", url, exc)
            return None


def article_from_html(html: str, source: str, url: str | None = None,
                      published: dt.date | None = None, max_bytes: int = MAX_BYTES) -> Article:
    """Extract an Article from a decoded HTML page.

    Args:
        html: the page as text.
        source: the document name (path, URL, ``warc:FILE#N``).
        url: the page's URL (helps trafilatura; default: the page's canonical URL if any).
        published: overrides the date found in the page.
        max_bytes: limit on the extracted text, in bytes of UTF-8.

    A page nested deeper than libxml2 reads (256 levels) is read again flattened
    (:mod:`eventwire.ingest.flatten`) when the first reading finds no text.

    Raises:
        InputError: nothing extractable (broken page, no article text), or too large.
    """
    doc = _extract(html, url)
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if sum(c.isalpha() for c in body) < MIN_LETTERS:
        from .flatten import LIBXML2_MAX_DEPTH, flatten, nesting_depth

        if nesting_depth(html) >= LIBXML2_MAX_DEPTH - 1:  # lxml dropped what lies deeper: read it flat
            log.debug("%s: nested %d+ deep; extracting from a flattened page", source, LIBXML2_MAX_DEPTH)
            doc = _extract(flatten(html), url)
            body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if sum(c.isalpha() for c in body) < MIN_LETTERS:
        raise InputError(source, "no article text could be extracted from this HTML (broken markup, or a page without an article body)")
    title = (doc.title or "").strip() or None
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
    if title and lines and lines[0] == title:
        lines = lines[1:]
    text = "\n\n".join(([title] if title else []) + lines) + "\n"
    if len(text.encode("utf-8")) > max_bytes:
        raise InputError(source, f"too large: the extracted text is over {max_bytes:,} bytes (raise it with --max-bytes)")
    pub = published
    if pub is None and doc.date:
        try:
            pub = parse_date(doc.date)
        except ValueError:
            log.debug("%s: unreadable date %r", source, doc.date)
    outlet = (doc.sitename or doc.hostname or "").strip() or None
    return Article(text=text, source=source, url=url or doc.url, title=title, outlet=outlet,
                   published=pub, language=None)


def read_html(data: bytes, source: str, url: str | None = None, published: dt.date | None = None,
              transport_charset: str | None = None, max_bytes: int = MAX_BYTES) -> Article:
    """Raw page bytes → Article (:func:`decode_html` then :func:`article_from_html`).

    Raises:
        InputError: see both functions; the error names ``source``.
    """
    html = decode_html(data, source, transport_charset, max_bytes)
    return article_from_html(html, source, url=url, published=published, max_bytes=max_bytes)


def read_html_file(path, published: dt.date | None = None, max_bytes: int = MAX_BYTES) -> Article:
    """Read one saved HTML page from disk. Raises :class:`InputError` naming the path."""
    from pathlib import Path

    name = str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > HTML_OVERHEAD * max_bytes:
            raise InputError(name, f"too large: {size:,} bytes of HTML, the limit is {HTML_OVERHEAD * max_bytes:,} (raise it with --max-bytes)")
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from exc
    return read_html(data, name, published=published, max_bytes=max_bytes)
