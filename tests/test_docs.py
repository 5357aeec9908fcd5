"""The README's promises: two quick-start commands, and CI runs the second one."""

import re

from conftest import ROOT


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.strip()]


def test_docs_quick_start_is_exactly_two_existing_scripts():
    commands = quick_start_commands()
    assert commands == ["bash scripts/demo", "bash scripts/test --all"]
    for command in commands:
        assert (ROOT / command.split()[1]).is_file()


def test_docs_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert quick_start_commands()[1] in ci


def test_docs_demo_ingests_the_sample_corpus():
    demo = (ROOT / "scripts" / "demo").read_text(encoding="utf-8")
    assert "ingest examples/corpus" in demo
