r"""Writing files atomically: a temporary file in the same folder, then a rename."""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

__all__ = ["write_atomic"]


def _mode_for(target: Path) -> int:
    """The mode the file keeps (an existing file's) or gets (0666 less the umask, like ``open``)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path, content: str | bytes) -> Path:
    """Write text or bytes to ``path`` through a temporary file and a rename: readers never see half a file.

    The file keeps the mode of the file it replaces; a new file gets the usual mode (0666 less the umask).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> write_atomic(target, "hello").read_text()
    'hello'
    >>> write_atomic(target, b"bytes").read_bytes()
    b'bytes'
    """
    target = Path(path)
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
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return target
