"""The yardstick: our Fashion-MNIST classifier (training/classifier.py, shipped as yardstick/classifier.onnx)
scoring generated images against the 10,000 test images, with the metrics of training/metrics.py.

`score` makes one row of `npm run evaluate`; `Yardstick` loads the classifier and the test set's features once
and scores images in-process: the GAN's training curve and ablation ladder (training/gan.py) and the study's
probes (training/study.py) read the same numbers the evaluation table does.
"""
from __future__ import annotations

import os

import numpy as np
import torch

from . import classifier as clf
from .data import load_fashion_mnist
from .metrics import class_coverage, fd_between, laplacian_variance, nearest_distances, precision_recall


def score(images: np.ndarray, model: clf.Classifier, ref_features: np.ndarray, labels: np.ndarray | None = None,
          predicted: tuple[np.ndarray, np.ndarray] | None = None) -> dict:
    """FMNIST-FD against `ref_features`, class coverage and histogram, sharpness of `images` (float [N, 28, 28]
    in [0, 1]); with `labels` (the class each image was asked to show) also the share the classifier agrees with.
    `predicted`: the classifier's (classes, features) of `images` when the caller has them already."""
    preds, feats = predicted or clf.predict(model, torch.from_numpy(images.astype(np.float32)).unsqueeze(1))
    cov = class_coverage(preds)
    cov["class_entropy_nats"] = round(cov["class_entropy_nats"], 4)
    accuracy = {} if labels is None else {"class_accuracy": round(float(np.mean(np.asarray(preds) == labels)), 4)}
    return {"fmnist_fd": round(fd_between(feats, ref_features), 3), **cov, **accuracy,
            "sharpness_laplacian_var": round(laplacian_variance(images), 5), "samples": int(len(images))}


class Yardstick:
    """Scores images as `npm run evaluate` does (FD against the 10,000 test images), computed in-process."""

    def __init__(self, models_dir: str, data_dir: str):
        self.model = clf.load_from_onnx(os.path.join(models_dir, "yardstick", "classifier.onnx"))
        test_x, self.test_y = load_fashion_mnist("t10k", data_dir)
        self.test_x = test_x.astype(np.float32) / 255
        test_pred, self.ref = clf.predict(self.model, torch.from_numpy(self.test_x).unsqueeze(1))
        self.test_pred = np.asarray(test_pred)
        # precision and recall compare equal numbers of images: a fixed draw of test images per sample count
        self._pr_real: dict[int, np.ndarray] = {}

    def _real_features(self, n: int) -> np.ndarray:
        if n not in self._pr_real:
            pick = np.random.default_rng(4321).permutation(len(self.ref))[:n]
            self._pr_real[n] = self.ref[pick]
        return self._pr_real[n]

    def precision_recall(self, features: np.ndarray) -> dict:
        """k-NN precision and recall (k = 3) in the classifier's features against as many test images."""
        p, r = precision_recall(self._real_features(min(len(features), len(self.ref))), features)
        return {"precision": round(p, 4), "recall": round(r, 4)}

    def score(self, images: np.ndarray) -> dict:
        """The evaluation's row for `images` and the rarest class's share of them (`min_class_share`)."""
        row = score(images, self.model, self.ref)
        return {**row, "min_class_share": round(min(row["class_histogram"]) / len(images), 4)}

    def probe(self, images: np.ndarray, rare_class: int | None = None) -> dict:
        """The figures of one point of a study run's curve; with `rare_class`, also that class's share."""
        preds, feats = clf.predict(self.model, torch.from_numpy(images.astype(np.float32)).unsqueeze(1))
        row = score(images, self.model, self.ref, predicted=(preds, feats))
        hist = np.array(row["class_histogram"])
        out = {"fmnist_fd": row["fmnist_fd"], **self.precision_recall(feats), "coverage": row["coverage"],
               "class_entropy_nats": row["class_entropy_nats"], "min_class_share": round(hist.min() / hist.sum(), 4),
               "sharpness_laplacian_var": row["sharpness_laplacian_var"], "class_histogram": row["class_histogram"]}
        if rare_class is not None:
            out["rare_class_share"] = round(float(hist[rare_class] / hist.sum()), 4)
        return out

    def rare(self, images: np.ndarray, cls: int) -> dict:
        """The share of `images` the classifier puts in class `cls`, with its error rates on the test set: how
        often it calls another class `cls` (false positives) and how often it recognises a real one."""
        preds = np.asarray(clf.predict(self.model, torch.from_numpy(images.astype(np.float32)).unsqueeze(1))[0])
        other = self.test_y != cls
        return {"rare_samples": int(len(images)), "rare_class_count": int((preds == cls).sum()),
                "rare_class_share_many": round(float((preds == cls).mean()), 5),
                "yardstick_false_positive_rate": round(float((self.test_pred[other] == cls).mean()), 5),
                "yardstick_recall": round(float((self.test_pred[~other] == cls).mean()), 5)}

    def outliers(self, images: np.ndarray, reference: int = 2000) -> dict:
        """How many of `images` look like the study's outliers (inverted garments: light background, dark
        garment): an image counts when its nearest neighbour in pixels, among `reference` ordinary test images
        and as many inverted ones, is an inverted one. The detector's own rates come from test images it did
        not see as references: how often it calls an ordinary one an outlier, how often it finds an inverted one."""
        refs = np.concatenate([self.test_x[:reference], invert(self.test_x[reference:2 * reference])])
        def hits(x: np.ndarray) -> np.ndarray:
            far_normal = nearest_distances(x, refs[:reference])
            far_outlier = nearest_distances(x, refs[reference:])
            return far_outlier < far_normal
        held = self.test_x[2 * reference:]
        found = hits(images)
        return {"outlier_samples": int(len(images)), "outlier_count": int(found.sum()),
                "outlier_share_many": round(float(found.mean()), 5),
                "outlier_detector_false_positive_rate": round(float(hits(held).mean()), 5),
                "outlier_detector_recall": round(float(hits(invert(held[:2000])).mean()), 5)}

    def memorisation(self, images: np.ndarray, train: np.ndarray) -> dict:
        """Median pixel distance from each of `images` to its nearest training image, beside the same for as many
        test images (which the model never saw): well below 1, samples sit on training images (or are blurry
        enough to lie close to many)."""
        test = self.test_x[-len(images):]
        to_train = float(np.median(nearest_distances(images, train)))
        test_to_train = float(np.median(nearest_distances(test, train)))
        return {"nearest_train_distance": round(to_train, 4), "test_nearest_train_distance": round(test_to_train, 4),
                "memorisation_ratio": round(to_train / test_to_train, 4)}


def invert(images: np.ndarray) -> np.ndarray:
    """The study's outliers: images in [0, 1] with light and dark swapped (a light background, a dark garment)."""
    return 1.0 - images
