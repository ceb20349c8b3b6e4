"""The whole pipeline over all 30 articles of ../shared/corpus/news (skipped, saying why, when the
corpus is absent): no article fails, every field points at its own words outside page furniture,
and the three off-topic stories (025 earnings, 026 astronomy, 027 tennis) yield no conflict event.

``scripts/run_corpus.py ../shared/corpus/news`` prints the same run as a table.
"""

from __future__ import annotations

import pytest
from conftest import shared_path
from test_robustness import assert_sections_well_formed, assert_well_formed

from eventwire.ingest.dispatch import iter_source
from eventwire.model import Article
from eventwire.pipeline import Failure

pytestmark = pytest.mark.slow

ARTICLES = 30
#: Stories with no political event at all: business, science, sport (corpus INDEX.md "Negative").
OFF_TOPIC = {"025": "earnings", "026": "astronomy", "027": "tennis"}
#: Event types a sports, business or science story must never produce ("words, not events").
CONFLICT_TYPES = {"ASSAULT", "COERCE", "PROTEST", "THREATEN", "SANCTION"}


@pytest.fixture(scope="module")
def corpus(pipeline) -> dict[str, Article | Failure]:
    """Article number ("001" ... "030") → processed Article, or the Failure it gave."""
    news = shared_path("corpus", "news")
    out: dict[str, Article | Failure] = {}
    for res in pipeline.pipe(iter_source(str(news))):
        name = res.document if isinstance(res, Failure) else res.source
        out[name.rsplit("/", 1)[-1][:3]] = res
    return out


def test_all_articles_are_read(corpus):
    assert sorted(corpus) == [f"{i:03d}" for i in range(1, ARTICLES + 1)]


@pytest.mark.parametrize("number", [f"{i:03d}" for i in range(1, ARTICLES + 1)])
def test_article_runs_cleanly(corpus, number):
    res = corpus.get(number)
    assert res is not None, f"article {number} missing from the corpus"
    assert not isinstance(res, Failure), res.message()
    assert res.sections and res.entities
    assert_sections_well_formed(res)
    assert_well_formed(res)
    if number not in OFF_TOPIC:
        assert res.events, f"article {number} is a conflict or diplomacy story and gave no event"


@pytest.mark.parametrize("number", sorted(OFF_TOPIC), ids=[f"{n}-{w}" for n, w in sorted(OFF_TOPIC.items())])
def test_off_topic_story_has_no_conflict_event(corpus, number):
    res = corpus[number]
    assert isinstance(res, Article), res
    bad = [(e.event_type, e.mentions[0].trigger, e.mentions[0].text[:80]) for e in res.events
           if e.event_type in CONFLICT_TYPES]
    assert not bad, f"{res.source}: {bad}"
