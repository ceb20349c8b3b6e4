"""``eventwire spark``'s checks and messages that need no Spark session: bad options refused
before Spark starts (one line, exit 2, nothing written), explicitly named files never skipped,
skipped files counted, failures printed without terminal controls. The runs themselves are in
tests/test_spark.py (Spark in local mode)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES
from eventwire.cli import app
from eventwire.cli.spark import _print_failures, master_error, output_error
from eventwire.ingest.dispatch import SourceOptions
from eventwire.model import Article
from eventwire.pipeline import Failure
from eventwire.runners.spark import SNIFF, _read_items, _suffix_counts, list_inputs

TEXT = ("Talks stall in Istanbul\n\nNegotiators from Russia and Ukraine met in Istanbul on Tuesday but failed "
        "to agree on a ceasefire, Turkish officials said.\n")


@pytest.mark.parametrize("master", ["local", "local[1]", "local[12]", "local[*]", "local[4,2]", "local[*, 3]",
                                    "local-cluster[2,1,1024]", "spark://host:7077", "spark://a:7077,b:7077",
                                    "yarn", "k8s://https://10.0.0.1:6443"])
def test_spark_master_urls_are_accepted(master):
    assert master_error(master) is None


@pytest.mark.parametrize("master", ["nonsense", "local[2", "local[0]", "local[x]", "local[2]x", "spark://host",
                                    "spark://", "yarn-cluster", "k8s://", "LOCAL", ""])
def test_malformed_master_urls_are_refused(master):
    assert "is not a Spark master URL" in master_error(master)


def test_mesos_is_refused_with_the_reason():
    assert "removed in 4.0" in master_error("mesos://host:5050")


def _refused(args: list[str], tmp_path: Path) -> str:
    res = CliRunner().invoke(app, ["spark", *args])
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("eventwire: error: "), res.stderr
    assert "Traceback" not in res.output
    return lines[0]


@pytest.mark.parametrize("master", ["nonsense", "local[2"])
def test_a_bad_master_is_one_line_before_spark_starts(tmp_path, master):
    line = _refused([str(FIXTURES / "seed"), "--output", str(tmp_path / "o"), "--master", master], tmp_path)
    assert repr(master) in line and "local[N]" in line
    assert not (tmp_path / "o").exists()


def test_an_output_that_is_a_file_is_refused(tmp_path):
    f = tmp_path / "taken"
    f.write_text("x")
    line = _refused([str(FIXTURES / "seed"), "--output", str(f), "--master", "local[1]"], tmp_path)
    assert line == f"eventwire: error: --output {f}: exists and is not a directory"
    line = _refused([str(FIXTURES / "seed"), "--output", str(f / "sub"), "--master", "local[1]"], tmp_path)
    assert line == f"eventwire: error: --output {f / 'sub'}: {f} is not a directory"
    assert f.read_text() == "x"


def test_output_checks_leave_uris_and_new_directories_alone(tmp_path):
    assert output_error(str(tmp_path / "new" / "dir")) is None
    assert output_error(str(tmp_path)) is None
    assert output_error("hdfs://nn:8020/out") is None


def test_a_missing_knowledge_dir_is_refused_as_ingest_refuses_it(tmp_path):
    missing = tmp_path / "nonexistent"
    line = _refused([str(FIXTURES / "seed"), "--output", str(tmp_path / "o"), "--knowledge", str(missing)], tmp_path)
    assert line == f"eventwire: error: --knowledge {missing}: not a directory"
    res = CliRunner().invoke(app, ["ingest", str(FIXTURES / "seed"), "--db", str(tmp_path / "x.duckdb"),
                                   "--knowledge", str(missing)])
    assert f"--knowledge {missing}: not a directory" in res.stderr


def test_an_explicit_file_with_an_unknown_suffix_is_listed_and_read_as_ingest_reads_it(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.article").write_text(TEXT, encoding="utf-8")
    (d / "b.json").write_text("{}", encoding="utf-8")
    (d / "c.txt").write_text(TEXT + "More.\n", encoding="utf-8")
    listing = list_inputs(None, [str(d / "a.article"), str(d)], SourceOptions())
    assert [(f.name, f.kind) for f in listing.files] == [(str(d / "a.article"), SNIFF), (str(d / "c.txt"), "text")]
    assert sorted(listing.unknown) == [str(d / "a.article"), str(d / "b.json")]
    assert _suffix_counts(listing.unknown) in (".article: 1, .json: 1", ".json: 1, .article: 1")
    f = listing.files[0]
    [(_, art)] = list(_read_items({f.uri: f}, SourceOptions(), (f.uri, TEXT.encode())))
    assert isinstance(art, Article) and art.source == str(d / "a.article") and "Istanbul" in art.text


def test_a_sniffed_file_is_html_or_a_named_failure(tmp_path):
    page = (FIXTURES / "ingest" / "talks.html").read_bytes()
    (tmp_path / "page.dat").write_bytes(page)
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 8)
    listing = list_inputs(None, [str(tmp_path / "page.dat"), str(tmp_path / "blob.bin")], SourceOptions())
    meta = {f.uri: f for f in listing.files}
    [(_, art)] = list(_read_items(meta, SourceOptions(), (listing.files[0].uri, page)))
    assert isinstance(art, Article) and "<" not in art.text
    [(_, bad)] = list(_read_items(meta, SourceOptions(), (listing.files[1].uri, bytes(range(256)) * 8)))
    assert isinstance(bad, Failure) and bad.document == str(tmp_path / "blob.bin")


def test_failures_are_printed_cleaned_with_where_the_rest_are(capsys):
    examples = [(f"doc\x1b[31m{i}\x07", f"bad\x00 {i}") for i in range(5)]
    _print_failures(examples, 12, "/out/")
    lines = capsys.readouterr().err.splitlines()
    assert lines[:2] == ["eventwire: failed: doc0: bad 0", "eventwire: failed: doc1: bad 1"]
    assert len(lines) == 6 and lines[-1].startswith("eventwire: 7 more failures in /out/failures")
    assert not any(c in "".join(lines) for c in "\x1b\x07\x00")
