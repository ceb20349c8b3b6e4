"""Quotes on paragraphs written for these tests (each the construction of a real news paragraph,
with other names, places and words), on the seed article, and on the gold articles of
../shared/eval (read from there; skipped without it).

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

from conftest import SEED, SEED_EXPECTED

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
    """The expected quotes of the seed article are kept beside it (tests/fixtures/seed)."""
    import json

    expected = json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))["quotes"]
    art = run(stages, read_text_file(SEED))
    got = [[q.text, q.speaker.name, q.verb] for q in art.quotes]
    assert got == expected["quotes"]
    he = art.quotes[expected["pronoun_speaker"]].speaker
    assert (he.text, he.kind, art.text[he.start:he.end]) == ("he", "pronoun", "he")
    assert not any(q.text in expected["not_quotes"] for q in art.quotes)


def test_according_to_and_said_colon(stages):
    got = quotes_of(
        stages,
        "Aid agencies have warned of a \"grave and rising\" danger of famine in Kadugli. \"Families are "
        "being hunted and driven out because of their tribe, because of their faith, because of the "
        "village they come from,\" according to Miriam Okafor, the U.N. envoy on the protection of civilians.",
        "Amara Diallo-Sesay, U.N. deputy relief coordinator for Chad, said: \"I am deeply alarmed by "
        "the hunger spreading through the camps near Abeche.\"",
    )
    assert got == [
        ("Families are being hunted and driven out because of their tribe, because of their faith, because "
         "of the village they come from,", "Miriam Okafor", "according to"),
        ("I am deeply alarmed by the hunger spreading through the camps near Abeche.", "Amara Diallo-Sesay",
         "say"),
    ]


def test_quote_paragraph_continues_previous_speaker(stages):
    got = quotes_of(
        stages,
        "“The Red Cross has told us that the Azerbaijani side now accepts a corridor for the aid trucks "
        "heading to the town of Lachin,” Armenia’s deputy foreign minister Anna Petrosyan said on Friday.",
        "“We are doing all we can so that the trucks reach Lachin tonight and bring out the families "
        "still trapped in the valley.”",
    )
    assert [(t[:30], s) for t, s, _ in got] == [("The Red Cross has told us that", "Anna Petrosyan"),
                                                ("We are doing all we can so tha", "Anna Petrosyan")]


def test_described_as_and_unnamed_speakers_are_not_quotes(stages):
    got = quotes_of(
        stages,
        "The town was portrayed as “a prison in the open” by several of the families who fled on foot "
        "under fire and spoke to the Guardian in the border town of Goris.",
        "“For practical and safety reasons, we can start escorting the convoy on Monday, "
        "provided both sides accept the final route,” a spokeswoman said.",
    )
    assert got == []


def test_pronoun_speaker_and_governed_one_word_quote(stages):
    got = quotes_of(
        stages,
        "Irish Prime Minister Ciara Walsh said Monday she was \"sickened\" by Ethiopian drone raids on the "
        "Tigrayan town of Adigrat, which left more than 20 dead according to medics.",
        "\"I'm sickened by Ethiopia's brutal raids on families in Adigrat,\" she wrote on X, adding that "
        "Prime Minister Abiy Ahmed \"has to halt the drones at once and talk without preconditions.\"",
        headline="Tigray leader urges ‘firm pressure’ on Addis Ababa",
    )
    assert got == [
        ("sickened", "Ciara Walsh", "say"),
        ("I'm sickened by Ethiopia's brutal raids on families in Adigrat,", "Ciara Walsh", "write"),
        ("has to halt the drones at once and talk without preconditions.", "Ciara Walsh", "add"),
    ]


def test_label_names_the_speaker(stages):
    got = quotes_of(
        stages,
        "Details: Arman Grigoryan, who leads the Armenian team and advises the premier, confirmed the "
        "deal on a broad swap of detainees between Armenia and Azerbaijan.",
        "Quote from Grigoryan: \"Within a week, a big swap of detainees will happen – two hundred "
        "for two hundred.\"",
    )
    assert got[-1][0].startswith("Within a week") and got[-1][1].endswith("Grigoryan")


def test_attribution_in_the_next_sentence(stages):
    got = quotes_of(
        stages,
        "\"I do not talk about my children in public.\" Erdogan told journalists at a 2017 press briefing, "
        "according to Reuters.",
    )
    assert got == [("I do not talk about my children in public.", "Erdogan", "tell")]


def test_partial_quotes_in_reported_speech(stages):
    got = quotes_of(
        stages,
        "Serbian opposition leader Marija Jovanovic, who joined the march on Saturday night, called the "
        "ruling party’s move to freeze the election law the climax of a “quiet putsch running "
        "for months” and said that the cabinet had declared “war” on its voters by dragging Serbia “away "
        "from Brussels and into Moscow’s orbit”.",
    )
    assert [t for t, _, _ in got] == ["quiet putsch running for months", "war",
                                      "away from Brussels and into Moscow’s orbit"]
    assert {s for _, s, _ in got} == {"Marija Jovanovic"}


def test_scare_quotes_and_so_called_terms(stages):
    got = quotes_of(
        stages,
        "Among China’s conditions are written guarantees that Taiwan will never host US bases — and keep "
        "a so-called “non-aligned status” towards the alliance.",
        "The diplomat said that Hezbollah backed a \"diluted\" plan from Qatar that Israel had turned down.",
        "Speaking about the conflict openly for the first time since Eritrean troops pulled out of the border "
        "towns, Isaias vowed that Eritrea would reach all of its \"sacred\" goals in the region.",
    )
    assert got == []


def test_quote_spans_marks_and_apostrophes():
    text = "Russia’s ‘Horrific’ attack, “he said,” and \"straight\" 12\" ‘leaders’ level’ don’t"
    spans = [text[s.start:s.end] for s in quote_spans(text, 0, len(text))]
    assert spans == ["Horrific", "he said,", "straight", "leaders"]
    unclosed = "She said the raid was an act of “lawful reprisal against the"
    (sp,) = quote_spans(unclosed, 0, len(unclosed))
    assert unclosed[sp.start:sp.end] == "lawful reprisal against the" and sp.close == len(unclosed)


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
    # the construction of a sentence of corpus 013 (ABC News), other words
    from eventwire.pipeline import extract_text

    art = extract_text("Aid agencies have warned of a \"grave and rising\" danger of famine in Kadugli.",
                       "2024-05-31")
    assert art.quotes == []
