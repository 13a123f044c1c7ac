"""``ET.indent(root)`` then ``ET.tostring(root, encoding="unicode")`` in one pass.

ElementTree serialises in pure Python and first walks the whole tree for
namespaces; ``ET.indent`` is another full walk that rewrites every text and
tail.  For the plain trees reporters build (no namespaces, comments or
processing instructions; every attribute value a string) this writes the same
text while walking once, leaving the tree untouched, with ElementTree's own
escaping functions.  tests/reporters/test_report_writers.py holds it to ElementTree.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any, Callable

# ElementTree's own escaping, so quoting follows whatever this Python's ET does.
_escape_attrib = ET._escape_attrib  # type: ignore[attr-defined]
_escape_cdata = ET._escape_cdata  # type: ignore[attr-defined]


def tostring(root: ET.Element, space: str = "  ") -> str:
    """The text of ``ET.indent(root, space)`` + ``ET.tostring(root, encoding="unicode")``."""
    out: list[str] = []
    _element(root, out.append, 0, ["\n"], space, {})
    if root.tail:
        out.append(_escape_cdata(root.tail))
    return "".join(out)


def _start(element: ET.Element, templates: dict) -> str:
    """``<tag a="1" b="2"``: one template per tag and attribute names, filled in one go."""
    attrib = element.attrib
    shape = (element.tag, *attrib)
    template = templates.get(shape)
    if template is None:
        template = templates[shape] = _template(shape)
    values = tuple(attrib.values())
    try:
        joined = "".join(values)
    except TypeError:  # not all strings: let ElementTree's escaping raise its error
        joined = None
    if joined is not None and len(_escape_attrib(joined)) == len(joined):
        return template % values  # nothing to escape (every escape makes the text longer)
    return template % tuple(map(_escape_attrib, values))


def _template(shape: tuple) -> str:
    tag, *keys = shape
    for name in shape:
        if not isinstance(name, str) or name[:1] == "{":
            raise ValueError(f"xmltext writes plain names only, not {name!r}")
    return "<" + tag.replace("%", "%%") + "".join(f' {key.replace("%", "%%")}="%s"' for key in keys)


def _element(element: ET.Element, write: Callable[[str], Any], level: int, pads: list[str],
             space: str, templates: dict) -> None:
    """Write ``element`` (its tail is the caller's) as if indented at ``level``."""
    start = _start(element, templates)
    text = element.text
    if not len(element):
        if text:
            write(f"{start}>{_escape_cdata(text)}</{element.tag}>")
        else:
            write(start + " />")
        return
    if len(pads) < level + 2:
        pads.append(pads[-1] + space)
    inner = pads[level + 1]
    write(start + ">" + (inner if not text or not text.strip() else _escape_cdata(text)))
    last = len(element) - 1
    for index, child in enumerate(element):
        _element(child, write, level + 1, pads, space, templates)
        tail = child.tail
        if tail and tail.strip():
            write(_escape_cdata(tail))
        else:
            write(inner if index < last else pads[level])
    write(f"</{element.tag}>")
