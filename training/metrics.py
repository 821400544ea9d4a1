"""Image-quality yardstick shared by every image model (VAE, GAN, diffusion), all on 28x28 Fashion-MNIST.

- FMNIST-FD: Fréchet distance between two sets' features in the penultimate layer of our own Fashion-MNIST
  classifier (the FID recipe of Heusel et al. 2017, eq. 6, with our classifier in place of Inception).
- Class coverage: share of the 10 classes the classifier predicts at least once, and the entropy (nats) of the
  predicted-class histogram (log 10 = 2.303 for a perfectly even spread).
- Sharpness: mean over images of the variance of the Laplacian (Pech-Pacheco et al. 2000), images in [0, 1].
- Precision and recall (Kynkäänniemi et al. 2019): the share of generated images that fall inside the real
  images' manifold (each real feature's ball out to its k-th nearest real neighbour), and the share of real
  images inside the generated one. Unlike FD, they tell fidelity (precision) apart from diversity (recall).
- Nearest distances: for each image of one set, the pixel distance to the closest image of another; samples
  much closer to their nearest training image than held-out real images are is a sign of memorising.
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


def _sq_distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Squared Euclidean distances between the rows of a [N, D] and b [M, D], as [N, M] (float64)."""
    a, b = a.astype(np.float64), b.astype(np.float64)
    d = (a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2 * a @ b.T
    return np.maximum(d, 0)


def nearest_distances(a: np.ndarray, b: np.ndarray, chunk: int = 500) -> np.ndarray:
    """For each row of a [N, ...], the Euclidean distance to its nearest row of b [M, ...] (same trailing shape)."""
    a, b = a.reshape(len(a), -1), b.reshape(len(b), -1)
    return np.concatenate([np.sqrt(_sq_distances(a[i:i + chunk], b).min(1)) for i in range(0, len(a), chunk)])


def _knn_radii(f: np.ndarray, k: int) -> np.ndarray:
    """Each row's distance to its k-th nearest other row (squared)."""
    d = _sq_distances(f, f)
    return np.sort(d, axis=1)[:, k]  # column 0 is the row itself


def precision_recall(real: np.ndarray, fake: np.ndarray, k: int = 3) -> tuple[float, float]:
    """k-NN precision and recall of `fake` features against `real` ones (Kynkäänniemi et al. 2019): precision is
    the share of fake rows within some real row's k-NN radius, recall the share of real rows within some fake
    row's. Both sets should be of equal size (the radii depend on it)."""
    cross = _sq_distances(fake, real)
    precision = float((cross <= _knn_radii(real, k)[None, :]).any(1).mean())
    recall = float((cross <= _knn_radii(fake, k)[:, None]).any(0).mean())
    return precision, recall
