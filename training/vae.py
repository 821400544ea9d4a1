"""Convolutional VAE on Fashion-MNIST (dynamically binarized, Bernoulli decoder).

Kingma & Welling 2014, "Auto-Encoding Variational Bayes". Trains, evaluates (test ELBO, reconstruction
error, importance-weighted NLL as in Burda et al. 2016 "Importance Weighted Autoencoders"), exports the
encoder and decoder as separate ONNX files, writes the extras the demo needs (latent map, KL per dimension,
a strip of test images) and the manifest entry.

    /usr/bin/python3 -m training.vae             # full CPU preset (what the shipped model was made with)
    /usr/bin/python3 -m training.vae --smoke --out /tmp/vae-smoke   # seconds: tiny subset, export, parity
"""
from __future__ import annotations

import base64
import json
import math
import os
import time
from dataclasses import asdict, dataclass, replace

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from . import image_study
from .data import CLASS_NAMES, load_fashion_mnist
from .export import check_parity, count_params, export_onnx
from .float16 import float32_initializers
from .cli import base_parser, training_record
from .manifest import fashion_mnist_entry, save_manifest, write_model_entry
from .probes import Probes, no_probes
from . import clock

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@dataclass
class VAEConfig:
    latent_dim: int = 16        # size of z; the demo shows one slider per dimension
    channels: int = 32          # conv width of the first encoder layer (second layer has 2x)
    hidden: int = 256           # width of the dense layer between convs and latent
    epochs: int = 30            # passes over the 60k training images (12 gave IW-NLL 232.70, 30 give 230.21)
    batch_size: int = 128
    lr: float = 1e-3            # Adam, cosine-decayed to lr/10 over the run
    iw_samples: int = 100       # importance samples per test image for the NLL estimate
    iw_images: int = 10000      # test images used for the NLL estimate
    seed: int = 0
    train_subset: int = 0       # 0 = all 60k; smoke mode uses a few thousand
    max_steps: int = 0          # 0 = no cap; smoke mode stops early
    time_limit_s: float = 0     # 0 = none; with a limit, the cosine follows the larger of steps and time used


SMOKE = dict(epochs=1, train_subset=2048, max_steps=20, iw_samples=4, iw_images=256, hidden=64, channels=8)


class Encoder(nn.Module):
    """x (B,1,28,28) in [0,1] -> mu, logvar (B,D)."""

    def __init__(self, cfg: VAEConfig):
        super().__init__()
        c = cfg.channels
        self.conv = nn.Sequential(
            nn.Conv2d(1, c, 4, 2, 1), nn.SiLU(),          # (B,c,14,14)
            nn.Conv2d(c, 2 * c, 4, 2, 1), nn.SiLU(),      # (B,2c,7,7)
            nn.Conv2d(2 * c, 2 * c, 3, 1, 1), nn.SiLU(),  # (B,2c,7,7)
        )
        self.fc = nn.Sequential(nn.Flatten(), nn.Linear(2 * c * 49, cfg.hidden), nn.SiLU())
        self.mu = nn.Linear(cfg.hidden, cfg.latent_dim)
        self.logvar = nn.Linear(cfg.hidden, cfg.latent_dim)

    def forward(self, x):
        h = self.fc(self.conv(x))
        return self.mu(h), self.logvar(h)


class Decoder(nn.Module):
    """z (B,D) -> Bernoulli logits (B,1,28,28)."""

    def __init__(self, cfg: VAEConfig):
        super().__init__()
        c = cfg.channels
        self.c = c
        self.fc = nn.Sequential(nn.Linear(cfg.latent_dim, cfg.hidden), nn.SiLU(),
                                nn.Linear(cfg.hidden, 2 * c * 49), nn.SiLU())
        self.deconv = nn.Sequential(
            nn.Conv2d(2 * c, 2 * c, 3, 1, 1), nn.SiLU(),            # (B,2c,7,7)
            nn.ConvTranspose2d(2 * c, c, 4, 2, 1), nn.SiLU(),       # (B,c,14,14)
            nn.ConvTranspose2d(c, 1, 4, 2, 1),                      # (B,1,28,28) logits
        )

    def forward(self, z):
        return self.deconv(self.fc(z).view(-1, 2 * self.c, 7, 7))


class DecoderImage(nn.Module):
    """What the browser runs: z -> pixel intensities in [0,1] (the Bernoulli means)."""

    def __init__(self, dec: Decoder):
        super().__init__()
        self.dec = dec

    def forward(self, z):
        return torch.sigmoid(self.dec(z))


class VAE(nn.Module):
    def __init__(self, cfg: VAEConfig):
        super().__init__()
        self.enc, self.dec = Encoder(cfg), Decoder(cfg)

    def neg_elbo(self, x_bin):
        """Per-image negative ELBO (nats) = BCE(x | z~q) + KL(q(z|x) || N(0,I)); returns (total, rec, kl)."""
        mu, logvar = self.enc(x_bin)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        logits = self.dec(z)
        rec = F.binary_cross_entropy_with_logits(logits, x_bin, reduction="none").flatten(1).sum(1)
        kl = 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar).sum(1)
        return rec + kl, rec, kl


def to_tensor(images: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)


@torch.no_grad()
def iw_nll(model: VAE, x_bin: torch.Tensor, k: int, chunk: int = 100) -> torch.Tensor:
    """Importance-weighted estimate of -log p(x) per image with k samples from q(z|x) (Burda et al. 2016, eq. 8)."""
    mu, logvar = model.enc(x_bin)
    std = torch.exp(0.5 * logvar)
    log_ws = []
    for start in range(0, k, chunk):
        n = min(chunk, k - start)
        eps = torch.randn(n, *mu.shape)                              # (n,B,D)
        z = mu + eps * std                                           # (n,B,D)
        logits = model.dec(z.reshape(-1, mu.shape[1])).view(n, *x_bin.shape)
        log_px_z = -F.binary_cross_entropy_with_logits(logits, x_bin.expand(n, *x_bin.shape),
                                                        reduction="none").flatten(2).sum(2)
        log_pz = (-0.5 * z.pow(2) - 0.5 * math.log(2 * math.pi)).sum(2)
        log_qz = (-0.5 * eps.pow(2) - 0.5 * math.log(2 * math.pi) - torch.log(std)).sum(2)
        log_ws.append(log_px_z + log_pz - log_qz)                    # (n,B)
    log_w = torch.cat(log_ws, 0)
    return -(torch.logsumexp(log_w, 0) - math.log(k))


def evaluate(model: VAE, cfg: VAEConfig, test_x: torch.Tensor) -> dict:
    model.eval()
    g = torch.Generator().manual_seed(1234)
    test_bin = torch.bernoulli(test_x, generator=g)  # one fixed binarization of the test set
    torch.manual_seed(4321)
    with torch.no_grad():
        tot, rec, kl, mse = [], [], [], []
        kl_dim = torch.zeros(cfg.latent_dim)
        for i in range(0, len(test_x), 500):
            xb = test_bin[i:i + 500]
            t, r, k = model.neg_elbo(xb)
            tot.append(t); rec.append(r); kl.append(k)
            mu, logvar = model.enc(test_x[i:i + 500])
            kl_dim += (0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar)).sum(0)
            mse.append((torch.sigmoid(model.dec(mu)) - test_x[i:i + 500]).pow(2).flatten(1).mean(1))
        nll = torch.cat([iw_nll(model, test_bin[i:i + 50], cfg.iw_samples)
                         for i in range(0, min(cfg.iw_images, len(test_x)), 50)])
    return {
        "test_elbo_nats": -float(torch.cat(tot).mean()),
        "test_reconstruction_nats": float(torch.cat(rec).mean()),
        "test_kl_nats": float(torch.cat(kl).mean()),
        "test_reconstruction_mse": float(torch.cat(mse).mean()),
        "test_iw_nll_nats": float(nll.mean()),
        "iw_samples": cfg.iw_samples,
        "iw_images": int(min(cfg.iw_images, len(test_x))),
        "kl_per_dim_nats": (kl_dim / len(test_x)).tolist(),
        "evaluation": "dynamically binarized Fashion-MNIST test set (one fixed binarization, seed 1234); "
                      "ELBO single-sample; NLL importance-weighted (IWAE bound); MSE of the decoded posterior "
                      "mean against the grey test image, per pixel in [0,1]",
    }


def latent_extras(model: VAE, test_x: np.ndarray, test_y: np.ndarray, metrics: dict, n_points: int = 2000) -> dict:
    """Data for the demo: slider order by KL, a PCA map of test-set means, one test image per class."""
    model.eval()
    with torch.no_grad():
        mu, _ = model.enc(to_tensor(test_x))
    mu = mu.numpy().astype(np.float64)
    mean = mu.mean(0)
    _, s, vt = np.linalg.svd(mu - mean, full_matrices=False)
    axes = vt[:2]                                              # (2,D) first two principal directions
    proj = (mu - mean) @ axes.T                                # (N,2)
    rng = np.random.default_rng(0)
    idx = rng.choice(len(mu), size=min(n_points, len(mu)), replace=False)
    strip = [int(np.where(test_y == c)[0][0]) for c in range(10)]
    kl = metrics["kl_per_dim_nats"]
    return {
        "latent_dim": int(mu.shape[1]),
        "kl_per_dim_nats": [round(v, 4) for v in kl],
        "slider_order": [int(i) for i in np.argsort(kl)[::-1]],
        "class_names": CLASS_NAMES,
        "pca": {
            "mean": [round(float(v), 5) for v in mean],
            "axes": [[round(float(v), 6) for v in a] for a in axes],
            "explained_variance": [round(float(v), 5) for v in (s[:2] ** 2 / (s ** 2).sum())],
            "points": [[round(float(proj[i, 0]), 3), round(float(proj[i, 1]), 3), int(test_y[i])] for i in idx],
        },
        "test_strip": [{"index": i, "label": int(test_y[i]),
                        "pixels_base64": base64.b64encode(test_x[i].tobytes()).decode()} for i in strip],
    }


def train(cfg: VAEConfig, data_dir: str, device: str = "cpu", log=print, probes: Probes | None = None,
          data: np.ndarray | None = None) -> tuple[VAE, dict]:
    """Trains on the Fashion-MNIST training images (or `data`, uint8 [N, 28, 28]) for cfg.epochs, or until
    cfg.time_limit_s; `probes` measure the model at moments of the training time (the run's `curve`)."""
    torch.manual_seed(cfg.seed)
    probes = probes or no_probes()
    train_x = data if data is not None else load_fashion_mnist("train", data_dir)[0]
    if cfg.train_subset:
        train_x = train_x[:cfg.train_subset]
    x = to_tensor(train_x).to(device)
    model = VAE(cfg).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    steps_per_epoch = math.ceil(len(x) / cfg.batch_size)
    total = steps_per_epoch * cfg.epochs if not cfg.max_steps else min(cfg.max_steps, steps_per_epoch * cfg.epochs)
    step, t0, epoch = 0, clock.now(), 0
    out_of_time = lambda: cfg.time_limit_s and clock.now() - t0 >= cfg.time_limit_s  # noqa: E731
    while epoch < cfg.epochs and step < total and not out_of_time():
        model.train()
        perm = torch.randperm(len(x), device=device)
        running, batches = 0.0, 0
        for b in range(steps_per_epoch):
            progress = max(step / total, (clock.now() - t0) / cfg.time_limit_s if cfg.time_limit_s else 0.0)
            for group in opt.param_groups:  # cosine from lr to lr/10
                group["lr"] = cfg.lr / 10 + 0.45 * cfg.lr * (1 + math.cos(math.pi * min(1.0, progress)))
            xb = torch.bernoulli(x[perm[b * cfg.batch_size:(b + 1) * cfg.batch_size]])  # dynamic binarization
            loss = model.neg_elbo(xb)[0].mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            running += loss.item()
            step, batches = step + 1, batches + 1
            t0 = probes.tick(step, t0, model)
            if step >= total or out_of_time():
                break
        epoch += 1
        log(f"epoch {epoch}/{cfg.epochs} step {step} train -ELBO {running / batches:.2f} "
            f"({clock.now() - t0:.0f} s)")
    t0 = probes.finish(step, t0, model) if probes.times or probes.curve else t0
    return model.cpu(), {"steps": step, "epochs_run": epoch, "wall_time_s": round(clock.now() - t0, 1),
                         **({"curve": probes.curve} if probes.curve else {})}


def load_from_onnx(cfg: VAEConfig, out_dir: str) -> VAE:
    """Rebuilds the torch model from the shipped ONNX files (their initializers keep torch's parameter names)."""
    state = {}
    for file, prefix in (("decoder.onnx", ""), ("encoder.onnx", "enc.")):
        for name, value in float32_initializers(os.path.join(out_dir, file)).items():
            state[prefix + name] = torch.from_numpy(value)
    model = VAE(cfg)
    model.load_state_dict(state)
    return model


def evaluate_shipped(args, cfg: VAEConfig) -> dict:
    """Re-evaluates the committed model (e.g. with more importance samples) and updates only its metrics (the
    image-quality ones from training/evaluate.py and the float32 reference stay)."""
    manifest_path = os.path.join(args.out, "manifest.json")
    with open(manifest_path) as f:
        manifest = json.load(f)
    entry = manifest["models"]["vae"]
    cfg = VAEConfig(**{**entry["config"], "iw_samples": cfg.iw_samples, "iw_images": cfg.iw_images})
    model = load_from_onnx(cfg, os.path.join(args.out, "vae"))
    test_x, _ = load_fashion_mnist("t10k", args.data)
    t0 = clock.now()
    metrics = evaluate(model, cfg, to_tensor(test_x))
    print(f"test ELBO {metrics['test_elbo_nats']:.2f} nats, IW-NLL({cfg.iw_samples}) {metrics['test_iw_nll_nats']:.2f} nats "
          f"({clock.now() - t0:.0f} s)")
    entry["metrics"].update({k: v for k, v in metrics.items() if k != "kl_per_dim_nats"})
    entry["metrics"]["evaluated_with"] = f"npm run train:vae -- --evaluate-only --iw-samples {cfg.iw_samples}"
    save_manifest(manifest, manifest_path)
    return entry


def main(argv=None) -> dict:
    p = base_parser(__doc__, "vae/*.onnx, vae/extras.json")
    p.add_argument("--epochs", type=int, help="override the preset's epochs")
    p.add_argument("--iw-samples", type=int, help="importance samples per test image for the NLL estimate")
    p.add_argument("--evaluate-only", action="store_true",
                   help="don't train: re-evaluate the model in --out and update its manifest metrics")
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)

    cfg = VAEConfig(**SMOKE) if args.smoke else VAEConfig()
    if args.epochs:
        cfg.epochs = args.epochs
    if args.iw_samples:
        cfg.iw_samples = args.iw_samples
    if args.evaluate_only:
        return evaluate_shipped(args, cfg)
    model, run = train(cfg, args.data, args.device)
    test_x, test_y = load_fashion_mnist("t10k", args.data)
    tx = to_tensor(test_x[:cfg.iw_images] if args.smoke else test_x)
    metrics = evaluate(model, cfg, tx)
    print(f"test ELBO {metrics['test_elbo_nats']:.2f} nats, IW-NLL({cfg.iw_samples}) "
          f"{metrics['test_iw_nll_nats']:.2f} nats, MSE {metrics['test_reconstruction_mse']:.4f}")

    out_dir = os.path.join(args.out, "vae")
    os.makedirs(out_dir, exist_ok=True)
    enc_path, dec_path = os.path.join(out_dir, "encoder.onnx"), os.path.join(out_dir, "decoder.onnx")
    g = torch.Generator().manual_seed(7)
    z_fixed = torch.randn(4, cfg.latent_dim, generator=g)
    x_fixed = tx[:4]
    decoder = DecoderImage(model.dec)
    export_onnx(decoder, {"z": z_fixed}, ["image"], dec_path)
    export_onnx(model.enc, {"image": x_fixed}, ["mu", "logvar"], enc_path)
    parity = {"decoder": check_parity(decoder, dec_path, {"z": z_fixed}, ["image"]),
              "encoder": check_parity(model.enc, enc_path, {"image": x_fixed}, ["mu", "logvar"])}
    print(f"parity vs torch (onnxruntime-web, Node, WASM): {parity}")

    extras = latent_extras(model, test_x if not args.smoke else test_x[:cfg.iw_images],
                           test_y if not args.smoke else test_y[:cfg.iw_images], metrics)
    extras_path = os.path.join(out_dir, "extras.json")
    with open(extras_path, "w") as f:
        json.dump(extras, f, separators=(",", ":"))

    entry = fashion_mnist_entry(
        "vae", "Convolutional VAE, 16-d latent",
        {"encoder": count_params(model.enc), "decoder": count_params(model.dec), "total": count_params(model)},
        asdict(cfg), training_record("vae", args, run), {k: v for k, v in metrics.items() if k != "kl_per_dim_nats"}, parity,
        {"decoder": "vae/decoder.onnx", "encoder": "vae/encoder.onnx", "extras": "vae/extras.json"})
    write_model_entry("vae", entry, [dec_path, enc_path, extras_path], models_dir=args.out)
    print(f"wrote {out_dir} and {os.path.join(args.out, 'manifest.json')}")
    return entry


# ---- the training study (training/study.py) --------------------------------------------------------------

def study_config(run, p) -> VAEConfig:
    base = VAEConfig(**SMOKE) if p.smoke else VAEConfig()
    return replace(base, epochs=10 ** 9, max_steps=0, train_subset=0, seed=run.seed, time_limit_s=run.budget_s)


def study_sample(model: VAE, cfg: VAEConfig, p, n: int, g: torch.Generator) -> torch.Tensor:
    z = torch.randn(n, cfg.latent_dim, generator=g)
    return torch.cat([torch.sigmoid(model.dec(z[i:i + image_study.CHUNK])) for i in range(0, n, image_study.CHUNK)])


def study_train(cfg: VAEConfig, x: np.ndarray, y: np.ndarray, args, probes: Probes, log) -> tuple[VAE, dict]:
    return train(cfg, args.data, args.device, log=log, probes=probes, data=x)


STUDY = image_study.study_model("vae", study_config, study_sample, study_train)


if __name__ == "__main__":
    main()
