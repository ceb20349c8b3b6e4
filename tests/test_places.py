"""PlaceStage and event_location on real sentences (eval articles and ../corpus/news excerpts)."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.clean import CleanStage
from eventwire.extract.places import PlaceStage, event_location
from eventwire.ingest.text import article_from_text
from eventwire.knowledge import Knowledge
from eventwire.model import FURNITURE_ROLES
from eventwire.nlp.stage import ParseStage


@pytest.fixture(scope="module")
def run():
    kb = Knowledge()
    stages = [CleanStage(kb, {}), ParseStage(kb, {}), PlaceStage(kb, {})]

    def _run(text: str, published=dt.date(2022, 3, 10)):
        art = article_from_text(text, "<test>", published)
        for st in stages:
            st(art)
        return art

    return _run


def by_text(art, text):
    hits = [p for p in art.places if p.text == text]
    assert hits, f"{text!r} not among {[p.text for p in art.places]}"
    return hits[0]


def loc(art, word, nth=0):
    """event_location for the trigger ``word`` (its nth occurrence)."""
    start = -1
    for _ in range(nth + 1):
        start = art.text.index(word, start + 1)
    sent = next(s for s in art.sentences if s.start <= start < s.end)
    return event_location(art, sent, start, start + len(word))


HEAD = "Russia-Ukraine talks fail\n\n"
ANTALYA = ("Russia’s Foreign Minister Sergey Lavrov and his Ukrainian counterpart Dmytro Kuleba started "
           "talks at 8 a.m. GMT in the Turkish city of Antalya.")
DONBAS = ("Russia has also demanded that Ukraine acknowledges Crimea, which it annexed in 2014, as Russian "
          "territory, and recognizes the independence of the pro-Russian separatist republics of Donetsk "
          "and Lugansk in the Donbas region.")


def test_cities_countries_and_demonyms(run):
    art = run(HEAD + ANTALYA)
    antalya = by_text(art, "Antalya")
    assert (antalya.name, antalya.country, antalya.geonameid) == ("Antalya", "TUR", 323777)
    assert antalya.lat == pytest.approx(36.9, abs=0.1)
    assert by_text(art, "Russia").geonameid == 2017370
    texts = {p.text for p in art.places}
    assert not texts & {"Turkish", "Ukrainian", "GMT", "Kuleba", "Lavrov"}
    assert [p.start for p in art.places] == sorted(p.start for p in art.places)
    for p in art.places:
        assert art.text[p.start:p.end] == p.text


def test_aliases_regions_and_ambiguous_cities(run):
    art = run(HEAD + DONBAS)
    donetsk = by_text(art, "Donetsk")
    assert (donetsk.country, donetsk.geonameid) == ("UKR", 709717)  # not Russia's Donetsk (565348)
    lugansk = by_text(art, "Lugansk")
    assert (lugansk.name, lugansk.country, lugansk.geonameid) == ("Luhansk", "UKR", 702658)
    assert by_text(art, "Donbas").country == "UKR"
    crimea = by_text(art, "Crimea")
    assert (crimea.country, crimea.feature) == ("UKR", "ADM1")


def test_georgia_country_or_us_state(run):
    art = run("Georgia protests\n\nPolice in the Georgian capital Tbilisi have forcibly dispersed crowds "
              "protesting against the government’s decision to suspend EU accession talks. "
              "The ruling party, Georgian Dream, claimed victory in Georgia’s parliamentary elections.",
              dt.date(2024, 12, 2))
    georgia = by_text(art, "Georgia")
    assert (georgia.country, georgia.feature, georgia.geonameid) == ("GEO", "PCLI", 614540)
    assert by_text(art, "Tbilisi").geonameid == 611717
    art = run("Election day\n\nVoters lined up in Atlanta, Georgia, on Tuesday.")
    georgia = by_text(art, "Georgia")
    assert (georgia.country, georgia.geonameid) == ("USA", 4197000)


def test_small_places_abbreviations_and_spacy_person_tags(run):
    art = run("Canada promises artillery\n\nUkrainians have \"fought like heroes,\" Trudeau said today in "
              "Dalhousie, N.B., where he made a long-term care funding announcement.", dt.date(2022, 4, 19))
    assert by_text(art, "Dalhousie").country == "CAN"
    assert (by_text(art, "N.B.").name, by_text(art, "N.B.").country) == ("New Brunswick", "CAN")
    # spaCy's small model tags "Niamey" PERSON here
    art = run("Niger coup\n\nEarlier on Wednesday, the group had blocked off the presidential palace in the "
              "Nigerien capital, Niamey.", dt.date(2023, 7, 26))
    assert by_text(art, "Niamey").geonameid == 2440485
    assert "Nigerien" not in {p.text for p in art.places}


def test_not_places(run):
    art = run("Rates\n\nThe Bank of England raised interest rates. UN Secretary-General Antonio Guterres "
              "condemned the attack. Kabaeva became a lawmaker in the Duma. Police said 20 people were hurt.")
    texts = {p.text for p in art.places}
    assert not texts & {"England", "UN", "Duma", "Police"}


def test_furniture_has_no_places(run):
    art = run("Russia-Ukraine talks fail\n\nA car burns after the destruction of Mariupol children’s hospital "
              "in Mariupol, Ukraine, March 9, 2022.\nUkraine Military | via Reuters\n\nPost a Comment")
    assert any(p.name == "Mariupol" for p in art.places)
    for p in art.places:
        assert art.section_at(p.start).role not in FURNITURE_ROLES


def test_event_location_prefers_attached_and_specific_place(run):
    art = run(HEAD + ANTALYA)
    assert loc(art, "talks", 1).name == "Antalya"  # "Turkish city of Antalya" → the city
    art = run(HEAD + "Russia and Ukraine’s foreign ministers are meeting for talks in Turkey on Thursday.")
    assert loc(art, "meeting").name == "Turkey"
    art = run(HEAD + "The talks come as fighting continue to rages across Ukraine, with Russia troops moving "
                     "in from the north, east and south.")
    assert loc(art, "fighting").name == "Ukraine"


def test_event_location_not_an_actor_or_the_dateline(run):
    text = (HEAD + "Ukraine’s President Volodymyr Zelenskyy accused Russia once again of war crimes on "
            "Wednesday following an attack on a children’s hospital in the southern Ukrainian city of "
            "Mariupol, which has been under near constant attack this week from Russian forces.")
    art = run(text)
    assert loc(art, "attack").name == "Mariupol"
    accused = loc(art, "accused")
    assert accused is None or accused.name != "Russia"
    art = run("KYIV, Ukraine (AP) — Russian forces shelled the city of Kharkiv on Monday, officials said.")
    assert {"Kyiv", "Kharkiv"} <= {p.name for p in art.places}
    assert loc(art, "shelled").name == "Kharkiv"


def test_event_location_besieged_city_and_none(run):
    art = run("Sudan\n\nFighting continues to rage in the besieged city of El Fasher in North Darfur.",
              dt.date(2024, 5, 31))
    assert loc(art, "Fighting").name == "El Fasher"
    assert loc(art, "besieged").name == "El Fasher"
    art = run(HEAD + "UN Secretary-General Antonio Guterres condemned the attack, calling it “horrific” "
                     "in a Twitter post.")
    assert loc(art, "condemned") is None


def test_event_location_anaphora_keeps_its_own_words(run):
    art = run("Niger coup\n\nA group of soldiers in Niger said that President Mohamed Bazoum has been removed "
              "from power. They also said the nation's borders are closed and a curfew has been imposed "
              "\"until further notice.\"", dt.date(2023, 7, 26))
    closed = loc(art, "closed")
    assert (closed.text, closed.name, closed.country) == ("the nation", "Niger", "NER")
    assert art.text[closed.start:closed.end] == "the nation"
    assert loc(art, "imposed").name == "Niger"  # coordinated clause shares the place
    assert all(p.text != "the nation" for p in art.places)  # anaphors are not toponyms


def test_capital_marks_only_its_own_country(run):
    art = run("LONDON (Reuters) - Sudanese army leaders are rejecting peace talks.", dt.date(2024, 5, 31))
    london = by_text(art, "LONDON")
    assert (london.country, london.feature, london.geonameid) == ("GBR", "PPLC", 2643743)


def test_whole_pipeline_records_places(run_text):
    art = run_text(HEAD + ANTALYA + " " + DONBAS)
    rec = {p["text"]: p for p in art.record()["places"]}
    assert rec["Antalya"]["geonameid"] == 323777 and rec["Antalya"]["country"] == "TUR"
    assert rec["Lugansk"]["name"] == "Luhansk"
    assert "Turkish" not in rec and "Ukrainian" not in rec


def test_the_west_is_a_bloc_not_a_place(run_text):
    art = run_text("Putin accused the West of waging an economic war on Russia after talks in Istanbul.")
    names = {p.text for p in art.places}
    assert "West" not in names and "the West" not in names
    assert "Istanbul" in names


def test_article_within_finds_items_by_offset_and_follows_changes():
    from eventwire.model import Article, Place

    art = Article(text="x" * 100, id="a")
    art.places = [Place("B", 50, 51), Place("A", 10, 11), Place("C", 90, 91)]
    assert [p.text for p in art.within("places", 0, 60)] == ["A", "B"]
    assert [p.text for p in art.within("places", 51, 100)] == ["C"]
    art.places.append(Place("D", 55, 56))  # the index is rebuilt when the list changes
    assert [p.text for p in art.within("places", 40, 60)] == ["B", "D"]
    art.places = []
    assert art.within("places", 0, 100) == []
