"""``evaluated_stack``: each result says which system it measured.

Every result of an eval report states ``evaluated.target``: ``model`` (the bare model)
or ``stack`` (the deployed system with its safeguards); a stack result names the
guardrail configuration it ran with (``evaluated.guardrails``: a version or a hash).
A result that covers a threat against safeguards (a threat whose ``targets`` name
assets of kind ``safeguard`` in the system's threat model) must list each of those
safeguards in ``evaluated.safeguards``, and those beyond the model itself (every
safeguard but the model's own alignment, which the bare weights carry) need a stack
result: a claim about a filter measured without the filter says nothing about it.
Option ``kind``: the threat model's kind; ``model_safeguards``: asset kinds or ids that
live in the weights (default ``["safety-alignment"]``).
"""
from __future__ import annotations

from typing import Any, Iterator

from checker.checks.base import SYSTEM, Context
from checker.model import Artifact, Finding

ID = "evaluated_stack"
DESCRIPTION = "each result says whether it measured the bare model or the deployed stack"
DEPENDS_ON = frozenset({SYSTEM})
SCHEMA = {"kind": {"type": "string", "allowed": ["threat_model"], "required": True},
          "model_safeguards": {"type": "list", "schema": {"type": "string"},
                               "default": ["safety-alignment"]}}
TARGETS = ("model", "stack")


def compile(options: dict[str, Any]) -> tuple[str, frozenset[str]]:
    return str(options["kind"]), frozenset(options.get("model_safeguards") or ())


def check(options: tuple[str, frozenset[str]], artifact: Artifact,
          ctx: Context) -> Iterator[Finding]:
    kind, in_weights = options
    data = artifact.data if isinstance(artifact.data, dict) else {}
    found = data.get("results")
    results: list[Any] = found if isinstance(found, list) else []
    guarded = _guarded_threats(ctx.system_artifacts(kind))
    for index, result in enumerate(results):
        if isinstance(result, dict):
            yield from _result(result, index, guarded, in_weights)


def _guarded_threats(models: list[Artifact]) -> dict[str, list[str]]:
    """threat id -> the safeguard assets it targets, over the system's threat models."""
    found: dict[str, list[str]] = {}
    for model in models:
        data = model.data if isinstance(model.data, dict) else {}
        safeguards = {str(a.get("id")) for a in data.get("assets") or []
                      if isinstance(a, dict) and a.get("kind") == "safeguard"}
        for threat in data.get("threats") or []:
            if isinstance(threat, dict) and isinstance(threat.get("targets"), list):
                hit = [str(t) for t in threat["targets"] if str(t) in safeguards]
                if hit:
                    found[str(threat.get("id"))] = hit
    return found


def _result(result: dict[str, Any], index: int, guarded: dict[str, list[str]],
            in_weights: frozenset[str]) -> Iterator[Finding]:
    name = str(result.get("id") or f"result {index + 1}")
    at: tuple[Any, ...] = ("results", index)
    evaluated = result.get("evaluated")
    if not isinstance(evaluated, dict) or evaluated.get("target") not in TARGETS:
        yield Finding(f"{name} does not say what it measured: add evaluated.target "
                      "(model for the bare model, stack for the deployed system)", at)
        return
    target = evaluated["target"]
    if target == "stack" and not str(evaluated.get("guardrails") or "").strip():
        yield Finding(f"{name} measured the deployed stack but names no guardrail configuration: "
                      "add evaluated.guardrails (its version or content hash)", at + ("evaluated",))
    listed = {str(s) for s in evaluated.get("safeguards") or []}
    claimed = result.get("covers")
    covers: list[Any] = claimed if isinstance(claimed, list) else []
    needed = sorted({s for threat in covers for s in guarded.get(str(threat), [])})
    missing = [s for s in needed if s not in listed]
    if missing:
        yield Finding(f"{name} covers a threat against {', '.join(missing)} but did not measure "
                      "a system with it: list it in evaluated.safeguards, or stop claiming the "
                      "coverage", at + ("evaluated",))
    external = [s for s in needed if s not in in_weights]
    if external and target != "stack":
        yield Finding(f"{name} claims to cover a threat against {', '.join(external)} but measured "
                      "the bare model: those safeguards run outside the weights, so measure the "
                      "deployed stack (evaluated.target: stack)", at + ("evaluated",))
