"""The example repositories and `safesec init` templates are well-formed data.

These tests need no rules: they catch a fixture or template that stopped parsing,
an expected.yaml that drifted from its fixture, or a template missing from the
manifest `safesec init` copies from.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
TEMPLATES = ROOT / "checker" / "templates"
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
RULE_IDS = ([f"OBJ-{i}" for i in range(1, 6)] + [f"TM-{i}" for i in range(1, 8)]
            + [f"PF-{i}" for i in range(1, 8)] + [f"GOV-{i}" for i in range(1, 9)]
            + [f"INT-{i}" for i in range(1, 11)]
            # pack 2.0, issue 17
            + ["TM-8", "TM-9", "PF-8", "PF-9", "GOV-9", "GOV-10", "GOV-11", "INT-11", "INT-12",
               "INT-13"])


def _files(base: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in base.rglob("*") if p.is_file() and p.name.endswith(suffixes))


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    return yaml.load(text.split("---", 2)[1], Loader=LOADER) or {}


@pytest.mark.parametrize("path", _files(FIXTURES, ".yaml", ".yml") + _files(TEMPLATES, ".yaml"),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_yaml_parses_to_a_mapping(path: Path) -> None:
    assert isinstance(yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER), dict)


@pytest.mark.parametrize("path", _files(FIXTURES, "MODEL_CARD.md") + [TEMPLATES / "MODEL_CARD.md"],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_model_cards_have_a_risk_management_block(path: Path) -> None:
    block = _front_matter(path).get("risk_management")
    assert isinstance(block, dict)
    assert set(block) >= {"release", "risk_tier", "threat_model", "evaluations", "owners",
                          "content_provenance"}


def _manifest() -> list[tuple[str, str]]:
    pairs = []
    for line in (TEMPLATES / "MANIFEST.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            source, _, dest = line.partition("->")
            pairs.append((source.strip(), dest.strip()))
    return pairs


def test_manifest_lists_every_template_once() -> None:
    sources = [source for source, _ in _manifest()]
    on_disk = sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*")
                     if p.is_file() and p.name != "MANIFEST.txt" and "__pycache__" not in p.parts)
    assert sorted(sources) == on_disk
    assert len({dest for _, dest in _manifest()}) == len(sources)


def test_templates_are_not_jinja_and_carry_placeholders() -> None:
    for source, dest in _manifest():
        text = (TEMPLATES / source).read_text(encoding="utf-8")
        assert "{{" not in text and "{%" not in text, source
        if dest != ".safesec.yaml":  # the project config ships working defaults
            assert "TODO" in text or "TBD" in text, source


def test_template_links_match_manifest_destinations() -> None:
    block = _front_matter(TEMPLATES / "MODEL_CARD.md")["risk_management"]
    dests = {dest for _, dest in _manifest()}
    assert block["threat_model"] in dests
    assert set(block["evaluations"]) <= dests


def _expected() -> dict:
    return yaml.load((FIXTURES / "noncompliant" / "expected.yaml").read_text(encoding="utf-8"),
                     Loader=LOADER)


def test_noncompliant_expectations_name_every_rule_once() -> None:
    expected = _expected()
    listed = list(expected["failures"]) + list(expected["passes"])
    assert sorted(listed) == sorted(RULE_IDS)


def test_noncompliant_expected_locations_exist() -> None:
    base = FIXTURES / "noncompliant"
    for rule, findings in _expected()["failures"].items():
        for finding in findings:
            if finding["file"] is None:
                continue
            lines = (base / finding["file"]).read_text(encoding="utf-8").splitlines()
            assert 1 <= finding["line"] <= len(lines), (rule, finding)


def test_compliant_links_resolve_and_revisions_agree() -> None:
    system = FIXTURES / "compliant" / "models" / "support-bot"
    block = _front_matter(system / "MODEL_CARD.md")["risk_management"]
    for rel in [block["threat_model"], *block["evaluations"]]:
        assert (system / rel).is_file(), rel
    served = yaml.load((system / "serving/config.yaml").read_text(), Loader=LOADER)
    for rel in block["evaluations"]:
        report = yaml.load((system / rel).read_text(), Loader=LOADER)
        assert report["model"]["revision"] == served["model"]["revision"], rel
