"""Opinion and objection: poll and survey findings are no event; a state's protest is an
objection (ACCUSE), people's protest a demonstration. Sentences written for these tests (other
names, places and wordings than the evaluation articles)."""

from __future__ import annotations

import pytest
from conftest import codes, events_of


@pytest.mark.parametrize("text", [
    "A March survey by Ipsos found 61 percent of Chileans opposed extending the curfew, against 30 percent in favour.",
    "According to a Gallup poll, 70 percent of Americans back sanctions on Russia.",
    "A poll published on Sunday showed that most Kenyans supported the strike.",
    "Some 58 per cent of Georgians reject the foreign agents law, the survey suggests.",
])
def test_a_poll_finding_is_no_event(run_text, text):
    art = run_text(text, published="2023-05-03")
    assert art.events == [], [(e.event_type, e.mentions[0].trigger) for e in art.events]


@pytest.mark.parametrize("text, etype", [
    ("Police said 70 percent of the protesters were detained on Monday.", "COERCE"),
    ("The pollster's office in Minsk was raided by police on Monday.", "COERCE"),
])
def test_an_act_beside_a_share_or_a_pollster_is_still_an_event(run_text, text, etype):
    art = run_text(text, published="2023-05-03")
    assert etype in {e.event_type for e in art.events}


@pytest.mark.parametrize("text, etype", [
    ("Ghana protested to Togo on Monday over the closure of the border at Aflao.", "ACCUSE"),
    ("Ghana's foreign ministry protested the detention of eleven traders in Lome.", "ACCUSE"),
    ("Ghanaians protested in Accra on Monday against the rise in fuel prices.", "PROTEST"),
])
def test_a_state_protesting_objects_and_people_protesting_demonstrate(run_text, text, etype):
    art = run_text(text, published="2023-05-03")
    types = {e.event_type for e in art.events if e.mentions[0].trigger.startswith("protest")}
    assert types == {etype}, [(e.event_type, e.mentions[0].trigger) for e in art.events]


@pytest.mark.parametrize("text, etype", [
    ("The rebels boycotted the peace talks in Juba on Monday.", "REJECT"),
    ("Opposition supporters boycotted the local elections in Harare.", "PROTEST"),
])
def test_boycotting_talks_refuses_them_and_boycotting_a_vote_protests(run_text, text, etype):
    art = run_text(text, published="2023-05-03")
    assert [e.event_type for e in art.events if e.mentions[0].trigger.startswith("boycott")] == [etype]


def test_an_attributive_verdict_on_an_act_is_an_accusation(run_text):
    """An evaluative adjective on the act noun a copula names ("this is a reckless decision"),
    said by someone: ACCUSE by the speaker; a non-evaluative adjective there ("a ready army") is none."""
    art = run_text('Officials in Accra announced new export quotas on Monday. "This is a deeply '
                   'disappointing decision," the Ivorian trade minister said.', published="2024-05-02")
    (ev,) = events_of(art, "ACCUSE")
    assert codes(ev.actor) == {"CIV"}, [(a.text, a.country) for a in ev.actor]
    art = run_text('"It is a ready army," the Ivorian defence minister said.', published="2024-05-02")
    assert not art.events, [e.event_type for e in art.events]


def test_an_attack_that_will_not_go_unpunished_is_a_threat(run_text):
    """triggers.yaml ``unpunished``: negated, a THREATEN by the speaker; plain, a charge of impunity."""
    art = run_text("Gunmen killed four soldiers at a checkpoint near Gao on Monday. The defence minister "
                   "said the attack would not go unpunished.", published="2024-05-02")
    (thr,) = events_of(art, "THREATEN")
    assert codes(thr.actor) == {"MLI"}, [(a.text, a.country) for a in thr.actor]
