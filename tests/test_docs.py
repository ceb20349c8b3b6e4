"""Docs that cannot drift (STYLE.md): the CLI reference is generated from ``--help``, and a test
fails when a command, a config key, a knowledge file or a record field has no docs.

Nothing here needs ../shared. Only the record test runs the NLP pipeline, through the session
``seed_article`` fixture shared with the other tests.
"""

from __future__ import annotations

import ast
import difflib
import importlib.util
import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

DOCS = ROOT / "docs"
GEN_SCRIPT = ROOT / "scripts" / "gen_cli_docs.py"
REGENERATE = "python scripts/gen_cli_docs.py"


def _gen():
    """scripts/gen_cli_docs.py as a module (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("gen_cli_docs", GEN_SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _backticked(text: str) -> set[str]:
    """Every `code` span of a Markdown text."""
    return set(re.findall(r"`([^`\n]+)`", text))


# -- (1) docs/cli.md is what the generator writes now ----------------------------------------------

def test_cli_reference_is_generated_from_the_current_app():
    expected = _gen().render()
    current = _read("cli.md") if (DOCS / "cli.md").exists() else ""
    if current != expected:
        diff = "".join(list(difflib.unified_diff(current.splitlines(True), expected.splitlines(True),
                                                 "docs/cli.md", "generated", n=1))[:60])
        pytest.fail(f"docs/cli.md is out of date with the commands: run `{REGENERATE}` and commit "
                    f"the result.\n{diff}", pytrace=False)


def test_cli_generator_is_deterministic():
    gen = _gen()
    assert gen.render() == gen.render()


# -- (2) every command is in docs/cli.md and in README.md's command list ---------------------------

def _readme_commands() -> list[str]:
    """The lines of the first code block under README.md's "## Commands" heading."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"^## Commands\s*$(.*?)(?=^## |\Z)", readme, re.M | re.S)
    assert m, "README.md has no '## Commands' section"
    block = re.search(r"```[^\n]*\n(.*?)```", m.group(1), re.S)
    assert block, "README.md's '## Commands' section has no code block listing the commands"
    return [ln.strip() for ln in block.group(1).splitlines() if ln.strip()]


def test_every_command_is_documented():
    gen = _gen()
    paths = [p for p in gen.command_paths() if p]
    assert paths, "the app has no commands"
    cli_md = _read("cli.md")
    listed = _readme_commands()
    for path in paths:
        name = " ".join(("eventwire", *path))
        assert f"\n## {name}\n" in cli_md, f"docs/cli.md has no section for '{name}': run `{REGENERATE}`"
        assert any(ln == name or ln.startswith(name + " ") for ln in listed), \
            f"README.md's command list ('## Commands') does not show '{name}'"


def test_readme_lists_no_command_the_app_lacks():
    known = {" ".join(("eventwire", *p)) for p in _gen().command_paths() if p}
    for ln in _readme_commands():
        words = ln.split()
        if words[:1] != ["eventwire"]:
            continue
        name = " ".join(w for w in words[:3] if re.fullmatch(r"[a-z][a-z0-9-]*", w))
        assert any(name == k or name.startswith(k + " ") for k in known), \
            f"README.md lists '{ln}', but the app has no such command"


# -- (3) every Pipeline.from_config key is in docs/config.md ---------------------------------------

def accepted_config_keys() -> set[str]:
    """The keys Pipeline.from_config accepts: a module constant ``CONFIG_KEYS`` when pipeline.py
    has one, else the literal set of its unknown-key check (``set(config) - {...}``)."""
    from eventwire import pipeline

    const = getattr(pipeline, "CONFIG_KEYS", None)
    if const is not None:
        return set(const)
    tree = ast.parse(Path(pipeline.__file__).read_text(encoding="utf-8"))
    keys: set[str] = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub)
                and isinstance(node.left, ast.Call) and getattr(node.left.func, "id", None) == "set"
                and isinstance(node.right, ast.Set)):
            keys |= {e.value for e in node.right.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
    return keys


def _config_doc_keys() -> set[str]:
    text = _read("config.md")
    m = re.search(r"^## Keys\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert m, "docs/config.md has no '## Keys' section"
    return set(re.findall(r"^\| `([^`]+)` \|", m.group(1), re.M))


def test_every_config_key_is_documented():
    keys = accepted_config_keys()
    assert keys, "could not read the accepted config keys from eventwire/pipeline.py"
    documented = _config_doc_keys()
    missing = sorted(keys - documented)
    assert not missing, f"docs/config.md ('## Keys' table) does not document: {', '.join(missing)}"
    stale = sorted(documented - keys)
    assert not stale, f"docs/config.md documents keys Pipeline.from_config rejects: {', '.join(stale)}"


def test_unknown_config_key_is_rejected_before_anything_loads():
    from eventwire.errors import ConfigError
    from eventwire.pipeline import Pipeline

    with pytest.raises(ConfigError, match="unknown config key"):
        Pipeline.from_config({"no_such_key_for_docs_test": 1})


# -- (4) every shipped knowledge file is described in docs/knowledge.md ---------------------------

def _knowledge_files() -> list[Path]:
    from eventwire.knowledge import PACKAGE_DIR

    return sorted(p for p in PACKAGE_DIR.iterdir()
                  if p.is_file() and p.suffix not in (".py", ".pyc") and not p.name.startswith("."))


def _knowledge_sections() -> set[str]:
    return set(re.findall(r"^### `([^`]+)`\s*$", _read("knowledge.md"), re.M))


def test_every_knowledge_file_is_described():
    files = _knowledge_files()
    assert files, "no knowledge files found"
    sections = _knowledge_sections()
    missing = [p.name for p in files if p.name not in sections]
    assert not missing, f"docs/knowledge.md has no '### `NAME`' section for: {', '.join(missing)}"
    stale = sorted(sections - {p.name for p in files})
    assert not stale, f"docs/knowledge.md describes files that are not shipped: {', '.join(stale)}"


def test_knowledge_columns_and_keys_are_described():
    doc = _backticked(_read("knowledge.md"))
    record_doc = _backticked(_read("record.md"))
    for p in _knowledge_files():
        if p.suffix == ".tsv":
            lines = [ln for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
            names = [c.strip() for c in lines[0].split("\t") if c.strip()]
            where, known = "docs/knowledge.md", doc
        elif p.suffix in (".yaml", ".yml"):
            data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
            names = list(data) if isinstance(data, dict) else []
            # contexts.yaml's keys are the context names of the record
            where, known = ("docs/record.md", record_doc) if p.name == "contexts.yaml" else ("docs/knowledge.md", doc)
        else:
            continue
        missing = [n for n in names if str(n) not in known]
        assert not missing, f"{where} does not name these {p.name} columns/keys: {', '.join(map(str, missing))}"


# -- (5) every field of the seed article's record is in docs/record.md -----------------------------

def _field_names(obj) -> set[str]:
    if isinstance(obj, dict):
        return set(obj) | {n for v in obj.values() for n in _field_names(v)}
    if isinstance(obj, list):
        return {n for v in obj for n in _field_names(v)}
    return set()


def test_every_record_field_is_documented(seed_article):
    rec = seed_article.record()
    for part in ("events", "quotes", "places", "entities"):
        assert rec[part], f"the seed article gave no {part}: the check below would prove nothing"
    documented = _backticked(_read("record.md"))
    missing = sorted(_field_names(rec) - documented)
    assert not missing, f"docs/record.md does not document these record fields: {', '.join(missing)}"


def _example(text: str) -> dict:
    m = re.search(r"^## Example\s*$.*?```json\n(.*?)```", text, re.M | re.S)
    assert m, "docs/record.md has no '## Example' section with a ```json block"
    return json.loads(m.group(1))


def test_record_example_has_the_fields_of_a_real_record(seed_article):
    rec = seed_article.record()
    ex = _example(_read("record.md"))
    assert ex["schema"] == rec["schema"]
    assert set(ex) == set(rec)
    assert set(ex["article"]) == set(rec["article"])
    ev, real_ev = ex["events"][0], rec["events"][0]
    assert set(ev) == set(real_ev), "the example event's fields differ from a real event's"
    assert set(ev["size"]) == set(real_ev["size"])
    assert set(ev["mentions"][0]) == set(real_ev["mentions"][0])
    entity_keys = set(rec["entities"][0])
    for ent in [*ev["actor"], *ev["recipient"], *ex["entities"], ex["quotes"][0]["speaker"]]:
        assert set(ent) == entity_keys, "an example entity's fields differ from a real entity's"
    assert set(ex["quotes"][0]) == set(rec["quotes"][0])
    assert set(ex["places"][0]) == set(rec["places"][0])


def test_record_lists_every_plover_type_mode_and_context():
    from eventwire.knowledge import PACKAGE_DIR

    documented = _backticked(_read("record.md"))
    plover = yaml.safe_load((PACKAGE_DIR / "plover.yaml").read_text(encoding="utf-8"))
    for etype, spec in plover["types"].items():
        assert etype in documented, f"docs/record.md does not list the PLOVER type {etype}"
        for mode in spec.get("modes") or {}:
            assert mode in documented, f"docs/record.md does not list the {etype} mode {mode}"
    assert len(plover["types"]) == 16
