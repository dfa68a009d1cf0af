"""Every bench in bench/ in a short form (seconds each, the whole path of the bench), so a bench
that no longer runs fails CI instead of rotting unseen.

Each bench runs as its own process, ``python bench/<name>.py <short args>``, one at a time, with
a time limit; one line per bench: name, seconds, ok/FAILED, the bench's last output line (a
failed bench's output tail follows its line). The exit status is 1 if any bench failed or ran
out of time. Only whether a bench runs is checked here, never its numbers: the short forms are
too small to mean anything.

``SHORT`` lists every bench with its short arguments: a ``bench/*.py`` file missing from it (or
an entry whose file is gone) fails the run, so a new bench cannot be forgotten. Files whose
name starts with ``_`` are helpers, not benches.

The image bench needs a built bundle: ``$KIOSK_IMAGE`` (as CI sets it after packaging/build),
else ``dist/kiosk`` if there is one; without either it is skipped (counted as ok, unless
``--require-image``).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/short.py [--only NAME ...] [--require-image]

``--only NAME`` runs just that bench (repeatable) and shows its whole output, for debugging.
The last line is ``short benches=<n> ok=<n> failed=<n> [failed: names]``.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
SELF = Path(__file__).stem
TAIL_LINES = 40  # of a failed bench's output
CLEANUP_S = 20.0  # a timed-out bench's time to stop its servers after Ctrl-C


@dataclass(frozen=True)
class Short:
    args: tuple[str, ...]
    timeout_s: float  # generous: a loaded 2-core machine; a first run may fill caches


SHORT: dict[str, Short] = {
    # 6 placements (glare asks, the two-read agreement) + the engine table on 2 fronts.
    "card_front": Short(("--n", "6", "--engines", "2"), 180),
    # Both read modes, both paths, ours and raw, through pcscd + vpcd.
    "card_read": Short(("--rounds", "5"), 180),
    # Two concurrency levels (the 1-kiosk baseline and a ratio), mutual TLS, real signatures.
    "eligibility": Short(("--seconds", "0.5", "--levels", "1,2"), 180),
    # Per-frame latency, ours + naive sessions (blink and off), the calibration table on the
    # smallest photo set (a first run fetches it and fills the encodings cache).
    # No real specimen on a CI machine: one of our own fronts stands in, one resolution.
    "front_specimens": Short(("--own", "--sizes", "1280x720"), 300),
    "face": Short(("--sessions", "1", "--naive-sessions", "1", "--sets", "face_recognition"), 600),
    # Every target, its documented errors only.
    "fuzz": Short(("--cases", "300"), 180),
    # One frozen and one source start of the bundle; the bundle is added by ``image_args``.
    "image": Short(("--runs", "1"), 300),
    "phone_read": Short(("--rounds", "3"), 180),
    # SQLite and PostgreSQL, 1 and 8 writers.
    "records": Short(("--each", "5"), 300),
    "result_files": Short(("--n", "5"), 120),
    # The real `kiosk run`: the warm-up receptions plus one sampled after them.
    "soak": Short(("--receptions", "3", "--every", "1"), 600),
    # SQLite (poll) and PostgreSQL (LISTEN/NOTIFY), both directions.
    "staff_alert": Short(("--calls", "2"), 180),
    # One cold start of each, then the face-under-40 reception (its warm-up run and the timed).
    "ui": Short(("--runs", "1"), 300),
}


def bench_files() -> set[str]:
    return {p.stem for p in BENCH.glob("*.py") if p.stem != SELF and not p.stem.startswith("_")}


def table_errors() -> list[str]:
    files = bench_files()
    errors = [f"bench/{name}.py is not in SHORT (bench/short.py)" for name in files - set(SHORT)]
    errors += [f"SHORT names {name}; there is no bench/{name}.py" for name in set(SHORT) - files]
    return sorted(errors)


def image_bundle() -> tuple[Path | None, str]:
    """The bundle to measure, or None and why not."""
    configured = os.environ.get("KIOSK_IMAGE")
    if configured:
        return Path(configured), ""  # set but absent: the bench fails, as it should
    default = ROOT / "dist" / "kiosk"
    if (default / "kiosk").is_file():
        return default, ""
    return None, "skipped: no bundle (set KIOSK_IMAGE, or build dist/kiosk with packaging/build)"


@dataclass
class Outcome:
    name: str
    seconds: float
    ok: bool
    note: str  # the bench's last output line, or why it failed or was skipped
    output: str = ""


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """End the bench: first Ctrl-C, so its ``with`` blocks stop what it started in sessions of
    their own (PostgreSQL's pg_ctl, pcscd); then its process group (workers, helpers)."""
    try:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=CLEANUP_S)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        pass
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=5.0)
            if sig == signal.SIGKILL:
                break
        except subprocess.TimeoutExpired:
            continue
    proc.wait()


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"


def run_bench(name: str, args: list[str], timeout_s: float) -> Outcome:
    command = [sys.executable, f"bench/{name}.py", *args]
    env = {**os.environ}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Output to files, not pipes: a server a bench leaves behind could hold a pipe open.
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                stdout=out, stderr=err, start_new_session=True)  # fmt: skip
        timed_out = False
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            timed_out = True
            _kill_group(proc)
        except BaseException:  # Ctrl-C: take the bench's processes along
            _kill_group(proc)
            raise
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    output = stdout + (f"\n--- stderr ---\n{stderr}" if stderr.strip() else "")
    if timed_out:
        return Outcome(name, seconds, False, f"timed out after {timeout_s:.0f} s", output)
    if proc.returncode != 0:
        last = _last_line(stderr) if stderr.strip() else _last_line(stdout)
        return Outcome(name, seconds, False, f"exit {proc.returncode}: {last}", output)
    return Outcome(name, seconds, True, _last_line(stdout), output)


def run_one(name: str, require_image: bool) -> Outcome:
    short = SHORT[name]
    args = list(short.args)
    if name == "image":
        bundle, why = image_bundle()
        if bundle is None:
            return Outcome(name, 0.0, not require_image, why)
        args = ["--image", str(bundle), *args]
    return run_bench(name, args, short.timeout_s)


def _line(o: Outcome) -> str:
    return f"{o.name:<13} {o.seconds:7.1f} s  {'ok' if o.ok else 'FAILED':<6}  {o.note}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=sorted(SHORT), metavar="NAME",
                        help="run only this bench, with its whole output (repeatable)")  # fmt: skip
    parser.add_argument("--require-image", action="store_true",
                        help="no bundle for the image bench is a failure, not a skip")  # fmt: skip
    args = parser.parse_args(argv)
    errors = table_errors()
    for error in errors:
        print(f"short: {error}")
    names = args.only or sorted(SHORT)
    outcomes: list[Outcome] = []
    started = time.perf_counter()
    for name in names:
        outcome = run_one(name, args.require_image)
        outcomes.append(outcome)
        print(_line(outcome), flush=True)
        shown = outcome.output.rstrip().splitlines()
        if not args.only and outcome.ok:
            continue
        if not args.only:
            shown = shown[-TAIL_LINES:]
        for line in shown:
            print(f"    | {line}")
        sys.stdout.flush()
    failed = [o.name for o in outcomes if not o.ok]
    total = time.perf_counter() - started
    print(f"short benches={len(outcomes)} ok={len(outcomes) - len(failed)} failed={len(failed)}"
          f" seconds={total:.0f}" + (f" failed: {' '.join(failed)}" if failed else "")
          + (" table: incomplete" if errors else ""))  # fmt: skip
    return 1 if failed or errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
