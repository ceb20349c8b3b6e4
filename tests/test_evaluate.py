"""The scorer of ``eventwire eval`` (eval/README.md, rules 1–8), on hand-built system records.

None of these tests runs the extractor: system records are built by hand against a small
hand-built gold and against the seed gold (tests/fixtures/seed).
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.evaluate import (entity_codes, evaluate_articles, evaluate_gsr, normalise,
                                score_article, score_gsr_record, sum_scores)
from eventwire.evaluate.score import date_fits, place_fits, priority_matching

SEED_DIR = Path(__file__).resolve().parent / "fixtures" / "seed"
SEED = SEED_DIR / "cnbc-2022-03-10-russia-ukraine-talks.txt"
SEED_GOLD = SEED_DIR / "cnbc-2022-03-10-russia-ukraine-talks.gold.json"

SEED_TEXT = SEED.read_text(encoding="utf-8")

#: Canonical entities for the codes used in the gold files.
_IGO_NAMES = {"IGO:UN": "United Nations", "IGO:NATO": "NATO", "IGO:EU": "European Union",
              "IGO:ICRC": "International Committee of the Red Cross", "IGO:AU": "African Union",
              "IGO:OSCE": "OSCE", "IGO:ECOWAS": "ECOWAS"}


def ent(code: str | None = None, text: str | None = None, start: int = 0, end: int = 0, **kw) -> dict:
    """A system Entity dict for a gold code (ISO alpha-3 or IGO:NAME)."""
    if code and code.startswith("IGO:"):
        e = {"text": text or _IGO_NAMES[code], "name": _IGO_NAMES[code], "country": None, "sector": "IGO"}
    else:
        e = {"text": text or code or "someone", "name": text or code, "country": code, "sector": "GOV"}
    e.update({"start": start, "end": end, "affiliation": None, "wikidata": None})
    e.update(kw)
    return e


def sys_event(event_type: str, sentence: str, actor=(), recipient=(), *, mode=None, aux=None,
              location=None, date=None, trigger="x", confidence=0.5, eid="e") -> dict:
    """A system Event dict with one mention sentence."""
    return {"id": eid, "event_type": event_type, "mode": mode, "contexts": [], "aux": aux,
            "quad": None, "score": None, "actor": [ent(c) if isinstance(c, str) else c for c in actor],
            "recipient": [ent(c) if isinstance(c, str) else c for c in recipient], "claimed_by": None,
            "date": date, "date_precision": "day" if date and len(date) == 10 else ("year" if date else None),
            "date_text": None, "location": location,
            "size": {"dead": None, "injured": None, "arrested": None, "crowd": None},
            "mentions": [{"text": sentence, "start": 0, "end": len(sentence), "trigger": trigger, "section": "body"}],
            "confidence": confidence}


def place(name: str, country: str, text: str | None = None, start: int = 0, end: int = 0) -> dict:
    return {"text": text or name, "start": start, "end": end, "name": name, "country": country,
            "admin1": None, "lat": None, "lon": None, "geonameid": None, "feature": None}


def record(events=(), quotes=(), places=(), entities=()) -> dict:
    return {"schema": "eventwire/1", "article": {}, "events": list(events), "quotes": list(quotes),
            "places": list(places), "entities": list(entities)}


def perfect_event(g: dict, i: int = 0) -> dict:
    """The system event a perfect extractor gives for gold event ``g``."""
    loc = g.get("location")
    return sys_event(g["event_type"], f"So it was: {g['evidence'][0]}, they said.",
                     actor=g["actor"], recipient=g["recipient"], mode=g["mode"], aux=g["aux"],
                     location=place(loc["name"], loc["country"]) if loc else None, date=g["date"],
                     eid=f"s{i}")


def perfect_record(gold: dict) -> dict:
    events = [perfect_event(g, i) for i, g in enumerate(gold["events"])
              if g["aux"] not in ("negation", "hypothetical")]
    quotes = [{"text": f"{q['evidence']}, really", "start": 0, "end": 0, "verb": "said",
               "speaker": ent(None, text=q["speaker"], name=q["speaker"], country=None)}
              for q in gold["quotes"]]
    places = [place(p["name"], p["country"]) for p in gold["places"]]
    return record(events, quotes, places)


@pytest.fixture
def seed_gold() -> dict:
    return json.loads(SEED_GOLD.read_text(encoding="utf-8"))


def gold_event(gold: dict, gid: str) -> dict:
    """A gold event by id (its evidence snippets stay in the seed gold file, not in this test)."""
    return next(g for g in gold["events"] if g["id"] == gid)


#: A small hand-built gold: one required ASSAULT, one optional CONSULT, one negated SANCTION.
SMALL_TEXT = "Russian forces shelled Kharkiv on Monday.\nPhoto: Agency X\nNo sanctions were imposed on Kabaeva.\n"
SMALL_GOLD = {
    "schema": "eventwire-gold/1", "metadata": {"published": "2022-03-10"},
    "boilerplate": ["Photo: Agency X"], "captions": [],
    "events": [
        {"id": "g1", "event_type": "ASSAULT", "also_accept": ["COERCE"], "mode": "aerial",
         "actor": ["RUS"], "recipient": ["UKR"], "location": {"name": "Kharkiv", "country": "UKR"},
         "date": "2022-03-07", "aux": None, "evidence": ["forces shelled Kharkiv"], "required": True},
        {"id": "g2", "event_type": "CONSULT", "also_accept": [], "mode": None, "actor": ["RUS", "UKR"],
         "recipient": [], "location": None, "date": None, "aux": None, "evidence": ["talks in Antalya"],
         "required": False},
        {"id": "g3", "event_type": "SANCTION", "also_accept": [], "mode": None, "actor": [],
         "recipient": ["RUS"], "location": None, "date": None, "aux": "negation",
         "evidence": ["no sanctions were imposed"], "required": False},
    ],
    "quotes": [], "places": [{"name": "Kharkiv", "country": "UKR"}],
}
S1 = "Russian forces shelled Kharkiv on Monday."


def _assault(**kw) -> dict:
    args = {"actor": ["RUS"], "recipient": ["UKR"], "mode": "aerial", "date": "2022-03-07",
            "location": place("Kharkiv", "UKR")}
    args.update(kw)
    return sys_event("ASSAULT", S1, **args)


def test_perfect_system_on_seed_gold_scores_one(seed_gold):
    res = score_article(perfect_record(seed_gold), seed_gold, SEED_TEXT)
    for key in ("events", "triples", "quotes"):
        assert (res[key]["precision"], res[key]["recall"], res[key]["f1"]) == (1.0, 1.0, 1.0), key
    assert res["events"]["tp"] == sum(1 for g in seed_gold["events"] if g["required"])
    for key in ("location", "date", "mode", "aux"):
        assert res[key]["accuracy"] == 1.0, key
    assert res["location"]["total"] == 4 and res["date"]["total"] == 5 and res["mode"]["total"] == 9
    assert res["places"] == {"found": 11, "total": 11, "recall": 1.0}
    assert res["leaks"]["count"] == 0 and res["duplicates"] == 0 and res["set_aside"] == 0
    assert res["misses"] == [] and res["false_positives"] == []


def test_perfect_system_on_small_gold():
    res = score_article(record([_assault()], places=[place("Kharkiv", "UKR")]), SMALL_GOLD, SMALL_TEXT)
    assert res["events"] == {"tp": 1, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert res["optional_unmatched"] == ["g2"]
    assert res["quotes"]["precision"] is None and res["quotes"]["recall"] is None


def test_empty_system_misses_everything_required(seed_gold):
    res = score_article(record(), seed_gold, SEED_TEXT)
    required = sum(1 for g in seed_gold["events"] if g["required"])
    assert res["events"] == {"tp": 0, "fp": 0, "fn": required, "precision": None, "recall": 0.0, "f1": None}
    assert [m["gold"] for m in res["misses"]][:3] == ["g1", "g2", "g3"]
    assert res["misses"][0]["evidence"] == gold_event(seed_gold, "g1")["evidence"][0]
    assert res["quotes"]["fn"] == 5  # the optional one-word quote is no miss


def test_duplicate_counts_neither_way():
    second = sys_event("ASSAULT", "Kharkiv: Russian forces shelled Kharkiv again, officials said.", ["RUS"], ["UKR"])
    res = score_article(record([_assault(), second]), SMALL_GOLD, SMALL_TEXT)
    assert (res["events"]["tp"], res["events"]["fp"], res["events"]["fn"]) == (1, 0, 0)
    assert res["duplicates"] == 1


def test_optional_gold_match_is_no_fp_and_no_tp():
    consult = sys_event("CONSULT", "They held talks in Antalya.", ["RUS", "UKR"])
    res = score_article(record([_assault(), consult]), SMALL_GOLD, SMALL_TEXT)
    assert (res["events"]["tp"], res["events"]["fp"], res["events"]["fn"]) == (1, 0, 0)
    assert res["optional_unmatched"] == []


def test_unmatched_system_event_is_fp_with_its_sentence():
    stray = sys_event("PROTEST", "Crowds gathered in the square.", trigger="gathered")
    res = score_article(record([_assault(), stray]), SMALL_GOLD, SMALL_TEXT)
    assert res["events"]["fp"] == 1 and res["events"]["precision"] == 0.5
    assert res["false_positives"][0] == {"system": "e", "event_type": "PROTEST", "trigger": "gathered",
                                         "sentence": "Crowds gathered in the square.", "section": "body",
                                         "asserts": None}


def test_wrong_type_does_not_match_but_also_accept_does():
    res = score_article(record([_assault() | {"event_type": "THREATEN"}]), SMALL_GOLD, SMALL_TEXT)
    assert (res["events"]["tp"], res["events"]["fp"], res["events"]["fn"]) == (0, 1, 1)
    assert res["misses"][0]["seen_as"] == ["THREATEN"]
    res = score_article(record([_assault() | {"event_type": "COERCE"}]), SMALL_GOLD, SMALL_TEXT)
    assert res["events"]["tp"] == 1
    assert res["mode"]["total"] == 0  # mode is judged only where the system type is the gold type


def test_wrong_actor_is_triple_fn_and_fp():
    res = score_article(record([_assault(actor=["CHN"])]), SMALL_GOLD, SMALL_TEXT)
    assert (res["events"]["tp"], res["events"]["fp"], res["events"]["fn"]) == (1, 0, 0)
    assert (res["triples"]["tp"], res["triples"]["fp"], res["triples"]["fn"]) == (0, 1, 1)
    assert res["triple_errors"][0]["system_actor"] == ["CHN"]
    # an empty gold list accepts anything; a missing system actor does not fit a named one
    res = score_article(record([_assault(actor=[])]), SMALL_GOLD, SMALL_TEXT)
    assert res["triples"]["tp"] == 0


def test_triples_add_event_errors():
    stray = sys_event("PROTEST", "Crowds gathered in the square.")
    res = score_article(record([_assault(recipient=["RUS"]), stray]), SMALL_GOLD, SMALL_TEXT)
    assert (res["triples"]["tp"], res["triples"]["fp"], res["triples"]["fn"]) == (0, 2, 1)


def test_negation_aux_system_event_is_set_aside():
    denied = sys_event("SANCTION", "No sanctions were imposed on Kabaeva.", [], ["RUS"], aux="negation")
    hypo = sys_event("ASSAULT", "Russia could attack Moldova.", ["RUS"], ["MDA"], aux="hypothetical")
    res = score_article(record([_assault(), denied, hypo]), SMALL_GOLD, SMALL_TEXT)
    assert (res["events"]["tp"], res["events"]["fp"], res["events"]["fn"]) == (1, 0, 0)
    assert res["set_aside"] == 2
    # set aside also when it would have matched a real gold event: it is no claim
    res = score_article(record([_assault(aux="negation")]), SMALL_GOLD, SMALL_TEXT)
    assert (res["events"]["tp"], res["events"]["fn"]) == (0, 1)
    assert res["misses"][0]["seen_as"] == ["ASSAULT(negation)"]


def test_asserting_a_negated_gold_event_is_fp():
    asserted = sys_event("SANCTION", "No sanctions were imposed on Kabaeva.", [], ["RUS"], trigger="sanctions")
    res = score_article(record([_assault(), asserted]), SMALL_GOLD, SMALL_TEXT)
    assert (res["events"]["tp"], res["events"]["fp"], res["events"]["fn"]) == (1, 1, 0)
    assert res["false_positives"][0]["asserts"] == "g3"


def test_evidence_normalisation_curly_quotes_dashes_case_space(seed_gold):
    # gold g3's first snippet has a curly apostrophe; the mention folds it, changes case and spaces
    words = gold_event(seed_gold, "g3")["evidence"][0].replace("\u2019", "'").split(" ")
    sentence = words[0].upper() + "  " + words[1] + "\u00a0" + " ".join(words[2:-1]) + "   " + words[-1] + " \u2014 and"
    ev = sys_event("REQUEST", sentence, ["RUS"], ["UKR"], mode="change")
    res = score_article(record([ev]), seed_gold, SEED_TEXT)
    assert [m["gold"] for m in res["matches"]] == ["g3"]
    assert normalise("\u201cNeutral\u201d  status \u2013 now\n") == '"neutral" status - now'
    assert normalise("\uff32ussia\u2019s") == "russia's"  # NFKC folds the full-width letter


def test_two_pass_matching_prefers_actor_compatible_pairing():
    gold = copy.deepcopy(SMALL_GOLD)
    sentence = "Russia and Ukraine exchanged fire on Monday."
    gold["events"] = [
        {"id": "gR", "event_type": "ASSAULT", "also_accept": [], "mode": None, "actor": ["RUS"],
         "recipient": ["UKR"], "location": None, "date": None, "aux": None,
         "evidence": ["exchanged fire"], "required": True},
        {"id": "gU", "event_type": "ASSAULT", "also_accept": [], "mode": None, "actor": ["UKR"],
         "recipient": ["RUS"], "location": None, "date": None, "aux": None,
         "evidence": ["exchanged fire"], "required": True},
    ]
    ukr = sys_event("ASSAULT", sentence, ["UKR"], ["RUS"], eid="ukr")  # first in system order
    rus = sys_event("ASSAULT", sentence, ["RUS"], ["UKR"], eid="rus")
    res = score_article(record([ukr, rus]), gold, SMALL_TEXT)
    assert {m["gold"]: m["system"] for m in res["matches"]} == {"gR": "rus", "gU": "ukr"}
    assert res["triples"]["tp"] == 2 and res["triples"]["fp"] == 0


def test_second_pass_keeps_the_matching_maximum():
    gold = copy.deepcopy(SMALL_GOLD)
    sentence = "Russia and Ukraine exchanged fire on Monday."
    gold["events"] = [
        {"id": "gR", "event_type": "ASSAULT", "also_accept": [], "mode": None, "actor": ["RUS"],
         "recipient": [], "location": None, "date": None, "aux": None,
         "evidence": ["exchanged fire"], "required": True},
        {"id": "gB", "event_type": "ASSAULT", "also_accept": [], "mode": None, "actor": ["BLR"],
         "recipient": [], "location": None, "date": None, "aux": None,
         "evidence": ["exchanged fire"], "required": True},
    ]
    rus = sys_event("ASSAULT", sentence, ["RUS"], eid="rus")
    chn = sys_event("ASSAULT", sentence, ["CHN"], eid="chn")
    res = score_article(record([rus, chn]), gold, SMALL_TEXT)
    assert {m["gold"]: m["system"] for m in res["matches"]} == {"gR": "rus", "gB": "chn"}
    assert res["events"]["tp"] == 2 and res["triples"]["tp"] == 1


def test_priority_matching_serves_required_first_and_augments():
    # gold 0 optional, gold 1 required; both want system 0 only: the required one gets it
    assert priority_matching([1, 0], {0: [0], 1: [0]}, [lambda g, s: True]) == {1: 0}
    # augmenting path: gold 0 took system 0 first, gold 1 can only use system 0 -> gold 0 moves
    assert priority_matching([0, 1], {0: [0, 1], 1: [0]}, [lambda g, s: True]) == {0: 1, 1: 0}
    # a free candidate is taken before displacing anyone
    assert priority_matching([0, 1], {0: [0], 1: [0, 1]}, [lambda g, s: True]) == {0: 0, 1: 1}


def test_candidates_same_place_and_date_first():
    elsewhere = _assault(location=place("Kyiv", "UKR"), date="2022-03-01") | {"id": "far"}
    here = _assault() | {"id": "here"}
    res = score_article(record([elsewhere, here]), SMALL_GOLD, SMALL_TEXT)
    assert res["matches"][0]["system"] == "here"
    assert res["location"]["accuracy"] == 1.0 and res["date"]["accuracy"] == 1.0 and res["duplicates"] == 1


def test_location_and_date_accuracy_counts():
    res = score_article(record([_assault(location=place("Kyiv", "UKR"), date="2022-03-08", mode="ground")]),
                        SMALL_GOLD, SMALL_TEXT)
    assert res["location"] == {"correct": 0, "total": 1, "accuracy": 0.0}
    assert res["date"] == {"correct": 0, "total": 1, "accuracy": 0.0}
    assert res["mode"] == {"correct": 0, "total": 1, "accuracy": 0.0}
    assert res["aux"] == {"correct": 1, "total": 1, "accuracy": 1.0}
    res = score_article(record([_assault(aux="historical")]), SMALL_GOLD, SMALL_TEXT)
    assert res["aux"]["accuracy"] == 0.0


def test_date_tolerance(seed_gold):
    assert date_fits("2022-02-24", "2022-02-27", 3) and date_fits("2022-02-24", "2022-02-21", 3)
    assert not date_fits("2022-02-24", "2022-02-28", 3)
    assert not date_fits("2022-02-24", "2022-02-25") and date_fits("2022-02-24", "2022-02-24")
    # seed g2 (invasion, 2022-02-24 ± 3 days): "two weeks after" resolved to 2022-02-24 or 02-26
    for sys_date, ok in (("2022-02-26", True), ("2022-03-10", False)):
        ev = sys_event("ASSAULT", gold_event(seed_gold, "g2")["evidence"][0].replace("\u2019", "'") + " of it",
                       ["RUS"], ["UKR"], date=sys_date, location=place("Ukraine", "UKR"))
        res = score_article(record([ev]), seed_gold, SEED_TEXT)
        assert res["date"]["correct"] == int(ok)


def test_year_only_gold_date():
    assert date_fits("2014", "2014") and date_fits("2014", "2014-03-18")
    assert not date_fits("2014", "2015") and not date_fits("2014-03-18", "2014")
    gold = copy.deepcopy(SMALL_GOLD)
    gold["events"][0]["date"] = "2014"
    assert score_article(record([_assault(date="2014")]), gold, SMALL_TEXT)["date"]["accuracy"] == 1.0
    assert score_article(record([_assault(date="2022-03-07")]), gold, SMALL_TEXT)["date"]["accuracy"] == 0.0


def test_place_rule():
    assert place_fits({"name": "Lugansk", "country": "UKR"}, place("Luhansk", "UKR", text="Lugansk"))
    assert place_fits({"name": "Donetsk", "country": "UKR"}, place("Donetsk Oblast", "UKR"))
    assert not place_fits({"name": "Donetsk", "country": "UKR"}, place("Donetsk", "RUS"))
    assert not place_fits({"name": "Mariupol", "country": "UKR"}, None)


def test_igo_phrase_codes():
    assert entity_codes(ent(None, text="Secretary-General", country=None)) == {"IGO:UN"}
    assert entity_codes({"text": "UN Secretary\u2013General Antonio Guterres", "name": "Antonio Guterres",
                         "country": None}) == {"IGO:UN"}
    assert entity_codes({"text": "Guterres", "name": "Antonio Guterres", "affiliation": "United Nations"}) == {"IGO:UN"}
    assert entity_codes({"text": "UNICEF", "name": None}) == {"IGO:UN"}
    assert entity_codes({"text": "the Red Cross"}) == {"IGO:ICRC"}
    assert entity_codes({"text": "European Commission", "country": None}) == {"IGO:EU"}
    assert entity_codes({"text": "Brussels officials", "affiliation": "European Union", "country": "BEL"}) == {"BEL", "IGO:EU"}
    assert entity_codes({"text": "African Union", "name": "African Union"}) == {"IGO:AU"}
    assert entity_codes({"text": "NATO allies"}) == {"IGO:NATO"}
    assert entity_codes({"text": "the council", "name": "Sun Council"}) == set()  # no whole phrase
    assert entity_codes({"text": "Russia", "country": "RUS"}) == {"RUS"}


def test_igo_actor_makes_a_triple(seed_gold):
    guterres = {"text": "UN Secretary-General Antonio Guterres", "start": 0, "end": 0,
                "name": "Antonio Guterres", "country": None, "sector": "GOV", "affiliation": "United Nations"}
    ev = sys_event("ACCUSE", "UN chief " + gold_event(seed_gold, "g12")["evidence"][0] + ", calling it",
                   [guterres], [], mode="disapprove")
    res = score_article(record([ev]), seed_gold, SEED_TEXT)
    assert res["matches"][0]["gold"] == "g12" and res["triples"]["tp"] == 1


def test_boilerplate_leaks(seed_gold):
    credit = "Ukraine Military | via Reuters"
    start = SEED_TEXT.index(credit)
    leaked = ent("UKR", text="Ukraine Military", start=start, end=start + len("Ukraine Military"))
    reuters = ent(None, text="Reuters", start=start + len(credit) - 7, end=start + len(credit), country=None)
    body = SEED_TEXT.index("Russia and Ukraine")
    fine = ent("RUS", text="Russia", start=body, end=body + 6)
    comment = SEED_TEXT.index("Post a Comment")
    ev = sys_event("ASSAULT", "Shelling went on overnight.", [leaked], ["UKR"])
    rec = record([ev], entities=[leaked, reuters, fine],
                 places=[place("Ukraine", "UKR", start=start, end=start + 7)],
                 quotes=[{"text": "Post a Comment", "start": comment, "end": comment + 14, "speaker": None, "verb": None}])
    res = score_article(rec, seed_gold, SEED_TEXT)
    assert res["leaks"]["count"] == 4  # Ukraine Military (once), Reuters, the place, the quote
    assert sorted(x["kind"] for x in res["leaks"]["items"]) == ["entity", "entity", "place", "quote"]
    assert {x["line"] for x in res["leaks"]["items"]} == {credit, "Post a Comment"}


def test_boilerplate_inside_a_longer_line_is_not_a_rule_8_leak():
    text = "Police used water cannon in Tbilisi. Photo: EPA-EFE/DAVID M\n"
    gold = dict(SMALL_GOLD, boilerplate=["Photo: EPA-EFE/DAVID M"], events=[], places=[])
    s = text.index("EPA")
    res = score_article(record(entities=[ent(None, text="EPA", start=s, end=s + 3)]), gold, text)
    assert res["leaks"]["count"] == 0 and [x["text"] for x in res["leaks"]["inline"]] == ["EPA"]


def test_quote_matching(seed_gold):
    ash = {"text": "Timothy Ash", "name": "Timothy Ash", "country": None, "start": 0, "end": 0}
    he = {"text": "he", "name": None, "country": None, "start": 0, "end": 0}
    first, second = (g["evidence"] for g in seed_gold["quotes"][:2])
    q = [{"text": first + ", that\u2019s the reality,", "speaker": ash},
         {"text": second + ".", "speaker": he},
         {"text": first, "speaker": ash},
         {"text": "neutral status", "speaker": None},
         {"text": "horrific", "speaker": {"text": "Guterres", "name": "Antonio Guterres"}}]
    res = score_article(record(quotes=q), seed_gold, SEED_TEXT)
    # tp: Ash's first quote and the optional "horrific"; fn: 4 of Ash's 5 required ones;
    # fp: the pronoun speaker without a name, the second copy of the first quote, the scare quote
    assert (res["quotes"]["tp"], res["quotes"]["fn"], res["quotes"]["fp"]) == (2, 4, 3)
    assert len(res["quote_false_positives"]) == 3


def test_quote_evidence_is_normalised(seed_gold):
    ash = {"text": "ASH", "name": None}
    third = seed_gold["quotes"][2]["evidence"]
    assert "\u2019" in third  # curly in the gold, straight in the system quote
    res = score_article(record(quotes=[{"text": third.replace("\u2019", "'") + ".", "speaker": ash}]), seed_gold,
                        SEED_TEXT)
    assert res["quotes"]["tp"] == 1


def test_place_recall(seed_gold):
    rec = record(places=[place("Luhansk", "UKR", text="Lugansk"), place("Antalya", "TUR"), place("Turkey", "TUR")])
    res = score_article(rec, seed_gold, SEED_TEXT)
    assert res["places"] == {"found": 3, "total": 11, "recall": 3 / 11}
    assert {"name": "Mariupol", "country": "UKR"} in res["places_missed"]


def test_micro_average_sums_counts(seed_gold):
    a = score_article(perfect_record(seed_gold), seed_gold, SEED_TEXT)
    b = score_article(record(), seed_gold, SEED_TEXT)
    tot = sum_scores([a, b])
    n = a["events"]["tp"]
    assert tot["events"]["tp"] == n and tot["events"]["fn"] == n and tot["events"]["recall"] == 0.5
    assert tot["places"] == {"found": 11, "total": 22, "recall": 0.5}
    assert tot["documents"] == 2 and tot["location"]["total"] == 4


def test_gsr_record_scoring():
    gold = {"id": "X1", "text": "The UN condemned Israel.", "event_type": "ACCUSE",
            "actor": [{"text": "UN", "code": "IGO", "sector": None}],
            "recipient": [{"text": "Israel", "code": "ISR", "sector": None}]}
    un = {"text": "The UN", "name": "United Nations", "country": None, "sector": "IGO"}
    good = sys_event("ACCUSE", gold["text"], [un], ["ISR"], confidence=0.6)
    other = sys_event("CONSULT", gold["text"], ["ISR"], confidence=0.9)
    r = score_gsr_record(record([good, other]), gold)
    assert r["top1"] == "CONSULT" and not r["top1_ok"] and r["recalled"]
    assert r["actor_ok"] is True and r["recipient_ok"] is True
    r = score_gsr_record(record([good, other | {"aux": "negation"}]), gold)
    assert r["top1_ok"] and r["types"] == ["ACCUSE"]
    r = score_gsr_record(record([sys_event("ACCUSE", gold["text"], ["USA"], [])]), gold)
    assert r["actor_ok"] is False and r["recipient_ok"] is False
    r = score_gsr_record(record(), gold)
    assert r["top1"] == "NONE" and r["actor_ok"] is None
    nobody = dict(gold, recipient=[])
    assert score_gsr_record(record([good]), nobody)["recipient_ok"] is None


class _FakeArticlePipeline:
    """Stands in for the extractor: adds one event per article, or nothing."""

    def run(self, article):
        return article

    def pipe(self, items):
        from eventwire.model import Entity, Event, Mention

        for art in items:
            if "fail" in art.text:
                from eventwire.pipeline import Failure

                yield Failure(art.source, "extract", "boom")
                continue
            art.events = [Event("AGREE", actor=[Entity("Hungary", 0, 7, country="HUN")], confidence=0.7,
                                mentions=[Mention(art.text, 0, len(art.text), "agreed", "body")])]
            yield art


def test_evaluate_articles_runs_the_pipeline_per_gold_file(tmp_path):
    shutil.copy(SEED, tmp_path / SEED.name)
    shutil.copy(SEED_GOLD, tmp_path / SEED_GOLD.name)
    res = evaluate_articles(tmp_path, pipeline=_FakeArticlePipeline())
    assert res["kind"] == "articles" and res["articles"][0]["document"] == SEED.name
    assert res["articles"][0]["half"] == "tune"
    assert res["totals"]["all"]["events"]["tp"] == 0 and res["totals"]["all"]["events"]["fn"] == 12
    assert res["totals"]["tune"] == res["totals"]["all"] and res["totals"]["check"]["documents"] == 0
    assert res["totals"]["all"]["places"]["total"] == 11 and res["articles"][0]["error"] is None


def test_evaluate_gsr_with_a_stand_in_pipeline(tmp_path):
    recs = [{"id": "a", "text": "Hungary agreed.", "event_type": "AGREE", "actor": [{"text": "Hungary", "code": "HUN"}], "recipient": []},
            {"id": "b", "text": "Romania protested.", "event_type": "PROTEST", "actor": [], "recipient": []},
            {"id": "c", "text": "This will fail.", "event_type": "AGREE", "actor": [], "recipient": []}]
    f = tmp_path / "gsr.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in recs) + "\n", encoding="utf-8")
    res = evaluate_gsr(f, pipeline=_FakeArticlePipeline())
    tot = res["totals"]["all"]
    assert tot["type_accuracy"] == {"correct": 1, "total": 3, "accuracy": 1 / 3}
    assert tot["actor_accuracy"] == {"correct": 1, "total": 1, "accuracy": 1.0}
    assert tot["confusion"] == {"AGREE": {"AGREE": 1, "NONE": 1}, "PROTEST": {"AGREE": 1}}
    # halves by sha256 of the id: "a" and "b" are check, "c" is tune
    assert [r["half"] for r in res["results"]] == ["check", "check", "tune"]
    assert res["totals"]["tune"]["records"] == 1 and res["totals"]["check"]["records"] == 2
    assert res["totals"]["check"]["type_accuracy"]["correct"] == 1
    assert res["errors"] == [{"id": "c", "half": "tune", "error": "boom"}]
    assert evaluate_gsr(f, pipeline=_FakeArticlePipeline(), limit=1)["records"] == 1


def test_text_report_lists_figures_misses_and_false_positives(seed_gold, tmp_path):
    import io

    from eventwire.evaluate import evaluate_path
    from eventwire.evaluate.report import write_text

    shutil.copy(SEED, tmp_path / SEED.name)
    shutil.copy(SEED_GOLD, tmp_path / SEED_GOLD.name)
    res = evaluate_path(tmp_path, pipeline=_FakeArticlePipeline())
    res["articles"]["articles"][0].update(score_article(record([sys_event("PROTEST", "Crowds gathered.", trigger="gathered")]),
                                            seed_gold, SEED_TEXT))
    out = io.StringIO()
    write_text(res, out)
    text = out.getvalue()
    assert "TUNE (micro-averaged, 1 articles)" in text and "ALL (micro-averaged" in text and f"g1 CONSULT: \"{gold_event(seed_gold, 'g1')['evidence'][0]}\"" in text
    assert "PROTEST 'gathered': Crowds gathered." in text


def test_cli_missing_or_invalid_path_exits_1(tmp_path):
    from eventwire.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["eval", str(tmp_path / "nope")])
    assert res.exit_code == 1 and "no such file or directory" in res.output
    (tmp_path / "a.txt").write_text("x")
    res = runner.invoke(app, ["eval", str(tmp_path / "a.txt")])
    assert res.exit_code == 1 and "not a gold directory" in res.output
    res = runner.invoke(app, ["eval", str(tmp_path)])
    assert res.exit_code == 1 and "no *.gold.json" in res.output
    (tmp_path / "b.gold.json").write_text('{"schema": "other"}')
    res = runner.invoke(app, ["eval", str(tmp_path)])
    assert res.exit_code == 1 and "eventwire-gold/1" in res.output
    assert len(res.output.strip().splitlines()) == 1
