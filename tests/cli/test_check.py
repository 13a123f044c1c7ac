"""The command line: exit codes, the gate, outputs, rules/explain/policy validate, team packs."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from checker import __version__

TESTS = Path(__file__).resolve().parents[1]
ACME = TESTS / "data" / "packs" / "acme.yaml"
FIXTURES = TESTS.parent / "fixtures"
COMPLIANT, NONCOMPLIANT = FIXTURES / "compliant", FIXTURES / "noncompliant"
MIT_CARD = "---\nlicense: mit\nlanguage: [en]\n---\n# Card\n\nA model.\n"
APACHE_CARD = "---\nlanguage: [en]\nlicense: apache-2.0\n---\n# Card\n\nA model.\n"
NO_LICENSE_CARD = "---\nlanguage: [en]\n---\n# Card\n\nA model.\n"
REFERENCE_KEYS = {"nist_ai_rmf", "owasp_llm_2025", "atlas", "eu_ai_act"}


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"safesec, version {__version__}"


def test_exit_0_when_compliant(cli):
    result = cli("check", COMPLIANT)
    assert result.exit_code == 0
    assert "Gate (fail on high): passed" in result.stdout


def test_exit_1_with_failures_pointing_at_path_and_line(cli):
    result = cli("check", NONCOMPLIANT)
    assert result.exit_code == 1
    assert "models/support-bot/evals/safety.yaml:19" in result.stdout  # PF-3, SAF-2's value


def test_exit_2_on_usage_errors(cli, tmp_path):
    assert cli("check", tmp_path / "missing").exit_code == 2
    assert cli("check", tmp_path, "--fail-on", "sometimes").exit_code == 2
    assert cli("check", tmp_path, "--as-of", "soon").exit_code == 2
    assert cli("check", tmp_path, "--policy", tmp_path / "nope.yaml").exit_code == 2
    assert cli("explain", "NOPE-1").exit_code == 2


def test_exit_3_when_a_check_crashes(cli, make_repo, tmp_path, monkeypatch):
    def boom(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("checker.checks.schema.check", boom)
    root = make_repo(tmp_path, {"models/a/MODEL_CARD.md": MIT_CARD})
    out = tmp_path / "r.json"
    result = cli("check", root, "--policy", ACME, "--json", out)
    assert result.exit_code == 3
    [entry] = json.loads(out.read_text())["results"]
    assert entry["status"] == "error" and entry["rule"] == "ACME-1"
    assert entry["message"].startswith("internal error in check 'schema': RuntimeError: boom")


def test_exit_3_on_an_unexpected_error_with_a_hint_and_no_traceback(cli, tmp_path, monkeypatch):
    def boom(_opts):
        raise RuntimeError("wires crossed")

    monkeypatch.setattr("checker.cli.check.run_check", boom)
    result = cli("check", tmp_path)
    assert result.exit_code == 3
    assert "internal error: RuntimeError: wires crossed" in result.stderr
    assert "--debug" in result.stderr and "Traceback" not in result.output
    with pytest.raises(RuntimeError):
        cli("--debug", "check", tmp_path)


def test_fail_on_critical_still_fails_on_critical_rules(check_json):
    result, data = check_json(NONCOMPLIANT, "--fail-on", "critical")
    assert result.exit_code == 1
    critical = {r["rule"] for r in data["results"]
                if r["status"] == "fail" and r["severity"] == "critical"}
    assert {"INT-1", "INT-4"} <= critical


def test_a_low_failure_passes_the_default_gate_but_not_fail_on_low(cli, make_repo, tmp_path):
    card = ("---\nlicense: apache-2.0\n---\n# Card\n\n## Safety\n\n"
            + "Harmful replies are a safety risk and a harm to users. " * 20 + "\n")
    root = make_repo(tmp_path, {"models/a/MODEL_CARD.md": card,
                                ".safesec.yaml": "rules:\n  only: [OBJ-5]\n"})
    default = cli("check", root)
    assert default.exit_code == 0
    assert "OBJ-5" in default.stdout and "FAIL" in default.stdout
    assert cli("check", root, "--fail-on", "low").exit_code == 1


def test_several_outputs_in_one_run(cli, tmp_path):
    paths = {name: tmp_path / "out" / f"report.{name}" for name in ("xml", "json", "sarif", "html")}
    result = cli("check", NONCOMPLIANT, "--junit-xml", paths["xml"], "--json", paths["json"],
                 "--sarif", paths["sarif"], "--html", paths["html"])
    assert result.exit_code == 1
    assert "Gate (fail on high): FAILED" in result.stdout  # console still on stdout
    data = json.loads(paths["json"].read_text())
    cases = list(ET.parse(paths["xml"]).getroot().iter("testcase"))
    assert len(cases) == len(data["results"])
    sarif = json.loads(paths["sarif"].read_text())
    assert sarif["version"] == "2.1.0"
    assert paths["html"].read_text().lstrip().lower().startswith("<!doctype html")


def test_format_json_on_stdout_matches_the_json_file(cli, tmp_path):
    out = tmp_path / "r.json"
    result = cli("check", NONCOMPLIANT, "--format", "json", "--json", out)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert result.stdout == out.read_text()
    assert {"version", "summary", "artifacts", "results"} <= set(data)
    assert {"passed", "failed", "errors", "waived"} <= set(data["summary"])
    keys = {"rule", "system", "artifact", "status", "severity", "message", "file", "line",
            "dimension", "discipline"}
    assert all(keys <= set(r) for r in data["results"])
    assert all({"path", "kind", "format"} <= set(a) for a in data["artifacts"])


def test_malformed_artifacts_are_error_results_with_file_line_and_exit_2(check_json, make_repo,
                                                                         tmp_path):
    root = make_repo(tmp_path / "repo", {
        "models/a/MODEL_CARD.md": "---\nlicense: mit\nrisk_management: {release: api\n---\n# A\n",
        "models/a/evals/e.yaml": "schema: eval-report/v1\nresults:\n  - id: E-1\n    value: [0.1\n",
        "models/a/threat-model.json": '{\n  "schema": "threat-model/v1",\n  "threats": [,]\n}\n',
        "SECURITY.md": "# Security\n\nEmail security@example.org; we answer within 2 days.\n",
    })
    result, data = check_json(root)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    for where in ("models/a/MODEL_CARD.md:4", "models/a/evals/e.yaml:5",
                  "models/a/threat-model.json:3"):
        assert f"safesec: error: {where}: invalid" in result.stderr
    errors = {(r["file"], r["line"]) for r in data["results"] if r["status"] == "error"}
    assert errors == {("models/a/MODEL_CARD.md", 4), ("models/a/evals/e.yaml", 5),
                      ("models/a/threat-model.json", 3)}
    # the readable file is still checked
    gov1 = [r for r in data["results"] if r["rule"] == "GOV-1"]
    assert gov1 and gov1[0]["status"] == "pass"
    assert data["summary"]["errors"] == len([r for r in data["results"] if r["status"] == "error"])


def test_rules_json_lists_36_rules_with_every_field_filled(cli):
    result = cli("rules", "--json")
    assert result.exit_code == 0
    rules = json.loads(result.stdout)
    assert len({r["id"] for r in rules}) == len(rules) == 36
    for rule in rules:
        for field in ("name", "title", "dimension", "discipline", "severity", "rationale",
                      "remediation"):
            assert isinstance(rule[field], str) and rule[field].strip(), (rule["id"], field)
        assert set(rule["references"]) == REFERENCE_KEYS, rule["id"]
        assert rule["examples"].get("pass", "").strip(), rule["id"]
        assert rule["examples"].get("fail", "").strip(), rule["id"]


def test_rules_lists_one_line_per_rule(cli):
    result = cli("rules")
    assert result.exit_code == 0
    assert len(result.stdout.strip().splitlines()) == 36
    assert any(line.startswith("TM-3") for line in result.stdout.splitlines())


def test_explain_tm3(cli):
    result = cli("explain", "TM-3")
    assert result.exit_code == 0
    text = result.stdout
    assert "TM-3" in text and "misuse-not-modelled-as-attack-on-safeguards" in text
    for part in ("Why it matters", "Example", "How to fix", "References"):
        assert part in text
    assert "safeguard" in text


def test_explain_by_name_and_from_a_team_pack(cli):
    assert "TM-3" in cli("explain", "misuse-not-modelled-as-attack-on-safeguards").stdout
    result = cli("explain", "ACME-1", "--policy", ACME)
    assert result.exit_code == 0 and "Relicense under apache-2.0" in result.stdout


def test_policy_validate_good_packs(cli):
    assert cli("policy", "validate", ACME).stdout.strip() == f"{ACME}: 1 rules, valid"
    builtin = cli("policy", "validate", TESTS.parent / "policies")
    assert builtin.exit_code == 0 and "36 rules, valid" in builtin.stdout


@pytest.mark.parametrize("old, new, problem", [
    ("severity: high", "severity: extreme", "rules[0].severity: unallowed value extreme"),
    ("allow_unknown: true", "allow_unknown: true\n      colour: red", "check: schema: colour: unknown field"),
    ("applies_to: model_card", "applies_to: model_cards", "unknown kind model_cards"),
    ("type: string, required", "type: strung, required", "invalid Cerberus schema"),
    ("    check:\n", "    when: {path: a}\n    check:\n", "when: a condition needs exactly one test"),
    ("title: Model cards declare", "title: [Model cards declare", "invalid YAML"),
])
def test_policy_validate_bad_packs_exit_2_naming_file_line_and_rule(cli, tmp_path, old, new,
                                                                   problem):
    pack = tmp_path / "bad.yaml"
    text = ACME.read_text(encoding="utf-8")
    assert old in text
    pack.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = cli("policy", "validate", pack)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"safesec: error: {pack}:")
    assert problem in result.stderr
    assert "Traceback" not in result.output


def test_policy_validate_duplicate_rule_ids(cli, tmp_path):
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "a.yaml").write_text(ACME.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b.yaml").write_text(ACME.read_text(encoding="utf-8").replace(
        "pack: acme-local", "pack: acme-other"), encoding="utf-8")
    result = cli("policy", "validate", folder)
    assert result.exit_code == 2
    assert "duplicate rule id" in result.stderr and "ACME-1" in result.stderr


def test_acme_pack_from_design_passes_and_fails_on_model_cards(check_json, make_repo, tmp_path):
    root = make_repo(tmp_path / "repo", {"models/good/MODEL_CARD.md": APACHE_CARD,
                                         "models/mit/MODEL_CARD.md": MIT_CARD,
                                         "models/none/MODEL_CARD.md": NO_LICENSE_CARD})
    result, data = check_json(root, "--policy", ACME)
    assert result.exit_code == 1
    by_system = {r["system"]: r for r in data["results"]}
    assert by_system["models/good"]["status"] == "pass"
    mit = by_system["models/mit"]
    assert (mit["status"], mit["file"], mit["line"]) == ("fail", "models/mit/MODEL_CARD.md", 2)
    assert mit["message"] == "front_matter.license: unallowed value mit (expected one of apache-2.0)"
    assert (mit["pack"], mit["severity"], mit["dimension"]) == ("acme-local", "high", "governance")
    none = by_system["models/none"]
    assert none["status"] == "fail" and "license: required field" in none["message"]


def test_acme_pack_named_in_config_runs_beside_the_builtin_pack(check_json, make_repo, tmp_path):
    root = make_repo(tmp_path / "repo", {
        "models/a/MODEL_CARD.md": MIT_CARD,
        "policy/acme.yaml": ACME.read_text(encoding="utf-8"),
        ".safesec.yaml": "packs: [policy/acme.yaml]\n",
    })
    _result, data = check_json(root)
    packs = {r["pack"] for r in data["results"]}
    assert packs == {"acme-local", "unified-safety-security"}
    [acme] = [r for r in data["results"] if r["rule"] == "ACME-1"]
    assert acme["status"] == "fail" and acme["line"] == 2


def test_console_script_answers_version_without_importing_click():
    """The installed entry point prints the same version line as click would, but a
    pre-commit hook asking for it does not pay for click, cerberus or git."""
    import subprocess
    import sys

    code = ("import sys; sys.argv = ['safesec', '--version']; from checker.__main__ import main; "
            "main(); print(sorted(m for m in ('click', 'cerberus', 'git', 'jmespath', 'yaml') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == [f"safesec, version {__version__}", "[]"]
