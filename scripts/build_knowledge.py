"""Build eventwire's actor knowledge files from the PETRARCH 2 / Phoenix dictionaries.

NOTES (data sources):
    * ``petrarch2/Phoenix.Countries.actors.txt``, ``Phoenix.International.actors.txt``,
      ``Phoenix.MilNonState.actors.txt``, ``Phoenix.agents.txt``: openeventdata/petrarch2,
      ``petrarch2/data/dictionaries/``, MIT licence, (c) 2014 Open Event Data Alliance
      (CountryInfo.txt by the Computational Event Data System Project).
    * ``country_converter``'s ``country_data.tsv`` (GPL-3.0, read as data only): the regular
      expression per country, used to keep PETRARCH aliases that really name the country.
    * ``scripts/curated/*.tsv``: hand-curated by the eventwire project (CC0): demonyms, capitals
      and seats, office holders 2014-2025 with office dates, organisations, armed groups, media,
      and agent nouns the Phoenix list lacks. Curated rows are written after mined rows, so they
      win where the stage keys by name.

Usage::

    python scripts/build_knowledge.py [RESOURCES_DIR] [--out src/eventwire/knowledge]

RESOURCES_DIR defaults to ``../shared/resources`` (relative to the repository root) and must hold
``petrarch2/``. Output is deterministic (sorted rows, fixed headers): rerunning it changes nothing.

Written files (TSV, header row, ``#`` comment lines):
    countries.tsv      text, iso3, name, kind (name|demonym|people|seat), sector
    people.tsv         name, aliases, country, sector, affiliation, office, start, end, wikidata, source
    organisations.tsv  name, aliases, country, sector, affiliation, wikidata, source
                       (source "petrarch": looked up by spaCy entity text only, not phrase-matched)
    agents.tsv         noun, plural, sector
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import logging
import re
import sys
from pathlib import Path

log = logging.getLogger("build_knowledge")

ROOT = Path(__file__).resolve().parents[1]
CURATED = Path(__file__).resolve().parent / "curated"
OUT = ROOT / "src" / "eventwire" / "knowledge"

#: CAMEO sector codes that are PLOVER sectors as they are.
PLOVER_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "PTY", "REB", "OPP", "SPY", "UAF", "CVL",
                  "REF", "MED", "BUS", "EDU", "LAB", "AGR", "CRM", "ELI", "JRN", "IGO", "NGO"}
#: Other CAMEO agent codes mapped to PLOVER sectors (CAMEO manual ch. 2, PLOVER sectors).
CAMEO_TO_PLOVER = {"REL": "REL", "CHR": "REL", "MOS": "REL", "BUD": "REL", "JEW": "REL",
                   "HIN": "REL", "INS": "REB", "SEP": "REB", "RAD": "REB", "IMG": "REB",
                   "HRI": "NGO", "MNC": "BUS",
                   "SET": "CVL", "PRE": "GOV", "MOD": "GOV", "UNK": "UNK"}
#: IGO sub-codes → canonical affiliation (PETRARCH International.actors comments).
IGO_AFFILIATION = {"UNO": "United Nations", "NAT": "NATO", "EEC": "European Union",
                   "EUR": "European Union", "AFU": "African Union", "ARL": "Arab League",
                   "WAS": "ECOWAS", "SEA": "ASEAN", "GCC": "Gulf Cooperation Council"}
#: Words that mark a mined entry as an organisation or a description, not a person's name.
NOT_A_PERSON = re.compile(
    r"\b(MINIST|PARTY|FORCE|ARMY|COUNCIL|COMMITTEE|GOVERNMENT|PRESIDENT|MINISTER|OFFICE|"
    r"BANK|FRONT|MOVEMENT|UNION|LEAGUE|COURT|ASSEMBLY|AGENCY|COMMISSION|POLICE|SERVICE|"
    r"DEPARTMENT|GROUP|ORGANI[SZ]ATION|ASSOCIATION|INSTITUTE|UNIVERSITY|CHURCH|NATIONAL|"
    r"REPUBLIC|KINGDOM|STATE|FEDERATION|SOCIETY|BRIGADE|CORPS|LEADER|CHIEF|OFFICIAL|SECRETARY|"
    r"AMBASSADOR|GENERAL|SPOKES|CABINET|REGIME|COMPANY|CORPORATION|INC|LTD)")
#: Mined agent nouns too ambiguous to code as actors in news text.
AGENT_STOP = {"business", "boss", "bargainer", "party", "power", "state", "nation", "country",
              "people", "person", "man", "woman", "side", "camp", "house", "member", "head",
              "body", "administration", "board", "cabinetmaker", "airway", "airline", "aerospace",
              "cargo ship", "cargo vessel", "exporter", "employer", "major", "private", "general",
              "leader", "figure", "establishment", "congress", "senate", "assembly", "chamber",
              "regime", "authority", "agency", "office", "bureau", "union", "force", "organization",
              "hospital", "clinic", "school", "university", "college", "church", "mosque", "temple",
              "market", "factory", "plant", "station", "ship", "vessel", "boat", "aircraft", "plane",
              "jet", "helicopter", "tank", "carrier", "aircraft carrier", "satellite", "player",
              "team", "club", "fan", "star", "champion", "winner", "loser", "host", "guest", "revolt",
              "uprising", "rebellion", "insurgency", "media", "social media", "television", "publication",
              "palace", "presidential palace", "deputy", "deputies", "hose", "press", "newspaper", "radio", "internet", "website"}


def _words(raw: str) -> str:
    """PETRARCH phrase ``SERGEY_V._LAVROV_`` → ``Sergey V. Lavrov`` (title-cased, trimmed)."""
    raw = raw.strip().rstrip("_").replace("_", " ")
    raw = re.sub(r"\s+", " ", raw).strip()
    return " ".join(w if w.isupper() and len(w) <= 4 and "." not in w and not w.isalpha()
                    else _title(w) for w in raw.split(" "))


def _title(word: str) -> str:
    return "-".join(p[:1].upper() + p[1:].lower() for p in word.split("-"))


def _date(code: str, end: bool = False) -> str:
    """PETRARCH YYMMDD or YYYYMMDD → ISO date ('' when unreadable). Two-digit years ≤ 30 are 20YY."""
    code = code.strip()
    try:
        if len(code) == 8:
            d = dt.date(int(code[:4]), int(code[4:6]), int(code[6:8]))
        elif len(code) == 6:
            yy = int(code[:2])
            d = dt.date(2000 + yy if yy <= 30 else 1900 + yy, int(code[2:4]), int(code[4:6]))
        else:
            return ""
    except ValueError:
        return ""
    return d.isoformat()


def parse_actor_file(path: Path) -> list[dict]:
    """Parse a TABARI/PETRARCH ``.actors`` file.

    Returns:
        list of ``{"name": str, "aliases": [str], "codes": [(code, start_iso, end_iso)], "comment": str}``
        in file order; names and aliases are the raw PETRARCH phrases (underscored, upper case).
    """
    entries: list[dict] = []
    cur: dict | None = None
    code_re = re.compile(r"\[([^\]]*)\]")
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        body, _, comment = line.partition("#")
        codes = []
        for m in code_re.finditer(body):
            parts = m.group(1).split()
            if not parts:
                continue
            code, start, end = parts[0].lstrip("~"), "", ""
            if len(parts) > 1:
                rng = parts[1]
                if rng.startswith(">"):
                    start = _date(rng[1:])
                elif rng.startswith("<"):
                    end = _date(rng[1:])
                elif "-" in rng:
                    a, b = rng.split("-", 1)
                    start, end = _date(a), _date(b)
            codes.append((code, start, end))
        text = code_re.sub("", body).strip()
        if line[0] in " \t" and not text:
            if cur is not None:
                cur["codes"].extend(codes)
            continue
        if text.startswith("+"):
            if cur is not None:
                cur["aliases"].append(text[1:].strip())
                cur["codes"].extend(codes)
            continue
        if text:
            cur = {"name": text, "aliases": [], "codes": codes, "comment": comment.strip()}
            entries.append(cur)
    return entries


def read_curated(name: str) -> list[dict[str, str]]:
    path = CURATED / name
    with path.open(encoding="utf-8", newline="") as fh:
        lines = (ln for ln in fh if ln.strip() and not ln.startswith("#"))
        return [{k: (v or "").strip() for k, v in row.items()}
                for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]


def country_regexes() -> dict[str, re.Pattern]:
    """ISO3 → country_converter's name regex (empty dict when the package is absent)."""
    try:
        import country_converter
    except ImportError:
        return {}
    path = Path(country_converter.__file__).with_name("country_data.tsv")
    with path.open(encoding="utf-8") as fh:
        return {r["ISO3"]: re.compile(r["regex"], re.I)
                for r in csv.DictReader(fh, delimiter="\t") if r.get("regex") and r.get("ISO3")}


def _plural(demonym: str) -> str | None:
    """English plural of a demonym used as a noun (Russians), None when it has none (Chinese)."""
    if demonym.endswith(("ese", "ish", "ch", "ss")) or demonym in {"U.S.", "US", "Myanmar", "Soviet", "Lao", "Malagasy"}:
        return None
    return demonym + "s"


def build_countries(petrarch: Path) -> list[tuple]:
    """Rows (text, iso3, name, kind, sector) of countries.tsv."""
    curated = {r["iso3"]: r for r in read_curated("countries.tsv")}
    regex = country_regexes()
    rows: set[tuple] = set()
    for iso, r in curated.items():
        name = r["name"]
        rows.add((name, iso, name, "name", ""))
        for a in filter(None, r["aliases"].split("|")):
            rows.add((a, iso, name, "name", ""))
        for d in filter(None, r["demonyms"].split("|")):
            rows.add((d, iso, name, "demonym", ""))
            pl = _plural(d)
            if pl:
                rows.add((pl, iso, name, "people", "CVL"))
        for s in filter(None, r["seats"].split("|")):
            seat, _, sector = s.partition("=")
            rows.add((seat, iso, name, "seat", sector or "GOV"))
    known = {t.lower() for t, *_ in rows}
    for e in parse_actor_file(petrarch / "Phoenix.Countries.actors.txt"):
        codes = [c for c, _, _ in e["codes"]]
        if len(codes) != 1 or not re.fullmatch(r"[A-Z]{3}", codes[0]) or codes[0] not in curated:
            continue
        iso = codes[0]
        rx = regex.get(iso)
        for raw in [e["name"], *e["aliases"]]:
            text = _words(raw)
            if (not text or text.lower() in known or re.search(r"[\d()/]", text) or rx is None
                    or not rx.search(text) or len(text.split()) > 4):
                continue
            kind = "demonym" if text.lower().endswith(("an", "ese", "ish", "i")) and \
                not text.lower().endswith(("stan", "land", "ia", "ea")) else "name"
            rows.add((text, iso, curated[iso]["name"], kind, ""))
            known.add(text.lower())
    missing = sorted(set(un_members()) - {r[1] for r in rows})
    if missing:  # every UN member state must be codable
        logging.warning("countries: UN member states missing from scripts/curated/countries.tsv: %s",
                        ", ".join(missing))
    return sorted(rows, key=lambda r: (r[1], r[3], r[0]))


def un_members() -> list[str]:
    """ISO3 of the UN member states in country_converter's table (empty when it is absent)."""
    try:
        import country_converter
    except ImportError:
        return []
    path = Path(country_converter.__file__).with_name("country_data.tsv")
    with path.open(encoding="utf-8") as fh:
        return [r["ISO3"] for r in csv.DictReader(fh, delimiter="\t") if r.get("UNmember") and r.get("ISO3")]


#: CAMEO region and "international" codes (CAMEO manual, actor codes): not ISO 3166 states.
CAMEO_REGIONS = {"INT", "AFR", "ASA", "BLK", "CAU", "CFR", "CAS", "CEU", "EAF", "EEU", "EUR", "LAM",
                 "MEA", "MDT", "NAF", "NMR", "PGS", "SAF", "SAM", "SAS", "SEA", "SCN", "WAF", "WST",
                 "WEU", "SCA", "CRB", "ARB", "BAL", "BLT", "AMR"}


def _sector_of(code: str) -> tuple[str, str]:
    """CAMEO actor code → (country ISO3 or '', PLOVER sector or '')."""
    country = code[:3] if re.fullmatch(r"[A-Z]{3}", code[:3]) and code[:3] not in {"IGO", "NGO", "MNC"} else ""
    if country in CAMEO_REGIONS:  # regions are not states: country must be ISO 3166-1 alpha-3
        country = ""
    rest = code[3:] if country else code
    if code.startswith(("IGO", "NGO")):
        return "", code[:3]
    if code.startswith("MNC"):
        return (code[3:6] if len(code) >= 6 else ""), "BUS"
    for i in range(0, len(rest), 3):
        part = rest[i:i + 3]
        if part in PLOVER_SECTORS:
            return country, part
        if part in CAMEO_TO_PLOVER:
            return country, CAMEO_TO_PLOVER[part]
    return country, ""


def _is_person_name(text: str, least: int = 2) -> bool:
    words = text.split()
    return least <= len(words) <= 5 and not NOT_A_PERSON.search(text.upper()) and \
        all(re.fullmatch(r"[A-Za-z][A-Za-z.'\-]*", w) for w in words)


def build_people(petrarch: Path) -> list[tuple]:
    """Rows of people.tsv: mined dated roles (persons with 2-5 word names), then curated rows."""
    rows: list[tuple] = []
    for fname in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt"):
        for e in parse_actor_file(petrarch / fname):
            name = _words(e["name"])
            dated = [c for c in e["codes"] if c[1] or c[2]]
            if not dated or not _is_person_name(name, least=1) or len(name) < 4:
                continue
            aliases = sorted({_words(a) for a in e["aliases"] if _is_person_name(_words(a))} - {name})
            for code, start, end in dated:
                if len(code) > 6 and not code.startswith("IGO"):
                    continue  # portfolio ministers (AFGGOVAGR ...): rarely actors in world news
                if end and end < "1985":
                    continue
                country, sector = _sector_of(code)
                affiliation = ""
                if code.startswith("IGO"):
                    affiliation = IGO_AFFILIATION.get(code[3:6], IGO_AFFILIATION.get(code[6:9], ""))
                    if not affiliation:
                        continue
                if not sector:
                    continue
                rows.append((name, "|".join(aliases), country, sector, affiliation, "", start, end, "", "petrarch"))
    rows = sorted(set(rows))
    for r in read_curated("people.tsv"):
        rows.append(tuple(r[k] for k in ("name", "aliases", "country", "sector", "affiliation",
                                         "office", "start", "end", "wikidata")) + ("curated",))
    return rows


def build_organisations(petrarch: Path) -> list[tuple]:
    """Rows of organisations.tsv: mined IGOs, NGOs, companies, armed groups and national bodies
    with multi-word names, then curated rows."""
    rows: set[tuple] = set()
    curated = read_curated("organisations.tsv")
    taken = {r["name"].lower() for r in curated} | {a.lower() for r in curated for a in r["aliases"].split("|") if a}
    taken |= {r["name"].lower() for r in read_curated("mined_skip.tsv")}  # mined names left out, with why
    sources = [("Phoenix.International.actors.txt", True), ("Phoenix.MilNonState.actors.txt", True),
               ("Phoenix.Countries.actors.txt", False)]
    for fname, intl in sources:
        for e in parse_actor_file(petrarch / fname):
            codes = [c for c, s, t in e["codes"] if not (s or t)]
            if not codes or len(codes[0]) < 6 or (e["codes"] and any(s or t for _, s, t in e["codes"])):
                continue
            country, sector = _sector_of(codes[0])
            if codes[0].startswith("MNC"):
                continue  # thousands of listed companies: curated BUS rows only
            if not sector or (not intl and sector in {"IGO", "NGO"}):
                continue
            name = _words(e["name"])
            names = [n for n in [name, *map(_words, e["aliases"])]
                     if len(n.split()) >= 2 and not re.search(r"[\d()]", n) and n.lower() not in taken]
            if not names or _is_person_name(name) and sector not in {"REB", "UAF"} and intl is False:
                continue
            affiliation = IGO_AFFILIATION.get(codes[0][3:6], "") if codes[0].startswith("IGO") else ""
            if country == "KKL":  # PETRARCH's placeholder country
                country = ""
            rows.add((names[0], "|".join(sorted(set(names[1:]))), country, sector, affiliation, "", "petrarch"))
            taken.update(n.lower() for n in names)
    out = sorted(rows)
    out += [tuple(r[k] for k in ("name", "aliases", "country", "sector", "affiliation", "wikidata")) + ("curated",)
            for r in curated]
    return out


def build_agents(petrarch: Path) -> list[tuple]:
    """Rows (noun, plural, sector) of agents.tsv: Phoenix agents (1-2 words), then curated rows."""
    rows: dict[str, tuple] = {}
    for line in (petrarch / "Phoenix.agents.txt").read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.split("#", 1)[0].strip()
        m = re.match(r"^([A-Z][A-Z_\-'!]*?)\s*(?:\{([^}]*)\})?\s*\[~?([A-Z]+)\]", line)
        if not m or "!" in m.group(1):
            continue
        noun = m.group(1).strip("_").replace("_", " ").lower()
        if len(noun.split()) > 2 or len(noun) < 3 or noun in AGENT_STOP:
            continue
        _, sector = _sector_of("XXX" + m.group(3)) if not m.group(3).startswith(("IGO", "NGO")) else ("", m.group(3)[:3])
        if not sector:
            continue
        plural = m.group(2).strip().strip("_").replace("_", " ").lower() if m.group(2) else _noun_plural(noun)
        rows[noun] = (noun, plural, sector)
    for r in read_curated("agents.tsv"):
        rows[r["noun"]] = (r["noun"], r["plural"] or _noun_plural(r["noun"]), r["sector"])
    return sorted(rows.values())


def _noun_plural(noun: str) -> str:
    """Regular English plural of the last word (PETRARCH 0.5 assumed these)."""
    head, _, last = noun.rpartition(" ")
    if last.endswith("man"):
        last = last[:-3] + "men"
    elif re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    elif last.endswith(("s", "x", "ch", "sh")):
        last = last + "es"
    else:
        last = last + "s"
    return (head + " " + last).strip()


def write_tsv(path: Path, header: tuple[str, ...], rows: list[tuple], comment: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(f"# {comment}\n# Generated by scripts/build_knowledge.py; edit scripts/curated/, not this file.\n")
        fh.write("\t".join(header) + "\n")
        for r in rows:
            fh.write("\t".join(str(v).replace("\t", " ") for v in r) + "\n")
    log.info("wrote %s (%d rows)", path, len(rows))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("resources", nargs="?", default=str(ROOT.parent / "shared" / "resources"))
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    petrarch = Path(args.resources) / "petrarch2"
    if not petrarch.is_dir():
        log.error("%s: not a directory (expected the petrarch2 dictionaries)", petrarch)
        return 1
    out = Path(args.out)
    src = "Sources: PETRARCH 2 Phoenix dictionaries (MIT, (c) 2014 Open Event Data Alliance) and eventwire curated rows."
    write_tsv(out / "countries.tsv", ("text", "iso3", "name", "kind", "sector"), build_countries(petrarch), src)
    write_tsv(out / "people.tsv", ("name", "aliases", "country", "sector", "affiliation", "office",
                                   "start", "end", "wikidata", "source"), build_people(petrarch), src)
    write_tsv(out / "organisations.tsv", ("name", "aliases", "country", "sector", "affiliation", "wikidata", "source"),
              build_organisations(petrarch), src)
    write_tsv(out / "agents.tsv", ("noun", "plural", "sector"), build_agents(petrarch), src)
    return 0


if __name__ == "__main__":
    sys.exit(main())
