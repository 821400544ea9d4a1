"""The training study's image runs, shared by the VAE, the GAN and the diffusion model (training/study.py has
the protocol): the training data of each experiment, the probes that score samples with the yardstick during
training, and the collapse rule. A model gives `study_model` its config, sampler and training call.
"""
from __future__ import annotations

import copy
import math
import os
import time
from dataclasses import asdict
from typing import TYPE_CHECKING, Callable

import numpy as np
import torch

from .data import CLASS_NAMES, load_fashion_mnist
from .probes import Probes
from .study_model import StudyModel
from .yardstick import Yardstick, invert

if TYPE_CHECKING:
    import argparse

    from .study import Protocol, Run

FMNIST_LICENCE = "MIT (Fashion-MNIST, Zalando Research; from the Debian package dataset-fashion-mnist)"
EXPERIMENTS = ("data_amount", "training_time", "poor_data", "rare_class")  # those of every image model
CHUNK = 250  # images a sampler makes at once

COLLAPSE_RULE = ("a probe where the samples fall below 8 classes at >= 2 % each or below 1.8 nats of class "
                 "entropy after an earlier probe of the run was above both, or where FD rises above twice the "
                 "run's best so far (a model still learning its classes does not count)")

# (model, config, protocol, n, generator) -> n images [n, 1, 28, 28] in [0, 1], drawn in chunks of CHUNK
Sample = Callable[[torch.nn.Module, object, "Protocol", int, torch.Generator], torch.Tensor]
# (config, images uint8 [N, 28, 28], labels [N], args, probes, log) -> (trained model, record with its curve)
Train = Callable[[object, np.ndarray, np.ndarray, "argparse.Namespace", Probes, Callable], tuple[torch.nn.Module, dict]]


# ---- training data ----------------------------------------------------------------------------------------

def balanced(x: np.ndarray, y: np.ndarray, n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """n images, n/10 of each class, drawn with a fixed seed (the same subset for every model and run)."""
    rng = np.random.default_rng(seed)
    idx = np.concatenate([rng.permutation(np.flatnonzero(y == c))[:n // 10] for c in range(10)])
    idx = np.sort(idx)
    return x[idx], y[idx]


def damage(x: np.ndarray, share: float, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A copy of x where `share` of the images (chosen with a fixed seed) are damaged: Gaussian noise of
    standard deviation 0.35 (of the 0..1 range) over the whole image and a grey 12 x 12 square at a random
    place. Returns (images, which were damaged)."""
    rng = np.random.default_rng(seed)
    hit = rng.random(len(x)) < share
    out = x.astype(np.float32) / 255
    k = np.flatnonzero(hit)
    out[k] += rng.normal(0, 0.35, (len(k), 28, 28)).astype(np.float32)
    for i, (r, c) in zip(k, rng.integers(0, 28 - 12, (len(k), 2))):
        out[i, r:r + 12, c:c + 12] = 0.5
    return (np.clip(out, 0, 1) * 255).round().astype(np.uint8), hit


def rare(x: np.ndarray, y: np.ndarray, cls: int, share: float, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """All images of the other classes and as many of class `cls` as make it `share` of the set."""
    rng = np.random.default_rng(seed)
    others = np.flatnonzero(y != cls)
    keep = int(round(share * len(others) / (1 - share)))
    idx = np.sort(np.concatenate([others, rng.permutation(np.flatnonzero(y == cls))[:keep]]))
    return x[idx], y[idx]


def with_outliers(x: np.ndarray, eligible: np.ndarray, share: float, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A copy of x where `share` of all images, drawn with a fixed seed among the `eligible` ones, are inverted
    (yardstick.invert): outliers unlike anything else in the set. Returns (images, which were inverted)."""
    rng = np.random.default_rng(seed)
    k = rng.permutation(np.flatnonzero(eligible))[:int(round(share * len(x)))]
    out = x.copy()
    out[k] = (invert(x[k].astype(np.float32) / 255) * 255).round().astype(np.uint8)
    hit = np.zeros(len(x), bool)
    hit[k] = True
    return out, hit


def image_data(run: Run, data_dir: str, cache: dict) -> tuple[np.ndarray, np.ndarray, dict]:
    """(images, labels, description for the file) of an image run."""
    if "train" not in cache:
        cache["train"] = load_fashion_mnist("train", data_dir)
    x, y = cache["train"]
    d = run.data
    x, y = balanced(x, y, d["images"])
    about = {"dataset": "Fashion-MNIST training set", "licence": FMNIST_LICENCE, "images": int(len(x)),
             "subset": f"class-balanced, {d['images'] // 10} per class, fixed seed 0"}
    if d["kind"] == "damaged":
        x, hit = damage(x, d["share"])
        about.update(damaged=int(hit.sum()), damage=f"{d['share']:.0%} of the images (fixed seed): Gaussian noise "
                     "of sd 0.35 over the whole image and a grey 12 x 12 square at a random place")
    elif d["kind"] == "rare":
        x, y = rare(x, y, d["class"], d["share"])
        about.update(images=int(len(x)), rare_class=d["class"], rare_class_name=CLASS_NAMES[d["class"]],
                     rare_class_images=int((y == d["class"]).sum()),
                     subset=f"all images of nine classes, {CLASS_NAMES[d['class']]} cut to {d['share']:.0%} of the set")
        if d.get("outliers"):  # inverted images of the nine common classes, so the rare class stays as it is
            x, hit = with_outliers(x, y != d["class"], d["outliers"])
            about.update(outliers=int(hit.sum()), outlier_share=round(float(hit.mean()), 5),
                         outlier_kind=f"{d['outliers']:.0%} of the images (fixed seed, none of the rare class) inverted: "
                                      "a light background and a dark garment, unlike every other image")
    return x, y, about


# ---- the run ------------------------------------------------------------------------------------------------

def collapsed(curve: list[dict]) -> bool:
    """The collapse rule (COLLAPSE_RULE): diversity lost after it was there, or quality lost after it was there."""
    best, diverse = math.inf, False
    for point in curve:
        hist = np.array(point["class_histogram"])
        ok = (hist / hist.sum() >= 0.02).sum() >= 8 and point["class_entropy_nats"] >= 1.8
        if (diverse and not ok) or point["fmnist_fd"] > 2 * best:
            return True
        diverse = diverse or ok
        best = min(best, point["fmnist_fd"])
    return False


def fixed_latents(sample: Sample, cfg, p: Protocol):
    """images(model, n) -> float32 [n, 28, 28] in [0, 1] from fixed latents (the same at every probe)."""
    @torch.no_grad()
    def images(model, n: int) -> np.ndarray:
        model = copy.deepcopy(model).cpu().eval()
        return sample(model, cfg, p, n, torch.Generator().manual_seed(1234)).squeeze(1).numpy()
    return images


def image_run(config: Callable, sample: Sample, train: Train, sampling: Callable, run: Run, p: Protocol, args,
              cache: dict) -> dict:
    """Trains one image run for its budget, probing its samples at the protocol's shares of the budget."""
    x, y, about = image_data(run, args.data, cache)
    if "yardstick" not in cache:
        cache["yardstick"] = Yardstick(args.models, args.data)
    cfg = config(run, p)
    draw = fixed_latents(sample, cfg, p)
    rare_class = run.data.get("class")
    probes = Probes([share * run.budget_s for share in p.probe_shares],
                    lambda model, step: cache["yardstick"].probe(draw(model, p.probe_samples), rare_class))
    cpu0 = time.process_time()
    model, record = train(cfg, x, y, args, probes, lambda msg: None)
    cpu_s = time.process_time() - cpu0 - probes.cpu_s
    curve = record.pop("curve")
    final = {k: v for k, v in curve[-1].items() if k not in ("s",)}
    samples = draw(model, p.probe_samples)
    final.update(cache["yardstick"].memorisation(samples, x.astype(np.float32) / 255))
    if rare_class is not None:  # many more samples for a share of about 1 %, and the yardstick's own errors
        many = draw(model, p.rare_samples)
        final.update(cache["yardstick"].rare(many, rare_class))
        if run.data.get("outliers"):
            final.update(cache["yardstick"].outliers(many))
    save_model(model, run, args)
    return {"config": asdict(cfg), "data": about, "steps": record["steps"], "train_cpu_s": round(cpu_s, 1),
            "curve": curve, "final": final,
            "sampling": {"samples_per_probe": p.probe_samples, "latents": "fixed (seed 1234), the same at every probe",
                         **sampling(p)},
            "collapsed": collapsed(curve)}


def save_model(model: torch.nn.Module, run: Run, args) -> None:
    """Keeps the trained network (not committed: training/out/ is ignored) so that a later measure can be taken
    on it without training again."""
    if getattr(args, "keep_models", None):
        path = os.path.join(args.keep_models, run.id.replace("/", "_") + ".pt")
        os.makedirs(args.keep_models, exist_ok=True)
        torch.save(model.state_dict(), path)


def study_model(name: str, config: Callable[[Run, Protocol], object], sample: Sample, train: Train,
                sampling: Callable[[Protocol], dict] = lambda p: {}, experiments: tuple[str, ...] = EXPERIMENTS
                ) -> StudyModel:
    """The StudyModel of an image model. `config` is its config for a run: the shipped architecture (tiny with
    the smoke protocol), the run's seed and time budget, no step limit; `sampling` adds to the run's note on
    how probes sample."""
    def run(run: Run, p: Protocol, args, cache: dict) -> dict:
        return image_run(config, sample, train, sampling, run, p, args, cache)
    return StudyModel(name, experiments, lambda p: p.image_budget_s, run)
