"""Writing report files: all or nothing.

``write_atomic`` writes to a temporary file beside the target, flushes it to
disk and renames it over the target, so a reader (or a crash) never sees half
a report, and a failure leaves the previous file as it was.  ``safesec check`` removes
its report paths first (``remove_reports``), so there it leaves no file at all.  The new
file never inherits a symlink's target or special mode bits.
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Iterable

from checker.errors import CheckerError


def write_atomic(path: str | os.PathLike[str], text: str | Iterable[str]) -> None:
    """Replace ``path`` with ``text`` (UTF-8; a string, or pieces written as they come)
    atomically; create parent folders."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            if isinstance(text, str):
                handle.write(text)
            else:
                handle.writelines(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _mode(target))
        os.replace(tmp, target)
    except BaseException:
        _unlink(tmp)
        raise
    _fsync_dir(target.parent)


def _mode(target: Path) -> int:
    """Keep an existing regular file's read/write bits (never setuid, setgid, sticky or
    execute); a new file, or one replacing a symlink (its target's mode is not looked
    at), gets 0666 minus the umask."""
    try:
        info = target.lstat()
    except OSError:
        info = None
    if info is not None and stat.S_ISREG(info.st_mode):
        return info.st_mode & 0o666
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def remove_reports(paths: Iterable[str]) -> None:
    """Remove the report files a run was asked to write, before it starts: a run that stops
    early (exit 2 or 3) must not leave an older or planted report behind that would pass
    for its own.  A symlink is removed, not its target; a folder is left alone."""
    for path in paths:
        try:
            if not stat.S_ISDIR(os.lstat(path).st_mode):
                os.unlink(path)
        except (FileNotFoundError, NotADirectoryError):
            pass  # nothing there (a path that cannot be written is named when it is written)
        except OSError as exc:
            raise CheckerError(f"cannot remove the old report {path}: {exc.strerror or exc}") from None


def _unlink(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable where the platform allows it (not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
