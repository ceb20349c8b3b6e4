"""Choosing stored articles to re-extract, and reading them back as Articles.

``eventwire reprocess`` selects articles with a few safe filters (:class:`ArticleFilter`: every
value is a query parameter, never SQL text) and, unless told to redo all, only those whose
stored provenance differs from the current one (:mod:`eventwire.provenance`). Each is read back
from its stored text and metadata (:func:`load_article`) and re-extracted; the runner
(:mod:`eventwire.runners.reprocess`) writes each with :meth:`Store.replace_article`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from ..errors import StorageError
from ..model import Article
from ..provenance import Provenance
from .queries import _date, like


@dataclass
class ArticleFilter:
    """Which stored articles to re-extract (all given filters combine with AND).

    Attributes:
        since, until: publication date range, inclusive (``YYYY-MM-DD``; ``YYYY-MM`` or
            ``YYYY`` for a whole month or year); articles with no date never match.
        outlet: the outlet's name, case-insensitive, exactly.
        version: the eventwire version that made the stored extraction; ``unknown`` matches
            extractions that did not record it.
        ids: article ids (content hashes) or input ids (a JSONL/CSV record's own id).
        source: a part of the source (path, URL, ``csv:FILE#ID``), literally, case-insensitive.
    """

    since: str | dt.date | None = None
    until: str | dt.date | None = None
    outlet: str | None = None
    version: str | None = None
    ids: list[str] = field(default_factory=list)
    source: str | None = None

    def sql(self) -> tuple[str, list]:
        """WHERE clause over ``articles a`` and its parameters.

        Raises:
            StorageError: a date that is not one.
        """
        where, params = ["TRUE"], []
        s, u = _date(self.since, "since"), _date(self.until, "until")
        if s:
            where.append("a.published >= ?")
            params.append(s)
        if u:
            where.append("a.published <= ?")
            params.append(u)
        if self.outlet:
            where.append("lower(a.outlet) = lower(?)")
            params.append(self.outlet)
        if self.version:
            if self.version.lower() == "unknown":
                where.append("a.eventwire IS NULL")
            else:
                where.append("a.eventwire = ?")
                params.append(self.version)
        if self.ids:
            where.append("(list_contains(?::VARCHAR[], a.id) OR list_contains(?::VARCHAR[], a.input_id))")
            params += [list(self.ids), list(self.ids)]
        if self.source:
            where.append("a.source ILIKE ? ESCAPE '\\'")
            params.append(like(self.source))
        return " AND ".join(where), params


@dataclass
class Selection:
    """The articles a reprocess run will re-extract.

    Attributes:
        todo: content hashes to re-extract, in id order.
        matched: articles the filter matched.
        current: matched articles already made by the current provenance (not redone).
    """

    todo: list[str]
    matched: int
    current: int


def select(con, flt: ArticleFilter, now: Provenance, everything: bool = False,
           published: dt.date | None = None) -> Selection:
    """The articles matching ``flt`` whose extraction differs from what ``now`` would make.

    Args:
        con: an open DuckDB connection to the store.
        flt: the filters.
        now: the current provenance (its ``published`` option only counts when ``published`` is
            given: without ``--published`` each article keeps its stored date and option).
        everything: re-extract every matched article, current or not.
        published: the ``--published`` override of this run, or None.

    Raises:
        StorageError: a bad filter value.
    """
    where, params = flt.sql()
    rows = con.execute(f"SELECT a.id, a.eventwire, a.knowledge_hash, a.options, a.published FROM articles a "
                       f"WHERE {where} ORDER BY a.id", params).fetchall()
    todo = []
    for aid, version, khash, options, pub in rows:
        if everything or stale(now, version, khash, options, published, pub):
            todo.append(aid)
    return Selection(todo, len(rows), len(rows) - len(todo))


def options_for(now: Provenance, stored_options: str | None, published: dt.date | None) -> Provenance:
    """The provenance a re-extraction records: ``now``, whose ``published`` option is this run's
    ``--published`` when given, else the article's stored one (its date is kept)."""
    if published is not None:
        return now
    try:
        old = json.loads(stored_options) if stored_options else {}
    except ValueError:
        old = {}
    opts = dict(now.options, published=(old or {}).get("published") if isinstance(old, dict) else None)
    return Provenance(now.version, now.knowledge_hash, opts)


def stale(now: Provenance, version: str | None, khash: str | None, options: str | None,
          published: dt.date | None, stored_published: dt.date | None) -> bool:
    """True when a stored extraction differs from the one this run would make."""
    want = options_for(now, options, published)
    if published is not None and stored_published != published:
        return True
    return bool(want.differences(version, khash, options))


_ARTICLE_COLS = "id, input_id, source, url, title, outlet, published, language, text, body_start, meta, options"


def load_article(con, content_hash: str, published: dt.date | None = None) -> tuple[Article, str | None]:
    """A stored article as an unprocessed :class:`Article` (text and reader fields only), and
    its stored options JSON.

    Args:
        con: an open connection.
        content_hash: the article's id.
        published: a date to set instead of the stored one (``--published``).

    Raises:
        StorageError: no such article, or its stored text no longer hashes to its id.
    """
    row = con.execute(f"SELECT {_ARTICLE_COLS} FROM articles WHERE id = ?", [content_hash]).fetchone()
    if row is None:
        raise StorageError(f"article {content_hash}: not in the store")
    (aid, input_id, source, url, title, outlet, pub, language, text, body_start, meta, options) = row
    try:
        meta_d = json.loads(meta) if meta else {}
    except ValueError:
        meta_d = {}
    art = Article(text=text, id=input_id or "", source=source or "", url=url, title=title, outlet=outlet,
                  published=published or pub, language=language or "en", body_start=body_start or 0,
                  meta=meta_d if isinstance(meta_d, dict) else {})
    if art.hash != aid:
        raise StorageError(f"article {aid}: its stored text hashes to {art.hash}; not re-extracted")
    return art, options
