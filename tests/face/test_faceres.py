"""The numpy runner of the faceres graph model (kiosk/sim/faceres.py, the bench's second
opinion): its convolutions against OpenCV's, on random data."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.sim import faceres


def _attr(stride: int, padding: str) -> dict[str, object]:
    return {
        "strides": {"list": {"i": ["1", str(stride), str(stride), "1"]}},
        "padding": {"s": base64.b64encode(padding.encode()).decode()},
    }


def _reference(x: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """A 'SAME' correlation of one channel with a zero border (TensorFlow's padding)."""
    k = kernel.shape[0]
    padded = cv2.copyMakeBorder(x, k // 2, k // 2, k // 2, k // 2, cv2.BORDER_CONSTANT, value=0)
    out = cv2.filter2D(padded, cv2.CV_32F, kernel, borderType=cv2.BORDER_CONSTANT)
    return out[k // 2 : k // 2 + x.shape[0], k // 2 : k // 2 + x.shape[1]]


def test_a_3x3_convolution_matches_opencv() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(9, 11, 2)).astype(np.float32)
    f = rng.normal(size=(3, 3, 2, 1)).astype(np.float32)
    got = faceres._conv(x, f, _attr(1, "SAME"))[:, :, 0]
    want = _reference(x[:, :, 0], f[:, :, 0, 0]) + _reference(x[:, :, 1], f[:, :, 1, 0])
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)


def test_a_strided_depthwise_convolution_matches_opencv() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(10, 10, 3)).astype(np.float32)
    f = rng.normal(size=(3, 3, 3, 1)).astype(np.float32)
    got = faceres._depthwise(x, f, _attr(2, "SAME"))
    assert got.shape == (5, 5, 3)
    for c in range(3):
        # TensorFlow's SAME with stride 2 on an even size pads one at the end only.
        padded = np.pad(x[:, :, c], ((0, 1), (0, 1)))
        want = np.array(
            [[np.sum(padded[i : i + 3, j : j + 3] * f[:, :, c, 0]) for j in range(0, 10, 2)]
             for i in range(0, 10, 2)]
        )  # fmt: skip
        np.testing.assert_allclose(got[:, :, c], want, rtol=1e-4, atol=1e-4)


def test_a_pointwise_convolution_is_a_matrix_product() -> None:
    rng = np.random.default_rng(2)
    x = rng.normal(size=(4, 5, 6)).astype(np.float32)
    f = rng.normal(size=(1, 1, 6, 7)).astype(np.float32)
    got = faceres._conv(x, f, _attr(1, "VALID"))
    np.testing.assert_allclose(got, x @ f[0, 0], rtol=1e-5, atol=1e-5)


def test_a_model_with_an_unknown_operation_is_refused(tmp_path: Path) -> None:
    spec = {
        "modelTopology": {
            "node": [
                {"name": "input_1", "op": "Placeholder"},
                {"name": faceres.OUTPUT, "op": "FancyOp", "input": ["input_1"]},
            ]
        },
        "weightsManifest": [],
    }
    (tmp_path / "faceres.json").write_text(json.dumps(spec))
    with pytest.raises(faceres.ModelError, match="FancyOp"):
        faceres.FaceRes(tmp_path)


def test_missing_model_files_are_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(faceres.ModelError, match=r"faceres\.json"):
        faceres.FaceRes(tmp_path)
