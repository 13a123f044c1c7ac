"""Console reporter: golden output, one line per problem with severity and fix, the order,
quiet and verbose, root causes, colour only on request, the gate."""
from __future__ import annotations

import re
from dataclasses import replace

from checker.model import Severity, Status
from checker.reporters import console

from conftest import make_result

ANSI = re.compile(r"\x1b\[[0-9;]*m")
HEAD = re.compile(r"^([A-Z]+) +(\S+) ")
TM2 = "HIGH      TM-2  models/vision/threat-model.yaml:12  threat T-1: actor lacks budget"


def test_matches_golden(run, golden):
    golden("console/run.txt", console.render(run))


def test_verbose_matches_golden(run, golden):
    golden("console/run.verbose.txt", console.render(run, verbose=True))


def test_a_failure_shows_severity_rule_location_message_then_its_fix(run):
    lines = console.render(run).splitlines()
    at = lines.index(TM2)
    assert lines[at + 1].strip() == ("models/vision/threat-model.yaml:20  "
                                      "threat T-2: actor lacks knowledge & access <none>")
    assert lines[at + 2].strip() == "fix: Fix threat-actor-incomplete.  (more: safesec explain TM-2)"
    # a terminal escape and a NUL in the message are shown, inert, as \xNN
    assert ('ERROR     PF-2  models/vision/evals/redteam.yaml:3  '
            'bad \\x1b[31mYAML\\x1b[0m at "<root>" & \\x00 beyond') in lines


def test_a_missing_kind_is_one_line_naming_what_it_blocks_and_how_to_add_it(run):
    text = console.render(run)
    lines = text.splitlines()
    cause = next(ln for ln in lines if ln.startswith("CRITICAL  MISSING-CONFIG"))
    assert cause == ("CRITICAL  MISSING-CONFIG  (system models/chat)  no serving or guardrail "
                     "config found for system models/chat, so 1 rule cannot run: INT-1")
    fix = lines[lines.index(cause) + 1].strip()
    assert fix.startswith("fix: Add a serving or guardrail config") and "safesec init" in fix
    assert "explain MISSING" not in text  # the root cause is no pack rule to explain
    # the blocked rules are not failures of their own
    assert "INT-1  " not in text and "GOV-4  " not in text and "BLOCKED" not in text


def test_sorted_by_severity_then_system_then_rule(run):
    low = make_result("TM-1", "models/alpha", "models/alpha/tm.yaml", Status.FAIL, "low one")
    low = replace(low, severity=Severity.LOW)
    tm10 = replace(make_result("TM-2", "models/vision", "models/vision/b.yaml", Status.FAIL, "ten"),
                   rule="TM-10")
    shuffled = replace(run, results=(low, tm10) + tuple(reversed(run.results)))
    heads = [HEAD.match(ln).groups() for ln in console.render(shuffled).splitlines()
             if HEAD.match(ln) and not ln.startswith("Gate")]
    assert heads == [("ERROR", "PF-2"), ("CRITICAL", "MISSING-CONFIG"),
                     ("HIGH", "MISSING-INCIDENT-RESPONSE"), ("HIGH", "ACME-1"),
                     ("HIGH", "TM-2"), ("HIGH", "TM-10"), ("LOW", "TM-1"),
                     ("ERROR", ".safesec.yaml:30:")]


def test_passes_and_not_applicable_are_listed_only_with_verbose(run):
    default, verbose = console.render(run), console.render(run, verbose=True)
    assert "PASS" not in default and "TM-1" not in default and "N/A" not in default
    assert "PASS      TM-1  models/chat/security/threat-model.yaml:9  hazards and threats both present" \
        in verbose.splitlines()
    assert "N/A       INT-4  models/chat/MODEL_CARD.md:1  release is api, not open-weights or " \
        "finetune-api" in verbose.splitlines()
    assert "BLOCKED   GOV-4  (repository)  blocked: no incident response plan found (root cause " \
        "MISSING-INCIDENT-RESPONSE)" in verbose.splitlines()
    assert "WAIVED    PF-2  models/chat/evals/redteam.yaml:17  waived by W-7 (owner @org/security, " \
        "expires 2027-03-31)" in verbose.splitlines()


def test_quiet_keeps_what_fails_the_gate_and_the_gate_line(run):
    low = replace(make_result("TM-1", "models/alpha", "models/alpha/tm.yaml", Status.FAIL,
                              "a low one"), severity=Severity.LOW)
    text = console.render(replace(run, results=run.results + (low,)), quiet=True)
    lines = text.splitlines()
    assert "a low one" not in text and "results:" not in text and "safety" not in text
    assert TM2 in lines and any(ln.startswith("ERROR     PF-2") for ln in lines)
    assert lines[-1].startswith("Gate (fail on high): ERROR")


def test_a_passing_run_in_quiet_mode_is_one_line(run):
    passing = replace(run, results=tuple(r for r in run.results if r.status is Status.PASS),
                      errors=())
    assert console.render(passing, quiet=True) == "Gate (fail on high): passed\n"
    below = replace(make_result("TM-1", "m", "m/tm.yaml", Status.FAIL, "minor"),
                    severity=Severity.MEDIUM)
    with_minor = replace(passing, results=passing.results + (below,))
    assert console.render(with_minor, quiet=True) == "Gate (fail on high): passed\n"
    assert "MEDIUM    TM-1" in console.render(with_minor)


def test_footer_counts_root_causes_findings_and_disciplines(run):
    text = console.render(run)
    assert ("13 results: 2 root causes, 2 findings, 1 error, 1 waived, 2 blocked, 4 passed, "
            "1 not applicable") in text
    assert "  safety     1 passed" in text
    assert "  security   2 findings, 1 error, 1 waived, 2 passed" in text
    assert "  interplay  2 root causes, 2 blocked, 1 passed, 1 not applicable" in text
    assert text.rstrip().endswith("Gate (fail on high): ERROR (2 root causes and 2 findings at "
                                  "or above high, 1 could not be evaluated)")


def test_gate_wording_follows_the_run(run):
    no_errors = tuple(r for r in run.results if r.status is not Status.ERROR)
    failing = replace(run, results=no_errors, errors=())
    assert "Gate (fail on high): FAILED (2 root causes and 2 findings at or above high)" \
        in console.render(failing)
    relaxed = replace(failing, fail_on=Severity.CRITICAL)
    assert "Gate (fail on critical): FAILED (1 root cause at or above critical)" \
        in console.render(relaxed)
    only_findings = replace(failing, results=tuple(r for r in no_errors if not r.blocks))
    assert "FAILED (2 findings at or above high)" in console.render(only_findings)
    assert "Gate (fail on critical): passed" in \
        console.render(replace(only_findings, fail_on=Severity.CRITICAL))


def test_colour_only_when_asked(run):
    plain, coloured = console.render(run), console.render(run, color=True)
    assert not ANSI.search(plain) and "\x1b" not in plain
    assert ANSI.search(coloured)
    assert ANSI.sub("", coloured) == plain
    assert ANSI.sub("", console.render(run, color=True, quiet=True)) == console.render(run, quiet=True)


def test_empty_run(empty_run):
    text = console.render(empty_run)
    assert text.startswith("0 results: nothing checked\n")
    assert "Gate (fail on high): passed" in text
