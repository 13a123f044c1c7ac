"""The NIST AI 600-1 and Code of Practice lists, and the generator that builds them.

Both lists are generated from sources that ship with the repository (two copies of AI 600-1
in tests/data/frameworks, the Code's measure headings in the script), so these tests always
run; the three lists read from ciso-assistant are tested in test_ids.py when its libraries
are present.
"""
from __future__ import annotations

import importlib.util
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
COPIES = REPO / "tests" / "data" / "frameworks"
DATA = REPO / "checker" / "data"


def _generator():
    spec = importlib.util.spec_from_file_location("gen_framework_ids",
                                                  REPO / "scripts" / "gen_framework_ids.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _shipped(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def _run(copies: Path, out: Path, *names: str) -> int:
    argv = ["--copies", str(copies), "-o", str(out)] + [f"--only={n}" for n in names]
    return _generator().main(argv)


def test_the_generator_reproduces_both_shipped_lists_byte_for_byte(tmp_path):
    assert _run(COPIES, tmp_path, "nist_ai_600_1", "eu_gpai_cop") == 0
    for name in ("nist_ai_600_1", "eu_gpai_cop"):
        shipped = (DATA / f"{name}.json").read_text(encoding="utf-8")
        assert (tmp_path / f"{name}.json").read_text(encoding="utf-8") == shipped, name


def _copies(tmp_path: Path) -> Path:
    copies = tmp_path / "copies"
    shutil.copytree(COPIES, copies)
    return copies


def test_an_action_only_one_copy_lists_stops_the_generator(tmp_path):
    copies = _copies(tmp_path)
    page = copies / "lawve-ai-600-1-actions-map.md"
    page.write_text("".join(line for line in page.read_text(encoding="utf-8")
                            .splitlines(keepends=True) if "`MP-4.1-010`" not in line),
                    encoding="utf-8")
    with pytest.raises(SystemExit, match=r"MP-4\.1-010: only in the CSA copy"):
        _run(copies, tmp_path, "nist_ai_600_1")
    assert not (tmp_path / "nist_ai_600_1.json").exists()


def test_an_action_filed_under_another_subcategory_stops_the_generator(tmp_path):
    copies = _copies(tmp_path)
    path = copies / "csa-ai-600-1-1.0-actions.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    for row in rows:
        if row["action_id"] == "MP-5.1-006":
            row["subcategory_id"] = "MAP 5.2"
    path.write_text(json.dumps(rows), encoding="utf-8")
    with pytest.raises(SystemExit, match=r"MP-5\.1-006: subcategory MAP 5\.2 \(CSA\)"):
        _run(copies, tmp_path, "nist_ai_600_1")


def test_the_pdfs_misprinted_govern_4_3_action_gets_the_profiles_own_number():
    gen = _generator()
    found = gen.csa_actions([{"action_id": "GV4.3--001", "subcategory_id": "GOVERN 4.3",
                              "suggested_action": "Establish policies"}])
    assert found == {"GV-4.3-001": ("GOVERN 4.3", "Establish policies")}
    assert _shipped("nist_ai_600_1")["ids"]["GV-4.3-001"].startswith(
        "Establish policies for measuring the effectiveness of employed content provenance")


def test_action_texts_lose_the_pdfs_ligatures_and_line_break_hyphens():
    text = _generator()._text("Avoid extrapolating from narrow, non- systematic\n and\tdeﬁned "
                              "assessments - see above")
    assert text == "Avoid extrapolating from narrow, non-systematic and defined assessments - see above"


def test_the_shipped_profile_has_all_four_functions_with_the_map_actions():
    shipped = _shipped("nist_ai_600_1")
    actions = list(shipped["ids"])
    assert Counter(a[:2] for a in actions) == {"GV": 58, "MP": 39, "MS": 72, "MG": 43}
    assert all(re.fullmatch(r"(GV|MP|MS|MG)-\d+\.\d+-\d{3}", a) for a in actions)
    maps = Counter(a.rsplit("-", 1)[0] for a in actions if a.startswith("MP"))
    assert maps == {"MP-1.1": 4, "MP-1.2": 2, "MP-2.1": 2, "MP-2.2": 2, "MP-2.3": 5,
                    "MP-3.4": 6, "MP-4.1": 10, "MP-5.1": 6, "MP-5.2": 2}
    assert shipped["ids"]["MP-5.1-006"].startswith("Profile threats and negative impacts")
    assert "7d418867b0650a0982683b90af1bd0a42357a227" in shipped["source"]
    assert "4b0a895640d44add67ab4db1a0250e5a48888ee1" in shipped["source"]


def test_every_code_of_practice_measure_names_its_chapter():
    shipped = _shipped("eu_gpai_cop")
    chapters = Counter(i.rsplit(" ", 1)[0] for i in shipped["ids"])
    assert chapters == {"Transparency": 3, "Copyright": 5, "Safety and Security": 32}
    assert shipped["ids"]["Transparency 1.1"] == ("Drawing up and keeping up-to-date model "
                                                  "documentation")
    assert shipped["ids"]["Copyright 1.3"] == ("Identify and comply with rights reservations when "
                                               "crawling the World Wide Web")
    assert shipped["ids"]["Safety and Security 6.1"] == "Security Goal"
    assert not any(i.startswith("Measure") for i in shipped["ids"])
    for document in ("118120", "118115", "118119"):
        assert document in shipped["source"]
