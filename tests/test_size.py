"""Event size from real sentences: numbers only where the text gives them."""

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
    ("A Russian strike on the city of Sumy killed 31 people, including two children, and wounded 84.",
     {("dead", 31), ("injured", 84)}),
    ("Georgia’s Interior Ministry said 224 people had been detained in total.", {("arrested", 224)}),
    ("At least 20 dead and dozens wounded in the attack.", {("dead", 20), ("injured", 12)}),
    ("three soldiers were killed and 12 injured", {("dead", 3), ("injured", 12)}),
    ("Police arrested 300 protesters on Monday.", {("arrested", 300)}),
    ("Tens of thousands rallied in Tbilisi.", {("crowd", 10000)}),
    ("the death toll rose to 34", {("dead", 34)}),
])
def test_counts(text, expected):
    assert fields(text) == expected


@pytest.mark.parametrize("text", [
    "A number of children and adults are believed to have been wounded in the attack on the hospital, "
    "although the number of casualties is yet to be confirmed.",
    "Maria Vorontsova, 36, and her 35-year-old sister Katerina Tikhonova are named on the list.",
    "Canada has imposed sanctions on more than 700 individuals and entities from Russia.",
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
    text = ("Sumy\n\nUkrainian leader Volodymyr Zelensky called on allies to put \"strong pressure\" on Russia "
            "after a Russian strike on the city of Sumy killed 31 people.")
    art = article_from_text(text, "<test>", dt.date(2025, 4, 14))
    for st in (CleanStage(kb, {}), ParseStage(kb, {})):
        st(art)
    sent = art.sentences[-1]

    def at(word):
        i = text.index(word)
        return size_of(art, sent, i, i + len(word))

    assert at("strike") == {"dead": 31, "injured": None, "arrested": None, "crowd": None}
    assert at("killed")["dead"] == 31
    assert at("called")["dead"] is None
