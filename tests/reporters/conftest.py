"""A realistic RunResult built by hand, and golden-file comparison.

The run covers every status across two packs and two systems: a pass, a fail
with two findings, an error (an unreadable eval report whose message carries
control characters and ``<&"``), a waived and a not-applicable result, a
repo-wide file checked once for the repository (system ``*``), and two missing kinds
as the engine reports them (checker.causes.settle): a repository-wide one (no incident
response plan, blocking GOV-4) and one of a system (models/chat has no config,
blocking the critical INT-1), each a failing root cause with its blocked results.

``fixture_runs`` are the three example repositories, checked for a fixed day.

Set ``SAFESEC_UPDATE_GOLDEN=1`` to rewrite the golden files instead of comparing.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from checker.causes import cause_rules, settle
from checker.model import (REPOSITORY, Artifact, LoadFailure, Result, Rule, RunResult, Severity,
                           Status, Waiver)
from checker.run.options import RunOptions
from checker.run import check

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CORE = "unified-safety-security"
ACME = "acme-local"
CHAT, VISION = "models/chat", "models/vision"
TM_CHAT = "models/chat/security/threat-model.yaml"
TM_VISION = "models/vision/threat-model.yaml"
CARD_CHAT, CARD_VISION = "models/chat/MODEL_CARD.md", "models/vision/MODEL_CARD.md"
EVAL_VISION = "models/vision/evals/redteam.yaml"
NASTY = 'bad \x1b[31mYAML\x1b[0m at "<root>" & \x00 beyond'

RULE_FIELDS = {
    "TM-1": ("threat-model-lacks-adversary-or-accident", "threat-models", "interplay", Severity.HIGH,
             "Threat model covers both accidental hazards and adversarial threats"),
    "TM-2": ("threat-actor-incomplete", "threat-models", "security", Severity.HIGH,
             "Every threat states actor goal, knowledge, access and budget"),
    "PF-1": ("natural-eval-without-interval", "problem-framing", "safety", Severity.HIGH,
             "Non-adversarial results give enough samples and an interval"),
    "PF-2": ("adversarial-result-not-worst-case", "problem-framing", "security", Severity.HIGH,
             "Adversarial results report attack, suite version, budget and the worst case"),
    "GOV-1": ("security-policy-missing-channel", "governance", "security", Severity.HIGH,
              "SECURITY.md names a reporting channel and a response timeline"),
    "INT-4": ("open-weights-safeguard-removal-unmodelled", "objectives", "interplay", Severity.CRITICAL,
              "Open weights: safeguard removal is modelled and discussed"),
    "ACME-1": ("model-card-license-not-approved", "governance", "security", Severity.HIGH,
               "Model cards declare an approved licence"),
    "GOV-4": ("incident-response-incomplete", "governance", "interplay", Severity.HIGH,
              "The incident response plan covers safety and security incidents"),
    "INT-1": ("safeguard-not-in-threat-model", "threat-models", "interplay", Severity.CRITICAL,
              "Every deployed safeguard is a threat-model asset"),
}
APPLIES_TO = {"GOV-4": ("incident_response",), "INT-1": ("config",)}


def make_rule(rule_id: str) -> Rule:
    name, dimension, discipline, severity, title = RULE_FIELDS[rule_id]
    return Rule(
        id=rule_id, name=name, title=title, dimension=dimension, discipline=discipline,
        severity=severity, applies_to=APPLIES_TO.get(rule_id, ("threat_model",)),
        check={"type": "exists"},
        pack=ACME if rule_id.startswith("ACME") else CORE,
        remediation=f"Fix {name}.",
        references={"nist_ai_rmf": ["MEASURE 2.7"], "owasp_llm_2025": [], "atlas": ["AML.T0040"]},
    )


def make_result(rule_id: str, system: str, artifact: str, status: Status, message: str,
                line: int = 1, findings: tuple = (), waiver: Waiver | None = None,
                blocked_by: str = "") -> Result:
    rule = make_rule(rule_id)
    return Result(
        rule=rule_id, pack=rule.pack, system=system, artifact=artifact, status=status,
        severity=rule.severity, message=message, file=artifact, line=line,
        dimension=rule.dimension, discipline=rule.discipline, title=rule.title,
        findings=findings, waiver=waiver, blocked_by=blocked_by,
    )


BLOCKED_GOV4 = "blocked: no incident response plan found (root cause MISSING-INCIDENT-RESPONSE)"
BLOCKED_INT1 = ("blocked: no serving or guardrail config found for system models/chat "
                "(root cause MISSING-CONFIG)")
RULES = [make_rule(i) for i in RULE_FIELDS]

WAIVER = Waiver(
    id="W-7", rule="PF-2", path="models/chat/**", reason="remediation-planned",
    justification="New red-team suite lands in Q3;\nsee ticket SEC-42.", owner="@org/security",
    approved_by=("@ciso", "@head-of-safety"), expires="2027-03-31", source=".safesec.yaml", line=14,
)


def build_results() -> tuple:
    two = (
        (TM_VISION, 12, "threat T-1: actor lacks budget"),
        (TM_VISION, 20, "threat T-2: actor lacks knowledge & access <none>"),
    )
    results = [
        make_result("TM-1", CHAT, TM_CHAT, Status.PASS, "hazards and threats both present", 9),
        make_result("TM-2", VISION, TM_VISION, Status.FAIL, two[0][2], 12, findings=two),
        make_result("PF-2", VISION, EVAL_VISION, Status.ERROR, NASTY, 3,
                    findings=((EVAL_VISION, 3, NASTY),)),
        make_result("PF-2", CHAT, "models/chat/evals/redteam.yaml", Status.WAIVED,
                    "result E-2 aggregates with mean", 17,
                    findings=(("models/chat/evals/redteam.yaml", 17, "result E-2 aggregates with mean"),),
                    waiver=WAIVER),
        make_result("PF-1", CHAT, "models/chat/evals/redteam.yaml", Status.PASS,
                    "1200 samples with a 95% interval", 8),
        make_result("INT-4", CHAT, CARD_CHAT, Status.NOT_APPLICABLE,
                    "release is api, not open-weights or finetune-api", 1),
        make_result("GOV-1", REPOSITORY, "SECURITY.md", Status.PASS,
                    "reporting channel and timeline found", 5),
        make_result("GOV-4", REPOSITORY, "", Status.BLOCKED, BLOCKED_GOV4,
                    findings=(("", 1, BLOCKED_GOV4),), blocked_by="MISSING-INCIDENT-RESPONSE"),
        make_result("INT-1", CHAT, "", Status.BLOCKED, BLOCKED_INT1,
                    findings=(("", 1, BLOCKED_INT1),), blocked_by="MISSING-CONFIG"),
        make_result("ACME-1", CHAT, CARD_CHAT, Status.PASS, "licence apache-2.0 is approved", 3),
        make_result("ACME-1", VISION, CARD_VISION, Status.FAIL,
                    'licence "cc-by-nc-4.0" is not in <apache-2.0> & friends', 4,
                    findings=((CARD_VISION, 4, 'licence "cc-by-nc-4.0" is not in <apache-2.0> & friends'),)),
    ]
    return tuple(settle(sorted(results, key=Result.sort_key), RULES))


def build_artifacts() -> tuple:
    loaded = [
        Artifact(path=p, kind=k, format=f, data={}, system=s)
        for p, k, f, s in (
            ("SECURITY.md", "security_policy", "markdown", REPOSITORY),
            (CARD_CHAT, "model_card", "markdown", CHAT),
            ("models/chat/evals/redteam.yaml", "eval_report", "eval-report/v1", CHAT),
            (TM_CHAT, "threat_model", "threat-model/v1", CHAT),
            (CARD_VISION, "model_card", "hf-model-card", VISION),
            (TM_VISION, "threat_model", "threat-model/v1", VISION),
        )
    ]
    broken = LoadFailure(path=EVAL_VISION, kind="eval_report", line=3, message=NASTY,
                         format="yaml", system=VISION)
    return tuple(sorted(loaded + [broken], key=lambda a: a.path))


@pytest.fixture
def run() -> RunResult:
    results = build_results()
    rules = tuple(sorted([*RULES, *cause_rules(results, RULES)], key=lambda r: (r.pack, r.id)))
    return RunResult(
        root="/repo", rules=rules, artifacts=build_artifacts(), results=results,
        systems=(CHAT, VISION), fail_on=Severity.HIGH, version="0.1.0",
        errors=(".safesec.yaml:30: unknown setting 'eval_max_age'",),
    )


@pytest.fixture
def empty_run() -> RunResult:
    return RunResult(root="/repo", rules=(), artifacts=(), results=(), version="0.1.0")


@pytest.fixture
def golden():
    """``golden(relpath, text)``: compare with (or rewrite) tests/golden/relpath."""

    def check(relpath: str, text: str) -> None:
        path = GOLDEN / relpath
        if os.environ.get("SAFESEC_UPDATE_GOLDEN") == "1":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
            return
        assert path.exists(), f"{path} missing: rerun with SAFESEC_UPDATE_GOLDEN=1"
        assert text == path.read_bytes().decode("utf-8"), f"{relpath} differs from golden"

    return check


@pytest.fixture(scope="session")
def fixture_runs() -> dict[str, RunResult]:
    """The example repositories by name, checked for a fixed day."""
    return {name: check(RunOptions(root=str(FIXTURES / name), as_of=dt.date(2026, 11, 28)))
            for name in ("compliant", "noncompliant", "two-systems")}
