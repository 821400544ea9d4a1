"""The training study (issue 19): what each model needs to learn, measured by runs we made.

The article says VAEs cope better with little or poor data, GANs need more training time and ignore outliers,
diffusion models are easier to train but overlook rare details, transformers need large data sets and NeRFs
comparatively little. Each claim becomes an experiment over runs of the existing training scripts, and each
run is (model, training data, seed, time budget) with the preset it uses:

    experiment        runs (seed 0 unless said)                           what is read off
    data_amount       VAE, GAN, diffusion on 600 / 6,000 / 60,000 images   FMNIST-FD, coverage, sharpness per size
                      (class-balanced subsets, fixed seed)
    poor_data         the three on 60,000 images, half of them damaged    FD against clean test images, beside
                      (strong noise and an occluding square)               the clean run
    training_time     the three at full data (the data_amount runs)        FD against seconds and steps, time to
                                                                           reach an FD level, CPU seconds
    stability         GAN and diffusion, seeds 0, 1, 2, full data          spread of FD, coverage and class entropy
                                                                           over the run; collapses (rule below)
    rare_class        the three with one class (bags) cut to 1 % of the    that class's share of the samples
                      training set                                         against its 1 %
    transformer_data  the character GPT on 1 % / 10 % / 100 % of its       validation loss on the same held-out
                      corpus, beside a character n-gram model              text
    nerf_views        the NeRF on 10 / 25 / 50 / 100 training views        PSNR on the 20 held-out views

Every image run trains the shipped architecture (for the diffusion model unconditional, label_dropout 1,
so that all three learn the same thing: the distribution of the training images) for the same budget of
training seconds on one thread; probes at fixed shares of the budget sample `probe_samples` images from
fixed latents and score them with our yardstick (training/classifier.py) against the 10,000 test images;
probe time does not count against the budget. Results go to public/models/study.json, one record per run
with its config, data description and licence, seed, device, budget, curve and final metrics; the protocol
with its budgets heads the file. Runs already in the file are skipped with --resume, so the study can be
done across sittings; --jobs N starts N processes (one per core) that share the file and take the runs one
at a time (a run is claimed in study.json.claims while it trains; a claim of a process that is gone lapses).

    /usr/bin/python3 training/study.py --resume                   # the CPU protocol (about 7 h on one core, 3.5 h with --jobs 2)
    /usr/bin/python3 training/study.py --resume --jobs 2          # ... on both cores of this VM
    /usr/bin/python3 training/study.py --only data_amount --resume
    /usr/bin/python3 training/study.py --protocol smoke --out /tmp/study.json    # CI: tiny budgets

Collapse rule (stability): a run collapses when its samples, after an earlier probe covered at least 8 of the
10 classes (a class counts from 2 % of the samples) with at least 1.8 nats of class entropy (uniform: ln 10 =
2.30), fall below either, or when its FD rises to more than twice its best so far. A model still learning its
classes does not count as collapsed.

Rare class: the last probe of a rare_class run scores `rare_samples` images (10,000), since at 1 % a
thousand samples hold about ten of the class; the yardstick's own rate of calling other test images a bag,
and of recognising real bags, are stored beside it so the site can correct for them.
"""
from __future__ import annotations

import os
import sys

if "--jobs" in sys.argv or os.environ.get("GMP_STUDY_WORKER"):  # one process per core: OpenBLAS must not
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")                # start threads of its own (set before numpy)

import argparse
import contextlib
import copy
import fcntl
import json
import math
import socket
import subprocess
import time
from dataclasses import asdict, dataclass, field, replace

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import classifier as clf  # noqa: E402
import diffusion  # noqa: E402
import gan  # noqa: E402
import ngram  # noqa: E402
import nerf  # noqa: E402
import transformer  # noqa: E402
import vae  # noqa: E402
from cli import device_label, machine  # noqa: E402
from data import CLASS_NAMES, DEFAULT_DIR, load_fashion_mnist  # noqa: E402
from evaluate import score  # noqa: E402
from probes import Probes  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STUDY_PATH = os.path.join(ROOT, "public", "models", "study.json")
FMNIST_LICENCE = "MIT (Fashion-MNIST, Zalando Research; from the Debian package dataset-fashion-mnist)"
IMAGE_MODELS = ("vae", "gan", "diffusion")
RARE_CLASS = 8  # bag: a class our classifier recognises almost without error (99 % on the test set)


@dataclass
class Protocol:
    name: str
    image_budget_s: float               # training seconds per image run (probes not counted)
    gpt_budget_s: float
    nerf_budget_s: float
    probe_shares: tuple = (1 / 16, 1 / 8, 1 / 4, 1 / 2, 1)  # probes at these shares of the budget
    probe_samples: int = 1000           # images per probe, the same for every run
    rare_samples: int = 10000           # images of the last measurement of a rare_class run
    diffusion_steps: int = 10           # DDIM steps when a probe samples the diffusion model
    sizes: tuple = (600, 6000, 60000)   # data_amount; the largest is the full training set
    seeds: tuple = (0, 1, 2)            # stability
    damaged_share: float = 0.5          # poor_data
    rare_share: float = 0.01            # rare_class
    corpus_shares: tuple = (0.01, 0.1, 1.0)
    views: tuple = (10, 25, 50, 100)
    # training_time: seconds until a run's FD (at probe_samples images) first reaches this. Fixed before any
    # run: about where samples turn into recognisable garments (the shipped GAN's curve passed it between
    # 10 and 15 minutes of training)
    fd_level: float = 200.0
    smoke: bool = False                 # tiny networks and data (CI)


PROTOCOLS = {
    # Measured: 420 min of runs on one core of the 2-core VM, about 3.5 h with --jobs 2 (one run per core):
    # 19 image runs x 15 min + probes and sampling (diffusion runs took 18 min, its rare-class run 26), 3 GPT runs x 20 min, the n-gram models, 4 NeRF runs x 10 min
    # (the shipped NeRF trained 35: at 5 minutes every view count would look alike for want of training).
    "cpu": Protocol("cpu", image_budget_s=900, gpt_budget_s=1200, nerf_budget_s=600),
    # A larger protocol for a GPU (../shared/gpu/README.md): longer budgets, more samples per probe.
    "gpu": Protocol("gpu", image_budget_s=1800, gpt_budget_s=1800, nerf_budget_s=900, probe_samples=5000,
                    diffusion_steps=20),
    # Two runs per experiment, seconds each: keeps the runner from rotting (training/smoke.py).
    "smoke": Protocol("smoke", image_budget_s=1.5, gpt_budget_s=1.5, nerf_budget_s=1.5, probe_shares=(0.5, 1),
                      probe_samples=200, rare_samples=400, diffusion_steps=2, sizes=(200, 1000), seeds=(0, 1), damaged_share=0.5,
                      rare_share=0.05, corpus_shares=(0.1, 1.0), views=(4, 8), fd_level=1e9, smoke=True),
}


@dataclass
class Run:
    experiment: str     # the first experiment that asks for it (others may share it, see `experiments`)
    model: str          # vae | gan | diffusion | gpt | ngram | nerf
    data: dict          # what it trains on, e.g. {"kind": "balanced", "images": 600}
    seed: int
    budget_s: float
    experiments: list = field(default_factory=list)

    @property
    def id(self) -> str:
        d = self.data
        what = {"balanced": lambda: f"fmnist-{d['images']}", "damaged": lambda: f"fmnist-damaged-{d['share']:g}",
                "rare": lambda: f"fmnist-rare{d['class']}-{d['share']:g}", "corpus": lambda: f"fortunes-{d['share']:g}",
                "views": lambda: f"views-{d['views']}"}[d["kind"]]()
        return f"{self.model}/{what}/seed{self.seed}/{self.budget_s:g}s"


def planned_runs(p: Protocol) -> list[Run]:
    """Every run of the protocol once, each listing the experiments it serves."""
    runs: dict[str, Run] = {}

    def add(experiment: str, model: str, data: dict, seed: int = 0, budget: float | None = None):
        budget = budget if budget is not None else p.image_budget_s
        run = Run(experiment, model, data, seed, budget)
        run = runs.setdefault(run.id, run)
        if experiment not in run.experiments:
            run.experiments.append(experiment)

    full = {"kind": "balanced", "images": max(p.sizes)}
    for m in IMAGE_MODELS:
        for n in p.sizes:
            add("data_amount", m, {"kind": "balanced", "images": n})
        add("training_time", m, full)
        add("poor_data", m, full)
        add("poor_data", m, {"kind": "damaged", "share": p.damaged_share, "images": max(p.sizes)})
        add("rare_class", m, {"kind": "rare", "class": RARE_CLASS, "share": p.rare_share, "images": max(p.sizes)})
    for m in ("gan", "diffusion"):
        for s in p.seeds:
            add("stability", m, full, seed=s)
    for share in p.corpus_shares:
        add("transformer_data", "gpt", {"kind": "corpus", "share": share}, budget=p.gpt_budget_s)
        add("transformer_data", "ngram", {"kind": "corpus", "share": share}, budget=0)
    for v in p.views:
        add("nerf_views", "nerf", {"kind": "views", "views": v}, budget=p.nerf_budget_s)
    return list(runs.values())


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


def image_data(run: Run, p: Protocol, data_dir: str, cache: dict) -> tuple[np.ndarray, np.ndarray, dict]:
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
    return x, y, about


# ---- image runs -------------------------------------------------------------------------------------------

class Yardstick:
    """Scores a probe's images as `npm run evaluate` does (FD against the 10,000 test images)."""

    def __init__(self, models_dir: str, data_dir: str):
        self.model = clf.load_from_onnx(os.path.join(models_dir, "yardstick", "classifier.onnx"))
        test_x, self.test_y = load_fashion_mnist("t10k", data_dir)
        self.test_pred, self.ref = clf.predict(self.model, torch.from_numpy(test_x.astype(np.float32) / 255).unsqueeze(1))
        self.test_pred = np.asarray(self.test_pred)

    def rare(self, images: np.ndarray, cls: int) -> dict:
        """The share of `images` the classifier puts in class `cls`, with its error rates on the test set: how
        often it calls another class `cls` (false positives) and how often it recognises a real one."""
        preds = np.asarray(clf.predict(self.model, torch.from_numpy(images.astype(np.float32)).unsqueeze(1))[0])
        other = self.test_y != cls
        return {"rare_samples": int(len(images)), "rare_class_count": int((preds == cls).sum()),
                "rare_class_share_many": round(float((preds == cls).mean()), 5),
                "yardstick_false_positive_rate": round(float((self.test_pred[other] == cls).mean()), 5),
                "yardstick_recall": round(float((self.test_pred[~other] == cls).mean()), 5)}

    def __call__(self, images: np.ndarray, rare_class: int | None) -> dict:
        row = score(images, self.model, self.ref)
        hist = np.array(row["class_histogram"])
        out = {"fmnist_fd": row["fmnist_fd"], "coverage": row["coverage"],
               "class_entropy_nats": row["class_entropy_nats"], "min_class_share": round(hist.min() / hist.sum(), 4),
               "sharpness_laplacian_var": row["sharpness_laplacian_var"], "class_histogram": row["class_histogram"]}
        if rare_class is not None:
            out["rare_class_share"] = round(float(hist[rare_class] / hist.sum()), 4)
        return out


def sampler(model_name: str, cfg, p: Protocol):
    """images(model, n) -> float32 [n, 28, 28] in [0, 1] from fixed latents (the same at every probe)."""
    @torch.no_grad()
    def images(model, n: int) -> np.ndarray:
        model = copy.deepcopy(model).cpu().eval()
        g = torch.Generator().manual_seed(1234)
        chunks = range(0, n, 250)
        if model_name == "vae":
            z = torch.randn(n, cfg.latent_dim, generator=g)
            return torch.cat([torch.sigmoid(model.dec(z[i:i + 250])) for i in chunks]).squeeze(1).numpy()
        if model_name == "gan":
            z = torch.randn(n, cfg.z_dim, generator=g)
            return torch.cat([(model(z[i:i + 250]) + 1) / 2 for i in chunks]).squeeze(1).numpy()
        alpha_bar = diffusion.cosine_alpha_bar(cfg.timesteps, cfg.cosine_s)
        x_T = torch.randn(n, 1, 28, 28, generator=g)
        out = []
        for i in chunks:
            b = len(x_T[i:i + 250])
            eps = lambda x, t: model(x, torch.full((b,), float(t)), torch.full((b,), diffusion.NULL_LABEL))  # noqa: E731
            out.append(((diffusion.sample(eps, x_T[i:i + 250], alpha_bar, p.diffusion_steps, "ddim")[1] + 1) / 2).clamp(0, 1))
        return torch.cat(out).squeeze(1).numpy()
    return images


def image_config(model_name: str, run: Run, p: Protocol):
    big = 10 ** 9  # the budget ends every run, not a step count
    if model_name == "vae":
        base = vae.VAEConfig(**vae.SMOKE) if p.smoke else vae.VAEConfig()
        return replace(base, epochs=big, max_steps=0, train_subset=0, seed=run.seed, time_limit_s=run.budget_s)
    if model_name == "gan":
        base = gan.GANConfig(**gan.SMOKE) if p.smoke else gan.GANConfig()
        return replace(base, steps=big, train_subset=0, seed=run.seed, time_limit_s=run.budget_s, probe_every_s=0)
    base = diffusion.DiffusionConfig(**diffusion.SMOKE) if p.smoke else diffusion.DiffusionConfig()
    return replace(base, steps=big, train_subset=0, seed=run.seed, time_limit_s=run.budget_s, label_dropout=1.0)


def image_run(run: Run, p: Protocol, args, cache: dict) -> dict:
    x, y, about = image_data(run, p, args.data, cache)
    if "yardstick" not in cache:
        cache["yardstick"] = Yardstick(args.models, args.data)
    cfg = image_config(run.model, run, p)
    draw = sampler(run.model, cfg, p)
    rare_class = run.data.get("class")
    probes = Probes([share * run.budget_s for share in p.probe_shares],
                    lambda model, step: cache["yardstick"](draw(model, p.probe_samples), rare_class))
    quiet = lambda msg: None  # noqa: E731
    cpu0 = time.process_time()
    if run.model == "vae":
        model, record = vae.train(cfg, args.data, args.device, log=quiet, probes=probes, data=x)
    elif run.model == "gan":
        model, _, record = gan.train(cfg, args.data, args.device, log=quiet, probes=probes, data=x)
    else:
        model, record = diffusion.train(cfg, args.data, args.device, log=quiet, probes=probes, data=(x, y))
    cpu_s = time.process_time() - cpu0 - probes.cpu_s
    curve = record.pop("curve")
    final = {k: v for k, v in curve[-1].items() if k not in ("s",)}
    if rare_class is not None:  # many more samples for a share of about 1 %, and the yardstick's own errors
        final.update(cache["yardstick"].rare(draw(model, p.rare_samples), rare_class))
    return {"config": asdict(cfg), "data": about, "steps": record["steps"], "train_cpu_s": round(cpu_s, 1),
            "curve": curve, "final": final,
            "sampling": {"samples_per_probe": p.probe_samples, "latents": "fixed (seed 1234), the same at every probe",
                         **({"ddim_steps": p.diffusion_steps, "conditioning": "none (unconditional)"}
                            if run.model == "diffusion" else {})}}


# ---- the transformer, the n-gram models and the NeRF ------------------------------------------------------

def corpus(p: Protocol, args, cache: dict):
    """(training fortunes, validation ids, vocabulary, corpus facts): the shipped split and vocabulary."""
    if "corpus" not in cache:
        cfg = transformer.GPTConfig(**transformer.SMOKE) if p.smoke else transformer.GPTConfig()
        fortunes = transformer.first_chars(transformer.read_fortunes(args.corpus), cfg.max_chars)
        vocab, kept = transformer.build_vocab(fortunes, cfg.min_count)
        train_f, val_f = transformer.split_fortunes(kept, cfg.val_share, cfg.seed)
        index = {ch: i for i, ch in enumerate(vocab)}
        cache["corpus"] = (cfg, train_f, torch.tensor([index[c] for c in transformer.join(val_f)]), vocab, index)
    return cache["corpus"]


def corpus_share(train_f: list[str], share: float, seed: int = 0) -> tuple[list[str], list[str]]:
    """A random `share` of the training fortunes (fixed seed; each smaller share is part of the larger), split
    into the fortunes to fit (90 %) and those held out to choose with (10 %: the GPT's stopping point, the
    n-gram model's order and discount)."""
    order = np.random.default_rng(seed).permutation(len(train_f))[:max(2, int(round(share * len(train_f))))]
    cut = max(1, int(round(0.9 * len(order))))
    return [train_f[i] for i in np.sort(order[:cut])], [train_f[i] for i in np.sort(order[cut:])]


def text_about(fit: list[str], dev: list[str], share: float, facts: dict) -> dict:
    return {"dataset": transformer.CORPUS_INFO["name"], "licence": transformer.CORPUS_INFO["licence"],
            "share_of_training_fortunes": share, "fortunes": len(fit) + len(dev),
            "train_chars": len(transformer.join(fit)) + len(transformer.join(dev)),
            "held_out_for_choosing": f"{len(dev)} of the share's fortunes ({len(transformer.join(dev))} characters)",
            **facts}


def gpt_run(run: Run, p: Protocol, args, cache: dict) -> dict:
    base, train_f, val_ids, vocab, index = corpus(p, args, cache)
    fit, dev = corpus_share(train_f, run.data["share"])
    ids, dev_ids = (torch.tensor([index[c] for c in transformer.join(part)]) for part in (fit, dev))
    cfg = replace(base, steps=10 ** 9, seed=run.seed, time_limit_s=run.budget_s)
    if min(len(ids), len(dev_ids)) <= cfg.context + 1:
        raise SystemExit(f"{run.id}: too little text for one training window")
    cpu0 = time.process_time()
    # on 1 % of the corpus one pass takes a few steps: look often enough to catch the best point
    model, record = transformer.train(cfg, ids, dev_ids, len(vocab), args.device, log=lambda m: None, keep_best=True,
                                      eval_every=5 if p.smoke else 50)
    cpu_s = time.process_time() - cpu0
    val = transformer.evaluate_loss(model, val_ids, cfg, "cpu")
    train_loss = transformer.evaluate_loss(model, ids, cfg, "cpu", max_windows=len(val_ids) // cfg.context)
    return {"config": asdict(cfg), "data": text_about(fit, dev, run.data["share"], {"val_chars": len(val_ids)}),
            "steps": record["steps"], "train_cpu_s": round(cpu_s, 1), "curve": record["curve"],
            "final": {"val_loss_nats_per_char": round(val, 4), "train_loss_nats_per_char": round(train_loss, 4),
                      "kept_step": record.get("kept_step", record["steps"]),
                      "epochs": round(record["steps"] * cfg.batch_size * cfg.context / len(ids), 2)},
            "choosing": "the weights of the step with the lowest loss on the held-out 10 % of the share "
                        "(measured every 50 steps) are kept: early stopping, as the n-gram model is tuned there"}


def ngram_run(run: Run, p: Protocol, args, cache: dict) -> dict:
    _, train_f, val_ids, vocab, index = corpus(p, args, cache)
    fit, dev = corpus_share(train_f, run.data["share"])
    ids, dev_ids = (np.array([index[c] for c in transformer.join(part)]) for part in (fit, dev))
    cpu0 = time.process_time()
    tuned = ngram.tune_and_fit(ids, dev_ids, len(vocab), max_order=4 if p.smoke else 9)
    val = tuned["model"].loss(val_ids.numpy())
    cpu_s = time.process_time() - cpu0
    return {"config": {"order": tuned["order"], "discount": tuned["discount"], "tuned_on": tuned["tuned_on"]},
            "data": text_about(fit, dev, run.data["share"], {"val_chars": len(val_ids)}), "steps": 0,
            "train_cpu_s": round(cpu_s, 1), "curve": [], "tuning": tuned["grid"],
            "final": {"val_loss_nats_per_char": round(val, 4), "order": tuned["order"], "discount": tuned["discount"]}}


def nerf_run(run: Run, p: Protocol, args, cache: dict) -> dict:
    base = nerf.NerfConfig(**nerf.SMOKE) if p.smoke else nerf.NerfConfig()
    if "views" not in cache:
        cache["views"] = (nerf.load_views(args.scene, "train", base.image_size),
                          nerf.load_views(args.scene, "test", base.image_size, base.test_views))
    all_train, test = cache["views"]
    n_all = len(all_train["c2w"])
    pick = np.unique(np.linspace(0, n_all - 1, min(run.data["views"], n_all)).round().astype(int))
    views = {**all_train, "images": all_train["images"][pick], "c2w": all_train["c2w"][pick],
             "files": [all_train["files"][i] for i in pick]}
    cfg = replace(base, steps=10 ** 9, seed=run.seed, time_limit_s=run.budget_s, train_views=len(pick))
    cpu0 = time.process_time()
    model, record = nerf.train(cfg, views, log=lambda m: None)
    cpu_s = time.process_time() - cpu0
    occupied = model.occupancy(cfg.occupancy_threshold)
    metrics = nerf.evaluate(model, test, occupied)
    scene = os.path.relpath(args.scene, ROOT)
    return {"config": {k: v for k, v in asdict(cfg).items()}, "steps": record["steps"], "train_cpu_s": round(cpu_s, 1),
            "data": {"dataset": f"our Blender scene ({scene})", "licence": "CC0 (made by this project)",
                     "train_views": int(len(pick)), "views_picked": "evenly spread over the 100 rendered training views",
                     "test_views": metrics["views"], "image_size": cfg.image_size},
            "curve": record["curve"][::max(1, len(record["curve"]) // 20)],
            "final": {"test_psnr_db": round(metrics["psnr"], 3), "test_psnr_min_db": round(metrics["psnr_min"], 3)}}


RUNNERS = {"vae": image_run, "gan": image_run, "diffusion": image_run, "gpt": gpt_run, "ngram": ngram_run,
           "nerf": nerf_run}


# ---- the file -----------------------------------------------------------------------------------------------

@contextlib.contextmanager
def locked(path: str):
    """The study file read and written under an exclusive lock (parallel jobs share it)."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            study = None
            if os.path.exists(path):
                with open(path) as f:
                    study = json.load(f)
            yield study
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def header(p: Protocol) -> dict:
    return {"about": "Training study (issue 19): runs of this project's training scripts at equal budgets per "
                     "comparison; written by training/study.py (npm run study)",
            "protocol": {**asdict(p), "equal_budgets": {
                "image_runs_s": p.image_budget_s, "gpt_runs_s": p.gpt_budget_s, "nerf_runs_s": p.nerf_budget_s,
                "note": "training seconds per run, on one CPU thread unless the run's device says otherwise; "
                        "probes are not counted"},
                "collapse_rule": COLLAPSE_RULE, "rare_class": RARE_CLASS},
            "runs": []}


def _claims(path: str) -> dict:
    """The runs being trained now: id -> the process that took it; claims of processes gone are dropped."""
    try:
        with open(path + ".claims") as f:
            claims = json.load(f)
    except (OSError, ValueError):
        return {}
    def alive(c: dict) -> bool:
        if c.get("host") != socket.gethostname():
            return True
        try:
            os.kill(int(c["pid"]), 0)
        except (OSError, ValueError, KeyError):
            return False
        return True
    return {k: c for k, c in claims.items() if alive(c)}


def _write_claims(path: str, claims: dict) -> None:
    with open(path + ".claims.part", "w") as f:
        json.dump(claims, f, indent=1)
    os.replace(path + ".claims.part", path + ".claims")


def claim_next(path: str, todo: list["Run"], redo_before: float | None) -> "Run | None":
    """The first run of `todo` that is neither in the file (or, with --redo, in it only from before
    `redo_before`) nor taken by another process, marked as this process's; None when none is left."""
    with locked(path) as study:
        finished = {r["id"]: r.get("finished_unix", 0) for r in (study or {}).get("runs", [])}
        claims = _claims(path)
        for run in todo:
            done = run.id in finished and (redo_before is None or finished[run.id] >= redo_before)
            if not done and run.id not in claims:
                claims[run.id] = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()}
                _write_claims(path, claims)
                return run
    return None


def save_run(path: str, p: Protocol, record: dict) -> None:
    with locked(path) as study:
        claims = _claims(path)
        claims.pop(record["id"], None)
        _write_claims(path, claims)
        study = study or header(p)
        study["runs"] = [r for r in study["runs"] if r["id"] != record["id"]] + [record]
        study["runs"].sort(key=lambda r: r["id"])
        with open(path + ".part", "w") as f:
            json.dump(study, f, indent=1)
            f.write("\n")
        os.replace(path + ".part", path)


COLLAPSE_RULE = ("a probe where the samples fall below 8 classes at >= 2 % each or below 1.8 nats of class "
                 "entropy after an earlier probe of the run was above both, or where FD rises above twice the "
                 "run's best so far (a model still learning its classes does not count)")


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


def run_one(run: Run, p: Protocol, args, cache: dict) -> dict:
    torch.manual_seed(run.seed)
    speed = machine(args.device)  # measured before each run: what this run had, in case the VM differs
    t0 = time.time()
    result = RUNNERS[run.model](run, p, args, cache)
    record = {"id": run.id, "experiments": run.experiments, "model": run.model, "seed": run.seed,
              "budget_s": run.budget_s, "device": device_label(args.device, args.threads),
              "machine": speed, "wall_s": round(time.time() - t0, 1), "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
              "finished_unix": round(time.time()),
              **result}
    if run.model in IMAGE_MODELS:
        record["collapsed"] = collapsed(record["curve"])
    return record


def main(argv=None) -> dict:
    p_ = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p_.add_argument("--protocol", choices=sorted(PROTOCOLS), default="cpu")
    p_.add_argument("--only", nargs="*", help="experiments or models to run (default: all)")
    p_.add_argument("--budget", type=float, help="override the protocol's training seconds for image runs")
    p_.add_argument("--resume", action="store_true", help="skip the runs already in the file")
    p_.add_argument("--redo", action="store_true", help="run again the selected runs that are in the file")
    p_.add_argument("--jobs", type=int, default=1, help="processes that share the runs (one per core)")
    p_.add_argument("--list", action="store_true", help="print the runs and whether they are done, and stop")
    p_.add_argument("--out", default=STUDY_PATH, help="the study file")
    p_.add_argument("--data", default=DEFAULT_DIR, help="folder with the Fashion-MNIST idx(.gz) files")
    p_.add_argument("--models", default=os.path.join(ROOT, "public", "models"), help="folder with yardstick/")
    p_.add_argument("--corpus", default=transformer.CORPUS_DIR, help="folder of fortune files")
    p_.add_argument("--scene", default=nerf.SCENE_DIR, help="the NeRF scene (transforms_*.json and images)")
    p_.add_argument("--device", default="cpu")
    p_.add_argument("--threads", type=int, default=1, help="torch threads per process (1 is fastest here)")
    args = p_.parse_args(argv)
    torch.set_num_threads(args.threads)
    p = PROTOCOLS[args.protocol]
    if args.budget:
        p = replace(p, image_budget_s=args.budget)
    runs = [r for r in planned_runs(p) if not args.only or r.model in args.only or set(r.experiments) & set(args.only)]
    with locked(args.out) as study:
        done = {r["id"] for r in (study or {}).get("runs", [])}
        if study and {k: study["protocol"].get(k) for k in ("name", "image_budget_s")} != {"name": p.name, "image_budget_s": p.image_budget_s}:
            raise SystemExit(f"{args.out} holds the {study['protocol']['name']} protocol with "
                             f"{study['protocol']['image_budget_s']:g} s image runs, not {p.name} with "
                             f"{p.image_budget_s:g} s: pass another --out (comparisons need equal budgets)")
    if args.list:
        for r in runs:
            print(f"{'done ' if r.id in done else 'to do'}  {r.id:44s} {', '.join(r.experiments)}")
        return {"runs": [r.id for r in runs]}
    again = [r.id for r in runs if r.id in done]
    if again and not (args.resume or args.redo):
        raise SystemExit(f"{len(again)} of the selected runs are in {args.out} already: pass --resume to skip "
                         "them or --redo to run them again")
    todo = [r for r in runs if args.redo or r.id not in done]
    redo_before = float(os.environ.get("GMP_STUDY_REDO_BEFORE", time.time())) if args.redo else None
    who = f"job {os.environ.get('GMP_STUDY_WORKER', '0')}"
    print(f"{who}: {len(todo)} runs to do ({len(runs) - len(todo)} done already), protocol {p.name}", flush=True)
    helpers = []
    if args.jobs > 1:  # the same command once more per job, sharing the runs through the file's claims
        argv_ = [a for a in (argv if argv is not None else sys.argv[1:])]
        i = argv_.index("--jobs")
        argv_ = argv_[:i] + argv_[i + 2:]
        env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "GMP_STUDY_REDO_BEFORE": str(redo_before or 0)}
        helpers = [subprocess.Popen([sys.executable, os.path.abspath(__file__), *argv_],
                                    env={**env, "GMP_STUDY_WORKER": str(j)}) for j in range(1, args.jobs)]
    cache: dict = {}
    records = []
    while (run := claim_next(args.out, todo, redo_before)) is not None:
        print(f"{who}: {run.id} ({', '.join(run.experiments)})", flush=True)
        record = run_one(run, p, args, cache)
        save_run(args.out, p, record)
        records.append(record)
        print(f"{who}:     {record['final']} in {record['wall_s']:.0f} s", flush=True)
    failed = [h.args for h in helpers if h.wait() != 0]
    if failed:
        raise SystemExit(f"{len(failed)} of the parallel jobs failed; their runs stay to do (see their output)")
    return {"runs": records}


if __name__ == "__main__":
    main()
