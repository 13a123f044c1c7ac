"""The command line: exit codes, the gate, outputs, rules/explain/policy validate, team packs."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from checker import __version__, ids
from checker.model import KINDS

TESTS = Path(__file__).resolve().parents[1]
ACME = TESTS / "data" / "packs" / "acme.yaml"
FIXTURES = TESTS.parent / "fixtures"
COMPLIANT, NONCOMPLIANT = FIXTURES / "compliant", FIXTURES / "noncompliant"
# the rules of the built-in pack, counted so that new rules need no edit here
BUILTIN_RULES = (TESTS.parent / "policies" / "unified-safety-security.yaml").read_text(
    encoding="utf-8").count("\n  - id: ")
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


def test_an_info_failure_passes_the_default_gate_but_not_fail_on_info(cli, make_repo, tmp_path):
    """OBJ-5 is an info-level note (pack 2.0)."""
    card = ("---\nlicense: apache-2.0\n---\n# Card\n\n## Safety\n\n"
            + "Harmful replies are a safety risk and a harm to users. " * 20 + "\n")
    root = make_repo(tmp_path, {"models/a/MODEL_CARD.md": card,
                                ".safesec.yaml": "rules:\n  only: [OBJ-5]\n"})
    default = cli("check", root)
    assert default.exit_code == 0
    assert default.stdout.startswith("INFO      OBJ-5  models/a/MODEL_CARD.md:1  ")
    assert cli("check", root, "--fail-on", "low").exit_code == 0
    assert cli("check", root, "--fail-on", "info").exit_code == 1


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


def test_rules_json_lists_37_rules_with_every_field_filled(cli):
    result = cli("rules", "--json")
    assert result.exit_code == 0
    rules = json.loads(result.stdout)
    assert len({r["id"] for r in rules}) == len(rules) == BUILTIN_RULES
    for rule in rules:
        for field in ("name", "title", "dimension", "discipline", "severity", "rationale",
                      "remediation"):
            assert isinstance(rule[field], str) and rule[field].strip(), (rule["id"], field)
        assert REFERENCE_KEYS <= set(rule["references"]) <= set(ids.FRAMEWORKS), rule["id"]
        assert rule["examples"].get("pass", "").strip(), rule["id"]
        assert rule["examples"].get("fail", "").strip(), rule["id"]


def test_rules_lists_one_line_per_rule(cli):
    result = cli("rules")
    assert result.exit_code == 0
    assert len(result.stdout.strip().splitlines()) == BUILTIN_RULES
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
    assert cli("policy", "validate", ACME).stdout.strip() == f"{ACME}: 1 rule, valid"
    builtin = cli("policy", "validate", TESTS.parent / "policies")
    assert builtin.exit_code == 0 and f"{BUILTIN_RULES} rules, valid" in builtin.stdout


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
    assert packs == {"acme-local", "unified-safety-security", "safesec"}  # safesec: missing kinds
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


# Root causes first (issue 18): a missing kind is one failure that names the rules it blocks.

def test_a_repository_without_risk_artifacts_fails_at_most_once_per_missing_kind(check_json,
                                                                                tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result, data = check_json(empty)
    assert result.exit_code == 1  # the gate still fails: the evidence is missing
    failed = [r for r in data["results"] if r["status"] == "fail"]
    causes = Counter(r["rule"] for r in failed)
    assert causes and all(n == 1 for n in causes.values())
    assert all(rule.startswith("MISSING-") and r["blocks"] for rule, r in
               ((r["rule"], r) for r in failed))
    assert len(failed) <= len(KINDS)
    blocked = [r for r in data["results"] if r["status"] == "blocked"]
    assert {r["blocked_by"] for r in blocked} == set(causes)
    assert sorted(r for c in failed for r in c["blocks"]) == sorted(r["rule"] for r in blocked)
    tm = next(r for r in failed if r["rule"] == "MISSING-THREAT-MODEL")
    assert tm["severity"] == "high" and {"TM-1", "OBJ-1", "GOV-6"} <= set(tm["blocks"])
    assert data["summary"]["root_causes"] == len(failed) and data["summary"]["findings"] == 0
    assert data["summary"]["blocked"] == len(blocked)


def test_missing_kinds_count_once_per_system_and_repository_wide_ones_once(check_json, make_repo,
                                                                          tmp_path):
    cards = {f"models/{name}/MODEL_CARD.md": APACHE_CARD for name in ("a", "b", "c")}
    root = make_repo(tmp_path / "repo", {**cards, "SECURITY.md": "# Security\n\nNothing here.\n"})
    _result, data = check_json(root)
    failed = [r for r in data["results"] if r["status"] == "fail"]
    per_system = Counter((r["rule"], r["system"]) for r in failed if r["rule"].startswith("MISSING"))
    assert per_system[("MISSING-THREAT-MODEL", "models/a")] == 1
    assert {s for rule, s in per_system if rule == "MISSING-THREAT-MODEL"} == {
        "models/a", "models/b", "models/c"}
    assert [s for rule, s in per_system if rule == "MISSING-INCIDENT-RESPONSE"] == ["*"]
    # a finding on the repository-wide SECURITY.md is reported once, not once per card
    for rule in ("GOV-1", "GOV-2"):  # GOV-2 reads each card, but finds the same in each
        [found] = [r for r in data["results"] if r["rule"] == rule]
        assert found["system"] == "*" and found["status"] == "fail"


def test_a_missing_kind_fails_the_gate_at_the_highest_severity_it_blocks(cli, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli("check", empty, "--fail-on", "critical").exit_code == 1  # INT-1 is critical
    only = empty / ".safesec.yaml"
    only.write_text("rules:\n  only: [OBJ-4, OBJ-5]\n", encoding="utf-8")  # medium, low
    assert cli("check", empty).exit_code == 0
    result = cli("check", empty, "--fail-on", "medium")
    assert result.exit_code == 1
    assert result.stdout.startswith("MEDIUM    MISSING-MODEL-CARD  (repository)  no model card "
                                    "found, so 2 rules cannot run: OBJ-4, OBJ-5\n")


def test_the_same_root_causes_with_jobs(check_json, make_repo, tmp_path):
    cards = {f"models/{name}/MODEL_CARD.md": APACHE_CARD for name in ("a", "b", "c", "d")}
    root = make_repo(tmp_path / "repo", cards)
    _one, serial = check_json(root)
    _two, parallel = check_json(root, "--jobs", "3")
    assert parallel["results"] == serial["results"]
    assert sum(r["rule"] == "MISSING-SECURITY-POLICY" for r in serial["results"]) == 1


# The console (issue 18): fixes on screen, -q, colour.

def test_each_failure_shows_its_severity_and_fix(cli):
    lines = cli("check", NONCOMPLIANT).stdout.splitlines()
    first = lines[0]
    assert first.startswith("CRITICAL  ")  # most severe first
    heads = [ln for ln in lines if ln[:1].isupper() and not ln.startswith("Gate")]
    fixes = [ln for ln in lines if ln.startswith("          fix: ")]
    assert len(fixes) == len([h for h in heads if h.split()[0] != "ERROR"]) > 10
    # a rule's fix says where to read more; a missing kind's says how to add it
    assert all("(more: safesec explain " in ln or "`safesec init` scaffolds" in ln
               or "point `artifacts." in ln for ln in fixes)  # (init writes no AI-BOM)


def test_quiet_prints_what_fails_the_gate_and_a_passing_run_is_one_line(cli):
    quiet = cli("check", NONCOMPLIANT, "-q").stdout.splitlines()
    assert quiet[-1].startswith("Gate (fail on high): FAILED")
    heads = [ln.split()[0] for ln in quiet[:-1] if not ln.startswith(" ")]
    assert heads and set(heads) <= {"CRITICAL", "HIGH"}
    assert not any(ln.startswith(("MEDIUM", "LOW", "PASS")) for ln in quiet)
    passing = cli("check", COMPLIANT, "--quiet")
    assert passing.exit_code == 0 and passing.stdout.count("\n") == 1
    assert passing.stdout.startswith("Gate (fail on high): passed")
    assert cli("check", COMPLIANT, "-q", "-v").exit_code == 2


def test_colour_follows_the_option_then_no_color_then_force_color(cli, monkeypatch):
    def coloured() -> bool:
        return "\x1b[" in cli("check", NONCOMPLIANT, *args).stdout

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    args: tuple[str, ...] = ()
    assert not coloured()  # not a terminal
    args = ("--color", "always")
    assert coloured()
    monkeypatch.setenv("FORCE_COLOR", "1")
    args = ()
    assert coloured()  # a CI log asks for colour
    args = ("--color", "never")
    assert not coloured()
    monkeypatch.setenv("NO_COLOR", "1")
    args = ()
    assert not coloured()
    args = ("--color", "always")
    assert coloured()


# Standard output (issue 18): '-' for every report option, one report at a time.

@pytest.mark.parametrize("option, head", [("--sarif", '{\n  "$schema"'), ("--json", '{\n  "artifacts"'),
                                          ("--junit-xml", "<?xml"), ("--html", "<!DOCTYPE html>")])
def test_dash_writes_a_report_to_stdout_instead_of_the_console(cli, tmp_path, monkeypatch,
                                                               option, head):
    monkeypatch.chdir(tmp_path)
    result = cli("check", NONCOMPLIANT, option, "-")
    assert result.exit_code == 1
    assert result.stdout.startswith(head) and "Gate (fail on" not in result.stdout
    assert not (tmp_path / "-").exists()


def test_the_report_on_stdout_is_the_one_a_file_would_get(cli, tmp_path):
    out = tmp_path / "r.sarif"
    cli("check", NONCOMPLIANT, "--sarif", out)
    assert cli("check", NONCOMPLIANT, "--sarif", "-").stdout == out.read_text(encoding="utf-8")


def test_only_one_report_may_take_stdout(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    two = cli("check", NONCOMPLIANT, "--sarif", "-", "--json", "-")
    assert two.exit_code == 2
    assert "--json - and --sarif - both ask for standard output" in two.stderr
    clash = cli("check", NONCOMPLIANT, "--format", "github", "--sarif", "-")
    assert clash.exit_code == 2 and "--format github and --sarif - both" in clash.stderr
    same = cli("check", NONCOMPLIANT, "--format", "json", "--json", "-")
    assert same.exit_code == 1 and json.loads(same.stdout)["version"]
    assert not list(tmp_path.iterdir())
