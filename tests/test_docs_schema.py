"""The README documents every table and column a database has."""

import re
import sqlite3

import corroborate
from conftest import ROOT


def test_docs_readme_names_every_table_and_column(db):
    corroborate.open(db).close()
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## The database", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`([a-z0-9_]+)`", section)) | set(re.findall(r"\*\*([a-z0-9_]+)\*\*", section))
    conn = sqlite3.connect(db)
    missing = []
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
        if table not in named:
            missing.append(table)
        missing += [f"{table}.{row[1]}" for row in conn.execute(f"PRAGMA table_info({table})") if row[1] not in named]
    assert missing == [], f"undocumented in README.md 'The database': {missing}"


def test_docs_readme_python_example_runs(tmp_path):
    import subprocess
    import sys

    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Python API", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    code = code.replace('"corroborate.db"', repr(str(tmp_path / "c.db"))).replace('"incidents.json"', repr(str(tmp_path / "i.json")))
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert (tmp_path / "i.json").stat().st_size > 1000
