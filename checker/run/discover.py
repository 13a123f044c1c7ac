"""Which files are artifacts of which kind, and which system each belongs to."""
from __future__ import annotations

import posixpath
from dataclasses import replace
from typing import Any, Iterable, Mapping, TypeVar, Union

from checker.globs import match_any
from checker.model import REPO_WIDE_KINDS, Artifact, LoadFailure

Item = Union[Artifact, LoadFailure]  # what loading a file yields
AnyItem = TypeVar("AnyItem", Artifact, LoadFailure, Item)
# (folder, linked paths) of every model card: all that assigning systems needs of them
Summary = tuple[tuple[str, tuple[str, ...]], ...]

# DESIGN §2, plus the names external tools give their files.  Order matters: the
# first kind whose globs match a path claims it.
DEFAULT_GLOBS: dict[str, tuple[str, ...]] = {
    "model_card": ("MODEL_CARD.md", "model_card.md", "**/MODEL_CARD.md", "**/model_card.md",
                   "**/model-card.md", "**/MODEL-CARD.md", "**/README.md"),
    "threat_model": ("threat-model.y*ml", "**/threat-model*.y*ml", "**/threat_model*.y*ml",
                     "**/*.threatmodel.json", "**/threat-model*.json", "**/threagile*.y*ml",
                     "**/threat-models/**/*.json", "**/threat_models/**/*.json",
                     "**/threatmodels/**/*.json"),
    "ai_bom": ("**/*.cdx.json", "**/bom.json", "**/ml-bom*.json", "**/*.bom.json",
               "**/aibom*.json"),
    "eval_report": ("**/evals/**/*.y*ml", "**/evals/**/*.json", "**/evals/**/*.jsonl",
                    "**/eval-report*.y*ml", "**/eval-report*.json", "**/*.report.jsonl",
                    "**/promptfoo*/**/output.json", "**/redteam/**/output.json",
                    "**/lm-eval*/**/results_*.json", "**/lm_eval*/**/results_*.json"),
    "config": ("**/deploy/**/*.y*ml", "**/deploy/**/*.json", "**/deploy/**/*.toml",
               "**/serving/**/*.y*ml", "**/serving/**/*.json", "**/serving/**/*.toml",
               "**/config/**/*.y*ml", "**/config/**/*.json", "**/config/**/*.toml",
               "**/guardrails/**/*.y*ml", "**/guardrails/**/*.json", "**/guardrails/**/*.toml",
               "**/litellm*config*.y*ml", "**/proxy*config*.y*ml"),
    "security_policy": ("SECURITY.md", ".github/SECURITY.md", "docs/SECURITY.md"),
    "incident_response": ("INCIDENT_RESPONSE.md", "docs/incident-response.md",
                          "**/incident*response*.md", "**/INCIDENT*RESPONSE*.md"),
    "codeowners": ("CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS"),
}
DEFAULT_EXCLUDE = ("**/.safesec-cache/**", "**/*.lock")


def classify(paths: Iterable[str], globs: Mapping[str, tuple[str, ...]] | None = None,
             exclude: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """Sorted (path, kind) pairs for every path some kind's globs claim."""
    table = {**DEFAULT_GLOBS, **(globs or {})}
    excluded = DEFAULT_EXCLUDE + tuple(exclude)
    out = []
    for path in sorted(paths):
        if match_any(path, excluded):
            continue
        for kind, patterns in table.items():
            if match_any(path, patterns):
                out.append((path, kind))
                break
    return out


def card_folder(path: str) -> str:
    """The folder a card names its system after (a derived ``#format`` path: its file's)."""
    return posixpath.dirname(path.split("#", 1)[0]) or "."


def assign_systems(items: list[AnyItem], summary: Summary | None = None
                   ) -> tuple[list[AnyItem], tuple[str, ...]]:
    """Give every artifact the name of its system (DESIGN "Systems").

    A system is named after its model card's folder.  Files a card links in
    ``risk_management`` belong to it; other files belong to the nearest card
    above them; repository-wide kinds, and files under no card, belong to all.
    Returns the items (artifacts copied with ``system`` set; shared ones get
    ``"*"``) and the sorted system names.  The cards are those among ``items``,
    or those ``summary`` describes (``card_summary`` of every card, in order).
    """
    if summary is None:
        summary = card_summary(items)
    folders = {folder for folder, _links in summary}
    linked: dict[str, str] = {}
    for folder, links in summary:
        for target in links:
            linked.setdefault(target, folder)
    systems = tuple(sorted(folders)) or (".",)
    out = []
    for item in items:
        out.append(replace(item, system=_system_of(item, folders, linked)))
    return out, systems


def card_summary(items: Iterable[Item]) -> Summary:
    """(folder, linked paths) of every model card among ``items``, in order: all that
    assigning systems needs of the cards, as plain data another process can take."""
    return tuple((card_folder(a.path), tuple(_linked_paths(a))) for a in items
                 if a.kind == "model_card" and "#" not in a.path)


def _system_of(item: Item, folders: set[str], linked: dict[str, str]) -> str:
    if item.kind in REPO_WIDE_KINDS:
        return "*"
    path = item.path.split("#", 1)[0]
    if path in linked:
        return linked[path]
    folder = posixpath.dirname(path)
    while folder:  # the nearest card above, however many systems there are
        if folder in folders:
            return folder
        folder = posixpath.dirname(folder)
    if "." in folders:  # a card at the root is above everything
        return "."
    return "*" if folders else "."


def _linked_paths(card: Item) -> list[str]:
    # A card that failed to load still names its system, but links nothing.
    data = getattr(card, "data", None)
    data = data if isinstance(data, dict) else {}
    front: dict[str, Any] = data["front_matter"] \
        if isinstance(data.get("front_matter"), dict) else {}
    block = front.get("risk_management")
    if not isinstance(block, dict):
        return []
    refs = [block.get("threat_model")]
    evals = block.get("evaluations")
    refs += evals if isinstance(evals, list) else [evals]
    base = card_folder(card.path)
    out = []
    for ref in refs:
        if isinstance(ref, str) and ref.strip():
            joined = posixpath.normpath(posixpath.join("" if base == "." else base,
                                                       ref.split("#", 1)[0]))
            if not joined.startswith(".."):
                out.append(joined)
    return out
