"""Shared fixtures. Inputs are built by hand in each test; the seed corpus is used from ../shared."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import corroborate
from corroborate.cli import app

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
EXAMPLES = ROOT / "examples" / "corpus"


def require_shared(path: Path) -> Path:
    """The path under ../shared, or a skip; in CI (CI=true) a missing path fails loudly."""
    if path.exists():
        return path
    message = f"{path} is missing: CI needs ../shared beside the clone"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def seeds() -> Path:
    return require_shared(SEEDS)


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def corpus(db):
    with corroborate.open(db) as opened:
        yield opened


@pytest.fixture
def cli(db):
    """Run the CLI in-process against the test database; returns the click Result."""
    runner = CliRunner()

    def run(*args: str, input: str | bytes | None = None, with_db: bool = True):
        argv = list(args) + (["--db", str(db)] if with_db else [])
        return runner.invoke(app, argv, input=input, catch_exceptions=False)

    return run


def run_module(*args: str, cwd: Path | None = None, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    """Run `python -m corroborate ARGS` in a child process (for exit codes, stdin, signals)."""
    return subprocess.run(
        [sys.executable, "-m", "corroborate", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        **kwargs,
    )


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


WORDS = """
the police said a bomb exploded near crowded market on monday evening killing several people and
wounding many others witnesses described loud blast smoke rising over street officials hospital
ambulances arrived quickly rescue workers searched through rubble for survivors government spokesman
condemned attack promised investigation security forces sealed area checkpoints across city residents
gathered outside mourning relatives victims included children women elderly traders shopkeepers
interior ministry statement blamed militants group claimed responsibility online channel analysts
warned further violence region border province governor visited scene told reporters that suspects
were arrested after raid house weapons explosives found vehicle driver fled gunmen opened fire
passengers bus highway morning army soldiers patrol convoy ambush village district capital northern
southern eastern western mosque church school university hotel stadium concert hall station airport
reported earlier week month year local media television agency correspondent according sources
killed injured missing dead toll rose doctors treated wounded critical condition funeral held
""".split()


def article(subject: str, sentences: int = 8) -> str:
    """A distinct, deterministic English news-like text (different subjects share no passages)."""
    import random

    rng = random.Random(subject)
    body = []
    for _ in range(sentences):
        words = [rng.choice(WORDS) for _ in range(rng.randint(12, 20))]
        body.append(" ".join(words).capitalize() + ".")
    paragraphs = [" ".join(body[i : i + 2]) for i in range(0, len(body), 2)]
    return f"Report on {subject}\n\n" + "\n\n".join(paragraphs)


@pytest.fixture(scope="session")
def extractor():
    """One extractor (spaCy loaded once) for the whole test session."""
    from corroborate.extract.parallel import shared_extractor

    return shared_extractor()


@pytest.fixture(scope="session")
def nlp(extractor):
    return extractor.nlp
