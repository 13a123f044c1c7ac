"""Rule references as a crosswalk: NIST AI RMF, EU AI Act, OWASP LLM, MITRE ATLAS.

Shared by the SARIF, GitHub and HTML reporters.  A rule's ``references`` maps a
framework key to a list of IDs (strings) or ``{title, url}`` items; keys outside
the known four keep their own name and come after them.
"""
from __future__ import annotations

import re
from typing import Any

from checker.model import Rule

LABELS = (
    ("nist_ai_rmf", "NIST AI RMF"),
    ("eu_ai_act", "EU AI Act"),
    ("owasp_llm", "OWASP LLM Top 10"),
    ("atlas", "MITRE ATLAS"),
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean(text: object) -> str:
    """``text`` without control characters (tab and newline kept, CR folded)."""
    value = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", value)


def label(key: str) -> str:
    """Display name of a reference key (``owasp_llm_2025`` -> ``OWASP LLM Top 10 2025``)."""
    for prefix, name in LABELS:
        if key == prefix:
            return name
        if key.startswith(prefix + "_"):
            return f"{name} {key[len(prefix) + 1:]}".strip()
    return key.replace("_", " ")


def _order(key: str) -> tuple[int, str]:
    for index, (prefix, _name) in enumerate(LABELS):
        if key == prefix or key.startswith(prefix + "_"):
            return (index, key)
    return (len(LABELS), key)


def item_text(item: Any) -> tuple[str, str]:
    """``(text, url)`` of one reference item; url is "" when there is none."""
    if isinstance(item, dict):
        text = item.get("id") or item.get("title") or item.get("url") or ""
        return clean(text), clean(item.get("url") or "")
    return clean(item), ""


def crosswalk(rule: Rule | None) -> list[tuple[str, list[tuple[str, str]]]]:
    """``[(label, [(text, url), ...])]`` for each non-empty reference key, in framework order."""
    refs = getattr(rule, "references", None) or {}
    if not isinstance(refs, dict):
        refs = {"references": list(refs)} if isinstance(refs, (list, tuple)) else {}
    rows = []
    for key in sorted(refs, key=lambda k: _order(str(k))):
        value = refs[key]
        items = value if isinstance(value, (list, tuple)) else [value]
        texts = [item_text(i) for i in items if i not in (None, "")]
        if texts:
            rows.append((label(str(key)), texts))
    return rows


def tags(rule: Rule | None) -> list[str]:
    """``external/<key>/<id>`` tags (lower case, spaces to dashes) for SARIF rule tags."""
    refs = getattr(rule, "references", None) or {}
    out = []
    for key in sorted(refs) if isinstance(refs, dict) else []:
        value = refs[key]
        for item in value if isinstance(value, (list, tuple)) else [value]:
            text, _url = item_text(item)
            if text and not isinstance(item, dict):
                slug = re.sub(r"[^a-z0-9.:()-]+", "-", text.lower()).strip("-")
                out.append(f"external/{key}/{slug}")
    return out
