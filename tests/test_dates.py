"""Date resolution against the publication date, on phrases written for these tests (the date
expressions of the eval articles and corpus, other words around them)."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.clean import CleanStage
from eventwire.extract.dates import DateStage, event_date, find_dates
from eventwire.ingest.text import article_from_text
from eventwire.knowledge import Knowledge
from eventwire.nlp.stage import ParseStage

THU = dt.date(2022, 3, 10)  # the CNBC story: a Thursday


def dates(text, pub):
    return [(m.text, m.iso(), m.precision) for m in find_dates(text, 0, pub)]


@pytest.mark.parametrize("text,pub,expected", [
    ("the envoys are gathering for talks in Qatar on Thursday", THU, ("Thursday", "2022-03-10", "day")),
    ("blamed the rebels yet again for the massacre on Wednesday", THU, ("Wednesday", "2022-03-09", "day")),
    ("under heavy shelling this week from rebel gunners", THU, ("this week", "2022-03-07", "week")),
    ("the island, which it seized in 2014, as Chinese waters", THU, ("2014", "2014", "year")),
    ("The meeting takes place two weeks after Ethiopia’s border offensive", THU,
     ("two weeks after", "2022-02-24", "day")),
    ("joint drill held near Lviv on Friday, Feb. 4, 2022.", THU,
     ("Friday, Feb. 4, 2022", "2022-02-04", "day")),
    ("in Kherson, Ukraine, March 9, 2022 in a photo released by", THU, ("March 9, 2022", "2022-03-09", "day")),
    ("After the offensive that started Feb. 24, Japan has frozen assets", dt.date(2022, 4, 19),
     ("Feb. 24", "2022-02-24", "day")),
    ("Last week, new penalties hit several banks", dt.date(2022, 4, 19), ("Last week", "2022-04-11", "week")),
    ("Farmers have held the line, the minister said today", dt.date(2022, 4, 19),
     ("today", "2022-04-19", "day")),
    ("who marched with the crowd on Thursday evening", dt.date(2024, 12, 2),
     ("Thursday evening", "2024-11-28", "day")),
    ("Libyan militia chiefs turned down new talks earlier this week", dt.date(2024, 5, 31),
     ("earlier this week", "2024-05-27", "week")),
    ("buses arrived yesterday", dt.date(2022, 4, 1), ("yesterday", "2022-03-31", "day")),
    ("The talks resumed earlier this month", dt.date(2022, 4, 19), ("earlier this month", "2022-04-01", "month")),
    ("prices rose last month", dt.date(2022, 4, 19), ("last month", "2022-03-01", "month")),
    ("the attack last year", dt.date(2025, 1, 26), ("last year", "2024", "year")),
    ("elections held in May", dt.date(2022, 4, 19), ("May", "2021-05-01", "month")),
    ("on March 9 the hospital was hit", THU, ("March 9", "2022-03-09", "day")),
])
def test_resolution(text, pub, expected):
    assert expected in dates(text, pub)


def test_weekday_never_resolves_forward():
    # a Monday story: "Sunday" is the day before, "Monday" that day, "Saturday" two days before
    pub = dt.date(2025, 1, 27)
    got = {t: iso for t, iso, _ in dates("Sunday, Monday and Saturday", pub)}
    assert got == {"Sunday": "2025-01-26", "Monday": "2025-01-27", "Saturday": "2025-01-25"}


def test_times_are_not_dates_and_unknown_publication():
    assert dates("opened talks at 9 a.m. GMT in the Greek port of Piraeus", THU) == []
    assert dates("on Thursday", None) == [("Thursday", None, None)]
    assert dates("March 9, 2022", None) == [("March 9, 2022", "2022-03-09", "day")]
    assert dates("Olga Petrenko, 41, and her 39-year-old brother", THU) == []


@pytest.fixture(scope="module")
def run():
    kb = Knowledge()
    stages = [CleanStage(kb, {}), ParseStage(kb, {}), DateStage(kb, {})]

    def _run(text, pub):
        art = article_from_text(text, "<test>", pub)
        for st in stages:
            st(art)
        return art

    return _run


def _event_date(art, word):
    start = art.text.index(word)
    sent = next(s for s in art.sentences if s.start <= start < s.end)
    return event_date(art, sent, start, start + len(word))


def test_stage_offsets_and_event_date(run):
    text = ("Chad and Sudan talks stall\n\nSudan’s army chief accused Chad yet again "
            "of atrocities on Wednesday after an attack on a clinic in the western "
            "Sudanese town of Geneina. The discussions take place two weeks after Chad’s large-scale invasion "
            "of its neighbour Sudan.")
    art = run(text, THU)
    for m in art.dates:
        assert art.text[m.start:m.end] == m.text
    assert _event_date(art, "accused").iso() == "2022-03-09"
    assert _event_date(art, "invasion").iso() == "2022-02-24"
    assert _event_date(art, "discussions") is None  # "two weeks after" dates the invasion


def test_stage_unknown_publication_date(run):
    art = run("Talks\n\nThe ministers met on Tuesday in Jeddah.", None)
    (m,) = art.dates
    assert (m.text, m.date, m.precision) == ("Tuesday", None, None)


@pytest.mark.parametrize("text, published, day", [
    ("Kenya's foreign minister said he will meet his Ugandan counterpart in Kampala on Thursday.",
     "2025-06-10", "2025-06-12"),  # a Tuesday: the coming Thursday
    ("The next round of talks is scheduled to begin in Doha in August.", "2025-10-02", "2026-08-01"),
])
def test_a_planned_acts_bare_weekday_or_month_lies_ahead(run_text, text, published, day):
    art = run_text(text, published=published)
    assert art.events and art.events[0].date_iso() == day


def test_a_past_acts_weekday_stays_behind(run_text):
    art = run_text("Kenya's foreign minister met his Ugandan counterpart in Kampala on Thursday.",
                   published="2025-06-10")
    assert art.events and art.events[0].date_iso() == "2025-06-05"


def test_a_plan_announced_on_a_weekday_keeps_the_announcements_day(run_text):
    art = run_text("Chad's government announced on Thursday that it would reopen the border crossing "
                   "for three months.", published="2024-08-16")
    assert art.events and art.events[0].date_iso() == "2024-08-15"


def test_a_lead_dates_its_main_event_not_the_background_it_recalls(run_text):
    """The lead's "two days after ..." phrase does not vote for the story day when its main
    clause has a date of its own (facts.BACKGROUND_HEADS)."""
    text = ("TASHKENT, May 3 (Reuters) - Uzbek aircraft bombed rebel camps in the Surkhan valley on Monday, "
            "after an ambush on a border post on Saturday killed six guards. The ambush on Saturday was the "
            "deadliest this year. The rebels said they carried out the attack on Saturday. Officials said the "
            "raids would go on.")
    art = run_text(text, published="2023-05-03")
    assert art.facts.story_day != dt.date(2023, 4, 29)
    (ev,) = [e for e in art.events if e.mentions[0].trigger == "bombed"]
    assert ev.date == dt.date(2023, 5, 1)


def test_days_later_count_from_the_last_dated_moment(run_text):
    art = run_text("Report\n\nTalks were held in Maputo on Monday. A day later, the rebels attacked a base "
                   "near Pemba.", published="2024-03-10")
    later = [m for m in art.dates if m.text.startswith("A day later")]
    assert later and str(later[0].date) == "2024-03-05" and later[0].precision == "day"
    ev = [e for e in art.events if e.event_type == "ASSAULT"][0]
    assert str(ev.date) == "2024-03-05"
