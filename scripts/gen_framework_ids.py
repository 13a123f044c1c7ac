#!/usr/bin/env python3
"""Generate the crosswalk ID lists in checker/data/ for the frameworks the packs cite.

Usage: python scripts/gen_framework_ids.py [--source DIR] [--copies DIR] [--only NAME] [-o DIR]

Writes, each with its source and version recorded in the file:
- ``nist_ai_rmf.json``   NIST AI RMF 1.0 subcategories (``MEASURE 2.7``) with their statements;
- ``eu_ai_act.json``     EU AI Act articles with title, applicability scope and the numbered
                         paragraphs and points of the source (``Art. 15(5)``, ``Art. 55(1)(a)``);
- ``iso_42001.json``     ISO/IEC 42001:2023 clause and Annex A control numbers with titles;
- ``nist_ai_600_1.json`` NIST AI 600-1 suggested actions (``MP-4.1-010``) with their texts;
- ``eu_gpai_cop.json``   EU GPAI Code of Practice measures of its three chapters, each named
                         by its chapter (``Transparency 1.1``, ``Copyright 1.3``,
                         ``Safety and Security 6.1``) with its heading.

The first three are read from the intuitem/ciso-assistant-community framework libraries
(``backend/library/libraries/{nist-ai-rmf-1.0,ai-act,iso42001-2023}.yaml`` at commit
f990d7b1b9a9f56e391acbc247c9076262a11412; pass their directory as ``--source``; the default
is ../shared/corpus/frameworks/).  That library has no NIST AI 600-1: the profile is read from
two public copies kept in tests/data/frameworks (``--copies``), which must agree.  The Code of
Practice headings are transcribed below (``COP_CHAPTERS``).  The run needs no network.  Output
is sorted and compact, so a re-run on the same inputs is byte-identical; commit the result
together with the change of a source.  ``--only nist_ai_600_1 --only eu_gpai_cop`` regenerates
the two lists whose sources ship with the repository.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "corpus" / "frameworks"
DEFAULT_OUT = ROOT / "checker" / "data"
DEFAULT_COPIES = ROOT / "tests" / "data" / "frameworks"
CISO = ("intuitem/ciso-assistant-community backend/library/libraries/{name} "
        "(commit f990d7b1b9a9f56e391acbc247c9076262a11412)")

# NIST AI 600-1 (July 2024), section 3: the suggested actions, read from two independent
# copies of the profile, both kept in tests/data/frameworks (see SOURCES.md there):
# - CSA: CloudSecurityAlliance-DataSets/dataset-public-laws-regulations-standards
#   control/nist.gov/ai-600-1/1.0/ai-600-1-1.0-actions.json (commit
#   7d418867b0650a0982683b90af1bd0a42357a227, CC0; extracted from the NIST PDF with marker);
# - lawve: lawve-ai/awesome-legal-skills skills/nist-ai-rmf-rafal-fryc/references/gai-profile/
#   actions-{govern,map,measure,manage}.md (commit 4b0a895640d44add67ab4db1a0250e5a48888ee1,
#   MIT; transcribed from NIST's HTML).
# The generator stops unless both copies list the same action IDs under the same subcategories,
# apart from the one difference below; the action texts are the CSA copy's.
AI_600_1_CSA = "csa-ai-600-1-1.0-actions.json"
AI_600_1_LAWVE = tuple(f"lawve-ai-600-1-actions-{f}.md" for f in ("govern", "map", "measure",
                                                                    "manage"))
AI_600_1_SOURCE = (
    "NIST AI 600-1, Artificial Intelligence Risk Management Framework: Generative Artificial "
    "Intelligence Profile, July 2024, section 3 (https://doi.org/10.6028/NIST.AI.600-1); action "
    "IDs checked against two copies: CloudSecurityAlliance-DataSets/dataset-public-laws-"
    "regulations-standards control/nist.gov/ai-600-1/1.0/ai-600-1-1.0-actions.json (commit "
    "7d418867b0650a0982683b90af1bd0a42357a227; action texts from here) and lawve-ai/awesome-"
    "legal-skills skills/nist-ai-rmf-rafal-fryc/references/gai-profile/actions-*.md (commit "
    "4b0a895640d44add67ab4db1a0250e5a48888ee1)")
# The PDF prints the first action of GOVERN 4.3 as "GV4.3--001"; CSA keeps the misprint and
# lawve leaves the row out.  Under the profile's own numbering it is GV-4.3-001.
AI_600_1_MISPRINTS = {"GV4.3--001": "GV-4.3-001"}
AI_600_1_ONLY_IN_CSA = {"GV-4.3-001"}
_ACTION_ID = re.compile(r"^(GV|MP|MS|MG)-(\d+)\.(\d+)-(\d{3})$")
_FUNCTIONS = {"GV": "GOVERN", "MP": "MAP", "MS": "MEASURE", "MG": "MANAGE"}

# EU General-Purpose AI Code of Practice (10 July 2025): chapter -> (official PDF, measures).
# Each chapter numbers its measures from 1.1, so an ID names its chapter: "Transparency 1.1",
# "Copyright 1.3", "Safety and Security 6.1".  Titles are the measure headings, read in
# eduardstan/reasonsmith docs/gpai-code-of-practice-appendix.md (commit
# 9262c3ddb5b94fc38e8359970e1d3641015d9bdc; headings of all three chapters, from the official
# PDFs whose SHA-256 it records) and checked against shigapov/safe_ai
# content/01_theory/014_3_ai_act.md (commit 51cd17253b1182d9d66cb86b8a392718678801bc; the
# Copyright and Safety and Security headings) and, for Transparency, against the third draft
# rendered by dbltnk/code-of-practice.ai index.html (commit
# 98495cb21717970bc458024f5e8ebc23522603c9; the same three headings, numbered I.1.1 to I.1.3).
COP_CHAPTERS: dict[str, tuple[str, dict[str, str]]] = {
    "Transparency": ("https://ec.europa.eu/newsroom/dae/redirection/document/118120", {
        "1.1": "Drawing up and keeping up-to-date model documentation",
        "1.2": "Providing relevant information",
        "1.3": "Ensuring quality, integrity, and security of information",
    }),
    "Copyright": ("https://ec.europa.eu/newsroom/dae/redirection/document/118115", {
        "1.1": "Draw up, keep up-to-date and implement a copyright policy",
        "1.2": "Reproduce and extract only lawfully accessible copyright-protected content when "
               "crawling the World Wide Web",
        "1.3": "Identify and comply with rights reservations when crawling the World Wide Web",
        "1.4": "Mitigate the risk of copyright-infringing outputs",
        "1.5": "Designate a point of contact and enable the lodging of complaints",
    }),
    "Safety and Security": ("https://ec.europa.eu/newsroom/dae/redirection/document/118119", {
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
    }),
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


def _text(value: object) -> str:
    """One line of plain text: ligatures unfolded (PDF "ﬁ" -> "fi"), a hyphen the PDF broke
    at a line end rejoined ("non- systematic" -> "non-systematic"), whitespace collapsed."""
    text = " ".join(unicodedata.normalize("NFKC", str(value or "")).split())
    return re.sub(r"(?<=\w)- (?=\w)", "-", text)


def _subcategory(ident: str) -> str:
    """``MS-2.7-007`` -> ``MEASURE 2.7``."""
    match = _ACTION_ID.match(ident)
    if not match:
        raise SystemExit(f"{ident!r} is not a NIST AI 600-1 action ID (like MS-2.7-007)")
    return f"{_FUNCTIONS[match.group(1)]} {match.group(2)}.{match.group(3)}"


def csa_actions(data: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    """Action ID -> (subcategory, action text) from the CSA JSON copy."""
    found: dict[str, tuple[str, str]] = {}
    for row in data:
        ident = AI_600_1_MISPRINTS.get(str(row["action_id"]), str(row["action_id"]))
        if ident in found:
            raise SystemExit(f"CSA copy: {ident} appears twice")
        found[ident] = (" ".join(str(row["subcategory_id"]).split()),
                        _text(row["suggested_action"]))
    return found


def lawve_actions(texts: list[str]) -> dict[str, str]:
    """Action ID -> subcategory from the lawve Markdown copy (a ``## MAP 1.1 — ...`` heading,
    then one table row per action)."""
    found: dict[str, str] = {}
    subcategory = ""
    for text in texts:
        for line in text.splitlines():
            heading = re.match(r"^## ((?:GOVERN|MAP|MEASURE|MANAGE) \d+\.\d+)\b", line)
            row = re.match(r"^\| `([^`]+)` \|", line)
            if heading:
                subcategory = heading.group(1)
            elif row:
                if row.group(1) in found:
                    raise SystemExit(f"lawve copy: {row.group(1)} appears twice")
                found[row.group(1)] = subcategory
    return found


def nist_ai_600_1(csa: dict[str, tuple[str, str]], lawve: dict[str, str]) -> dict[str, Any]:
    """The shipped list, once the two copies agree on every action ID and its subcategory."""
    problems = [f"{i}: only in the lawve copy" for i in sorted(set(lawve) - set(csa))]
    problems += [f"{i}: only in the CSA copy" for i in sorted(set(csa) - set(lawve))
                 if i not in AI_600_1_ONLY_IN_CSA]
    problems += [f"{i}: missing from the CSA copy" for i in sorted(AI_600_1_ONLY_IN_CSA - set(csa))]
    for ident, (subcategory, text) in sorted(csa.items()):
        expected = _subcategory(ident)
        if subcategory != expected or lawve.get(ident, expected) != expected:
            problems.append(f"{ident}: subcategory {subcategory} (CSA), "
                            f"{lawve.get(ident)} (lawve), expected {expected}")
        if not text:
            problems.append(f"{ident}: no action text in the CSA copy")
    if problems:
        raise SystemExit("the two NIST AI 600-1 copies disagree:\n  " + "\n  ".join(problems))
    ordered = sorted(csa, key=_action_order)
    functions = ", ".join(_FUNCTIONS[f] for f in _FUNCTIONS)
    return {"framework": f"NIST AI 600-1 (July 2024), section 3 suggested actions ({functions}; "
                         f"{len(ordered)} actions)",
            "source": AI_600_1_SOURCE, "ids": {i: csa[i][1] for i in ordered}}


def _action_order(ident: str) -> tuple[int, ...]:
    match = _ACTION_ID.match(ident)
    assert match is not None  # every ID was checked by _subcategory
    return (list(_FUNCTIONS).index(match.group(1)),) + tuple(int(g) for g in match.groups()[1:])


def eu_gpai_cop() -> dict[str, Any]:
    ids = {f"{chapter} {number}": title for chapter, (_, measures) in COP_CHAPTERS.items()
           for number, title in measures.items()}
    return {"framework": "EU General-Purpose AI Code of Practice (10 July 2025): Transparency, "
                         "Copyright, and Safety and Security chapters",
            "source": "; ".join(f"{chapter} chapter: {url}"
                                for chapter, (url, _) in COP_CHAPTERS.items()),
            "ids": ids}


LISTS = ("nist_ai_rmf", "eu_ai_act", "iso_42001", "nist_ai_600_1", "eu_gpai_cop")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE,
                        help="directory of the ciso-assistant libraries")
    parser.add_argument("--copies", type=Path, default=DEFAULT_COPIES,
                        help="directory of the NIST AI 600-1 copies")
    parser.add_argument("--only", action="append", choices=LISTS,
                        help="write only this list (repeatable); default every list")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def read(name: str) -> dict[str, Any]:
        with (args.source / f"ciso-assistant-{name}.yaml").open(encoding="utf-8") as handle:
            return dict(yaml.load(handle, Loader=loader))  # noqa: S506 - safe loader

    def copy(name: str) -> str:
        return Path(args.copies, name).read_text(encoding="utf-8")

    makers = {
        "nist_ai_rmf": lambda: nist_ai_rmf(read("nist-ai-rmf-1.0")),
        "eu_ai_act": lambda: eu_ai_act(read("ai-act")),
        "iso_42001": lambda: iso_42001(read("iso42001-2023")),
        "nist_ai_600_1": lambda: nist_ai_600_1(csa_actions(json.loads(copy(AI_600_1_CSA))),
                                               lawve_actions([copy(n) for n in AI_600_1_LAWVE])),
        "eu_gpai_cop": eu_gpai_cop,
    }
    for name in args.only or LISTS:
        data = makers[name]()
        (args.output / f"{name}.json").write_text(
            json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        count = len(data.get("ids") or data.get("articles") or ())
        print(f"{name}.json: {count} ids", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
