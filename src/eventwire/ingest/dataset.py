"""CSV and JSONL datasets whose columns are named differently from ours.

A column mapping says which input column fills which Article field, written as on the command
line: ``--map text=body,id=guid,title=headline,url=link,published=date,outlet=source``.
Fields not mapped are looked up under their own name (``text``, ``id``, ``title``, ``url``,
``published``, ``outlet``, ``language``); other columns are ignored.

Each record is named ``csv:FILE#ID`` / ``jsonl:FILE#ID`` (``#line N``, the line it starts on,
when it has no id), in its Article's ``source`` and in errors. A bad record is an
:class:`InputError` and the file goes on; a CSV record with a quote that is never closed is one
such failure, naming its line, and does not swallow the records after it.
"""

from __future__ import annotations

import csv
import datetime as dt
import email.utils
import io
import json
import sys
from pathlib import Path
from typing import Iterator

from ..errors import ConfigError, InputError
from ..model import Article
from .base import MAX_BYTES
from .text import article_from_text, parse_date

#: Article fields a mapping may fill.
FIELDS = ("text", "id", "title", "url", "published", "outlet", "language")
#: JSON's names for the Python types json.loads gives.
_JSON_TYPES = {"int": "number", "float": "number", "list": "array", "dict": "object", "bool": "boolean"}


def parse_mapping(spec: str | None) -> dict[str, str]:
    """``"text=body,id=guid"`` → ``{"text": "body", "id": "guid"}`` (field → input column).

    Raises:
        ConfigError: a pair without ``=``, or a field that is not one of :data:`FIELDS`.
    """
    out: dict[str, str] = {}
    for pair in (spec or "").split(","):
        pair = pair.strip()
        if not pair:
            continue
        field, sep, column = pair.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or not column:
            raise ConfigError(f"--map {pair!r}: write FIELD=COLUMN, e.g. text=body")
        if field not in FIELDS:
            raise ConfigError(f"--map {pair!r}: unknown field {field!r}; fields are {', '.join(FIELDS)}")
        out[field] = column
    return out


def parse_any_date(value) -> dt.date | None:
    """ISO date/timestamp or RFC 2822 (``Thu, 10 Mar 2022 12:00:00 GMT``); None when empty.

    Raises:
        ValueError: anything else.
    """
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    value = str(value).strip()
    try:
        return parse_date(value)
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        raise ValueError(f"not a date: {value!r}") from None


def _records(path: Path, kind: str) -> Iterator[tuple[int, dict | None, str | None]]:
    """``(line or row number, record or None, error or None)`` for each record."""
    if kind == "jsonl":
        with open(path, "rb") as fh:
            for n, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                try:
                    rec = json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                    yield n, None, f"not a JSON object: {exc}"
                    continue
                yield (n, rec, None) if isinstance(rec, dict) else (n, None, "not a JSON object")
        return
    csv.field_size_limit(sys.maxsize)
    with open(path, "rb") as fh:
        raw = fh.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield 0, None, f"not UTF-8 text (invalid byte at offset {exc.start}); convert it with iconv"
        return
    yield from _csv_records(text, "excel-tab" if kind == "tsv" else "excel")


class _Lines:
    """The physical lines of a text from ``pos`` on, counting how many were read."""

    def __init__(self, lines: list[str], pos: int = 0):
        self.lines, self.pos = lines, pos

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        if self.pos >= len(self.lines):
            raise StopIteration
        self.pos += 1
        return self.lines[self.pos - 1]


def _csv_records(text: str, dialect: str) -> Iterator[tuple[int, dict | None, str | None]]:
    """CSV records as ``(first line, record, None)`` or ``(first line, None, error)``.

    Read in strict mode, so a quote that is never closed, or a quote followed by more text, is
    an error instead of the next records silently becoming part of this one's text. The bad
    record is a failure naming its first line and reading resumes on the line after it. A record
    with more non-empty fields than the header (a stray quote or delimiter) is a failure too; a
    record with fewer has the missing fields empty (None), as :class:`csv.DictReader` does.
    """
    src = _Lines(io.StringIO(text, newline="").readlines())
    reader = csv.reader(src, dialect=dialect, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        yield 1, None, f"malformed CSV header: {exc}"
        return
    while True:
        start = src.pos + 1  # the line the next record starts on (1-based)
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield start, None, (f"malformed CSV record starting at line {start}: {exc} (a quote "
                                f"that is not closed?); reading goes on at line {start + 1}")
            src.pos = start  # the line after the record's first line
            reader = csv.reader(src, dialect=dialect, strict=True)
            continue
        if not row:
            continue
        if len(row) > len(header) and any(f.strip() for f in row[len(header):]):
            yield start, None, (f"malformed CSV record: {len(row)} fields where the header has "
                                f"{len(header)} (a stray quote or delimiter?)")
            continue
        yield start, dict(zip(header, row + [None] * (len(header) - len(row)))), None


def _wrong_type(rec: dict, col: dict[str, str]) -> str | None:
    """The reason a JSON record's field has the wrong type (a title that is a list, a URL that is
    a number), or None. Text, title, url, outlet and language must be strings (or absent or
    null); an id a string or a number. CSV values are always strings."""
    for field in ("text", "title", "url", "outlet", "language", "id"):
        value = rec.get(col[field])
        if value is None or isinstance(value, str):
            continue
        if field == "id" and isinstance(value, (int, float)) and not isinstance(value, bool):
            continue
        kind = _JSON_TYPES.get(type(value).__name__, type(value).__name__)
        want = "a string or a number" if field == "id" else "a string"
        return f"{col[field]!r} is a JSON {kind}, not {want}"
    return None


def iter_dataset(path: str | Path, mapping: dict[str, str] | None = None,
                 published: dt.date | None = None, max_bytes: int = MAX_BYTES, name: str | None = None,
                 ) -> Iterator[Article | InputError]:
    """One Article per record of a CSV/TSV/JSONL dataset.

    Args:
        path: a ``.csv``, ``.tsv``, ``.jsonl`` or ``.ndjson`` file.
        mapping: field → column (see :func:`parse_mapping`); unmapped fields use their own name.
        published: overrides every record's date.
        max_bytes: limit on one record's text, in bytes of UTF-8.
        name: the file's name in documents and errors (default: ``path``; a copy read from
            elsewhere keeps its original name).

    Yields:
        Articles, and an InputError per bad record (no text, bad date, too large, not JSON).
    """
    mapping = dict(mapping or {})
    p = Path(path)
    name = name or str(path)
    suffix = p.suffix.lower()
    kind = "jsonl" if suffix in (".jsonl", ".ndjson") else "tsv" if suffix == ".tsv" else "csv"
    prefix = "jsonl" if kind == "jsonl" else "csv"
    col = {f: mapping.get(f, f) for f in FIELDS}
    try:
        with open(p, "rb"):
            pass
    except OSError as exc:
        yield InputError(name, f"cannot read: {exc.strerror or exc}")
        return
    for n, rec, err in _records(p, kind):
        if rec is None:
            yield InputError(f"{prefix}:{name}#line {n}" if n else name, err or "unreadable record")
            continue
        yield record_article(rec, prefix, name, n, col, published, max_bytes)


def record_article(rec: dict, prefix: str, name: str, n: int | str, col: dict[str, str],
                   published: dt.date | None = None, max_bytes: int = MAX_BYTES) -> Article | InputError:
    """One dataset record → an Article, or an InputError naming it (``PREFIX:NAME#ID``, else
    ``PREFIX:NAME#line N``).

    Args:
        rec: the record (column → value).
        prefix: "jsonl", "csv" or "parquet".
        name: the file's name; n: the record's line or row number (or a label such as "row 7").
        col: field → column (every one of :data:`FIELDS`).
        published, max_bytes: as for :func:`iter_dataset`.
    """
    doc = f"{prefix}:{name}#line {n}" if isinstance(n, int) else f"{prefix}:{name}#{n}"
    bad = _wrong_type(rec, col)
    rid = rec.get(col["id"])
    rid = None if rid in (None, "") or isinstance(rid, (list, dict)) else str(rid)
    if rid is not None:
        doc = f"{prefix}:{name}#{rid}"
    if bad:
        return InputError(doc, bad)
    text = rec.get(col["text"])
    if text is None:
        return InputError(doc, f"record has no text in column {col['text']!r} "
                               f"(ingest --map text=COLUMN reads another column)")
    if not text.strip():
        return InputError(doc, f"record's text in column {col['text']!r} is empty")
    if len(text.encode("utf-8")) > max_bytes:
        return InputError(doc, f"too large: over {max_bytes:,} bytes (raise it with --max-bytes)")
    try:
        pub = published or parse_any_date(rec.get(col["published"]) or None)
    except ValueError:
        return InputError(doc, f"column {col['published']!r} value {rec.get(col['published'])!r} is not a date")
    fields = {k: (rec[col[k]].strip() or None) if rec.get(col[k]) not in (None, "") else None
              for k in ("title", "url", "outlet", "language")}
    try:
        art = article_from_text(text, doc, pub, id=rid, url=fields["url"], title=fields["title"],
                                outlet=fields["outlet"])
    except InputError as exc:
        return exc
    art.language = fields["language"] or None
    return art
