"""The baseline (not a test): merely parse a repository's artifacts with PyYAML's C loader.

    python benchmarks/parse_only.py DIR

Reads every ``.yaml``/``.yml`` file and the YAML front matter of every ``.md``
file under DIR (``.git`` skipped) with ``yaml.load(..., Loader=yaml.CSafeLoader)``
in one process, and prints how many documents it parsed.
"""
from __future__ import annotations

import os
import sys

import yaml


def parse_tree(root: str) -> int:
    count = 0
    for folder, dirs, names in os.walk(root):
        if ".git" in dirs:
            dirs.remove(".git")
        for name in names:
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                text = handle.read()
            if name.endswith((".yaml", ".yml")):
                yaml.load(text, Loader=yaml.CSafeLoader)
                count += 1
            elif name.endswith(".md") and text.startswith("---\n"):
                front = text[4:].split("\n---\n", 1)[0]
                yaml.load(front, Loader=yaml.CSafeLoader)
                count += 1
    return count


if __name__ == "__main__":
    print(parse_tree(sys.argv[1]))
