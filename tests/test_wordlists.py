"""The open-class word lists of the actor, place, date and cleaning readers are knowledge files
(calendar.yaml, titles.tsv, actors.yaml, places.yaml, size.yaml, boilerplate.yaml): one shared
list each, and a user directory (``--knowledge DIR``) reaches every reader, including the helpers
the event stage calls without a Knowledge (event_location, event_date).

Sentences are written for these tests.
"""

from __future__ import annotations

import datetime as dt
import pickle

import pytest

from eventwire.knowledge import Knowledge
from eventwire.knowledge.words import (actor_words, bind, calendar, knowledge_of, place_words,
                                       shipped, titles)


def _user_dir(tmp_path, name: str, text: str):
    d = tmp_path / "kb"
    d.mkdir(exist_ok=True)
    (d / name).write_text(text, encoding="utf-8")
    return d


def test_one_shared_month_weekday_and_title_list():
    kb = Knowledge()
    cal = calendar(kb)
    assert cal.month("Sept.") == 9 and cal.month("september") == 9 and cal.month("May") == 5
    assert cal.month("Mayor") is None
    assert cal.month_names[0] == "january" and len(cal.month_names) == 12
    assert list(cal.weekdays) == ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    t = titles(kb)
    assert t.sector["minister"] == "GOV" and t.sector["former"] is None and "gen." in t.abbreviations
    assert t.courtesy == {"mr.", "mrs.", "ms.", "dr."}
    # the readers take them from the same cached objects
    assert calendar(kb) is cal and titles(kb) is t
    assert place_words(kb).courtesy is t.courtesy


def test_actor_heads_of_places_include_the_agent_nouns():
    kb = Knowledge()
    heads = place_words(kb).actor_heads
    agents = {r["noun"] for r in kb.tsv("agents.tsv")}
    assert {"soldier", "police", "protesters"} <= heads and agents <= heads
    assert {"regime", "side", "administration"} <= heads  # places.yaml's own heads


def test_user_calendar_reaches_dates_and_cleaning(tmp_path):
    from eventwire.clean.rules import load_rules
    from eventwire.extract.dates import find_dates

    pub = dt.date(2022, 3, 20)
    kb = Knowledge([_user_dir(tmp_path, "calendar.yaml", "months:\n  3: [mrz]\n")])
    shipped_dates = [(m.text, m.iso()) for m in find_dates("The talks began on Mrz. 9 in Geneva.", 0, pub)]
    user_dates = [(m.text, m.iso()) for m in find_dates("The talks began on Mrz. 9 in Geneva.", 0, pub, kb)]
    assert shipped_dates == [] and user_dates == [("Mrz. 9", "2022-03-09")]
    assert not load_rules(Knowledge()).is_boilerplate("Published Mrz 9, 2022")
    assert load_rules(kb).is_boilerplate("Published Mrz 9, 2022")


def test_a_bad_calendar_is_a_config_error(tmp_path):
    from eventwire.errors import ConfigError

    kb = Knowledge([_user_dir(tmp_path, "calendar.yaml", "months:\n  13: [smarch]\n")])
    with pytest.raises(ConfigError, match="calendar.yaml"):
        calendar(kb)
    kb = Knowledge([_user_dir(tmp_path, "places.yaml", "location_preps: [on]\n")])
    with pytest.raises(ConfigError, match="places.yaml"):
        place_words(kb)


@pytest.fixture(scope="module")
def stages_with():
    from eventwire.clean import CleanStage
    from eventwire.extract.actors import ActorStage
    from eventwire.extract.places import PlaceStage
    from eventwire.model import Article
    from eventwire.nlp.stage import ParseStage

    def run(kb, text, published=dt.date(2024, 5, 31)):
        art = Article(text=text, published=published)
        for st in (CleanStage(kb, {}), ParseStage(kb, {}), ActorStage(kb, {}), PlaceStage(kb, {})):
            st(art)
        return art

    return run


def test_user_titles_reach_the_actor_stage(stages_with, tmp_path):
    text = "Ombudsman Aino Lindqvist said the prison guards had beaten inmates."
    kb = Knowledge([_user_dir(tmp_path, "titles.tsv", "word\tsector\tkind\nombudsman\tGOV\toffice\n")])
    before = {e.text: e.sector for e in stages_with(Knowledge(), text).entities}
    after = {e.text: e.sector for e in stages_with(kb, text).entities}
    assert after.get("Ombudsman Aino Lindqvist") == "GOV"
    assert before.get("Ombudsman Aino Lindqvist") is None


def test_user_actor_words_reach_the_actor_stage(stages_with, tmp_path):
    text = "Turkish-commanded troops crossed the border on Friday."
    kb = Knowledge([_user_dir(tmp_path, "actors.yaml", "led_words: [commanded]\n")])
    assert "commanded" in actor_words(kb).led_words
    ents = {e.text: e.country for e in stages_with(kb, text).entities}
    assert ents.get("Turkish-commanded troops") == "TUR"
    assert "Turkish-commanded troops" not in {e.text for e in stages_with(Knowledge(), text).entities}


def test_user_place_words_reach_event_location_through_the_article(stages_with, tmp_path):
    from eventwire.extract.places import event_location

    text = "Rebels near Goma\n\nRebels entered Goma on Monday. On Tuesday they opened fire on troops in the metropolis."
    kb = Knowledge([_user_dir(tmp_path, "places.yaml", "anaphors: {metropolis: PPL}\n")])

    def where(art):
        sent = next(s for s in art.sentences if "opened" in art.text[s.start:s.end])
        at = art.text.index("opened")
        return event_location(art, sent, at, at + len("opened"))  # no kb: the one that read it

    loc = where(stages_with(kb, text))
    assert loc is not None and (loc.name, loc.text) == ("Goma", "the metropolis")
    assert where(stages_with(Knowledge(), text)) is None


def test_bound_knowledge_pickles_small_and_is_found_again(stages_with, tmp_path):
    d = _user_dir(tmp_path, "places.yaml", "anaphors: {metropolis: PPL}\n")
    kb = Knowledge([d])
    art = stages_with(kb, "Rebels entered Goma on Monday.")
    assert knowledge_of(art) is kb
    for s in art.sentences:
        s.span = None  # as the local runner does before sending an article to the parent process
    blob = pickle.dumps(art)
    assert len(blob) < 20000  # offsets and names, not the knowledge base
    back = pickle.loads(blob)
    assert [str(p) for p in knowledge_of(back).dirs[1:]] == [str(d)]
    unbound = type(art)(text="x")
    assert knowledge_of(unbound) is shipped()
    bind(unbound, kb)
    assert knowledge_of(unbound) is kb and knowledge_of(unbound, Knowledge()) is not kb
