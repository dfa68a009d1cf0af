"""A second face descriptor: HSE FaceRes (MobileNet, 1024-d), run on numpy alone.

The model is the TensorFlow.js graph model ``faceres`` that the npm package @vladmandic/human
ships (models/faceres.json + faceres.bin, 7 MB; the package is MIT, the model is A. Savchenko's
HSE_FaceRec_tf). No registry reachable here ships OpenCV Zoo's SFace or an ArcFace ONNX inside a
package (docs/face.md, "A second opinion"), and TensorFlow is far too large for the kiosk image,
so this module runs the graph's few operations (convolutions, depthwise convolutions, ReLU-6,
a global mean) with numpy: no new dependency, ~0.6 GFLOP per face.

Evaluated by bench/face.py only (``--second-opinion``), where it lost to dlib's descriptor on
every chip size (docs/face.md, "A second opinion"); so it lives with the simulators and the
kiosk image leaves it out. The model files come from the bench cache, fetched with npm.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from kiosk.face.detect import Box, Image

Array = npt.NDArray[np.float32]
INPUT = 224
OUTPUT = "global_pooling/Mean"
MARGIN = 0.25  # the dlib box is tight; the model saw loosely cropped faces (VGGFace2)


class ModelError(RuntimeError):
    """The model files are missing or hold an operation this runner does not know."""


@dataclass(frozen=True)
class _Node:
    name: str
    op: str
    inputs: tuple[str, ...]
    attr: dict[str, Any]


def _weights(manifest: list[dict[str, Any]], folder: Path) -> dict[str, Array]:
    out: dict[str, Array] = {}
    for group in manifest:
        data = b"".join((folder / p).read_bytes() for p in group["paths"])
        offset = 0
        for w in group["weights"]:
            count = int(np.prod(w["shape"])) if w["shape"] else 1
            quant = w.get("quantization", {}).get("dtype")
            dtype = np.dtype(quant or w["dtype"])
            size = count * dtype.itemsize
            values = np.frombuffer(data, dtype, count, offset)
            offset += size
            out[w["name"]] = values.astype(np.float32).reshape(w["shape"])
    return out


def _ints(attr: dict[str, Any], key: str, default: list[int]) -> list[int]:
    values = attr.get(key, {}).get("list", {}).get("i")
    return [int(v) for v in values] if values else default


def _text(attr: dict[str, Any], key: str, default: str) -> str:
    raw = attr.get(key, {}).get("s")
    return base64.b64decode(raw).decode() if raw else default


def _pad(x: Array, k: tuple[int, int], stride: int, padding: str) -> tuple[Array, int, int]:
    h, w = x.shape[:2]
    if padding == "VALID":
        return x, (h - k[0]) // stride + 1, (w - k[1]) // stride + 1
    oh, ow = -(-h // stride), -(-w // stride)
    ph = max((oh - 1) * stride + k[0] - h, 0)
    pw = max((ow - 1) * stride + k[1] - w, 0)
    padded = np.pad(x, ((ph // 2, ph - ph // 2), (pw // 2, pw - pw // 2), (0, 0)))
    return padded, oh, ow


def _conv(x: Array, f: Array, attr: dict[str, Any]) -> Array:
    stride = _ints(attr, "strides", [1, 1, 1, 1])[1]
    kh, kw, c, o = f.shape
    xp, oh, ow = _pad(x, (kh, kw), stride, _text(attr, "padding", "VALID"))
    if kh == kw == 1:
        cols = xp[: oh * stride : stride, : ow * stride : stride, :].reshape(-1, c)
    else:
        win = np.lib.stride_tricks.sliding_window_view(xp, (kh, kw), axis=(0, 1))
        win = win[: oh * stride : stride, : ow * stride : stride]  # (oh, ow, c, kh, kw)
        cols = np.ascontiguousarray(win.transpose(0, 1, 3, 4, 2)).reshape(oh * ow, kh * kw * c)
    out: Array = (cols @ f.reshape(kh * kw * c, o)).reshape(oh, ow, o)
    return out


def _depthwise(x: Array, f: Array, attr: dict[str, Any]) -> Array:
    stride = _ints(attr, "strides", [1, 1, 1, 1])[1]
    kh, kw, c, mult = f.shape
    if mult != 1:
        raise ModelError("depthwise convolution with a channel multiplier")
    xp, oh, ow = _pad(x, (kh, kw), stride, _text(attr, "padding", "VALID"))
    out = np.zeros((oh, ow, c), np.float32)
    for i in range(kh):
        for j in range(kw):
            out += xp[i : i + oh * stride : stride, j : j + ow * stride : stride, :] * f[i, j, :, 0]
    return out


def _matmul(a: Array, b: Array, bias: Array, attr: dict[str, Any]) -> Array:
    out: Array = a @ b + bias
    fused = [
        base64.b64decode(s).decode() for s in attr.get("fused_ops", {}).get("list", {}).get("s", [])
    ]
    if "Relu" in fused:
        out = np.maximum(out, 0)
    return out


def _softmax(x: Array) -> Array:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    out: Array = e / e.sum(axis=-1, keepdims=True)
    return out


OPS: dict[str, Callable[..., Array]] = {
    "Conv2D": lambda x, f, attr: _conv(x, f, attr),
    "DepthwiseConv2dNative": lambda x, f, attr: _depthwise(x, f, attr),
    "Add": lambda a, b, attr: a + b,
    "AddV2": lambda a, b, attr: a + b,
    "Mul": lambda a, b, attr: a * b,
    "Maximum": lambda a, b, attr: np.maximum(a, b),
    "Minimum": lambda a, b, attr: np.minimum(a, b),
    "Relu": lambda x, attr: np.maximum(x, 0),
    "Sigmoid": lambda x, attr: 1 / (1 + np.exp(-x)),
    "Softmax": lambda x, attr: _softmax(x),
    "Mean": lambda x, axes, attr: x.mean(axis=tuple(int(a) - 1 for a in np.atleast_1d(axes))),
    "_FusedMatMul": lambda a, b, bias, attr: _matmul(a, b, bias, attr),
}


class FaceRes:
    """The descriptor network, loaded from a folder holding faceres.json and faceres.bin."""

    def __init__(self, folder: Path) -> None:
        spec_path = folder / "faceres.json"
        if not spec_path.is_file():
            raise ModelError(f"no faceres.json in {folder}")
        spec = json.loads(spec_path.read_text())
        self._consts = _weights(spec["weightsManifest"], folder)
        self._nodes = [
            _Node(
                n["name"],
                n["op"],
                tuple(i for i in n.get("input", []) if not i.startswith("^")),
                n.get("attr", {}),
            )
            for n in spec["modelTopology"]["node"]
        ]
        needed = self._needed(OUTPUT)
        self._plan = [n for n in self._nodes if n.name in needed]
        unknown = {n.op for n in self._plan} - set(OPS) - {"Const", "Placeholder"}
        if unknown:
            raise ModelError(f"operations not supported: {sorted(unknown)}")

    def _needed(self, output: str) -> set[str]:
        by_name = {n.name: n for n in self._nodes}
        needed, todo = set(), [output]
        while todo:
            name = todo.pop().split(":")[0]
            if name in needed or name not in by_name:
                continue
            needed.add(name)
            todo += list(by_name[name].inputs)
        return needed

    def run(self, face: Array) -> Array:
        """The 1024-d descriptor of one 224x224x3 RGB face, values 0..255 (batch of one: the
        batch axis is dropped throughout)."""
        values: dict[str, Array] = {}
        for node in self._plan:
            if node.op == "Placeholder":
                values[node.name] = face
            elif node.op == "Const":
                values[node.name] = self._consts[node.name]
            else:
                args = [values[i.split(":")[0]] for i in node.inputs]
                values[node.name] = OPS[node.op](*args, node.attr)
        return values[OUTPUT].reshape(-1)

    def describe(self, image: Image, box: Box) -> Array:
        """The unit-length descriptor of the face in ``box`` (RGB frame)."""
        h, w = image.shape[:2]
        pad_x, pad_y = int(box.width * MARGIN), int(box.height * MARGIN)
        top, bottom = max(box.top - pad_y, 0), min(box.bottom + pad_y, h)
        left, right = max(box.left - pad_x, 0), min(box.right + pad_x, w)
        crop = cv2.resize(
            image[top:bottom, left:right], (INPUT, INPUT), interpolation=cv2.INTER_AREA
        )
        vector = self.run(crop.astype(np.float32))
        out: Array = vector / (np.linalg.norm(vector) + 1e-9)
        return out
