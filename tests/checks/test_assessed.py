"""``assessed``: an external assessment covers every hazard or threat that needs one."""
from __future__ import annotations

SPEC = {"type": "assessed",
        "reports": {"kind": "eval_report", "name": "external assessment",
                    "where": {"all": [{"path": "assessor.type", "equals": "external"},
                                      {"path": "assessor.engagement", "exists": True}]}},
        "items": "results",
        "targets": [{"name": "high hazard", "kind": "threat_model", "path": "hazards",
                     "needs": {"path": "severity", "in": ["high", "critical"]}},
                    {"name": "threat against a safeguard", "kind": "threat_model", "path": "threats",
                     "needs": {"path": "targets",
                               "intersects": {"root": "assets[?kind=='safeguard'].id"}}}]}
TM = {"assets": [{"id": "filter", "kind": "safeguard"}, {"id": "w", "kind": "model"}],
      "hazards": [{"id": "H-1", "severity": "high"}, {"id": "H-2", "severity": "low"}],
      "threats": [{"id": "T-1", "targets": ["filter"]}, {"id": "T-2", "targets": ["w"]}]}
EXTERNAL = {"type": "external", "name": "Threatline", "engagement": "TL-1"}


def report(art, assessor, covers, path="models/a/evals/rt.yaml"):
    return art("eval_report", {"assessor": assessor, "results": [{"id": "R", "covers": covers}]},
               path=path)


def run(check, art, ctx, *reports):
    return check(SPEC, reports[0], ctx(*reports, art("threat_model", TM)))


def test_an_external_assessment_covering_everything_needed_passes(check, art, ctx):
    assert run(check, art, ctx, report(art, EXTERNAL, ["H-1", "T-1"])) == []


def test_what_the_external_assessment_misses_is_listed(check, art, ctx):
    internal = report(art, {"type": "internal"}, ["H-1", "T-1"], path="models/a/evals/a.yaml")
    [finding] = run(check, art, ctx, internal, report(art, EXTERNAL, ["H-2", "T-2"]))
    assert finding.message.startswith(
        "the external assessment (models/a/evals/rt.yaml) covers no result on H-1 (high hazard), "
        "T-1 (threat against a safeguard)")
    assert finding.file == "models/a/evals/rt.yaml"


def test_several_external_reports_count_together(check, art, ctx):
    assert run(check, art, ctx, report(art, EXTERNAL, ["H-1"]),
               report(art, EXTERNAL, ["T-1"], path="models/a/evals/b.yaml")) == []


def test_an_external_report_without_an_engagement_is_left_to_the_other_checks(check, art, ctx):
    assert run(check, art, ctx, report(art, {"type": "external", "name": "my cousin"}, [])) == []
