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
    path: Path = typer.Argument(..., help="GOLD_DIR (NAME.txt + NAME.gold.json) or GSR.jsonl."),
    format: EvalFormat = typer.Option(EvalFormat.text, "--format", "-f",
                                      help="text (figures, misses, false positives) or json."),
    knowledge: Optional[List[Path]] = typer.Option(None, help="Extra knowledge directory (repeatable)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="Write the report to FILE instead of stdout."),
    limit: Optional[int] = typer.Option(None, min=1, help="GSR only: score the first N records."),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="More logging on stderr."),
):
    """Run the extractor on gold data and score it (../shared/eval/README.md, rules 1-8).

    For an article gold directory: event, triple and quote P/R/F1, location, date, mode
    and aux accuracy, place recall and boilerplate leaks per article and micro-averaged,
    with the misses and false positives. For a GSR .jsonl file: top-1 type accuracy, type
    recall, actor and recipient code accuracy and the confusion matrix.
    """
    from ..errors import EventwireError
    from ..evaluate import check_path, evaluate_path
    from ..evaluate_report import write_text

    setup_logging(verbose)
    try:
        check_path(path)
    except EventwireError as exc:
        fail(str(exc))
    if output and not output.parent.is_dir():
        fail(f"{output}: cannot write: no directory {output.parent}")
    pipe = build_pipeline(knowledge)
    try:
        result = evaluate_path(path, pipe, limit)
    except EventwireError as exc:
        fail(str(exc))
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
