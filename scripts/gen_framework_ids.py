#!/usr/bin/env python3
"""Generate the crosswalk ID lists in checker/data/ for the frameworks the packs cite.

Usage: python scripts/gen_framework_ids.py [--source DIR] [-o checker/data]

Writes, each with its source and version recorded in the file:
- ``nist_ai_rmf.json``   NIST AI RMF 1.0 subcategories (``MEASURE 2.7``) with their statements;
- ``eu_ai_act.json``     EU AI Act articles with title, applicability scope and the numbered
                         paragraphs and points of the source (``Art. 15(5)``, ``Art. 55(1)(a)``);
- ``iso_42001.json``     ISO/IEC 42001:2023 clause and Annex A control numbers with titles;
- ``nist_ai_600_1.json`` NIST AI 600-1 suggested-action IDs (``MS-2.7-007``);
- ``eu_gpai_cop.json``   EU GPAI Code of Practice, Safety and Security chapter, measures (``6.1``).

The first three are read from the intuitem/ciso-assistant-community framework libraries
(``backend/library/libraries/{nist-ai-rmf-1.0,ai-act,iso42001-2023}.yaml`` at commit
f990d7b1b9a9f56e391acbc247c9076262a11412), copied to ../shared/corpus/frameworks/.
The last two are transcribed below (``AI_600_1``, ``COP_MEASURES``) from the copies named
there; the run needs no network.  Output is sorted and compact, so a re-run on the same
inputs is byte-identical; commit the result together with the change of a source.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "corpus" / "frameworks"
DEFAULT_OUT = ROOT / "checker" / "data"
CISO = ("intuitem/ciso-assistant-community backend/library/libraries/{name} "
        "(commit f990d7b1b9a9f56e391acbc247c9076262a11412)")

# NIST AI 600-1 (July 2024), section 3: suggested actions per AI RMF subcategory, as the
# number of actions (numbered 001..N) or the explicit numbers where the list has a gap.
# Transcribed from the per-function tables "GOVERN / MEASURE / MANAGE — Suggested Actions
# (GAI Profile)" (public Markdown copies of https://doi.org/10.6028/NIST.AI.600-1, July
# 2024 text), and checked against a second transcription (211 actions).  The MAP function
# is left out: it was not checked against two copies.
AI_600_1: dict[str, int | tuple[int, ...]] = {
    "GV-1.1": 1, "GV-1.2": 2, "GV-1.3": 7, "GV-1.4": 2, "GV-1.5": 3, "GV-1.6": 3, "GV-1.7": 2,
    "GV-2.1": 5, "GV-3.2": 5, "GV-4.1": 3, "GV-4.2": 3, "GV-4.3": (2, 3), "GV-5.1": 2,
    "GV-6.1": 10, "GV-6.2": 7,
    "MS-1.1": 9, "MS-1.3": 3, "MS-2.2": 4, "MS-2.3": 4, "MS-2.5": 6, "MS-2.6": 7, "MS-2.7": 9,
    "MS-2.8": 4, "MS-2.9": 2, "MS-2.10": 3, "MS-2.11": 5, "MS-2.12": 4, "MS-2.13": 1,
    "MS-3.2": 1, "MS-3.3": 5, "MS-4.2": 5,
    "MG-1.3": 2, "MG-2.2": 9, "MG-2.3": 1, "MG-2.4": 4, "MG-3.1": 5, "MG-3.2": 9, "MG-4.1": 7,
    "MG-4.2": 3, "MG-4.3": 3,
}
AI_600_1_SOURCE = ("NIST AI 600-1, Artificial Intelligence Risk Management Framework: Generative "
                   "Artificial Intelligence Profile, July 2024, section 3 "
                   "(https://doi.org/10.6028/NIST.AI.600-1)")

# EU General-Purpose AI Code of Practice, Safety and Security chapter (10 July 2025,
# https://ec.europa.eu/newsroom/dae/redirection/document/118119): measure -> title, read in
# a public copy of the chapter and in a public summary listing its ten commitments.
COP_MEASURES = {
    "1.1": "Creating the Framework", "1.2": "Implementing the Framework",
    "1.3": "Updating the Framework", "1.4": "Framework notifications",
    "2.1": "Systemic risk identification process", "2.2": "Systemic risk scenarios",
    "3.1": "Model-independent information", "3.2": "Model evaluations",
    "3.3": "Systemic risk modelling", "3.4": "Systemic risk estimation",
    "3.5": "Post-market monitoring",
    "4.1": "Systemic risk acceptance criteria and acceptance determination",
    "4.2": "Proceeding or not proceeding based on systemic risk acceptance determination",
    "5.1": "Appropriate safety mitigations",
    "6.1": "Security Goal", "6.2": "Appropriate security mitigations",
    "7.1": "Model description and behaviour", "7.2": "Reasons for proceeding",
    "7.3": "Documentation of systemic risk identification, analysis, and mitigation",
    "7.4": "External reports", "7.5": "Material changes to the systemic risk landscape",
    "7.6": "Model Report updates", "7.7": "Model Report notifications",
    "8.1": "Definition of clear responsibilities", "8.2": "Allocation of appropriate resources",
    "8.3": "Promotion of a healthy risk culture",
    "9.1": "Methods for serious incident identification",
    "9.2": "Relevant information for serious incident tracking, documentation, and reporting",
    "9.3": "Reporting timelines", "9.4": "Retention period",
    "10.1": "Additional documentation", "10.2": "Public transparency",
}

# EU AI Act: who an article binds, from the chapter and section it sits in.
_SCOPES = {("III", ""): "high-risk", ("V", "1"): "gpai-systemic", ("V", "2"): "gpai",
           ("V", "3"): "gpai-systemic", ("VIII", ""): "high-risk", ("IX", "1"): "high-risk",
           ("IX", "2"): "high-risk"}
# Art. 56 (codes of practice) is Section 4 of Chapter V, which the source does not head.
_SCOPE_OVERRIDES = {56: "gpai"}
# The source numbers Art. 73's paragraphs 1, 2, 3, 5, ..., 12 (its 73.5 is the death
# clause, Art. 73(4) in the Official Journal; its 73.8 and 73.9 repeat one paragraph).
# Art. 73 has paragraphs 1 to 11.
_PARAGRAPH_OVERRIDES = {73: [str(n) for n in range(1, 12)]}


def _nodes(data: dict[str, Any]) -> list[dict[str, Any]]:
    return list(data["objects"]["framework"]["requirement_nodes"])


def nist_ai_rmf(data: dict[str, Any]) -> dict[str, Any]:
    pattern = re.compile(r"^(GOVERN|MAP|MEASURE|MANAGE) \d+\.\d+$")
    found = {str(n["ref_id"]): " ".join(str(n.get("description", "")).split())
             for n in _nodes(data) if pattern.match(str(n.get("ref_id", "")))}
    return {"framework": "NIST AI RMF 1.0 (NIST AI 100-1, January 2023)",
            "source": CISO.format(name="nist-ai-rmf-1.0.yaml"),
            "ids": dict(sorted(found.items(), key=lambda kv: _rmf_order(kv[0])))}


def _rmf_order(ident: str) -> tuple[int, int, int]:
    function, number = ident.split(" ")
    major, minor = number.split(".")
    return (["GOVERN", "MAP", "MEASURE", "MANAGE"].index(function), int(major), int(minor))


def eu_ai_act(data: dict[str, Any]) -> dict[str, Any]:
    chapter = section = ""
    articles: dict[int, dict[str, Any]] = {}
    current: int | None = None
    for node in _nodes(data):
        name = " ".join(str(node.get("name") or "").split())
        ref = str(node.get("ref_id") or "")
        if name.upper().startswith("CHAPTER "):
            chapter, section, current = name.split()[1], "", None
        elif name.startswith("Section "):
            section = name.split()[1]
        elif re.fullmatch(r"Article \d+", name):
            current = int(name.split()[1])
            scope = _SCOPE_OVERRIDES.get(current) or _SCOPES.get((chapter, section)) \
                or _SCOPES.get((chapter, "")) or "any"
            articles[current] = {"title": " ".join(str(node.get("description", "")).split())
                                 .rstrip("` "), "scope": scope, "paragraphs": []}
        elif current is not None and re.fullmatch(rf"{current}\.\d+(\.[a-z]+(\.[ivx]+)?)?", ref):
            articles[current]["paragraphs"].append(ref.split(".", 1)[1])
    for number, paragraphs in _PARAGRAPH_OVERRIDES.items():
        articles[number]["paragraphs"] = [p for p in articles[number]["paragraphs"]
                                          if not p.split(".")[0].isdigit()] + paragraphs
    if sorted(articles) != list(range(1, 114)):
        raise SystemExit(f"expected Articles 1-113, found {len(articles)}")
    for entry in articles.values():
        entry["paragraphs"] = sorted(set(entry["paragraphs"]), key=_paragraph_order)
    return {"framework": "EU AI Act, Regulation (EU) 2024/1689 (OJ L, 12.7.2024)",
            "source": CISO.format(name="ai-act.yaml"),
            "scopes": {"high-risk": "high-risk AI systems (Chapter III, Arts. 71-73)",
                       "gpai": "providers of general-purpose AI models (Chapter V)",
                       "gpai-systemic": "general-purpose AI models with systemic risk (Arts. 51, "
                                        "52, 55)",
                       "any": "AI systems whatever their risk tier"},
            "articles": {str(k): articles[k] for k in sorted(articles)}}


def _paragraph_order(text: str) -> tuple[Any, ...]:
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in text.split("."))


def iso_42001(data: dict[str, Any]) -> dict[str, Any]:
    pattern = re.compile(r"^(\d+(\.\d+)*|A\.\d+(\.\d+)*)$")
    found = {str(n["ref_id"]): " ".join(str(n.get("name", "")).split())
             for n in _nodes(data) if pattern.match(str(n.get("ref_id", "")))}
    return {"framework": "ISO/IEC 42001:2023 (clause and Annex A control numbers and titles)",
            "source": CISO.format(name="iso42001-2023.yaml"),
            "ids": dict(sorted(found.items(), key=lambda kv: _iso_order(kv[0])))}


def _iso_order(ident: str) -> tuple[int, ...]:
    annex = ident.startswith("A.")
    return (int(annex),) + tuple(int(p) for p in ident.removeprefix("A.").split("."))


def nist_ai_600_1() -> dict[str, Any]:
    actions = []
    for sub, count in AI_600_1.items():
        numbers = count if isinstance(count, tuple) else tuple(range(1, count + 1))
        actions += [f"{sub}-{n:03d}" for n in numbers]
    return {"framework": "NIST AI 600-1 suggested actions (GOVERN, MEASURE and MANAGE; MAP "
                         "not shipped)", "source": AI_600_1_SOURCE, "ids": actions}


def eu_gpai_cop() -> dict[str, Any]:
    return {"framework": "EU General-Purpose AI Code of Practice, Safety and Security chapter "
                         "(10 July 2025)",
            "source": "https://ec.europa.eu/newsroom/dae/redirection/document/118119",
            "ids": {f"Measure {k}": v for k, v in COP_MEASURES.items()}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def read(name: str) -> dict[str, Any]:
        with (args.source / f"ciso-assistant-{name}.yaml").open(encoding="utf-8") as handle:
            return dict(yaml.load(handle, Loader=loader))  # noqa: S506 - safe loader

    outputs = {"nist_ai_rmf.json": nist_ai_rmf(read("nist-ai-rmf-1.0")),
               "eu_ai_act.json": eu_ai_act(read("ai-act")),
               "iso_42001.json": iso_42001(read("iso42001-2023")),
               "nist_ai_600_1.json": nist_ai_600_1(), "eu_gpai_cop.json": eu_gpai_cop()}
    for name, data in outputs.items():
        (args.output / name).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
        count = len(data.get("ids") or data.get("articles") or ())
        print(f"{name}: {count} ids", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
