"""One input dispatcher for ``extract`` and ``ingest`` (eventwire.ingest.dispatch): the same
reader runs for the same SOURCE in both commands, the readers import each other without a
cycle, and a JSONL record whose fields have the wrong JSON type is a failure naming the field."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from eventwire.errors import InputError
from eventwire.ingest.dispatch import SourceOptions, iter_source, kind_of
from eventwire.model import Article

INGEST = ROOT / "src" / "eventwire" / "ingest"

XHTML = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en"><head><title>Talks stall in Thessaloniki</title>
<meta http-equiv="Content-Type" content="application/xhtml+xml; charset=UTF-8" /></head>
<body><div class="nav"><a href="/">Home</a> | <a href="/world">World</a></div>
<div class="article"><h1>Talks stall in Thessaloniki</h1>
<p>France's President Emmanuel Macron and his Turkish counterpart Recep Tayyip Erdogan met on
Friday in the Greek city of Thessaloniki, their first meeting since the dispute over the islands.</p>
<p>The talks ended with no progress on a ceasefire, officials from both sides said.</p></div>
</body></html>
"""


def _cli(args: list[str], stdin: bytes | None = None):
    from eventwire.cli import app

    res = CliRunner().invoke(app, args, input=stdin, catch_exceptions=False)
    return res.exit_code, res.stdout, [ln for ln in res.stderr.splitlines() if ln.strip()]


# -- one reader per kind, whoever asks --------------------------------------------------------

def test_every_suffix_has_one_reader():
    cases = {"a.txt": "text", "a.md": "text", "a": "text", "a.html": "html", "a.XHTML": "html",
             "a.shtml": "html", "a.rss": "feed", "a.xml": "feed", "a.jsonl": "dataset",
             "a.ndjson": "dataset", "a.csv": "dataset", "a.tsv": "dataset", "a.warc": "warc",
             "a.warc.gz": "warc", "a.gold.json": None, "a.png": None}
    assert {n: kind_of(Path(n)) for n in cases} == cases


def test_extract_of_an_xhtml_page_codes_its_text_not_its_markup(tmp_path, pipeline):
    page = tmp_path / "page.xhtml"
    page.write_text(XHTML, encoding="utf-8")
    (art,) = list(iter_source(str(page)))
    assert isinstance(art, Article) and "<" not in art.text and "Macron" in art.text
    code, out, err = _cli(["extract", str(page), "--published", "2022-03-10"])
    assert code == 0, err
    rec = json.loads(out)
    assert rec["article"]["title"] == "Talks stall in Thessaloniki"
    sentences = [m["text"] for e in rec["events"] for m in e["mentions"]]
    assert sentences and not any("<" in s or "xmlns" in s for s in sentences)
    assert any("Macron" in s for s in sentences)


def test_extract_and_ingest_read_a_directory_alike(tmp_path, pipeline):
    """A CSV dataset in a directory: extract used to skip it (its own reader knew only .jsonl),
    ingest read it. Both now take the same records through the dispatcher."""
    (tmp_path / "recs.csv").write_text(
        "id,text,title\n"
        "r1,\"Police arrested 20 protesters in Tbilisi on Sunday, the interior ministry said, after "
        "the crowd tried to enter the parliament building.\",Arrests\n"
        "r2,\"Rebels attacked an army base near the border on Monday, killing three soldiers, the "
        "military said in a statement.\",Attack\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("Troops shelled Kharkiv on Thursday, officials said.\n", encoding="utf-8")
    code, out, err = _cli(["extract", str(tmp_path), "-f", "jsonl", "--published", "2022-03-10"])
    assert code == 0, err
    got = [json.loads(ln)["article"]["source"] for ln in out.splitlines()]
    read = [a.source for a in iter_source(str(tmp_path), SourceOptions())]
    assert got == read == [str(tmp_path / "notes.txt"), f"csv:{tmp_path / 'recs.csv'}#r1",
                           f"csv:{tmp_path / 'recs.csv'}#r2"]


@pytest.mark.parametrize("module", sorted(p.stem for p in INGEST.glob("*.py") if p.stem != "__init__"))
def test_each_ingest_module_imports_alone(module):
    """Imported first, in a fresh interpreter: a cycle between readers (text ↔ html, text ↔
    warc before) shows up as an ImportError or a half-initialised module here."""
    res = subprocess.run([sys.executable, "-c", f"import eventwire.ingest.{module}"],
                         capture_output=True, text=True, timeout=120, check=False)
    assert res.returncode == 0, res.stderr


def test_ingest_modules_import_no_cycle():
    """The module-level imports inside eventwire.ingest form no cycle (read from the source)."""
    import ast

    graph: dict[str, set[str]] = {}
    for p in INGEST.glob("*.py"):
        deps = set()
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                deps.update([node.module] if node.module else [a.name for a in node.names])
        graph[p.stem] = {d for d in deps if (INGEST / f"{d}.py").exists()}

    def reach(start: str, seen: set[str]) -> set[str]:
        for d in graph[start] - seen:
            seen.add(d)
            reach(d, seen)
        return seen

    cyclic = sorted(m for m in graph if m in reach(m, set()))
    assert cyclic == [], f"import cycle through {cyclic}: {({m: sorted(graph[m]) for m in cyclic})}"


# -- JSONL fields of the wrong type -------------------------------------------------------------

def test_jsonl_fields_of_the_wrong_type_are_named(tmp_path):
    f = tmp_path / "r.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in [
        {"id": "a", "text": "Police detained protesters in Minsk.", "title": ["a"]},
        {"id": "b", "text": "Police detained protesters in Minsk.", "url": 123},
        {"id": "c", "text": "Police detained protesters in Minsk.", "outlet": {"name": "x"}},
        {"id": 7, "text": "Police detained protesters in Minsk.", "title": "Arrests", "url": "https://x.org/7"},
    ]) + "\n", encoding="utf-8")
    items = list(iter_source(str(f)))
    errs = [(i.document, i.reason) for i in items if isinstance(i, InputError)]
    assert errs == [(f"jsonl:{f}#a", "'title' is a JSON array, not a string"),
                    (f"jsonl:{f}#b", "'url' is a JSON number, not a string"),
                    (f"jsonl:{f}#c", "'outlet' is a JSON object, not a string")]
    (good,) = [i for i in items if isinstance(i, Article)]
    assert (good.id, good.title, good.url) == ("7", "Arrests", "https://x.org/7")


def test_a_directory_warns_once_about_files_it_skips_for_their_suffix(tmp_path, caplog):
    (tmp_path / "story.txt").write_text("Police detained two reporters in Lome on Monday.\n", encoding="utf-8")
    (tmp_path / "noise.bin").write_bytes(bytes(range(256)))
    (tmp_path / "story.gold.json").write_text("{}", encoding="utf-8")
    with caplog.at_level("WARNING", logger="eventwire.ingest.dispatch"):
        items = list(iter_source(str(tmp_path), SourceOptions()))
    assert [type(i) for i in items] == [Article]
    warned = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warned) == 1 and "skipped 1 file" in warned[0] and "noise.bin" in warned[0]
    assert "gold" not in warned[0]
