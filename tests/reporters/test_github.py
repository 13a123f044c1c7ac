"""GitHub reporter: workflow-command annotations (escaping, caps, order) and step summary."""
from __future__ import annotations

import re
from dataclasses import replace

from checker.model import Result, RunResult, Severity, Status
from checker.reporters import github

COMMAND = re.compile(r"^::(error|warning|notice)( [^:]*)?::(.*)$")


def failure(run: RunResult) -> Result:
    return next(r for r in run.results if r.status is Status.FAIL)


def many(run: RunResult, counts: dict[Severity, int]) -> RunResult:
    """A run with ``n`` one-finding failures of each severity."""
    base = failure(run)
    results = []
    for severity, n in counts.items():
        for i in range(n):
            path = f"models/m{i}/threat-model.yaml"
            results.append(replace(base, severity=severity, artifact=path, file=path, line=i + 1,
                                   system=f"models/m{i}", message=f"{severity} problem {i}",
                                   findings=((path, i + 1, f"{severity} problem {i}"),)))
    return replace(run, results=tuple(sorted(results, key=Result.sort_key)), errors=())


def commands(text: str) -> list[tuple[str, str, str]]:
    found = [COMMAND.match(line) for line in text.splitlines()]
    return [(m.group(1), m.group(2) or "", m.group(3)) for m in found if m]


def test_escaping_follows_github_rules():
    assert github.escape_data("100%\r\ndone\nnow") == "100%25%0Adone%0Anow"
    assert github.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert github.escape_data("\x1b[31mred\x00") == "[31mred"


def test_each_problem_is_an_annotation_at_its_line(run):
    out = github.render(run)
    found = commands(out)
    problems = [r for r in run.results if r.status in (Status.FAIL, Status.ERROR)]
    expected = sum(max(1, len(r.findings)) for r in problems) + len(run.errors)
    assert len(found) == expected
    assert any(kind == "error" and "file=models/vision/threat-model.yaml,line=20," in props
               for kind, props, _msg in found)
    titles = [props for _k, props, _m in found if "title=TM-2 (high)%3A" in props]
    assert titles and all("%2C" in t for t in titles)  # the comma in the title is escaped


def test_repository_text_cannot_inject_a_command(run):
    evil = replace(failure(run), message="x", findings=(("a,b:c.yaml", 3, "boom\n::error::pwned\r%"),))
    out = github.render(replace(run, results=(evil,), errors=()))
    lines = out.splitlines()
    assert not any(line.startswith("::error::pwned") for line in lines)
    first = lines[0]
    assert "file=a%2Cb%3Ac.yaml,line=3," in first and "boom%0A::error::pwned%0A%25" in first


def test_caps_at_ten_per_level_with_one_notice_for_the_rest(run):
    big = many(run, {Severity.CRITICAL: 5, Severity.HIGH: 20, Severity.MEDIUM: 15, Severity.LOW: 12})
    found = commands(github.render(big))
    kinds = [k for k, _p, _m in found]
    assert kinds.count("error") == 10 and kinds.count("warning") == 10
    assert kinds.count("notice") == 10  # 9 problems + the overflow notice
    assert all(f"critical problem {i}" in " ".join(m for _k, _p, m in found) for i in range(5))
    overflow = found[-1]
    assert overflow[0] == "notice" and "title=safesec" in overflow[1]
    assert overflow[2].startswith("23 more safesec problems")  # 15 errors, 5 warnings, 3 notices


def test_no_overflow_notice_when_everything_fits(run):
    found = commands(github.render(many(run, {Severity.HIGH: 10, Severity.LOW: 10})))
    assert len(found) == 20 and not any("more safesec problems" in m for _k, _p, m in found)


def test_most_severe_first_and_levels_follow_the_gate(run):
    mixed = many(run, {Severity.LOW: 1, Severity.MEDIUM: 1, Severity.HIGH: 1, Severity.CRITICAL: 1})
    kinds = [k for k, _p, _m in commands(github.render(mixed))]
    assert kinds == ["error", "error", "warning", "notice"]
    gated = [k for k, _p, _m in commands(github.render(mixed, fail_on=Severity.CRITICAL))]
    assert gated == ["error", "warning", "warning", "notice"]


def test_step_summary_counts_dimensions_and_lists_failing_rules(run):
    text = github.step_summary(run)
    assert "| dimension | safety | security | interplay |" in text
    assert re.search(r"\| threat-models \|[^\n]*❌ 1", text)
    assert "`TM-2`" in text and "`models/vision/threat-model.yaml:12`" in text
    # repository text only inside code spans, where HTML and Markdown are not live
    assert "<apache-2.0> & friends" in text and "<apache-2.0>" not in re.sub(r"`[^`]*`", "", text)
    assert "W-7" in text  # waivers are listed


def test_step_summary_stays_under_64_kib(run):
    huge = many(run, {Severity.HIGH: 4000})
    text = github.step_summary(huge)
    assert len(text.encode("utf-8")) < 64 * 1024
    assert re.search(r"…and \d+ more not listed here", text)
    assert "Failing rules (4000)" in text


def test_step_summary_of_a_clean_run(empty_run):
    text = github.step_summary(empty_run)
    assert "✅ no failures" in text and "Failing rules" not in text


def test_prefix_points_annotations_at_repository_paths(run):
    found = commands(github.render(run, prefix="services/bot"))
    files = [p for _k, p, _m in found if "file=" in p]
    assert files and all(p.startswith(" file=services/bot/models/") for p in files)


def test_a_missing_kind_is_one_annotation_and_its_blocked_rules_none(run):
    text = github.render(run)
    cause = [ln for ln in text.splitlines() if "MISSING-CONFIG" in ln]
    assert len(cause) == 1 and cause[0].startswith("::error title=MISSING-CONFIG (critical)")
    assert "file=" not in cause[0] and "%0AFix: Add a serving or guardrail config" in cause[0]
    assert "title=INT-1" not in text and "title=GOV-4" not in text
    assert text.splitlines()[-1] == ("safesec: 4 failed (2 root causes, 2 findings), 1 errors, "
                                     "1 waived, 2 blocked, 4 passed, 1 not applicable (gate: high)")
