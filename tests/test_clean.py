"""Section roles of page lines: the layouts of ../shared/corpus/news and the seed (datelines,
captions and credits, bylines, share prompts, repeated headlines), the prose around them written
for these tests. Real page furniture (credits, bylines, sign-up prompts) stays as found: it is
listed, with its reason, in tests/test_eval_overlap.py."""

from __future__ import annotations

import pytest

from eventwire.clean import CleanStage, split_sections
from eventwire.ingest.text import article_from_text, read_text_file
from eventwire.knowledge import Knowledge
from eventwire.model import FURNITURE_ROLES

from conftest import SEED, SEED_EXPECTED

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
    """The seed's expected sections (40-character starts) are kept beside it (tests/fixtures/seed)."""
    import json

    want = json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))["sections"]
    art = read_text_file(SEED)
    got = [(s.role, art.text[s.start:s.end][:40], s.duplicate_of) for s in split_sections(art)]
    assert got[0] == ("headline", want["headline"], None)
    assert got[1] == ("headline", want["headline"], 0)
    assert got[2][:2] == ("caption", want["first_caption"])
    assert got[3][:2] == ("credit", "Bloomberg | Bloomberg | Getty Images")
    assert ("heading", "‘Horrific’ attack", None) in got
    i = [g[1] for g in got].index("Ukraine Military | via Reuters")
    assert got[i][0] == "credit" and got[i - 1][:2] == ("caption", want["caption_before_reuters_credit"])
    assert got[-1] == ("boilerplate", "Post a Comment", None)
    body = [g for g in got if g[0] == "body"]
    assert len(body) == 14
    assert body[0][1].startswith(want["first_body"])


def test_dateline_is_its_own_section():
    text = HEADER + ("Erdogan says truce talks with Kurdish groups have stalled, blames Europe\n\n"
                     "ANKARA, May 3 (Reuters) - President Tayyip Erdogan said on Friday the truce talks "
                     "with Kurdish groups had stalled.\n")
    got = roles(text)
    assert got[1] == ("dateline", "ANKARA, May 3 (Reuters) -", None)
    assert got[2][0] == "body" and got[2][1].startswith("President Tayyip Erdogan said")


@pytest.mark.parametrize("para,dateline", [
    ("KYIV, Ukraine (Reuters) — Russian forces shelled the city overnight.", "KYIV, Ukraine (Reuters) —"),
    ("WASHINGTON (AP) — The United States announced new penalties on Iran's oil exports.", "WASHINGTON (AP) —"),
    ("LONDON -- Libyan militia chiefs are refusing new talks with the unity government.", "LONDON --"),
    ("GOMA, Congo — Clashes with M23 fighters north of the city have killed at least nine soldiers.",
     "GOMA, Congo —"),
    ("BANGKOK: Seven villagers died when a market in Myanmar was struck by a junta jet.", "BANGKOK:"),
    ("Sanaa, Jan 18 US warplanes struck radar sites near the Red Sea coast overnight.", "Sanaa, Jan 18"),
    ("(MENAFN- Khaama Press) On Friday, Armenia and Azerbaijan swapped 32 detainees.", "(MENAFN- Khaama Press)"),
])
def test_dateline_forms(para, dateline):
    got = roles(HEADER + "A headline\n\n" + para + "\n")
    assert got[1] == ("dateline", dateline, None)
    assert got[2][0] == "body" and para.endswith(got[2][1])


def test_no_dateline_in_ordinary_body():
    got = roles(HEADER + "A headline\n\nSudan’s army chief accused the RSF yet "
                "again of atrocities on Tuesday.\n")
    assert [r for r, _, _ in got] == ["headline", "body"]


def test_canadian_press_boilerplate_and_caption_with_credit():
    text = HEADER + "\n\n".join([
        "Canada pledges more drones for Ukraine",
        "Save to Read Later",
        "OTTAWA - Canada's prime minister, Mark Carney, says Canada will send more drones to Ukraine.",
        "Belarusian President Alexander Lukashenko greets Kazakh President Kassym-Jomart Tokayev during "
        "talks at a state residence outside Minsk, Belarus, Monday, May 8, 2023.The federal "
        "government has hit nine further Belarusians with sanctions for their close links to Lukashenko, "
        "including his eldest son. THE CANADIAN PRESS/Ivan Orlov, BelTA Pool Photo via AP",
        "OTTAWA - Canada's prime minister, Mark Carney, says Canada will send more drones to Ukraine.",
        "He says more details of the package will follow next week.",
        "Want to get a head start on your day?",
        "Get the days breaking stories, weather forecast, and more sent straight to your inbox every "
        "weekday morning.",
        "Sign Up",
        "I agree to the Terms and Conditions, Cookie and Privacy Policies and CASL agreement",
        "Since 2020, Canada has levied sanctions on over 400 people and firms in Belarus.",
        "This report by The Canadian Press was first published May 8, 2023.",
        "With files from John Doe and The Associated Press",
        "Advertisement",
    ]) + "\n"
    got = roles(text)
    rs = [r for r, _, _ in got]
    assert rs == ["headline", "boilerplate", "dateline", "body", "caption", "credit", "body", "body",
                  "boilerplate", "boilerplate", "boilerplate", "boilerplate", "body",
                  "boilerplate", "boilerplate", "boilerplate"]
    assert got[5][1] == "THE CANADIAN PRESS/Ivan Orlov, BelTA Pool Photo via AP"
    assert got[4][1].endswith("including his eldest son.")
    assert got[6][2] == 4  # repeats section 4 (0 is the header): the first body section


@pytest.mark.parametrize("line,caption,credit", [
    ("Police fire tear gas to scatter Serbian students rallying outside the National Assembly in "
     "Belgrade, Serbia, 15 March 2025. Photo: EPA-EFE/JANE DOE",
     "Police fire tear gas", "Photo: EPA-EFE/JANE DOE"),
    ("Gabon army spokesman Colonel Ulrich Manfoumbi said the constitution was suspended and the "
     "airports shut during a speech on state television Image: GABON 24/REUTERS TV",
     "Gabon army spokesman", "Image: GABON 24/REUTERS TV"),
    ("Belarusian President Alexander Lukashenko chairs a session on the grain harvest "
     "via a video link from a residence outside Minsk, Belarus June 2, 2023. BelTA/Nikolai Petrov/"
     "Pool via REUTERS", "Belarusian President Alexander Lukashenko chairs", "BelTA/Nikolai Petrov/Pool via REUTERS"),
    ("Marchers during a rally against Bolivian president Luis Arce's government on 12 June "
     "2024, a week after the fuel price rise © PHOTO JANE DOE / AFP",
     "Marchers during a rally", "© PHOTO JANE DOE / AFP"),
    ("Andrii Sybiha (Illustrative photo: JOHN DOE / EPA)", "Andrii Sybiha",
     "(Illustrative photo: JOHN DOE / EPA)"),
    ("Andrii Sybiha. Photo: Ukraine’s Foreign Ministry", "Andrii Sybiha.", "Photo: Ukraine’s Foreign Ministry"),
])
def test_caption_with_trailing_credit(line, caption, credit):
    got = roles(HEADER + "A headline\n\n" + line + "\n\nThe talks went on for hours on Friday.\n")
    assert got[1][0] == "caption" and got[1][1].startswith(caption)
    assert got[2] == ("credit", credit, None)
    assert got[3][0] == "body"


def test_leading_credit_and_alt_text_caption():
    got = roles(HEADER + "A headline\n\nJane Doe / AP / AP A police van burns, "
                "during riots near the port of Mombasa, Kenya, Tuesday, "
                "June 25, 2024.\n\nHouthi supporters rally on the anniversary of the revolution in Sanaa, "
                "Yemen\n\nHouthi supporters rally on the anniversary of the revolution in Sanaa, Yemen, "
                "on June 2, 2024 [John Doe/AP Photo]\n\nYemen’s Houthis claim they fired drones at "
                "a US destroyer in the Red Sea.\n")
    assert got[1] == ("credit", "Jane Doe / AP / AP", None)
    assert got[2][0] == "caption" and got[2][1].startswith("A police van")
    assert got[3][0] == "caption" and got[3][2] is not None   # alt text repeats the caption after it
    assert got[4][0] == "caption" and got[4][1].endswith("on June 2, 2024")
    assert got[5] == ("credit", "[John Doe/AP Photo]", None)
    assert got[6][0] == "body"


def test_abbreviated_month_inside_a_caption_with_a_bracketed_credit():
    got = roles(HEADER + "A headline\n\nHouthi supporters rally in Sanaa, Yemen, on Sept. 21, 2024 "
                "[John Doe/AP Photo]\n\nThe rally went on for hours.\n")
    assert got[1][0] == "caption" and got[1][1].endswith("on Sept. 21, 2024")
    assert got[2] == ("credit", "[John Doe/AP Photo]", None)


@pytest.mark.parametrize("caption, credit", [
    ("Sudanese soldiers patrol a street in Port Sudan on Aug. 14, 2023", "[Jane Roe/AP Photo]"),
    ("Gen. Amadou Sangare greets troops in Gao on Jan. 4, 2024", "[Jane Roe/Reuters]"),
])
def test_other_abbreviated_months_inside_captions(caption, credit):
    got = roles(HEADER + "A headline\n\n" + caption + " " + credit + "\n\nThe patrol went on for hours.\n")
    assert got[1] == ("caption", caption, None)
    assert got[2] == ("credit", credit, None)


def test_caption_then_credit_line_and_cue():
    got = roles(HEADER + "A headline\n\nA bus burns after the shelling of the main market "
                "in Kherson, Ukraine, November 21, 2022 in this still image from a handout video obtained by "
                "Reuters.\n\nThe talks open as fighting goes on across Sudan.\n\nFILE - The tanker "
                "Nordic Star loads its cargo of crude oil at the port of Novorossiysk, Russia, on "
                "Oct. 12, 2022.\n\nBut the shelling grew worse again from early November.\n")
    assert [r for r, _, _ in got] == ["headline", "caption", "body", "caption", "body"]


@pytest.mark.parametrize("line", [
    "AFP, Kyiv", "Published: 3 Feb 2024, 09:41 AM", "June 12, 2023, 08:05 PM",
    "Tuesday 4 March 2025 07:15, UK", "4/4/2025", "August 28, 2025", "by Temitope Oladeji",
    "By Bethlehem Feleke, CNN", "March 2, 2024 by Peoples Dispatch", "Published in Dawn, February 2nd, 2025",
    "PUBLISHED: 02/03/2024; STORY: Graphic News; PICTURES: Getty Images", "Ukrainska PravdaMonday, 3 March 2025, 09:12",
    "All Sections", "Укр Рус Eng Support Us", "Support Us", "Advertisement:", "ADVERTISEMENT",
    "Register now for FREE unlimited access to Reuters.com Register",
    "Writing by Jane Doe Editing by John Smith, Ann Lee and Tom Brown",
    "Our Standards: The Thomson Reuters Trust Principles.", "Follow live: Gaza ceasefire deal", "___",
    "Associated Press writers Jane Doe, John Smith and Ann Lee contributed from Washington.",
    "Post a Comment", "![]() |",
    "(Additional reporting by Kofi Mensah in Accra; Editing by Jane Doe)",
    "ALSO READ: Mali: fuel convoys reach Bamako after blockade",
    "Source: Reuters and news agencies", "Kofi Mensah and agencies", "Amina Diallo reported from Bamako.",
    "Author of the article: Kofi Mensah", "Sign up to receive our morning briefing from the Accra Times",
    "This live blog is now closed. Thank you for following our coverage.",
    "By Kofi Mensah and Amina Diallo, Sahel Desk, Bamako",
])
def test_boilerplate_lines(line):
    got = roles(HEADER + "A headline\n\nThe talks went on for hours on Friday.\n\n" + line
                + "\n\nThe truce began at noon local time.\n")
    assert got[2] == ("boilerplate", line, None)
    assert got[1][0] == got[3][0] == "body"


@pytest.mark.parametrize("line,role", [
    ("‘Horrific’ toll", "heading"), ("What we know", "heading"), ("What does Russia say?", "heading"),
    ("Background:", "heading"),
    # real sentences stay body, short or not
    ("But the shelling grew worse again from early November.", "body"),
    ("Sending more French air-defence units to help Poland is an option.", "body"),
    ("He says more details of the package will follow next week.", "body"),
    ("Source: Andrii Sybiha’s statement after talks in Geneva, Kremlin-aligned Russian news agency "
     "TASS", "body"),
])
def test_headings_and_short_body(line, role):
    got = roles(HEADER + "A headline\n\nThe talks went on for hours on Friday.\n\n" + line
                + "\n\nThe truce began at noon local time.\n")
    assert got[2] == (role, line, None)


def test_repeated_headline_and_nav_block():
    got = roles(HEADER + "Geneva talks cover detainee swap and truce – Ukraine's foreign minister\n\n"
                "All Sections\n\nУкр Рус Eng Support Us\n\n"
                "Geneva talks cover detainee swap and truce – Ukraine's foreign minister\n\n"
                "Ukrainian Foreign Minister Andrii Sybiha has said that the delegations discussed a swap.\n")
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
    got = roles(HEADER + "A headline\n\n\"Nobody kept quiet when the first lie was told in Aleppo. "
                "It's just the same sort of lie from start to end.\" read more\n\nThe sanctions were total.\n")
    assert got[1] == ("body", "\"Nobody kept quiet when the first lie was told in Aleppo. "
                              "It's just the same sort of lie from start to end.\"", None)
    assert got[2] == ("boilerplate", "read more", None)


def test_a_text_opening_with_its_dateline_has_no_headline():
    """A wire story pasted without its headline: the first line is dateline and body."""
    got = roles(HEADER + "LIMA, June 3 (Reuters) - Farmers blocked two highways near Arequipa on Monday.\n\n"
                "Police said the roads would be cleared.\n")
    assert [(r, t) for r, t, _ in got] == [
        ("dateline", "LIMA, June 3 (Reuters) -"),
        ("body", "Farmers blocked two highways near Arequipa on Monday."),
        ("body", "Police said the roads would be cleared.")]
    # a dateline-shaped headline with nothing after it is still the headline
    assert roles(HEADER + "Farmers block highways in Peru\n\nLIMA - Farmers blocked two highways.\n")[0][0] == "headline"


def test_a_caption_label_is_cut_from_its_caption():
    got = roles(HEADER + "Farmers block highways in Peru\n\n"
                "Caption: Riot police fire tear gas at farmers near Arequipa on Monday.\n\n"
                "LIMA - Farmers blocked two highways on Monday.\n")
    assert [(r, t) for r, t, _ in got][1:3] == [
        ("credit", "Caption:"), ("caption", "Riot police fire tear gas at farmers near Arequipa on Monday.")]
