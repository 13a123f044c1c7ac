"""RevSource: the tree of a revision as a file source, straight from the object database."""
from __future__ import annotations

import pytest

from checker.git.repo import BadRevision, open_repo
from checker.run.sources import RevSource


def test_rev_source_lists_and_reads_the_old_tree(make_repo):
    repo = make_repo()
    old = repo.commit("one", {"sub/threat-model.yaml": "v: 1\n", "sub/link": "x"})
    repo.git("rm", "-q", "sub/link")
    repo.commit("two", {"sub/threat-model.yaml": "v: 2\n", "sub/new.yaml": "n\n"})
    (repo.path / "sub" / "ln").symlink_to("/etc/passwd")
    repo.git("add", "sub/ln")
    repo.commit("symlink")
    with open_repo(str(repo.path / "sub")) as git:
        src = RevSource(git, old, root="sub")
        assert src.list_files() == ["link", "threat-model.yaml"]
        assert src.read("threat-model.yaml", 1000) == b"v: 1\n"
        assert src.read("threat-model.yaml", 2) == b"v: "  # max_bytes + 1, like FsSource
        assert len(src.blob("threat-model.yaml")) == 40
        with pytest.raises(OSError):
            src.read("new.yaml", 10)
        head = RevSource(git, "HEAD", root="sub")
        assert "ln" not in head.list_files()  # symlinks are never followed
        with pytest.raises(BadRevision):
            RevSource(git, "--all", root="sub")
