"""RSS/Atom feeds (feedparser) and fetching pages the user asked for.

A feed is a URL or a file. Each entry's link is fetched (with a timeout and the
:data:`USER_AGENT`) and read as an HTML page; an entry whose URL is already stored is skipped
before it is fetched. A feed or an entry that cannot be fetched (timeout, HTTP error, refused
connection) becomes an :class:`InputError` naming it, and the other entries go on.

Nothing here touches the network unless a URL was given by the user (a feed URL, or the
entry links of a feed the user gave).
"""

from __future__ import annotations

import datetime as dt
import http.client
import logging
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Callable, Iterator

from .. import __version__
from ..errors import InputError
from .base import HTML_OVERHEAD, MAX_BYTES, TIMEOUT, Item, Skipped
from .html import article_from_html, charset_from_content_type, decode_html

log = logging.getLogger(__name__)

USER_AGENT = f"eventwire/{__version__} (+https://github.com/eventwire)"


@dataclass
class Fetched:
    """A fetched resource: its final URL, body bytes and ``Content-Type`` header; ``status`` 304
    (empty body) when a conditional request found it unchanged; ``headers`` the response's."""

    url: str
    data: bytes
    content_type: str
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


def is_url(value: str) -> bool:
    """True for an ``http://`` or ``https://`` URL."""
    return value.startswith(("http://", "https://"))


def fetch(url: str, timeout: float = TIMEOUT, max_bytes: int = HTML_OVERHEAD * MAX_BYTES,
          headers: dict[str, str] | None = None) -> Fetched:
    """GET a URL with :data:`USER_AGENT`.

    Args:
        url: http(s) URL.
        timeout: seconds allowed for connecting and for each read.
        max_bytes: largest body accepted, in bytes.
        headers: extra request headers (``If-None-Match``, ``If-Modified-Since``: then a 304
            answer is a :class:`Fetched` with status 304 and no body, not an error).

    Raises:
        InputError: timeout, HTTP status >= 400, connection failure, body too large, a malformed
            URL (a space in it, a bad IPv6 host); names the URL.
    """
    try:  # building the request parses the URL: a bad host (``http://[::1/x``) raises there
        req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*", **(headers or {})})
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            data = resp.read(max_bytes + 1)
            ctype = resp.headers.get("Content-Type", "")
            final = resp.geturl()
            got = dict(resp.headers.items())
    except urllib.error.HTTPError as exc:
        if exc.code == 304 and headers:
            return Fetched(url, b"", "", 304, dict(exc.headers.items()) if exc.headers else {})
        raise InputError(url, f"HTTP {exc.code} {exc.reason} when fetching it") from exc
    except (socket.timeout, TimeoutError) as exc:
        raise InputError(url, f"timed out after {timeout:g} s when fetching it (raise it with --timeout)") from exc
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise InputError(url, f"timed out after {timeout:g} s when fetching it (raise it with --timeout)") from exc
        raise InputError(url, f"cannot fetch it: {reason}") from exc
    except (OSError, ValueError, http.client.HTTPException) as exc:
        # connection reset, bad URL (a space in the path is http.client.InvalidURL, neither an
        # OSError nor a ValueError), other http.client errors: one line naming the URL
        raise InputError(url, f"cannot fetch it: {_one_line(exc)}") from exc
    if len(data) > max_bytes:
        raise InputError(url, f"too large: over {max_bytes:,} bytes (raise it with --max-bytes)")
    return Fetched(final, data, ctype, 200, got)


def _one_line(exc: BaseException) -> str:
    """An exception's message on one line (http.client quotes the URL it rejects, newlines and all)."""
    return " ".join(str(exc).split()) or type(exc).__name__


def looks_like_feed(data: bytes, content_type: str = "") -> bool:
    """Sniff RSS/Atom/RDF: by content type or by the root element in the first 2 KiB."""
    ct = content_type.lower()
    if any(t in ct for t in ("rss", "atom", "rdf")):
        return True
    head = data[:2048].lstrip().lower()
    return head.startswith(b"<?xml") and any(t in head for t in (b"<rss", b"<feed", b"<rdf:rdf")) \
        or head.startswith((b"<rss", b"<feed"))


def _entry_date(entry) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed"):
        st = entry.get(key)
        if st:
            return dt.date(st.tm_year, st.tm_mon, st.tm_mday)
    return None


def iter_feed_bytes(data: bytes, name: str, published: dt.date | None = None,
                    max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT,
                    skip_url: Callable[[str], bool] | None = None,
                    fetcher: Callable[..., Fetched] = fetch) -> Iterator[Item]:
    """The entries of a feed document, each fetched and read as an HTML page.

    Args:
        data: the feed XML.
        name: the feed's name (path or URL) for errors.
        published: overrides every entry's date.
        skip_url: ``url -> True`` for URLs already stored (skipped before fetching).
        fetcher: the fetch function (tests substitute it; default :func:`fetch`).

    Yields:
        An Article per entry, a :class:`Skipped` for a stored URL, an InputError per bad entry
        (named by its URL), or one InputError for the feed when it is not a feed.
    """
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        why = f": {parsed.bozo_exception}" if parsed.get("bozo") else ""
        yield InputError(name, f"not an RSS/Atom feed, or a feed with no entries{why}")
        return
    outlet = (parsed.feed.get("title") or "").strip() or None
    for n, entry in enumerate(parsed.entries, 1):
        link = (entry.get("link") or "").strip()
        doc = link or f"{name}#entry {n}"
        pub = published or _entry_date(entry)
        if link and skip_url is not None and skip_url(link):
            yield Skipped(link, "url")
            continue
        try:
            if link and is_url(link):
                got = fetcher(link, timeout=timeout, max_bytes=HTML_OVERHEAD * max_bytes)
                html = decode_html(got.data, link, charset_from_content_type(got.content_type), max_bytes)
            else:
                html = _entry_content(entry)
                if not html:
                    raise InputError(doc, "feed entry has neither a link to fetch nor content")
            art = article_from_html(html, doc, url=link or None, published=pub, max_bytes=max_bytes)
        except InputError as exc:
            yield exc
            continue
        if art.published is None:
            art.published = _entry_date(entry)
        art.title = art.title or (entry.get("title") or "").strip() or None
        art.outlet = art.outlet or outlet
        yield art


def _entry_content(entry) -> str:
    for c in entry.get("content") or []:
        if c.get("value"):
            return c["value"]
    return entry.get("summary") or ""


def iter_feed(source: str, published: dt.date | None = None, max_bytes: int = MAX_BYTES,
              timeout: float = TIMEOUT, skip_url: Callable[[str], bool] | None = None,
              ) -> Iterator[Item]:
    """A feed from a URL or a file: see :func:`iter_feed_bytes`."""
    t0 = time.perf_counter()
    try:
        if is_url(source):
            data = fetch(source, timeout=timeout, max_bytes=HTML_OVERHEAD * max_bytes).data
        else:
            with open(source, "rb") as fh:
                data = fh.read(HTML_OVERHEAD * max_bytes + 1)
    except InputError as exc:
        yield exc
        return
    except OSError as exc:
        yield InputError(source, f"cannot read: {exc.strerror or exc}")
        return
    yield from iter_feed_bytes(data, source, published, max_bytes, timeout, skip_url)
    log.debug("feed %s read in %.2f s", source, time.perf_counter() - t0)
