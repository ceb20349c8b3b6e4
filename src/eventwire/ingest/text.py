"""Plain-text articles: decoding, the optional header block, publication dates.

A text file may open with a header block: ``key: value`` lines (``url``, ``outlet``,
``published``, ``title``, ``topic``, ...) ended by a line ``---`` (the format of
../shared/corpus/news). Offsets always count from the first character of the file.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..errors import InputError
from ..model import Article
from .base import MAX_BYTES

_HEADER_LINE = re.compile(r"^([A-Za-z_][\w-]{0,30}):[ \t]*(.*)$")


#: Publication years a date may have: relative dates ("next week", "in 2 years") are computed
#: from it, so the ends of Python's calendar (years 1 and 9999) would overflow.
YEARS = (100, 9899)


def parse_date(value: str | None) -> dt.date | None:
    """ISO ``YYYY-MM-DD`` (an ISO timestamp gives its date); None for '', 'unknown'.

    Raises:
        ValueError: a value that is neither empty/unknown nor an ISO date, or a date whose year
            lies outside :data:`YEARS`.
    """
    if value is None:
        return None
    value = str(value).strip()
    if not value or value.lower() in {"unknown", "none", "null", "n/a"}:
        return None
    if len(value) > 10:  # a timestamp: the whole of it must be one ("2022-03-10garbage" is not)
        try:
            day = dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            if not _TIME_AFTER_DATE.match(value[10:]):
                raise
            day = dt.date.fromisoformat(value[:10])  # "2024-05-31 10:00 UTC"
    else:
        day = dt.date.fromisoformat(value)
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise ValueError(f"year {day.year} is outside {YEARS[0]}-{YEARS[1]}")
    return day


#: A clock time after the date of a timestamp, with anything after it (a zone name).
_TIME_AFTER_DATE = re.compile(r"[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:\.\d+)?(?:\s|Z|[+-]|$)")


def decode(data: bytes, document: str, max_bytes: int = MAX_BYTES) -> str:
    """Bytes of a text document → str, or :class:`InputError` saying why not.

    Rejects: empty (or whitespace-only) input, more than ``max_bytes`` bytes, binary data (NUL
    bytes or over 10% control characters in the first 8 KiB), text that is not UTF-8.
    A UTF-8 byte-order mark is dropped.
    """
    if len(data) > max_bytes:
        raise InputError(document, f"too large: {len(data):,} bytes, the limit is {max_bytes:,} (raise it with --max-bytes)")
    if not data.strip():
        raise InputError(document, "empty document")
    head = data[:8192]
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if b"\x00" in head or controls > len(head) * 0.1:
        raise InputError(document, "binary data, not a text document")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(document, f"not UTF-8 text (invalid byte at offset {exc.start}); convert it with iconv") from exc
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError(document, "empty document")
    return text


def article_from_text(text: str, source: str, published: dt.date | None = None,
                      id: str | None = None, **fields) -> Article:
    """Build an Article from a text, reading an optional header block.

    Args:
        text: the whole document.
        source: its name as given (path, ``-``, ``jsonl:FILE#ID``).
        published: overrides a header ``published`` value when given.
        id: the input's own id; default the content hash.
        fields: url, title, outlet: override header values.

    Raises:
        InputError: the header's ``published`` is not a date.
    """
    meta: dict[str, str] = {}
    body_start = 0
    lines = text.split("\n")
    if lines and _HEADER_LINE.match(lines[0]):
        pos = 0
        for i, line in enumerate(lines[:40]):
            if line.strip() == "---":
                body_start = pos + len(line) + 1
                break
            m = _HEADER_LINE.match(line)
            if not m:
                meta = {}
                break
            meta[m.group(1).lower()] = m.group(2).strip()
            pos += len(line) + 1
        else:
            meta = {}
        if not body_start:
            meta = {}
    pub = published
    if pub is None and meta.get("published"):
        try:
            pub = parse_date(meta["published"])
        except ValueError as exc:
            raise InputError(source, f"header 'published: {meta['published']}' is not a date (use YYYY-MM-DD or unknown)") from exc
    if not text[body_start:].strip():
        raise InputError(source, "empty document (a header block and no text)")
    art = Article(
        text=text, id=id or "", source=source, published=pub, body_start=body_start, meta=meta,
        url=fields.get("url") or meta.get("url"), title=fields.get("title") or meta.get("title"),
        outlet=fields.get("outlet") or meta.get("outlet"),
        language=fields.get("language") or meta.get("language") or "en",
    )
    return art


def read_text_file(path: str | Path, published: dt.date | None = None, max_bytes: int = MAX_BYTES) -> Article:
    """Read one text file, its size checked before it is read (a 50 MB file is never loaded whole).

    Raises:
        InputError: naming the path, when it is unreadable, too large or not a text document.
    """
    name = str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(name, f"too large: {size:,} bytes, the limit is {max_bytes:,} (raise it with --max-bytes)")
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from exc
    return article_from_text(decode(data, name, max_bytes), name, published)
