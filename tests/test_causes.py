"""Root causes: a missing kind is one failing result per system (per repository for the
repository-wide kinds) that lists the rules it blocks, at their highest severity; settling
again (the merged shares of a ``--jobs`` run) gives the same; waivers still apply."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from click.testing import CliRunner

from checker.causes import SCAFFOLDED, cause_id, cause_rules, settle
from checker.cli import main
from checker.model import Result, Rule, Severity, Status, Waiver
from checker.run import RunOptions, check

AS_OF = dt.date(2026, 11, 27)


def rule(rule_id: str, kind: str, severity: Severity = Severity.HIGH) -> Rule:
    return Rule(id=rule_id, name=rule_id.lower(), title=rule_id, dimension="governance",
                discipline="security", severity=severity, applies_to=(kind,), check={},
                pack="p")


def blocked(r: Rule, system: str) -> Result:
    cause = cause_id(r.applies_to)
    message = f"blocked: no {r.applies_to[0]} found (root cause {cause})"
    return Result(rule=r.id, pack=r.pack, system=system, artifact="", status=Status.BLOCKED,
                  severity=r.severity, message=message, file="", line=1,
                  dimension=r.dimension, discipline=r.discipline, findings=(("", 1, message),),
                  blocked_by=cause)


TM1, TM2 = rule("TM-1", "threat_model"), rule("TM-2", "threat_model", Severity.CRITICAL)
GOV1 = rule("GOV-1", "security_policy", Severity.MEDIUM)
RULES = [TM1, TM2, GOV1]


def causes(results: list[Result]) -> dict[tuple[str, str], Result]:
    return {(r.rule, r.system): r for r in results if r.blocks}


def test_one_root_cause_per_system_at_the_highest_severity_it_blocks():
    found = causes(settle([blocked(TM1, "a"), blocked(TM2, "a"), blocked(TM1, "b")], RULES))
    assert sorted(found) == [("MISSING-THREAT-MODEL", "a"), ("MISSING-THREAT-MODEL", "b")]
    a = found[("MISSING-THREAT-MODEL", "a")]
    assert (a.status, a.severity, a.blocks) == (Status.FAIL, Severity.CRITICAL, ("TM-1", "TM-2"))
    assert found[("MISSING-THREAT-MODEL", "b")].severity is Severity.HIGH


def test_a_repository_wide_kind_is_one_root_cause_for_the_repository():
    found = causes(settle([blocked(GOV1, "a"), blocked(GOV1, "b")], RULES))
    assert list(found) == [("MISSING-SECURITY-POLICY", "*")]
    assert found[("MISSING-SECURITY-POLICY", "*")].message == (
        "no security policy found, so 1 rule cannot run: GOV-1")


def test_settling_merged_shares_joins_their_root_causes_and_reports_the_repository_once():
    share_a = settle([blocked(GOV1, "*"), blocked(TM1, "a")], RULES)
    share_b = settle([blocked(GOV1, "*"), blocked(TM2, "b")], RULES)
    merged = settle(sorted(share_a + share_b, key=Result.sort_key), RULES)
    assert merged == settle(sorted([blocked(GOV1, "*"), blocked(TM1, "a"), blocked(TM2, "b")],
                                   key=Result.sort_key), RULES)
    assert [r.rule for r in merged if r.rule == "GOV-1"] == ["GOV-1"]
    assert settle(merged, RULES) == merged  # settling is idempotent


def test_a_waiver_of_a_blocked_rule_waives_it_and_an_expired_one_fails_naming_it():
    def waiver(rule_id: str, expires: str) -> Waiver:
        return Waiver(id="W1", rule=rule_id, path="**", reason="risk-accepted", justification="j",
                      owner="@o", approved_by=("@a",), expires=expires, source=".safesec.yaml",
                      line=3)

    live = settle([blocked(TM1, "a"), blocked(TM2, "a")], RULES, (waiver("TM-1", "2027-01-01"),),
                  AS_OF)
    statuses = {r.rule: r.status for r in live}
    assert statuses == {"TM-1": Status.WAIVED, "TM-2": Status.BLOCKED,
                        "MISSING-THREAT-MODEL": Status.FAIL}
    assert causes(live)[("MISSING-THREAT-MODEL", "a")].blocks == ("TM-2",)
    waived = next(r for r in live if r.rule == "TM-1")
    assert waived.blocked_by == "" and "blocked:" not in waived.message
    expired = settle([blocked(TM1, "a")], RULES, (waiver("TM-1", "2026-01-01"),), AS_OF)
    [failure] = expired
    assert failure.status is Status.FAIL and failure.message.startswith("waiver W1")
    everything = settle([blocked(TM1, "a")], RULES, (waiver("*", "2027-01-01"),), AS_OF)
    assert [r.status for r in everything] == [Status.WAIVED]


def test_a_shared_files_results_that_agree_in_every_system_are_reported_once():
    def on_security_md(system: str, message: str) -> Result:
        return Result(rule="GOV-2", pack="p", system=system, artifact="SECURITY.md",
                      status=Status.FAIL, severity=Severity.HIGH, message=message,
                      file="SECURITY.md", line=1, dimension="governance", discipline="security",
                      findings=(("SECURITY.md", 1, message),))

    def other(system: str) -> Result:
        return replace(on_security_md(system, "x"), rule="TM-1", artifact=f"{system}/tm.yaml",
                       file=f"{system}/tm.yaml")

    shared = frozenset({"SECURITY.md"})
    agree = sorted([on_security_md(s, "no scope") for s in "ab"] + [other("a"), other("b")],
                   key=Result.sort_key)
    once = settle(agree, RULES, shared=shared)
    assert [(r.rule, r.system) for r in once] == [("GOV-2", "*"), ("TM-1", "a"), ("TM-1", "b")]
    assert settle(agree, RULES) == agree  # without the shared paths (one share): as they are
    differ = sorted([on_security_md("a", "no scope"), on_security_md("b", "no watermark"),
                     other("a"), other("b")], key=Result.sort_key)
    assert settle(differ, RULES, shared=shared) == differ


def test_a_root_cause_promises_init_only_for_the_kinds_init_writes(tmp_path):
    """`safesec init` writes no AI-BOM, so its root cause does not send the reader there;
    every kind it does write is named in the templates' manifest."""
    assert CliRunner().invoke(main, ["init", str(tmp_path)]).exit_code == 0
    run = check(RunOptions(root=str(tmp_path)))
    found = {k for a in run.artifacts for k in [a.kind]}
    assert SCAFFOLDED <= found | {"codeowners"}  # CODEOWNERS is found by name, not loaded
    rules = [Rule(id=f"R-{kind}", name="r", title="t", dimension="governance",
                  discipline="security", severity=Severity.HIGH, applies_to=(kind,), check={},
                  pack="p") for kind in ("ai_bom", "threat_model")]
    results = [Result(rule=r.id, pack="p", system="s", artifact="", status=Status.BLOCKED,
                      severity=Severity.HIGH, message="", file="", line=1,
                      dimension="governance", discipline="security",
                      blocked_by=cause_id(r.applies_to)) for r in rules]
    fixes = {c.id: c.remediation for c in cause_rules(results, rules)}
    assert "safesec init" not in fixes[cause_id(("ai_bom",))]
    assert "`safesec init` scaffolds one" in fixes[cause_id(("threat_model",))]
