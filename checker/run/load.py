"""Loading only some systems: for ``--files`` and for each share of ``check --jobs N``.

The model cards define the systems and which file belongs to which
(discover.assign_systems), so they are read before anything else.  What the
assignment needs of a card is small and plain: its folder and the paths it links
(discover.card_summary).  With the summaries of every card, the system of every
file is known from its path alone, and only the files of the chosen systems and the
repository-wide ones are read.  Evaluation is per system (a rule sees its system's
artifacts and the shared ones, never another system's), so the results for the
chosen systems are exactly those of a whole-tree run.

A ``--jobs`` share reads only the cards of its own systems and gets the other
cards' summaries from the other processes (checker.run.parallel); ``--files`` reads
every card's front matter itself and only the chosen systems' cards whole (``scan``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from checker.loaders.artifact import load_artifact
from checker.memory import gc_paused
from checker.model import REPO_WIDE_KINDS, LoadFailure, Skipped
from checker.run.config import ProjectConfig
from checker.run import evidence
from checker.run.discover import (CANDIDATE, SKIPPED, Item, Summary, assign_systems, card_folder,
                                  card_summary, classify, discover, docs_copies)
from checker.run.sources import Source

Systems = tuple[str, ...]
Pick = Callable[[Systems, dict[str, str]], Systems]  # (all, path -> system) -> those to load
Pairs = list[tuple[str, str]]  # (path, kind) of every artifact file, in discovery order
Cards = dict[str, list[Item]]  # path -> the loaded items of a model card file
UNLISTED = "unlisted"  # the kind of a folder that cannot be listed or a name that cannot be read


@dataclass(frozen=True)
class Tree:
    """What every share needs and none changes: the files, their kinds, the model
    cards read so far, what assigning systems needs of every card, and the system
    each file belongs to."""

    files: tuple[str, ...]
    pairs: Pairs
    cards: Cards  # the model cards read (all, or one share's)
    summary: Summary  # discover.card_summary of every card, in discovery order
    where: dict[str, str]  # path -> system of every artifact file (not of READMEs that are no card)
    systems: Systems


def load_items(source: Source, config: ProjectConfig
               ) -> tuple[list[Item], Systems, tuple[str, ...]]:
    """(every artifact of the tree, every system, every file)."""
    files, pairs = listing(source, config)
    items: list[Item] = []
    with gc_paused(freeze=True):
        for path, kind in pairs:
            items.extend(load_one(source, config, path, kind))
    items, systems = assign_systems(items)
    return items, systems, files


def load_one(source: Source, config: ProjectConfig, path: str, kind: str,
             sections: bool = True) -> list[Item]:
    """The artifacts of one file (or the LoadFailure saying why it cannot be read);
    ``sections=False``: see loaders.artifact.load_artifact."""
    if kind == UNLISTED:
        return [LoadFailure(path=path, kind=kind, line=1, message=source.problem(path))]
    if kind.startswith(SKIPPED):
        return [Skipped(path, kind[len(SKIPPED):])]
    candidate = kind.startswith(CANDIDATE)
    try:
        raw = source.read(path, config.max_file_bytes)
    except OSError as exc:
        if candidate:
            return [Skipped(path, f"not readable: {exc.strerror or exc}")]
        return [LoadFailure(path=path, kind=kind, line=1,
                            message=f"cannot read: {exc.strerror or exc}")]
    items = load_artifact(path, kind[len(CANDIDATE):] if candidate else kind, raw,
                          max_bytes=config.max_file_bytes, sections=sections,
                          claimed=not candidate)
    if any(evidence.cites_source(item) for item in items):
        items = evidence.verify(items, lambda cited: source.read(cited, config.max_file_bytes),
                                config.max_file_bytes)
    return items


def listing(source: Source, config: ProjectConfig) -> tuple[tuple[str, ...], Pairs]:
    """(every file, the (path, kind) pairs of the files to read (see discover.discover:
    a kind, a candidate to recognise by content, or a skipped file), and of the folders
    and names that could not be listed: their kind is UNLISTED, read as an error)."""
    files = tuple(source.list_files())
    pairs = discover(files, config.artifacts, config.exclude, config.include_tests_and_examples)
    if not config.include_tests_and_examples:
        pairs = docs_copies(pairs, lambda path: source.read(path, config.max_file_bytes))
    if source.problems:
        pairs = sorted(pairs + [(path, UNLISTED) for path in source.problems])
    return files, pairs


def card_paths(pairs: Pairs) -> list[str]:
    return [path for path, kind in pairs if kind == "model_card"]


def read(source: Source, config: ProjectConfig, pairs: Pairs, paths: list[str],
         sections: bool = True) -> Cards:
    """path -> loaded items, for these paths of ``pairs`` (``sections=False``: for their
    summaries only, see loaders.artifact.load_artifact)."""
    kinds = dict(pairs)
    return {path: load_one(source, config, path, kinds[path], sections) for path in paths}


def summaries(cards: Cards) -> dict[str, Summary]:
    """path -> card summary of each loaded card file (what other processes need of it)."""
    return {path: card_summary(items) for path, items in cards.items()}


def plan(files: tuple[str, ...], pairs: Pairs, cards: Cards, table: dict[str, Summary]) -> Tree:
    """The Tree, given the summary of every card file (``table``, path -> summary)."""
    summary = tuple(entry for path in card_paths(pairs) for entry in table[path])
    # a README.md that is no model card (an empty summary) is no artifact: it has no system
    marks = [LoadFailure(path=path, kind=kind, line=1, message="") for path, kind in pairs
             if kind != "model_card" or table[path]]
    placed, systems = assign_systems(marks, summary)
    # a SECURITY.md may be copied to several systems (the nearest policy above each)
    where = {m.path: "*" if m.kind in REPO_WIDE_KINDS else m.system for m in placed}
    return Tree(files, pairs, cards, summary, where, systems)


def scan(source: Source, config: ProjectConfig) -> Tree:
    """Plan from every model card's summary.  The cards are read without their section
    trees (most of a card's cost) and not kept: load_systems reads the chosen ones whole."""
    files, pairs = listing(source, config)
    outlines = read(source, config, pairs, card_paths(pairs), sections=False)
    return plan(files, pairs, {}, summaries(outlines))


def load_systems(source: Source, config: ProjectConfig, pick: Pick, tree: Tree | None = None
                 ) -> tuple[list[Item], Systems, Systems, tuple[str, ...]]:
    """(items, every system, the picked systems, every file), reading only the model
    cards' summaries (unless ``tree`` has them), the picked systems' files and the
    repository-wide ones.  The items are those files plus any card ``tree`` holds."""
    with gc_paused(freeze=True):
        tree = tree or scan(source, config)
        picked = tuple(pick(tree.systems, tree.where))
        wanted = set(picked) | {"*"}
        loaded = dict(tree.cards)
        for path, kind in tree.pairs:
            if path not in loaded and tree.where.get(path) in wanted:
                loaded[path] = load_one(source, config, path, kind)
        items = [item for path, _kind in tree.pairs for item in loaded.get(path, ())]
        items, _systems = assign_systems(items, tree.summary)  # as a whole-tree load
    return items, tree.systems, picked, tree.files


def systems_of(paths: set[str]) -> Pick:
    """Pick the systems these paths belong to (all of them when one is repository-wide)."""
    def pick(systems: Systems, where: dict[str, str]) -> Systems:
        mine = {where[p] for p in paths if p in where}
        return systems if "*" in mine else tuple(s for s in systems if s in mine)
    return pick


def lost(files: tuple[str, ...], config: ProjectConfig, paths: set[str]
         ) -> list[tuple[str, str]]:
    """(path, kind) of the changed paths that are no longer in the tree but were artifacts
    by their names: deleted, or renamed away."""
    present = set(files)
    return classify((p for p in paths if p not in present), config.artifacts, config.exclude)


def lost_inputs(pairs: list[tuple[str, str]], items: list[Item]) -> frozenset[tuple[str, str]]:
    """(system, kind) of each lost artifact: the system it belonged to, found from the
    remaining cards as for a present file (``"*"`` for repository-wide kinds)."""
    marks = [LoadFailure(path=path, kind=kind, line=1, message="") for path, kind in pairs]
    placed, _systems = assign_systems(marks, card_summary(items))
    return frozenset((m.system, m.kind) for m in placed)


def share(index: int, jobs: int) -> Pick:
    """Pick the ``index``-th of ``jobs`` contiguous shares of the sorted systems."""
    def pick(systems: Systems, _where: dict[str, str]) -> Systems:
        return _slice(systems, index, jobs)
    return pick


def _slice(ordered: Systems, index: int, jobs: int) -> Systems:
    size, extra = divmod(len(ordered), jobs)
    start = index * size + min(index, extra)
    return ordered[start:start + size + (1 if index < extra else 0)]


def likely_cards(pairs: Pairs, index: int, jobs: int) -> list[str]:
    """The card files of the ``index``-th share, judged by their folders before any is
    read: every card's folder is a system unless the card turns out not to be one (a
    README.md without model front matter), which may move a share's boundary by a few
    systems.  A share reads any card it is then missing (load_systems)."""
    paths = card_paths(pairs)
    folders = tuple(sorted({card_folder(p) for p in paths}))
    mine = set(_slice(folders, index, jobs))
    return [p for p in paths if card_folder(p) in mine]
