"""Plain-text articles, directories of them, JSONL datasets and stdin.

A text file may open with a header block: ``key: value`` lines (``url``, ``outlet``,
``published``, ``title``, ``topic``, ...) ended by a line ``---`` (the format of
../shared/corpus/news). Offsets always count from the first character of the file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Iterator

from ..errors import InputError
from ..model import Article

#: Default size limit of one document's text: 5 MB (the project design brief, DESIGN.md, non-negotiables).
MAX_BYTES = 5_000_000
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm"}
_HEADER_LINE = re.compile(r"^([A-Za-z_][\w-]{0,30}):[ \t]*(.*)$")


def parse_date(value: str | None) -> dt.date | None:
    """ISO ``YYYY-MM-DD`` (an ISO timestamp gives its date); None for '', 'unknown'.

    Raises:
        ValueError: a value that is neither empty/unknown nor an ISO date.
    """
    if value is None:
        return None
    value = str(value).strip()
    if not value or value.lower() in {"unknown", "none", "null", "n/a"}:
        return None
    if len(value) > 10:  # a timestamp: the whole of it must be one ("2022-03-10garbage" is not)
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            if not _TIME_AFTER_DATE.match(value[10:]):
                raise
            return dt.date.fromisoformat(value[:10])  # "2024-05-31 10:00 UTC"
    return dt.date.fromisoformat(value)


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
    """Read one text file. Raises :class:`InputError` (naming the path) when it is unusable."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from exc
    return article_from_text(decode(data, name, max_bytes), name, published)


def iter_jsonl(path: str | Path, published: dt.date | None = None,
               max_bytes: int = MAX_BYTES) -> Iterator[Article | InputError]:
    """Records ``{id, text, published?, title?, url?, outlet?}`` of a JSONL file, one Article each.

    Other keys are ignored. A bad line yields an InputError named ``jsonl:FILE#ID`` (or
    ``#line N`` without an id) and the file goes on.
    """
    name = str(path)
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield InputError(name, f"cannot read: {exc.strerror or exc}")
        return
    with fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            doc = f"jsonl:{name}#line {n}"
            try:
                rec = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                yield InputError(doc, f"not a JSON object: {exc}")
                continue
            if not isinstance(rec, dict):
                yield InputError(doc, "not a JSON object")
                continue
            rid = rec.get("id")
            if rid is not None:
                doc = f"jsonl:{name}#{rid}"
            text = rec.get("text")
            if text is not None and not isinstance(text, str):
                yield InputError(doc, f"'text' is a JSON {type(text).__name__}, not a string")
                continue
            if not isinstance(text, str) or not text.strip():
                yield InputError(doc, "record has no 'text'" if text is None else "record's 'text' is empty")
                continue
            if len(text.encode("utf-8")) > max_bytes:
                yield InputError(doc, f"too large: over {max_bytes:,} bytes")
                continue
            try:
                pub = published or parse_date(rec.get("published"))
            except ValueError:
                yield InputError(doc, f"'published' {rec.get('published')!r} is not a date")
                continue
            try:
                yield article_from_text(text, doc, pub, id=str(rid) if rid is not None else None,
                                        url=rec.get("url"), title=rec.get("title"), outlet=rec.get("outlet"))
            except InputError as exc:
                yield exc


def _html_file(path: Path, published: dt.date | None, max_bytes: int) -> Article | InputError:
    from .html import read_html_file

    try:
        return read_html_file(path, published, max_bytes)
    except InputError as exc:
        return exc


def iter_inputs(target: str, published: dt.date | None = None,
                max_bytes: int = MAX_BYTES) -> Iterator[Article | InputError]:
    """Articles (or per-document InputErrors) from a file, a directory, a ``.jsonl`` file or ``-``.

    A directory is read in sorted order, recursively, taking text files (``.txt`` and files
    without a suffix), saved HTML pages (``.html``, ``.htm``: body, title, date and outlet by
    trafilatura, see :mod:`eventwire.ingest.html`), web archives (``.warc``, ``.warc.gz``: their
    HTML responses) and ``.jsonl`` files; ``*.gold.json``, hidden files and other suffixes are
    skipped.
    """
    import sys

    if target == "-":
        data = sys.stdin.buffer.read()
        try:
            yield article_from_text(decode(data, "<stdin>", max_bytes), "-", published)
        except InputError as exc:
            yield exc
        return
    p = Path(target)
    if p.is_dir():
        files = sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
        for f in files:
            if f.suffix == ".jsonl":
                yield from iter_jsonl(f, published, max_bytes)
            elif f.suffix.lower() in HTML_SUFFIXES:
                yield _html_file(f, published, max_bytes)
            elif f.name.lower().endswith((".warc", ".warc.gz")):
                from .warc import iter_warc

                yield from iter_warc(str(f), published, max_bytes)
            elif f.suffix.lower() in TEXT_SUFFIXES and f.name != "INDEX.md":
                try:
                    yield read_text_file(f, published, max_bytes)
                except InputError as exc:
                    yield exc
        return
    if not p.exists():
        yield InputError(target, "no such file or directory")
        return
    if p.suffix == ".jsonl":
        yield from iter_jsonl(p, published, max_bytes)
        return
    if p.suffix.lower() in HTML_SUFFIXES:
        yield _html_file(p, published, max_bytes)
        return
    if p.name.lower().endswith((".warc", ".warc.gz")):  # a web archive: its HTML responses
        from .warc import iter_warc

        yield from iter_warc(str(p), published, max_bytes)
        return
    try:
        yield read_text_file(p, published, max_bytes)
    except InputError as exc:
        yield exc
