"""Artifacts and a Context built by hand, and a way to run one check spec on them."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from checker.checks import compile_check, run_check
from checker.checks.base import Context
from checker.loaders import markdown, yaml_doc
from checker.model import Artifact, Finding

AS_OF = dt.date(2026, 11, 27)


def make_artifact(kind: str, data: Any = None, *, path: str = "", text: str = "",
                  fmt: str = "yaml") -> Artifact:
    """An artifact from data, or parsed from YAML / Markdown ``text`` (lines then work)."""
    locate = lambda _p: 1  # noqa: E731
    if text and fmt == "markdown":
        data, locate = markdown.parse(text)
    elif text:
        data, locate = yaml_doc.parse(text)
    path = path or {"model_card": "models/a/MODEL_CARD.md", "threat_model":
                    "models/a/threat-model.yaml", "eval_report": "models/a/evals/e.yaml",
                    "config": "models/a/serving/config.yaml", "codeowners": ".github/CODEOWNERS",
                    "security_policy": "SECURITY.md"}.get(kind, "x.yaml")
    return Artifact(path=path, kind=kind, format=fmt, data=data, text=text, locate=locate,
                    raw=data, system="models/a")


def make_context(*artifacts: Artifact, settings: dict | None = None, files: tuple = (),
                 as_of: dt.date = AS_OF) -> Context:
    return Context(system="models/a", artifacts=list(artifacts), settings=settings or {},
                   as_of=as_of, files=tuple(files))


def run(spec: dict, artifact: Artifact, ctx: Context | None = None) -> list[Finding]:
    """Compile ``spec`` (raises ValueError on bad options) and run it on ``artifact``."""
    compiled = compile_check(spec)
    return list(run_check(compiled, artifact, ctx or make_context(artifact)))


@pytest.fixture
def art():
    return make_artifact


@pytest.fixture
def ctx():
    return make_context


@pytest.fixture
def check():
    return run

