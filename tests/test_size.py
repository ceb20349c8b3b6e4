"""Event size from sentences written for these tests (the constructions of real ones): numbers only
where the text gives them."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.clean import CleanStage
from eventwire.extract.size import find_sizes, parse_number, size_of
from eventwire.ingest.text import article_from_text
from eventwire.knowledge import Knowledge
from eventwire.nlp.stage import ParseStage


def fields(text):
    return {(f, v) for f, v, _, _ in find_sizes(text)}


@pytest.mark.parametrize("text,expected", [
    ("An Ethiopian drone strike on the town of Adigrat killed 23 people, including four children, and wounded 57.",
     {("dead", 23), ("injured", 57)}),
    ("Serbia’s Interior Ministry said 87 people had been detained overall.", {("arrested", 87)}),
    ("At least 20 dead and dozens wounded in the attack.", {("dead", 20), ("injured", 12)}),
    ("three soldiers were killed and 12 injured", {("dead", 3), ("injured", 12)}),
    ("Police arrested 300 protesters on Monday.", {("arrested", 300)}),
    ("Tens of thousands rallied in Tbilisi.", {("crowd", 10000)}),
    ("the death toll rose to 34", {("dead", 34)}),
])
def test_counts(text, expected):
    assert fields(text) == expected


@pytest.mark.parametrize("text", [
    "A number of pupils and teachers are thought to have been hurt in the raid on the school, "
    "though the number of victims is still to be confirmed.",
    "Olga Petrenko, 41, and her 39-year-old brother Ivan Petrenko are named on the register.",
    "Japan has placed sanctions on over 450 people and firms from Iran.",
])
def test_no_number_no_size(text):
    assert fields(text) == set()


def test_parse_number():
    vague = {"dozens": 12, "hundreds": 100}
    assert parse_number("1,200", vague) == 1200
    assert parse_number("twenty-one", vague) == 21
    assert parse_number("three hundred", vague) == 300
    assert parse_number("dozens", vague) == 12
    assert parse_number("several", vague) is None


def test_size_of_keeps_to_the_trigger_clause():
    kb = Knowledge()
    text = ("Adigrat\n\nTigrayan leader Debretsion Gebremichael urged partners to apply \"firm pressure\" on Addis "
            "Ababa after an Ethiopian strike on the town of Adigrat killed 23 people.")
    art = article_from_text(text, "<test>", dt.date(2025, 4, 14))
    for st in (CleanStage(kb, {}), ParseStage(kb, {})):
        st(art)
    sent = art.sentences[-1]

    def at(word):
        i = text.index(word)
        return size_of(art, sent, i, i + len(word))

    assert at("strike") == {"dead": 23, "injured": None, "arrested": None, "crowd": None}
    assert at("killed")["dead"] == 23
    assert at("urged")["dead"] is None
