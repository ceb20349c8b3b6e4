"""ContextStage: contexts only where a keyword is in the event's sentence or paragraph."""

from __future__ import annotations

import pytest

from eventwire.errors import ConfigError
from eventwire.extract.contexts import ContextStage
from eventwire.knowledge import Knowledge
from eventwire.model import Article, Event, Mention, Section, Sentence


def article(paragraphs):
    text = "\n\n".join(paragraphs)
    art = Article(text=text)
    pos = 0
    for i, p in enumerate(paragraphs):
        art.sections.append(Section("body", pos, pos + len(p)))
        art.sentences.append(Sentence(pos, pos + len(p), "body", None, pos, index=i, paragraph=i))
        pos += len(p) + 2
    return art


def event_in(art, i, trigger):
    s = art.sentences[i]
    ev = Event("ASSAULT", mentions=[Mention(art.text[s.start:s.end], s.start, s.end, trigger, "body")])
    art.events.append(ev)
    return ev


def test_contexts_from_sentence_and_paragraph():
    art = article([
        "Armenia has sent dozens of trucks to the ruined town of Lachin to bring in aid and evacuate "
        "families after Yerevan and Baku at last agreed to open a humanitarian corridor.",
        "Armenia’s Foreign Minister Ararat Mirzoyan and his Azerbaijani counterpart Jeyhun Bayramov began talks "
        "at 10 a.m. local time in the Georgian city of Batumi.",
        "Moscow has further insisted that Kyiv recognise Crimea, annexed by Russia in 2014, as Russian "
        "soil.",
    ])
    evs = [event_in(art, 0, "agreed"), event_in(art, 1, "talks"), event_in(art, 2, "annexed")]
    ContextStage(Knowledge(), {})(art)
    assert "human_security" in evs[0].contexts
    assert evs[1].contexts == ["diplomatic"]
    assert "territory" in evs[2].contexts
    assert "crime" not in evs[2].contexts  # "Crimea" is not "crime*"
    assert "human_security" not in evs[1].contexts + evs[2].contexts


def test_case_sensitive_keywords():
    art = article(["Residents who fled the shelling said the city had no power.",
                   "The WHO said the outbreak was spreading."])
    a, b = event_in(art, 0, "shelling"), event_in(art, 1, "spreading")
    ContextStage(Knowledge(), {})(art)
    assert "health" not in a.contexts and "health" in b.contexts
    assert "military" in a.contexts and "migration" in a.contexts


def test_user_keywords_and_bad_file(tmp_path):
    (tmp_path / "contexts.yaml").write_text("cyber: [power grid]\n", encoding="utf-8")
    art = article(["Hackers hit the power grid overnight."])
    ev = event_in(art, 0, "hit")
    ContextStage(Knowledge([tmp_path]), {})(art)
    assert ev.contexts == ["cyber"]
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "contexts.yaml").write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        ContextStage(Knowledge([bad]), {})
