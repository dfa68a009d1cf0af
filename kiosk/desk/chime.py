"""The desk's chime: a short two-note tone made at start-up as a WAV in memory, so the desk ships
no sound file of anyone else's and needs no audio library."""

from __future__ import annotations

import io
import math
import struct
import wave

RATE = 22050
NOTES = ((880.0, 0.18), (660.0, 0.32))  # a falling "ding-dong", Hz and seconds
VOLUME = 0.45


def _note(freq: float, seconds: float) -> list[int]:
    count = int(RATE * seconds)
    fade = int(RATE * 0.01)  # 10 ms ramps: no click at either end
    samples = []
    for i in range(count):
        envelope = min(1.0, i / fade, (count - i) / fade) * math.exp(-3.0 * i / count)
        samples.append(int(32767 * VOLUME * envelope * math.sin(2 * math.pi * freq * i / RATE)))
    return samples


def chime_wav() -> bytes:
    """Mono 16-bit PCM WAV bytes."""
    samples = [s for freq, seconds in NOTES for s in _note(freq, seconds)]
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    return out.getvalue()
