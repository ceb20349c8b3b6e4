"""What ``eventwire watch`` remembers about each feed: the ``feeds`` table (docs/schema.md).

One row per feed URL (or feed file path): the validators of its last answer (``ETag``,
``Last-Modified``) for conditional requests, when it was last checked and last read without
error, its status, how many errors in a row (the backoff), when it is next due, and how many
articles it brought in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from ..store import schema


@dataclass
class FeedState:
    """The ``feeds`` row of one feed.

    Attributes:
        url: the feed's URL or file path, as given.
        etag, last_modified: validators of its last 200 answer (sent back as ``If-None-Match`` /
            ``If-Modified-Since``); for a file, ``last_modified`` holds its mtime in ns.
        last_checked, last_ok: when it was last requested / last answered without error (UTC).
        status: "ok", "not modified", or the one-line error of the last check.
        errors_in_row: failed checks since the last good one (0 when healthy).
        next_check: when it is due again (UTC); None: now.
        articles: articles stored from it so far.
    """

    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_checked: dt.datetime | None = None
    last_ok: dt.datetime | None = None
    status: str | None = None
    errors_in_row: int = 0
    next_check: dt.datetime | None = None
    articles: int = 0

    def due(self, now: dt.datetime) -> bool:
        return self.next_check is None or self.next_check <= now


_COLS = [f.name for f in fields(FeedState)]
assert _COLS == schema.columns("feeds"), "FeedState and the feeds table must list the same columns"


def load(con, urls: list[str]) -> dict[str, FeedState]:
    """The stored state of these feeds (a fresh state for a feed not seen before)."""
    out = {u: FeedState(u) for u in urls}
    if urls:
        for r in con.execute(f"SELECT {', '.join(_COLS)} FROM feeds WHERE list_contains(?, url)", [urls]).fetchall():
            st = FeedState(*r)
            for k in ("last_checked", "last_ok", "next_check"):
                v = getattr(st, k)
                if v is not None and v.tzinfo is None:
                    setattr(st, k, v.replace(tzinfo=dt.timezone.utc))
            out[st.url] = st
    return out


def save(con, state: FeedState) -> None:
    """Insert or replace one feed's row."""
    schema.insert_rows(con, "feeds", [[getattr(state, c) for c in _COLS]], replace=True)


def feed_rows(cur) -> list[dict]:
    """Every feed row as JSON-able dicts (for ``/api/stats``)."""
    out = []
    for r in cur.execute(f"SELECT {', '.join(_COLS)} FROM feeds ORDER BY url").fetchall():
        d = dict(zip(_COLS, r))
        for k in ("last_checked", "last_ok", "next_check"):
            d[k] = d[k].isoformat() if d[k] else None
        out.append(d)
    return out
