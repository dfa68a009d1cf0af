"""Architecture and code-quality gates that CI runs as tests."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_kiosk_ui_imports_pyside6() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "kiosk").rglob("*.py")
        if p.relative_to(ROOT / "kiosk").parts[0] != "ui"
        and any(n.split(".")[0] == "PySide6" for n in _imports(p))
    ]
    assert offenders == []


def test_the_flow_imports_no_adapter_and_no_io_library() -> None:
    banned = {"PySide6", "httpx", "sqlalchemy", "smartcard", "cv2", "face_recognition", "socket"}
    for path in (ROOT / "kiosk" / "flow").rglob("*.py"):
        for name in _imports(path):
            top = name.split(".")
            assert top[0] not in banned, f"{path.name} imports {name}"
            assert top[:2] not in (
                ["kiosk", x] for x in ("card", "face", "eligibility", "records", "ui", "runtime")
            )


def _tool(name: str) -> str:
    exe = BIN / name
    if exe.exists():
        return str(exe)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed (dev extra)")
    return found


def test_import_contracts_hold() -> None:
    run = subprocess.run([_tool("lint-imports")], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]


def test_ruff_is_clean() -> None:
    run = subprocess.run([_tool("ruff"), "check", "kiosk", "kiosk_dev", "tests", "bench"], cwd=ROOT,
                         capture_output=True, text=True)  # fmt: skip
    assert run.returncode == 0, run.stdout[-4000:]


def test_mypy_is_clean_on_the_domain_packages() -> None:
    run = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-4000:]
