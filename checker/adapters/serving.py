"""The effective serving config of a system: its real gateway configs, with the native
``kind: serving`` file as the fallback for what no gateway file states.

A team's deployment is configured where its server reads it: a LiteLLM proxy config or
a NeMo Guardrails config (the adapters map them onto ``kind: gateway``).  The native
serving file is a declaration no server reads, so it only fills the fields the gateway
file leaves out: those its format cannot express (LiteLLM has no model revision, NeMo
no rate limits) and those it could state but does not.  :func:`effective` is the one
place this is decided; the engine applies it to each system's artifacts before any
rule reads them, so every rule that judges a serving config (``applies_to: config``)
or reads one from another kind (``{kind: config, path: ...}``) sees the same facts.

- A system with gateway configs: each gateway file is one deployment, judged once,
  with the fallback filled in.  Two gateways that disagree are two deployments, each
  judged on its own values; neither borrows from the other.  The native serving files
  are not judged again as deployments of their own.
- A system without gateway configs: its native serving files are judged as they are.
- The merge is per field: a mapping (``rate_limits``, ``channels``, ``model``) takes
  the gateway's keys and the native file's other keys; any other value (a list such
  as ``safeguards``, a number, a flag) is the gateway's when the gateway states it.
  With several native serving files, a field comes from the first (by path) that
  states it.
- A finding points at the file that states the field: the gateway file, or the native
  file when the value came from there.  A field stated nowhere points at the file that
  should state it: the native file when the gateway's format cannot express it (and
  one exists), else the gateway file.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from checker.adapters.gaps import unexpressed
from checker.model import Artifact, Path

SERVING = "serving"  # the native serving file's ``kind``
GATEWAY = "gateway"  # the ``kind`` an adapter gives a deployment's gateway config
GATEWAY_FORMATS = ("litellm", "nemo-guardrails")  # the adapters that read gateway configs
KIND = "config"
_ABSENT = object()  # no value at a path (None counts as none)


@dataclass
class Served(Artifact):
    """A gateway config with the native fallback filled in: ``data`` is the merged
    document, ``path``/``file``/``format`` are the gateway file's; ``fallback`` are the
    native serving files it borrowed from and ``borrowed`` the paths taken from them
    (path -> the native artifact)."""

    gateway: Artifact | None = None
    fallback: tuple[Artifact, ...] = ()
    borrowed: dict[Path, Artifact] = field(default_factory=dict, repr=False)

    def where(self, path: Path = ()) -> tuple[str, int]:
        key = tuple(path)
        for size in range(len(key), 0, -1):
            source = self.borrowed.get(key[:size])
            if source is not None:
                return source.file, source.line(key)
        gateway = self.gateway or self
        if self.fallback and key and _stated(gateway.data, key) is _ABSENT \
                and unexpressed(gateway, key) is not None:
            return self.fallback[0].file, self.fallback[0].line(key)
        return gateway.file, gateway.line(key)

    def fallback_hint(self) -> str:
        """Where a field the gateway's format cannot express is stated instead."""
        if self.fallback:
            return f"state it in the native serving config {self.fallback[0].file}"
        return "state it in a native serving config (kind: serving) beside it"


def where(artifact: Artifact, path: Path = ()) -> tuple[str, int]:
    """The file and line that state the value at ``path`` of ``artifact``: its own file,
    or for an effective serving config the file the field came from."""
    if isinstance(artifact, Served):
        return artifact.where(path)
    return artifact.file, artifact.line(path)


def is_gateway(artifact: Artifact) -> bool:
    """A deployment's gateway config read by an adapter (not a native file, and not a
    part of a NeMo config folder such as a ``prompts.yml``)."""
    return artifact.kind == KIND and artifact.format in GATEWAY_FORMATS \
        and isinstance(artifact.data, dict) and artifact.data.get("kind") == GATEWAY


def is_native_serving(artifact: Artifact) -> bool:
    """A native ``kind: serving`` file (no adapter maps onto ``serving``)."""
    return artifact.kind == KIND and artifact.format not in GATEWAY_FORMATS \
        and isinstance(artifact.data, dict) and artifact.data.get("kind") == SERVING


def effective(artifacts: list[Artifact]) -> list[Artifact]:
    """One system's artifacts, each gateway config replaced by its effective serving
    config and the native serving files dropped when there is a gateway; unchanged
    (the very list) when the system has no gateway config."""
    if not any(is_gateway(a) for a in artifacts):
        return artifacts
    natives = tuple(sorted((a for a in artifacts if is_native_serving(a)),
                           key=lambda a: a.path))
    out: list[Artifact] = []
    for artifact in artifacts:
        if is_gateway(artifact):
            out.append(serve(artifact, natives))
        elif not is_native_serving(artifact):
            out.append(artifact)
    return out


def serve(gateway: Artifact, natives: Iterable[Artifact]) -> Artifact:
    """The gateway config with the fields only the native files state filled in."""
    natives = tuple(natives)
    data: Any = gateway.data
    borrowed: dict[Path, Artifact] = {}
    for native in natives:
        data = _merge(data, native.data, (), native, borrowed)
    still = tuple(entry for entry in gateway.unsupported
                  if _stated(data, tuple(entry.replace("[]", "").split("."))) is _ABSENT)
    blob = "+".join(a.blob for a in (gateway, *natives)) if gateway.blob else ""
    return Served(path=gateway.path, kind=gateway.kind, format=gateway.format, data=data,
                  text=gateway.text, locate=gateway.locate, system=gateway.system,
                  raw=gateway.raw, unsupported=still, blob=blob, gateway=gateway,
                  fallback=natives, borrowed=borrowed)


def _merge(mine: Any, theirs: Any, path: Path, native: Artifact,
           borrowed: dict[Path, Artifact]) -> Any:
    """``mine`` with the keys only ``theirs`` has (recursively in mappings)."""
    if not (isinstance(mine, dict) and isinstance(theirs, dict)):
        return mine
    out = dict(mine)
    for key, value in theirs.items():
        if key not in out or out[key] is None:
            out[key] = value
            borrowed[path + (key,)] = native
        elif isinstance(out[key], dict) and isinstance(value, dict):
            out[key] = _merge(out[key], value, path + (key,), native, borrowed)
    return out


def _stated(data: Any, path: Path) -> Any:
    """The value at ``path`` (keys and list indexes), or _ABSENT."""
    for step in path:
        if isinstance(data, dict) and not isinstance(step, int) and step in data:
            data = data[step]
        elif isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
            data = data[step]
        else:
            return _ABSENT
    return _ABSENT if data is None else data
