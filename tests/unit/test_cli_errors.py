"""Every way an operator can get a command or a configuration wrong ends in a one-line message and
exit code 2 (usage, configuration) or 1 (the environment), never a traceback. Each case runs
`python -m kiosk ...` as its own process, the way an operator meets it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.config import DatabaseConfig
from kiosk.records.rows import CLINIC_TZ
from kiosk.records.store import open_store
from kiosk.sim.records import sample_record

SHORT_SECRET = "abc12"


@dataclass(frozen=True)
class Case:
    args: list[str]
    code: int
    says: str  # words the message line holds
    stdin: str = ""
    only_line: bool = True  # False: argparse's usage lines or Qt's start-up chatter come too
    never: tuple[str, ...] = ()  # what must not be shown anywhere (secrets)
    write: dict[str, str] = field(default_factory=dict)  # file name -> TOML text ({d} = dir)
    env: dict[str, str] = field(default_factory=dict)


def _db(url: str) -> str:
    return f'[database]\nurl = "{url}"\njournal_dir = "{{d}}/journal"\n'


READONLY_DB = _db("sqlite:///{d}/ro/kiosk.sqlite3")
BLOCKED_DB = _db("sqlite:///{d}/afile/kiosk.sqlite3")  # a regular file where a folder must be
GOOD_DB = _db("sqlite:///{d}/kiosk.sqlite3")
MISSING_CA = '[service]\nca_file = "{d}/no-such-ca.pem"\n'
UI = '[ui]\nvoice = false\n[camera]\nsource = "synthetic:astronaut"\n'

CASES: dict[str, Case] = {
    "config-not-utf8": Case(["config", "--config", "{d}/bad.toml"], 2, "not UTF-8"),
    "config-is-directory": Case(["config", "--config", "{d}/ro"], 2, "is a directory"),
    "db-upgrade-readonly": Case(
        ["db", "upgrade", "--config", "{d}/c.toml"],
        1,
        "Permission denied",
        write={"c.toml": READONLY_DB},
    ),
    "db-upgrade-blocked": Case(
        ["db", "upgrade", "--config", "{d}/c.toml"],
        1,
        "cannot open the database",
        write={"c.toml": BLOCKED_DB},
    ),
    "run-readonly": Case(
        ["run", "--windowed", "--config", "{d}/c.toml"],
        1,
        "Permission denied",
        only_line=False,
        write={"c.toml": READONLY_DB + UI},
    ),
    "run-blocked": Case(
        ["run", "--windowed", "--config", "{d}/c.toml"],
        1,
        "kiosk run: cannot start",
        only_line=False,
        write={"c.toml": BLOCKED_DB + UI},
    ),
    "desk-readonly": Case(
        ["desk", "--config", "{d}/c.toml"],
        1,
        "Permission denied",
        write={"c.toml": READONLY_DB},
    ),
    "desk-blocked": Case(
        ["desk", "--config", "{d}/c.toml"],
        1,
        "cannot open the database",
        write={"c.toml": BLOCKED_DB},
    ),
    "desk-add-staff-blocked": Case(
        ["desk", "add-staff", "佐藤", "--config", "{d}/c.toml"],
        1,
        "cannot open the database",
        write={"c.toml": BLOCKED_DB},
    ),
    "run-missing-ca-file": Case(
        ["run", "--windowed", "--config", "{d}/c.toml"],
        1,
        "No such file or directory",
        only_line=False,
        write={"c.toml": GOOD_DB + UI + MISSING_CA},
    ),
    # (A missing service CA file is no error for the desk: it serves, its manual lookup off.)
    "desk-missing-cert-file": Case(
        ["desk", "--config", "{d}/c.toml", "--cert", "{d}/no-cert.pem", "--key", "{d}/no-key.pem"],
        1,
        "HTTPS certificate: No such file or directory",
        only_line=False,  # the store logs its start-up first
        write={"c.toml": GOOD_DB + MISSING_CA},
    ),
    "desk-cert-not-pem": Case(
        ["desk", "--config", "{d}/c.toml", "--cert", "{d}/c.toml", "--key", "{d}/c.toml"],
        2,
        "HTTPS certificate",
        only_line=False,
        write={"c.toml": GOOD_DB},
    ),
    "desk-cert-without-key": Case(
        ["desk", "--config", "{d}/c.toml", "--cert", "{d}/c.toml"],
        2,
        "give both --cert and --key",
        only_line=False,
        write={"c.toml": GOOD_DB},
    ),
    "desk-tls-dir-blocked": Case(
        ["desk", "--config", "{d}/c.toml", "--tls-dir", "{d}/afile/tls"],
        1,
        "HTTPS certificate: Not a directory",
        only_line=False,
        write={"c.toml": GOOD_DB},
    ),
    "postgres-port-too-big": Case(
        ["db", "upgrade", "--config", "{d}/c.toml"],
        2,
        "port must be a number from 1 to 65535",
        write={"c.toml": _db("postgresql://kiosk:pw@127.0.0.1:99999/kiosk")},
        never=("pw@",),
    ),
    "postgres-port-not-a-number": Case(
        ["export", "--date", "2026-11-23", "--dir", "{d}/out", "--config", "{d}/c.toml"],
        2,
        "port must be a number",
        write={"c.toml": _db("postgresql://kiosk@127.0.0.1:abc/kiosk")},
    ),
    "export-readonly-dir": Case(
        ["export", "--date", "{today}", "--dir", "{d}/ro", "--config", "{d}/c.toml"],
        1,
        "cannot write to",
        write={"c.toml": GOOD_DB},
    ),
    "export-blocked-dir": Case(
        ["export", "--date", "{today}", "--dir", "{d}/afile/out", "--config", "{d}/c.toml"],
        1,
        "cannot write to",
        write={"c.toml": GOOD_DB},
    ),
    "purge-beyond-calendar": Case(
        ["db", "purge", "--older-than", "99999999", "--config", "{d}/c.toml"],
        2,
        "--older-than is from 1 to",
        write={"c.toml": GOOD_DB},
    ),
    "server-missing-tls-cert": Case(
        [
            "eligibility-server",
            "--data",
            "{d}/svc",
            "--port",
            "8899",
            "--tls-cert",
            "{d}/none.pem",
            "--tls-key",
            "{d}/none.key",
        ],
        1,
        "No such file or directory",
    ),
    "server-tls-cert-not-pem": Case(
        [
            "eligibility-server",
            "--data",
            "{d}/svc",
            "--port",
            "8899",
            "--tls-cert",
            "{d}/bad.toml",
            "--tls-key",
            "{d}/bad.toml",
        ],
        2,
        "not a PEM certificate",
    ),
    "server-port-99999": Case(
        ["eligibility-server", "--data", "{d}/svc", "--port", "99999"],
        2,
        "99999 is not from 1 to 65535",
        only_line=False,
    ),
    "card-port-0": Case(
        ["virtual-card", "--persona", "sato_hanako", "--port", "0"],
        2,
        "0 is not from 1 to 65535",
        only_line=False,
    ),
    "card-pull-after-negative": Case(
        ["virtual-card", "--persona", "sato_hanako", "--pull-after", "-1"],
        2,
        "-1 is not from 0 to",
        only_line=False,
    ),
    "hash-empty-pin": Case(["config", "--hash-pin"], 2, "6 to 12 digits", stdin="\n"),
    "hash-two-digit-pin": Case(
        ["config", "--hash-pin"], 2, "6 to 12 digits", stdin="12\n", never=("scrypt$",)
    ),
    "config-bad-pin-hashes": Case(
        ["config", "--config", "{d}/c.toml"],
        2,
        "staff.pin_hashes",
        write={"c.toml": '[staff]\npin_hashes = ["", "12"]\n'},
    ),
    "config-short-secret-not-echoed": Case(
        ["config", "--config", "{d}/c.toml"],
        2,
        "kiosk.secret",
        write={"c.toml": f'[kiosk]\nsecret = "{SHORT_SECRET}"\n'},
        never=(SHORT_SECRET,),
    ),
    **{
        f"desk-port-{text}": Case(
            ["desk", "--port", text, "--config", "{d}/c.toml"],
            2,
            "argument --port",
            only_line=False,  # argparse's usage lines come first
            write={"c.toml": GOOD_DB},
        )
        for text in ("0", "-1", "65536", "1e9", "nan", "abc")
    },
    **{
        f"server-nonce-ttl-{text}": Case(
            ["eligibility-server", f"--nonce-ttl={text}"], 2, "is not from", only_line=False
        )
        for text in ("-5", "nan")
    },
    "run-not-enrolled": Case(
        ["run", "--windowed", "--config", "{d}/c.toml"],
        1,
        "kiosk run: cannot start",
        only_line=False,
        write={"c.toml": '[kiosk]\ncredential_dir = "{d}/none"\n' + GOOD_DB + UI},
    ),
    "config-section-not-a-table": Case(
        ["config", "--config", "{d}/c.toml"],
        2,
        "ui must be a table",
        write={"c.toml": "ui = 5\n"},
        env={"KIOSK_UI__VOICE": "false"},
    ),
}

# Needs the permission check that root skips: as root the command runs in a user namespace,
# where root's files are not the process's own.
AS_UNPRIVILEGED = ("readonly",)


@pytest.fixture
def workdir() -> Iterator[Path]:
    # Not pytest's tmp_path: a user-namespaced child must be able to enter it (0700 parents).
    d = Path(tempfile.mkdtemp(prefix="kiosk-cli-"))
    d.chmod(0o755)
    (d / "bad.toml").write_bytes(b'[clinic]\nname = "\xff\xfe"\n')
    (d / "afile").write_text("not a folder\n")
    (d / "ro").mkdir()
    yield d
    (d / "ro").chmod(0o755)
    shutil.rmtree(d)


def _unprivileged(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    probe = ["unshare", "--user", "true"]
    if shutil.which("unshare") is None or subprocess.run(probe, check=False).returncode != 0:
        pytest.skip("as root, a read-only folder needs a user namespace (unshare --user)")
    return ["unshare", "--user", *command]


def _fill(text: str, d: Path) -> str:
    return text.replace("{d}", str(d)).replace(
        "{today}", datetime.now(CLINIC_TZ).date().isoformat()
    )


def _seed_today(d: Path) -> None:
    store = open_store(DatabaseConfig(url=f"sqlite:///{d}/kiosk.sqlite3", journal_dir=str(d / "j")))
    store.save(sample_record("cli-export-1", started_at=datetime.now(CLINIC_TZ)))
    store.close()


def _run(
    case: Case, d: Path, wrap: Callable[[list[str]], list[str]]
) -> subprocess.CompletedProcess[str]:
    for name, text in case.write.items():
        (d / name).write_text(_fill(text, d), encoding="utf-8")
        (d / name).chmod(0o644)
    command = wrap([sys.executable, "-m", "kiosk", *(_fill(a, d) for a in case.args)])
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **case.env}
    return subprocess.run(command, input=case.stdin, capture_output=True, text=True, env=env,
                          timeout=120, check=False)  # fmt: skip


@pytest.mark.parametrize("name", CASES)
def test_a_mistake_gives_one_line_and_an_exit_code(name: str, workdir: Path) -> None:
    case = CASES[name]
    if name.startswith("export-"):
        _seed_today(workdir)
    (workdir / "ro").chmod(0o555)
    wrap = _unprivileged if any(w in name for w in AS_UNPRIVILEGED) else (lambda c: c)
    done = _run(case, workdir, wrap)
    err = done.stderr
    assert "Traceback" not in err, err
    assert done.returncode == case.code, (done.returncode, err)
    lines = [line for line in err.splitlines() if case.says in line]
    assert len(lines) == 1, err
    if case.only_line:
        assert err.strip() == lines[0], err
    for secret in case.never:
        assert secret not in err and secret not in done.stdout


# A reader that stops reading early (`kiosk config | head -1`, `| true`).
PIPED = {
    "help": ["--help"],
    "config": ["config"],
    "virtual-card-list": ["virtual-card", "--list"],
    "demo-list": ["demo", "--list"],
    "config-help": ["config", "--help"],
}


@pytest.mark.parametrize("name", PIPED)
def test_a_closed_pipe_ends_quietly(name: str) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first byte: every write meets EPIPE
    try:
        command = [sys.executable, "-m", "kiosk", *PIPED[name]]
        done = subprocess.run(command, stdout=write, stderr=subprocess.PIPE, text=True,
                              timeout=120, check=False)  # fmt: skip
    finally:
        os.close(write)
    assert done.stderr == "", done.stderr
    # argparse itself drops a failed write of its help text and exits 0; everything else is 1.
    assert done.returncode == (0 if name == "config-help" else 1)


def test_kiosk_config_prints_no_database_password_and_no_pin_hash(workdir: Path) -> None:
    from kiosk.staff_auth import hash_pin

    pin_hash = hash_pin("135790")
    text = (
        '[database]\nurl = "postgresql+psycopg://kiosk:S3cret-pw@db.clinic.lan:5432/kiosk"\n'
        f'[staff]\npin_hashes = ["{pin_hash}"]\n'
    )
    (workdir / "c.toml").write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "kiosk", "config", "--config",
                           str(workdir / "c.toml")], capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "S3cret-pw" not in done.stdout + done.stderr
    assert pin_hash.split("$")[2] not in done.stdout and "kiosk:***@db.clinic.lan" in done.stdout
