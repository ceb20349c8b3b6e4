"""Quotes on real paragraphs (short excerpts of ../shared/eval/articles and the seed article).

The stages run directly (clean, parse, quotes) with no actor entities, so speakers come from the
quote stage's own spaCy fallback; with the actors stage they are the same people.
"""

from __future__ import annotations

import pytest

from eventwire.clean import CleanStage
from eventwire.extract.quotes import QuoteStage, quote_spans
from eventwire.ingest.text import article_from_text, read_text_file
from eventwire.knowledge import Knowledge
from eventwire.model import FURNITURE_ROLES

from conftest import SEED

HEADER = "url: https://example.org/a\noutlet: Test\npublished: 2025-04-14\n---\n"


@pytest.fixture(scope="module")
def stages():
    from eventwire.nlp.stage import ParseStage

    kb = Knowledge()
    return CleanStage(kb, {}), ParseStage(kb, {}), QuoteStage(kb, {})


def run(stages, art):
    clean, parse, quotes = stages
    clean(art)
    parse(art)
    art.entities = []
    quotes(art)
    for q in art.quotes:
        assert art.text[q.start:q.end] == q.text
        sec = art.section_at(q.start)
        assert sec is not None and sec.role not in FURNITURE_ROLES
    return art


def quotes_of(stages, *paragraphs: str, headline: str = "A headline"):
    art = article_from_text(HEADER + headline + "\n\n" + "\n\n".join(paragraphs) + "\n", "<test>")
    return [(q.text, q.speaker.name if q.speaker else None, q.verb) for q in run(stages, art).quotes]


def test_seed_quotes(stages):
    art = run(stages, read_text_file(SEED))
    got = [(q.text, q.speaker.name, q.verb) for q in art.quotes]
    assert got == [
        ("These talks are going to be very very difficult, that’s the reality", "Timothy Ash", "tell"),
        ("The two sides are, in my mind, fairly far apart.", "Timothy Ash", "tell"),
        ("I really don’t think it was.", "Timothy Ash", "add"),
        ("If you go back to 2014, Ukraine got invaded, Crimea annexed, when it [Ukraine] had no ambitions "
         "to join NATO and it’s had neutral status and no military capability and it still got invaded",
         "Timothy Ash", "tell"),
        ("In the end, Putin still wants Ukraine", "Timothy Ash", "say"),
        ("horrific", "Antonio Guterres", "call"),
    ]
    he = art.quotes[3].speaker
    assert (he.text, he.kind, art.text[he.start:he.end]) == ("he", "pronoun", "he")
    assert not any("neutral status" == q.text or q.text == "Horrific" for q in art.quotes)


def test_according_to_and_said_colon(stages):
    got = quotes_of(
        stages,
        "U.N. officials have warned of a \"real and growing\" risk of genocide in El Fasher. \"Civilians are "
        "being attacked and killed because of the colon of their skin, because of their ethnicity, because "
        "of who they are,\" according to Alice Nderitu, U.N. special adviser on the prevention of genocide.",
        "Clementine Nkweta-Salami, U.N. resident and humanitarian coordinator for Sudan, said: \"I am "
        "profoundly distressed by the humanitarian situation in El Fasher.\"",
    )
    assert got == [
        ("Civilians are being attacked and killed because of the colon of their skin, because of their "
         "ethnicity, because of who they are", "Alice Nderitu", "according to"),
        ("I am profoundly distressed by the humanitarian situation in El Fasher.", "Clementine Nkweta-Salami",
         "say"),
    ]


def test_quote_paragraph_continues_previous_speaker(stages):
    got = quotes_of(
        stages,
        "“We received a message from the International Committee of the Red Cross that the Russian "
        "Federation confirms its readiness to open access for the humanitarian convoy to the city of "
        "Mariupol,” Ukraine’s deputy prime minister Iryna Vereshchuk said yesterday.",
        "“We will do everything possible to ensure that buses arrive in Mariupol today and pick up people "
        "who have not yet been able to get out of the city.”",
    )
    assert [(t[:30], s) for t, s, _ in got] == [("We received a message from the", "Iryna Vereshchuk"),
                                                ("We will do everything possible", "Iryna Vereshchuk")]


def test_described_as_and_unnamed_speakers_are_not_quotes(stages):
    got = quotes_of(
        stages,
        "The city has been described as “worse than hell” by some of those who escaped in their own cars "
        "under shelling and were interviewed by London Independent in the city of Zaporizhzhia.",
        "“For logistics and security reasons, we’ll be ready to lead the safe passage operation tomorrow, "
        "Friday, provided all the parties agree to the exact terms,” a spokesperson said.",
    )
    assert got == []


def test_pronoun_speaker_and_governed_one_word_quote(stages):
    got = quotes_of(
        stages,
        "UK Prime Minister Keir Starmer said Sunday he was \"appalled\" by Russian missile strikes on the "
        "Ukrainian city of Sumy, which killed more than 30 people according to rescuers.",
        "\"I'm appalled at Russia's horrific attacks on civilians in Sumy,\" he posted on X, adding that "
        "Russian President Vladimir Putin \"must now agree to a full and immediate ceasefire without conditions.\"",
        headline="Zelensky calls for ‘strong pressure’ on Russia",
    )
    assert got == [
        ("appalled", "Keir Starmer", "say"),
        ("I'm appalled at Russia's horrific attacks on civilians in Sumy", "Keir Starmer", "post"),
        ("must now agree to a full and immediate ceasefire without conditions.", "Keir Starmer", "add"),
    ]


def test_label_names_the_speaker(stages):
    got = quotes_of(
        stages,
        "Details: Vladimir Medinsky, the head of the Russian delegation and Putin's aide, confirmed the "
        "agreement on a major prisoner exchange between Russia and Ukraine.",
        "Quote from Medinsky: \"In the coming days, a large-scale exchange of prisoners will take place – a "
        "thousand for a thousand.\"",
    )
    assert got[-1][0].startswith("In the coming days") and got[-1][1].endswith("Medinsky")


def test_attribution_in_the_next_sentence(stages):
    got = quotes_of(
        stages,
        "\"I never discuss my family with anyone.\" Putin told reporters at a 2015 news conference, "
        "according to the BBC.",
    )
    assert got == [("I never discuss my family with anyone.", "Putin", "tell")]


def test_partial_quotes_in_reported_speech(stages):
    got = quotes_of(
        stages,
        "Georgian President Salome Zourabichvili, who joined the protest on Thursday evening, called Georgian "
        "Dream’s decision to suspend EU accession talks the culmination of a “constitutional coup unfolding "
        "for weeks” and said that the government had declared “war” on its people by taking Georgia “from "
        "Europe towards Russia”.",
    )
    assert [t for t, _, _ in got] == ["constitutional coup unfolding for weeks", "war", "from Europe towards Russia"]
    assert {s for _, s, _ in got} == {"Salome Zourabichvili"}


def test_scare_quotes_and_so_called_terms(stages):
    got = quotes_of(
        stages,
        "Among Russia’s demands are legal assurances that Ukraine will never join the NATO — and have "
        "so-called “neutral status” regarding the military alliance.",
        "The official said that Hamas approved a \"softened\" proposal from Egypt that Israel had not accepted.",
        "Addressing the war in public for the first time since Russian forces retreated from northern Ukraine, "
        "Putin promised that Russia would achieve all of its \"noble\" aims in Ukraine.",
    )
    assert got == []


def test_quote_spans_marks_and_apostrophes():
    text = "Russia’s ‘Horrific’ attack, “he said,” and \"straight\" 12\" ‘leaders’ level’ don’t"
    spans = [text[s.start:s.end] for s in quote_spans(text, 0, len(text))]
    assert spans == ["Horrific", "he said", "straight", "leaders"]
    unclosed = "He said the action was a form of “self-defence in the face of"
    (sp,) = quote_spans(unclosed, 0, len(unclosed))
    assert unclosed[sp.start:sp.end] == "self-defence in the face of" and sp.close == len(unclosed)


def test_eval_articles_quote_floor(stages):
    """Rule 6 of ../shared/eval/README.md on all gold articles: micro F1 floor, no boilerplate leaks."""
    import json
    import re
    import unicodedata

    from conftest import shared_path

    fold = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})

    def norm(s):
        return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", s or "").translate(fold)).strip().lower()

    tp = fp = fn = 0
    for gold_path in sorted(shared_path("eval", "articles").glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        art = run(stages, read_text_file(gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))))
        bp = {norm(b) for b in gold["boilerplate"]}
        for q in art.quotes:
            line_start = art.text.rfind("\n", 0, q.start) + 1
            line_end = art.text.find("\n", q.end)
            assert norm(art.text[line_start:line_end if line_end >= 0 else None]) not in bp
        free = list(range(len(art.quotes)))
        ok = lambda q, g: (norm(g["evidence"]) in norm(q.text)  # noqa: E731
                           and norm(g["speaker"]).split()[-1] in norm(q.speaker.name) + " " + norm(q.speaker.text))
        for g in sorted(gold["quotes"], key=lambda g: g.get("required", True) is False):
            hit = next((i for i in free if ok(art.quotes[i], g)), None)
            if hit is not None:
                free.remove(hit)
                tp += g.get("required", True) is not False
            elif g.get("required", True) is not False:
                fn += 1
        fp += sum(1 for i in free if not any(ok(art.quotes[i], g) for g in gold["quotes"]))
    p, r = tp / (tp + fp), tp / (tp + fn)
    assert 2 * p * r / (p + r) >= 0.90, (tp, fp, fn)


def test_quoted_modifier_is_not_a_quote():
    # corpus 013 (ABC News)
    from eventwire.pipeline import extract_text

    art = extract_text("U.N. officials have warned of a \"real and growing\" risk of genocide in El Fasher.",
                       "2024-05-31")
    assert art.quotes == []
