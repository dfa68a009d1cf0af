"""The kiosks the mock service knows: one ``kiosks.toml`` in its data directory.

Each entry is a face-auth account (ids start with ``F0``) and its shared secret. On first start
the service writes the demo kiosk from the kiosk's configuration defaults, so a fresh demo works
without set-up; a clinic adds its own kiosks by editing the file.
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from pathlib import Path

from kiosk.config import KioskConfig

FILE_NAME = "kiosks.toml"
_ACCOUNT = re.compile(r"^F0[0-9A-Za-z]{1,30}$")


class KioskFileError(ValueError):
    """kiosks.toml is malformed."""


def _default_text() -> str:
    demo = KioskConfig()
    return (
        "# Kiosks allowed to use this mock eligibility service: face-auth account id and secret.\n"
        "[[kiosk]]\n"
        f'account_id = "{demo.account_id}"\n'
        f'secret = "{demo.secret}"\n'
    )


def load_kiosks(data_dir: Path) -> dict[str, str]:
    """account_id -> secret, creating the file with the demo kiosk if it does not exist."""
    path = data_dir / FILE_NAME
    if not path.exists():
        fd, tmp = tempfile.mkstemp(dir=data_dir, prefix=".kiosks.")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(_default_text())
        os.chmod(tmp, 0o600)
        # link() fails if another process created the file first: theirs wins, nothing is lost.
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("kiosk", [])
        kiosks = {str(e["account_id"]): str(e["secret"]) for e in entries}
    except (tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise KioskFileError(f"{path} is malformed: {exc}") from exc
    for account in kiosks:
        if not _ACCOUNT.match(account):
            raise KioskFileError(f"{path}: account id {account!r} must look like F0…")
    return kiosks
