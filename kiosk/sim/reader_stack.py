"""A real PC/SC stack with a virtual reader, for integration tests, the benchmark and the demo:
``pcscd --foreground`` with vsmartcard's vpcd driver, and virtual-card processes that insert
themselves into its reader.

Parallel runs are kept apart: each stack runs pcscd (with its own reader.conf.d, ``pcscd -c``) in
private mount and network namespaces. A temp dir is bind-mounted on /run/pcscd, so its socket and
pid file never meet another pcscd; vpcd's TCP port exists only on the namespace's loopback, where
the card processes join it (``nsenter --net``): nothing listens on the host's network, and every
stack can use vpcd's default port. pcsc-lite 1.9's daemon ignores
PCSCLITE_CSOCK_NAME, but the client library honours it: this process sets it to that socket
before pyscard first talks to pcscd. The client caches the path, so one process uses one socket
directory for all its stacks (one stack at a time). Everything is stopped by PID.

    with VirtualReaderStack(pki_dir=..., state_dir=...) as stack:
        stack.insert("sato_hanako")
        session = PcscReader(stack.reader_pattern).connect()
        ...
        stack.remove()

vpcd has two slots: "Virtual PCD 00 00" (the card reader) and "Virtual PCD 00 01" (the NFC
reader for smartphones, port + 1). ``place_phone`` holds a virtual phone over the second, or
over the first (``slot=0``) for a clinic with one reader for both.

A started stack makes this process trust the virtual cards' mock 券面AP issuer
(:func:`kiosk.card.surface_sig.trust_file`) and sets ``KIOSK_CARD__SURFACE_ISSUERS`` (the
configuration's ``card.surface_issuers``) for the kiosks it starts, as a clinic's configuration
would name a real issuer's key; ``stop()`` puts the variable back.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

from smartcard import scard

from kiosk.card import surface_sig
from kiosk.sim.pki import MockPki

VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
RUN_DIR = Path("/run/pcscd")
SOCKET_ENV = "PCSCLITE_CSOCK_NAME"
ISSUERS_ENV = "KIOSK_CARD__SURFACE_ISSUERS"
VPCD_PORT = 35963  # vpcd's default; private to the stack's network namespace
_process_socket_dir: Path | None = None


class StackUnavailable(RuntimeError):
    """pcscd or vsmartcard-vpcd is missing, or pcscd cannot be started here."""


def missing_parts() -> list[str]:
    """What this machine lacks for a virtual reader (empty when everything is there)."""
    missing = []
    if shutil.which("pcscd") is None:
        missing.append("pcscd (apt-get install pcscd)")
    if not VPCD_DRIVER.exists():
        missing.append(f"{VPCD_DRIVER} (apt-get install vsmartcard-vpcd)")
    for tool, package in (("unshare", "util-linux"), ("nsenter", "util-linux"), ("ip", "iproute2")):
        if shutil.which(tool) is None:
            missing.append(f"{tool} ({package})")
    return missing


def _socket_dir() -> Path:
    global _process_socket_dir
    if _process_socket_dir is None:
        _process_socket_dir = Path(tempfile.mkdtemp(prefix="kiosk-pcscd-"))
        atexit.register(shutil.rmtree, _process_socket_dir, ignore_errors=True)
        os.environ[SOCKET_ENV] = str(_process_socket_dir / "pcscd.comm")
    return _process_socket_dir


def client_socket() -> Path:
    """Point this process's PC/SC client (and its children's: the variable is inherited) at the
    socket the stacks use, before any stack runs: a kiosk started now sees no pcscd until a
    stack starts, as on a machine where pcscd is down."""
    return _socket_dir() / "pcscd.comm"


def _stop_process(process: subprocess.Popen[bytes], timeout: float = 5.0) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout)


class VirtualReaderStack:
    """pcscd + vpcd + one virtual card at a time. ``reader_name`` is the reader cards go in."""

    def __init__(
        self,
        *,
        state_dir: Path | None = None,
        pki_dir: Path | None = None,
        startup_timeout: float = 15.0,
    ) -> None:
        self._work = Path(tempfile.mkdtemp(prefix="kiosk-vreader-"))
        self.state_dir = state_dir or self._work / "cards"
        self.pki_dir = pki_dir
        self.startup_timeout = startup_timeout
        self.port = 0
        self.reader_name = "Virtual PCD 00 00"
        self.phone_reader_name = "Virtual PCD 00 01"
        self._pcscd: subprocess.Popen[bytes] | None = None
        self._card: subprocess.Popen[bytes] | None = None
        self._phone: subprocess.Popen[bytes] | None = None
        self._phone_slot = 1
        self.log_path = self._work / "pcscd.log"
        self._saved_issuers: str | None = None
        self._trusting = False

    @property
    def reader_pattern(self) -> str:
        return "^" + re.escape(self.reader_name) + "$"

    @property
    def phone_reader_pattern(self) -> str:
        return "^" + re.escape(self.phone_reader_name) + "$"

    def _slot_name(self, slot: int) -> str:
        return self.phone_reader_name if slot else self.reader_name

    # --- pcscd -----------------------------------------------------------------------------

    def start(self) -> VirtualReaderStack:
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _trust_virtual_issuer(self) -> None:
        """Accept the virtual cards' 券面AP signatures, here and in the kiosks started from here."""
        pki = MockPki(self.pki_dir) if self.pki_dir is not None else MockPki()
        anchor = pki.issuer_anchor_path("surface")
        surface_sig.trust_file(anchor)
        if not self._trusting:
            self._saved_issuers, self._trusting = os.environ.get(ISSUERS_ENV), True
        os.environ[ISSUERS_ENV] = json.dumps([str(anchor)])  # a TOML array of strings

    def _restore_issuers_env(self) -> None:
        if not self._trusting:
            return
        self._trusting = False
        if self._saved_issuers is None:
            os.environ.pop(ISSUERS_ENV, None)
        else:
            os.environ[ISSUERS_ENV] = self._saved_issuers

    def _start(self) -> None:
        missing = missing_parts()
        if missing:
            raise StackUnavailable("virtual reader needs: " + ", ".join(missing))
        self._trust_virtual_issuer()
        run_dir = _socket_dir()
        for stale in ("pcscd.comm", "pcscd.pid"):
            (run_dir / stale).unlink(missing_ok=True)
        self.port = VPCD_PORT
        conf = self._work / "reader.conf.d"
        conf.mkdir(exist_ok=True)
        (conf / "vpcd").write_text(
            'FRIENDLYNAME "Virtual PCD"\n'
            f"DEVICENAME /dev/null:0x{self.port:04X}\n"
            f"LIBPATH {VPCD_DRIVER}\n"
            f"CHANNELID 0x{self.port:04X}\n"
        )
        script = (
            f'ip link set lo up && mount --bind "{run_dir}" {RUN_DIR} '
            f'&& exec pcscd --foreground -c "{conf}"'
        )
        command = ["unshare", "--mount", "--net", "--propagation", "private", "sh", "-c", script]
        if os.geteuid() == 0:
            RUN_DIR.mkdir(parents=True, exist_ok=True)  # the bind mount needs its target
        with open(self.log_path, "wb") as log_file:
            self._pcscd = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT)
        self._wait_for_reader()

    def _fail(self, what: str) -> StackUnavailable:
        log = self.log_path.read_text(errors="replace")[-1500:] if self.log_path.exists() else ""
        return StackUnavailable(f"{what}; pcscd log:\n{log}")

    def _wait_for_reader(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            assert self._pcscd is not None
            if self._pcscd.poll() is not None:
                raise self._fail(f"pcscd exited with {self._pcscd.returncode}")
            names = self._readers()
            if self.reader_name in names and self.phone_reader_name in names:
                return
            time.sleep(0.05)
        raise self._fail("pcscd did not show the virtual reader in time")

    def _readers(self) -> list[str]:
        code, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if code != scard.SCARD_S_SUCCESS:
            return []
        try:
            code, names = scard.SCardListReaders(context, [])
            return list(names) if code == scard.SCARD_S_SUCCESS else []
        finally:
            scard.SCardReleaseContext(context)

    # --- cards -----------------------------------------------------------------------------

    def insert(
        self, persona_id: str, *, pull_after: int | None = None, atr: str | None = None
    ) -> None:
        """Start the persona's card process and wait until pcscd sees the card; ``atr`` names
        one of ``kiosk.sim.card.ATRS`` (e.g. "contactless") or is hex, default the contact one."""
        if self._pcscd is None:
            raise StackUnavailable("the stack is not started")
        self.remove()
        if self._phone is not None and self._phone_slot == 0:
            self.remove_phone()  # one vpcd slot holds one thing at a time
        env = dict(os.environ)
        if self.pki_dir is not None:
            env["KIOSK_PKI_DIR"] = str(self.pki_dir)
        # The card joins pcscd's network namespace: vpcd's port exists only in there.
        command = ["nsenter", "--target", str(self._pcscd.pid), "--net", "--",
                   sys.executable, "-m", "kiosk", "virtual-card", "--persona", persona_id,
                   "--port", str(self.port), "--state-dir", str(self.state_dir)]  # fmt: skip
        if pull_after is not None:
            command += ["--pull-after", str(pull_after)]
        if atr is not None:
            command += ["--atr", atr]
        self._card = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE)  # fmt: skip
        self._wait_card(present=True, timeout=60.0)

    def place_phone(self, persona_id: str, *, slot: int = 1, pull_after: int | None = None) -> None:
        """Hold the persona's virtual phone over the NFC reader (``slot=1``) or over the card
        reader (``slot=0``, one reader for both) and wait until pcscd sees it."""
        if self._pcscd is None:
            raise StackUnavailable("the stack is not started")
        self.remove_phone()
        if slot == 0:
            self.remove()  # one vpcd slot holds one thing at a time
        env = dict(os.environ)
        if self.pki_dir is not None:
            env["KIOSK_PKI_DIR"] = str(self.pki_dir)
        command = ["nsenter", "--target", str(self._pcscd.pid), "--net", "--",
                   sys.executable, "-m", "kiosk", "virtual-phone", "--persona", persona_id,
                   "--port", str(self.port + slot), "--state-dir", str(self.state_dir)]  # fmt: skip
        if pull_after is not None:
            command += ["--pull-after", str(pull_after)]
        self._phone_slot = slot
        self._phone = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE)  # fmt: skip
        self._wait_present(self._phone, self._slot_name(slot), present=True, timeout=60.0)

    def remove_phone(self) -> int | None:
        """Take the phone away (stop its process) and wait until pcscd notices; the phone
        process's exit status (negative: it had to be killed), None if no phone was held."""
        phone, self._phone = self._phone, None
        if phone is None:
            return None
        _stop_process(phone)
        if phone.stderr is not None:
            phone.stderr.close()
        self._wait_present(None, self._slot_name(self._phone_slot), present=False, timeout=10.0)
        return phone.returncode

    def phone_exited(self) -> bool:
        return self._phone is not None and self._phone.poll() is not None

    def remove(self) -> None:
        """Take the card off the reader (stop its process) and wait until pcscd notices."""
        card, self._card = self._card, None
        if card is None:
            return
        _stop_process(card)
        if card.stderr is not None:
            card.stderr.close()
        self._wait_card(present=False, timeout=10.0)

    def card_exited(self) -> bool:
        return self._card is not None and self._card.poll() is not None

    def _card_state(self, reader: str | None = None) -> int:
        code, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if code != scard.SCARD_S_SUCCESS:
            return 0
        try:
            states = [(reader or self.reader_name, scard.SCARD_STATE_UNAWARE)]
            code, states = scard.SCardGetStatusChange(context, 0, states)
            return int(states[0][1]) if code == scard.SCARD_S_SUCCESS else 0
        finally:
            scard.SCardReleaseContext(context)

    def _wait_card(self, *, present: bool, timeout: float) -> None:
        self._wait_present(self._card, self.reader_name, present=present, timeout=timeout)

    def _wait_present(
        self,
        process: subprocess.Popen[bytes] | None,
        reader: str,
        *,
        present: bool,
        timeout: float,
    ) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if bool(self._card_state(reader) & scard.SCARD_STATE_PRESENT) == present:
                return
            if present and process is not None and process.poll() is not None:
                err = process.stderr.read().decode(errors="replace") if process.stderr else ""
                raise StackUnavailable(f"virtual device exited with {process.returncode}: "
                                       f"{err[-800:]}")  # fmt: skip
            time.sleep(0.02)
        raise StackUnavailable(f"{'insertion' if present else 'removal'} on {reader} not seen")

    # --- teardown --------------------------------------------------------------------------

    def restart_pcscd(self) -> None:
        """pcscd dies (the card with it) and comes back on the same socket, as after a crash or
        a package update; the reader reappears, empty."""
        self.remove()
        self.remove_phone()
        pcscd, self._pcscd = self._pcscd, None
        if pcscd is not None:
            _stop_process(pcscd)
        self._start()

    def stop(self) -> None:
        for name in ("_card", "_phone"):
            process = getattr(self, name)
            setattr(self, name, None)
            if process is not None:
                _stop_process(process)
                if process.stderr is not None:
                    process.stderr.close()
        pcscd, self._pcscd = self._pcscd, None
        if pcscd is not None:
            _stop_process(pcscd)
        self._restore_issuers_env()
        shutil.rmtree(self._work, ignore_errors=True)

    def __enter__(self) -> VirtualReaderStack:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
