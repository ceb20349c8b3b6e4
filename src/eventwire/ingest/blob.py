"""Read a file given as bytes and a name (what a cluster hands a task: Spark's ``binaryFiles``),
with the readers of :mod:`.dispatch`, naming documents as if the file had been read from its
name: ``eventwire.runners.spark`` gets the same Articles and errors as ``ingest`` on the same files.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import PurePosixPath
from typing import Iterator

from ..errors import InputError
from .base import HTML_OVERHEAD, Item
from .dispatch import SourceOptions, kind_of

#: Kinds read from bytes (feeds are not: their entries are fetched over the network).
KINDS = ("warc", "html", "dataset", "text")


def kind_of_name(name: str) -> str | None:
    """The reader for a file name or URI (``hdfs://.../x.warc.gz``): as :func:`dispatch.kind_of`."""
    return kind_of(PurePosixPath(name.rstrip("/")))


def too_large(name: str, kind: str, size: int, max_bytes: int) -> InputError | None:
    """The error for a text or HTML file over the size limit, before its bytes are read (as
    ``read_text_file`` / ``read_html_file`` check it), else None."""
    if kind == "text" and size > max_bytes:
        return InputError(name, f"too large: {size:,} bytes, the limit is {max_bytes:,} (raise it with --max-bytes)")
    if kind == "html" and size > HTML_OVERHEAD * max_bytes:
        return InputError(name, f"too large: {size:,} bytes of HTML, the limit is {HTML_OVERHEAD * max_bytes:,} "
                                f"(raise it with --max-bytes)")
    return None


def read_bytes(name: str, data: bytes, kind: str, opts: SourceOptions | None = None,
               tmp_dir: str | None = None) -> Iterator[Item]:
    """Everything a file holds, as :func:`dispatch.iter_source` reads it.

    Args:
        name: the file's name, used in every document name and error (``jsonl:NAME#ID``,
            ``warc:NAME@OFFSET``, the path of a text file).
        data: its bytes.
        kind: "warc", "html", "dataset" or "text" (see :func:`kind_of_name`).
        opts: reading options (published, max_bytes, mapping).
        tmp_dir: where WARC and dataset bytes are spilled for their readers (default: the
            system's temporary directory).

    Yields:
        Articles and InputErrors (one per bad document, naming it).
    """
    from .dataset import iter_dataset
    from .html import read_html
    from .text import article_from_text, decode
    from .warc import iter_warc

    opts = opts or SourceOptions()
    if kind not in KINDS:
        yield InputError(name, f"not read on a cluster ({kind}); use eventwire ingest")
        return
    err = too_large(name, kind, len(data), opts.max_bytes)
    if err is not None:
        yield err
        return
    if kind in ("text", "html"):
        try:
            yield (article_from_text(decode(data, name, opts.max_bytes), name, opts.published) if kind == "text"
                   else read_html(data, name, published=opts.published, max_bytes=opts.max_bytes))
        except InputError as exc:
            yield exc
        return
    suffix = "".join(PurePosixPath(name).suffixes[-2:]) if kind == "warc" else PurePosixPath(name).suffix
    fd, path = tempfile.mkstemp(suffix=suffix, dir=tmp_dir)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        if kind == "warc":
            yield from iter_warc(path, opts.published, opts.max_bytes, name=name)
        else:
            yield from iter_dataset(path, opts.mapping, opts.published, opts.max_bytes, name=name)
    finally:
        os.unlink(path)
