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
from .metrics import class_coverage, fd_between, laplacian_variance


def score(images: np.ndarray, model: clf.Classifier, ref_features: np.ndarray, labels: np.ndarray | None = None) -> dict:
    """FMNIST-FD against `ref_features`, class coverage and histogram, sharpness of `images` (float [N, 28, 28]
    in [0, 1]); with `labels` (the class each image was asked to show) also the share the classifier agrees with."""
    preds, feats = clf.predict(model, torch.from_numpy(images.astype(np.float32)).unsqueeze(1))
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
        test_pred, self.ref = clf.predict(self.model, torch.from_numpy(test_x.astype(np.float32) / 255).unsqueeze(1))
        self.test_pred = np.asarray(test_pred)

    def score(self, images: np.ndarray) -> dict:
        """The evaluation's row for `images` and the rarest class's share of them (`min_class_share`)."""
        row = score(images, self.model, self.ref)
        return {**row, "min_class_share": round(min(row["class_histogram"]) / len(images), 4)}

    def probe(self, images: np.ndarray, rare_class: int | None = None) -> dict:
        """The figures of one point of a study run's curve; with `rare_class`, also that class's share."""
        row = score(images, self.model, self.ref)
        hist = np.array(row["class_histogram"])
        out = {"fmnist_fd": row["fmnist_fd"], "coverage": row["coverage"],
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
