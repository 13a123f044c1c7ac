"""Helpers for adapter tests: read corpus copies (tests/data/corpus) or ../shared/corpus."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
LOCAL = REPO / "tests" / "data" / "corpus"
SHARED = REPO / ".." / "shared" / "corpus"


def corpus_path(rel: str) -> Path:
    """A corpus file: the local permissive copy, else ../shared/corpus, else skip."""
    for base in (LOCAL, SHARED):
        if (base / rel).is_file():
            return base / rel
    pytest.skip("../shared/corpus not present")


def parse(path: Path):
    """Parse like the core loaders do (plain data, no line tracking needed here)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    if path.suffix == ".json":
        return json.loads(text)
    if path.suffix in (".yaml", ".yml"):
        return yaml.safe_load(text)
    return markdown(text)


def markdown(text: str) -> dict:
    """The Markdown shape the core gives adapters: front_matter, sections, text."""
    front: dict = {}
    body = text
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            front = yaml.safe_load(text[4:end]) or {}
            body = text[end + 4:]
    return {"front_matter": front, "sections": [], "text": body}


def load(rel: str):
    return parse(corpus_path(rel))


@pytest.fixture
def corpus():
    """``corpus("eval-reports/x.json")`` -> parsed data (skips when the file is absent)."""
    return load


@pytest.fixture
def corpus_file():
    """``corpus_file("model-cards/x.md")`` -> path (skips when the file is absent)."""
    return corpus_path
