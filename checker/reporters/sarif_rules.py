"""SARIF ``reportingDescriptor`` objects: each rule of a run once, with its help.

Rules keep their policy ID; an ID defined by two packs becomes ``<pack>/<id>`` so
``ruleId`` stays unique.  A result whose rule is not in ``run.rules`` (an input
error, say) still gets a descriptor built from the result.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from checker.model import Result, Rule, RunResult, Severity
from checker.reporters.crosswalk import clean, crosswalk
from checker.reporters.crosswalk import tags as crosswalk_tags

LEVELS = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning",
          Severity.LOW: "note", Severity.INFO: "note"}
PROBLEM = {"error": "error", "warning": "warning", "note": "recommendation"}
# GitHub's bands: >= 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low.
SECURITY_SEVERITY = {Severity.CRITICAL: "9.5", Severity.HIGH: "8.0", Severity.MEDIUM: "5.5",
                     Severity.LOW: "3.0", Severity.INFO: "1.0"}
# Interplay rules protect safety mechanisms as security assets: security-relevant too.
SECURITY_DISCIPLINES = ("security", "interplay")
MAX_TAGS = 20


def descriptors(run: RunResult) -> tuple[list[dict[str, Any]], dict[tuple[str, str], tuple[str, int]]]:
    """``(rules, index)``; ``index[(pack, rule)]`` is ``(ruleId, ruleIndex)``."""
    known = {(rule.pack, rule.id): rule for rule in run.rules}
    for result in run.results:
        if (result.pack, result.rule) not in known:
            known[(result.pack, result.rule)] = _stand_in(result)
    clashes = Counter(rule_id for _pack, rule_id in known)
    rules, index = [], {}
    for position, key in enumerate(sorted(known)):
        pack, rule_id = key
        sarif_id = rule_id if clashes[rule_id] == 1 else f"{pack}/{rule_id}"
        index[key] = (sarif_id, position)
        rules.append(descriptor(known[key], sarif_id))
    return rules, index


def _stand_in(result: Result) -> Rule:
    return Rule(id=result.rule, name=result.rule.lower(), title=result.title or result.rule,
                dimension=result.dimension, discipline=result.discipline,
                severity=result.severity, applies_to=(), check={}, pack=result.pack)


def descriptor(rule: Rule, sarif_id: str) -> dict[str, Any]:
    """One ``reportingDescriptor``."""
    severity = Severity(rule.severity)
    level = LEVELS[severity]
    title = clean(rule.title or rule.id).strip()
    properties = {
        "tags": tags(rule),
        "precision": "high",
        "problem.severity": PROBLEM[level],
        "severity": str(severity),
        "dimension": rule.dimension,
        "discipline": rule.discipline,
        "pack": rule.pack,
    }
    if rule.discipline in SECURITY_DISCIPLINES:
        properties["security-severity"] = SECURITY_SEVERITY[severity]
    return {
        "id": sarif_id,
        "name": clean(rule.name or rule.id)[:255],
        "shortDescription": {"text": title[:1024]},
        "fullDescription": {"text": _one_line(rule.rationale) or title},
        "help": {"text": help_text(rule), "markdown": help_markdown(rule)},
        "defaultConfiguration": {"level": level},
        "properties": properties,
    }


def tags(rule: Rule) -> list[str]:
    """Dimension and discipline first, ``security`` for security-relevant rules,
    then crosswalk IDs; at most 20 (GitHub's limit)."""
    out = [rule.dimension, rule.discipline]
    if rule.discipline in SECURITY_DISCIPLINES:
        out.append("security")
    out += crosswalk_tags(rule)
    return list(dict.fromkeys(t for t in out if t))[:MAX_TAGS]


def help_text(rule: Rule) -> str:
    parts = [f"{rule.id}: {clean(rule.title or rule.name).strip()}",
             f"Dimension: {rule.dimension}; discipline: {rule.discipline}; "
             f"severity: {Severity(rule.severity)}; pack: {rule.pack}"]
    if rule.rationale:
        parts.append(f"Why: {clean(rule.rationale).strip()}")
    if rule.remediation:
        parts.append(f"Fix: {clean(rule.remediation).strip()}")
    refs = ["; ".join(f"{name}: {', '.join(_plain(i) for i in items)}"
                      for name, items in crosswalk(rule))]
    if refs[0]:
        parts.append(f"References: {refs[0]}")
    return "\n\n".join(parts)


def help_markdown(rule: Rule) -> str:
    parts = [f"**{rule.id}** {_md(rule.title or rule.name)}",
             f"*{rule.dimension}* · *{rule.discipline}* · severity **{Severity(rule.severity)}**"
             f" · pack `{rule.pack}`"]
    if rule.rationale:
        parts.append(f"#### Why it matters\n\n{_md(rule.rationale)}")
    if rule.remediation:
        parts.append(f"#### How to fix\n\n{_md(rule.remediation)}")
    rows = crosswalk(rule)
    if rows:
        lines = [f"- {name}: {', '.join(_md_link(i) for i in items)}" for name, items in rows]
        parts.append("#### References\n\n" + "\n".join(lines))
    return "\n\n".join(parts)


def _plain(item: tuple[str, str]) -> str:
    text, url = item
    return f"{text} <{url}>" if url and url != text else text


def _md_link(item: tuple[str, str]) -> str:
    text, url = item
    return f"[{_md(text)}]({url})" if url.startswith(("https://", "http://")) else _md(text)


def _md(text: str) -> str:
    """Text safe inside Markdown: no raw HTML."""
    value = clean(text).strip()
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _one_line(text: str) -> str:
    return " ".join(clean(text or "").split())[:1024]
