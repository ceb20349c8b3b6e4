"""Several articles parsed in one spaCy call (Pipeline.run_many, Pipeline.pipe, the inline runner)
give each article exactly what it gets alone, and a bad article in a batch fails alone."""

from __future__ import annotations

import io

import pytest

from eventwire.errors import InputError
from eventwire.ingest.text import article_from_text
from eventwire.model import Article
from eventwire.output import write_records
from eventwire.pipeline import Failure

TEXTS = [
    "Border talks stall\n\nTBILISI, May 4 - Georgian police detained 30 protesters outside parliament "
    "on Tuesday, the interior ministry said. Opposition leaders called for a general strike.\n",
    "Ministers meet in Oslo\n\nNorway hosted envoys from Colombia and the rebel group on Monday. "
    "\"We will sign a ceasefire next week,\" the chief negotiator told reporters.\n",
    "Artillery fire in the north\n\nTroops shelled two villages near the border on Sunday, killing "
    "four civilians, local officials said. The army denied it.\n",
    "Aid convoy reaches city\n\nThe Red Cross delivered food and medicine to the besieged city on "
    "Friday after both sides agreed to a six-hour pause.\n",
    "Sanctions widened\n\nThe European Union imposed new sanctions on three banks on Wednesday and "
    "threatened further measures if the shelling goes on.\n",
]


def _articles(extra: dict[int, str] | None = None) -> list[Article]:
    arts = [article_from_text(t, f"doc{k}.txt", None) for k, t in enumerate(TEXTS)]
    for k, t in (extra or {}).items():
        arts.insert(k, article_from_text(t, f"extra{k}.txt", None))
    return arts


def _record(article: Article) -> str:
    buf = io.StringIO()
    write_records([article], "jsonl", buf)
    sents = [(s.start, s.end, s.section, s.paragraph, s.index) for s in article.sentences]
    return buf.getvalue() + repr(sents)


def test_run_many_gives_each_article_what_run_gives(pipeline):
    alone = [_record(pipeline.run(a)) for a in _articles()]
    together = pipeline.run_many(_articles())
    assert all(isinstance(a, Article) for a in together)
    assert [_record(a) for a in together] == alone
    assert sum(len(a.events) for a in together) > 0  # the texts hold events: the comparison means something


def test_a_bad_article_fails_alone_in_a_batch(pipeline):
    # a section over the piece size holding a 12,000-character "word": ParseStage refuses it
    blob = "Header\n\n" + "Troops moved on. " * 6_000 + "x" * 12_000 + " and more.\n"
    arts = _articles({2: blob})
    res = pipeline.run_many(arts)
    assert isinstance(res[2], InputError) and res[2].document == "extra2.txt" and "word" in res[2].reason
    good = [r for k, r in enumerate(res) if k != 2]
    assert [_record(a) for a in good] == [_record(pipeline.run(a)) for a in _articles()]


def test_size_limit_holds_per_article_in_a_batch():
    from eventwire.pipeline import Pipeline

    small = Pipeline.from_config({"max_bytes": 200})
    arts = _articles({1: "Big\n\n" + "Troops attacked the town. " * 20})
    res = small.run_many(arts)
    assert isinstance(res[1], InputError) and "too large" in res[1].reason
    assert sum(isinstance(r, Article) for r in res) == len(TEXTS)


def test_pipe_keeps_order_with_read_errors_between_batches(pipeline):
    arts = _articles()
    items = [arts[0], InputError("broken.html", "not UTF-8"), *arts[1:]]
    out = list(pipeline.pipe(items, batch=2))
    assert [getattr(o, "source", None) or o.document for o in out] == \
        ["doc0.txt", "broken.html", "doc1.txt", "doc2.txt", "doc3.txt", "doc4.txt"]
    assert isinstance(out[1], Failure) and out[1].stage == "read"


def test_inline_runner_parses_submitted_articles_together(monkeypatch):
    from eventwire.nlp.stage import ParseStage
    from eventwire.runners.local import LocalRunner

    sizes = []
    real = ParseStage.run_many

    def spy(self, articles):
        sizes.append(len(articles))
        return real(self, articles)

    monkeypatch.setattr(ParseStage, "run_many", spy)
    german = article_from_text("Titel\n\nDie Regierung hat am Montag neue Gespräche mit der Opposition "
                               "angekündigt, sagte ein Sprecher in Berlin.\n", "de.txt", None)
    with LocalRunner(workers=1) as runner:
        runner.submit(_articles()[0])
        runner.submit(german)
        assert runner.pending() == 2 and runner.collect(block=False) == []  # queued for the batch
        res = runner.collect()
        assert [getattr(r, "source", None) or r.document for r in res] == ["doc0.txt", "de.txt"]
        assert isinstance(res[1], Failure) and res[1].stage == "language"
        out = list(runner.map(_articles()))
    assert len(out) == len(TEXTS) and all(isinstance(r, Article) for r in out)
    assert all(s.span is None for r in out for s in r.sentences)  # picklable results, as before
    assert max(sizes) == runner.batch > 1


@pytest.mark.parametrize("batch", [1, 3])
def test_pipe_batch_size_changes_nothing(pipeline, batch):
    base = [_record(a) for a in pipeline.pipe(_articles(), batch=1)]
    assert [_record(a) for a in pipeline.pipe(_articles(), batch=batch)] == base
