"""Build the Qt .qm catalogues from assets/i18n/*.ts into build/i18n (git-ignored).

scripts/run calls ``python -m kiosk.ui.i18n_build`` at set-up; the kiosk also builds them on
first start if they are missing or older than their .ts source.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS_DIR = ROOT / "assets" / "i18n"
QM_DIR = ROOT / "build" / "i18n"


class TranslationBuildError(RuntimeError):
    pass


def _lrelease() -> str:
    here = Path(sys.executable).parent / "pyside6-lrelease"
    found = str(here) if here.exists() else shutil.which("pyside6-lrelease")
    if found is None:
        raise TranslationBuildError("pyside6-lrelease not found (it ships with PySide6)")
    return found


def qm_path(language: str) -> Path:
    return QM_DIR / f"kiosk_{language}.qm"


def build(out_dir: Path = QM_DIR) -> list[Path]:
    """Each catalogue is written beside its place and renamed over it: a kiosk (or a test) that
    loads one while another process rebuilds them (the image build does) reads the old file or
    the new one, never half of one (seen: 'cannot load kiosk_ja.qm' under a parallel suite)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    built = []
    for ts in sorted(TS_DIR.glob("kiosk_*.ts")):
        qm = out_dir / (ts.stem + ".qm")
        part = out_dir / f".{qm.name}.{os.getpid()}.part"
        run = subprocess.run(
            [_lrelease(), str(ts), "-qm", str(part)], capture_output=True, text=True, check=False
        )
        if run.returncode != 0 or not part.exists():
            part.unlink(missing_ok=True)
            raise TranslationBuildError(f"lrelease failed for {ts.name}: {run.stderr.strip()}")
        os.replace(part, qm)
        built.append(qm)
    return built


def ensure_built() -> None:
    """Build when a .qm is missing or stale (a checkout, or an edited .ts)."""
    for ts in TS_DIR.glob("kiosk_*.ts"):
        qm = QM_DIR / (ts.stem + ".qm")
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            build()
            return


def main(argv: list[str] | None = None) -> int:
    try:
        for qm in build():
            print(f"built {qm}")
    except TranslationBuildError as exc:
        print(f"i18n_build: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
