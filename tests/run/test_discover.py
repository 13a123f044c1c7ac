"""Discovery: which files are artifacts of which kind, which system each belongs to."""
from __future__ import annotations

from pathlib import Path

import pytest

from checker.model import Skipped
from checker.run.config import ProjectConfig
from checker.run.discover import classify
from checker.run.load import load_items
from checker.run.sources import FsSource

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CARD = "---\nlicense: mit\nrisk_management: {release: api}\n---\n# Card\n"
TM = "schema: threat-model/v1\nthreats: []\n"
REPORT = "schema: eval-report/v1\nresults: []\n"
SERVING = "kind: serving\nsafeguards: []\n"


def kinds(paths, **config) -> dict[str, str]:
    return dict(classify(paths, **config))


@pytest.mark.parametrize("path, kind", [
    ("MODEL_CARD.md", "model_card"),
    ("models/a/model_card.md", "model_card"),
    ("models/a/README.md", "model_card"),  # kept only when its front matter says model card
    ("threat-model.yaml", "threat_model"),
    ("models/a/security/threat-model.yml", "threat_model"),
    ("models/a/threat_model_v2.yaml", "threat_model"),
    ("td/app.threatmodel.json", "threat_model"),
    ("models/a/evals/safety.yaml", "eval_report"),
    ("models/a/evals/2026/promptfoo.json", "eval_report"),
    ("runs/garak.report.jsonl", "eval_report"),
    ("models/a/serving/config.yaml", "config"),
    ("deploy/gateway.toml", "config"),
    ("models/a/guardrails/rails.yml", "config"),
    ("SECURITY.md", "security_policy"),
    (".github/SECURITY.md", "security_policy"),
    ("INCIDENT_RESPONSE.md", "incident_response"),
    ("docs/incident-response.md", "incident_response"),
    ("sbom/model.cdx.json", "ai_bom"),
    (".github/CODEOWNERS", "codeowners"),
])
def test_default_globs_per_kind(path, kind):
    assert kinds([path]) == {path: kind}


@pytest.mark.parametrize("path", ["notes.md", "src/app.py", "models/a/weights.yaml",
                                  "docs/SECURITY.txt", "evals.yaml"])
def test_other_files_are_not_artifacts(path):
    assert kinds([path]) == {}


def test_config_globs_replace_the_defaults_of_their_kind():
    paths = ["risk/tm.yaml", "threat-model.yaml", "models/a/evals/e.yaml"]
    found = kinds(paths, globs={"threat_model": ("risk/*.yaml",)})
    assert found == {"risk/tm.yaml": "threat_model", "models/a/evals/e.yaml": "eval_report"}


def test_config_exclude_removes_paths():
    found = kinds(["SECURITY.md", "vendor/x/SECURITY.md", "vendor/x/evals/e.yaml"],
                  exclude=("vendor/**",))
    assert found == {"SECURITY.md": "security_policy"}


def test_results_are_sorted_by_path():
    paths = ["b/evals/e.yaml", "SECURITY.md", "a/evals/e.yaml"]
    assert [p for p, _k in classify(paths)] == ["SECURITY.md", "a/evals/e.yaml", "b/evals/e.yaml"]


def test_vcs_dependency_and_virtualenv_folders_are_skipped(make_repo, tmp_path):
    make_repo(tmp_path, {
        "SECURITY.md": "# S\n",
        ".git/SECURITY.md": "# no\n",
        "node_modules/pkg/SECURITY.md": "# no\n",
        "venv/lib/SECURITY.md": "# no\n",
        "env-custom/pyvenv.cfg": "home = /usr\n",
        "env-custom/lib/site/models/x/evals/e.yaml": REPORT,
        "__pycache__/threat-model.yaml": TM,
    })
    assert FsSource(str(tmp_path)).list_files() == ["SECURITY.md"]


def load(root: Path, config: ProjectConfig | None = None):
    items, systems, _files = load_items(FsSource(str(root)), config or ProjectConfig())
    return {i.path: i for i in items if not isinstance(i, Skipped)}, systems


def test_files_belong_to_the_nearest_model_card_above_them(make_repo, tmp_path):
    make_repo(tmp_path, {
        "models/MODEL_CARD.md": CARD,
        "models/a/MODEL_CARD.md": CARD,
        "models/a/evals/e.yaml": REPORT,
        "models/b/serving/config.yaml": SERVING,
        "SECURITY.md": "# Security\n",
    })
    items, systems = load(tmp_path)
    assert systems == ("models", "models/a")
    assert items["models/a/evals/e.yaml"].system == "models/a"
    assert items["models/b/serving/config.yaml"].system == "models"
    assert items["SECURITY.md"].system == "*"  # repository-wide: every system


def test_a_card_at_the_root_does_not_take_a_top_level_folders_files(make_repo, tmp_path):
    # "." sorted before top-level folder names, so files of "bot/" went to the root card
    make_repo(tmp_path, {
        "MODEL_CARD.md": CARD,
        "bot/MODEL_CARD.md": CARD,
        "bot/evals/e.yaml": REPORT,
        "evals/root.yaml": REPORT,
    })
    items, systems = load(tmp_path)
    assert systems == (".", "bot")
    assert items["bot/evals/e.yaml"].system == "bot"
    assert items["evals/root.yaml"].system == "."


def test_files_a_card_links_belong_to_it_wherever_they_are(make_repo, tmp_path):
    card = ("---\nrisk_management:\n  threat_model: ../../security/tm/threat-model.yaml\n"
            "  evaluations: [../../evals/shared.yaml#SAF-1]\n---\n# Card\n")
    make_repo(tmp_path, {
        "models/a/MODEL_CARD.md": card,
        "models/b/MODEL_CARD.md": CARD,
        "security/tm/threat-model.yaml": TM,
        "evals/shared.yaml": REPORT,
        "evals/other.yaml": REPORT,
    })
    items, _systems = load(tmp_path)
    assert items["security/tm/threat-model.yaml"].system == "models/a"
    assert items["evals/shared.yaml"].system == "models/a"
    assert items["evals/other.yaml"].system == "*"  # under no card: shared by all


def test_repo_wide_kinds_belong_to_every_system(make_repo, tmp_path):
    make_repo(tmp_path, {
        "models/a/MODEL_CARD.md": CARD,
        "models/a/SECURITY.md": "# S\n",  # a subproject's policy: the system under it
        "models/a/INCIDENT_RESPONSE.md": "# plan\n",
        ".github/CODEOWNERS": "* @a\n",
    })
    items, _systems = load(tmp_path)
    assert items["models/a/SECURITY.md"].system == "models/a"
    assert items["models/a/INCIDENT_RESPONSE.md"].system == "*"
    assert items[".github/CODEOWNERS"].system == "*"


def test_a_repository_without_model_card_is_one_system(make_repo, tmp_path):
    make_repo(tmp_path, {"threat-model.yaml": TM, "SECURITY.md": "# S\n"})
    items, systems = load(tmp_path)
    assert systems == (".",)
    assert items["threat-model.yaml"].system == "."


def test_a_plain_readme_is_not_a_model_card(make_repo, tmp_path):
    make_repo(tmp_path, {"README.md": "# Project\n", "models/a/README.md": CARD})
    items, systems = load(tmp_path)
    assert "README.md" not in items
    assert systems == ("models/a",)


def test_config_artifact_globs_claim_files_and_content_still_finds_the_others(make_repo,
                                                                             tmp_path):
    # a configured glob claims a file with no marker (read as a native threat model); a
    # file with a native marker is found wherever it is (exclude: is how to leave it out)
    make_repo(tmp_path, {"risk/model-threats.yaml": "threats: []\n", "threat-model.yaml": TM})
    config = ProjectConfig(artifacts={"threat_model": ("risk/*.yaml",)}, exclude=())
    items, _systems = load(tmp_path, config)
    assert {p: i.kind for p, i in items.items()} == {"risk/model-threats.yaml": "threat_model",
                                                     "threat-model.yaml": "threat_model"}
    items, _systems = load(tmp_path, ProjectConfig(exclude=("threat-model.yaml",)))
    assert set(items) == set()


def test_two_systems_fixture():
    items, systems = load(FIXTURES / "two-systems")
    assert systems == ("models/a", "models/b")
    assert items["models/a/security/threat-model.yaml"].system == "models/a"
    assert items["models/b/serving/config.yaml"].system == "models/b"
    assert items["SECURITY.md"].system == "*"
    assert {i.kind for i in items.values() if i.system == "models/b"} == {
        "model_card", "threat_model", "eval_report", "config"}
