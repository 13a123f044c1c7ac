"""Console reporter: golden output, line shape, colour only on request, gate."""
from __future__ import annotations

import re
from dataclasses import replace

from checker.model import Severity, Status
from checker.reporters import console

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_matches_golden(run, golden):
    golden("console/run.txt", console.render(run))


def test_verbose_matches_golden(run, golden):
    golden("console/run.verbose.txt", console.render(run, verbose=True))


def test_failures_are_one_line_each_with_location(run):
    lines = console.render(run).splitlines()
    assert "  FAIL    TM-2  models/vision/threat-model.yaml:12  threat T-1: actor lacks budget" in lines
    second = lines[lines.index("  FAIL    TM-2  models/vision/threat-model.yaml:12  threat T-1: actor lacks budget") + 1]
    assert second.strip() == "models/vision/threat-model.yaml:20  threat T-2: actor lacks knowledge & access <none>"
    # a terminal escape and a NUL in the message are shown, inert, as \xNN
    assert ('  ERROR   PF-2  models/vision/evals/redteam.yaml:3  '
            'bad \\x1b[31mYAML\\x1b[0m at "<root>" & \\x00 beyond') in lines


def test_passes_are_counted_not_listed_unless_verbose(run):
    quiet, verbose = console.render(run), console.render(run, verbose=True)
    assert "PASS" not in quiet and "TM-1" not in quiet
    assert "  PASS    TM-1  models/chat/security/threat-model.yaml:9" in verbose
    assert "fix: Fix threat-actor-incomplete." in verbose and "fix:" not in quiet


def test_grouped_by_system_then_dimension(run):
    lines = console.render(run).splitlines()
    assert lines.index("models/chat") < lines.index("models/vision")
    vision = lines[lines.index("models/vision"):]
    assert vision[1:4] == [" threat-models: 1 failed", vision[2], vision[3]]
    headings = [ln.split(":")[0].strip() for ln in vision if ln.startswith(" ") and not ln.startswith("  ")]
    assert headings == ["threat-models", "problem-framing", "governance"]


def test_footer_has_totals_disciplines_and_gate(run):
    text = console.render(run)
    assert "10 results: 2 failed, 1 error, 1 waived, 1 not applicable, 5 passed" in text
    assert "  safety     1 passed" in text
    assert "  security   2 failed, 1 error, 1 waived, 3 passed" in text
    assert "  interplay  1 not applicable, 1 passed" in text
    assert text.rstrip().endswith("Gate (fail on high): ERROR (2 failed at or above high, 1 could not be evaluated)")


def test_gate_wording_follows_the_run(run):
    no_errors = tuple(r for r in run.results if r.status is not Status.ERROR)
    failing = replace(run, results=no_errors, errors=())
    assert "Gate (fail on high): FAILED (2 failed at or above high)" in console.render(failing)
    relaxed = replace(failing, fail_on=Severity.CRITICAL)
    assert "Gate (fail on critical): passed" in console.render(relaxed)


def test_colour_only_when_asked(run):
    plain, coloured = console.render(run), console.render(run, color=True)
    assert not ANSI.search(plain) and "\x1b" not in plain
    assert ANSI.search(coloured)
    assert ANSI.sub("", coloured) == plain


def test_empty_run(empty_run):
    text = console.render(empty_run)
    assert text.startswith("0 results: nothing checked\n")
    assert "Gate (fail on high): passed" in text
