"""The document count behind the progress bar's total (eventwire.ingest.count)."""

from __future__ import annotations

import shutil

from conftest import FIXTURES, SEED
from eventwire.ingest.count import count_documents


def test_count_documents(tmp_path):
    d = tmp_path / "docs"
    (d / "sub").mkdir(parents=True)
    shutil.copy(SEED, d / "a.txt")
    shutil.copy(FIXTURES / "ingest" / "talks.html", d / "sub" / "b.html")
    (d / "c.jsonl").write_text('{"id": 1, "text": "x"}\n\n{"id": 2, "text": "y"}\n{"id": 3, "text": "z"}\n')
    (d / "d.csv").write_text('id,text\n1,"two\nlines"\n2,plain\n')
    (d / ".hidden.txt").write_text("skipped")
    (d / "a.gold.json").write_text("{}")
    (d / "notes.pdf").write_bytes(b"%PDF")
    assert count_documents([str(d)]) == 1 + 1 + 3 + 2
    assert count_documents([str(d), str(SEED)]) == 8
    assert count_documents([str(tmp_path / "missing.txt")]) == 1  # one failure line
    assert count_documents([str(d), "https://example.org/rss"]) is None
    assert count_documents(["-"]) is None
    (d / "e.warc.gz").write_bytes(b"")
    assert count_documents([str(d)]) is None  # a WARC file's records are not known without reading it
