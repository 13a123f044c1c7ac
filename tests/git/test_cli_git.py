"""check --rev / --changed-since / --files / --waivers-from and audit, through the CLI,
on repositories whose answer differs between revisions."""
from __future__ import annotations

import datetime as dt

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.cli.check import expand_files

PACK = str(Path(__file__).parent / "data" / "history-pack.yaml")
TM = "schema: threat-model/v1\nobjectives: {safety: [a], security: [b]}\n"
SIGNED = {"Safety-Reviewed-by": "Sam <s@x>", "Security-Reviewed-by": "Kim <k@x>"}
WAIVER = """waivers:
  - id: W-1
    rule: T-SIGN
    path: threat-model.yaml
    reason: risk-accepted
    justification: reviewers on leave
    owner: "@me"
    approved_by: ["@me"]
    expires: {expires}
""".format(expires=dt.date.today() + dt.timedelta(days=365))  # active, within two years


@pytest.fixture
def history(make_repo, monkeypatch):
    """v1: eval after the model change, signed threat model; v2: model changed again."""
    repo = make_repo()
    repo.commit("start", {"model/weights.py": "1\n", "threat-model.yaml": TM,
                          "evals/e.yaml": "schema: eval-report/v1\n"},
                date="2026-01-01", trailers=SIGNED)
    repo.commit("re-run evals", {"evals/e.yaml": "schema: eval-report/v1\nrun: 2\n"},
                date="2026-01-10")
    repo.tag("v1", date="2026-01-10", message="release 1")
    repo.commit("retrain", {"model/weights.py": "2\n"}, date="2026-02-01")
    repo.tag("v2", date="2026-02-01")
    monkeypatch.chdir(repo.path)
    return repo


def check(*args: str) -> tuple[int, dict, str]:
    result = CliRunner().invoke(main, ["check", "--policy", PACK, "--format", "json", *args],
                                catch_exceptions=False)
    try:
        doc = json.loads(result.stdout)
    except ValueError:
        doc = {}
    return result.exit_code, doc, result.stderr


def statuses(doc: dict) -> dict[str, str]:
    return {r["rule"]: r["status"] for r in doc["results"]}


def test_rev_checks_an_older_tree_without_checkout(history):
    code, doc, _ = check()
    assert code == 1 and statuses(doc)["T-AFTER"] == "fail"
    code, doc, _ = check("--rev", "v1")
    assert code == 0 and statuses(doc) == {"T-AFTER": "pass", "T-SIGN": "pass", "T-SCHEMA": "pass"}
    history.write("threat-model.yaml", "broken: [\n")  # the work tree is not what --rev reads
    assert statuses(check("--rev", "v1")[1])["T-SCHEMA"] == "pass"
    assert history.git("status", "--porcelain") == "M threat-model.yaml"


def test_rev_reads_the_config_committed_at_that_revision(history):
    history.commit("waive", {".safesec.yaml": WAIVER, "threat-model.yaml": TM + "x: 1\n"},
                   date="2026-02-02")
    assert statuses(check()[1])["T-SIGN"] == "waived"
    assert statuses(check("--rev", "v2")[1])["T-SIGN"] == "pass"


@pytest.mark.parametrize("rev", ["--output=/tmp/x", "-v", "no-such-rev"])
def test_bad_revisions_exit_2_with_a_clear_message(history, rev):
    code, _doc, err = check(f"--rev={rev}")
    assert code == 2 and ("refusing revision" in err or "not a commit" in err), err
    assert "Traceback" not in err


def test_changed_since_selects_rules_by_changed_inputs(history):
    history.git("checkout", "-q", "-b", "pr", "v1")
    history.commit("edit tm", {"threat-model.yaml": TM + "# more\n"}, date="2026-01-11")
    code, doc, _ = check("--changed-since", "v1")
    assert statuses(doc) == {"T-SIGN": "fail", "T-SCHEMA": "pass"}  # not T-AFTER
    history.commit("touch model", {"model/weights.py": "3\n"}, date="2026-01-12")
    assert statuses(check("--changed-since", "v1")[1])["T-AFTER"] == "fail"  # a watched path
    assert statuses(check("--changed-since", "v1", "--rev", "HEAD~1")[1]) == \
        {"T-SIGN": "fail", "T-SCHEMA": "pass"}


def test_files_selects_rules_like_pre_commit(history):
    assert set(statuses(check("--files", "threat-model.yaml")[1])) == {"T-SIGN", "T-SCHEMA"}
    assert set(statuses(check("--files", "model/weights.py", "evals/e.yaml")[1])) == {"T-AFTER"}
    assert statuses(check("--files")[1]) == {}


def test_expand_files_reads_a_trailing_file_list():
    assert expand_files(["--files", "a", "b", "--format", "json"]) == \
        ["--files", "a", "--files", "b", "--format", "json"]
    assert expand_files(["sub", "--files"]) == ["sub", "--files", ""]


def test_waivers_from_the_base_branch_cannot_be_added_by_the_change(history):
    history.git("checkout", "-q", "-b", "pr")
    history.commit("unsigned edit + self waiver",
                   {"threat-model.yaml": TM + "# x\n", ".safesec.yaml": WAIVER}, date="2026-02-03")
    assert statuses(check()[1])["T-SIGN"] == "waived"
    code, doc, _ = check("--waivers-from", "main")
    assert code == 1 and statuses(doc)["T-SIGN"] == "fail"


def test_waivers_from_reads_the_whole_gate_and_reports_the_self_waiver(history):
    history.git("checkout", "-q", "-b", "pr")
    history.commit("self waiver + an earlier as_of",
                   {"threat-model.yaml": TM + "# x\n", ".safesec.yaml": "as_of: 2026-01-05\n"
                    + WAIVER}, date="2026-02-03")
    code, doc, _ = check("--waivers-from", "main")
    gate = next(r for r in doc["results"] if r["rule"] == "CONFIG-1")
    assert code == 1 and gate["status"] == "fail" and gate["file"] == ".safesec.yaml"
    assert "waiver W-1 for rule T-SIGN at threat-model.yaml" in gate["message"]
    assert "as_of is set to 2026-01-05" in gate["message"]
    assert doc["as_of"] != "2026-01-05"  # the base has no as_of: today


def test_shallow_clone_reports_an_error_never_a_pass(history, tmp_path, monkeypatch):
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{history.path}", str(clone)],
                   check=True)
    monkeypatch.chdir(clone)
    code, doc, _ = check()
    after = next(r for r in doc["results"] if r["rule"] == "T-AFTER")
    assert code == 2 and after["status"] == "error"
    assert "shallow" in after["message"] and "fetch-depth: 0" in after["message"]


def test_folder_without_git_says_history_is_needed(tmp_path, monkeypatch):
    (tmp_path / "threat-model.yaml").write_text(TM)
    monkeypatch.chdir(tmp_path)
    code, doc, _ = check()
    sign = next(r for r in doc["results"] if r["rule"] == "T-SIGN")
    # a finding (not an unreadable run): the evidence is not under version control yet
    assert code == 1 and sign["status"] == "fail"
    assert "not inside a git repository" in sign["message"]
    assert statuses(doc)["T-SCHEMA"] == "pass"  # other rules still run


def test_audit_tags_gives_results_per_tag_and_the_signoff_trail(history, tmp_path):
    out = tmp_path / "audit.json"
    result = CliRunner().invoke(main, ["audit", "--tags", "--policy", PACK, "--json", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(out.read_text())
    assert [(c["tag"], c["failed_rules"]) for c in doc["commits"]] == [("v1", []),
                                                                       ("v2", ["T-AFTER"])]
    assert {"sha", "date", "summary", "failed_rules"} <= set(doc["commits"][0])
    assert doc["commits"][1]["summary"] == "retrain"
    tm = [e for e in doc["signoff_trail"] if e["path"] == "threat-model.yaml"]
    assert [t["key"] for t in tm[0]["trailers"]] == ["Safety-Reviewed-by", "Security-Reviewed-by"]
    assert {e["kind"] for e in doc["signoff_trail"]} == {"threat_model", "eval_report"}
    assert doc["timeline"][-1]["newly_failing"] == ["T-AFTER"]
    assert "v2" in result.stdout


def test_audit_range_reuses_results_of_unchanged_artifacts(history):
    first = history.git("rev-list", "--max-parents=0", "HEAD")
    result = CliRunner().invoke(main, ["audit", "--range", f"{first}..HEAD", "--policy", PACK,
                                       "--json"], catch_exceptions=False)
    doc = json.loads(result.stdout)
    assert [c["summary"] for c in doc["commits"]] == ["re-run evals", "retrain"]
    assert doc["cached_results"] >= 1  # T-SCHEMA on the unchanged threat model
    assert [c["failed_rules"] for c in doc["commits"]] == [[], ["T-AFTER"]]


def test_audit_needs_exactly_one_of_range_and_tags(history):
    result = CliRunner().invoke(main, ["audit"])
    assert result.exit_code == 2 and "exactly one" in result.stderr


# --- deleted evidence in PR and pre-commit modes (redteam H3) ---

FIXTURE = Path(__file__).parents[2] / "fixtures" / "compliant"
THREAT_MODEL = "models/support-bot/security/threat-model.yaml"


@pytest.fixture
def evidence_deleted(make_repo, monkeypatch):
    """main: the compliant example; branch pr: deletes its threat model and SECURITY.md."""
    repo = make_repo()
    files = {str(p.relative_to(FIXTURE)): p.read_text() for p in FIXTURE.rglob("*") if p.is_file()}
    repo.commit("start", files)
    repo.git("checkout", "-q", "-b", "pr")
    repo.commit("drop the evidence", remove=(THREAT_MODEL, "SECURITY.md"))
    monkeypatch.chdir(repo.path)
    return repo


def plain_check(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["check", ".", "--format", "json", *args],
                                catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)


def missing(doc: dict) -> set[str]:
    """What is missing: the failing root causes (a missing kind), without the rules they block
    (a repository-wide kind is missing for the whole repository, not per system)."""
    return {r["message"].split(", so ")[0] for r in doc["results"]
            if r["status"] == "fail" and r.get("blocks")}


def test_changed_since_fails_a_pr_that_deletes_the_threat_model_and_security_md(evidence_deleted):
    code, doc = plain_check("--changed-since", "main")
    assert code == 1
    assert "no threat model found for system models/support-bot" in missing(doc)
    assert "no security policy found" in missing(doc)


def test_files_with_a_deleted_path_runs_the_rules_that_needed_it(evidence_deleted):
    code, doc = plain_check("--files", "SECURITY.md")
    assert code == 1
    assert missing(doc) == {"no security policy found"}


def test_a_renamed_away_artifact_counts_as_deleted(evidence_deleted):
    repo = evidence_deleted
    repo.git("checkout", "-q", "main")
    repo.git("checkout", "-q", "-b", "rename")
    repo.git("mv", THREAT_MODEL, "models/support-bot/notes.txt")
    repo.commit("hide it")
    code, doc = plain_check("--changed-since", "main")
    assert code == 1
    assert "no threat model found for system models/support-bot" in missing(doc)


def test_a_change_to_the_config_puts_the_whole_tree_in_scope(evidence_deleted):
    repo = evidence_deleted
    repo.git("checkout", "-q", "main")
    repo.git("checkout", "-q", "-b", "cfg")
    whole = plain_check()[1]
    (repo.path / ".safesec.yaml").write_text((repo.path / ".safesec.yaml").read_text() + "\n")
    code, doc = plain_check("--changed-since", "main")
    assert code == 0 and len(doc["results"]) == len(whole["results"])


def test_a_change_lowering_the_history_depth_cannot_hide_the_sign_off(history):
    """settings.history_depth bounds the history read; lowered by the change itself it
    fails the history rules with a note (never a pass), and under --config-from the
    base's depth is used and the change is reported."""
    history.write(".safesec.yaml", "settings:\n  history_depth: 1\n")
    code, doc, _ = check()
    sign = next(r for r in doc["results"] if r["rule"] == "T-SIGN")
    assert code == 1 and sign["status"] == "fail"
    assert "older than the 1 newest commits read" in sign["message"]
    code, doc, _ = check("--config-from", "HEAD")
    assert statuses(doc)["T-SIGN"] == "pass"
    gate = next(r for r in doc["results"] if r["rule"] == "CONFIG-1")
    assert gate["status"] == "fail" and "history_depth" in gate["message"]


def test_a_mistyped_history_depth_is_an_error_not_a_crash(history):
    history.write(".safesec.yaml", "settings:\n  history_depth: lots\n")
    code, doc, _ = check()
    sign = next(r for r in doc["results"] if r["rule"] == "T-SIGN")
    assert code == 2 and sign["status"] == "error"
    assert "settings.history_depth must be a whole number" in sign["message"]
