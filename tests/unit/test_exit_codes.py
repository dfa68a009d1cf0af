"""The README's exit codes, command by command (issue 25 item 6, F11): 0 for success, 2 for a wrong
argument or configuration, 1 for the environment (a missing credential or certificate, a folder
or database that cannot be used, a port in use, Qt not installed), 3 for the PySide6 guard of
`kiosk run`; 4 (`kiosk run` stopping with receptions it could not save) is
tests/ui/test_run_unsaved.py's, with PostgreSQL stopped. Each case is its own `python -m kiosk`
process; tests/unit/test_cli_errors.py holds the one-line messages of many more mistakes.

And every numeric option of every command: found by reading each command's own argparse parser,
then refused for NaN, infinities, huge and negative values, with the option named."""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.cli import COMMANDS
from kiosk.config import DatabaseConfig
from kiosk.records.rows import CLINIC_TZ
from kiosk.records.store import open_store
from kiosk.sim.records import sample_record

DB = '[database]\nurl = "sqlite:///{d}/k.sqlite3"\njournal_dir = "{d}/journal"\n'
BLOCKED_DB = '[database]\nurl = "sqlite:///{d}/afile/k.sqlite3"\njournal_dir = "{d}/j"\n'
CRED = '[kiosk]\ncredential_dir = "{d}/cred"\n'
NO_CRED = '[kiosk]\ncredential_dir = "{d}/none"\n'
OFFSCREEN = '[ui]\nvoice = false\nfullscreen = false\n[camera]\nsource = "synthetic:astronaut"\n'
PASSWORD = "correct horse battery\n"
# `python -c` preludes for what a test machine cannot be: Qt not installed, the simulators left
# out as in the kiosk image, a PySide6 release whose Signal.emit loses references (the guard's
# own probe is replaced by one that reports the leak).
NO_QT = "import sys; sys.modules['PySide6'] = None"
IMAGE = "import sys; sys.modules['kiosk.sim'] = None; sys.modules['kiosk_dev'] = None"
LEAKING_QT = "import kiosk.ui.qtcheck as q; q.leaks_true = lambda *a, **k: True"


@dataclass(frozen=True)
class Case:
    args: list[str]
    code: int
    files: dict[str, str] = field(default_factory=dict)  # name -> text ({d}: the folder)
    stdin: str = ""
    prelude: str = ""


CASES: dict[str, Case] = {
    # kiosk itself
    "help": Case(["--help"], 0),
    "no-command": Case([], 2),
    "unknown-command": Case(["frobnicate"], 2),
    "dev-command-in-the-image": Case(["virtual-card", "--list"], 2, prelude=IMAGE),
    # config
    "config": Case(["config"], 0),
    "config-file": Case(["config", "--config", "{d}/c.toml"], 0, {"c.toml": DB}),
    "config-bad-value": Case(["config", "--config", "{d}/c.toml"], 2, {"c.toml": "[ui]\nx = 1\n"}),
    "config-no-file": Case(["config", "--config", "{d}/none.toml"], 2),
    "config-bad-option": Case(["config", "--frob"], 2),
    "hash-pin": Case(["config", "--hash-pin"], 0, stdin="135790\n"),
    "hash-pin-short": Case(["config", "--hash-pin"], 2, stdin="1234\n"),
    # enroll
    "enroll": Case(["enroll", "--config", "{d}/c.toml"], 0, {"c.toml": CRED}),
    "enroll-bad-config": Case(
        ["enroll", "--config", "{d}/c.toml"], 2, {"c.toml": "[kiosk]\nid = 'no spaces'\n"}
    ),
    "enroll-both-options": Case(["enroll", "--check", "--install", "{d}/c.pem"], 2),
    "enroll-check-not-enrolled": Case(
        ["enroll", "--check", "--config", "{d}/c.toml"], 1, {"c.toml": NO_CRED}
    ),
    "enroll-install-missing-cert": Case(
        ["enroll", "--install", "{d}/none.pem", "--config", "{d}/c.toml"], 1, {"c.toml": NO_CRED}
    ),
    # run
    "run-bad-config": Case(
        ["run", "--config", "{d}/c.toml"], 2, {"c.toml": "[ui]\nlanguage = 'xx'\n"}
    ),
    "run-bad-option": Case(["run", "--frob"], 2),
    "run-not-enrolled": Case(
        ["run", "--windowed", "--config", "{d}/c.toml"], 1, {"c.toml": NO_CRED + DB + OFFSCREEN}
    ),
    "run-without-qt": Case(["run"], 1, prelude=NO_QT),
    "run-leaking-pyside6": Case(["run"], 3, prelude=LEAKING_QT),
    # demo
    "demo-list": Case(["demo", "--list"], 0),
    "demo-unknown-scenario": Case(["demo", "no-such-scenario"], 2),
    "demo-bad-card": Case(["demo", "--card", "floppy"], 2),
    # virtual-card, virtual-phone
    "card-list": Case(["virtual-card", "--list"], 0),
    "card-no-persona": Case(["virtual-card"], 2),
    "card-unknown-persona": Case(["virtual-card", "--persona", "nobody"], 2),
    "card-no-vpcd": Case(
        ["virtual-card", "--persona", "sato_hanako", "--port", "{port}", "--state-dir", "{d}/s"], 1
    ),
    "phone-list": Case(["virtual-phone", "--list"], 0),
    "phone-unknown-persona": Case(["virtual-phone", "--persona", "nobody"], 2),
    "phone-no-vpcd": Case(
        ["virtual-phone", "--persona", "sato_hanako", "--port", "{port}", "--state-dir", "{d}/s"],
        1,
    ),
    # eligibility-server (serving, enroll and revoke: the tests below)
    "server-bad-option": Case(["eligibility-server", "--frob"], 2),
    "server-missing-tls-cert": Case(
        [
            "eligibility-server",
            "--data",
            "{d}/svc",
            "--tls-cert",
            "{d}/n.pem",
            "--tls-key",
            "{d}/n.key",
        ],
        1,
    ),
    "server-tls-cert-not-pem": Case(
        [
            "eligibility-server",
            "--data",
            "{d}/svc",
            "--tls-cert",
            "{d}/c.toml",
            "--tls-key",
            "{d}/c.toml",
        ],
        2,
        {"c.toml": DB},
    ),
    "server-port-in-use": Case(
        ["eligibility-server", "--data", "{d}/svc", "--pki", "{d}/pki", "--port", "{busy}"], 1
    ),
    "server-enroll-no-csr-option": Case(["eligibility-server", "enroll", "--out", "{d}/c"], 2),
    "server-enroll-csr-not-a-request": Case(
        [
            "eligibility-server",
            "enroll",
            "--data",
            "{d}/svc",
            "--pki",
            "{d}/pki",
            "--csr",
            "{d}/c.toml",
            "--out",
            "{d}/cert.pem",
        ],
        2,
        {"c.toml": DB},
    ),
    "server-enroll-missing-csr": Case(
        [
            "eligibility-server",
            "enroll",
            "--data",
            "{d}/svc",
            "--pki",
            "{d}/pki",
            "--csr",
            "{d}/none.csr",
            "--out",
            "{d}/cert.pem",
        ],
        1,
    ),
    "server-revoke-unknown": Case(
        ["eligibility-server", "revoke", "--data", "{d}", "--account", "F0999"], 2
    ),
    # db
    "db-upgrade": Case(["db", "upgrade", "--config", "{d}/c.toml"], 0, {"c.toml": DB}),
    "db-purge": Case(
        ["db", "purge", "--older-than", "30", "--config", "{d}/c.toml"], 0, {"c.toml": DB}
    ),
    "db-no-action": Case(["db"], 2),
    "db-purge-zero-days": Case(["db", "purge", "--older-than", "0"], 2),
    "db-blocked": Case(["db", "upgrade", "--config", "{d}/c.toml"], 1, {"c.toml": BLOCKED_DB}),
    # export
    "export": Case(
        ["export", "--date", "{today}", "--dir", "{d}/out", "--config", "{d}/c.toml"],
        0,
        {"c.toml": DB},
    ),
    "export-bad-date": Case(["export", "--date", "2026-13-01", "--dir", "{d}/out"], 2),
    "export-blocked-dir": Case(
        ["export", "--date", "{today}", "--dir", "{d}/afile/out", "--config", "{d}/c.toml"],
        1,
        {"c.toml": DB},
    ),
    # desk (serving: the port-in-use case; a served desk is tests/desk's)
    "desk-add-staff": Case(
        ["desk", "add-staff", "佐藤", "--config", "{d}/c.toml"],
        0,
        {"c.toml": DB},
        stdin=PASSWORD * 2,
    ),
    "desk-add-staff-short-password": Case(
        ["desk", "add-staff", "佐藤", "--config", "{d}/c.toml"], 2, {"c.toml": DB}, stdin="short\n"
    ),
    "desk-add-staff-blocked-db": Case(
        ["desk", "add-staff", "佐藤", "--config", "{d}/c.toml"],
        1,
        {"c.toml": BLOCKED_DB},
        stdin=PASSWORD * 2,
    ),
    "desk-bad-port": Case(["desk", "--port", "nan"], 2),
    "desk-missing-cert": Case(
        ["desk", "--config", "{d}/c.toml", "--cert", "{d}/n.pem", "--key", "{d}/n.key"],
        1,
        {"c.toml": DB},
    ),
    "desk-cert-not-pem": Case(
        ["desk", "--config", "{d}/c.toml", "--cert", "{d}/c.toml", "--key", "{d}/c.toml"],
        2,
        {"c.toml": DB},
    ),
    "desk-tls-folder-blocked": Case(
        ["desk", "--config", "{d}/c.toml", "--tls-dir", "{d}/afile/tls"], 1, {"c.toml": DB}
    ),
    "desk-port-in-use": Case(
        ["desk", "--config", "{d}/c.toml", "--host", "127.0.0.1", "--port", "{busy}"],
        1,
        {"c.toml": DB},
    ),
}


@pytest.fixture
def workdir() -> Iterator[Path]:
    d = Path(tempfile.mkdtemp(prefix="kiosk-codes-"))
    (d / "afile").write_text("a file where a folder must be\n")
    yield d
    subprocess.run(["rm", "-rf", str(d)], check=False)


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A loopback port something else already listens on."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        yield held.getsockname()[1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _command(case: Case, fill: dict[str, str]) -> list[str]:
    args = [_fill(a, fill) for a in case.args]
    if not case.prelude:
        return [sys.executable, "-m", "kiosk", *args]
    run = "from kiosk.cli import main; raise SystemExit(main(sys.argv[1:]))"
    return [sys.executable, "-c", f"{case.prelude}; import sys; {run}", *args]


def _fill(text: str, fill: dict[str, str]) -> str:
    for key, value in fill.items():
        text = text.replace("{" + key + "}", value)
    return text


def kiosk(command: list[str], cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run in ``cwd``: a default setting (var/...) must never land in the repository."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(command, input=stdin, capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=120, check=False)  # fmt: skip


@pytest.mark.parametrize("name", CASES)
def test_each_command_exits_with_the_documented_code(
    name: str, workdir: Path, busy_port: int
) -> None:
    case = CASES[name]
    fill = {"d": str(workdir), "busy": str(busy_port), "port": str(_free_port()),
            "today": datetime.now(CLINIC_TZ).date().isoformat()}  # fmt: skip
    for file, text in case.files.items():
        (workdir / file).write_text(_fill(text, fill), encoding="utf-8")
    if name == "export":
        _seed_today(workdir)
    done = kiosk(_command(case, fill), workdir, case.stdin)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == case.code, (done.returncode, done.stderr[-1500:])


def _seed_today(d: Path) -> None:
    store = open_store(DatabaseConfig(url=f"sqlite:///{d}/k.sqlite3", journal_dir=str(d / "j")))
    store.save(sample_record("codes-export-1", started_at=datetime.now(CLINIC_TZ)))
    store.close()


def test_the_operator_enrols_and_revokes_a_kiosk(workdir: Path) -> None:
    """`kiosk eligibility-server enroll` and `revoke` succeed (0) on a real request."""
    (workdir / "c.toml").write_text(_fill(CRED, {"d": str(workdir)}), encoding="utf-8")
    made = kiosk(
        [sys.executable, "-m", "kiosk", "enroll", "--config", f"{workdir}/c.toml"], workdir
    )
    assert made.returncode == 0, made.stderr
    server = [sys.executable, "-m", "kiosk", "eligibility-server"]
    where = ["--data", f"{workdir}/svc"]
    enrolled = kiosk([*server, "enroll", *where, "--pki", f"{workdir}/pki", "--csr",
                      f"{workdir}/cred/kiosk.csr.pem", "--out", f"{workdir}/cert.pem"],
                     workdir)  # fmt: skip
    assert enrolled.returncode == 0, enrolled.stderr
    revoked = kiosk([*server, "revoke", *where, "--account", "F0000001"], workdir)
    assert revoked.returncode == 0, revoked.stderr


SERVERS = {
    "eligibility-server": ["--data", "{d}/svc", "--pki", "{d}/pki"],
    "desk": ["--config", "{d}/c.toml", "--host", "127.0.0.1", "--tls-dir", "{d}/tls"],
}


@pytest.mark.integration
@pytest.mark.parametrize("command", SERVERS)
def test_a_server_stopped_by_sigterm_exits_0(command: str, workdir: Path) -> None:
    """`kiosk eligibility-server` and `kiosk desk` serving, then stopped as systemd stops them
    (SIGTERM): 0, not death by the signal (uvicorn raises it again once it has shut down)."""
    port = _free_port()
    (workdir / "c.toml").write_text(_fill(DB, {"d": str(workdir)}), encoding="utf-8")
    args = [_fill(a, {"d": str(workdir)}) for a in SERVERS[command]]
    command_line = [sys.executable, "-m", "kiosk", command, *args, "--port", str(port)]
    proc = subprocess.Popen(command_line, stderr=subprocess.PIPE, text=True, cwd=workdir)
    try:
        _wait_listening(proc, port)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0, proc.stderr.read() if proc.stderr else ""
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _wait_listening(proc: subprocess.Popen[str], port: int) -> None:
    for _ in range(1200):
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"nothing listened on {port}")


# --- every numeric option --------------------------------------------------------------------

# Sub-commands a command reads from argv itself (not argparse sub-parsers).
VERBS = {"eligibility-server": [[], ["enroll"], ["revoke"]]}
# Whatever the option's range, none of these is in it (ports, counts, days, seconds): an
# unbounded ``float`` takes the first five, an unbounded ``int`` the last two.
REFUSED = ["nan", "inf", "-inf", "1e308", "1e400", "-99999999999999999999", "99999999999999999999"]


class _Caught(Exception):
    pass


def _parsers(command: str) -> Iterator[tuple[list[str], argparse.ArgumentParser]]:
    """Each parser a command builds, with the argv that reaches it (its verbs)."""
    module = importlib.import_module(COMMANDS[command][0])
    seen: list[argparse.ArgumentParser] = []

    def catch(self: argparse.ArgumentParser, *args: object, **kw: object) -> None:
        seen.append(self)
        raise _Caught

    for verb in VERBS.get(command, [[]]):
        seen.clear()

        original = argparse.ArgumentParser.parse_args
        argparse.ArgumentParser.parse_args = catch  # type: ignore[assignment,method-assign]
        try:
            module.main([*verb])
        except _Caught:
            pass
        finally:
            argparse.ArgumentParser.parse_args = original  # type: ignore[method-assign]
        for parser in seen:
            yield from _with_subparsers(verb, parser)


def _with_subparsers(
    verb: list[str], parser: argparse.ArgumentParser
) -> Iterator[tuple[list[str], argparse.ArgumentParser]]:
    yield verb, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _with_subparsers([*verb, name], sub)


def _numeric(action: argparse.Action) -> bool:
    if action.type is None or not action.option_strings:
        return False
    for sample in ("1", "100", "8800"):
        try:
            value = action.type(sample)  # type: ignore[operator]
        except (ValueError, TypeError, argparse.ArgumentTypeError):
            continue
        return isinstance(value, int | float) and not isinstance(value, bool)
    return False


def numeric_options() -> list[tuple[str, list[str], argparse.ArgumentParser, str]]:
    found = []
    for command in COMMANDS:
        for verb, parser in _parsers(command):
            for action in parser._actions:
                if _numeric(action):
                    found.append((command, verb, parser, action.option_strings[-1]))
    return found


OPTIONS = numeric_options()


def test_the_numeric_options_are_found() -> None:
    names = {(command, option) for command, _verb, _parser, option in OPTIONS}
    assert {("eligibility-server", "--port"), ("eligibility-server", "--nonce-ttl"),
            ("eligibility-server", "--request-timeout"), ("db", "--older-than"),
            ("desk", "--port"), ("virtual-card", "--pull-after")} <= names  # fmt: skip


@pytest.mark.parametrize(
    ("command", "verb", "option"),
    [(c, v, o) for c, v, _p, o in OPTIONS],
    ids=[f"{c}{'-' + '-'.join(v) if v else ''}{o}" for c, v, _p, o in OPTIONS],
)
@pytest.mark.parametrize("value", REFUSED)
def test_every_numeric_option_refuses_what_is_no_number_or_out_of_range(
    command: str,
    verb: list[str],
    option: str,
    value: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Run the command's own main in this process (argparse exits 2, or the command's own bound
    returns 2 before anything is opened) and check the option is named."""
    monkeypatch.chdir(tmp_path)  # were a value taken, nothing lands in the repository
    module = importlib.import_module(COMMANDS[command][0])
    code, said = _run_main(module, [*verb, f"{option}={value}"])
    assert code == 2, (code, said)
    assert option in said, said


def _run_main(module: object, argv: list[str]) -> tuple[int, str]:
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            code = module.main(argv)  # type: ignore[attr-defined]
        except SystemExit as exc:
            code = exc.code
    return int(code or 0), err.getvalue()
