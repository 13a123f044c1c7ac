"""SARIF, annotations, step summary and HTML of the non-compliant example, from one real
``safesec check`` run, checked the way GitHub and a browser would take them."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from checker.cli import main
from checker.policy.schema import RULE_ID as PACK_RULE_ID

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = "fixtures/noncompliant"
SCHEMA = ROOT / "tests" / "data" / "schemas" / "sarif-schema-2.1.0.json"
RULE_ID = re.compile(PACK_RULE_ID)  # root causes (MISSING-<KIND>) are shaped like pack rules


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict:
    if not (ROOT / FIXTURE).is_dir():
        pytest.skip(f"{FIXTURE} not present")
    out = tmp_path_factory.mktemp("reports")
    summary = out / "summary.md"
    summary.write_text("# earlier step\n", encoding="utf-8")
    mp = pytest.MonkeyPatch()
    mp.chdir(ROOT)  # as on a runner: the working directory is the repository root
    mp.setenv("GITHUB_STEP_SUMMARY", str(summary))
    try:
        done = CliRunner().invoke(main, ["check", FIXTURE, "--format", "github",
                                         "--sarif", str(out / "r.sarif"),
                                         "--html", str(out / "r.html")], catch_exceptions=False)
    finally:
        mp.undo()
    spec = yaml.safe_load((ROOT / FIXTURE / "expected.yaml").read_text(encoding="utf-8"))
    # a rule blocked by a missing artifact (file: null) fails through its root cause
    expected = {rule for rule, items in (spec.get("failures") or {}).items()
                if not any(isinstance(i, dict) and i.get("git") for i in items or [])
                and not all(isinstance(i, dict) and i.get("file") is None for i in items or [])}
    return {"done": done, "sarif": json.loads((out / "r.sarif").read_text(encoding="utf-8")),
            "html": out / "r.html", "summary": summary.read_text(encoding="utf-8"),
            "expected": expected}


def test_exit_code_is_the_gate(reports):
    assert reports["done"].exit_code == 1, reports["done"].output


def test_sarif_is_valid_and_points_at_real_files(reports):
    jsonschema = pytest.importorskip("jsonschema")
    log = reports["sarif"]
    errors = list(jsonschema.Draft7Validator(json.loads(SCHEMA.read_text())).iter_errors(log))
    assert not errors, [e.message for e in errors[:5]]
    run = log["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert len(rule_ids) == len(set(rule_ids)) and all(RULE_ID.match(r) for r in rule_ids)
    assert all(r["help"]["text"] and r["help"]["markdown"] for r in run["tool"]["driver"]["rules"])
    assert run["automationDetails"]["id"]
    failing = {r["ruleId"] for r in run["results"] if r["kind"] == "fail"}
    assert reports["expected"] <= failing, sorted(reports["expected"] - failing)
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert uri.startswith(FIXTURE + "/") and (ROOT / uri).is_file(), uri
        assert location["region"]["startLine"] >= 1
        assert "safesec/v1" in result["partialFingerprints"]


def test_annotations_are_capped_and_point_at_real_files(reports):
    lines = reports["done"].output.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    kinds = [line[2:].split(" ", 1)[0].split("::", 1)[0] for line in commands]
    assert kinds.count("error") == 10 and kinds.count("warning") <= 10
    assert "more safesec problems not shown" in commands[-1]
    for line in commands:
        match = re.match(r"^::\w+ file=([^,]+),line=(\d+),", line)
        if match:
            assert (ROOT / match.group(1)).is_file() and int(match.group(2)) >= 1, line


def test_step_summary_is_appended_and_small(reports):
    text = reports["summary"]
    assert text.startswith("# earlier step\n## safesec: ❌")
    assert len(text.encode("utf-8")) < 64 * 1024
    assert "| dimension | safety | security | interplay |" in text
    for rule in reports["expected"]:
        assert f"`{rule}`" in text, rule


def test_html_lists_every_failure_with_its_crosswalk(reports):
    page = reports["html"].read_text(encoding="utf-8")
    assert "<script" not in page and "<link" not in page
    for rule in reports["expected"]:
        assert f"<code>{rule}</code>" in page, rule
    for label in ("NIST AI RMF", "EU AI Act", "OWASP LLM Top 10", "MITRE ATLAS"):
        assert f"<dt>{label}" in page, label
    assert "Remediation:" in page and "models/support-bot/threat-model.yaml:" in page


@pytest.mark.skipif(shutil.which("chromium") is None,
                    reason="chromium not on PATH (Debian package `chromium`; .ci/run installs it)")
def test_html_renders_in_headless_chromium(reports, tmp_path):
    import importlib.util
    from collections import Counter

    spec = importlib.util.spec_from_file_location(
        "safesec_test_html", ROOT / "tests" / "reporters" / "test_html.py")
    helpers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(helpers)  # reuse its screenshot and PNG decoder
    png_pixels, screenshot = helpers.png_pixels, helpers.screenshot
    png = tmp_path / "shot.png"
    screenshot(reports["html"], png, tmp_path / "profile")
    _width, _height, pixels = png_pixels(png.read_bytes())
    colours = Counter(pixels)
    assert len(colours) > 50 and colours.most_common(1)[0][1] / len(pixels) < 0.9
