"""promptfoo ``output.json`` of every results version -> eval-report/v1.

Shapes promptfoo has written: version 3 (``{"evalId", "results": {"version": 3,
"results": [...], "stats"}}``), version 2 wrapped (the same without ``evalId``) and
versions 0 to 2 at the top level (``{"version"?, "results": [...], "stats", "table"}``).

Polarity: a promptfoo result's ``success: true`` means its assertions passed;
for a red-team test that means the model *resisted*, so the attack failed.
Attack success rate = failed / (passed + failed) per plugin and strategy
(errored cases are counted apart, never as a pass). Each (plugin, strategy)
pair is one result; each plugin also gets a worst case over its strategies
(``aggregation: max``). Plain (non red-team) promptfoo runs become
non-adversarial pass-rate results per prompt/provider.
"""
from __future__ import annotations

from typing import Any

from checker.adapters.base import (Adapted, Origin, compact, iso_date, items, mapping,
                                   mapping_or_empty)

FORMAT = "promptfoo"
KIND = "eval_report"
UNSUPPORTED = ("model.revision", "assessor", "results[].attack.suite_version",
               "results[].attack.budget", "results[].interval", "results[].benign_cost",
               "results[].covers")
# Strategies that iterate against the live target with its feedback (attacks built
# against the deployed defences); single-shot transforms are not adaptive.
ADAPTIVE = ("jailbreak", "jailbreak:tree", "jailbreak:composite", "jailbreak:likert",
            "crescendo", "goat", "iterative", "mischievous-user", "jailbreak:meta", "hydra")

# (plugin or prompt, strategy or provider) -> (index, outcome, case) of each case
Groups = dict[tuple[str, str], list[tuple[int, str, dict[str, Any]]]]


SIGNATURE_DOC = ("a promptfoo output: results with evalId (v3), a results block with version "
                 "or stats (v2), or top-level results of cases with success, stats and table (v1)")
CASE_KEYS = ("prompt", "vars", "response", "testCase", "gradingResult")


def matches(kind: str, path: str, raw: Any) -> bool:
    if kind != KIND or not isinstance(raw, dict):
        return False
    results = raw.get("results")
    if isinstance(results, dict):
        return isinstance(results.get("results"), list) \
            and ("evalId" in raw or "version" in results or "stats" in results)
    return isinstance(results, list) and ("stats" in raw or "table" in raw) \
        and _cases_look_like_promptfoo(results)


def _cases_look_like_promptfoo(cases: list[Any]) -> bool:
    """A top-level (v1) results list: its first cases carry success and a prompt or vars."""
    sample = [c for c in cases[:5] if isinstance(c, dict)]
    return bool(sample) and all("success" in c and any(k in c for k in CASE_KEYS)
                                for c in sample)


def _block(raw: dict[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The mapping that holds the cases and stats, and its path (v2/v3 wrap it)."""
    if isinstance(raw.get("results"), list):
        return raw, ()
    return mapping(raw.get("results"), "results", ("results",)), ("results",)


def adapt(raw: Any) -> Adapted:
    block, at = _block(raw)
    cases = [c for c in items(block.get("results"), "results", at + ("results",))
             if isinstance(c, dict)]
    redteam = any(_plugin(c) for c in cases) or isinstance(
        mapping_or_empty(raw, "config").get("redteam"), dict)
    groups = _groups(cases, redteam)
    results, origin = _results(groups, redteam, at)
    data = compact({
        "model": compact({"name": _model(cases, raw)}),
        "date": iso_date(block.get("timestamp")),
        "run_id": raw.get("evalId"),
        "redteam": redteam,
        "summary": _summary(cases, block.get("stats")),
        "results": results,
    })
    origin.update({(): (), ("summary",): at + ("stats",), ("date",): at + ("timestamp",)})
    unsupported = UNSUPPORTED + (() if "date" in data else ("date",)) + (
        () if "model" in data else ("model.name",))
    return Adapted(kind=KIND, format=FORMAT, data=data, origin=origin, unsupported=unsupported)


def outcome(case: dict[str, Any]) -> str:
    """``pass`` / ``fail`` / ``error`` of one case (promptfoo's own polarity)."""
    if case.get("failureReason") == 2 or (case.get("error") and case.get("success") is None):
        return "error"
    return "pass" if case.get("success") is True else "fail"


def _plugin(case: dict[str, Any]) -> str | None:
    meta = mapping_or_empty(case, "metadata")
    test = (case.get("testCase") or {}).get("metadata") if isinstance(
        case.get("testCase"), dict) else None
    return meta.get("pluginId") or (test or {}).get("pluginId")


def _strategy(case: dict[str, Any]) -> str:
    meta = mapping_or_empty(case, "metadata")
    return str(meta.get("strategyId") or "basic")


def _groups(cases: list[dict[str, Any]], redteam: bool) -> Groups:
    groups: Groups = {}
    templates: dict[str, int] = {}  # prompt template -> its number, for cases without an id
    for index, case in enumerate(cases):
        if redteam:
            key = (_plugin(case) or "custom", _strategy(case))
        else:
            key = (_prompt(case, templates), _provider(case))
        groups.setdefault(key, []).append((index, outcome(case), case))
    return groups


def _prompt(case: dict[str, Any], templates: dict[str, int]) -> str:
    """The prompt a case ran: its id (v3), its index (v2), else its template's number (v1)."""
    if case.get("promptId") or case.get("promptIdx") is not None:
        return str(case.get("promptId") or case.get("promptIdx"))
    prompt = mapping_or_empty(case, "prompt")
    template = str(prompt.get("label") or prompt.get("display") or prompt.get("raw") or "")
    return f"prompt-{templates.setdefault(template, len(templates) + 1)}"


def _provider(case: dict[str, Any]) -> str:
    provider = case.get("provider")
    if isinstance(provider, str) and provider:
        return provider
    provider = provider if isinstance(provider, dict) else {}
    return str(provider.get("id") or provider.get("label") or "provider")


def _results(groups: Groups, redteam: bool, at: tuple[str, ...]
             ) -> tuple[list[dict[str, Any]], Origin]:
    results: list[dict[str, Any]] = []
    origin: Origin = {}
    worst: dict[str, Any] = {}
    for (first, second), members in sorted(groups.items()):
        outs = [out for _, out, _case in members]
        counts = {o: outs.count(o) for o in ("pass", "fail", "error")}
        graded = counts["pass"] + counts["fail"]
        origin[("results", len(results))] = at + ("results", members[0][0])
        results.append(_result(first, second, counts, graded, members[0][2], redteam))
        if redteam and graded:
            worst.setdefault(first, []).append(results[-1])
    for plugin, members in worst.items():
        top = max(members, key=lambda r: (r["value"], r["samples"]))
        origin[("results", len(results))] = origin[("results", results.index(top))]
        results.append({"id": f"{plugin}/worst-case", "threat_model": "adversarial",
                        "metric": "attack_success_rate", "value": top["value"],
                        "samples": top["samples"], "aggregation": "max",
                        "adaptive": any(r["adaptive"] for r in members),
                        "attack": {"name": f"worst of {len(members)} strategies"},
                        "breakdown": [{"attack": r["strategy"], "value": r["value"]}
                                      for r in members],
                        "plugin": plugin, "strategies": [r["strategy"] for r in members]})
    return results, origin


def _result(first: str, second: str, counts: dict[str, Any], graded: int, case: dict[str, Any],
            redteam: bool) -> dict[str, Any]:
    if not redteam:
        return compact({"id": f"{first}/{second}", "threat_model": "non-adversarial",
                        "metric": "pass_rate", "samples": graded, "passed": counts["pass"],
                        "failed": counts["fail"], "errors": counts["error"] or None,
                        "value": counts["pass"] / graded if graded else None})
    meta = mapping_or_empty(case, "metadata")
    value = counts["fail"] / graded if graded else None
    return compact({
        "id": f"{first}/{second}", "threat_model": "adversarial",
        "metric": "attack_success_rate",
        "value": value,
        # one strategy per result: its breakdown is itself (PF-2 reads the worst entry)
        "breakdown": [{"attack": second, "value": value}] if value is not None else None,
        "samples": graded, "attacks_succeeded": counts["fail"],
        "attacks_resisted": counts["pass"], "errors": counts["error"] or None,
        "aggregation": "max", "adaptive": second in ADAPTIVE,  # the worst of one strategy
        "attack": {"name": second}, "plugin": first, "strategy": second,
        "severity": meta.get("severity"), "harm_category": meta.get("harmCategory"),
        "covers": meta.get("covers") if isinstance(meta.get("covers"), list) else None,
    })


def _summary(cases: list[dict[str, Any]], stats: Any) -> dict[str, Any]:
    outs = [outcome(c) for c in cases]
    summary: dict[str, Any] = {"cases": len(cases), "passed": outs.count("pass"),
                               "failed": outs.count("fail"), "errors": outs.count("error")}
    if isinstance(stats, dict):
        summary["reported"] = compact({k: stats.get(k) for k in ("successes", "failures",
                                                                  "errors")})
    return summary


def _model(cases: list[dict[str, Any]], raw: dict[str, Any]) -> str | None:
    for case in cases:
        provider = case.get("provider")
        if isinstance(provider, dict) and provider.get("id"):
            return str(provider["id"])
        if isinstance(provider, str):
            return provider
    providers = mapping_or_empty(raw, "config").get("providers")
    first = providers[0] if isinstance(providers, list) and providers else None
    return str(first.get("id") if isinstance(first, dict) else first) if first else None
