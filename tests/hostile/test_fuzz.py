"""Issue 8, item 5: fuzzing.  Every loader, ``load_artifact`` and whole runs on
generated repositories: nothing but LoadError escapes a loader, no run crashes
(exit 3) or raises, every run ends.  Example counts and timings: docs/testing.md.

The example budget is the ``hostile`` profile below (fixed seed, so CI is repeatable);
``SAFESEC_FUZZ=long`` selects ``hostile-long`` (random seed, 2,000 examples) for a deeper run.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import string
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.errors import LoadError
from checker.loaders import LOADERS
from checker.loaders.artifact import load_artifact
from checker.model import Artifact, LoadFailure
from checker.run.options import RunOptions
from checker.reporters import render
from checker.run import check

from hostile_helpers import CONTROL, PACK

settings.register_profile("hostile", max_examples=300, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("hostile-long", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
PROFILE = settings.get_profile("hostile-long" if os.environ.get("SAFESEC_FUZZ") == "long"
                               else "hostile")
RUN_EXAMPLES = max(10, PROFILE.max_examples // 3)  # whole runs cost more per example

# Pieces of YAML, JSON, TOML and Markdown syntax, so generated text gets past the
# first character and into the parsers' deeper paths.
TOKENS = ["{", "}", "[", "]", ":", ": ", ",", "-", "- ", "\n", "  ", "\t", '"', "'", "#",
          "---", "...", "&a ", "*a", "!!int ", "!!binary ", "!!set ", "<<: ", "? ", "|", ">",
          "key", "id", "schema", "threat-model/v1", "system", "name", "1", "-0", "1e999",
          "NaN", ".nan", "-.inf", "Infinity", "0x" + "f" * 40, "9" * 120, "2026-02-30",
          "2026-01-01", "true", "null", "~", "=", "[[t]]", "[t]", '"""', "\\u0000",
          "\\ud800", "\x1b[31m", "\x07", "\x00", "\ufeff", "\r\n", "\r", "# Heading\n",
          "Title\n===\n", "```\n", "{{ x }}", "{% y %}", "<b>", "[l](u)", "* @owner"]
structured = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)
any_text = st.one_of(st.text(max_size=300), structured)
EXTENSIONS = {"markdown": "x.md", "yaml": "x.yaml", "json": "x.json", "jsonl": "x.jsonl",
              "toml": "x.toml", "codeowners": "CODEOWNERS"}
KIND_PATHS = [("model_card", "MODEL_CARD.md"), ("threat_model", "threat-model.yaml"),
              ("threat_model", "tm/threat-model.json"), ("eval_report", "evals/run.yaml"),
              ("eval_report", "evals/run.jsonl"), ("config", "serving/config/app.toml"),
              ("security_policy", "SECURITY.md"), ("codeowners", "CODEOWNERS"),
              ("ai_bom", "bom.json"), ("model_card", "README.md")]


def _json_values() -> st.SearchStrategy:
    scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30),
                        st.floats(allow_nan=False, allow_infinity=False),
                        st.text(alphabet=string.printable, max_size=20))
    return st.recursive(scalars, lambda kids: st.one_of(
        st.lists(kids, max_size=4),
        st.dictionaries(st.text(alphabet=string.ascii_letters, min_size=1, max_size=8), kids,
                        max_size=4)), max_leaves=20)


@PROFILE
@given(name=st.sampled_from(sorted(LOADERS)), text=any_text)
def test_every_loader_returns_data_or_a_load_error(name: str, text: str) -> None:
    try:
        data, locate = LOADERS[name](text)
    except LoadError as exc:
        assert exc.line is None or exc.line >= 1
        return
    for path in [(), ("front_matter", "a"), ("sections", 0), (0,), ("a", 0, "b"), ("x",) * 5]:
        assert isinstance(locate(path), int)
    json.dumps(data, default=str)  # whatever loads can be reported


@PROFILE
@given(data=_json_values())
def test_valid_json_and_yaml_round_trip(data: object) -> None:
    """Well-formed documents are read back exactly (the refusals never misfire)."""
    import yaml

    assert LOADERS["json"](json.dumps(data))[0] == data
    # Through PyYAML's own writer: YAML 1.1 reads JSON's "1e-05" as a string.
    assert LOADERS["yaml"](yaml.safe_dump(data))[0] == data


@PROFILE
@given(kind_path=st.sampled_from(KIND_PATHS), raw=st.one_of(
    st.binary(max_size=300), structured.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_load_artifact_on_arbitrary_bytes(kind_path: tuple[str, str], raw: bytes) -> None:
    kind, path = kind_path
    for item in load_artifact(path, kind, raw, max_bytes=200):
        assert isinstance(item, (Artifact, LoadFailure))
        if isinstance(item, LoadFailure):
            assert item.line >= 1 and item.message
        else:
            assert item.line(("a", 0)) >= 1


files_strategy = st.dictionaries(
    st.sampled_from([p for _k, p in KIND_PATHS] + ["sub/MODEL_CARD.md", "sub/evals/e.json",
                                                   ".safesec.yaml"]),
    st.one_of(structured.map(lambda t: t.encode("utf-8", "surrogatepass")),
              st.binary(max_size=80),
              st.just(b"schema: threat-model/v1\nsystem: {name: s}\n"),
              st.just(b"---\nlicense: mit\n---\n# Card\nevil here\n")),
    max_size=6)


@settings(parent=PROFILE, max_examples=RUN_EXAMPLES)
@given(files=files_strategy)
def test_whole_runs_on_generated_repositories(files: dict[str, bytes]) -> None:
    from checker.errors import CheckerError

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        for rel, content in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(content)
        root.mkdir(exist_ok=True)
        pack = Path(tmp) / "pack.yaml"
        pack.write_text(PACK, encoding="utf-8")
        opts = RunOptions(root=str(root), policies=(str(pack),), as_of=dt.date(2026, 11, 1))
        try:
            result = check(opts)
        except CheckerError as exc:  # only a bad .safesec.yaml may stop the run
            assert ".safesec.yaml" in str(exc), exc
            return
        assert result.exit_code() in (0, 1, 2), [r.message for r in result.results]
        failures = [a for a in result.artifacts if isinstance(a, LoadFailure)]
        assert len(result.errors) == len(failures)
        for name in ("json", "junit", "sarif", "console"):
            text = render(name, result)
            if name in ("junit", "sarif"):
                assert not CONTROL.search(text)
