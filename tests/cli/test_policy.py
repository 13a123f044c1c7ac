"""`policy validate` reports every condition that cannot work on a native format, each at
its pack file and line, and accepts the built-in pack (issue 18 item 8)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HEADER = """pack: team
version: 0.1.0
rules:
"""
RULE = """  - id: TEAM-{n}
    name: rule-{n}
    title: Rule {n}
    dimension: problem-framing
    discipline: safety
    severity: high
    applies_to: {kind}
{body}
"""


def pack(tmp_path: Path, *rules: tuple[str, str]) -> Path:
    text = HEADER + "".join(RULE.format(n=n, kind=kind, body=body)
                            for n, (kind, body) in enumerate(rules, 1))
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    return path


EACH_RESULTS = """    check:
      type: each
      path: results
      require:
        - {cond}"""


@pytest.mark.parametrize("kind, body, expected", [
    ("eval_report", EACH_RESULTS.format(cond="{path: metric, gte: 3}"),
     "'metric' is text, and 'gte' compares numbers"),
    ("eval_report", EACH_RESULTS.format(cond="{path: value, matches: '^0'}"),
     "'value' is a number, and 'matches' reads text"),
    ("eval_report", EACH_RESULTS.format(cond="{path: thresold.max, lte: 1}"),
     "'thresold' is not a field of the items (did you mean 'threshold'?)"),
    ("eval_report", EACH_RESULTS.format(cond="{path: threat_model, equals: adversrial}"),
     "'adversrial' is not, so comparing with it never holds"),
    ("config", """    when: {kind: threat_model, path: "hazards[].sorce", in: [misuse]}
    check: {type: pattern, require: [{name: a word, any: [word]}]}""",
     "'sorce' is not a field of threat model (did you mean 'source'?)"),
    ("model_card", """    when: {path: front_matter.risk_management.relase, in: [api]}
    check: {type: pattern, require: [{name: a word, any: [word]}]}""",
     "path 'front_matter.risk_management.relase': 'relase' is not a field of model card"),
])
def test_validate_rejects_a_condition_that_cannot_work(cli, tmp_path, kind, body, expected):
    result = cli("policy", "validate", pack(tmp_path, (kind, body)))
    assert result.exit_code == 2, result.output
    assert f"{tmp_path / 'pack.yaml'}:4: rule TEAM-1:" in result.stderr
    assert expected in result.stderr


def test_validate_reports_every_problem_in_one_run(cli, tmp_path):
    bad = ("eval_report", EACH_RESULTS.format(cond="{path: metric, gte: 3}"))
    result = cli("policy", "validate", pack(tmp_path, bad, bad, bad))
    assert result.exit_code == 2
    assert [line.split(": rule ")[1].split(":")[0] for line in result.stderr.splitlines()] == \
        ["TEAM-1", "TEAM-2", "TEAM-3"]


def test_fields_of_adapters_and_extensions_are_not_judged(cli, tmp_path):
    """A field far from every native one may come from an adapter (promptfoo's `plugin`)
    or be a team's `x-` extension: only near misses are typos."""
    body = EACH_RESULTS.format(cond="{path: plugin, equals: harmful}") + \
        "\n        - {path: '\"x-owner\"', exists: true}"
    result = cli("policy", "validate", pack(tmp_path, ("eval_report", body)))
    assert result.exit_code == 0, result.output


def test_the_builtin_pack_is_valid(cli):
    result = cli("policy", "validate", REPO / "policies")
    assert result.exit_code == 0, result.output
    assert "rules, valid" in result.stdout


def test_two_fields_of_an_item_are_compared_in_the_path(cli, tmp_path):
    """The documented way to compare two fields (docs/writing-packs.md) is valid and works."""
    body = """    check:
      type: each
      path: results
      where: {path: interval, exists: true}
      require:
        - {path: "value >= interval[0] && value <= interval[1]", equals: true,
           message: "value lies outside its own confidence interval"}"""
    path = pack(tmp_path, ("eval_report", body))
    assert cli("policy", "validate", path).exit_code == 0
    repo = tmp_path / "repo"
    (repo / "evals").mkdir(parents=True)
    (repo / "evals" / "e.yaml").write_text(
        "schema: eval-report/v1\nresults:\n"
        "  - {id: A, value: 0.004, interval: [0.002, 0.007]}\n"
        "  - {id: B, value: 0.01, interval: [0.002, 0.007]}\n", encoding="utf-8")
    result = cli("check", repo, "--policy", path, "--format", "json")
    findings = [f["message"] for r in json.loads(result.stdout)["results"]
                for f in r["findings"]]
    assert len(findings) == 1 and "outside its own confidence interval" in findings[0]
    assert "B" in findings[0]
