"""The yardstick's reference statistics for live scoring in the browser (`#/train`): the mean and covariance of
the classifier's features over the 10,000 Fashion-MNIST test images, shipped as yardstick/test-features.bin
(little-endian float32: the D means, then the D×D covariance row by row), and how far FD moves with the
sample count (real test images against these statistics: the floor a perfect generator would score).

    python3 -m training.real_stats          # writes the file, the classifier's manifest entry, and the
                                            # TypeScript test's fixture (src/engines/training/fixtures/fd.json)
"""
from __future__ import annotations

import json
import os

import numpy as np

from .data import DEFAULT_DIR
from .manifest import MANIFEST, file_entry, save_manifest
from .metrics import fd_between, feature_stats, frechet_distance
from .yardstick import Yardstick

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE = os.path.join(ROOT, "src", "engines", "training", "fixtures", "fd.json")
SAMPLE_COUNTS = (500, 1000)
DRAWS = 5


def sample_floor(ref: np.ndarray, mu: np.ndarray, cov: np.ndarray) -> dict:
    """Mean FD (and its range over DRAWS draws) of n random test images against the full set's statistics."""
    rng = np.random.default_rng(7)
    out = {}
    for n in SAMPLE_COUNTS:
        fds = [frechet_distance(*feature_stats(ref[rng.permutation(len(ref))[:n]]), mu, cov) for _ in range(DRAWS)]
        out[str(n)] = {"mean": round(float(np.mean(fds)), 2), "min": round(float(min(fds)), 2), "max": round(float(max(fds)), 2)}
    return out


def write_fixture() -> None:
    """Small random feature sets and their FD by metrics.py, for the TypeScript implementation's unit test."""
    rng = np.random.default_rng(11)
    a = rng.normal(size=(300, 6)) @ rng.normal(size=(6, 6))
    b = rng.normal(size=(250, 6)) @ rng.normal(size=(6, 6)) + 0.5
    os.makedirs(os.path.dirname(FIXTURE), exist_ok=True)
    with open(FIXTURE, "w") as f:
        json.dump({"about": "two random feature sets (rows) and their FD by training/metrics.py (python3 -m training.real_stats)",
                   "a": np.round(a, 6).tolist(), "b": np.round(b, 6).tolist(),
                   "fd": fd_between(np.round(a, 6), np.round(b, 6))}, f)
        f.write("\n")


def main() -> None:
    y = Yardstick(os.path.dirname(MANIFEST), DEFAULT_DIR)
    mu, cov = feature_stats(y.ref)
    path = os.path.join(os.path.dirname(MANIFEST), "yardstick", "test-features.bin")
    np.concatenate([mu, cov.ravel()]).astype("<f4").tofile(path)
    floor = sample_floor(y.ref, mu, cov)
    with open(MANIFEST) as f:
        manifest = json.load(f)
    entry = manifest["models"]["classifier"]
    entry["roles"]["test_stats"] = "yardstick/test-features.bin"
    entry["files"] = [e for e in entry["files"] if e["path"] != "yardstick/test-features.bin"]
    entry["files"].append(file_entry(path, os.path.dirname(MANIFEST)))
    entry["metrics"].pop("test_stats", None)
    # flat, as the manifest's metrics are: FD of n real test images against the full set's statistics
    for n, fd in floor.items():
        entry["metrics"][f"fd_real_{n}"] = fd["mean"]
        entry["metrics"][f"fd_real_{n}_range"] = f"{fd['min']}–{fd['max']} over {DRAWS} draws"
    save_manifest(manifest, MANIFEST)
    write_fixture()
    print(f"{path}: {os.path.getsize(path):,} bytes; FD of real test samples against the full set: {floor}")


if __name__ == "__main__":
    main()
