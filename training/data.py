"""Fashion-MNIST from the idx files that Debian's `dataset-fashion-mnist` package installs.

Fashion-MNIST: Zalando Research, MIT licence, https://github.com/zalandoresearch/fashion-mnist
"""
from __future__ import annotations

import gzip
import os
import struct

import numpy as np

DEFAULT_DIR = "/usr/share/datasets/fashion-mnist"

FASHION_MNIST_INFO = {
    "name": "Fashion-MNIST",
    "licence": "MIT",
    "source": "https://github.com/zalandoresearch/fashion-mnist",
    "installed_from": "Debian package dataset-fashion-mnist",
    "train_size": 60000,
    "test_size": 10000,
}

CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def _open(path: str):
    if os.path.exists(path):
        return open(path, "rb")
    if os.path.exists(path + ".gz"):
        return gzip.open(path + ".gz", "rb")
    raise FileNotFoundError(
        f"{path}(.gz) not found. Install Debian's dataset-fashion-mnist package "
        f"or pass --data pointing at a folder with the four idx files.")


def _read_idx(path: str) -> np.ndarray:
    with _open(path) as f:
        magic, = struct.unpack(">I", f.read(4))
        ndim = magic & 0xFF
        shape = struct.unpack(">" + "I" * ndim, f.read(4 * ndim))
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(shape)


def load_fashion_mnist(split: str, data_dir: str = DEFAULT_DIR) -> tuple[np.ndarray, np.ndarray]:
    """Returns (images uint8 (N, 28, 28), labels uint8 (N,)) for split 'train' or 't10k'."""
    if split not in ("train", "t10k"):
        raise ValueError(f"Unknown split {split!r}. Use 'train' or 't10k'.")
    images = _read_idx(os.path.join(data_dir, f"{split}-images-idx3-ubyte"))
    labels = _read_idx(os.path.join(data_dir, f"{split}-labels-idx1-ubyte"))
    assert images.shape[0] == labels.shape[0], "image and label counts differ"
    return images, labels
