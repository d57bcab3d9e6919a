"""Write files so a reader never sees half a file and a failure never destroys the old one.

Everything hrf writes (fixed reports, exports, scaffolded reports) goes through here: the
data goes to a temporary file in the same folder, is flushed to disk, then renamed over the
target in one step.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target``.

    Use it for tools that write a file themselves (pandoc, typst). If the block raises, the
    temporary file is removed and ``target`` is left exactly as it was.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        _keep_mode(target, tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes(target: Path, data: bytes) -> None:
    """Atomically replace ``target`` with ``data``."""
    with atomic_path(target) as tmp:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())


def write_text(target: Path, text: str, encoding: str = "utf-8") -> None:
    """Atomically replace ``target`` with ``text``, newlines written exactly as given."""
    write_bytes(target, text.encode(encoding))


def _keep_mode(target: Path, tmp: Path) -> None:
    """A replaced file keeps its permissions; a new one gets the usual 0644 less the umask."""
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(tmp, mode)
