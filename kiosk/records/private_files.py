"""Files and folders that hold patient data: 0600 files and 0700 folders whatever the umask.

``os.open(path, flags, 0o600)`` and ``mkdir(mode=0o700)`` only *ask* for a mode; the process
umask is subtracted from it. A kiosk started from a unit or a shell with an unusual umask would
then write names and birth dates readable by others (or unreadable by itself), so the mode is
set again with ``fchmod``/``chmod`` after creation.
"""

from __future__ import annotations

import os
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


def write_private_file(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` atomically: a 0600 temp file in the same folder, fsynced,
    then renamed over ``path``, so a reader polling the folder sees a whole file or none."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        temp.unlink(missing_ok=True)
        raise
    os.close(fd)
    try:
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
