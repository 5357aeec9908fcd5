"""`corroborate eval`: extraction scored against the project's gold files."""

from __future__ import annotations

import json
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from .common import JsonOption, app, fail, out


@app.command("eval")
def evaluate_command(
    gold: Annotated[
        Optional[list[str]], typer.Option("--gold", help="Gold JSONL files (default: eval/gold/examples.jsonl and seeds.jsonl).")
    ] = None,
    root: Annotated[str, typer.Option(help="Folder that gold document paths are relative to.")] = ".",
    seeds: Annotated[str, typer.Option(help="Folder of the seed articles that seeds/NAME refers to.")] = "../shared/corpus/seeds",
    as_json: JsonOption = False,
) -> None:
    """Precision, recall and F1 of extraction per field against the project's gold files
    (format and scoring rules in eval/README.md).

    Example: corroborate eval
    """
    from pathlib import Path

    from ..evaluate import FIELDS, evaluate, gold_texts, load_gold

    files = gold or ["eval/gold/examples.jsonl", "eval/gold/seeds.jsonl"]
    missing = [f for f in files if not Path(f).is_file()]
    if missing:
        raise fail(f"no gold file {', '.join(missing)} (run from the project folder, or pass --gold)")
    golds = {}
    for file in files:
        try:
            golds[file] = load_gold(file)
        except (OSError, ValueError) as error:  # UnicodeDecodeError is a ValueError
            raise fail(f"{file} is not a gold file (JSON lines, see eval/README.md): {error}") from None
    reports = {}
    for file, lines in golds.items():
        reports[file] = evaluate(lines, gold_texts(lines, Path(root), Path(seeds)))
    if as_json:
        out.print_json(json.dumps({file: report.as_dict() for file, report in reports.items()}))
        return
    for file, report in reports.items():
        table = Table("field", "precision", "recall", "F1", "gold", "found", title=f"{escape(file)}: {report.documents} documents", box=None)
        for name in FIELDS:
            score = report.fields[name]
            table.add_row(name, f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}", str(score.tp + score.fn), str(score.tp + score.fp))
        out.print(table)
        if report.missing:
            out.print(f"[yellow]{len(report.missing)} gold documents not found: {escape(', '.join(report.missing[:5]))}[/yellow]")


