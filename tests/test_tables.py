"""What a person sees in ``extract -f table`` and ``events -f table`` (issue 11): tables as wide
as the terminal (not a fixed 160 columns), whole sentences wrapped (not cut before the trigger),
actor and recipient with what they are ("KEN police → KEN protesters", not "Kenya → Kenya"),
and the headline and body mentions of one event in one row. Records built by hand (no NLP)."""

from __future__ import annotations

import io
import re

import pytest

from eventwire.tables import entity_label, fold, when, who, write_article_tables, write_event_table

LONG = ("In a statement issued late on Sunday evening after hours of clashes in the centre of the "
        "capital, the interior ministry said that police had fired tear gas and rubber bullets at "
        "thousands of protesters who had gathered outside parliament.")


def _ent(text, name, country, sector=None):
    return {"text": text, "start": 0, "end": len(text), "name": name, "country": country,
            "sector": sector, "affiliation": None, "wikidata": None}


def _event(eid, section, sentence, trigger, **kw):
    ev = {"id": eid, "event_type": "ASSAULT", "mode": None, "aux": None, "contexts": [], "quad": None,
          "score": -9.0, "actor": [_ent("Kenyan police", "Kenya", "KEN", "COP")],
          "recipient": [_ent("protesters", "Kenya", "KEN", "CVL")], "claimed_by": None,
          "date": "2024-06-25", "date_precision": "day", "date_text": None, "location": None,
          "size": {}, "mentions": [{"text": sentence, "start": 0, "end": len(sentence), "trigger": trigger,
                                    "section": section}], "confidence": 0.9}
    ev.update(kw)
    return ev


def _record(events):
    return {"schema": "eventwire/1", "article": {"id": "a", "url": None, "title": "Police fire on protesters",
                                                  "outlet": "Wire", "published": "2024-06-26",
                                                  "language": "en", "source": "a.txt"},
            "events": events, "quotes": [], "places": [], "entities": []}


@pytest.mark.parametrize("ent, label", [
    (_ent("Kenyan police", "Kenya", "KEN", "COP"), "KEN police"),
    (_ent("police", None, "KEN", "COP"), "KEN police"),
    (_ent("protesters", "Kenya", "KEN", "CVL"), "KEN protesters"),
    (_ent("Ukraine", "Ukraine", "UKR", "GOV"), "UKR"),
    (_ent("Russia's", "Russia", "RUS", None), "RUS"),
    (_ent("it", "Ukraine", "UKR", "GOV"), "UKR"),
    (_ent("Lavrov", "Sergey Lavrov", "RUS", "GOV"), "RUS Sergey Lavrov"),
    (_ent("the alliance", "NATO", None, "IGO"), "NATO"),
    (_ent("Timothy Ash", "Timothy Ash", None, None), "Timothy Ash"),
])
def test_entity_labels_say_what_the_entity_is(ent, label):
    assert entity_label(ent) == label


def test_who_shows_actor_and_recipient():
    ev = _event("e1", "body", "x", "x")
    assert who(ev) == "KEN police → KEN protesters"  # before: "Kenya/KEN/COP" and "Kenya/KEN/CVL"
    assert who(dict(ev, recipient=[])) == "KEN police"
    assert who(dict(ev, actor=[])) == "? → KEN protesters"


def test_headline_and_body_mentions_of_one_event_are_one_row(monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    head = _event("e0", "headline", "Police fire on protesters", "fire")
    body = _event("e1", "body", LONG, "fired")
    other = _event("e2", "body", "Police also arrested 40 people.", "arrested", event_type="COERCE")
    groups = fold([head, body, other], lambda ev: "a")
    assert [[e["id"] for e in g] for g in groups] == [["e1", "e0"], ["e2"]]
    buf = io.StringIO()
    write_article_tables([_record([head, body, other])], buf)
    out = buf.getvalue()
    assert out.count("ASSAULT") == 1 and "also in the headline" in out
    # one canonical event in one article is one row in the events table too
    a = dict(body, canonical_id="c1", article={"id": "a"}, report_count=2, source_count=1)
    b = dict(_event("e3", "body", "Police fired again.", "fired"), canonical_id="c1", article={"id": "a"})
    assert len(fold([a, b], lambda ev: ev["article"]["id"])) == 1


@pytest.mark.parametrize("columns", [80, 120, 200])
def test_tables_fit_the_terminal_and_keep_whole_sentences(monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    body = _event("e1", "body", LONG, "fired")
    for write in (lambda buf: write_article_tables([_record([body])], buf),
                  lambda buf: write_event_table([dict(body, canonical_id="c1", article={"id": "a"},
                                                      report_count=1, source_count=1)], buf)):
        buf = io.StringIO()
        write(buf)
        lines = buf.getvalue().splitlines()
        assert max(len(ln) for ln in lines) <= columns, columns  # before: 160 columns always
        last_cells = " ".join(ln.split("│")[-2] for ln in lines if ln.count("│") > 1)  # the sentence column
        shown = last_cells.split()
        for word in LONG.split():  # every word of the sentence is shown: nothing cut before the trigger
            assert word in shown, (word, columns)
        assert "..." not in buf.getvalue()


@pytest.mark.parametrize("date, precision, shown", [
    ("2023-11-14", "day", "2023-11-14"), ("2023-11-13", "week", "2023-W46"),
    ("2023-11-01", "month", "2023-11"), ("2019-01-01", "year", "2019"), (None, None, ""),
])
def test_the_when_column_shows_a_date_no_finer_than_it_is_known(date, precision, shown):
    assert when({"date": date, "date_precision": precision}) == shown
    ev = {"id": "e", "event_type": "PROTEST", "date": date, "date_precision": precision, "actor": [],
          "recipient": [], "mentions": [{"sentence": "Farmers marched in Lyon.", "start": 0, "end": 24,
                                         "trigger": "marched", "section": "body"}],
          "article": {"id": "a", "title": "t"}, "report_count": 1, "source_count": 1}
    buf = io.StringIO()
    write_event_table([ev], buf)
    if shown:
        assert shown in buf.getvalue()
