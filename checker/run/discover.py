"""Which files are artifacts of which kind, and which system each belongs to."""
from __future__ import annotations

import posixpath
from dataclasses import replace
from typing import Any, Callable, Iterable, Mapping, TypeVar, Union

from checker.globs import match_any
from checker.model import REPO_WIDE_KINDS, Artifact, LoadFailure, Skipped

Item = Union[Artifact, LoadFailure, Skipped]  # what loading a file yields
AnyItem = TypeVar("AnyItem", Artifact, LoadFailure, Skipped, Item)
# (folder, linked paths) of every model card: all that assigning systems needs of them
Summary = tuple[tuple[str, tuple[str, ...]], ...]

# DESIGN §2, plus the names external tools give their files.  For Markdown files and
# CODEOWNERS the name decides the kind; for structured files (YAML, JSON, JSON Lines,
# TOML, Inspect .eval) it is only a hint: their content decides (adapters.recognise).
# Order matters: the first kind whose globs match a path names it.
DEFAULT_GLOBS: dict[str, tuple[str, ...]] = {
    "model_card": ("MODEL_CARD*.md", "model_card*.md", "**/MODEL_CARD*.md", "**/model_card*.md",
                   "**/model-card*.md", "**/MODEL-CARD*.md", "**/README.md"),
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
               "**/litellm*config*.y*ml", "**/proxy*config*.y*ml", "**/config.y*ml"),
    "security_policy": ("SECURITY.md", ".github/SECURITY.md", "docs/SECURITY.md"),
    "incident_response": ("INCIDENT_RESPONSE.md", "docs/incident-response.md",
                          "**/incident*response*.md", "**/INCIDENT*RESPONSE*.md"),
    "codeowners": ("CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS"),
}
DEFAULT_EXCLUDE = ("**/.safesec-cache/**", "**/*.lock")
NAMED_KINDS = ("model_card", "security_policy", "incident_response", "codeowners")
_NAMED_GLOBS = {kind: DEFAULT_GLOBS[kind] for kind in NAMED_KINDS}
_HINT_GLOBS = {kind: g for kind, g in DEFAULT_GLOBS.items() if kind not in NAMED_KINDS}
# Files whose content is read to recognise them.
CANDIDATE_EXTENSIONS = (".json", ".jsonl", ".yaml", ".yml", ".toml", ".eval")
# Well-known files of other tools that are never evidence (manifests, lock files, the
# project config itself): not read at all.
NOT_CANDIDATES = frozenset({
    ".safesec.yaml", "package.json", "package-lock.json", "pnpm-lock.yaml", "tsconfig.json",
    "jsconfig.json", "composer.json", "pyproject.toml", "cargo.toml", "poetry.toml",
    "pipfile.lock", "environment.yml", "mkdocs.yml", "codecov.yml", ".pre-commit-config.yaml",
    ".readthedocs.yaml", "renovate.json", "lerna.json", "deno.json"})
# Folders whose files are another project's or a tool's examples and tests, not the
# team's evidence (issue 15): skipped, counted, and brought back by the config key
# ``include_tests_and_examples: true``.  ``docs/`` stays: teams keep threat models there.
NOT_EVIDENCE = frozenset({"tests", "test", "testdata", "fixtures", "__tests__", "examples",
                          "samples", "demo"})
# Folders of a documentation site: a file there identical to one elsewhere is a copy.
DOCS_SITES = frozenset({"docs", "doc", "website", "site", "docs-site", "_site"})
CANDIDATE = "?"  # kind prefix: recognised by content; the rest is the kind its name hints at
SKIPPED = "!"  # kind prefix: skipped without reading; the rest is the reason
_SECURITY_ROOTS = ("", ".github", "docs")  # where the repository-wide SECURITY.md lives


def classify(paths: Iterable[str], globs: Mapping[str, tuple[str, ...]] | None = None,
             exclude: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """Sorted (path, kind) pairs for every path some kind's globs claim, by name alone
    (for history and deleted files, whose content is not at hand)."""
    table = {**DEFAULT_GLOBS, **(globs or {})}
    excluded = DEFAULT_EXCLUDE + tuple(exclude)
    out = []
    for path in sorted(paths):
        if match_any(path, excluded):
            continue
        if _is_security_md(path):
            out.append((path, "security_policy"))
            continue
        for kind, patterns in table.items():
            if match_any(path, patterns):
                out.append((path, kind))
                break
    return out


def discover(paths: Iterable[str], globs: Mapping[str, tuple[str, ...]] | None = None,
             exclude: tuple[str, ...] = (), everywhere: bool = False) -> list[tuple[str, str]]:
    """Sorted (path, kind) pairs of the files to read: a kind the config's globs claim or
    a Markdown name decides; ``CANDIDATE + hint`` for a structured file to recognise by
    its content; ``SKIPPED + reason`` for a candidate in a folder of tests or examples
    (unless ``everywhere``).  Per file: a few string tests, then the globs only for the
    files with a candidate name."""
    configured = dict(globs or {})
    excluded = DEFAULT_EXCLUDE + tuple(exclude)
    out = []
    for path in sorted(paths):
        if match_any(path, excluded):
            continue
        kind = next((k for k, patterns in configured.items() if match_any(path, patterns)), None)
        if kind is None:
            kind = _by_name(path)
            if kind is None:
                continue
            folder = None if everywhere else _not_evidence(path)
            if folder is not None:
                if path.rsplit("/", 1)[-1].lower() == "readme.md":
                    continue  # a README in a folder of examples: no card worth counting
                kind = f"{SKIPPED}under {folder}/ (not the team's evidence)"
        out.append((path, kind))
    return out


def docs_copies(pairs: list[tuple[str, str]], read: Callable[[str], bytes]
                ) -> list[tuple[str, str]]:
    """``pairs`` with each file of a documentation site that is a byte-for-byte copy of a
    file of the same name elsewhere marked SKIPPED.  Only such same-named pairs are read."""
    outside: dict[str, list[str]] = {}
    for path, kind in pairs:
        if not kind.startswith(SKIPPED) and not _in_docs_site(path):
            outside.setdefault(posixpath.basename(path), []).append(path)
    out = []
    for path, kind in pairs:
        twins = outside.get(posixpath.basename(path), ()) if _in_docs_site(path) \
            and not kind.startswith(SKIPPED) else ()
        if twins:
            mine = _safe_read(read, path)
            original = next((t for t in twins if mine is not None
                             and _safe_read(read, t) == mine), None)
            if original is not None:
                kind = f"{SKIPPED}a documentation-site copy of {original}"
        out.append((path, kind))
    return out


def _safe_read(read: Callable[[str], bytes], path: str) -> bytes | None:
    try:
        return read(path)
    except OSError:
        return None


def _by_name(path: str) -> str | None:
    name = path.rsplit("/", 1)[-1]
    if _is_security_md(path):
        return "security_policy"
    if name.endswith(CANDIDATE_EXTENSIONS):
        if name.lower() in NOT_CANDIDATES or name.startswith(".") or "/." in path \
                or path.startswith("."):
            return None  # a hidden file or folder (CI, editors, tools), or a manifest
        hint = next((k for k, patterns in _HINT_GLOBS.items() if match_any(path, patterns)), "")
        return CANDIDATE + hint
    return next((k for k, patterns in _NAMED_GLOBS.items() if match_any(path, patterns)), None)


def _is_security_md(path: str) -> bool:
    """SECURITY.md in any case: at the root, in .github/ or docs/, or of a subproject."""
    return path.rsplit("/", 1)[-1].lower() == "security.md" and "/." not in path \
        and (not path.startswith(".") or path.lower() == ".github/security.md")


def _not_evidence(path: str) -> str | None:
    """The first folder of tests or examples on the path, or None."""
    return next((part for part in path.split("/")[:-1] if part.lower() in NOT_EVIDENCE), None)


def _in_docs_site(path: str) -> bool:
    return any(part.lower() in DOCS_SITES for part in path.split("/")[:-1])


def policy_scope(path: str) -> str:
    """The folder a SECURITY.md speaks for: its own, or the one above .github/ or docs/."""
    folder = posixpath.dirname(path)
    head, _sep, last = folder.rpartition("/")
    return head if last in _SECURITY_ROOTS[1:] else folder


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
    nearest = _nearest_policies(items, systems)
    out: list[AnyItem] = []
    for item in items:
        if nearest is not None and item.kind == "security_policy":
            scope = policy_scope(item.path)
            out += [replace(item, system=s) for s in systems if nearest[s] == scope]
        else:
            out.append(replace(item, system=_system_of(item, folders, linked)))
    return out, systems


def _nearest_policies(items: Iterable[Item], systems: tuple[str, ...]) -> dict[str, str] | None:
    """system -> the scope of the SECURITY.md nearest above it, when some subproject has
    its own (else None: the repository's policy is shared by every system, as "*")."""
    scopes = {policy_scope(i.path) for i in items if i.kind == "security_policy"}
    if scopes <= {""}:
        return None
    out = {}
    for system in systems:
        folder = "" if system == "." else system
        while folder not in scopes and folder:
            folder = posixpath.dirname(folder)
        out[system] = folder if folder in scopes else "-"  # "-": no policy above it
    return out


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
