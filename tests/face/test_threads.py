"""dlib's detector, landmark model and encoder are one object each per process and keep scratch
buffers inside: two threads running one at once crashed `kiosk run` at start-up (the face
camera's poses and the card front's photo detected together: SIGSEGV, about one start in ten
on a loaded machine). kiosk.face.detect serialises every call; three threads detecting with
upsampling crashed every time before it did. Run in a child process, so a crash is a failure
of this test and not of the whole run."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kiosk.sim.photos import PhotoUnavailable, load_photo

CHILD = """
import threading
from kiosk.face.detect import detect, encode, find_faces, landmarks
from kiosk.sim import photos
group, portrait = photos._wheel_image("t1.jpg"), photos.load_photo("astronaut")
box = find_faces(portrait)[0]
def work(image):
    for _ in range(12):
        detect(image, upsample=1)
        landmarks(portrait, box)
        encode(portrait, box)
threads = [threading.Thread(target=work, args=(im,)) for im in (group, portrait, group)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("ok")
"""


def test_threads_detecting_and_encoding_at_once_do_not_crash() -> None:
    try:
        load_photo("t1:0")  # the group photo is in the cache (fetched once)
    except PhotoUnavailable as exc:
        pytest.skip(f"photos unavailable: {exc}")
    run = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", CHILD],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr[-3000:]
