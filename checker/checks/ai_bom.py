"""``ai_bom``: an AI-BOM pins what the system runs and agrees with the model card.

Reads the native ``ai_bom`` shape (``checker.adapters.cyclonedx``): ``components`` with
``type``, ``name``, ``group``, ``version``, ``hashes`` and, for models, ``datasets``.
Requires, against the model card of the same system (option ``kind``, the card's kind):
- the card's model (``risk_management.model_id``) is a ``machine-learning-model``
  component whose version equals the card's ``risk_management.revision`` when stated;
- that model and the card's ``base_model`` each carry a strong hash (not MD5 or SHA-1);
- every model component but the upstream base model names the datasets it was trained on,
  and each named dataset is a ``data`` component of the BOM (provenance, not a label).
"""
from __future__ import annotations

from typing import Any, Iterator

from checker.adapters.cyclonedx import strong_hashes
from checker.checks.base import SYSTEM, Context
from checker.model import Artifact, Finding

ID = "ai_bom"
DESCRIPTION = "an AI-BOM pins model, base model and datasets, and matches the model card"
DEPENDS_ON = frozenset({SYSTEM})
SCHEMA = {"kind": {"type": "string", "allowed": ["model_card"], "required": True}}


def compile(options: dict[str, Any]) -> str:
    return str(options["kind"])


def check(kind: str, artifact: Artifact, ctx: Context) -> Iterator[Finding]:
    data = artifact.data if isinstance(artifact.data, dict) else {}
    components = [c for c in data.get("components") or [] if isinstance(c, dict)]
    models = [(i, c) for i, c in enumerate(components) if c.get("type") == "machine-learning-model"]
    if not models:
        yield Finding("the AI-BOM lists no machine-learning-model component: add the model "
                      "(and its base model) with their hashes", ("components",))
        return
    cards = [a for a in ctx.system_artifacts(kind) if isinstance(a.data, dict)]
    front = cards[0].data.get("front_matter") if cards else None
    front = front if isinstance(front, dict) else {}
    yield from _card_agreement(front, models, cards[0].path if cards else "")
    yield from _hashes(models, front)
    yield from _datasets(models, components, front)


def _full_name(component: dict[str, Any]) -> str:
    name = str(component.get("name") or "")
    group = component.get("group")
    return f"{group}/{name}" if group and "/" not in name else name


def _find(models: list[tuple[int, dict[str, Any]]], wanted: str) -> tuple[int, dict[str, Any]] | None:
    wanted = wanted.strip().lower()
    for index, component in models:
        names = {_full_name(component).lower(), str(component.get("name") or "").lower(),
                 str(component.get("ref") or "").lower()}
        if wanted in names:
            return index, component
    return None


def _card_model(front: dict[str, Any]) -> tuple[str, str]:
    found = front.get("risk_management")
    block: dict[str, Any] = found if isinstance(found, dict) else {}
    name = str(block.get("model_id") or front.get("model_name") or "")
    revision = str(block.get("revision") or front.get("model_revision") or "")
    return name, revision


def _card_agreement(front: dict[str, Any], models: list[tuple[int, dict[str, Any]]],
                    card: str) -> Iterator[Finding]:
    name, revision = _card_model(front)
    if not card:
        yield Finding("no model card in this system to compare the AI-BOM with", ())
        return
    if not name:
        yield Finding(f"the model card {card} does not name its model "
                      "(risk_management.model_id), so the AI-BOM cannot be matched to it", ())
        return
    found = _find(models, name)
    if found is None:
        listed = ", ".join(sorted(_full_name(c) for _i, c in models))
        yield Finding(f"the model card's model {name!r} is not a model component of the AI-BOM "
                      f"(it lists {listed})", ("components",))
        return
    index, component = found
    if revision and str(component.get("version") or "") != revision:
        yield Finding(f"the AI-BOM pins {name} at version {component.get('version')!r} but the "
                      f"model card states revision {revision!r}", ("components", index, "version"))


def _hashes(models: list[tuple[int, dict[str, Any]]], front: dict[str, Any]) -> Iterator[Finding]:
    name, _revision = _card_model(front)
    base = front.get("base_model")
    bases = [str(b) for b in (base if isinstance(base, list) else [base]) if b]
    for wanted, role in [(name, "model")] * bool(name) + [(b, "base model") for b in bases]:
        found = _find(models, wanted)
        if found is None:
            if role == "base model":
                yield Finding(f"the base model {wanted} (model card base_model) is not a model "
                              "component of the AI-BOM, so its weights are not pinned",
                              ("components",))
            continue
        index, component = found
        if not strong_hashes(component):
            yield Finding(f"the {role} {wanted} has no SHA-256 (or stronger) hash in the AI-BOM; "
                          "MD5 and SHA-1 do not count", ("components", index))


def _datasets(models: list[tuple[int, dict[str, Any]]], components: list[dict[str, Any]],
              front: dict[str, Any]) -> Iterator[Finding]:
    """The system's own models (not the upstream base model) name their datasets."""
    data = {str(c.get("ref")) for c in components if c.get("type") == "data"} | \
        {str(c.get("name")) for c in components if c.get("type") == "data"}
    base = front.get("base_model")
    bases = {str(b).lower() for b in (base if isinstance(base, list) else [base]) if b}
    for index, component in models:
        if _full_name(component).lower() in bases or str(component.get("name")).lower() in bases:
            continue
        named = [str(d) for d in component.get("datasets") or [] if d]
        label = _full_name(component)
        if not named:
            yield Finding(f"model {label} names no training dataset "
                          "(modelCard.modelParameters.datasets)", ("components", index))
        for dataset in named:
            if dataset not in data:
                yield Finding(f"model {label} names dataset {dataset!r}, which is not a data "
                              "component of the AI-BOM", ("components", index, "datasets"))
