"""Markdown with optional YAML front matter; headings become a section tree with lines."""
from __future__ import annotations

import re
from typing import Any

from checker.errors import LoadError
from checker.loaders import yaml_doc
from checker.loaders.base import DataPath, Locate

# Every pattern here runs on untrusted text: no nested or adjacent unbounded
# quantifiers that could backtrack (the closing '#'s of a heading are cut by hand).
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_YAML_KEY = re.compile(r"^[A-Za-z_\"'][^:#]*:(\s|$)")
WORD = re.compile(r"[^\W_][\w'’-]*")


def split_front_matter(text: str) -> tuple[str | None, int, str]:
    """Return (front matter or None, line where the body starts, body).

    A leading ``---`` is front matter only when it is closed by ``---`` or
    ``...``; an unclosed one followed by Markdown is a horizontal rule (the
    Alpaca card), an unclosed one followed by ``key:`` lines is an error.
    """
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, 1, text
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), i + 2, "\n".join(lines[i + 1:])
    following = next((ln for ln in lines[1:] if ln.strip()), "")
    if _YAML_KEY.match(following):
        raise LoadError("front matter opened with '---' on line 1 is never closed "
                        "(expected a closing '---' line)", line=1)
    return None, 1, text


def parse(text: str, sections: bool = True) -> tuple[dict[str, Any], Locate]:
    """``{"front_matter", "sections", "text"}`` and its locate; ``sections=False`` skips
    the section tree (an empty list), which nothing else depends on."""
    front, body_line, body = split_front_matter(text)
    fm_data: Any = {}
    fm_locate: Locate = lambda _p: 1
    if front is not None:
        if _is_template(front):
            raise LoadError("front matter is an unrendered template ('{{ ... }}' or '{% ... %}'); "
                            "render the card before checking it", line=2)
        if front.strip():
            fm_data, fm_locate = yaml_doc.parse(front, line_offset=1)
        if fm_data is None:
            fm_data = {}
        if not isinstance(fm_data, dict):
            raise LoadError(f"front matter is a {type(fm_data).__name__}; expected a mapping "
                            "of keys to values", line=2)
    tree = parse_sections(body, body_line) if sections else []
    data = {"front_matter": fm_data, "sections": tree, "text": body}

    def locate(path: DataPath) -> int:
        if path[:1] == ("front_matter",):
            return fm_locate(path[1:])
        if path[:1] == ("sections",) and len(path) > 1 and isinstance(path[1], int) \
                and 0 <= path[1] < len(tree):
            line: int = tree[path[1]]["line"]
            return line
        return body_line if path[:1] == ("text",) else 1

    # the body is strictly decoded UTF-8 (no lone surrogates) and holds no numbers
    locate.clean = not fm_data or getattr(fm_locate, "clean", False)  # type: ignore[attr-defined]
    return data, locate


def parse_sections(body: str, first_line: int = 1) -> list[dict[str, Any]]:
    """Headings in order, each with its own text and the words of its subtree."""
    lines = body.split("\n")
    heads: list[tuple[int, int, str]] = []  # (index into lines, level, title)
    fence = None
    for i, line in enumerate(lines):
        match = _FENCE.match(line)
        if match:
            mark = match.group(1)[0] * 3
            fence = None if fence == mark else (fence or mark)
            continue
        if fence:
            continue
        atx = _ATX.match(line)
        if atx:
            heads.append((i, len(atx.group(1)), _atx_title(atx.group(2) or "")))
        elif i and _SETEXT.match(line) and lines[i - 1].strip() and \
                not (heads and heads[-1][0] == i - 1) and not _ATX.match(lines[i - 1]):
            heads.append((i - 1, 1 if line.strip()[0] == "=" else 2, lines[i - 1].strip()))
    return _sections(lines, heads, first_line)


def _atx_title(raw: str) -> str:
    """A heading's text without its optional closing run of '#'s."""
    title = raw.rstrip(" \t")
    bare = title.rstrip("#")
    if bare != title and (not bare or bare[-1] in " \t"):
        title = bare
    return title.strip()


def _is_template(front: str) -> bool:
    """'{{ ... }}' or '{% ... %}' anywhere (found in linear time)."""
    for opening, closing in (("{{", "}}"), ("{%", "%}")):
        start = front.find(opening)
        if start >= 0 and front.find(closing, start + 2) >= 0:
            return True
    return False


def _subtree_ends(heads: list[tuple[int, int, str]], total: int) -> list[int]:
    """For each heading, the line where its subtree ends (next heading at its level or above)."""
    ends = [total] * len(heads)
    open_heads: list[int] = []
    for n, (index, level, _title) in enumerate(heads):
        while open_heads and heads[open_heads[-1]][1] >= level:
            ends[open_heads.pop()] = index
        open_heads.append(n)
    return ends


def _sections(lines: list[str], heads: list[tuple[int, int, str]],
              first_line: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    parents: list[tuple[int, str]] = []
    setext = {h[0] for h in heads if h[0] + 1 < len(lines) and _SETEXT.match(lines[h[0] + 1])
              and not _ATX.match(lines[h[0]])}
    head_lines = {h[0] for h in heads} | {i + 1 for i in setext}  # a setext underline too
    subtree_ends = _subtree_ends(heads, len(lines))
    # Where no link or tag can span lines, a subtree's words are the sum of the words of
    # its sections' own texts (which together are its lines): each text is counted once.
    by_parts = not _SPANNING.search("\n".join(lines))
    own_words: list[int] = []
    for n, (index, level, title) in enumerate(heads):
        end = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        subtree_end = subtree_ends[n]
        start = index + (2 if index in setext else 1)
        own = "\n".join(lines[start:end]).strip()
        if by_parts:
            own_words.append(len(WORD.findall(_plain(own))))
        if subtree_end == end:  # no heading below this one: its subtree is its own text
            subtree = own
        else:
            subtree = "\n".join(ln for j, ln in enumerate(lines[start:subtree_end], start)
                                if j not in head_lines).strip()
        while parents and parents[-1][0] >= level:
            parents.pop()
        plain_title = _plain(title)
        out.append({"title": plain_title, "level": level, "line": index + first_line,
                    "text": own, "body": subtree,
                    "words": -1 if by_parts else len(WORD.findall(_plain(subtree))),
                    "parents": [p[1] for p in parents]})
        parents.append((level, plain_title))
    if by_parts:  # a subtree is its section and the ones after it that start before its end
        for n in range(len(heads) - 1, -1, -1):
            last = n
            while last + 1 < len(heads) and heads[last + 1][0] < subtree_ends[n]:
                last += 1
            out[n]["words"] = sum(own_words[n:last + 1])
    return out


_INLINE = re.compile(r"[*_`]|\[([^\[\]]*)\]\([^()]*\)|<[^<>]+>")
# Where _INLINE could match across a line end: a '[' or '<' whose match is not decided
# within its own line (the bracket, parenthesis or '>' that ends or refuses it is not on
# that line).  A match from a '[' or '<' stops at the first such character, so without
# these every match of _INLINE lies within one line.
_SPANNING = re.compile(r"\[[^\[\]\n]*$|\[[^\[\]\n]*\]\([^()\n]*$|<[^<>\n]*$", re.M)


def _plain(text: str) -> str:
    """Strip emphasis, code ticks, links and HTML tags from a heading or text."""
    return _INLINE.sub(r"\1", text).strip()  # a link's text; "" for the other forms
