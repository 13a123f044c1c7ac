"""``channel_threats``: every enabled input channel has its own indirect-injection threat,
and the declarations of the channels agree with one another.

Options: ``channels`` (channel name -> the ``actor.access`` routes through which text
arrives on it: ``{retrieval: [retrieval-content], tools: [tool-output], ...}``),
``configs`` (``{kind, path}``: where the configs declare their channels as
``{name: true|false}``), ``card`` (``{kind, path}``: where the model card may declare
its channels, as such a mapping or ``none``: the model is not served), ``threats``
(JMESPath to this artifact's threats), ``threat`` (a condition on a threat: it is a
prompt injection threat), ``access`` (JMESPath to a threat's access route), ``hint``.

A channel is enabled when any config (or the card) sets it true.  Each enabled
channel needs a threat meeting ``threat`` whose access is one of the channel's
routes; a missing one is a finding naming the channel and where it is enabled.  A
card that declares ``none`` while a config enables a channel, and a config that
turns a channel off while another turns it on, are findings naming both places.
Undeclared channels are left to the rule's other checks.
"""
from __future__ import annotations

from typing import Any, Iterator

from checker.checks.common import KIND_PATH, simple_path
from checker.conditions import compile_condition
from checker.model import KINDS, Artifact, Finding
from checker.paths import compile_path, leading_keys, run

ID = "channel_threats"
DESCRIPTION = "each enabled input channel has an indirect prompt injection threat of its own"
DEPENDS_ON: frozenset[str] = frozenset()  # other artifacts: of the kinds its options name
SCHEMA = {
    "channels": {"type": "dict", "required": True, "empty": False,
                 "valuesrules": {"type": "list", "empty": False, "schema": {"type": "string"}}},
    "configs": KIND_PATH,
    "card": KIND_PATH,
    "threats": {"type": "string", "required": True},
    "threat": {"type": "dict", "required": True},
    "access": {"type": "string", "required": True},
    "hint": {"type": "string"},
}


def compile(options: dict[str, Any]) -> dict[str, Any]:
    for key in ("configs", "card"):
        if options[key]["kind"] not in KINDS:
            raise ValueError(f"{key}: unknown kind {options[key]['kind']!r}")
    return {**options, "_configs": compile_path(options["configs"]["path"]),
            "_config_keys": leading_keys(options["configs"]["path"]),
            "_card": compile_path(options["card"]["path"]),
            "_card_keys": leading_keys(options["card"]["path"]),
            "_threats": compile_path(options["threats"]),
            "_threats_keys": simple_path(options["threats"]) or (),
            "_threat": compile_condition(options["threat"]),
            "_access": compile_path(options["access"])}


def check(opts: dict[str, Any], artifact: Artifact, ctx: Any) -> Iterator[Finding]:
    hint = f" {opts['hint']}" if opts.get("hint") else ""
    on, off, none_at = _declared(opts, ctx)
    for channel in opts["channels"]:
        if channel in on and channel in off:
            yield Finding(f"{_at(off[channel])} turns the {_name(channel)} channel off, but "
                          f"{_at(on[channel])} turns it on; the system is as open as its most open "
                          f"config: make the two agree (and model the channel if it is on)"
                          f"{hint}", path=opts["_threats_keys"])
    if none_at and on:
        first = next((c for c in opts["channels"] if c in on), sorted(on)[0])
        yield Finding(f"{_at(none_at)} declares risk_management.channels: none (the model is "
                      f"not served), but {_at(on[first])} enables the {_name(first)} channel; "
                      f"declare the channels the deployment opens instead of none{hint}",
                      path=opts["_threats_keys"])
    routes = _routes(opts, artifact, ctx)
    for channel, allowed in opts["channels"].items():
        if channel in on and not routes & set(allowed):
            yield Finding(f"{_at(on[channel])} enables the {_name(channel)} channel, but no "
                          f"indirect prompt injection threat reaches the system through it: add a "
                          f"threat mapped to AML.T0051.001 whose actor.access is "
                          f"{' or '.join(allowed)}"
                          f"{hint}", path=opts["_threats_keys"])


def _name(channel: str) -> str:
    return channel.replace("_", " ")


Place = tuple[Artifact, tuple[Any, ...]]  # an artifact and a data path in it


def _at(place: Place) -> str:
    """file:line of a place (looked up only for a finding)."""
    return f"{place[0].file}:{place[0].line(place[1])}"


def _declared(opts: dict[str, Any],
              ctx: Any) -> tuple[dict[str, Place], dict[str, Place], Place | None]:
    """(channel -> where it is first turned on, channel -> where first turned off, where
    the card says none or None)."""
    on: dict[str, Place] = {}
    off: dict[str, Place] = {}
    none_at: Place | None = None
    configs = sorted(ctx.system_artifacts(opts["configs"]["kind"]), key=lambda a: a.path)
    sources = [(a, opts["_configs"], opts["_config_keys"], False) for a in configs] + \
        [(a, opts["_card"], opts["_card_keys"], True)
         for a in ctx.system_artifacts(opts["card"]["kind"])]
    for source, path, keys, is_card in sources:
        value = run(path, source.data)
        if is_card and isinstance(value, str) and value.strip().lower() == "none":
            none_at = none_at or (source, keys)
        if not isinstance(value, dict):
            continue
        for channel, flag in value.items():
            where = (source, keys + (channel,))
            if flag is True:
                on.setdefault(str(channel), where)
            elif flag is False:
                off.setdefault(str(channel), where)
    return on, off, none_at


def _routes(opts: dict[str, Any], artifact: Artifact, ctx: Any) -> set[str]:
    """The access routes of this artifact's prompt injection threats."""
    found: set[str] = set()
    threats = run(opts["_threats"], artifact.data)
    for threat in threats if isinstance(threats, list) else []:
        if isinstance(threat, dict) and opts["_threat"].holds(threat, ctx, artifact.data):
            access = run(opts["_access"], threat)
            found.update(str(a) for a in (access if isinstance(access, list) else [access])
                         if a is not None)
    return found
