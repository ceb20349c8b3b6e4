"""Section roles on real page lines (short excerpts of ../shared/corpus/news and the seed)."""

from __future__ import annotations

import pytest

from eventwire.clean import CleanStage, split_sections
from eventwire.ingest.text import article_from_text, read_text_file
from eventwire.knowledge import Knowledge
from eventwire.model import FURNITURE_ROLES

from conftest import SEED

HEADER = "url: https://example.org/a\noutlet: Test\npublished: 2022-04-19\n---\n"


def roles(text: str, kb: Knowledge | None = None) -> list[tuple[str, str, int | None]]:
    """(role, text, duplicate_of) of every section but the header; checks offsets on the way."""
    art = article_from_text(text, "<test>")
    if kb is None:
        secs = split_sections(art)
    else:
        CleanStage(kb, {})(art)
        secs = art.sections
    out = []
    for s in secs:
        piece = art.text[s.start:s.end]
        assert piece == piece.strip() and piece, (s, piece)
        if s.role != "header":
            out.append((s.role, piece, s.duplicate_of))
    return out


def test_seed_roles_per_line():
    art = read_text_file(SEED)
    got = [(s.role, art.text[s.start:s.end][:40], s.duplicate_of) for s in split_sections(art)]
    assert got[0] == ("headline", "Russia-Ukraine talks fail with no progre", None)
    assert got[1] == ("headline", "Russia-Ukraine talks fail with no progre", 0)
    assert got[2][:2] == ("caption", "Members of the Ukrainian forces arrive i")
    assert got[3][:2] == ("credit", "Bloomberg | Bloomberg | Getty Images")
    assert ("heading", "‘Horrific’ attack", None) in got
    i = [g[1] for g in got].index("Ukraine Military | via Reuters")
    assert got[i][0] == "credit" and got[i - 1][:2] == ("caption", "A car burns after the destruction of Mar")
    assert got[-1] == ("boilerplate", "Post a Comment", None)
    body = [g for g in got if g[0] == "body"]
    assert len(body) == 14
    assert body[0][1].startswith("Russia and Ukraine’s foreign ministers")


def test_dateline_is_its_own_section():
    text = HEADER + ("Putin says peace talks with Ukraine are at dead end, goads the West\n\n"
                     "LONDON, April 12 (Reuters) - President Vladimir Putin said on Tuesday peace talks "
                     "with Ukraine had hit a dead end.\n")
    got = roles(text)
    assert got[1] == ("dateline", "LONDON, April 12 (Reuters) -", None)
    assert got[2][0] == "body" and got[2][1].startswith("President Vladimir Putin said")


@pytest.mark.parametrize("para,dateline", [
    ("KYIV, Ukraine (Reuters) — Russian forces shelled the city overnight.", "KYIV, Ukraine (Reuters) —"),
    ("WASHINGTON (AP) — The United States unleashed some of its toughest actions against Russian "
     "President Vladimir Putin.", "WASHINGTON (AP) —"),
    ("LONDON -- Sudanese army leaders are rejecting peace talks with the Rapid Support Forces.", "LONDON --"),
    ("GOMA, Congo — Fighting with M23 rebels in eastern Congo has left at least 13 peacekeepers dead.",
     "GOMA, Congo —"),
    ("BANGKOK: Eleven people were killed when a teashop in Myanmar was hit by a military airstrike.",
     "BANGKOK:"),
    ("Sanaa, Jan 18 The US and the UK bombed Houthi sites in northern Yemen before dawn on Thursday.",
     "Sanaa, Jan 18"),
    ("(MENAFN- Khaama Press) On Monday, Russia and Ukraine exchanged 339 prisoners.", "(MENAFN- Khaama Press)"),
])
def test_dateline_forms(para, dateline):
    got = roles(HEADER + "A headline\n\n" + para + "\n")
    assert got[1] == ("dateline", dateline, None)
    assert got[2][0] == "body" and para.endswith(got[2][1])


def test_no_dateline_in_ordinary_body():
    got = roles(HEADER + "A headline\n\nUkraine’s President Volodymyr Zelenskyy accused Russia once "
                "again of war crimes on Wednesday.\n")
    assert [r for r, _, _ in got] == ["headline", "body"]


def test_canadian_press_boilerplate_and_caption_with_credit():
    text = HEADER + "\n\n".join([
        "Canada promises heavy artillery for Ukraine",
        "Save to Read Later",
        "OTTAWA - Prime Minister Justin Trudeau says Canada will send heavy artillery to Ukraine.",
        "Russian President Vladimir Putin listens to Armenian Prime Minister Nikol Pashinyan during a "
        "meeting at the Novo-Ogaryovo residence outside Moscow, Russia, Tuesday, April 19, 2022.The federal "
        "government has hit 14 more Russians with sanctions for their close ties with Putin, including his "
        "two adult daughters. THE CANADIAN PRESS/Vyacheslav Prokofyev, Sputnik, Kremlin Pool Photo via AP",
        "OTTAWA - Prime Minister Justin Trudeau says Canada will send heavy artillery to Ukraine.",
        "He says there will be more details on the pledge in the days to come.",
        "Want to get a head start on your day?",
        "Get the days breaking stories, weather forecast, and more sent straight to your inbox every "
        "weekday morning.",
        "Sign Up",
        "I agree to the Terms and Conditions, Cookie and Privacy Policies and CASL agreement",
        "Since Russia's annexation of Crimea in 2014, Canada has levied sanctions on more than 1,100 "
        "individuals and entities.",
        "This report by The Canadian Press was first published April 19, 2022.",
        "With files from Jordan Press and The Associated Press",
        "Advertisement",
    ]) + "\n"
    got = roles(text)
    rs = [r for r, _, _ in got]
    assert rs == ["headline", "boilerplate", "dateline", "body", "caption", "credit", "body", "body",
                  "boilerplate", "boilerplate", "boilerplate", "boilerplate", "body",
                  "boilerplate", "boilerplate", "boilerplate"]
    assert got[5][1] == "THE CANADIAN PRESS/Vyacheslav Prokofyev, Sputnik, Kremlin Pool Photo via AP"
    assert got[4][1].endswith("including his two adult daughters.")
    assert got[6][2] == 4  # repeats section 4 (0 is the header): the first body section


@pytest.mark.parametrize("line,caption,credit", [
    ("Police use water cannons to disperse Georgian opposition supporters protesting in front of the "
     "Parliament building in Tbilisi, Georgia, 01 December 2024. Photo: EPA-EFE/DAVID MDZINARISHVILI",
     "Police use water cannons", "Photo: EPA-EFE/DAVID MDZINARISHVILI"),
    ("Niger Army spokesman Colonel Major Amadou Adramane said all institutions in the country would be "
     "suspended and borders closed during an address on national television Image: ORTN/REUTERS TV",
     "Niger Army spokesman", "Image: ORTN/REUTERS TV"),
    ("Russian President Vladimir Putin chairs a meeting on the country's agricultural and fish industries "
     "via a video link at a residence outside Moscow, Russia April 5, 2022. Sputnik/Mikhail Klimentyev/"
     "Kremlin via REUTERS", "Russian President Vladimir Putin chairs", "Sputnik/Mikhail Klimentyev/Kremlin via REUTERS"),
    ("Demonstrators during a protest against Venezuelan president Nicolas Maduro's government on 29 July "
     "2024, a day after the presidential election © PHOTO JUAN CARLOS HERNANDEZ / AFP",
     "Demonstrators during a protest", "© PHOTO JUAN CARLOS HERNANDEZ / AFP"),
    ("Rustem Umyerov (Illustrative photo: MARTIN DIVISEK / EPA)", "Rustem Umyerov",
     "(Illustrative photo: MARTIN DIVISEK / EPA)"),
    ("Rustem Umierov. Photo: Ukraine’s Ministry of Defence", "Rustem Umierov.", "Photo: Ukraine’s Ministry of Defence"),
])
def test_caption_with_trailing_credit(line, caption, credit):
    got = roles(HEADER + "A headline\n\n" + line + "\n\nThe talks went on for hours on Friday.\n")
    assert got[1][0] == "caption" and got[1][1].startswith(caption)
    assert got[2] == ("credit", credit, None)
    assert got[3][0] == "body"


def test_leading_credit_and_alt_text_caption():
    got = roles(HEADER + "A headline\n\nMoses Sawasawa / AP / AP A UN armoured personnel carrier burns, "
                "during clashes with M23 rebels outside Goma, Democratic Republic of the Congo, Saturday, "
                "Jan. 25, 2025.\n\nHouthi supporters march marking the anniversary of Yemeni unity in Sanaa, "
                "Yemen\n\nHouthi supporters march marking the anniversary of Yemeni unity in Sanaa, Yemen, "
                "on May 22, 2024 [Osamah Abdulrahman/AP Photo]\n\nYemen’s Houthis say they have launched a "
                "missile attack on a United States aircraft carrier.\n")
    assert got[1] == ("credit", "Moses Sawasawa / AP / AP", None)
    assert got[2][0] == "caption" and got[2][1].startswith("A UN armoured")
    assert got[3][0] == "caption" and got[3][2] is not None   # alt text repeats the caption after it
    assert got[4][0] == "caption" and got[4][1].endswith("on May 22, 2024")
    assert got[5] == ("credit", "[Osamah Abdulrahman/AP Photo]", None)
    assert got[6][0] == "body"


def test_caption_then_credit_line_and_cue():
    got = roles(HEADER + "A headline\n\nA car burns after the destruction of Mariupol children’s hospital "
                "in Mariupol, Ukraine, March 9, 2022 in this still image from a handout video obtained by "
                "Reuters.\n\nThe talks come as fighting continue to rages across Ukraine.\n\nFILE - The tanker "
                "Sun Arrows loads its cargo of liquefied natural gas in the port of Prigorodnoye, Russia, on "
                "Oct. 29, 2021.\n\nBut hostilities escalated once more from the beginning of October.\n")
    assert [r for r, _, _ in got] == ["headline", "caption", "body", "caption", "body"]


@pytest.mark.parametrize("line", [
    "AFP, Kyiv", "Published: 14 Apr 2025, 12:05 AM", "May 31, 2024, 11:22 AM",
    "Wednesday 15 January 2025 22:22, UK", "4/4/2025", "August 28, 2025", "by Temitope Oladeji",
    "By Bethlehem Feleke, CNN", "September 20, 2023 by Peoples Dispatch", "Published in Dawn, November 13th, 2024",
    "PUBLISHED: 17/07/2023; STORY: Graphic News; PICTURES: Getty Images", "Ukrainska PravdaFriday, 16 May 2025, 16:27",
    "All Sections", "Укр Рус Eng Support Us", "Support Us", "Advertisement:", "ADVERTISEMENT",
    "Register now for FREE unlimited access to Reuters.com Register",
    "Writing by Guy Faulconbridge Editing by Peter Graff, Tomasz Janowski and Gareth Jones",
    "Our Standards: The Thomson Reuters Trust Principles.", "Follow live: Gaza ceasefire deal", "___",
    "Associated Press writers Matthew Lee, Robert Burns and Fatima Hussein contributed from Washington.",
    "Post a Comment", "![]() |",
])
def test_boilerplate_lines(line):
    got = roles(HEADER + "A headline\n\nThe talks went on for hours on Friday.\n\n" + line
                + "\n\nThe ceasefire took effect at 1 pm local time.\n")
    assert got[2] == ("boilerplate", line, None)
    assert got[1][0] == got[3][0] == "body"


@pytest.mark.parametrize("line,role", [
    ("‘Horrific’ toll", "heading"), ("What we know", "heading"), ("What does Russia say?", "heading"),
    ("Background:", "heading"),
    # real sentences stay body, short or not
    ("But hostilities escalated once more from the beginning of October.", "body"),
    ("Further boosting U.S. intelligence-sharing to help Ukraine in the fight is an option.", "body"),
    ("He says there will be more details on the pledge in the days to come.", "body"),
    ("Source: Rustem Umierov’s statement after talks in Istanbul, Kremlin-aligned Russian news agency "
     "RIA Novosti", "body"),
])
def test_headings_and_short_body(line, role):
    got = roles(HEADER + "A headline\n\nThe talks went on for hours on Friday.\n\n" + line
                + "\n\nThe ceasefire took effect at 1 pm local time.\n")
    assert got[2] == (role, line, None)


def test_repeated_headline_and_nav_block():
    got = roles(HEADER + "Istanbul talks address prisoner exchange and ceasefire – Ukraine's defence minister\n\n"
                "All Sections\n\nУкр Рус Eng Support Us\n\n"
                "Istanbul talks address prisoner exchange and ceasefire – Ukraine's defence minister\n\n"
                "Ukrainian Defence Minister Rustem Umierov has said that the delegations discussed an exchange.\n")
    assert [(r, d) for r, _, d in got] == [("headline", None), ("boilerplate", None), ("boilerplate", None),
                                           ("headline", 1), ("body", None)]


def test_offsets_point_into_text_with_header_and_crlf_spaces():
    text = HEADER + "  A headline  \n\n   Photo: AFP  \n\nOTTAWA - Prime Minister Justin Trudeau says so.  \n"
    art = article_from_text(text, "<t>")
    secs = split_sections(art)
    assert secs[0].role == "header" and text[secs[0].start:secs[0].end].endswith("---")
    for s in secs[1:]:
        assert text[s.start:s.end] == text[s.start:s.end].strip()
    assert [(s.role, text[s.start:s.end]) for s in secs[1:]] == [
        ("headline", "A headline"), ("credit", "Photo: AFP"), ("dateline", "OTTAWA -"),
        ("body", "Prime Minister Justin Trudeau says so.")]


def test_furniture_roles_are_not_parsed():
    assert {"header", "credit", "boilerplate"} == set(FURNITURE_ROLES)


def test_user_knowledge_extends_patterns(tmp_path):
    (tmp_path / "boilerplate.yaml").write_text("boilerplate:\n  - 'click here to donate'\n", encoding="utf-8")
    text = HEADER + "A headline\n\nThe talks went on.\n\nClick here to donate\n\nThe ceasefire held.\n"
    assert roles(text)[2][0] == "heading"
    assert roles(text, Knowledge([tmp_path]))[2][0] == "boilerplate"


def test_bad_user_pattern_is_a_config_error(tmp_path):
    from eventwire.errors import ConfigError

    (tmp_path / "boilerplate.yaml").write_text("boilerplate:\n  - '(unclosed'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="boilerplate.yaml"):
        CleanStage(Knowledge([tmp_path]), {})


def test_eval_articles_gold_furniture_and_captions():
    """Every gold boilerplate line of ../shared/eval/articles is furniture, every gold caption a caption."""
    import json

    from conftest import shared_path

    directory = shared_path("eval", "articles")
    for gold_path in sorted(directory.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        art = read_text_file(gold_path.with_name(gold_path.name.replace(".gold.json", ".txt")))
        art.sections = split_sections(art)
        for line in gold.get("boilerplate", []):
            pos = art.text.find(line, art.body_start)
            for i in range(pos, pos + len(line)):
                if not art.text[i].isspace():
                    sec = art.section_at(i)
                    assert sec is not None and sec.role in FURNITURE_ROLES, (gold_path.name, line)
        for cap in gold.get("captions", []):
            sec = art.section_at(art.text.find(cap, art.body_start))
            assert sec is not None and sec.role == "caption", (gold_path.name, cap)


def test_corpus_articles_split_without_losing_text():
    """All corpus pages split; every non-blank character after the header is in one section."""
    from conftest import shared_path

    for path in sorted(shared_path("corpus", "news").glob("*.txt")):
        art = read_text_file(path)
        secs = split_sections(art)
        spans = sorted((s.start, s.end) for s in secs)
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), path.name  # no overlap
        for i, ch in enumerate(art.text):
            if not ch.isspace() and i >= art.body_start:
                assert any(s <= i < e for s, e in spans), (path.name, i)


def test_read_more_prompt_at_paragraph_end():
    got = roles(HEADER + "A headline\n\n\"There was no such silence when provocations were staged in Syria. "
                "It's the same kind of fake in Bucha.\" read more\n\nThe sanctions were total.\n")
    assert got[1] == ("body", "\"There was no such silence when provocations were staged in Syria. "
                              "It's the same kind of fake in Bucha.\"", None)
    assert got[2] == ("boilerplate", "read more", None)
