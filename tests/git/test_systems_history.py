"""INT-9 compares a system's evals with its own safety-critical changes, never another's."""
from __future__ import annotations

import json

from click.testing import CliRunner

from checker.cli import main

CARD = "---\nlicense: apache-2.0\nlibrary_name: transformers\n---\n# {name}\n"
EVAL = "schema: eval-report/v1\nmodel: {{name: {name}, revision: abc}}\ndate: 2026-01-02\nresults: []\n"
SERVING = "kind: serving\nmodel: {{name: {name}, revision: abc}}\n"


def _int9(tmp_path, builder):
    out = tmp_path / "out.json"
    CliRunner().invoke(main, ["check", str(builder.path), "--json", str(out),
                              "--as-of", "2026-02-01"], catch_exceptions=False)
    doc = json.loads(out.read_text())
    return {r["system"]: r for r in doc["results"] if r["rule"] == "INT-9"}


def test_a_serving_change_in_one_system_does_not_stale_the_other(tmp_path, isolated_git):
    from tests.git.conftest import RepoBuilder

    repo = RepoBuilder(tmp_path / "repo")
    files = {}
    for name in ("a", "b"):
        files[f"models/{name}/MODEL_CARD.md"] = CARD.format(name=name)
        files[f"models/{name}/evals/safety.yaml"] = EVAL.format(name=name)
        files[f"models/{name}/serving/config.yaml"] = SERVING.format(name=name)
    repo.commit("two systems, evaluated", files, date="2026-01-02")
    repo.commit("tighten a's serving", {"models/a/serving/config.yaml":
                                        SERVING.format(name="a") + "auth: {required: true}\n"},
                date="2026-01-10")
    int9 = _int9(tmp_path, repo)
    assert int9["models/a"]["status"] == "fail"
    assert "models/a/serving/config.yaml" in int9["models/a"]["message"]
    assert int9["models/b"]["status"] == "pass", int9["models/b"]["message"]
