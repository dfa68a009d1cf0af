"""Files and folders that hold patient data or keys: 0600 files and 0700 folders whatever the
umask, and whole-file atomic writes (records, result files, the kiosk's key, the mock PKI).

``os.open(path, flags, 0o600)`` and ``mkdir(mode=0o700)`` only *ask* for a mode; the process
umask is subtracted from it. A kiosk started from a unit or a shell with an unusual umask would
then write names and birth dates readable by others (or unreadable by itself), so the mode is
set again with ``fchmod``/``chmod`` after creation.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def make_private_dir(directory: Path) -> None:
    """Create ``directory`` and any missing parents as 0700. A folder that already exists keeps
    its mode: it may be the clinic's shared export folder, set up by an administrator."""
    missing: list[Path] = []
    current = directory
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue  # another process made it between our check and mkdir
        os.chmod(folder, DIR_MODE)


def create_private_file(path: Path) -> None:
    """Create ``path`` empty as 0600 if it is not there (an existing file is left as it is)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)


def write_private_file(path: Path, payload: bytes, mode: int = FILE_MODE) -> None:
    """Write ``payload`` to ``path`` atomically: a temp file of its own in the same folder
    (0600 from the start, as ``mkstemp`` makes it), fsynced, given ``mode``, then renamed over
    ``path`` and the folder fsynced, so a reader polling the folder sees a whole file or none
    and a crash leaves the old file or the new one."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(name)
    try:
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
            os.fchmod(fd, mode)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def fsync_dir(directory: Path) -> None:
    """Make a rename or unlink in ``directory`` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
