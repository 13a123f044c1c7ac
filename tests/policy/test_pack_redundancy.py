"""Pack 2.0 reports one gap once (domain review §3): OBJ-5 is an info note beside OBJ-4,
INT-3 leaves "no threat targets a safeguard" to TM-3, and TM-1 asks that every misuse
hazard be reached by a threat."""
from __future__ import annotations

import shutil
from pathlib import Path

from checker.model import Severity, Status
from checker.policy.loader import builtin_dir, load_packs
from checker.run import check
from checker.run.options import RunOptions

COMPLIANT = Path(__file__).resolve().parents[2] / "fixtures" / "compliant"
TM = Path("models/support-bot/security/threat-model.yaml")


def _run(tmp_path: Path, *edits: tuple[str, str]) -> dict[str, set[Status]]:
    repo = tmp_path / "repo"
    shutil.copytree(COMPLIANT, repo)
    text = (repo / TM).read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    (repo / TM).write_text(text, encoding="utf-8")
    run = check(RunOptions(root=str(repo), as_of=None))
    statuses: dict[str, set[Status]] = {}
    for result in run.results:
        statuses.setdefault(result.rule, set()).add(result.status)
    return statuses


def test_obj5_is_an_info_note():
    rules, _settings = load_packs([builtin_dir()])
    assert {r.id: r.severity for r in rules}["OBJ-5"] == Severity.INFO


def test_no_threat_against_a_safeguard_is_reported_by_tm3_alone(tmp_path):
    statuses = _run(tmp_path, ("kind: safeguard", "kind: control"))
    assert statuses["TM-3"] == {Status.FAIL}
    assert statuses["INT-3"] == {Status.NOT_APPLICABLE}


def test_a_misuse_hazard_no_threat_reaches_fails_tm1(tmp_path):
    statuses = _run(tmp_path, ("    leads_to: [H-5]\n", "    leads_to: []\n"))
    assert statuses["TM-1"] == {Status.FAIL}
    assert _run(tmp_path / "ok")["TM-1"] == {Status.PASS}
