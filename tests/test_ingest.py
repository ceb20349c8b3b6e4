"""Readers: HTML, feeds (against a local HTTP server), WARC (generated with warcio), datasets,
language detection, and the SOURCE dispatch with its bad inputs."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from eventwire.errors import ConfigError, InputError
from eventwire.ingest.dataset import iter_dataset, parse_any_date, parse_mapping
from eventwire.ingest.base import Skipped
from eventwire.ingest.feeds import USER_AGENT, fetch, iter_feed
from eventwire.ingest.html import declared_charset, read_html, read_html_file
from eventwire.ingest.language import check_language, detect
from eventwire.ingest.dispatch import SourceOptions, iter_source, iter_sources
from eventwire.ingest.warc import iter_warc
from eventwire.model import Article

from conftest import SEED

FIX = Path(__file__).parent / "fixtures" / "ingest"
MAPPING = "text=body,id=guid,title=headline,published=date,url=link,outlet=source"


# --- HTML ---------------------------------------------------------------------------------

def test_html_page_body_title_date_outlet():
    art = read_html_file(FIX / "talks.html")
    assert art.title == "Foreign ministers meet in Antalya without a ceasefire deal"
    assert art.outlet == "Example Wire"
    assert art.published == dt.date(2022, 3, 10)
    assert art.source == str(FIX / "talks.html")
    lines = [ln for ln in art.text.split("\n") if ln]
    assert lines[0] == art.title  # headline once, not repeated by the body's <h1>
    assert lines[1].startswith("Russian Foreign Minister Sergey Lavrov and Ukrainian Foreign Minister")
    assert "Home" not in art.text and "Copyright" not in art.text  # navigation and footer dropped


def test_html_declared_charset_latin1():
    raw = (FIX / "latin1.html").read_bytes()
    assert "Zürich".encode("iso-8859-1") in raw
    assert declared_charset(raw) == ("iso8859-1", 0)
    art = read_html(raw, "latin1.html")
    assert "outside a café in Zürich on Saturday" in art.text
    assert art.title == "Protesters gather in Zürich café district"


def test_html_bom_wins():
    art = read_html_file(FIX / "bom.html")
    assert art.text.startswith("Aid convoy reaches Kherson")
    assert "convoy’s coordinator" in art.text


def test_html_transport_charset_used_when_page_declares_none():
    html = ("<html><head><title>Vote in Malmö</title></head><body><article><p>Voters in Malmö queued for "
            "hours on Sunday as the election drew a record turnout, officials said.</p></article></body></html>")
    art = read_html(html.encode("cp1252"), "http://example.org/a", transport_charset="windows-1252")
    assert "Voters in Malmö queued" in art.text


def test_html_wrong_declared_charset_is_an_error_naming_the_page():
    raw = (FIX / "latin1.html").read_bytes().replace(b"iso-8859-1", b"utf-8")
    with pytest.raises(InputError) as exc:
        read_html(raw, "mislabelled.html")
    assert exc.value.document == "mislabelled.html"
    assert "declares charset utf-8" in exc.value.reason


def test_broken_html_is_a_failure_with_a_reason():
    with pytest.raises(InputError) as exc:
        read_html_file(FIX / "broken.html")
    assert exc.value.document.endswith("broken.html")
    assert "no article text could be extracted" in exc.value.reason


def test_binary_html_rejected():
    with pytest.raises(InputError, match="binary"):
        read_html(b"<html>\x00\x01\x02\x00" * 50, "x.html")


# --- language -----------------------------------------------------------------------------

def test_language_english_and_deterministic():
    text = SEED.read_text(encoding="utf-8")
    assert detect(text)[0] == "en"
    assert detect(text) == detect(text)
    art = Article(text=text, source="seed", language=None)
    assert check_language(art).language == "en"


def test_language_german_is_rejected_saying_so():
    art = read_html_file(FIX / "german.html")
    with pytest.raises(InputError) as exc:
        check_language(art)
    assert exc.value.reason.startswith("language 'de' is not supported yet; only English")
    assert exc.value.document.endswith("german.html")


def test_language_too_short_is_taken_as_english():
    art = Article(text="Kyiv, 10 March.", source="short", language=None)
    assert check_language(art).language == "en"


# --- feeds against a local server ----------------------------------------------------------

class _Handler(BaseHTTPRequestHandler):
    requests: list[tuple[str, str]] = []

    def do_GET(self):  # noqa: N802 (http.server API)
        type(self).requests.append((self.path, self.headers.get("User-Agent", "")))
        if self.path == "/slow":
            time.sleep(1.5)
        if self.path == "/error500":
            self.send_error(500, "Internal Server Error")
            return
        if self.path == "/feed.xml":
            body = (FIX / "feed.xml").read_text().replace("{base}", self.server.base).encode()
            ctype = "application/rss+xml"
        else:
            f = FIX / self.path.lstrip("/")
            if not f.is_file():
                self.send_error(404)
                return
            body = f.read_bytes()
            ctype = "text/html; charset=iso-8859-1" if "latin1" in f.name else "text/html"
        try:
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Handler.requests = []
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    srv.base = f"http://127.0.0.1:{srv.server_address[1]}"
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def test_feed_url_entries_fetched_timeouts_and_500_are_failures(server):
    items = list(iter_source(server.base + "/feed.xml", SourceOptions(timeout=0.5)))
    arts = [i for i in items if isinstance(i, Article)]
    errs = {i.document: i.reason for i in items if isinstance(i, InputError)}
    assert [a.url for a in arts] == [server.base + "/talks.html", server.base + "/latin1.html"]
    assert arts[0].published == dt.date(2022, 3, 10) and arts[0].outlet == "Example Wire"
    assert "café in Zürich" in arts[1].text  # charset from the HTTP header
    assert "timed out after 0.5 s" in errs[server.base + "/slow"]
    assert errs[server.base + "/error500"].startswith("HTTP 500")
    assert {ua for _, ua in _Handler.requests} == {USER_AGENT}
    assert USER_AGENT.startswith("eventwire/") and "(+https://github.com/eventwire)" in USER_AGENT


def test_feed_file_skips_stored_urls_before_fetching(server, tmp_path):
    feed = tmp_path / "world.rss"
    feed.write_text((FIX / "feed.xml").read_text().replace("{base}", server.base))
    stored = {server.base + "/talks.html", server.base + "/slow", server.base + "/error500"}
    items = list(iter_feed(str(feed), timeout=2, skip_url=stored.__contains__))
    assert [type(i).__name__ for i in items] == ["Skipped", "Article", "Skipped", "Skipped"]
    assert [p for p, _ in _Handler.requests] == ["/latin1.html"]


def test_feed_that_is_unreachable_or_not_a_feed(server, tmp_path):
    with pytest.raises(InputError, match="HTTP 404"):
        fetch(server.base + "/missing.xml", timeout=2)
    bad = tmp_path / "bad.xml"
    bad.write_text("<html><body>not a feed</body></html>")
    (err,) = list(iter_feed(str(bad)))
    assert isinstance(err, InputError) and "not an RSS/Atom feed" in err.reason


# --- WARC ---------------------------------------------------------------------------------

def _warc(path: Path, corrupt_second: bool) -> list[str]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    pages = [
        ("http://example.org/talks", (FIX / "talks.html").read_bytes(), "text/html; charset=utf-8"),
        ("http://example.org/convoy", (FIX / "bom.html").read_bytes(), "text/html"),
        ("http://example.org/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"),
        ("http://example.org/zurich", (FIX / "latin1.html").read_bytes()
         .replace(b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">', b""),
         "text/html; charset=ISO-8859-1"),
    ]
    offsets = []
    w.write_record(w.create_warcinfo_record("test.warc.gz", {"software": "warcio"}))
    for uri, body, ctype in pages:
        offsets.append(buf.tell())
        w.write_record(w.create_warc_record(uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http))
    data = bytearray(buf.getvalue())
    if corrupt_second:
        start, end = offsets[1], offsets[2]
        mid = (start + end) // 2
        data[mid:mid + 32] = b"\xff" * 32  # garble the convoy page's gzip member
    path.write_bytes(bytes(data))
    return [p[0] for p in pages]


def test_warc_html_responses_only_by_declared_charset(tmp_path):
    f = tmp_path / "crawl.warc.gz"
    _warc(f, corrupt_second=False)
    arts = list(iter_warc(str(f)))
    assert all(isinstance(a, Article) for a in arts)
    assert [a.url for a in arts] == ["http://example.org/talks", "http://example.org/convoy", "http://example.org/zurich"]
    assert "café in Zürich" in arts[2].text  # charset only in the HTTP header
    assert all(a.source.startswith(f"warc:{f}@") for a in arts)


def test_warc_corrupt_record_is_a_failure_and_the_rest_goes_on(tmp_path):
    f = tmp_path / "crawl.warc.gz"
    _warc(f, corrupt_second=True)
    items = list(iter_source(str(f)))
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]
    assert "corrupt WARC record" in items[1].reason and items[1].document.startswith(f"warc:{f}@")
    assert items[2].url == "http://example.org/zurich"


def test_warc_uncompressed_and_not_a_warc(tmp_path):
    gz = tmp_path / "crawl.warc.gz"
    _warc(gz, corrupt_second=False)
    plain = tmp_path / "crawl.warc"
    plain.write_bytes(gzip.decompress(gz.read_bytes()))
    assert len([a for a in iter_source(str(plain)) if isinstance(a, Article)]) == 3
    fake = tmp_path / "fake.warc"
    fake.write_text("hello")
    (err,) = list(iter_warc(str(fake)))
    assert "not a WARC file" in err.reason


def test_warc_cut_off_anywhere_gives_failures_never_a_crash_or_silence(tmp_path):
    gz = tmp_path / "crawl.warc.gz"
    _warc(gz, corrupt_second=False)
    data = gz.read_bytes()
    plain = gzip.decompress(data)
    for name, blob in (("gz", data), ("plain", plain)):
        whole = [i for i in iter_warc(str(_write(tmp_path / f"w.{name}", blob)))]
        assert all(isinstance(i, Article) for i in whole) and len(whole) == 3
        bounds = _record_ends(blob)  # a cut there leaves a valid, shorter WARC: nothing to tell
        for cut in [c for c in range(40, len(blob) - 1, max(1, len(blob) // 23)) if c not in bounds]:
            items = list(iter_warc(str(_write(tmp_path / f"cut.{name}", blob[:cut]))))
            errors = [i for i in items if isinstance(i, InputError)]
            arts = [i for i in items if isinstance(i, Article)]
            # whatever the cut, the loss is reported: fewer than 3 pages means an error names it
            assert len(arts) == 3 or errors, (name, cut, [type(i).__name__ for i in items])
            assert all(str(tmp_path) in e.document and e.reason for e in errors)
            for a in arts:  # a page that comes out is whole, never its first half
                assert a.text in {w.text for w in whole}, (name, cut)


def _record_ends(blob: bytes) -> set[int]:
    from warcio.archiveiterator import ArchiveIterator

    it = ArchiveIterator(io.BytesIO(blob))
    ends = set()
    for rec in it:
        it.read_to_end(rec)
        ends.add(it.get_record_offset() + it.get_record_length())
    return ends


def _write(path: Path, blob: bytes) -> Path:
    path.write_bytes(blob)
    return path


# --- datasets -----------------------------------------------------------------------------

def test_csv_with_column_mapping():
    items = list(iter_dataset(FIX / "dataset.csv", parse_mapping(MAPPING)))
    a, b, bad = items
    assert (a.id, a.title, a.url, a.outlet, a.published) == (
        "r1", "Ceasefire talks stall", "https://example.org/r1", "Example Wire", dt.date(2022, 3, 29))
    assert a.source == f"csv:{FIX / 'dataset.csv'}#r1"
    assert a.text.startswith("Negotiators from both sides met in Istanbul")
    assert b.id == "r2"
    assert isinstance(bad, InputError) and bad.document.endswith("#r3") and bad.reason == "record's text in column 'body' is empty"


def test_jsonl_with_mapping_rfc2822_date_and_a_bad_line():
    items = list(iter_source(str(FIX / "dataset.jsonl"), SourceOptions(mapping=parse_mapping(MAPPING))))
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]
    assert items[0].id == "j1" and items[0].published == dt.date(2022, 3, 6) and items[0].title == "Base attacked"
    assert items[1].document.endswith("#line 2")


def test_mapping_errors_and_dates():
    assert parse_mapping("text=body, id=guid") == {"text": "body", "id": "guid"}
    with pytest.raises(ConfigError, match="unknown field 'body'"):
        parse_mapping("body=text")
    with pytest.raises(ConfigError, match="FIELD=COLUMN"):
        parse_mapping("text")
    assert parse_any_date("2022-03-10T12:00:00Z") == dt.date(2022, 3, 10)
    assert parse_any_date("Thu, 10 Mar 2022 12:00:00 GMT") == dt.date(2022, 3, 10)
    with pytest.raises(ValueError):
        parse_any_date("last Tuesday")


# --- dispatch and bad inputs ----------------------------------------------------------------

def test_bad_inputs_each_named_and_the_rest_goes_on(tmp_path):
    (tmp_path / "a-good.txt").write_text("Rebels attacked an army base near the border on Sunday, the military said.\n")
    big = tmp_path / "b-huge.txt"
    with open(big, "wb") as fh:  # 50 MB, made here and never committed
        fh.write(b"Troops advanced. " * (50_000_000 // 17 + 1))
    (tmp_path / "c-latin1.txt").write_bytes("Protesters gathered in Zürich.\n".encode("iso-8859-1"))
    (tmp_path / "d-binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "e-empty.txt").write_text("  \n")
    (tmp_path / "f-broken.html").write_bytes((FIX / "broken.html").read_bytes())
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # unknown suffix in a directory: ignored
    (tmp_path / "x.gold.json").write_text("{}")
    t0 = time.perf_counter()
    items = list(iter_source(str(tmp_path)))
    assert time.perf_counter() - t0 < 5  # the 50 MB file is rejected by its size, not read
    assert isinstance(items[0], Article) and items[0].source.endswith("a-good.txt")
    errs = {Path(i.document).name: i.reason for i in items[1:]}
    assert set(errs) == {"b-huge.txt", "c-latin1.txt", "d-binary.txt", "e-empty.txt", "f-broken.html"}
    assert errs["b-huge.txt"].startswith("too large: 50,000,")
    assert "not UTF-8" in errs["c-latin1.txt"]
    assert "binary data" in errs["d-binary.txt"]
    assert errs["e-empty.txt"] == "empty document"
    assert "no article text" in errs["f-broken.html"]


def test_sources_dispatch_by_suffix_and_content(tmp_path):
    sniffed = tmp_path / "page.download"
    sniffed.write_bytes((FIX / "talks.html").read_bytes())
    binary = tmp_path / "blob.bin"
    binary.write_bytes(b"\x00\x01" * 100)
    items = list(iter_sources([str(FIX / "talks.html"), str(sniffed), str(binary), str(SEED),
                               str(tmp_path / "missing.txt")]))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Article", "Article", "InputError", "Article", "InputError"]
    assert items[0].text == items[1].text
    assert "binary data" in items[2].reason
    assert items[3].source == str(SEED)
    assert items[4].reason == "no such file or directory"
    assert isinstance(Skipped("x"), Skipped)


def test_clearly_english_shortcut_never_claims_another_language():
    from eventwire.ingest.language import clearly_english

    en = ("The talks in Antalya were the first between the two foreign ministers since the invasion "
          "began, and they ended with no progress on a ceasefire, officials from both sides said. ") * 3
    de = ("Die Gespräche in Antalya waren die ersten zwischen den beiden Außenministern seit Beginn "
          "der Invasion und endeten ohne Fortschritte bei einer Waffenruhe, sagten Beamte. ") * 3
    fr = ("Les pourparlers d'Antalya étaient les premiers entre les deux ministres des affaires "
          "étrangères depuis le début de l'invasion, et ils se sont terminés sans progrès. ") * 3
    assert clearly_english(en)
    assert not clearly_english(de) and not clearly_english(fr)
    assert not clearly_english("The talks failed.")  # too short to trust: langdetect decides


def test_extract_inputs_read_saved_html_pages_through_trafilatura(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Talks stall in Thessaloniki</title></head><body><nav>Home | World</nav>"
                    "<article><h1>Talks stall in Thessaloniki</h1><p>France's President Emmanuel Macron and "
                    "his Turkish counterpart Recep Tayyip Erdogan met on Friday in the Greek city of Thessaloniki. "
                    "The talks ended with no progress on a ceasefire, officials said.</p></article>"
                    "<footer>Post a Comment</footer></body></html>", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("Police arrested 20 protesters in Tbilisi.\n", encoding="utf-8")
    got = list(iter_source(str(tmp_path)))
    assert len(got) == 2 and not any(isinstance(g, Exception) for g in got)
    html = next(a for a in got if a.source.endswith("page.html"))
    assert "<" not in html.text and "Macron" in html.text
    assert "Home | World" not in html.text  # page furniture is left to trafilatura to drop
    assert html.title == "Talks stall in Thessaloniki"
    (one,) = list(iter_source(str(page)))
    assert one.text == html.text


def test_publication_dates_accept_timestamps_and_refuse_trailing_garbage():
    from eventwire.ingest.text import parse_date

    assert parse_date("2024-05-31 10:00 UTC") == dt.date(2024, 5, 31)
    assert parse_date("2022-03-10T10:00:00Z") == dt.date(2022, 3, 10)
    assert parse_date(" unknown ") is None
    for bad in ("2022-03-10garbage", "2022-03-10T25:99", "2022-13-45", "March 10"):
        with pytest.raises(ValueError):
            parse_date(bad)


def test_extract_inputs_read_web_archives_too(tmp_path):
    _warc(tmp_path / "crawl.warc.gz", corrupt_second=False)
    got = list(iter_source(str(tmp_path)))
    assert [a.url for a in got] == ["http://example.org/talks", "http://example.org/convoy",
                                    "http://example.org/zurich"]


def test_unreadable_directories_are_named_and_the_batch_goes_on(tmp_path):
    # a directory that cannot be searched or listed gives one error naming it; the readable
    # documents around it still come out (permissions do not bind root: the check runs without
    # the capabilities that override them)
    import os
    import shutil
    import subprocess
    import sys

    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text("Police detained 12 activists in Lusaka on Monday.\n")
    (tmp_path / "good.txt").write_text("Troops shelled the town of Kidal on Tuesday.\n")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text("Rebels seized the town of Gao on Friday.\n")
    locked.chmod(0)
    script = tmp_path / "probe.py"
    script.write_text(
        "from eventwire.ingest.dispatch import iter_sources\n"
        "from eventwire.errors import InputError\n"
        "for item in iter_sources(['good.txt', 'locked/b.txt', 'locked', '.']):\n"
        "    print(('ERROR ' + str(item)) if isinstance(item, InputError) else ('DOC ' + item.source))\n")
    cmd = [sys.executable, str(script)]
    if os.geteuid() == 0:
        if shutil.which("capsh") is None:
            pytest.skip("running as root without capsh: permissions cannot be tested")
        cmd = ["capsh", "--drop=cap_dac_override,cap_dac_read_search", "--", "-c", " ".join(cmd)]
    try:
        r = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    finally:
        locked.chmod(0o755)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "DOC good.txt"
    assert sum(line.startswith("ERROR locked") and "cannot read" in line for line in lines) == 3, lines
    assert "DOC ok/a.txt" in lines or any(line.endswith("ok/a.txt") for line in lines if line.startswith("DOC")), lines
