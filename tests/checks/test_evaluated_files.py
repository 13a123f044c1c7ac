"""INT-9 (check ``evaluated_files``): an eval report records the SHA-256 of each
safety-critical file it ran against, and those are compared with the files as they are at
the checked revision, not with commit times (issue 16, research/domain-review.md §4)."""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.checks import compile_check
from checker.checks.base import Context
from checker.cli import main
from checker.loaders.artifact import load_artifact
from checker.model import Artifact

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "compliant"
SYSTEM = "models/support-bot"
SERVING = f"{SYSTEM}/serving/config.yaml"
RAILS = f"{SYSTEM}/guardrails/rails.yaml"
REDTEAM = f"{SYSTEM}/evals/redteam.yaml"
CARD = "---\nlicense: apache-2.0\nlibrary_name: transformers\n---\n# {name}\n"
SERVE = "kind: serving\nmodel: {{name: {name}, revision: abc}}\n"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def report(files: dict[str, str], target: str = "stack") -> str:
    listed = "".join(f"    - {{path: {p}, sha256: {h}}}\n" for p, h in files.items())
    block = f"evaluated:\n  files:\n{listed}" if files else ""
    return ("schema: eval-report/v1\nmodel: {name: m, revision: abc}\ndate: 2026-01-02\n"
            f"{block}results:\n  - {{id: E-1, evaluated: {{target: {target}}}, value: 0.1}}\n")


def int9(root: Path, *args: str) -> list[dict]:
    result = CliRunner().invoke(main, ["check", str(root), "--format", "json",
                                       "--as-of", "2026-11-27", *args], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return [r for r in json.loads(result.stdout)["results"] if r["rule"] == "INT-9"]


def messages(found: list[dict]) -> list[str]:
    return [f["message"] for r in found for f in (r.get("findings") or [])]


@pytest.fixture
def compliant(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    return root


def test_the_compliant_fixture_passes_and_a_changed_guardrail_fails(compliant):
    assert [r["status"] for r in int9(compliant)] == ["pass"]
    rails = compliant / RAILS
    rails.write_text(rails.read_text().replace("threshold: 0.80", "threshold: 0.95"))
    [result] = int9(compliant)
    assert result["status"] == "fail"
    said = messages([result])
    assert len(said) == 3  # safety, redteam and redteam-regression record it; capability
    # measured the bare model only
    assert all(m.startswith(f"{RAILS} changed since ") for m in said)
    assert all(f"re-run the evaluation against the current file and record its hash "
               f"(sha256sum {RAILS})" in m for m in said)
    assert {f["file"] for f in result["findings"]} == {
        f"{SYSTEM}/evals/{n}.yaml" for n in ("safety", "redteam", "redteam-regression")}


def test_reverting_a_change_passes_again_and_timestamps_do_not_matter(compliant):
    """Content, not times: a revert is the evaluated file again; touching the eval report
    (the §4 trick that passed the commit-time rule) does not make a changed file current."""
    rails = compliant / RAILS
    before = rails.read_text()
    rails.write_text(before + "# tuned\n")
    (compliant / REDTEAM).write_text((compliant / REDTEAM).read_text() + "# re-committed\n")
    assert int9(compliant)[0]["status"] == "fail"
    rails.write_text(before)
    assert int9(compliant)[0]["status"] == "pass"


def test_an_unlisted_safety_critical_file_fails(compliant):
    (compliant / SYSTEM / "serving" / "system-prompt.txt").write_text("You help customers.\n")
    [result] = int9(compliant)
    assert result["status"] == "fail"
    new = f"{SYSTEM}/serving/system-prompt.txt"
    assert any(m.startswith(f"{new} (matching settings.safety_critical_paths) is not among the "
                            "files ") and f"(sha256sum {new})" in m for m in messages([result]))


def test_a_listed_file_that_no_longer_exists_fails(compliant):
    (compliant / RAILS).unlink()
    (compliant / ".github" / "CODEOWNERS").write_text("* @a\n")  # irrelevant to INT-9
    said = messages(int9(compliant))
    assert any(m.startswith(f"{RAILS}, which ") and "no longer exists" in m for m in said)


def test_an_empty_safety_critical_paths_fails_instead_of_switching_the_rule_off(compliant):
    config = compliant / ".safesec.yaml"
    text = config.read_text()
    start = text.index("  safety_critical_paths:\n")
    config.write_text(text[:start] + "  safety_critical_paths: []\n" + text[text.index("waivers:"):])
    [result] = int9(compliant)
    assert result["status"] == "fail"
    assert result["message"].startswith("settings.safety_critical_paths is empty")
    assert "does not switch this rule off" in result["message"]


def test_emptying_safety_critical_paths_in_a_change_is_a_config1_finding(compliant, isolated_git):
    """Under --config-from the change itself is reported as a weakening of the gate."""
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=compliant, check=True, capture_output=True)
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "base")
    config = compliant / ".safesec.yaml"
    text = config.read_text()
    start = text.index("  safety_critical_paths:\n")
    config.write_text(text[:start] + "  safety_critical_paths: []\n" + text[text.index("waivers:"):])
    result = CliRunner().invoke(main, ["check", str(compliant), "--format", "json",
                                       "--config-from", "main"], catch_exceptions=False)
    found = [r for r in json.loads(result.stdout)["results"] if r["rule"] == "CONFIG-1"]
    assert found and found[0]["status"] == "fail"
    assert any("setting safety_critical_paths is changed" in f["message"]
               for r in found for f in r["findings"])


def test_each_system_is_compared_with_its_own_files(tmp_path):
    root = tmp_path / "repo"
    for name in ("a", "b"):
        serving = SERVE.format(name=name)
        files = {f"models/{name}/MODEL_CARD.md": CARD.format(name=name),
                 f"models/{name}/serving/config.yaml": serving,
                 f"models/{name}/evals/safety.yaml":
                     report({f"models/{name}/serving/config.yaml": sha(serving)})}
        for rel, text in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text)
    (root / "models/a/serving/config.yaml").write_text(SERVE.format(name="a") + "auth: {}\n")
    by_system = {r["system"]: r for r in int9(root)}
    assert by_system["models/a"]["status"] == "fail"
    assert messages([by_system["models/a"]])[0].startswith("models/a/serving/config.yaml changed")
    assert by_system["models/b"]["status"] == "pass", by_system["models/b"]["message"]


def test_a_report_that_records_nothing_fails_with_the_migration_step(tmp_path):
    root = tmp_path / "repo"
    for rel, text in {"m/MODEL_CARD.md": CARD.format(name="m"), "m/serving/config.yaml":
                      SERVE.format(name="m"), "m/evals/safety.yaml": report({})}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    [result] = int9(root)
    assert result["status"] == "fail"
    assert "does not record which versions of the safety-critical files" in result["message"]
    assert "(sha256sum m/serving/config.yaml)" in result["message"]
    assert "(docs/migrating-to-2.md, step 13)" in result["message"]
    # a report of the bare model only depends on no deployment file, but then no report
    # shows the served system was evaluated at all
    (root / "m/evals/safety.yaml").write_text(report({}, target="model"))
    [result] = int9(root)
    assert result["status"] == "fail"
    assert result["message"].startswith("no eval report of this system records the SHA-256")


def test_a_system_without_safety_critical_files_is_not_applicable(tmp_path):
    root = tmp_path / "repo"
    for rel, text in {"m/MODEL_CARD.md": CARD.format(name="m"),
                      "m/evals/safety.yaml": report({})}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    [result] = int9(root)
    assert result["status"] == "not-applicable"
    assert "no file of this system matches settings.safety_critical_paths" in result["message"]


def test_hashes_are_read_at_the_checked_revision(compliant, isolated_git):
    """--rev hashes the files as committed there, not the work tree."""
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=compliant, check=True, capture_output=True)
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "evaluated")
    rails = compliant / RAILS
    before = rails.read_text()
    rails.write_text(before + "# tuned\n")
    git("commit", "-qam", "tune the rails")
    rails.write_text(before)  # the work tree is back to the evaluated content
    assert int9(compliant)[0]["status"] == "pass"
    assert int9(compliant, "--rev", "HEAD")[0]["status"] == "fail"
    assert int9(compliant, "--rev", "HEAD~1")[0]["status"] == "pass"


def test_a_malformed_entry_says_what_is_expected(compliant):
    path = compliant / REDTEAM
    text = path.read_text()
    digest = text.split(f"{{path: {SERVING}, sha256: ")[1][:64]
    path.write_text(text.replace(digest, digest[:40]))
    said = messages(int9(compliant))
    assert any("evaluated.files entry 2 must be {path, sha256}" in m and "sha256sum" in m
               for m in said)


def _artifact(path: str, text: str) -> Artifact:
    [item] = load_artifact(path, "eval_report", text.encode())
    return item


def test_each_file_is_read_once_per_run_whatever_the_reports_and_systems():
    reads: list[str] = []
    content = {"s/serving/a.yaml": b"a\n", "s/serving/b.yaml": b"b\n"}

    def read(path: str) -> bytes:
        reads.append(path)
        return content[path]

    listed = {p: hashlib.sha256(c).hexdigest() for p, c in content.items()}
    reports = [_artifact(f"s/evals/r{i}.yaml", report(listed)) for i in range(3)]
    for item in reports:
        object.__setattr__(item, "system", "s")
    compiled = compile_check({"type": "evaluated_files", "paths": ["**/serving/**"]})
    memo: dict = {}
    for _system in range(2):  # two contexts of one run share its memo
        ctx = Context(system="s", artifacts=reports, settings={}, files=tuple(sorted(content)),
                      read=read, memo=memo, all_systems=("s",))
        module, options = compiled
        assert list(module.check(options, reports[0], ctx)) == []
    assert sorted(reads) == sorted(content)


def test_a_file_over_the_size_cap_is_not_hashed_in_part():
    from checker.run.evidence import whole_files

    read = whole_files(lambda path, cap: b"x" * (cap + 1), 10)
    with pytest.raises(OSError, match="larger than the 10-byte cap"):
        read("s/serving/big.bin")
    listed = {"s/serving/big.bin": "ab" * 32}
    item = _artifact("s/evals/r.yaml", report(listed))
    object.__setattr__(item, "system", "s")
    ctx = Context(system="s", artifacts=[item], settings={}, files=tuple(listed), read=read,
                  all_systems=("s",))
    module, options = compile_check({"type": "evaluated_files", "paths": ["**/serving/**"]})
    found = list(module.check(options, item, ctx))
    assert len(found) == 1, [f.message for f in found]
    finding = found[0]
    assert finding.message.startswith("s/serving/big.bin cannot be read to compare it")
    assert "larger than the 10-byte cap (max_file_bytes)" in finding.message


def test_each_audit_point_hashes_the_files_of_its_own_commit(compliant, isolated_git):
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=compliant, check=True, capture_output=True)
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "evaluated")
    git("tag", "v1")
    rails = compliant / RAILS
    before = rails.read_text()
    rails.write_text(before + "# tuned\n")
    git("commit", "-qam", "tune the rails")
    git("tag", "v2")
    rails.write_text(before)
    git("commit", "-qam", "revert the tuning")
    git("tag", "v3")
    result = CliRunner().invoke(main, ["audit", str(compliant), "--tags", "--json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    points = json.loads(result.stdout)["commits"]
    assert [("INT-9" in p["failed_rules"]) for p in points] == [False, True, False]


def test_a_recorded_path_outside_the_repository_is_named_as_such():
    item = _artifact("s/evals/r.yaml", report({"../etc/serving.yaml": "ab" * 32}))
    object.__setattr__(item, "system", "s")
    ctx = Context(system="s", artifacts=[item], settings={}, files=("s/serving/a.yaml",),
                  read=lambda _p: b"a\n", all_systems=("s",))
    module, options = compile_check({"type": "evaluated_files", "paths": ["**/serving/**", " "]})
    said = [f.message for f in module.check(options, item, ctx)]
    assert said[0] == ("s/evals/r.yaml records '../etc/serving.yaml', which is no path inside "
                       "the repository: give each file by its path from the repository root")
    assert said[1].startswith("s/serving/a.yaml (matching the rule's paths) is not among")
    assert len(said) == 2
