"""Image-quality yardstick shared by every image model (VAE, GAN, diffusion), all on 28x28 Fashion-MNIST.

- FMNIST-FD: Fréchet distance between two sets' features in the penultimate layer of our own Fashion-MNIST
  classifier (the FID recipe of Heusel et al. 2017, eq. 6, with our classifier in place of Inception).
- Class coverage: share of the 10 classes the classifier predicts at least once, and the entropy (nats) of the
  predicted-class histogram (log 10 = 2.303 for a perfectly even spread).
- Sharpness: mean over images of the variance of the Laplacian (Pech-Pacheco et al. 2000), images in [0, 1].
"""
from __future__ import annotations

import numpy as np


def _sqrtm_psd(m: np.ndarray) -> np.ndarray:
    """Square root of a symmetric positive semi-definite matrix by eigendecomposition."""
    w, v = np.linalg.eigh((m + m.T) / 2)
    return (v * np.sqrt(np.clip(w, 0, None))) @ v.T


def feature_stats(features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    f = features.astype(np.float64)
    return f.mean(0), np.cov(f, rowvar=False)


def frechet_distance(mu1: np.ndarray, s1: np.ndarray, mu2: np.ndarray, s2: np.ndarray) -> float:
    """|mu1 - mu2|^2 + Tr(S1 + S2 - 2 (S1^1/2 S2 S1^1/2)^1/2); the inner form keeps the root symmetric."""
    r1 = _sqrtm_psd(s1)
    cross = _sqrtm_psd(r1 @ s2 @ r1)
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * np.trace(cross))


def fd_between(features_a: np.ndarray, features_b: np.ndarray) -> float:
    return frechet_distance(*feature_stats(features_a), *feature_stats(features_b))


def class_coverage(predicted: np.ndarray, n_classes: int = 10) -> dict:
    hist = np.bincount(predicted.astype(np.int64), minlength=n_classes)[:n_classes].astype(np.float64)
    p = hist / max(hist.sum(), 1)
    nz = p[p > 0]
    return {"coverage": float((hist > 0).mean()), "class_entropy_nats": float(max(0.0, -(nz * np.log(nz)).sum())),
            "class_histogram": [int(h) for h in hist]}


def laplacian_variance(images: np.ndarray) -> float:
    """Mean variance of the 4-neighbour Laplacian over (N, 28, 28) images in [0, 1] (valid region only)."""
    x = images.astype(np.float64)
    lap = (x[:, :-2, 1:-1] + x[:, 2:, 1:-1] + x[:, 1:-1, :-2] + x[:, 1:-1, 2:] - 4 * x[:, 1:-1, 1:-1])
    return float(lap.reshape(len(x), -1).var(1).mean())
