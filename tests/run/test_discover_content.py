"""Discovery by content (issue 15): a tool's raw output is found where the tool writes it,
with no configuration; a file of no known format is skipped with its reason and never
changes a verdict; tests, examples and documentation-site copies are not the team's
evidence unless the config brings them back."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from checker.model import Skipped
from checker.run.config import ProjectConfig
from checker.run.load import load_items
from checker.run.sources import FsSource

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
INSPECT = (CORPUS / "eval-reports" / "inspect-ai-eval-log.json").read_text(encoding="utf-8")


def _eval_zip(log: str) -> bytes:
    """An Inspect .eval log as Inspect writes it: a zip with header.json (no samples)."""
    header = {k: v for k, v in json.loads(log).items() if k != "samples"}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("_journal/start.json", json.dumps({"version": 2}))
        archive.writestr("header.json", json.dumps(header, indent=2))
    return out.getvalue()


def _corpus(name: str) -> str:
    return next(CORPUS.glob(f"*/{name}")).read_text(encoding="utf-8")


# each tool's output where the tool (or its users) put it: none under a default glob
RAW_OUTPUT = {
    "meta-llama__Llama-3-8B/mmlu.json": ("lm-evaluation-harness-results.json", "eval_report",
                                          "lm-eval"),
    "logs/2026-01-01T00-00-00_task.json": ("inspect-ai-eval-log.json", "eval_report",
                                           "inspect-ai"),
    "ThreatDragonModels/payments/payments.json": ("threat-dragon-v2-demo.json", "threat_model",
                                          "threat-dragon-v2"),
    "bots/abc/config.yml": ("nemo-abc-bot-config.yml", "config", "nemo-guardrails"),
    "output.json": ("promptfoo-redteam-output.json", "eval_report", "promptfoo"),
    "scans/garak.jsonl": ("garak-agg.report.jsonl", "eval_report", "garak-jsonl"),
    "specification/valid-machine-learning-1.6.json": ("cyclonedx-1.6-machine-learning.json",
                                                      "ai_bom", "cyclonedx"),
}
# well-formed files of no known format, and a template that is no YAML at all
NOISE = {
    "schemas/threat-model.schema.json": '{"$schema": "http://json-schema.org/draft-07/schema#",'
                                        ' "type": "object", "properties": {}}\n',
    "docs/evals/evals.json": '[{"name": "a"}, {"name": "b"}]\n',
    "summary_mmlu.json": '{"elapsed_time": "02:23:19", "gpu": "NVIDIA A100 80GB PCIe"}\n',
    "evals/notes.yaml": "owner: team\ncadence: weekly\n",
    "charts/app/templates/deployment.yaml": "name: {{ .Values.name }\n",
}


def load(root: Path, config: ProjectConfig | None = None):
    items, systems, _files = load_items(FsSource(str(root)), config or ProjectConfig())
    found = {i.path: i for i in items if not isinstance(i, Skipped)}
    return found, {i.path: i.reason for i in items if isinstance(i, Skipped)}, systems


def test_raw_tool_output_is_found_with_no_configuration(make_repo, tmp_path):
    files: dict[str, str | bytes] = {path: _read(name) for path, (name, _k, _f)
                                     in RAW_OUTPUT.items()}
    files["logs/2026-01-02T00-00-00_task.eval"] = _eval_zip(INSPECT)
    make_repo(tmp_path, files)
    found, skipped, _systems = load(tmp_path)
    for path, (_name, kind, fmt) in RAW_OUTPUT.items():
        assert (found[path].kind, found[path].format) == (kind, fmt), path
    log = found["logs/2026-01-02T00-00-00_task.eval"]
    assert (log.kind, log.format) == ("eval_report", "inspect-ai")
    assert log.data == found["logs/2026-01-01T00-00-00_task.json"].data
    assert skipped == {}


def _read(name: str) -> str:
    return _corpus(name.replace("lm-evaluation-harness", "lm-eval-harness"))


def test_files_of_no_known_format_are_skipped_with_the_reason(make_repo, tmp_path):
    make_repo(tmp_path, NOISE)
    found, skipped, _systems = load(tmp_path)
    assert found == {}
    assert skipped["schemas/threat-model.schema.json"] == "a JSON Schema"
    assert skipped["docs/evals/evals.json"].startswith("no known format")
    assert skipped["summary_mmlu.json"] == "no known format"
    # a name that suggests a native artifact: the reason says what the native file needs
    assert skipped["evals/notes.yaml"] == ("no known format (a native eval report starts "
                                           "with 'schema: eval-report/v1')")
    assert skipped["charts/app/templates/deployment.yaml"].startswith("not readable: ")


def test_a_file_that_claims_to_be_an_artifact_and_cannot_be_read_is_an_error(make_repo,
                                                                              tmp_path):
    make_repo(tmp_path, {
        "anywhere/tm.yaml": "schema: threat-model/v1\nthreats: [\n",  # the marker claims it
        "risk/mine.yaml": "not: [closed\n",  # the config's glob claims it
        "evals/old.yaml": "schema: eval-report/v0\nresults: []\n",  # a version not read
        "threat-model.json": '{"schema": "threat-model/v1",\n "system": }\n',
        "deploy/app.yaml": "name: {{ .Values.name }\n",  # its folder's name claims it
    })
    config = ProjectConfig(artifacts={"threat_model": ("risk/*.yaml",)})
    found, skipped, _systems = load(tmp_path, config)
    assert skipped == {}
    assert (found["anywhere/tm.yaml"].kind, found["anywhere/tm.yaml"].line) == ("threat_model", 3)
    assert found["risk/mine.yaml"].kind == "threat_model"
    assert "not one safesec reads" in found["evals/old.yaml"].message
    assert (found["threat-model.json"].kind, found["threat-model.json"].line) == \
        ("threat_model", 2)
    assert found["deploy/app.yaml"].kind == "config"


def test_unknown_files_never_change_a_verdict_or_the_exit_code(make_repo, tmp_path,
                                                                check_json):
    base = {
        "SECURITY.md": "# Security\n",
        "threat-model.yaml": "schema: threat-model/v1\nthreats: []\n",
        "output.json": _corpus("promptfoo-redteam-output.json"),
    }
    clean = make_repo(tmp_path / "clean", base)
    noisy = make_repo(tmp_path / "noisy", {**base, **NOISE})
    (c_result, c_doc), (n_result, n_doc) = check_json(clean), check_json(noisy)
    assert n_result.exit_code == c_result.exit_code != 2
    assert json.dumps(n_doc["results"]).replace(str(noisy), "ROOT") == \
        json.dumps(c_doc["results"]).replace(str(clean), "ROOT")
    assert n_doc["errors"] == c_doc["errors"] == []
    assert c_doc["skipped"] == []
    assert {s["path"] for s in n_doc["skipped"]} == set(NOISE)


@pytest.mark.parametrize("folder", ["tests", "test", "testdata", "fixtures", "__tests__",
                                    "examples", "samples", "demo", "policies/tests"])
def test_tests_and_examples_are_not_the_teams_evidence(make_repo, tmp_path, folder):
    make_repo(tmp_path, {
        f"{folder}/_assets/run.report.jsonl": _corpus("garak-agg.report.jsonl"),
        f"{folder}/bot/MODEL_CARD.md": "---\nlicense: mit\n---\n# Card\n",
        "docs/threat-model.yaml": "schema: threat-model/v1\nthreats: []\n",  # docs/ stays
    })
    found, skipped, systems = load(tmp_path)
    assert set(found) == {"docs/threat-model.yaml"} and systems == (".",)
    top = folder.split("/")[-1] if folder.startswith("policies") else folder
    assert set(skipped.values()) == {f"under {top}/ (not the team's evidence)"}
    found, skipped, systems = load(tmp_path, ProjectConfig(include_tests_and_examples=True))
    assert f"{folder}/_assets/run.report.jsonl" in found and systems == (f"{folder}/bot",)


def test_a_folder_named_like_tests_is_checked_when_it_is_the_checked_root(tmp_path,
                                                                          make_repo):
    root = make_repo(tmp_path / "fixtures" / "compliant",
                     {"threat-model.yaml": "schema: threat-model/v1\nthreats: []\n"})
    found, skipped, _systems = load(root)
    assert set(found) == {"threat-model.yaml"} and skipped == {}


def test_a_documentation_site_copy_is_not_a_second_system(make_repo, tmp_path):
    card = "---\nlicense: llama3\npipeline_tag: text-classification\n---\n# Prompt Guard\n"
    make_repo(tmp_path, {
        "Prompt-Guard/MODEL_CARD.md": card,
        "website/docs/prompt-guard/MODEL_CARD.md": card,
        "docs/other/MODEL_CARD.md": card.replace("Prompt Guard", "Other"),  # not a copy
    })
    found, skipped, systems = load(tmp_path)
    assert systems == ("Prompt-Guard", "docs/other")
    assert skipped == {"website/docs/prompt-guard/MODEL_CARD.md":
                       "a documentation-site copy of Prompt-Guard/MODEL_CARD.md"}


@pytest.mark.parametrize("path", ["security.md", "Security.md", ".github/security.md",
                                  "docs/SECURITY.MD"])
def test_security_md_in_any_case(make_repo, tmp_path, path):
    make_repo(tmp_path, {path: "# Security\n"})
    found, _skipped, _systems = load(tmp_path)
    assert found[path].kind == "security_policy" and found[path].system == "*"


def test_the_nearest_security_policy_above_a_system_applies_to_it(make_repo, tmp_path):
    card = "---\nlicense: mit\n---\n# Card\n"
    make_repo(tmp_path, {
        "SECURITY.md": "# Root\n",
        "LlamaFirewall/SECURITY.md": "# Firewall\n",
        "LlamaFirewall/models/a/MODEL_CARD.md": card,
        "LlamaFirewall/models/b/MODEL_CARD.md": card,
        "Llama-Guard/MODEL_CARD_VISION.md": card,
    })
    items, systems, _files = load_items(FsSource(str(tmp_path)), ProjectConfig())
    policies = sorted((i.system, i.path) for i in items if i.kind == "security_policy")
    assert systems == ("Llama-Guard", "LlamaFirewall/models/a", "LlamaFirewall/models/b")
    assert policies == [("Llama-Guard", "SECURITY.md"),
                        ("LlamaFirewall/models/a", "LlamaFirewall/SECURITY.md"),
                        ("LlamaFirewall/models/b", "LlamaFirewall/SECURITY.md")]


def test_model_cards_by_the_names_people_use(make_repo, tmp_path):
    make_repo(tmp_path, {
        "models/llama3_2/MODEL_CARD_VISION.md": "# Llama 3.2 Vision\n",  # no front matter
        "bloom/README.md": "---\nlicense: bigscience-bloom-rail-1.0\nlanguage: [en]\n---\n# B\n",
    })
    found, _skipped, systems = load(tmp_path)
    assert systems == ("bloom", "models/llama3_2")
    assert found["bloom/README.md"].format == "hf-model-card"


def test_verbose_console_lists_the_skipped_files_once(make_repo, tmp_path, cli):
    make_repo(tmp_path, {
        **NOISE,
        "SECURITY.md": "# Security\n",
        "examples/a/threat-model.yaml": "schema: threat-model/v1\nthreats: []\n",
        "tests/b/evals/e.yaml": "schema: eval-report/v1\nresults: []\n",
        "tests/c/evals/e.yaml": "schema: eval-report/v1\nresults: []\n",
    })
    quiet = cli("check", tmp_path).output
    loud = cli("check", tmp_path, "-v").output
    assert "skipped" not in quiet
    assert "skipped: 3 files under examples/ and tests/ (not the team's evidence)" in loud
    assert "skipped: schemas/threat-model.schema.json: a JSON Schema" in loud
    assert sum("skipped:" in line for line in loud.splitlines()) == 1 + len(NOISE)


def test_a_changed_file_no_longer_recognised_still_runs_its_rules(make_repo, tmp_path,
                                                                  check_json):
    # --files threat-model.yaml after its marker was removed: the threat-model rules run
    # and find no threat model; the partial run does not go quiet
    make_repo(tmp_path, {"SECURITY.md": "# S\n", "threat-model.yaml": "threats: []\n"})
    _result, doc = check_json(tmp_path, "--files", tmp_path / "threat-model.yaml")
    missing = [r for r in doc["results"] if r["message"].startswith("no threat model found")]
    assert missing and doc["skipped"][0]["path"] == "threat-model.yaml"
