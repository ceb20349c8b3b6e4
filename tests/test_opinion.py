"""Opinion reported as such is no event: poll and survey findings. Sentences written for these
tests (other names, places and wordings than the evaluation articles)."""

from __future__ import annotations

import pytest


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
