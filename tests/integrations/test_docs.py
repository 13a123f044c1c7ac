"""The examples in docs/writing-packs.md are a working pack: they validate and do what they say."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "writing-packs.md"


@pytest.fixture
def doc_pack(tmp_path) -> Path:
    """The first pack of the page plus every ``- id: ACME-n`` rule block shown after it."""
    blocks = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    head = next(b for b in blocks if b.startswith("pack: "))
    rules = [b for b in blocks if b.startswith("  - id: ACME-")]
    assert len(rules) >= 3, "docs/writing-packs.md lost its rule examples"
    pack = tmp_path / "acme.yaml"
    pack.write_text(head + "".join(rules) + "settings: {acme_redteam_max_age_days: 60}\n",
                    encoding="utf-8")
    return pack


def test_documented_pack_validates(doc_pack):
    done = CliRunner().invoke(main, ["policy", "validate", str(doc_pack)], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    assert "4 rules" in done.output


def test_documented_rules_find_the_planted_gaps(doc_pack):
    fixture = ROOT / "fixtures" / "noncompliant"
    if not fixture.is_dir():
        pytest.skip("fixtures/noncompliant not present")
    done = CliRunner().invoke(main, ["check", str(fixture), "--policy", str(doc_pack)],
                              catch_exceptions=False)
    assert done.exit_code == 1, done.output
    assert re.search(r"^[A-Z]+\s+ACME-2\s+models/support-bot/threat-model\.yaml:33", done.output,
                     flags=re.M)
