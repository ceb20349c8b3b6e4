"""``eventwire eval``: score the extractor against article gold or PLOVER gold standard records.

A thin command over :func:`eventwire.evaluate.evaluate_path`; the rules are those of
``../shared/eval/README.md`` ("Scoring").
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from . import app, build_pipeline, fail, setup_logging


class EvalFormat(str, Enum):
    text = "text"
    json = "json"


@app.command("eval")
def eval_command(
    paths: List[Path] = typer.Argument(..., help="GOLD_DIR (NAME.txt + NAME.gold.json, or 001_x.txt + "
                                       "001.gold.json) or GSR.jsonl; several are scored together."),
    format: EvalFormat = typer.Option(EvalFormat.text, "--format", "-f",
                                      help="text (figures, misses, false positives) or json."),
    knowledge: Optional[List[Path]] = typer.Option(None, help="Extra knowledge directory (repeatable)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="Write the report to FILE instead of stdout."),
    limit: Optional[int] = typer.Option(None, min=1, help="GSR only: score the first N records."),
    show_check: bool = typer.Option(False, "--show-check",
                                    help="Also list the check half's errors (for auditing the scorer; "
                                    "never tune on them)."),
    gate: bool = typer.Option(False, "--gate", help="Fail (exit 1) naming each figure below its floor "
                              "in the baseline, or gold data other than the baseline's."),
    update_baseline: bool = typer.Option(False, "--update-baseline",
                                         help="Raise the baseline's floors to the current figures."),
    allow_lower: bool = typer.Option(False, "--allow-lower",
                                     help="With --update-baseline: also lower floors."),
    baseline: Path = typer.Option(Path("eval/baseline.json"), "--baseline",
                                  help="The floors file for --gate and --update-baseline."),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="More logging on stderr."),
):
    """Run the extractor on gold data and score it (../shared/eval/README.md, rules 1-8).

    Articles (directories): event, triple and quote P/R/F1, location, date, mode and aux
    accuracy, place recall and boilerplate leaks per article, and micro-averaged over the
    TUNE half, the CHECK half and ALL, with the tune half's misses and false positives.
    GSR records (.jsonl): top-1 type accuracy, type recall, actor and recipient code
    accuracy per half, and the tune half's confusion matrix. The halves are fixed by a hash
    of each article's file name or record's id (docs/evaluation.md).
    """
    from ..errors import EventwireError
    from ..evaluate import check_paths, evaluate_path
    from ..evaluate import baseline as bl
    from ..evaluate.report import write_text

    setup_logging(verbose)
    if gate and update_baseline:
        fail("--gate and --update-baseline exclude each other")
    if allow_lower and not update_baseline:
        fail("--allow-lower needs --update-baseline")
    if limit and (gate or update_baseline):
        fail("--limit scores part of the data: not with --gate or --update-baseline")
    try:
        check_paths(paths)
        floors = bl.load_baseline(baseline) if gate or (update_baseline and baseline.exists()) else None
    except EventwireError as exc:
        fail(str(exc))
    if output and not output.parent.is_dir():
        fail(f"{output}: cannot write: no directory {output.parent}")
    pipe = build_pipeline(knowledge)
    try:
        result = evaluate_path(paths, pipe, limit, show_check=show_check)
    except EventwireError as exc:
        fail(str(exc))
    checked = bl.gate(result, floors) if gate else None
    if checked:
        result["gate"] = {"baseline": str(baseline), "failures": checked.failures, "notes": checked.notes}
    try:
        fh = open(output, "w", encoding="utf-8") if output else sys.stdout
    except OSError as exc:
        fail(f"{output}: cannot write: {exc.strerror or exc}")
    try:
        if format is EvalFormat.json:
            fh.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        else:
            write_text(result, fh)
    finally:
        if output:
            fh.close()
    if update_baseline:
        new, lowered = bl.update_baseline(result, floors)
        if lowered and not allow_lower:
            for line in lowered:
                typer.echo(f"eventwire: would lower {line}", err=True)
            fail(f"refusing to lower {len(lowered)} floor(s) of {baseline} (--allow-lower to do so)")
        bl.write_baseline(bl.lower_floors(result, floors) if lowered else new, baseline)
        typer.echo(f"eventwire: floors of {baseline} set from this run", err=True)
    if checked:
        for note in checked.notes:
            typer.echo(f"eventwire: gate: {note}", err=True)
        for line in checked.failures:
            typer.echo(f"eventwire: gate: {line}", err=True)
        if checked.failures:
            fail(f"evaluation gate failed: {len(checked.failures)} problem(s) against {baseline}")
        typer.echo(f"eventwire: gate passed against {baseline}", err=True)
