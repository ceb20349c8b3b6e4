"""How many documents SOURCE arguments hold, when that is cheap to know (for a progress bar's
total and ETA).

Files and directories are counted by the same rules as :func:`eventwire.ingest.dispatch.iter_source`
(one document per text or HTML file, one per non-blank JSONL line or CSV record); a URL, a feed,
a WARC file or stdin makes the total unknown, since knowing would mean reading them twice.
"""

from __future__ import annotations

import csv
from pathlib import Path

#: Above this many bytes a dataset is not pre-counted (its total stays unknown).
MAX_COUNT_BYTES = 200_000_000


def _count_file(p: Path, kind: str | None) -> int | None:
    if kind in ("text", "html"):
        return 1
    if kind == "dataset":
        try:
            if p.stat().st_size > MAX_COUNT_BYTES:
                return None
            if p.suffix.lower() in (".jsonl", ".ndjson"):
                with open(p, "rb") as fh:
                    return sum(1 for line in fh if line.strip())
            with open(p, encoding="utf-8-sig", errors="replace", newline="") as fh:
                delim = "\t" if p.suffix.lower() == ".tsv" else ","
                return max(0, sum(1 for _ in csv.reader(fh, delimiter=delim)) - 1)
        except OSError:
            return 1  # the reader reports it as one failed document
    return None  # warc, feed, unknown: not known without reading it


def count_documents(sources: list[str]) -> int | None:
    """The number of documents in ``sources``, or None when any of them cannot be counted
    cheaply (URL, feed, WARC, stdin, a dataset over :data:`MAX_COUNT_BYTES`)."""
    from .feeds import is_url
    from .dispatch import dir_files, kind_of, sniff

    total = 0
    for s in sources:
        if s == "-" or is_url(s):
            return None
        p = Path(s)
        if p.is_dir():
            for f, kind in dir_files(p):
                n = _count_file(f, kind)
                if n is None:
                    return None
                total += n
        elif not p.exists():
            total += 1  # one failure line
        else:
            n = _count_file(p, kind_of(p) or sniff(p))
            if n is None:
                return None
            total += n
    return total
