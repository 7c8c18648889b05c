r"""Writing files atomically: a temporary file in the same folder, then a rename.

A symbolic link is written through (its target is replaced, the link stays); anything that is not a
regular file (a directory, a device such as ``/dev/null``, a pipe) is refused, never replaced.
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from ..core.errors import SymflowError

__all__ = ["write_atomic", "check_writable", "write_all"]


def _mode_for(target: Path) -> int:
    """The mode the file keeps (an existing file's) or gets (0666 less the umask, like ``open``)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def check_writable(path) -> Path:
    """The file to write for ``path`` (a link's target), or a one-line error if it cannot or must not be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> check_writable(folder / "new.txt").name
    'new.txt'
    >>> check_writable(folder)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symflow.core.errors.SymflowError: ... is a directory, not a regular file; refusing to replace it
    """
    target = Path(os.path.realpath(path))
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise SymflowError(f"cannot write {path}: {exc.strerror or exc}") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        kind = "a directory" if stat.S_ISDIR(info.st_mode) else "a device, pipe or socket"
        raise SymflowError(f"{path} is {kind}, not a regular file; refusing to replace it")
    if not target.parent.is_dir():
        raise SymflowError(f"cannot write {path}: the folder {target.parent} does not exist")
    if not os.access(target.parent, os.W_OK) or (info is not None and not os.access(target, os.W_OK)):
        raise SymflowError(f"cannot write {path}: permission denied")
    return target


def _temporary(target: Path, content: str | bytes) -> str:
    """Write ``content`` to a new temporary file next to ``target`` with the mode ``target`` keeps or gets."""
    mode = _mode_for(target)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        if isinstance(content, bytes):
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
        else:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(content)
        os.chmod(temporary, mode)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return temporary


def write_all(files: dict) -> list:
    """Write ``{path: content}`` all or nothing: every temporary first, then the renames.

    If any temporary cannot be written (a full disk, a read-only folder), none of the files is
    touched and the temporaries are removed. Returns the paths written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> [p.name for p in write_all({folder / "a.txt": "a", folder / "b.txt": b"b"})]
    ['a.txt', 'b.txt']
    """
    targets = {Path(path): check_writable(path) for path in files}
    temporaries = {}
    try:
        for path, content in files.items():
            temporaries[targets[Path(path)]] = _temporary(targets[Path(path)], content)
        for target, temporary in temporaries.items():
            os.replace(temporary, target)
    except BaseException:
        for temporary in temporaries.values():
            if os.path.exists(temporary):
                os.unlink(temporary)
        raise
    return list(targets)


def write_atomic(path, content: str | bytes) -> Path:
    """Write text or bytes to ``path`` through a temporary file and a rename: readers never see half a file.

    The file keeps the mode of the file it replaces; a new file gets the usual mode (0666 less the umask).
    A symbolic link is written through to its target; a path that is not a regular file is refused
    (:func:`check_writable`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> write_atomic(target, "hello").read_text()
    'hello'
    >>> write_atomic(target, b"bytes").read_bytes()
    b'bytes'
    """
    target = check_writable(path)
    temporary = _temporary(target, content)
    try:
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return Path(path)
