"""The Fashion-MNIST training images the training page (#/train) learns from, shipped compactly.

10,000 training images, 1,000 per class, ordered so that every prefix of a multiple of ten images is
class-balanced (image i of class c sits at 10·i + c): the page's 100 / 1,000 / 10,000 subsets are prefixes.
Pixels are stored with 16 grey levels (4 bits, two per byte): the page trains small MLPs whose samples are
blurry long before 16 levels matter, and it halves the download (1.9 MB instead of 4.3 MB deflated).

File layout (public/models/train/fmnist-10k.bin), zlib-compressed (the browser's DecompressionStream
'deflate' reads it): b"GMPT", u32 count, u32 width, u32 height (little-endian), `count` class labels (one
byte each), then count·width·height/2 bytes, the high nibble first; a grey level q stands for q/15.

    /usr/bin/python3 -m training.train_subset      # npm run data:train-subset
"""
from __future__ import annotations

import os
import struct
import zlib

import numpy as np

from .data import DEFAULT_DIR, FASHION_MNIST_INFO, load_fashion_mnist
from .manifest import MANIFEST, write_model_entry

PER_CLASS = 1000
SEED = 0


def pick(labels: np.ndarray) -> np.ndarray:
    """Indices of PER_CLASS images per class (a seeded shuffle of each class), interleaved class by class."""
    rng = np.random.default_rng(SEED)
    per_class = [rng.permutation(np.flatnonzero(labels == c))[:PER_CLASS] for c in range(10)]
    return np.stack(per_class, axis=1).reshape(-1)  # row i: image i of classes 0..9


def encode(images: np.ndarray, labels: np.ndarray) -> bytes:
    """The file's bytes (before compression) for uint8 images [n, 28, 28] and labels [n]."""
    n, h, w = images.shape
    levels = np.rint(images.astype(np.float32) / 255 * 15).astype(np.uint8).reshape(n, -1)
    packed = (levels[:, 0::2] << 4) | levels[:, 1::2]
    return b"GMPT" + struct.pack("<III", n, w, h) + labels.astype(np.uint8).tobytes() + packed.tobytes()


def decode(raw: bytes) -> tuple[np.ndarray, np.ndarray]:
    """(images as float32 [n, h, w] in [0, 1], labels [n]) from decompressed file bytes: the check of encode."""
    assert raw[:4] == b"GMPT", "not a training-subset file"
    n, w, h = struct.unpack("<III", raw[4:16])
    labels = np.frombuffer(raw, np.uint8, n, 16)
    packed = np.frombuffer(raw, np.uint8, n * w * h // 2, 16 + n).reshape(n, -1)
    levels = np.empty((n, w * h), np.uint8)
    levels[:, 0::2], levels[:, 1::2] = packed >> 4, packed & 15
    return (levels.astype(np.float32) / 15).reshape(n, h, w), labels


def main() -> None:
    images, labels = load_fashion_mnist("train", DEFAULT_DIR)
    idx = pick(labels)
    raw = encode(images[idx], labels[idx])
    back, back_labels = decode(raw)
    assert (back_labels == labels[idx]).all()
    assert np.abs(back - images[idx] / 255).max() <= 0.5 / 15 + 1e-6
    out_dir = os.path.join(os.path.dirname(MANIFEST), "train")
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "fmnist-10k.bin")
    with open(path, "wb") as f:
        f.write(zlib.compress(raw, 9))
    entry = {"kind": "data", "title": "Fashion-MNIST training images for the training page (16 grey levels)",
             "params": {}, "dataset": FASHION_MNIST_INFO,
             "licence": {"data": "MIT (Fashion-MNIST)"},
             "training": {"command": "npm run data:train-subset", "script": "training/train_subset.py",
                          "device": "none", "wall_time_s": 0, "steps": 0, "preset": "none"},
             "metrics": {"images": int(len(idx)), "per_class": PER_CLASS, "grey_levels": 16,
                         "max_abs_pixel_error": round(float(np.abs(back - images[idx] / 255).max()), 4)},
             "config": {"seed": SEED, "order": "image i of class c at 10*i + c (every prefix of 10k images is balanced)"},
             "roles": {"images": "train/fmnist-10k.bin"}}
    write_model_entry("train_data", entry, [path])
    print(f"{path}: {os.path.getsize(path):,} bytes, {len(idx):,} images")


if __name__ == "__main__":
    main()
