"""The page in a real browser: Playwright driving Debian's Chromium headless (/usr/bin/chromium;
``.ci/run`` installs it) against ``eventwire serve``'s app on a real uvicorn server, over a
database of the seed article, hostile articles and ../shared/corpus/news when present.

It filters by type, opens the seed article and checks the Mariupol hospital attack is
highlighted with its actor and date, opens the map and the negotiations view, and checks that
markup in article text never runs. Screenshots go to build/screenshots/ (paths printed)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
playwright = pytest.importorskip("playwright.sync_api")

import webdb  # noqa: E402
from conftest import ROOT, SHARED  # noqa: E402
from webserver import ServerThread  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = Path(os.environ.get("EVENTWIRE_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = ROOT / "build" / "screenshots"


@pytest.fixture(scope="module")
def site(tmp_path_factory, pipeline, seed_article):
    from eventwire.api.app import create_app

    corpus = SHARED / "corpus" / "news"
    db = webdb.build(tmp_path_factory.mktemp("browser") / "web.duckdb", pipeline, seed_article,
                     corpus if corpus.is_dir() else None)
    with ServerThread(create_app(db, refresh_interval=0.5)) as s:
        yield s


@pytest.fixture(scope="module")
def page(site):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (apt-get install -y chromium; .ci/run does)")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        pg = browser.new_page(viewport={"width": 1400, "height": 900})
        pg.errors = []
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))
        pg.on("dialog", lambda d: (pg.errors.append("dialog: " + d.message), d.dismiss()))
        yield pg
        browser.close()


def _go(page, site, frag: str) -> None:
    page.goto(f"{site.url}/#/{frag}")
    _ready(page)


def _ready(page) -> None:
    page.wait_for_selector("body[data-ready='1']", timeout=30000)


def _shot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    print(f"screenshot: {path}")
    return path


def test_events_table_filters_by_type_and_keeps_them_in_the_url(page, site):
    _go(page, site, "events")
    rows = page.locator("table.events tbody tr")
    assert rows.count() > 0
    _shot(page, "01-events")
    page.select_option("select[name=type]", "ASSAULT")
    page.wait_for_function("location.hash.includes('type=ASSAULT')")
    _ready(page)
    types = page.locator("table.events tbody tr").evaluate_all("rs => rs.map(r => r.dataset.type)")
    assert types and set(types) == {"ASSAULT"}
    assert "ASSAULT" in page.locator("#view .sub").inner_text() or page.locator("#view .sub").inner_text()
    _shot(page, "02-events-assault")
    # the URL alone brings the same view back (a shared link)
    page.goto(page.url)
    _ready(page)
    assert page.locator("select[name=type]").input_value() == "ASSAULT"
    assert page.locator("table.events tbody tr").count() == len(types)
    assert not page.errors, page.errors


def test_seed_article_highlights_the_mariupol_hospital_attack(page, site, seed_article):
    import httpx

    evs = httpx.get(f"{site.url}/api/events", params={"article": seed_article.hash, "type": "ASSAULT",
                                                      "text": "hospital", "page_size": 200}).json()["events"]
    mariupol = [e for e in evs if e["location"] and e["location"]["name"] == "Mariupol" and e["date"]]
    assert mariupol, "the seed article's hospital attack in Mariupol was not extracted"
    ev = next((e for e in mariupol if e["actor"]), mariupol[0])
    # reach it as a reader would: the table filtered by words, a click on the row
    _go(page, site, "events?text=hospital&type=ASSAULT")
    page.locator(f"tr[data-event='{ev['id']}']").click()
    page.wait_for_function("location.hash.startsWith('#/article/')")
    _ready(page)
    sel = page.locator("#article-text mark.sel")
    assert sel.count() >= 1
    marked = " ".join(sel.all_inner_texts())
    assert "hospital" in marked and "attack" in marked
    card = page.locator(f"#event-panel .card.sel[data-event='{ev['id']}']")
    text = card.inner_text()
    assert "ASSAULT" in text and ev["date"] in text and "Mariupol" in text
    actor = ev["actor"][0]["name"] or ev["actor"][0]["text"] if ev["actor"] else "no actor named"
    assert actor in text
    # the actor's words are marked in the text, on the selected event's sentence
    if ev["actor"]:
        assert page.locator("#article-text .role-actor").count() >= 1
    # quotes are marked and page furniture is greyed
    assert page.locator("#article-text .quote").count() >= 1
    assert page.locator("#article-text p.r-boilerplate, #article-text p.r-credit").count() >= 1
    colour = page.locator("#article-text p.r-credit").first.evaluate("e => getComputedStyle(e).color")
    assert colour != page.locator("#article-text p.r-body").first.evaluate("e => getComputedStyle(e).color")
    _shot(page, "03-article-mariupol")
    assert not page.errors, page.errors


def test_map_draws_points_and_countries(page, site):
    _go(page, site, "map")
    page.wait_for_selector("#map svg path.country")
    assert page.locator("#map path.country").count() > 200
    assert page.locator("#map g.pt").count() >= 1
    ukraine = page.locator("#map path.country.has[data-country='UKR']")
    assert ukraine.count() == 1, "events located only to Ukraine shade Ukraine"
    _shot(page, "04-map")
    ukraine.dispatch_event("click")
    page.wait_for_selector("#map-side .card")
    assert "located only to the country" in page.locator("#map-side h2").inner_text()
    # a cluster or a place opens its events
    page.locator("#map g.pt").first.dispatch_event("click")
    page.wait_for_timeout(300)
    if page.locator("#map g.pt:not(.cluster)").count():
        page.locator("#map g.pt:not(.cluster)").first.dispatch_event("click")
        page.wait_for_selector("#map-side .card")
    _shot(page, "05-map-zoomed")
    assert not page.errors, page.errors


def test_negotiations_view_shows_positions_in_order(page, site):
    _go(page, site, "negotiations?a=RUS&b=UKR")
    cards = page.locator("#negotiations .card")
    assert cards.count() >= 3
    texts = cards.all_inner_texts()
    joined = " ".join(texts)
    for t in ("REQUEST", "AGREE", "REJECT"):
        assert t in joined
    assert "NATO" in joined and "cede" in joined
    sides = cards.evaluate_all("cs => cs.map(c => c.dataset.side)")
    assert "left" in sides and "right" in sides
    _shot(page, "06-negotiations")
    assert not page.errors, page.errors


def test_timeline_and_actor_views(page, site):
    _go(page, site, "timeline")
    assert page.locator("#timeline-chart rect.bar").count() > 0
    _shot(page, "07-timeline")
    _go(page, site, "actor/Sergey%20Lavrov")
    assert page.locator("#as-actor .card").count() >= 1
    _shot(page, "08-actor")
    assert not page.errors, page.errors


def test_markup_in_articles_never_runs(page, site):
    _go(page, site, "events?text=Kharkiv")
    assert page.evaluate("window.__pwned") is None
    assert "<img src=x onerror" in page.locator("#view").inner_text()
    assert page.locator("#view img").count() == 0
    link = page.locator("table.events tbody tr td.src a").first
    link.click()
    _ready(page)
    assert page.locator("#article-title").inner_text().startswith("<script>")
    assert page.locator("#view a[href^='javascript']").count() == 0
    assert page.locator("#view script, #view img").count() == 0
    page.locator("#article-text mark").first.click()
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned") is None
    _shot(page, "09-hostile-article")
    assert not page.errors, page.errors
