"""`corroborate eval`: extraction scored against the project's gold files, and whole reports
(the main attack, its figures, merging, claims and blame) against terror_news-style gold."""

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
    reports: Annotated[
        Optional[list[str]],
        typer.Option("--reports", help="Per-article gold in the terror_news schema, paths relative to --root (default: eval/gold/attacks.jsonl)."),
    ] = None,
    bench: Annotated[
        str, typer.Option(help="The terror_news benchmark folder (gold_A.jsonl, gold_B.jsonl); scored when it exists. '' skips it.")
    ] = "../shared/bench/terror_news",
    policy: Annotated[
        Optional[str], typer.Option(help="Consensus policy of the incident's killed best: conservative, ucdp or latest (default: the product's).")
    ] = None,
    check: Annotated[bool, typer.Option("--check", help="Exit 1 when a report-level target is not met.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Precision, recall and F1 of extraction per field against the project's gold files
    (format and scoring rules in eval/README.md); then whole reports, ingested as `ingest` does,
    against per-article gold: the main attack found, the article's killed and injured, the
    incident's best, merging (B-cubed), claimed-by and blamed, incidents from negatives, each
    with its target.

    Example: corroborate eval --bench ../shared/bench/terror_news
    """
    from pathlib import Path

    from ..consensus import DEFAULT_POLICY, POLICIES
    from ..evaluate import evaluate, gold_texts, load_gold
    from ..evaluate_reports import unmet

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
    policy = policy or DEFAULT_POLICY
    if policy not in POLICIES:
        raise fail(f"unknown policy {policy!r} (one of {', '.join(POLICIES)})")
    reports_by_file = {}
    for file, lines in golds.items():
        reports_by_file[file] = evaluate(lines, gold_texts(lines, Path(root), Path(seeds)))
    report_sets = _report_sets(reports, Path(root), bench)
    scored = _score_reports(report_sets, policy)
    if as_json:
        out.print_json(json.dumps({**{file: report.as_dict() for file, report in reports_by_file.items()}, "reports": scored}))
    else:
        _print_fields(reports_by_file)
        _print_reports(scored, policy)
    if check and any(unmet(result) for result in scored.values()):
        raise typer.Exit(1)


def _print_fields(reports: dict) -> None:
    from ..evaluate import FIELDS

    for file, report in reports.items():
        table = Table("field", "precision", "recall", "F1", "gold", "found", title=f"{escape(file)}: {report.documents} documents", box=None)
        for name in FIELDS:
            score = report.fields[name]
            table.add_row(name, f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}", str(score.tp + score.fn), str(score.tp + score.fp))
        out.print(table)
        if report.missing:
            out.print(f"[yellow]{len(report.missing)} gold documents not found: {escape(', '.join(report.missing[:5]))}[/yellow]")


def _report_sets(files: list[str] | None, root, bench: str) -> dict:
    """Label -> (gold rows, the folder their paths are relative to)."""
    from pathlib import Path

    from ..evaluate_reports import load

    if files is None:
        files = [f for f in ["eval/gold/attacks.jsonl"] if Path(f).is_file()]
    sets = {}
    for file in files:
        try:
            sets[file] = (load(file), root)
        except (OSError, ValueError) as error:
            raise fail(f"{file} is not a report gold file (terror_news schema): {error}") from None
    if bench and Path(bench).is_dir():
        for part in ("A", "B"):
            gold = Path(bench) / f"gold_{part}.jsonl"
            if gold.is_file():
                sets[f"terror_news {part}"] = (load(gold), Path(bench))
    return sets


def _score_reports(sets: dict, policy: str) -> dict:
    from ..evaluate_reports import evaluate

    scored = {}
    with out.status("") as status:
        for label, (rows, root) in sets.items():
            status.update(f"ingesting and scoring {label} ({len(rows)} articles)")
            try:
                result = evaluate(rows, root, policy=policy)
            except FileNotFoundError as error:
                raise fail(f"{label}: {error}") from None
            result.pop("details")
            scored[label] = result
    return scored


def _print_reports(scored: dict, policy: str) -> None:
    from ..evaluate_reports import rows_of, unmet

    if not scored:
        return
    table = Table("measure", *(escape(label) for label in scored), "target", title=f"whole reports (incident best under {policy})", box=None)
    for row in rows_of(scored):
        table.add_row(*(f"{v:.3f}" if isinstance(v, float) else str(v) for v in row))
    out.print(table)
    for label, result in scored.items():
        missed = unmet(result)
        note = "[green]every target met[/green]" if not missed else f"[yellow]targets not met: {escape(', '.join(missed))}[/yellow]"
        out.print(f"{escape(label)}: {note}")
