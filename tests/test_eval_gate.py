"""The honest loop of ``eventwire eval``: the fixed tune/check split, gold discovery in both
naming forms, several paths scored together, the check half reduced to numbers, and the
baseline gate (floors per half and figure, data hash, raising and lowering floors).

The scorer itself is tested in test_evaluate.py; the floors of the real extractor in
test_eval_floors.py. Here articles are small texts written for these tests, run through a
stand-in pipeline or the real one where the CLI is exercised.
"""

from __future__ import annotations

import copy
import json

import pytest
from typer.testing import CliRunner

from eventwire.errors import InputError
from eventwire.evaluate import check_paths, data_sha256, evaluate_path, gold_articles, half_of
from eventwire.evaluate.baseline import gate, load_baseline, lower_floors, update_baseline, write_baseline


def test_half_of_is_the_sha256_parity_of_the_name():
    import hashlib

    # values fixed by the rule; an article by its .txt base name, a record by its id
    assert half_of("019_niger-coup.txt") == "check"
    assert half_of("cnbc-2022-03-10-russia-ukraine-talks.txt") == "tune"
    assert half_of("001_putin-peace-talks-dead-end.txt") == "tune"
    assert half_of("PLOVER-GSR01-AGREE-0001") in ("tune", "check")
    for name in ("a", "b", "c", "x.txt", "PLOVER-GSR01-AGREE-0001"):
        even = int(hashlib.sha256(name.encode()).hexdigest(), 16) % 2 == 0
        assert half_of(name) == ("tune" if even else "check")


# Two articles written for these tests; by the hash, "110_ferry-strike.txt" is check and
# "114_port-blockade.txt" is tune.
ARTICLES = {
    "110_ferry-strike.txt": "Dockworkers in Valdoria walked off the job on Monday.\n",
    "114_port-blockade.txt": "Fishermen blockaded the port of Lirsk on Tuesday.\n",
}


def _gold(document: str | None, evidence: str, event_type: str = "PROTEST") -> dict:
    g = {"schema": "eventwire-gold/1", "metadata": {"published": "2031-05-06"}, "boilerplate": [],
         "captions": [], "quotes": [], "places": [],
         "events": [{"id": "g1", "event_type": event_type, "also_accept": [], "mode": None, "actor": [],
                     "recipient": [], "location": None, "date": None, "aux": None,
                     "evidence": [evidence], "required": True}]}
    if document:
        g["document"] = document
    return g


def _write_news_dir(root, with_document: bool = True):
    """A directory named like ../shared/eval/news: 110.gold.json beside 110_ferry-strike.txt."""
    d = root / "news"
    d.mkdir()
    for name, text in ARTICLES.items():
        (d / name).write_text(text, encoding="utf-8")
        num = name.split("_")[0]
        (d / f"{num}.gold.json").write_text(json.dumps(_gold(name if with_document else None, text.split(" on ")[0])),
                                            encoding="utf-8")
    return d


class _ProtestPipeline:
    """Stands in for the extractor: one PROTEST event per article, its first line the mention."""

    def run(self, article):
        from eventwire.model import Event, Mention

        first = article.text.split("\n")[0]
        article.events = [Event("PROTEST", confidence=0.5, mentions=[Mention(first, 0, len(first), "x", "body")])]
        return article


def test_half_parities_of_the_test_articles():
    assert half_of("110_ferry-strike.txt") == "check" and half_of("114_port-blockade.txt") == "tune"
    assert half_of("ridge-march.txt") == "check"


@pytest.mark.parametrize("with_document", [True, False])
def test_numbered_gold_files_find_their_article(tmp_path, with_document):
    d = _write_news_dir(tmp_path, with_document)
    found = gold_articles(d)
    assert [(g.gold_path.name, g.text_path.name) for g in found] == [
        ("110.gold.json", "110_ferry-strike.txt"), ("114.gold.json", "114_port-blockade.txt")]


def test_gold_discovery_errors_name_the_gold_file(tmp_path):
    d = _write_news_dir(tmp_path, with_document=False)
    (d / "110_ferry-strike-copy.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="110.gold.json.*several articles start with its number"):
        gold_articles(d)
    (d / "110_ferry-strike-copy.txt").unlink()
    (d / "114_port-blockade.txt").unlink()
    with pytest.raises(InputError, match="114.gold.json.*its article 114.txt is missing"):
        gold_articles(d)


def test_several_directories_are_scored_together_per_half(tmp_path):
    news = _write_news_dir(tmp_path)
    other = tmp_path / "articles"
    other.mkdir()
    (other / "ridge-march.txt").write_text("Farmers marched on the ministry in Pell on Friday.\n", encoding="utf-8")
    (other / "ridge-march.gold.json").write_text(json.dumps(_gold(None, "Farmers marched on the ministry")))
    res = evaluate_path([other, news], pipeline=_ProtestPipeline(), show_check=True)
    arts = res["articles"]
    assert res["schema"] == "eventwire-eval/2" and res["gsr"] is None
    halves = {a["document"]: a["half"] for a in arts["articles"]}
    assert halves == {"ridge-march.txt": "check", "110_ferry-strike.txt": "check",
                      "114_port-blockade.txt": "tune"}
    tot = arts["totals"]
    assert tot["all"]["documents"] == 3 and tot["all"]["events"]["tp"] == 3
    assert tot["tune"]["documents"] == 1 and tot["check"]["documents"] == 2
    assert arts["data_sha256"] == data_sha256(sorted(p for d in (other, news) for p in d.iterdir()))
    with pytest.raises(InputError, match="given twice"):
        evaluate_path([news, news], pipeline=_ProtestPipeline())


def test_check_half_is_numbers_only_unless_asked(tmp_path):
    news = _write_news_dir(tmp_path)
    (news / "114.gold.json").write_text(json.dumps(_gold("114_port-blockade.txt", "Fishermen blockaded",
                                                         "ASSAULT")), encoding="utf-8")
    (news / "110.gold.json").write_text(json.dumps(_gold("110_ferry-strike.txt", "Dockworkers in Valdoria",
                                                         "ASSAULT")), encoding="utf-8")
    hidden = evaluate_path(news, pipeline=_ProtestPipeline())
    shown = evaluate_path(news, pipeline=_ProtestPipeline(), show_check=True)
    by = {a["half"]: a for a in hidden["articles"]["articles"]}
    assert by["tune"]["misses"] and by["tune"]["false_positives"]
    assert "misses" not in by["check"] and "false_positives" not in by["check"]
    assert by["check"]["events"] == {"tp": 0, "fp": 1, "fn": 1, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert hidden["articles"]["totals"] == shown["articles"]["totals"]
    assert [a for a in shown["articles"]["articles"] if a["half"] == "check"][0]["misses"]

    import io

    from eventwire.evaluate.report import write_text

    out = io.StringIO()
    write_text(hidden, out)
    text = out.getvalue()
    assert "Fishermen" in text and "Dockworkers" not in text
    assert "CHECK half (numbers only" in text and "CHECK (micro-averaged, 1 articles)" in text
    out = io.StringIO()
    write_text(shown, out)
    assert "Dockworkers" in out.getvalue()


def _result(tune_f1: float, check_f1: float, sha: str = "a" * 64) -> dict:
    def total(f1):
        return {"events": {"precision": f1, "recall": f1, "f1": f1}, "triples": {"f1": f1},
                "location": {"accuracy": None}, "date": {"accuracy": 0.5}, "quotes": {"f1": 1.0},
                "documents": 2}
    return {"articles": {"data_sha256": sha, "totals": {"tune": total(tune_f1), "check": total(check_f1),
                                                        "all": total(tune_f1)}}, "gsr": None}


def test_update_raises_floors_and_refuses_to_lower():
    base, lowered = update_baseline(_result(0.8126, 0.7), None)
    assert not lowered and base["schema"] == "eventwire-baseline/1" and "gsr" not in base
    floors = base["articles"]["floors"]
    assert floors["tune"]["events.f1"] == 0.812 and floors["check"]["triples.f1"] == 0.7
    assert "location.accuracy" not in floors["tune"]  # undefined figures get no floor
    assert gate(_result(0.8126, 0.7), base).ok
    raised, lowered = update_baseline(_result(0.9, 0.7), base)
    assert not lowered and raised["articles"]["floors"]["tune"]["events.f1"] == 0.9
    kept, lowered = update_baseline(_result(0.85, 0.75), raised)
    assert lowered == [f"articles tune {f} 0.8500 < floor 0.9" for f in
                       ("events.precision", "events.recall", "events.f1", "triples.f1")]
    gone, lowered = update_baseline(_result(0.9, 0.7) | {"articles": dict(
        _result(0.9, 0.7)["articles"], totals={h: dict(t, date={"accuracy": None}) for h, t in
                                               _result(0.9, 0.7)["articles"]["totals"].items()})}, raised)
    assert lowered == ["articles tune date.accuracy n/a < floor 0.5", "articles check date.accuracy n/a < floor 0.5"]
    assert kept["articles"]["floors"]["tune"]["events.f1"] == 0.9  # never lowered by an update
    assert kept["articles"]["floors"]["check"]["events.f1"] == 0.75
    assert lower_floors(_result(0.85, 0.75), raised)["articles"]["floors"]["tune"]["events.f1"] == 0.85


def test_gate_names_each_figure_below_its_floor_and_a_data_change():
    base, _ = update_baseline(_result(0.8, 0.7), None)
    checked = gate(_result(0.79, 0.7), base)
    assert not checked.ok and checked.failures == [
        f"articles tune {f} 0.7900 < floor 0.8" for f in
        ("events.f1", "events.precision", "events.recall", "triples.f1")]
    checked = gate(_result(0.8, 0.7, sha="b" * 64), base)
    assert len(checked.failures) == 1 and "gold data differs" in checked.failures[0]
    broken = copy.deepcopy(base)
    broken["articles"]["floors"]["check"]["location.accuracy"] = 0.5
    assert gate(_result(0.8, 0.7), broken).failures == ["articles check location.accuracy n/a < floor 0.5"]
    broken["gsr"] = {"data_sha256": "c", "floors": {"tune": {"type_accuracy": 0.5}}}
    assert gate(_result(0.8, 0.7), broken).notes == ["gsr: not measured in this run, its floors were not checked"]


def test_baseline_file_round_trip_and_errors(tmp_path):
    base, _ = update_baseline(_result(0.8, 0.7), None)
    f = tmp_path / "baseline.json"
    write_baseline(base, f)
    assert load_baseline(f) == base and f.read_text().endswith("}\n")
    with pytest.raises(InputError, match="no baseline file"):
        load_baseline(tmp_path / "none.json")
    f.write_text('{"schema": "x"}')
    with pytest.raises(InputError, match="eventwire-baseline/1"):
        load_baseline(f)


def test_repository_baseline_is_valid_and_covers_both_halves():
    from conftest import ROOT

    base = load_baseline(ROOT / "eval" / "baseline.json")
    for kind, figures in (("articles", {"events.precision", "events.recall", "events.f1", "triples.f1",
                                        "location.accuracy", "date.accuracy", "quotes.f1"}),
                          ("gsr", {"type_accuracy", "type_recall", "actor_accuracy"})):
        assert len(base[kind]["data_sha256"]) == 64
        for half in ("tune", "check"):
            assert set(base[kind]["floors"][half]) == figures
            assert all(0 < v <= 1 for v in base[kind]["floors"][half].values())


def test_cli_several_paths_gate_and_update(tmp_path, monkeypatch, pipeline):
    from conftest import GSR

    from eventwire.cli import app

    monkeypatch.setattr("eventwire.cli.evaluate.build_pipeline", lambda knowledge, *a: pipeline)
    news = _write_news_dir(tmp_path)
    gsr = tmp_path / "gsr.jsonl"
    gsr.write_text("\n".join(GSR.read_text(encoding="utf-8").splitlines()[:6]) + "\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    runner = CliRunner()
    res = runner.invoke(app, ["eval", str(news), str(gsr), "--gate", "--baseline", str(baseline)])
    assert res.exit_code == 1 and "no baseline file" in res.output
    res = runner.invoke(app, ["eval", str(news), str(gsr), "--update-baseline", "--baseline", str(baseline)])
    assert res.exit_code == 0, res.output
    assert "TUNE (micro-averaged, 1 articles)" in res.output and "CHECK" in res.output
    assert "6 gold standard records" in res.output
    base = json.loads(baseline.read_text())
    assert base["articles"]["documents"] == 2 and base["gsr"]["records"] == 6
    res = runner.invoke(app, ["eval", str(news), str(gsr), "--gate", "--baseline", str(baseline), "-f", "json"])
    assert res.exit_code == 0 and "gate passed" in res.output
    # a floor above the figure fails, named; so does other data
    base["gsr"]["floors"]["tune"]["type_recall"] = 1.01
    base["articles"]["data_sha256"] = "0" * 64
    baseline.write_text(json.dumps(base))
    res = runner.invoke(app, ["eval", str(news), str(gsr), "--gate", "--baseline", str(baseline)])
    assert res.exit_code == 1
    assert "gsr tune type_recall" in res.output and "< floor 1.01" in res.output
    assert "articles: gold data differs" in res.output and "evaluation gate failed: 2 problem(s)" in res.output
    res = runner.invoke(app, ["eval", str(news), str(gsr), "--update-baseline", "--baseline", str(baseline)])
    assert res.exit_code == 1 and "refusing to lower 1 floor(s)" in res.output
    assert json.loads(baseline.read_text())["gsr"]["floors"]["tune"]["type_recall"] == 1.01
    res = runner.invoke(app, ["eval", str(news), str(gsr), "--update-baseline", "--allow-lower",
                              "--baseline", str(baseline)])
    assert res.exit_code == 0 and json.loads(baseline.read_text())["gsr"]["floors"]["tune"]["type_recall"] <= 1.0
    res = runner.invoke(app, ["eval", str(gsr), "--gate", "--limit", "2", "--baseline", str(baseline)])
    assert res.exit_code == 1 and "--limit" in res.output


def test_check_paths_before_any_model(tmp_path):
    news = _write_news_dir(tmp_path)
    check_paths([news])
    with pytest.raises(InputError, match="no such file or directory"):
        check_paths([news, tmp_path / "none"])
