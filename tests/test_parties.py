"""Who receives an act the text aims at no one named: the frames and the article's parties.

Sentences are written for these tests (other names, places and wordings than the evaluation
articles)."""

from __future__ import annotations

import pytest

from conftest import codes, events_of


_TWO_STATE = (
    "LA PAZ, June 3 (AP) - Bolivia recalled its ambassador from Lima on Monday after Peruvian border police "
    "detained four Bolivian traders in Puno. Peru said the traders had smuggled fuel across the frontier. "
    "{}")


@pytest.mark.parametrize("sentence, etype", [
    ("Bolivian opposition leaders demanded that the traders be freed within a week.", "REQUEST"),
    ("Bolivia's opposition Frente Civico threatened to block the border crossings.", "THREATEN"),
])
def test_an_oppositions_unaimed_act_in_a_two_state_story_is_aimed_at_its_own_state(run_text, sentence, etype):
    art = run_text(_TWO_STATE.format(sentence), published="2024-06-03")
    (ev,) = [e for e in events_of(art, etype) if any(a.sector == "OPP" for a in e.actor)]
    assert codes(ev.recipient) == {"BOL"}, ev.recipient


def test_a_states_unaimed_act_in_a_two_state_story_still_faces_the_other_side(run_text):
    art = run_text(_TWO_STATE.format("Bolivia demanded that the traders be freed within a week."),
                   published="2024-06-03")
    (ev,) = [e for e in events_of(art, "REQUEST") if codes(e.actor) == {"BOL"}]
    assert codes(ev.recipient) == {"PER"}


def test_troops_moved_into_home_ground_face_the_other_side(run_text):
    text = ("PHNOM PENH, Feb 6 (Reuters) - Cambodia accused Thailand of shelling its border villages on Saturday. "
            "The Thai army moved tanks into Phanom Dong Rak district of Surin province on Sunday, officials said.")
    art = run_text(text, published="2011-02-07")
    (ev,) = events_of(art, "MOBILIZE")
    assert codes(ev.actor) == {"THA"} and codes(ev.recipient) == {"KHM"}


def test_troops_moved_in_a_domestic_story_face_no_other_state(run_text):
    text = ("NAIROBI, Feb 6 (Reuters) - Kenya's opposition called protests for Monday. "
            "The Kenyan army moved tanks into Garissa on Sunday, officials said.")
    art = run_text(text, published="2011-02-07")
    (ev,) = events_of(art, "MOBILIZE")
    assert codes(ev.actor) == {"KEN"} and codes(ev.recipient) <= {"KEN"}


def test_rejecting_a_criticism_is_aimed_at_whoever_made_it(run_text):
    text = ("The Council of Europe criticised Georgia on Monday for jailing three bloggers. "
            "Georgia's foreign ministry rejected the criticism as meddling and said the bloggers had been "
            "convicted by a lawful court.")
    art = run_text(text, published="2024-06-03")
    (ev,) = events_of(art, "REJECT")
    assert codes(ev.actor) == {"GEO"}
    assert [e.name for e in ev.recipient] == ["Council of Europe"], ev.recipient


@pytest.mark.parametrize("text, etype", [
    ("Senator Okafor dismissed union calls for him to resign, officials said.", "RETREAT"),
    ("Farmers blocked the highway near Puno, chanting for the governor to step down.", "RETREAT"),
])
def test_an_act_in_a_for_to_infinitive_is_wanted_not_done(run_text, text, etype):
    art = run_text(text, published="2024-06-03")
    assert events_of(art, etype) == [], [(e.event_type, e.aux) for e in art.events]


def test_the_world_body_is_the_united_nations(run_text):
    text = ("Armed men attacked a police station in Gonaives on Monday. A UN spokesman, Ivan Petrov, said the "
            "world body was alarmed and called on the Security Council to speed up the deployment.")
    art = run_text(text, published="2024-03-05")
    (ev,) = events_of(art, "REQUEST")
    assert [e.name for e in ev.actor] == ["United Nations"], ev.actor


@pytest.mark.parametrize("text, code", [
    ("ASUNCION, April 1 (Reuters) - Protesters set fire to Congress in Asuncion on Friday after senators backed "
     "an amendment allowing President Cartes to seek re-election.", "PRY"),
    ("Lawmakers in Lima said on Monday that Congress would vote on the impeachment motion. Protesters marched "
     "on Congress in Lima on Tuesday.", "PER"),
    ("Protesters marched on the U.S. Congress in Washington on Tuesday.", "USA"),
])
def test_congress_is_the_legislature_of_the_story_not_always_the_us_one(run_text, text, code):
    art = run_text(text, published="2017-04-01")
    (ev,) = events_of(art, "PROTEST")
    assert codes(ev.recipient) == {code}, ev.recipient


@pytest.mark.parametrize("text, place, recipient", [
    ("Russian troops shelled Kharkiv on Monday.", "Kharkiv", "UKR"),
    ("Israeli jets struck Rafah overnight, witnesses said.", "Rafah", "PSE"),
])
def test_a_town_an_attack_is_done_to_is_its_place_and_its_state_the_target(run_text, text, place, recipient):
    art = run_text(text, published="2023-05-03")
    (ev,) = events_of(art, "ASSAULT")
    assert ev.location is not None and ev.location.text == place
    assert codes(ev.recipient) == {recipient}


def test_a_capital_accused_is_a_party_not_a_place(run_text):
    art = run_text("Moscow accused Kyiv of staging the attack, officials said.", published="2023-05-03")
    (ev,) = events_of(art, "ACCUSE")
    assert codes(ev.recipient) == {"UKR"} and (ev.location is None or ev.location.text != "Kyiv")


def test_aid_flown_in_by_a_foreign_force_is_placed_in_the_story_not_at_home(run_text):
    text = ("KATHMANDU, April 28 (Reuters) - Rescuers in Kathmandu pulled two women alive from a collapsed hotel "
            "on Tuesday. Japan sent 20 tonnes of tents and medicine, officials said. Indian Air Force planes "
            "have delivered 500 tonnes of relief material.")
    art = run_text(text, published="2015-04-28")
    evs = events_of(art, "AID")
    assert len(evs) == 2
    for ev in evs:
        assert ev.location is not None and ev.location.country == "NPL"
        assert codes(ev.recipient) == {"NPL"}


def test_an_unknown_party_takes_the_state_its_apposition_or_other_mention_gives(run_text):
    text = ("HARARE, Aug 9 (Reuters) - Police detained 27 members of the Kuyana Front in Mutare on Wednesday. "
            "The Kuyana Front, a Zimbabwean opposition party, accused Zambia of betraying its leader.")
    art = run_text(text, published="2018-08-09")
    fronts = [e for e in art.entities if e.name == "Kuyana Front" and e.kind == "org"]
    assert len(fronts) == 2 and all(e.country == "ZWE" for e in fronts), fronts
    assert {e.country_source for e in fronts} == {"phrase", "reference"}


@pytest.mark.parametrize("text, actor", [
    ("The African Union remains seriously concerned about the detention of the union leader in Lusaka.",
     "African Union"),
    ("Human Rights Watch is alarmed by accounts of troops whipping prisoners in Gao, a researcher wrote.",
     "Human Rights Watch"),
])
def test_a_bodys_concern_about_an_act_is_disapproval(run_text, text, actor):
    art = run_text(text, published="2023-05-03")
    (ev,) = events_of(art, "ACCUSE")
    assert [e.name for e in ev.actor] == [actor]


@pytest.mark.parametrize("text", [
    "I am concerned about my exams, the student told the local radio station.",
    "Residents said they were shocked by the flooding in Beira.",
    "The report concerns the border dispute between Chad and Sudan.",
])
def test_a_private_feeling_or_a_topic_is_no_disapproval(run_text, text):
    art = run_text(text, published="2023-05-03")
    assert [e for e in art.events if e.event_type == "ACCUSE"] == []


def test_a_subject_the_parser_hung_on_after_does_its_own_clause(run_text):
    text = "Last week Ecuador summoned the Peruvian ambassador after Lima allowed an exiled general to enter the country."
    art = run_text(text, published="2021-05-07")
    (ev,) = events_of(art, "CONCEDE")
    assert codes(ev.actor) == {"PER"}


def test_an_act_narrated_right_after_a_dated_one_takes_its_day(run_text):
    text = ("LOME, June 9 (Reuters) - Togo's opposition called a general strike on Tuesday.\n\n"
            "Police raided the headquarters of the ANC party in Lome on Saturday. Officers detained four "
            "of its officials and seized computers, the party said.\n\n"
            "The interior minister said the officers had acted lawfully.")
    art = run_text(text, published="2020-06-09")
    (ev,) = [e for e in events_of(art, "COERCE") if "detained" in e.mentions[0].trigger]
    assert ev.date_iso() == "2020-06-06" and ev.date_source == "paragraph"


@pytest.mark.parametrize("text, etype, recipient", [
    ("Human Rights Watch said Malian soldiers had committed war crimes near Mopti.", "ACCUSE", "MLI"),
    ("The mayor of Goma pleaded with the rebels to free the hostages.", "REQUEST", None),
    ("Relatives of the kidnapped crew implored Lagos to pay the ransom.", "REQUEST", "NGA"),
])
def test_charges_of_crimes_and_pleas_are_verbal_acts(run_text, text, etype, recipient):
    art = run_text(text, published="2023-05-03")
    (ev,) = events_of(art, etype)
    if recipient:
        assert recipient in codes(ev.recipient)


def test_soldiers_committing_crimes_in_the_writers_words_is_no_accusation(run_text):
    art = run_text("Malian soldiers committed war crimes near Mopti in 2021.", published="2023-05-03")
    assert events_of(art, "ACCUSE") == []


def test_an_agency_named_with_its_state_at_the_end_is_of_that_state(run_text):
    art = run_text("Elections Canada said turnout had fallen to 62 percent.", published="2023-05-03")
    assert [(e.text, e.country) for e in art.entities if e.kind == "org"] == [("Elections Canada", "CAN")]


def test_a_capital_words_are_aimed_at_is_its_government(run_text):
    art = run_text("Caracas lashed out at Bogota over the new border restrictions.", published="2023-05-03")
    (ev,) = events_of(art, "ACCUSE")
    assert codes(ev.actor) == {"VEN"} and codes(ev.recipient) == {"COL"}


def test_forces_deployed_around_another_state_face_it(run_text):
    art = run_text("China deployed warships around Taiwan for a second day of drills.", published="2023-05-03")
    (ev,) = events_of(art, "MOBILIZE")
    assert codes(ev.actor) == {"CHN"} and codes(ev.recipient) == {"TWN"}


def test_a_pronoun_that_suffers_a_passive_act_does_not_make_the_speaker_its_doer(run_text):
    text = ("\u201cThink of 2008: Georgia got bombed, Abkhazia occupied, while it had no hope of membership and it "
            "still got bombed,\u201d Marta Kowalczyk, an analyst at a think tank, told reporters.")
    art = run_text(text, published="2023-05-03")
    for ev in events_of(art, "ASSAULT"):
        assert all("Kowalczyk" not in e.text for e in ev.actor), ev.actor


def test_the_implied_target_tables_are_knowledge_a_user_can_change(tmp_path):
    from eventwire.pipeline import Pipeline, extract_text

    text = ("KATHMANDU, April 28 (Reuters) - Rescuers in Kathmandu pulled two women alive from a collapsed "
            "hotel on Tuesday. Indian Air Force planes have delivered 500 tonnes of relief material.")
    (tmp_path / "roles.yaml").write_text("implied:\n  outward: []\n", encoding="utf-8")
    shipped = extract_text(text, "2015-04-28", pipeline=Pipeline.from_config())
    user = extract_text(text, "2015-04-28", pipeline=Pipeline.from_config(knowledge_dirs=[str(tmp_path)]))
    (aid,) = [e for e in shipped.events if e.event_type == "AID"]
    (aid_user,) = [e for e in user.events if e.event_type == "AID"]
    assert aid.location.country == "NPL" and (aid_user.location is None or aid_user.location.country != "NPL")


@pytest.mark.parametrize("body, word", [
    ("implied:\n  outwards: [AID]\n", "outwards"),
    ("implied:\n  outward: [HELP]\n", "HELP"),
    ("implied:\n  from_below: [STUDENTS]\n", "STUDENTS"),
])
def test_a_bad_implied_table_is_a_config_error_naming_it(tmp_path, body, word):
    from eventwire.errors import ConfigError
    from eventwire.extract.roles import load_roles
    from eventwire.knowledge import Knowledge

    (tmp_path / "roles.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=word):
        load_roles(Knowledge([tmp_path]))


def test_condemning_the_attack_targets_the_other_side_not_the_counter_claim(run_text):
    text = ("TBILISI, May 8 (Reuters) - Russian troops fired on a Georgian police post near the village of "
            "Ergneti on Tuesday, killing one officer, Georgia's interior ministry said.\n\n"
            "Moscow denied it. Its defence ministry said Georgian forces had shelled Russian positions first.\n\n"
            "Georgian Prime Minister Irakli Garibashvili condemned the attack on Wednesday.")
    art = run_text(text, published="2024-05-08")
    (ev,) = [e for e in events_of(art, "ACCUSE") if "condemned" in e.mentions[0].trigger]
    assert codes(ev.actor) == {"GEO"} and codes(ev.recipient) == {"RUS"}, ev.recipient


def test_he_after_an_officials_apposition_subject_is_that_official(run_text):
    text = ("Serbian President Aleksandar Vucic met army commanders in Belgrade on Monday. "
            "The bloc's top diplomat, Josep Borrell, urged Belgrade and Pristina to calm tensions in the north. "
            "He said the EU was ready to send more monitors to the region.")
    art = run_text(text, published="2023-06-05")
    (ev,) = [e for e in art.events if e.mentions[0].trigger.startswith("ready")]
    assert ev.claimed_by is not None and ev.claimed_by.name == "Josep Borrell", ev.claimed_by


def test_a_pronoun_for_a_person_of_unknown_state_takes_the_state_the_person_would(run_text):
    text = ("LUSAKA, July 9 (Reuters) - Zambian police detained opposition leader Mwila Banda at his home on "
            "Tuesday, his party said. \"This is an attempt to silence us,\" party spokeswoman Ruth Tembo "
            "told reporters. She demanded his immediate release.")
    art = run_text(text, published="2024-07-09")
    (ev,) = [e for e in events_of(art, "REQUEST") if e.mentions[0].trigger.startswith("demanded")]
    assert codes(ev.actor) == {"ZMB"}, ev.actor


def test_the_right_to_act_is_no_act(run_text):
    art = run_text("The minister said citizens had the right to protest peacefully.", published="2024-07-09")
    assert events_of(art, "PROTEST") == [] and events_of(art, "ACCUSE") == []


def test_a_meeting_and_its_purpose_are_one_event(run_text):
    art = run_text("President Samuel Ochieng said he would meet church leaders on Thursday to discuss the crisis.",
                   published="2024-07-09")
    assert [e.mentions[0].trigger for e in art.events if e.event_type in ("CONSULT", "AGREE")] == ["meet"]


def test_a_capital_named_as_an_actor_is_no_mention_of_the_story_place(run_text):
    text = ("Ghana expels Togolese diplomats; Lome vows response\n\n"
            "ACCRA, March 4 (AFP) - Ghana on Monday ordered two Togolese diplomats to leave, accusing Lome of "
            "closing the border without notice. Lome said it would respond. Traders protested in Accra on Tuesday.")
    art = run_text(text, published="2025-03-04")
    assert art.facts.story_place is None or art.facts.story_place.name != "Lomé"


def test_summoning_a_states_envoy_is_aimed_at_that_state(run_text):
    art = run_text("Foreign Minister Kwame Asante summoned Togo's ambassador on Monday.", published="2025-03-04")
    (ev,) = events_of(art, "ACCUSE")
    assert "TGO" in codes(ev.recipient)


CIVIL_WAR_STORY = """\
Rebels kill nine soldiers in northern Peru

LIMA - Rebels of the Shining Path killed nine Peruvian soldiers in an ambush in the Vraem valley on Sunday, the army said.
Peru's defence minister condemned the attack and the government declared a state of emergency in three provinces.
The Peruvian army said its troops had killed four rebels in a counter-offensive.
President Boluarte vowed to crush the rebels and said Peru would not negotiate with them.
Peru's congress called for an inquiry into the army's failures.
The United States embassy in Lima condemned the ambush.
Peruvian police arrested two suspected rebel couriers in Ayacucho on Monday.
Washington offered to help Peru's investigation, and US diplomats met American aid officials in Lima.
Peru's prime minister rejected the opposition's demand that the defence minister resign.
Peruvian troops patrolled the valley on Tuesday.
"""


def test_a_state_named_under_three_tenths_as_often_leaves_the_story_domestic(run_text):
    """facts.DOMESTIC_RATIO: Peru named 14 times, the United States 4 (0.29): a story inside Peru,
    its undirected acts aimed at Peru, not at the second state."""
    art = run_text(CIVIL_WAR_STORY, published="2024-05-02")
    assert [e.country for e in art.facts.dyad] == ["PER", "USA"] and art.facts.domestic
    (rej,) = [e for e in events_of(art, "REJECT") if e.mentions[0].trigger == "rejected"]
    assert codes(rej.recipient) == {"PER"}, [(e.text, e.country) for e in rej.recipient]


FOREIGN_DATELINE_STORY = """\
Somalia signs truce with clan militia at Kenyan-hosted talks

NAIROBI, Kenya - Somalia's government and the Ma'awisley militia signed a truce on Tuesday after a week of talks hosted by Kenya.
Somali officials in Mogadishu said the deal would end months of fighting around Beledweyne.
Kenya's foreign minister praised both sides.
The government committed to reopen schools and clinics in the region within a month.
Somalia's president thanked the hosts in a speech in Mogadishu.
Somali troops will withdraw from two villages near Jowhar under the deal.
Residents of Beledweyne welcomed the news.
"""


def test_a_foreign_dateline_does_not_home_the_focus_states_government(run_text):
    """An unqualified "the government" in a story about Somalia filed from Nairobi is Somalia's:
    the article's focus country comes before the dateline's state and the dateline's place."""
    art = run_text(FOREIGN_DATELINE_STORY, published="2024-05-02")
    assert art.facts.focus_country == "SOM" and art.facts.dateline.country == "KEN"
    gov = [a for e in art.events for a in e.actor if a.text == "government"]
    assert gov and all(a.country == "SOM" for a in gov), [(a.text, a.country, a.country_source) for a in gov]


@pytest.mark.parametrize("text, etype", [
    ("Vietnamese and Indonesian navies held joint patrols near the Natuna islands on Monday.", "COOPERATE"),
    ("Armenia and Azerbaijan agreed on Friday to resume border talks in Tbilisi.", "AGREE"),
])
def test_several_parties_with_no_one_else_named_act_towards_each_other(run_text, text, etype):
    """events.MUTUAL: both parties are actors and recipients (as for a clash)."""
    art = run_text(text, published="2024-05-02")
    (ev,) = [e for e in art.events if e.event_type == etype]
    assert len(codes(ev.actor)) == 2 and codes(ev.recipient) == codes(ev.actor), \
        ([(a.text, a.country) for a in ev.actor], [(r.text, r.country) for r in ev.recipient])



def test_an_act_narrated_after_a_placed_one_in_its_paragraph_happens_there(run_text):
    text = ("ACCRA, May 9 (Reuters) - Cocoa farmers in Ghana have protested for a week over prices.\n\n"
            "On Monday, hundreds of farmers blocked the main highway at Tarkwa, burning tyres. Traders "
            "closed their shops. Police dispersed the crowd with tear gas, witnesses said.\n\n"
            "The farmers said they would return to the road.")
    art = run_text(text, published="2023-05-09")
    (ev,) = [e for e in events_of(art, "ASSAULT") if "dispersed" in e.mentions[0].trigger]
    assert ev.location.name == "Tarkwa" and ev.location_source == "paragraph"


_BULLETED = ("Vietnam bans Chinese fishing boats from disputed waters\n\n"
             "Key points:\n\n"
             "- Beijing says the ban breaks a 2000 accord\n\n"
             "- Vietnam says Chinese boats rammed its patrols\n\n"
             "HANOI, June 3 — China's foreign ministry on Monday condemned Vietnam's ban on Chinese trawlers in "
             "the Gulf of Tonkin and China threatened to escort its fleets. Chinese officials said China would "
             "protect China's fishermen. Vietnam said China had rammed two patrol boats.\n\n"
             "Agriculture Minister Le Van Thanh rejected the Chinese claims on Tuesday.")


def test_a_dateline_after_a_bullet_list_is_the_datelines_city(run_text):
    from eventwire.extract.facts import dateline_place
    from eventwire.extract.places import dateline_prefix
    art = run_text(_BULLETED, published="2024-06-04")
    place = dateline_place(art)
    assert place is not None and place.name == "Hanoi"
    assert dateline_prefix("HANOI, June 3 ") and dateline_prefix("LIMA, Peru (AP) ")
    assert not dateline_prefix("Officials in Lima, June 3 ") and not dateline_prefix("Hanoi, June 3 ")


def test_an_unknown_minister_with_no_nationality_serves_the_dateline_side(run_text):
    """The focus is China (named most), the dateline is Vietnam's capital, and Vietnam is one of
    the story's two sides: a minister the text gives no state reports from where the reporter is."""
    art = run_text(_BULLETED, published="2024-06-04")
    assert art.facts.focus_country == "CHN"
    (ev,) = [e for e in events_of(art, "REJECT") if "Thanh" in " ".join(a.text for a in e.actor)]
    assert codes(ev.actor) == {"VNM"}


def test_a_place_the_sentence_before_names_carries_to_the_act_narrated_after_it(run_text):
    """The sentence before reports no event ("entered" is no trigger) but names where."""
    text = ("KASSALA, June 2 (Reuters) - Paramilitary fighters entered the town of Sennar on Friday. They shot "
            "dead four traders, residents said.")
    art = run_text(text, published="2024-06-02")
    (ev,) = events_of(art, "ASSAULT")
    assert ev.location.name == "Sennar" and ev.location_source == "paragraph"
    # "They" comes before the speakers: the residents did not shoot anyone
    assert all(a.text != "residents" for a in ev.actor)


def test_we_in_a_quote_the_speaker_follows_is_the_speaker(run_text):
    art = run_text("Report\n\nWe will not accept the border plan, Bolivia's foreign minister said on Monday.",
                   published="2024-06-02")
    (ev,) = events_of(art, "REJECT")
    assert codes(ev.actor) == {"BOL"}


def test_hostages_a_side_releases_are_the_other_sides_people(run_text):
    """A release recipient "hostages" given the article's focus state (the releaser's) is the other
    side's people (situate._captives_side, reading cues.yaml captive_nouns)."""
    from dataclasses import replace

    from eventwire.extract.lexicon import load_lexicon
    from eventwire.extract.situate import _captives_side
    from eventwire.knowledge import Knowledge

    text = ("Houthis agree swap with Saudi Arabia\n\nSANAA, May 3 (Reuters) - Yemen's Houthis agreed a prisoner "
            "swap with Saudi Arabia in Muscat on Tuesday, Yemeni officials said. Yemen's war has lasted nine "
            "years.\n\nThe Houthis will release 40 hostages, the agency said.")
    art = run_text(text, published="2023-05-03")
    (ev,) = [e for e in art.events if e.event_type in ("CONCEDE", "RETREAT") and "hostages" in e.mentions[0].text]
    assert codes(ev.actor) == {"YEM"} and art.facts.focus_country == "YEM"
    start = art.text.index("hostages")
    held = replace(ev.actor[0], text="hostages", start=start, end=start + 8, name=None, kind="agent",
                   sector="CVL", country="YEM", country_source="article")
    captives = load_lexicon(Knowledge()).cue("captive_nouns")
    assert _captives_side(art, ev, held, captives).country == "SAU"
    assert _captives_side(art, ev, replace(held, text="Yemeni detainees"), captives).country == "YEM"


def test_a_visitor_arriving_for_talks_is_their_actor(run_text):
    """"arrived ... for talks with" the hosts: the visitor acts (roles.yaml CONSULT noun host_agent
    among the actors), the hosts are not the only party."""
    art = run_text("Report\n\nZambia's foreign minister arrived in Lilongwe on Monday for talks with Malawian "
                   "officials on the border.", published="2024-03-11")
    (ev,) = events_of(art, "CONSULT")
    assert "ZMB" in codes(ev.actor)
