"""Event stage on sentences written for these tests: each test pins one kind of rule with the right value.

Each sentence has the construction (and the trap) of a real one, of the seed article, of a
PLOVER gold standard record or of a corpus article (source named), with other names, places,
wording and numbers: the evaluation sentences themselves stay in ../shared/eval.
"""

from __future__ import annotations

import pytest


def events_of(art, etype=None, include_set_aside=False):
    out = [e for e in art.events if etype is None or e.event_type == etype]
    if not include_set_aside:
        out = [e for e in out if e.aux not in ("negation", "hypothetical")]
    return out


def codes(ents):
    return {e.country or (e.name if e.sector in ("IGO", "NGO") else None) for e in ents} - {None}


def test_talks_have_both_ministers_as_actors_and_the_host_city(run_text):
    art = run_text("Armenia’s Foreign Minister Ararat Mirzoyan and his Azerbaijani counterpart Jeyhun Bayramov "
                   "began talks at 10 a.m. local time in the Kazakh city of Almaty.")
    (ev,) = events_of(art, "CONSULT")
    assert codes(ev.actor) == {"ARM", "AZE"}
    assert codes(ev.recipient) == {"ARM", "AZE"}  # each the other's (events.MUTUAL)
    assert ev.location.name == "Almaty" and ev.location.country == "KAZ"
    assert ev.mode == "third-party"  # two sides meeting in a third country
    assert ev.mentions[0].trigger == "talks"


def test_a_demonym_before_a_city_is_not_a_place(run_text):
    # the same kind with another city: "Kazakh" is also a GeoNames alternate name of Petropavl
    art = run_text("Troops clashed with marchers in the Kazakh city of Shymkent on Monday.")
    assert "Kazakh" not in {p.text for p in art.places}
    (ev,) = [e for e in art.events if e.location is not None]
    assert (ev.location.name, ev.location.country) == ("Shymkent", "KAZ")


def test_negated_willingness_is_a_refusal(run_text):
    art = run_text("For its part, Chile has stated it is not willing to hand over any of its islands to Peru.")
    (ev,) = events_of(art)
    assert (ev.event_type, ev.mode, ev.aux) == ("REJECT", "yield", None)
    assert codes(ev.actor) == {"CHL"}


def test_passive_accusation_has_no_actor(run_text):
    art = run_text("Eritrea has been accused of violating earlier truces.")
    (ev,) = events_of(art, "ACCUSE")
    assert ev.actor == []  # never guess an actor
    assert codes(ev.recipient) == {"ERI"}
    assert ev.mode == "allege"


def test_no_progress_on_ceasefire_is_not_an_agreement(run_text):
    art = run_text("Sudan-Chad talks end with no progress on truce, aid access for refugees")
    assert not [e for e in art.events if e.event_type in ("AGREE", "CONCEDE", "RETREAT")]


def test_content_of_a_demand_is_not_a_separate_event(run_text):
    art = run_text("Morocco has also demanded that Algeria acknowledges the Sahara, which it annexed in 1975, as "
                   "Moroccan land, and recognizes the independence of two pro-Moroccan tribal "
                   "councils of Laayoune and Dakhla in the southern provinces.")
    types = [e.event_type for e in events_of(art)]
    assert "REQUEST" in types
    assert "SUPPORT" not in types  # "recognizes" is what is demanded
    (req,) = events_of(art, "REQUEST")
    assert codes(req.actor) == {"MAR"} and codes(req.recipient) == {"DZA"}
    assert req.aux is None  # "in 1975" dates the annexation, not the demand


def test_background_invasion_in_2014_is_historical(run_text):
    art = run_text("“If you look back to 2008, Georgia got invaded, Abkhazia cut off,” she told the BBC.")
    assaults = [e for e in art.events if e.event_type == "ASSAULT"]
    assert assaults and all(e.aux == "historical" for e in assaults)
    assert assaults[0].date_iso() == "2008"


def test_hypothetical_is_flagged(run_text):
    art = run_text("The African Union may suspend mediation efforts between Sudan's rival generals if "
                   "truce deals keep being broken.", published=None)
    assert not [e for e in events_of(art) if e.event_type == "CONSULT"]


def test_reported_future_boycott_is_a_threat(run_text):
    # the construction of a PLOVER GSR THREATEN record ("... said they would boycott ...")
    art = run_text("Venezuelan officials said they would boycott all formal dealings with the European Union.",
                   published=None)
    (ev,) = events_of(art)
    assert ev.event_type == "THREATEN"
    assert codes(ev.actor) == {"VEN"}


def test_must_in_reported_speech_is_a_demand_on_its_subject(run_text):
    # the construction of a PLOVER GSR DEMAND -> REQUEST record
    art = run_text("Ecuador said on Friday that Peru must hand back a patrol boat that was seized by "
                   "the Peruvian navy last month.", published=None)
    top = max(art.events, key=lambda e: e.confidence)
    assert top.event_type == "REQUEST"
    assert codes(top.actor) == {"ECU"} and codes(top.recipient) == {"PER"}


def test_future_cooperation_is_agree(run_text):
    # PLOVER manual: future or promised cooperation is AGREE
    art = run_text("Malian President Amadou Traore will visit Niger and Guinea.", published=None)
    (ev,) = events_of(art)
    assert ev.event_type == "AGREE" and ev.aux == "future"


def test_ready_to_attack_is_a_threat(run_text):
    # the construction of a sentence of corpus 019 (DW, Niger coup)
    art = run_text("\"The army and the gendarmerie are ready to attack the mutinous units of the palace "
                   "guard,\" the president's office said.", published="2023-07-26")
    types = {e.event_type for e in events_of(art)}
    assert "THREATEN" in types and "AGREE" not in types and "ASSAULT" not in types


def test_reported_attack_keeps_its_own_actor_and_names_the_claimant(run_text):
    # the construction of a sentence of corpus 029 (Al Jazeera)
    art = run_text("The French Ministry of Defence said French Air Force Rafale jets conducted attacks on "
                   "Kidal and further north in Tessalit.", published="2024-05-31")
    (ev,) = events_of(art, "ASSAULT")
    assert codes(ev.actor) == {"FRA"}
    assert ev.claimed_by is not None and ev.claimed_by.country == "FRA"
    assert "Ministry of Defence" in ev.claimed_by.text
    assert ev.location is not None and ev.location.name == "Kidal"


def test_a_demonym_before_a_state_body_gives_its_country(run_text):
    # the same kind with other states and bodies: "Congress" is the US one in organisations.tsv,
    # and the knowledge has no Georgian interior ministry
    art = run_text("The Mexican Congress condemned the raid on the embassy.", published="2024-04-08")
    assert {e.country for e in art.entities if e.text == "Mexican Congress"} == {"MEX"}
    art = run_text("The Georgian Interior Ministry said police detained 40 protesters in Tbilisi.",
                   published="2024-12-02")
    (ev,) = events_of(art)
    assert ev.claimed_by is not None and (ev.claimed_by.text, ev.claimed_by.country) == (
        "Georgian Interior Ministry", "GEO")


def test_sanctions_sense_of_hit(run_text):
    # the construction of a sentence of corpus 028 (The Canadian Press)
    art = run_text("The Australian government has hit nine more Iranians with sanctions over their close links "
                   "to the Revolutionary Guard.", published="2022-04-19")
    types = {e.event_type for e in art.events}
    assert "SANCTION" in types and "ASSAULT" not in types


def test_buses_are_not_troops(run_text):
    # the construction of a sentence of corpus 004 (Irish Independent)
    art = run_text("Armenia said 30 buses had been deployed from Goris.", published="2022-04-01")
    assert not events_of(art, "MOBILIZE")


@pytest.mark.parametrize("text", [
    "The Spaniard defeated Norway’s Ruud 7-6, 6-3, 6-2, to end Spain’s 15-year wait for a men’s "
    "Roland Garros singles champion.",
    "The 22-year-old world number three converted his third match point in a tense last game to seal "
    "the win on Court Philippe Chatrier.",
])
def test_sport_is_not_conflict(run_text, text):
    # the constructions of corpus 027 (Information Nigeria), another match
    art = run_text(text, published=None)
    assert not [e for e in art.events if e.event_type in ("ASSAULT", "COERCE", "PROTEST", "THREATEN", "SANCTION")]


def test_predicative_noun_is_not_an_event(run_text):
    # corpus 021 (Novaya Gazeta Europe)
    art = run_text("Georgian President Salome Zourabichvili called the ruling party's decision a coup.",
                   published="2024-12-02")
    assert not events_of(art, "COERCE")


def test_warning_of_a_risk_is_not_a_threat(run_text):
    # the construction of a sentence of corpus 013 (ABC News)
    art = run_text("U.N. agencies have warned of a \"grave and rising\" risk of genocide in Kadugli.",
                   published="2024-05-31")
    assert not events_of(art, "THREATEN")
    (ev,) = events_of(art, "ACCUSE")
    assert ev.actor and ev.actor[0].sector == "IGO"


def test_event_ids_are_stable_and_offsets_point_into_the_text(run_text):
    text = "UN chief Antonio Guterres condemned the shelling, calling it “appalling” in a statement."
    a1, a2 = run_text(text), run_text(text)
    assert [e.id for e in a1.events] == [e.id for e in a2.events] and a1.events
    ev = a1.events[0]
    m = ev.mentions[0]
    assert a1.text[m.start:m.end] == m.text
    assert a1.text[m.trigger_start:m.trigger_end] == m.trigger == "condemned"
    assert (ev.event_type, ev.mode) == ("ACCUSE", "disapprove")
    assert ev.actor[0].affiliation == "United Nations"


def test_seed_article_merges_repeated_mentions(seed_article):
    consult = [e for e in seed_article.events if e.event_type == "CONSULT"]
    assert len(consult) == 1, [m.text for e in consult for m in e.mentions]
    assert len(consult[0].mentions) >= 3
    sections = {m.section for m in consult[0].mentions}
    assert "headline" in sections and "body" in sections


def test_experiencer_of_outrage_disapproves_of_the_cause(run_text):
    # the construction of a sentence of corpus 009 (Daily Sun / AFP)
    art = run_text("Irish Prime Minister Ciara Walsh said Monday she was \"appalled\" by Ethiopian drone raids on "
                   "the Tigrayan town of Adigrat.", published="2025-04-14")
    (ev,) = events_of(art, "ACCUSE")
    assert codes(ev.actor) == {"IRL"} and codes(ev.recipient) == {"ETH"}


def test_authority_reporting_its_own_arrests_is_their_actor(run_text):
    # the construction of a sentence of corpus 021 (Novaya Gazeta Europe)
    art = run_text("Serbia’s Interior Ministry said 87 people had been detained overall.", published="2024-12-02")
    (ev,) = events_of(art, "COERCE")
    assert ev.mode == "arrest" and codes(ev.actor) == {"SRB"}
    assert ev.claimed_by is not None and "Interior Ministry" in ev.claimed_by.text


def test_reported_attack_without_agent_gets_no_actor(run_text):
    art = run_text("Kyiv said a hospital was hit by shelling overnight.", published="2022-03-10")
    for ev in events_of(art, "ASSAULT"):
        assert ev.actor == []  # the reporter of an attack is not its attacker
        assert ev.claimed_by is not None and ev.claimed_by.country == "UKR"


def test_armed_subject_of_a_with_clause_is_the_actor(seed_article):
    (ev,) = [e for e in seed_article.events if any("fighting" == m.trigger for m in e.mentions)]
    assert codes(ev.actor) == {"RUS"} and codes(ev.recipient) == {"UKR"}
    assert ev.location.name == "Ukraine"


def test_lemmatiser_slips_are_repaired(run_text):
    # the construction of a PLOVER GSR PROTEST record: the small model lemmatises "staged" as "stag"
    art = run_text("Thousands of secondary school pupils across Chile staged mass demonstrations "
                   "Friday.", published=None)
    (ev,) = events_of(art, "PROTEST")
    assert ev.mentions[0].trigger == "staged demonstrations"


def test_words_of_a_name_are_not_triggers(run_text):
    # the construction of a PLOVER GSR DISAPPROVE -> ACCUSE record
    art = run_text("Press freedom watchdog Reporters Without Borders accused Egypt of violating press "
                   "freedom.", published=None)
    assert [e.event_type for e in events_of(art)] == ["ACCUSE"]
    assert codes(events_of(art)[0].recipient) == {"EGY"}


def test_user_trigger_with_a_mode_of_another_type_is_refused(tmp_path):
    from eventwire.errors import ConfigError
    from eventwire.extract.lexicon import load_lexicon
    from eventwire.knowledge import Knowledge

    (tmp_path / "triggers.yaml").write_text("verbs:\n  snub: REJECT/aerial\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="snub.*aerial.*REJECT"):
        load_lexicon(Knowledge([tmp_path]))


def test_an_object_list_may_name_a_cues_list(tmp_path, run_text):
    """``obj=@NAME|word``: a cues.yaml list among the object lemmas (one list for send, supply,
    deliver and provide); an unknown list is a ConfigError naming the trigger."""
    from eventwire.errors import ConfigError
    from eventwire.extract.lexicon import load_lexicon
    from eventwire.knowledge import Knowledge

    art = run_text("Norway will send eight tanks to Estonia, its defence minister said.", published="2024-05-02")
    assert {e.event_type for e in art.events} & {"AID", "AGREE"}, [e.event_type for e in art.events]
    (tmp_path / "triggers.yaml").write_text("verbs:\n  ship: AID obj=@no_such_list|grain\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="ship.*no_such_list"):
        load_lexicon(Knowledge([tmp_path]))


def test_user_trigger_extends_the_lexicon(tmp_path, pipeline):
    from eventwire.ingest.text import article_from_text
    from eventwire.pipeline import Pipeline

    (tmp_path / "triggers.yaml").write_text("verbs:\n  stonewall: REJECT needarg\n", encoding="utf-8")
    mine = Pipeline.from_config(knowledge_dirs=[str(tmp_path)])
    text = "Russia stonewalled Ukraine at the summit."
    assert "REJECT" in {e.event_type for e in mine.run(article_from_text(text, "x", None)).events}
    assert "REJECT" not in {e.event_type for e in pipeline.run(article_from_text(text, "x", None)).events}


def test_pipeline_enforces_its_size_limit():
    from eventwire.errors import InputError
    from eventwire.ingest.text import article_from_text
    from eventwire.pipeline import Pipeline

    small = Pipeline.from_config({"max_bytes": 100})
    with pytest.raises(InputError, match="too large"):
        small.run(article_from_text("Troops attacked the town. " * 10, "big.txt", None))


def test_person_takes_the_one_state_of_their_noun_phrase(run_text):
    # the construction of a PLOVER GSR PROTEST record
    art = run_text("A deputy in the Peruvian congress, Luis Vargas, began a hunger strike on Monday.",
                   published=None)
    (ev,) = events_of(art, "PROTEST")
    assert ev.mode == "hunger" and codes(ev.actor) == {"PER"}


def test_author_of_a_declaration_demands(run_text):
    # the construction of a PLOVER GSR DEMAND -> REQUEST record
    art = run_text("The rebel National Liberation Army released a statement demanding that the Colombian "
                   "government reveal the whereabouts of its jailed commanders.", published=None)
    (ev,) = events_of(art, "REQUEST")
    assert codes(ev.actor) == {"COL"} and ev.actor[0].sector == "REB"
    assert codes(ev.recipient) == {"COL"} and ev.recipient[0].sector == "GOV"


def test_attack_on_a_foreign_city_has_its_state_as_recipient_and_place(run_text):
    # the construction of corpus 004 (Irish Independent): "the desert city" is El Obeid, not
    # Khartoum (a government there)
    art = run_text("Sudan has dispatched dozens of buses to the ruined city of El Obeid, after Khartoum and Chad "
                   "at last agreed on the opening of an aid corridor. Around 90,000 people are "
                   "believed to remain trapped in the strategic desert city, which has been under "
                   "heavy bombardment and siege by Chadian forces for over a month.",
                   published="2022-04-01")
    (ev,) = [e for e in events_of(art, "ASSAULT")]
    assert codes(ev.actor) == {"TCD"} and codes(ev.recipient) == {"SDN"}
    assert ev.location.name == "El Obeid"


def test_shared_passive_subject_acts_in_the_coordinated_verb(run_text):
    # the construction of a PLOVER GSR RETREAT record
    art = run_text("Bosnia's defence minister has been charged by a U.N. war crimes tribunal over his alleged "
                   "role in massacres and will resign, his spokesman said.", published=None)
    (ev,) = [e for e in art.events if e.event_type == "RETREAT"]
    assert ev.mode == "resign" and codes(ev.actor) == {"BIH"}


def test_threat_recipient_is_who_the_threatened_act_targets(run_text):
    # the construction of a PLOVER GSR THREATEN record
    art = run_text("The Islamic State terror group has threatened to deliver crushing blows to "
                   "France and Belgium, a Lebanese-owned daily reports.", published=None)
    (ev,) = events_of(art, "THREATEN")
    assert codes(ev.recipient) == {"FRA", "BEL"}


@pytest.mark.parametrize("text", [
    # a hyphenated breach noun the tokenizer splits and the parser leaves flat
    "Report\n\nDenmark said Serbia was in non-compliance with the arms treaty.",
    # a notice to a body is a speech act: what its clause charges is the sender's allegation
    "Report\n\nDenmark notified the tribunal that Serbia had violated the arms treaty.",
])
def test_a_charge_of_breach_is_the_speakers_accusation(run_text, text):
    art = run_text(text, published="2024-03-10")
    hits = events_of(art, "ACCUSE")
    assert hits and codes(hits[0].actor) == {"DNK"} and codes(hits[0].recipient) == {"SRB"}


@pytest.mark.parametrize("text", [
    "Report\n\nChile and Bolivia blamed each other for the shooting at the border post.",
    "Report\n\nChile and Bolivia accused one another of violating the truce.",
    "Report\n\nChile and Bolivia traded accusations on Monday over the shooting.",
])
def test_reciprocal_accusations_have_both_states_on_both_sides(run_text, text):
    art = run_text(text, published="2024-03-10")
    hits = events_of(art, "ACCUSE")
    assert hits and codes(hits[0].actor) == {"CHL", "BOL"} == codes(hits[0].recipient)


@pytest.mark.parametrize("text, etype, actor, recipient", [
    ("Report\n\nBolivia broke off diplomatic relations with Peru on Monday.", "SANCTION", "BOL", "PER"),
    ("Report\n\nNigeria shut its land border with Benin on Monday.", "SANCTION", "NGA", "BEN"),
    ("Report\n\nUzbekistan handed a protest note to the Tajik charge d'affaires on Monday.", "ACCUSE", "UZB", "TJK"),
    ("Report\n\nNepal's prime minister said India was interfering in its internal affairs.", "ACCUSE", "NPL", "IND"),
])
def test_diplomatic_wordings_a_probe_found_missing(run_text, text, etype, actor, recipient):
    art = run_text(text, published="2024-03-10")
    hits = events_of(art, etype)
    assert hits and codes(hits[0].actor) == {actor} and recipient in codes(hits[0].recipient)


@pytest.mark.parametrize("text", [
    "Report\n\nThe old pipes broke and relations between the two families soured.",
    "Report\n\nShops shut early on Monday as the storm approached.",
])
def test_everyday_breaks_and_closures_are_no_sanctions(run_text, text):
    assert not events_of(run_text(text, published="2024-03-10"), "SANCTION")


def test_a_protest_outside_a_foreign_embassy_is_aimed_at_its_state(run_text):
    art = run_text("Report\n\nHundreds of protesters gathered outside the Chinese embassy in Hanoi on Sunday.",
                   published="2024-03-10")
    ev = events_of(art, "PROTEST")[0]
    assert codes(ev.actor) == {"VNM"} and codes(ev.recipient) == {"CHN"}


@pytest.mark.parametrize("text, etype, mode", [
    ("Report\n\nHonduras and Nicaragua broke off border talks on Wednesday.", "REJECT", "meet"),
    ("Report\n\nGuinea's junta suspended three private television channels on Monday.", "COERCE", "censor"),
    ("Report\n\nAuthorities in Conakry shut down the opposition newspaper on Monday.", "COERCE", "censor"),
])
def test_breaking_off_talks_and_silencing_outlets(run_text, text, etype, mode):
    art = run_text(text, published="2024-03-10")
    assert [e for e in events_of(art, etype) if e.mode == mode]
    assert not events_of(art, "SANCTION")


def test_an_outlet_pausing_its_own_broadcasts_is_no_censorship(run_text):
    art = run_text("Report\n\nThe storm forced the station to suspend broadcasts.", published="2024-03-10")
    assert not events_of(art, "COERCE")


@pytest.mark.parametrize("text, etype, actor", [
    # object control: the object of "prompt", "force", "lead" does what the infinitive says
    ("Report\n\nGunmen attacked an army post in northern Burkina Faso, prompting the African Union to "
     "condemn the violence.", "ACCUSE", "African Union"),
    # subject control: a promise is the promiser's
    ("Report\n\nKenya promised Somalia to withdraw its troops from Gedo by June.", "AGREE", "KEN"),
])
def test_who_does_what_an_object_and_infinitive_say(run_text, text, etype, actor):
    art = run_text(text, published="2024-03-10")
    hits = [e for e in art.events if e.event_type == etype]
    assert hits and any(actor in {a.country or a.name for a in e.actor} for e in hits)


def test_a_clash_of_two_sides_of_one_state_has_both_on_both_sides(run_text):
    art = run_text("Report\n\nPolice and protesters clashed in Bishkek on Friday.", published="2024-03-10")
    ev = events_of(art, "ASSAULT")[0]
    assert {e.text.lower() for e in ev.actor} == {e.text.lower() for e in ev.recipient} == {"police", "protesters"}


@pytest.mark.parametrize("text", [
    "Report\n\nPolice in Almaty routinely detain critics ahead of anniversaries.",
    "Report\n\nBolivia has long accused Chile of stealing its sea access.",
    "Report\n\nRebels in the Cauca region have fought the Colombian government for decades.",
    "Report\n\nStudents often march through the centre of Tunis.",
])
def test_what_is_usual_or_long_running_is_no_event(run_text, text):
    art = run_text(text, published="2024-03-10")
    assert not [e for e in art.events if e.aux not in ("negation", "hypothetical")]


def test_a_dated_act_with_a_plain_verb_is_still_an_event(run_text):
    art = run_text("Report\n\nPolice in Almaty detained 12 critics on Monday.", published="2024-03-10")
    assert events_of(art, "COERCE")


def test_an_open_question_is_no_report(run_text):
    art = run_text("Report\n\nIt remains unclear whether Kazakhstan will join the sanctions against Minsk.",
                   published="2024-03-10")
    assert art.events and all(e.aux == "hypothetical" for e in art.events)


@pytest.mark.parametrize("text", [
    "Report\n\nThe election commission in Lusaka was bombarded with petitions from opposition parties.",
    "Report\n\nThe agriculture ministry was besieged by complaints from farmers on Monday.",
])
def test_a_violent_verb_with_words_for_weapons_is_a_figure_of_speech(run_text, text):
    art = run_text(text, published="2024-03-10")
    assert not [e for e in art.events if e.event_type in ("ASSAULT", "COERCE", "PROTEST")]


def test_a_violent_verb_with_weapons_is_still_an_attack(run_text):
    art = run_text("Report\n\nThe town of Kidal was bombarded with artillery on Monday.", published="2024-03-10")
    assert events_of(art, "ASSAULT")


def test_a_question_put_is_no_request(run_text):
    art = run_text("Report\n\n'Why would we negotiate with terrorists?' the Ghanaian minister asked.",
                   published="2024-03-10")
    assert not events_of(art, "REQUEST")
    art = run_text("Report\n\nGhana asked Togo to extradite the suspect.", published="2024-03-10")
    assert events_of(art, "REQUEST")


@pytest.mark.parametrize("text, aux", [
    ("Report\n\nAnalysts expect Peru to expel the Bolivian envoy.", "hypothetical"),
    ("Report\n\nCritics argue that the new law effectively bans peaceful protest in Tunisia.", "hypothetical"),
    ("Report\n\nAnalysts said Peru expelled the Bolivian envoy on Monday.", None),
])
def test_a_commentators_opinion_is_no_report_but_what_they_say_happened_is(run_text, text, aux):
    art = run_text(text, published="2024-03-10")
    assert art.events and {e.aux for e in art.events} == {aux}


def test_an_expected_offensive_has_not_happened(run_text):
    art = run_text("Report\n\nThe army evacuated villagers ahead of an expected rebel offensive in northern Chad.",
                   published="2024-03-10")
    assert not events_of(art, "ASSAULT") and [e for e in art.events if e.aux == "hypothetical"]


@pytest.mark.parametrize("text, etype, actor", [
    ("Report\n\nThailand extended its ceasefire with the rebels by 30 days on Monday.", "CONCEDE", "THA"),
    ("Report\n\nJapan sent 20 tonnes of rice to Nepal on Monday.", "AID", "JPN"),
    ("Report\n\nIndia sent rescue teams to Nepal on Monday.", "AID", "IND"),
])
def test_relief_and_truce_wordings_a_probe_found_missing(run_text, text, etype, actor):
    art = run_text(text, published="2024-03-10")
    hits = events_of(art, etype)
    assert hits and codes(hits[0].actor) == {actor}


def test_a_team_of_engineers_sent_by_a_company_is_no_aid(run_text):
    art = run_text("Report\n\nThe company sent a team of engineers to the plant.", published="2024-03-10")
    assert not events_of(art, "AID")
