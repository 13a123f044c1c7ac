"""Pack 2.0 rules (issue 17) in the situations the failing pack cases do not show: the
exemption that satisfies INT-13, and the declared facts that make a rule not apply."""
from __future__ import annotations

import shutil
from pathlib import Path

from checker.model import Status
from checker.run import check
from checker.run.options import RunOptions

COMPLIANT = Path(__file__).resolve().parents[2] / "fixtures" / "compliant"
CARD = Path("models/support-bot/MODEL_CARD.md")


def _statuses(tmp_path: Path, *edits: tuple[str, str]) -> dict[str, set[Status]]:
    repo = tmp_path / "repo"
    shutil.copytree(COMPLIANT, repo)
    text = (repo / CARD).read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    (repo / CARD).write_text(text, encoding="utf-8")
    out: dict[str, set[Status]] = {}
    for result in check(RunOptions(root=str(repo))).results:
        out.setdefault(result.rule, set()).add(result.status)
    return out


def test_a_stated_marking_exemption_satisfies_int13(tmp_path):
    statuses = _statuses(tmp_path, (
        "  content_provenance: watermark\n",
        "  content_provenance: none\n  marking_exemption: {basis: assistive-editing, "
        "reason: the assistant only rephrases the agent's own drafts}\n"))
    assert statuses["INT-13"] == {Status.PASS}


def test_an_exemption_without_a_recognised_basis_does_not(tmp_path):
    statuses = _statuses(tmp_path, (
        "  content_provenance: watermark\n",
        "  content_provenance: none\n  marking_exemption: {basis: too-expensive, reason: cost}\n"))
    assert statuses["INT-13"] == {Status.FAIL}


def test_a_non_generative_model_is_not_bound_by_art_50_2(tmp_path):
    statuses = _statuses(tmp_path, ("pipeline_tag: text-generation", "pipeline_tag: text-classification"),
                         ("  content_provenance: watermark\n", "  content_provenance: none\n"))
    assert statuses["INT-13"] == {Status.NOT_APPLICABLE}


def test_tier_and_release_decide_which_duties_apply(tmp_path):
    statuses = _statuses(tmp_path, ("  release: open-weights\n", "  release: internal\n"),
                         ("  risk_tier: high-risk\n", "  risk_tier: limited\n"))
    assert statuses["PF-8"] == {Status.NOT_APPLICABLE}  # neither open weights nor systemic
    assert statuses["GOV-9"] == {Status.NOT_APPLICABLE}  # nothing handed to others
    assert statuses["GOV-11"] == {Status.NOT_APPLICABLE}  # Art. 73 binds high-risk systems
    undeclared = _statuses(tmp_path / "u", ("  risk_tier: high-risk\n", ""))
    assert undeclared["GOV-11"] == {Status.PASS}  # an undeclared tier is not "not applicable"
