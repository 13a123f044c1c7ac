"""Threat Dragon v2 and Threagile mapped onto threat-model/v1."""
from __future__ import annotations

from collections import Counter

import pytest

from checker.adapters import AdaptError, adapt
from checker.adapters.threagile import cia

TD = "threat-models/threat-dragon-v2-demo.json"
TG = "threat-models/threagile-example.yaml"


def test_threat_dragon_threats_statuses_and_severities(corpus):
    model = adapt("threat-dragon-v2", corpus(TD))
    data = model.data
    assert len(data["threats"]) == 14
    assert Counter(t["status"] for t in data["threats"]) == {"open": 10, "mitigated": 4}
    assert Counter(t["severity"] for t in data["threats"]) == {"high": 8, "medium": 4, "low": 2}
    assert Counter(t["property"] for t in data["threats"]) == {"C": 10, "I": 2, "A": 2}
    assert data["system"] == {"name": "Demo Threat Model"}
    assert data["reviewed"] == {"by": ["Jane Smith"]}


def test_threat_dragon_elements_become_assets_and_threats_target_them(corpus):
    data = adapt("threat-dragon-v2", corpus(TD)).data
    kinds = Counter(a["kind"] for a in data["assets"])
    assert kinds == {"data-flow": 10, "data-store": 4, "process": 2, "external-entity": 1}
    names = {a["id"]: a["name"] for a in data["assets"]}
    queue = [t["title"] for t in data["threats"] if names[t["targets"][0]] == "Message Queue"]
    assert queue == ["Message secrecy", "Message tampering",
                     "Fake messages could be placed on the queue"]


def test_threat_dragon_mitigation_text_and_status(corpus):
    data = adapt("threat-dragon-v2", corpus(TD)).data
    assert Counter(m["status"] for m in data["mitigations"]) == {"planned": 10, "implemented": 4}
    first = data["mitigations"][0]
    assert first["title"].startswith("Encrypt the DB credentials in the configuration file.")
    assert first["addresses"] == [data["threats"][0]["id"]]


def test_threat_dragon_cannot_express_actors_hazards_or_cia(corpus):
    unsupported = adapt("threat-dragon-v2", corpus(TD)).unsupported
    for field in ("threats[].actor.budget", "hazards", "assets[].cia", "threats[].leads_to",
                  "owners.safety", "accepted_risks[].expires"):
        assert field in unsupported


def _td(threat: dict) -> dict:
    cell = {"id": "c1", "data": {"type": "tm.Process", "name": "LLM API", "threats": [threat]}}
    return {"summary": {"title": "t"}, "detail": {"diagrams": [{"cells": [cell]}]},
            "version": "2.2.0"}


def test_threat_dragon_accepted_and_not_applicable_threats():
    accepted = adapt("threat-dragon-v2", _td({"id": "x", "title": "Jailbreak (AML.T0054)",
                                              "status": "Accepted", "severity": "High",
                                              "mitigation": "Low value target"})).data
    assert accepted["accepted_risks"] == [{"id": "R-x", "addresses": ["x"],
                                           "rationale": "Low value target"}]
    assert accepted["threats"][0]["atlas"] == ["AML.T0054"]  # IDs written in the title
    na = adapt("threat-dragon-v2", _td({"id": "y", "title": "t", "status": "NotApplicable"})).data
    assert na["threats"] == [] and na["excluded_threats"][0]["id"] == "y"


def test_threat_dragon_v1_file_is_reported_as_such():
    raw = {"summary": {"title": "old"}, "detail": {"diagrams": [{"diagramJson": {"cells": []}}]}}
    with pytest.raises(AdaptError, match="Threat Dragon v1"):
        adapt("threat-dragon-v2", raw)


def test_threagile_assets_with_cia_from_ratings(corpus):
    data = adapt("threagile", corpus(TG)).data
    kinds = Counter(a["kind"] for a in data["assets"])
    assert kinds == {"data": 12, "process": 7, "external-entity": 4, "data-store": 3}
    by_id = {a["id"]: a for a in data["assets"]}
    assert by_id["erp-system"]["cia"] == ["C", "I", "A"]
    assert by_id["erp-logs"]["cia"] == ["C"]  # restricted / archive / archive
    assert by_id["marketing-material"]["cia"] == ["I", "A"]  # public
    assert by_id["customer-client"]["out_of_scope"] is True


def test_threagile_risk_tracking_statuses(corpus):
    data = adapt("threagile", corpus(TG)).data
    tracked = [t for t in data["threats"] if t["status"] != "unchecked"]
    assert Counter(t["status"] for t in tracked) == {"mitigated": 4, "accepted": 1,
                                                    "in-progress": 1}
    assert Counter(m["status"] for m in data["mitigations"]) == {"implemented": 4, "planned": 1}
    assert [m["tracking_status"] for m in data["mitigations"]].count("in-progress") == 1
    (risk,) = data["accepted_risks"]
    assert risk["addresses"] == ["untrusted-deserialization@erp-system"]
    assert risk["approved_by"] == ["John Doe"] and risk["rationale"] == "Risk accepted as tolerable"
    ldap = next(t for t in data["threats"] if t["category"] == "ldap-injection")
    assert ldap["targets"] == ["ldap-auth-server"]  # wildcards are not assets


def test_threagile_individual_risks_carry_severity_and_stride(corpus):
    data = adapt("threagile", corpus(TG)).data
    manual = [t for t in data["threats"] if t["category"] == "something-strange"]
    assert [(t["targets"], t["severity"], t["property"]) for t in manual] == [
        (["sql-database"], "critical", "I"), (["contract-file-server"], "medium", "I")]
    assert manual[0]["title"] == "Example Individual Risk at Database"  # HTML stripped
    assert len(data["threats"]) == 8


def test_threagile_review_objectives_and_gaps(corpus):
    model = adapt("threagile", corpus(TG))
    assert model.data["reviewed"] == {"date": "2020-07-01", "by": ["John Doe"]}
    assert model.data["objectives"]["security"][0].startswith("Input Validation: ")
    assert "hazards" in model.unsupported and "threats[].actor.access" in model.unsupported
    assert "objectives.safety" in model.unsupported


def test_threagile_false_positive_is_excluded():
    raw = {"threagile_version": "1.0.0", "technical_assets": {}, "data_assets": {},
           "risk_tracking": {"sql-injection@db": {"status": "false-positive"}}}
    data = adapt("threagile", raw).data
    assert data["threats"] == [] and data["excluded_threats"][0]["id"] == "sql-injection@db"


@pytest.mark.parametrize("ratings,expected", [
    ({"confidentiality": "confidential", "integrity": "operational", "availability": "archive"},
     ["C"]),
    ({"confidentiality": "internal", "integrity": "important", "availability": "critical"},
     ["I", "A"]),
    ({}, []),
])
def test_threagile_cia_thresholds(ratings, expected):
    assert cia(ratings) == expected
