"""Robustness: no input may crash or hang reading, cleaning or extraction.

Property-based tests (hypothesis, derandomized so CI is deterministic) over arbitrary bytes,
odd unicode and short texts built from real news fragments (the seed article of
tests/fixtures/seed), plus the CLI on empty, binary, non-UTF-8, over-size and mixed inputs.

A bug in a stage surfaces from ``Pipeline.run`` as an ``ExtractionError`` (document, stage,
kind) whose ``__cause__`` is the original exception; these tests count that as a crash, not as a
clean per-document error. The fuzz harness of fuzz/fuzz_extract.py applies the same rule.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.resources
import json
import os
import re
import signal
import sys

import pytest
import yaml
from conftest import SEED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from eventwire.errors import ExtractionError, InputError
from eventwire.extract.lexicon import PLOVER_TYPES
from eventwire.ingest.dispatch import iter_source
from eventwire.ingest.text import article_from_text, decode
from eventwire.model import FURNITURE_ROLES, SECTION_ROLES, Article
from eventwire.pipeline import Failure, Pipeline

AUX = (None, "historical", "future", "hypothetical", "negation")
PRECISIONS = (None, "day", "week", "month", "year")
#: Seconds one short document may take in Pipeline.run before it counts as a hang.
HANG_SECONDS = 10

#: ``EVENTWIRE_ROBUSTNESS_SCALE=20 pytest tests/test_robustness.py``: 20 times the examples, random
#: (not derandomized) — a deeper local hunt; CI runs the default, deterministic, fast setting.
SCALE = max(1, int(os.environ.get("EVENTWIRE_ROBUSTNESS_SCALE", "1")))
FAST = settings(max_examples=80 * SCALE, deadline=None, derandomize=SCALE == 1, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])
PIPE = settings(FAST, max_examples=60 * SCALE)


# --------------------------------------------------------------------------- helpers

class Hang(Exception):
    """One document took longer than :data:`HANG_SECONDS`."""


@contextlib.contextmanager
def time_limit(seconds: int):
    """Raise :class:`Hang` after ``seconds`` (SIGALRM; a no-op where there is none)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def _raise(signum, frame):
        raise Hang(f"no result after {seconds} s")

    old = signal.signal(signal.SIGALRM, _raise)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def is_stage_crash(exc: BaseException) -> bool:
    """The error ``Pipeline.run`` makes out of a bug in a stage (not raised on purpose)."""
    return isinstance(exc, ExtractionError)


def run_checked(pipeline: Pipeline, article: Article) -> Article | None:
    """``pipeline.run`` under a time limit; None for a clean InputError, re-raise a stage bug."""
    try:
        with time_limit(HANG_SECONDS):
            return pipeline.run(article)
    except ExtractionError as exc:
        raise exc.__cause__ or exc  # the original traceback, for the report
    except InputError as exc:
        if is_stage_crash(exc):
            raise exc.__cause__  # the original traceback, for the report
        assert exc.document == article.source
        return None


def _modes() -> dict[str, set]:
    path = importlib.resources.files("eventwire.knowledge") / "plover.yaml"
    types = yaml.safe_load(path.read_text(encoding="utf-8"))["types"]
    return {t: set((v or {}).get("modes") or {}) for t, v in types.items()}


MODES = _modes()
ISO = re.compile(r"^\d{4}(-\d{2}-\d{2})?$")


def _check_span(article: Article, what: str, x) -> None:
    """``x`` (entity, place, quote, date or mention) points at its own words, outside furniture."""
    text = article.text
    assert 0 <= x.start < x.end <= len(text), f"{what} {x.text!r}: offsets {x.start}:{x.end} out of bounds"
    assert text[x.start:x.end] == x.text, f"{what}: text[{x.start}:{x.end}]={text[x.start:x.end]!r} != {x.text!r}"
    sec = article.section_at(x.start)
    assert sec is not None, f"{what} {x.text!r} at {x.start} is in no section"
    assert sec.role not in FURNITURE_ROLES, f"{what} {x.text!r} at {x.start} is in a {sec.role} section"


def assert_well_formed(article: Article) -> None:
    """Every offset points at its words outside page furniture; types, aux, modes and dates are valid.

    Used by tests/test_corpus.py too.
    """
    for e in article.entities:
        _check_span(article, "entity", e)
    for p in article.places:
        _check_span(article, "place", p)
    for q in article.quotes:
        _check_span(article, "quote", q)
        if q.speaker is not None:
            _check_span(article, "quote speaker", q.speaker)
    for d in article.dates:
        _check_span(article, "date", d)
    for ev in article.events:
        assert ev.event_type in PLOVER_TYPES
        assert ev.mode is None or ev.mode in MODES[ev.event_type], f"{ev.event_type}/{ev.mode}"
        assert ev.aux in AUX, ev.aux
        assert ev.mentions, f"{ev.event_type} event without a mention"
        for m in ev.mentions:
            _check_span(article, "mention", m)
            assert m.section == article.section_at(m.start).role
            if m.trigger_start is not None:
                assert m.start <= m.trigger_start < m.trigger_end <= m.end
        for e in ev.actor + ev.recipient + ([ev.claimed_by] if ev.claimed_by else []):
            _check_span(article, f"{ev.event_type} argument", e)
        if ev.location is not None:
            _check_span(article, f"{ev.event_type} location", ev.location)
        rec = ev.record()
        assert rec["date"] is None or ISO.match(rec["date"]), rec["date"]
        assert rec["date_precision"] in PRECISIONS
        if rec["date"] is not None:
            assert len(rec["date"]) == (4 if rec["date_precision"] == "year" else 10)
    json.dumps(article.record())  # the record is plain JSON


def assert_sections_well_formed(article: Article) -> None:
    """Sections are in bounds, sorted, non-overlapping, trimmed, non-empty, and cover the body."""
    text, secs = article.text, article.sections
    prev_end = 0
    for i, s in enumerate(secs):
        assert s.role in SECTION_ROLES
        assert 0 <= s.start < s.end <= len(text), (i, s)
        assert s.start >= prev_end, f"section {i} {s} overlaps the one before (ends at {prev_end})"
        chunk = text[s.start:s.end]
        assert chunk == chunk.strip() and chunk, (i, s, chunk)
        assert s.duplicate_of is None or 0 <= s.duplicate_of < len(secs) and s.duplicate_of != i
        assert (s.role == "header") == (i == 0 and article.body_start > 0), (i, s)
        prev_end = s.end
    covered = bytearray(len(text))
    for s in secs:
        covered[s.start:s.end] = b"\x01" * (s.end - s.start)
    lost = [i for i in range(article.body_start, len(text)) if not text[i].isspace() and not covered[i]]
    assert not lost, f"characters in no section at {lost[:5]}: {text[lost[0]:lost[0] + 20]!r}"


# --------------------------------------------------------------------------- strategies

def _seed_fragments() -> list[str]:
    body = SEED.read_text(encoding="utf-8")
    out = []
    for para in body.split("\n"):
        out.extend(s for s in re.split(r"(?<=[.!?”])\s+", para.strip()) if s)
    return out


REAL = _seed_fragments()
#: Page furniture and awkward pieces written in the style of the corpus.
ODD = [
    "KYIV, Ukraine (Reuters) —", "MOSCOW, March 10 (AP) -", "Bloomberg | Bloomberg | Getty Images",
    "Photo: EPA-EFE/DAVID MDZINARISHVILI", "read more", "Advertisement", "© 2022 Reuters",
    "url: https://example.com/a", "published: 2022-03-10", "published: not-a-date", "title: Talks",
    "---", "“", "”", "‘", "’", '"', "'", "“He said ‘no", "he said.”", "|", "| via Reuters",
    "\u202eRTL override\u202c", "مرحبا بالعالم", "שלום", "\u200b", "\u200d", "\ufeff", "\u2028", "\u2029",
    "😀🔥🇺🇦", "中国外交部发言人说", "日本語のテキスト", "\x0b", "\x0c", "\x1c", "\x85", "\r", "\t",
    "Ó" * 3, "e\u0301", "ﬁnal", "Ｆｕｌｌｗｉｄｔｈ", "...", "—", "-", ":", "(", ")", "[", "]", "2022-03-10",
    "on Sunday", "last year", "two weeks ago", "in 2014", "1,000", "$17.80 billion",
]
SEPARATORS = ["", " ", "\n", "\n\n", "\r\n", "  \n \n"]

odd_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)
piece = st.one_of(st.sampled_from(REAL), st.sampled_from(ODD), odd_text)


@st.composite
def news_like(draw, max_pieces: int = 8) -> str:
    """A short text: real sentences, furniture, odd unicode, joined by assorted line breaks."""
    parts = draw(st.lists(st.tuples(piece, st.sampled_from(SEPARATORS)), min_size=1, max_size=max_pieces))
    text = "".join(p + s for p, s in parts)
    if draw(st.booleans()):  # a header block, sometimes broken
        head = draw(st.lists(st.sampled_from(["url: https://example.com/x", "outlet: CNBC", "published: 2022-03-10",
                                              "topic: talks", "title: “Talks” | live", "published: unknown",
                                              "not a header line", "key:", "x: y: z"]), max_size=4))
        end = draw(st.sampled_from(["---\n", "---", " --- \n", "", "----\n"]))
        text = "\n".join(head) + "\n" + end + text
    if draw(st.booleans()):
        text = draw(st.sampled_from(REAL)) * draw(st.integers(1, 40)) + text  # a very long line
    return text


# --------------------------------------------------------------------------- decode

@FAST
@given(data=st.binary(max_size=600), name=st.sampled_from(["a.txt", "dir/b c.txt", "jsonl:x.jsonl#7", "-"]))
def test_decode_returns_text_or_names_the_document(data, name):
    try:
        text = decode(data, name, max_bytes=500)
    except InputError as exc:
        assert exc.document == name
        assert str(exc).startswith(f"{name}: ") and "\n" not in str(exc)
        return
    assert isinstance(text, str) and text.strip()
    assert not text.startswith("\ufeff")
    assert len(data) <= 500


@FAST
@given(text=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=300))
def test_decode_round_trips_printable_utf8(text):
    data = text.encode("utf-8")
    try:
        out = decode(data, "t.txt")
    except InputError as exc:
        assert exc.document == "t.txt"
        assert not text.strip() or text.strip() == "\ufeff", f"rejected a printable text: {exc}"
        return
    assert out == text.removeprefix("\ufeff")


def test_decode_rejects_each_kind_of_bad_input():
    cases = {b"": "empty", b"  \n\t ": "empty", b"\xef\xbb\xbf \n": "empty", b"abc\x00def": "binary",
             b"\x01\x02\x03\x04 text": "binary", "café".encode("latin-1"): "UTF-8", b"x" * 11: "too large"}
    for data, why in cases.items():
        with pytest.raises(InputError, match=why) as info:
            decode(data, "doc.txt", max_bytes=10)
        assert info.value.document == "doc.txt"


# --------------------------------------------------------------------------- sections

@FAST
@given(text=news_like())
def test_split_sections_offsets_are_sane(pipeline, text):
    try:
        art = article_from_text(text, "s.txt")
    except InputError as exc:
        assert exc.document == "s.txt"
        return
    clean = next(s for s in pipeline.stages if s.name == "clean")
    with time_limit(HANG_SECONDS):
        clean(art)
    assert_sections_well_formed(art)


@FAST
@given(text=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=400),
       body_start=st.integers(0, 50))
def test_split_sections_on_arbitrary_unicode(pipeline, text, body_start):
    art = Article(text=text, source="u.txt", body_start=min(body_start, len(text)) if "\n" in text else 0)
    clean = next(s for s in pipeline.stages if s.name == "clean")
    with time_limit(HANG_SECONDS):
        try:
            clean(art)
        except InputError as exc:  # nothing but page furniture: an error naming the document
            assert exc.document == "u.txt"
            assert all(s.role in FURNITURE_ROLES or not text[s.start:s.end].strip() for s in art.sections)
    assert_sections_well_formed(art)


# --------------------------------------------------------------------------- whole pipeline

@PIPE
@given(text=news_like(max_pieces=6))
def test_pipeline_never_crashes_and_offsets_hold(pipeline, text):
    try:
        art = article_from_text(text, "p.txt", published=dt.date(2022, 3, 10))
    except InputError as exc:
        assert exc.document == "p.txt"
        return
    art = run_checked(pipeline, art)
    if art is not None:
        assert_sections_well_formed(art)
        assert_well_formed(art)


REGRESSIONS = [
    # Short, odd documents that once exercised edge cases of a stage; each must run cleanly.
    "“", "”\n“", "A\n---\n", "x: y\n---\nAttack", "Russia attacked.\u2028Ukraine.", "|\n|\n|",
    "KYIV, Ukraine (Reuters) —", "Photo: Reuters", "\u200b\n\u200bRussia\u200b attacked\u200b Ukraine",
    "Russia " * 600, "“" * 300 + "Russia attacked Ukraine" + "”" * 300,
]


@pytest.mark.parametrize("text", REGRESSIONS, ids=range(len(REGRESSIONS)))
def test_pipeline_on_edge_cases(pipeline, text):
    try:
        art = article_from_text(text, "r.txt", published=dt.date(2022, 3, 10))
    except InputError:
        return
    art = run_checked(pipeline, art)
    if art is not None:
        assert_sections_well_formed(art)
        assert_well_formed(art)


# --------------------------------------------------------------------------- pipe()

GOOD = ["Rebels attacked an army base near Goma on Monday, killing three soldiers, the army said.",
        "Negotiators from Russia and Ukraine met in Istanbul on Tuesday but failed to agree on a ceasefire."]
BAD = [b"", b"\x00\x01binary", "caf\xe9".encode("latin-1"), b"published: 2022-13-45\n---\nText here.",
       b"title: only a header\n---\n   \n"]


def _item(kind: str, i: int):
    """A reader item: an Article for a good document, the InputError a reader yields for a bad one."""
    name = f"{kind}{i}.txt"
    try:
        if kind == "good":
            return article_from_text(GOOD[i % len(GOOD)], name, dt.date(2022, 3, 10))
        return article_from_text(decode(BAD[i % len(BAD)], name), name)
    except InputError as exc:
        return exc


@settings(FAST, max_examples=15)
@given(kinds=st.lists(st.sampled_from(["good", "bad", "failure"]), min_size=1, max_size=6))
def test_pipe_yields_one_result_per_input_in_order(pipeline, kinds):
    items = []
    for i, k in enumerate(kinds):
        items.append(Failure(f"failure{i}.txt", "read", "unreadable") if k == "failure" else _item(k, i))
    assert all(isinstance(x, (Article, InputError, Failure)) for x in items)
    out = list(pipeline.pipe(iter(items)))
    assert len(out) == len(items)
    for i, (k, res) in enumerate(zip(kinds, out)):
        if k == "good":
            assert isinstance(res, Article) and res.source == f"good{i}.txt" and res.events
        else:
            assert isinstance(res, Failure) and res.document == f"{k}{i}.txt", res
            assert res.error and "\n" not in res.message()


class _Boom:
    """A stage with a bug that fires on one document."""

    name, requires, assigns = "boom", ("events",), ()

    def __call__(self, article):
        if "Goma" in article.text:
            raise ZeroDivisionError("division by zero")


def test_pipe_records_a_stage_bug_and_goes_on(pipeline):
    buggy = Pipeline(pipeline.stages + [_Boom()], pipeline.kb, pipeline.config)
    items = [_item("good", 0), _item("good", 1), _item("bad", 2)]
    out = list(buggy.pipe(items))
    assert [type(r).__name__ for r in out] == ["Failure", "Article", "Failure"]
    assert out[0].document == "good0.txt" and out[0].stage == "boom"
    assert out[0].kind == "ZeroDivisionError" and "division by zero" in out[0].error
    assert out[2].document == "bad2.txt" and out[2].stage == "read"


def test_iter_source_on_a_mixed_directory(tmp_path):
    for i, data in enumerate(BAD):
        (tmp_path / f"bad{i}.txt").write_bytes(data)
    (tmp_path / "good.txt").write_text(GOOD[0], encoding="utf-8")
    (tmp_path / "recs.jsonl").write_bytes(b'{"id": "r1", "text": "Police detained protesters in Minsk."}\n'
                                          b'not json\n{"id": "r2"}\n[1, 2]\n')
    out = list(iter_source(str(tmp_path)))
    names = [x.document if isinstance(x, InputError) else x.source for x in out]
    assert [isinstance(x, Article) for x in out] == [False] * 5 + [True, True, False, False, False]
    assert names[:6] == [str(tmp_path / f"bad{i}.txt") for i in range(5)] + [str(tmp_path / "good.txt")]
    assert names[6:] == [f"jsonl:{tmp_path / 'recs.jsonl'}#{s}" for s in ("r1", "line 2", "r2", "line 4")]


# --------------------------------------------------------------------------- CLI

@pytest.fixture
def cli(pipeline):
    """Invoke ``eventwire ARGS`` in-process: (exit code, stdout, stderr lines)."""
    from eventwire.cli import app

    def _run(args, stdin: bytes | None = None):
        res = CliRunner().invoke(app, args, input=stdin, catch_exceptions=False)
        return res.exit_code, res.stdout, [ln for ln in res.stderr.splitlines() if ln.strip()]

    return _run


def _one_line_errors(stderr: list[str], names: list[str]) -> None:
    assert len(stderr) == len(names), stderr
    for line, name in zip(stderr, names):
        assert line.startswith(f"eventwire: error: {name}: "), line
    assert not any("Traceback" in ln for ln in stderr)


@pytest.mark.parametrize("data,why", [(b"", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
                                      ("Angriff auf Kyjiw, café".encode("latin-1"), "not UTF-8")],
                         ids=["empty", "binary", "latin1"])
def test_cli_bad_file_gives_one_line_error(cli, tmp_path, data, why):
    f = tmp_path / "bad.txt"
    f.write_bytes(data)
    code, out, err = cli(["extract", str(f)])
    assert code == 1 and out == ""
    _one_line_errors(err, [str(f)])
    assert why in err[0]


def test_cli_mixed_directory_keeps_good_documents(cli, tmp_path):
    (tmp_path / "a_good.txt").write_text(GOOD[0], encoding="utf-8")
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_binary.txt").write_bytes(b"\x00" * 64)
    (tmp_path / "d_latin1.txt").write_bytes("Réunion à Genève".encode("latin-1"))
    (tmp_path / "e_good.txt").write_text(GOOD[1], encoding="utf-8")
    code, out, err = cli(["extract", str(tmp_path), "--format", "jsonl"])
    assert code == 1
    _one_line_errors(err, [str(tmp_path / n) for n in ("b_empty.txt", "c_binary.txt", "d_latin1.txt")])
    recs = [json.loads(ln) for ln in out.splitlines()]
    assert [r["article"]["source"] for r in recs] == [str(tmp_path / "a_good.txt"), str(tmp_path / "e_good.txt")]
    assert {e["event_type"] for e in recs[0]["events"]} >= {"ASSAULT"}


def test_cli_stdin(cli):
    code, out, err = cli(["extract", "-"], stdin=GOOD[1].encode("utf-8"))
    assert code == 0 and err == []
    rec = json.loads(out)
    assert rec["article"]["source"] == "-" and rec["events"]
    for data in (b"", b"\x00\xff\xfe binary", b"\xff\xfe not utf-8 text"):
        code, out, err = cli(["extract", "-"], stdin=data)
        assert code == 1 and out == ""
        assert len(err) == 1 and err[0].startswith("eventwire: error: <stdin>: "), err


def test_cli_stdin_and_files_together(cli, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00")
    code, out, err = cli(["extract", "-", str(bad), "--format", "jsonl"], stdin=GOOD[0].encode("utf-8"))
    assert code == 1
    _one_line_errors(err, [str(bad)])
    assert [json.loads(ln)["article"]["source"] for ln in out.splitlines()] == ["-"]


def test_cli_max_bytes(cli, tmp_path):
    big, small = tmp_path / "big.txt", tmp_path / "small.txt"
    big.write_text(GOOD[0] * 20, encoding="utf-8")
    small.write_text(GOOD[1], encoding="utf-8")
    code, out, err = cli(["extract", str(big), str(small), "--max-bytes", "500", "--format", "jsonl"])
    assert code == 1
    _one_line_errors(err, [str(big)])
    assert "too large" in err[0] and "--max-bytes" in err[0]
    assert [json.loads(ln)["article"]["source"] for ln in out.splitlines()] == [str(small)]
    code, out, err = cli(["extract", "-", "--max-bytes", "100"], stdin=(GOOD[0] * 3).encode("utf-8"))
    assert code == 1 and out == "" and len(err) == 1 and "too large" in err[0]


def test_cli_subprocess_bad_input_has_no_traceback(tmp_path):
    """The installed console script, as a user runs it: exit 1, one line, no traceback."""
    import subprocess
    from pathlib import Path

    exe = Path(sys.executable).with_name("eventwire")
    if not exe.exists():
        pytest.skip(f"{exe} is not installed (pip install -e .)")
    f = tmp_path / "bin.txt"
    f.write_bytes(b"\x00\x01\x02")
    res = subprocess.run([str(exe), "extract", str(f)], check=False, capture_output=True, text=True, timeout=120)
    assert res.returncode == 1 and res.stdout == ""
    assert res.stderr.strip().splitlines() == [f"eventwire: error: {f}: binary data, not a text document"]


def test_cli_table_shows_events_quotes_and_places(cli):
    code, out, err = cli(["extract", str(SEED), "--published", "2022-03-10", "--format", "table"])
    assert code == 0, err
    for header in ("event", "who", "sentence", "speaker", "quote", "place", "GeoNames id"):
        assert header in out
    assert "CONSULT" in out and "Antalya" in out and "323777" in out  # GeoNames id of Antalya
    assert "Guterres" in out  # a speaker in the quotes table


def test_cli_extract_refuses_a_language_it_cannot_read(cli, tmp_path):
    de = tmp_path / "de.txt"
    de.write_text("Der Bundeskanzler hat am Montag in Berlin mit dem französischen Präsidenten über die "
                  "Lage in der Ukraine gesprochen. Die Minister wollen am Dienstag erneut zusammenkommen, "
                  "teilte die Regierung mit. Russland hat die Vorwürfe zurückgewiesen.\n", encoding="utf-8")
    code, out, err = cli(["extract", str(de)])
    assert code == 1 and out == ""
    assert len(err) == 1 and str(de) in err[0] and "language 'de'" in err[0]


def test_cli_export_to_stdout(cli, tmp_path):
    db = tmp_path / "e.duckdb"
    code, _, err = cli(["ingest", str(SEED), "--db", str(db), "--quiet"])
    assert code == 0, err
    code, out, err = cli(["export", "-", "--format", "jsonl", "--db", str(db)])
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows and all(r["event_type"] for r in rows)
    assert not (tmp_path / "-").exists() and not os.path.exists("-")
    assert err[-1] == f"{len(rows)} event(s) written to stdout"


def test_jsonl_text_of_the_wrong_type_is_named(tmp_path):
    f = tmp_path / "r.jsonl"
    f.write_text('{"id": "a", "text": 42}\n{"id": "b", "text": "  "}\n{"id": "c"}\n', encoding="utf-8")
    reasons = [e.reason for e in iter_source(str(f))]
    assert reasons == ["'text' is a JSON number, not a string", "record's text in column 'text' is empty",
                       "record has no text in column 'text' (ingest --map text=COLUMN reads another column)"]
