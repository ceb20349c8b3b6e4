"""``eventwire bench``: the JSON report's shape on a tiny corpus (no timing assertions)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from eventwire.bench import default_corpus, format_report, load_corpus, section_texts
from eventwire.cli import app
from eventwire.errors import ConfigError

from conftest import SEED


def test_default_corpus_and_section_texts(tmp_path):
    corpus = default_corpus()
    assert corpus.is_dir()
    assert corpus.name in ("news", "seed", "examples")
    arts = load_corpus(SEED, min_articles=3)
    assert len(arts) == 3 and arts[0].text == arts[2].text
    (texts,) = section_texts(arts[:1])
    assert texts and all(t.strip() and t in arts[0].text for t in texts)
    with pytest.raises(ConfigError, match="no readable article"):
        load_corpus(tmp_path)


@pytest.mark.slow
def test_bench_json_shape(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Talks stall\n\nNegotiators from Russia and Ukraine met in Istanbul on "
                                  "Tuesday but failed to agree on a ceasefire, officials said.\n")
    (corpus / "b.txt").write_text("Convoy arrives\n\nA United Nations convoy delivered food to Kherson on "
                                  "Wednesday after days of shelling.\n")
    out = tmp_path / "bench.json"
    res = CliRunner().invoke(app, ["bench", "--corpus", str(corpus), "--workers", "1,2", "--repeat", "2",
                                   "--output", str(out)])
    assert res.exit_code == 0, res.output
    report = json.loads(out.read_text())
    assert report["schema"] == "eventwire-bench/1"
    assert report["articles"] == 20 and report["repeat"] == 2 and report["characters"] > 0  # 2 repeated to 20
    assert [r["workers"] for r in report["runs"]] == [1, 2]
    for r in report["runs"]:
        for side in ("spacy", "pipeline"):
            assert r[side]["articles_per_s"] > 0 and r[side]["chars_per_s"] > 0
            assert len(r[side]["rounds"]) == 2 and r[side]["seconds"] == min(r[side]["rounds"])
        assert r["pipeline"]["peak_rss_mib"] > 0
        assert r["ratio"] == pytest.approx(r["pipeline"]["articles_per_s"] / r["spacy"]["articles_per_s"], rel=0.05)
        assert r["pipeline"]["failed"] == 0
    assert report["runs"][1]["pipeline"]["worker_peak_rss_mib"] > 0 and report["spacy_peak_rss_mib"] > 0
    assert report["ratio"] == report["runs"][0]["ratio"]
    assert report["target_ratio"] == 0.8  # the bar
    assert report["meets_target"] == (report["ratio"] >= 0.8)
    assert report["db_write"]["articles"] > 0 and report["db_write"]["articles_per_s"] > 0
    assert "ratio" in format_report(report) and "pipeline art/s" in res.stderr


def test_bench_bad_workers_is_a_user_error():
    res = CliRunner().invoke(app, ["bench", "--workers", "one"])
    assert res.exit_code == 1 and "give worker counts like 1,2" in res.stderr
