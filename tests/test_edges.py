"""Edges that crashed or lost data (issue 11, "Edges"), each checked through the commands a user
runs: LIKE wildcards in ``events --text/--place``, a CSV record with an unbalanced quote, a long
single-paragraph document, one giant "word", and HTML nested hundreds of levels deep."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from eventwire.model import Article, Entity, Event, Mention
from eventwire.store import Store


def _cli(args: list[str], **kw):
    from eventwire.cli import app

    res = CliRunner().invoke(app, args, catch_exceptions=True, **kw)
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    assert "Traceback" not in res.stderr
    return res


# -- events --text / --place: user text is matched literally --------------------------------------

def _article(i: int, sentence: str, place: str) -> Article:
    text = f"Report {i}\n\n{sentence}\n"
    start = text.index(sentence)
    art = Article(text=text, source=f"r{i}.txt", published=dt.date(2024, 5, 1))
    from eventwire.model import Place

    art.events.append(Event(
        "PROTEST", actor=[Entity("Workers", start, start + 7, name=None, country="FRA")],
        date=dt.date(2024, 5, 1), date_precision="day",
        location=Place(place, start, start + 1, name=place, country="FRA"),
        mentions=[Mention(sentence, start, start + len(sentence), "marched", "body", start + 8, start + 15)]))
    return art


@pytest.fixture(scope="module")
def wildcard_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("like") / "like.duckdb"
    with Store(db) as st:
        run = st.start_run(["test"])
        st.write_article(_article(1, "Workers marched in Paris after a 50% pay cut was announced.", "Paris"), run)
        st.write_article(_article(2, "Workers marched in Lyon against the new_rules of the company.", "Lyon"), run)
        st.write_article(_article(3, "Workers marched in Lille on Friday.", "Saint_Lille"), run)
    return db


@pytest.mark.parametrize("args, expected", [
    (["--text", "_"], {"new_rules"}),            # before: every event (_ is any one character)
    (["--text", "%"], {"50%"}),                   # before: every event
    (["--text", "50%"], {"50%"}),
    (["--text", "new_rules"], {"new_rules"}),
    (["--text", "new rules"], set()),
    (["--text", "\\"], set()),
    (["--text", "marched"], {"50%", "new_rules", "Friday"}),
    (["--place", "_"], {"Friday"}),               # Saint_Lille only
    (["--place", "%"], set()),
])
def test_text_and_place_filters_match_literally(wildcard_db, args, expected):
    res = _cli(["events", "--db", str(wildcard_db), "-f", "jsonl", *args])
    assert res.exit_code == 0, res.stderr
    sents = [json.loads(ln)["mentions"][0]["text"] for ln in res.stdout.splitlines()]
    found = {k for k in ("50%", "new_rules", "Friday") for s in sents if k in s}
    assert found == expected and len(sents) == len(expected), sents


# -- a CSV dataset with an unbalanced quote ------------------------------------------------------

CSV_WITH_BAD_QUOTE = (
    "id,text,published\n"
    'r1,"The minister said ""we will not yield"" after police detained ten protesters in Minsk on Monday.",2024-05-06\n'
    'r2,"Rebels attacked a base near the border, the army said "and then,2024-05-06\n'
    "r3,Police arrested twenty protesters outside parliament in Tbilisi on Sunday.,2024-05-05\n"
    'r4,"Thousands marched through Paris on Thursday,\nunions said.",2024-05-02\n'
)


def test_csv_record_with_an_unbalanced_quote_is_one_failure_and_the_rest_go_on(tmp_path):
    from eventwire.ingest.dataset import iter_dataset

    f = tmp_path / "news.csv"
    f.write_text(CSV_WITH_BAD_QUOTE, encoding="utf-8")
    items = list(iter_dataset(f))
    kinds = [type(x).__name__ for x in items]
    assert kinds == ["Article", "InputError", "Article", "Article"], items
    bad = items[1]
    assert bad.document == f"csv:{f}#line 3" and "line 3" in bad.reason and "quote" in bad.reason
    assert items[2].text == "Police arrested twenty protesters outside parliament in Tbilisi on Sunday."
    assert items[2].id == "r3"  # before: r3 was swallowed into r2's text
    assert items[3].text == "Thousands marched through Paris on Thursday,\nunions said."
    db = tmp_path / "news.duckdb"
    res = _cli(["ingest", str(f), "--db", str(db), "--quiet"])
    assert res.exit_code == 1  # one record failed
    assert "4 read, 3 stored, 0 skipped as already stored, 1 failed" in res.stderr
    with Store(db, read_only=True) as st:
        fails = st.con.execute("SELECT document, error FROM failures").fetchall()
    assert len(fails) == 1 and fails[0][0] == f"csv:{f}#line 3" and "line 3" in fails[0][1]


# -- a long document that is one paragraph ----------------------------------------------------------

SENTENCES = ["Police detained {n} protesters outside parliament in Tbilisi on Sunday, the ministry said.",
             "Residents of the district watched the crowd from their balconies for {n} minutes.",
             "The council met again on Monday to discuss the budget for the {n} schools of the region."]


def _one_paragraph(n_chars: int) -> str:
    parts, i, total = [], 0, 0
    while total < n_chars:
        s = SENTENCES[i % 3].format(n=i)
        parts.append(s)
        total += len(s) + 1
        i += 1
    return "A long report\n\n" + " ".join(parts) + "\n"


def test_pieces_cover_the_text_at_sentence_ends():
    from eventwire.nlp.pieces import pieces

    text = _one_paragraph(50_000)
    ps = pieces(text, 5_000)
    assert "".join(p for _, p in ps) == text
    assert all(text[o:o + len(p)] == p and len(p) <= 5_000 for o, p in ps)
    assert all(p.rstrip().endswith(".") for _, p in ps[:-1])  # cut after a sentence end
    assert pieces("short text", 5_000) == [(0, "short text")]


def test_a_paragraph_longer_than_the_model_takes_is_parsed_in_pieces(pipeline, monkeypatch):
    """spaCy's max_length is 1,000,000 characters; the documented limit of a document is 5 MB.
    A 1-5 MB paragraph takes minutes to parse here, so the model's max_length is lowered to
    30,000 characters and the document is 120,000: the same E088 before, the same pieces now."""
    from eventwire.ingest.text import article_from_text
    from eventwire.nlp import load_model

    nlp = load_model()
    monkeypatch.setattr(nlp, "max_length", 30_000)
    text = _one_paragraph(120_000)
    art = pipeline.run(article_from_text(text, "long.txt", dt.date(2024, 5, 6)))
    body = [s for s in art.sentences if s.section != "headline"]
    assert len(body) >= 1_300  # every sentence of the paragraph, not just the first pieces
    assert body[-1].end >= len(text.rstrip()) - 1
    for s in art.sentences:  # offsets into the whole text stay exact
        assert text[s.start:s.end] == s.span.text and s.offset + s.span[0].idx == s.start
    assert art.events and all(text[m.start:m.end] == m.text for ev in art.events for m in ev.mentions)


# -- one giant "word" ---------------------------------------------------------------------------------

def test_a_two_megabyte_word_is_refused_as_no_prose(tmp_path):
    f = tmp_path / "blob.txt"
    f.write_text("A" * 2_000_000 + "\n", encoding="utf-8")
    res = _cli(["extract", str(f)])
    assert res.exit_code == 1 and res.stdout == ""
    err = res.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"eventwire: error: {f}: not prose: a run of 2,000,000 "
                                               "characters without a space"), err
    assert "language" not in err[0]  # before: "language 'tl' is not supported yet"
    res = _cli(["ingest", str(f), "--db", str(tmp_path / "b.duckdb"), "--quiet"])
    assert res.exit_code == 1 and "1 failed" in res.stderr
    with Store(tmp_path / "b.duckdb", read_only=True) as st:
        (error,) = st.con.execute("SELECT error FROM failures").fetchone()
    assert error.startswith("not prose: a run of 2,000,000 characters")


def test_a_giant_word_is_refused_by_the_parse_stage_too(pipeline):
    from eventwire.errors import InputError
    from eventwire.ingest.text import article_from_text

    text = "Headline\n\nPolice said " + "x" * 150_000 + " today.\n"
    with pytest.raises(InputError, match="not prose: a run of 150,000 characters"):
        pipeline.run(article_from_text(text, "giant.txt"))


# -- HTML nested hundreds of levels deep --------------------------------------------------------------

def _deep_page(depth: int) -> str:
    body = ("<p>Police detained twenty protesters outside parliament in Tbilisi on Sunday, the "
            "interior ministry said in a statement.</p><p>The protesters had demanded the release of "
            "an opposition leader &amp; two journalists.</p>")
    return ("<!DOCTYPE html><html><head><title>Protests in Tbilisi</title></head><body>"
            + "<div class=\"wrap\">" * depth + f"<article><h1>Protests in Tbilisi</h1>{body}</article>"
            + "</div>" * depth + "</body></html>")


@pytest.mark.parametrize("depth", [300, 3000])
def test_deeply_nested_html_keeps_its_text(tmp_path, depth):
    f = tmp_path / "deep.html"
    f.write_text(_deep_page(depth), encoding="utf-8")
    res = _cli(["extract", str(f), "--published", "2024-05-05"])
    assert res.exit_code == 0, res.stderr  # before: "no article text could be extracted"
    rec = json.loads(res.stdout)
    assert rec["article"]["title"] == "Protests in Tbilisi"
    text = "\n".join(ev["mentions"][0]["text"] for ev in rec["events"])
    assert "Police detained twenty protesters" in text


def test_flatten_keeps_paragraphs_and_text():
    from eventwire.ingest.flatten import flatten, nesting_depth

    page = _deep_page(400)
    assert nesting_depth(page) >= 400
    flat = flatten(page)
    assert nesting_depth(flat) < 200
    assert "<p>Police detained" in flat and "&amp; two journalists" in flat
    shallow = _deep_page(3)
    assert nesting_depth(flatten(shallow)) == nesting_depth(shallow)


# -- one very long "sentence": cut before parsing, so per-event searches stay linear ----------------

def test_a_run_of_words_with_no_sentence_end_is_cut_into_bounded_sentences():
    from eventwire.nlp import SENTENCE_HARD_MAX, load_model

    nlp = load_model()
    text = "Militias shelled Goma and the army bombed Bunia, " * 150 + "officials said."
    doc = nlp(text)
    sents = list(doc.sents)
    assert len(doc) > 1000 and len(sents) >= 5
    assert max(len(s) for s in sents) <= SENTENCE_HARD_MAX
    # cut at a comma or a coordinating word where one comes
    assert all(doc[s.start - 1].lower_ in {",", ";", "and", "or", "but"} for s in sents[1:])


def test_ordinary_long_sentences_are_not_cut():
    from eventwire.nlp import _cut_long_sentences, load_model

    nlp = load_model()
    text = ("The mediators from Accra, Dakar and Lome met the junta's envoys, the rebel commanders and "
            "the traders' unions " + "in the market towns of the north, " * 17 + "before they left.")
    doc = _cut_long_sentences(nlp.make_doc(text))
    assert 150 < len(doc) < 200
    assert not any(t.is_sent_start for t in doc[1:])


def test_a_forty_kilobyte_sentence_is_extracted(pipeline):
    from eventwire.ingest.text import article_from_text

    text = "Militias shelled Goma and the army bombed Bunia and " * 800 + "the day ended."
    assert len(text) > 40_000
    art = pipeline.run(article_from_text(text, "one-sentence.txt", dt.date(2024, 5, 2)))
    assert {e.event_type for e in art.events} == {"ASSAULT"}
    assert sum(len(e.mentions) for e in art.events) >= 1000


def test_a_long_paragraph_is_parsed_in_batches_that_bound_memory():
    """nlp.pipe's batch is sized by the longest text (nlp.stage.BATCH_CHARS): fifty 100,000-character
    pieces of one paragraph are never one batch, while short news sections still share one."""
    from eventwire.nlp.stage import BATCH_CHARS, batch_size

    assert batch_size(["x" * 100_000] * 50) * 100_000 <= BATCH_CHARS
    assert batch_size(["x" * 2_000] * 300) >= 50
    assert batch_size([]) >= 1


def test_a_dataset_with_one_good_record_still_gives_json_lines(tmp_path):
    import json

    f = tmp_path / "feed.jsonl"
    f.write_text(json.dumps({"id": "a", "text": "Rebels attacked a police post in Kidal on Monday."}) + "\n"
                 + json.dumps({"id": "b", "text": ""}) + "\n", encoding="utf-8")
    res = _cli(["extract", str(f)])
    assert res.exit_code == 1  # the empty record is an error naming it
    lines = res.stdout.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["article"]["id"] == "a"


def test_a_page_of_furniture_only_is_an_error_naming_it(tmp_path):
    f = tmp_path / "share.txt"
    f.write_text("Skip to content\nShare this article\nSign up for our newsletter\n", encoding="utf-8")
    res = _cli(["extract", str(f)])
    assert res.exit_code == 1 and res.stdout == ""
    (line,) = res.stderr.strip().splitlines()
    assert line.startswith(f"eventwire: error: {f}: no text outside page furniture")
