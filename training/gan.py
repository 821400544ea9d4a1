"""DCGAN-style GAN on Fashion-MNIST (Radford et al. 2016), kept stable with spectral norm in the discriminator
(Miyato et al. 2018), the non-saturating loss (Goodfellow et al. 2014, sec. 3) and an exponential moving
average of the generator's weights for sampling (Yazıcı et al. 2019).

Exports the (EMA) generator (z -> image in [0,1]) and the discriminator (image -> score in (0,1), the
probability it gives to "real") as ONNX, and writes the manifest entry.

    /usr/bin/python3 training/gan.py                 # CPU preset (see below)
    /usr/bin/python3 training/gan.py --smoke --out /tmp/gan-smoke

Status: the pipeline (train, export, parity) is checked by the smoke run in CI; the CPU preset has not been
run to completion yet. Measured on 2 cores while another training ran: 4.8 s per step with g_channels=128,
d_channels=64, batch 128; 1.0 s per step with the preset below (roughly half that on an idle machine), so
6,000 steps need about 50-100 minutes; `time_limit_s` stops the run before an hour either way.
"""
from __future__ import annotations

import copy
import math
import os
import sys
import time
from dataclasses import asdict, dataclass

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.parametrizations import spectral_norm

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import load_fashion_mnist  # noqa: E402
from export import check_parity, count_params, export_onnx  # noqa: E402
from cli import base_parser, training_record  # noqa: E402
from manifest import fashion_mnist_entry, write_model_entry  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@dataclass
class GANConfig:
    z_dim: int = 64            # latent size; the demo interpolates in this space
    g_channels: int = 64       # generator width at 7x7 (halves at each upsampling)
    d_channels: int = 32       # discriminator width at 14x14 (doubles at 7x7)
    steps: int = 6000          # generator updates
    batch_size: int = 64
    lr: float = 2e-4           # Adam for both networks
    betas: tuple = (0.5, 0.999)
    ema: float = 0.999         # decay of the generator's weight average used for sampling
    seed: int = 0
    train_subset: int = 0      # 0 = all 60k
    time_limit_s: float = 3300  # stop early so the CPU preset stays under an hour with export


SMOKE = dict(steps=10, batch_size=32, train_subset=512, g_channels=16, d_channels=8)


class Generator(nn.Module):
    """z (B,Z) -> image (B,1,28,28) in [-1,1]."""

    def __init__(self, cfg: GANConfig):
        super().__init__()
        c = cfg.g_channels
        self.c = c
        self.fc = nn.Sequential(nn.Linear(cfg.z_dim, c * 49), nn.BatchNorm1d(c * 49), nn.ReLU())
        self.net = nn.Sequential(
            nn.ConvTranspose2d(c, c // 2, 4, 2, 1), nn.BatchNorm2d(c // 2), nn.ReLU(),        # (B,c/2,14,14)
            nn.ConvTranspose2d(c // 2, c // 4, 4, 2, 1), nn.BatchNorm2d(c // 4), nn.ReLU(),   # (B,c/4,28,28)
            nn.Conv2d(c // 4, 1, 3, 1, 1), nn.Tanh(),                                         # (B,1,28,28)
        )

    def forward(self, z):
        return self.net(self.fc(z).view(-1, self.c, 7, 7))


class Discriminator(nn.Module):
    """image (B,1,28,28) in [-1,1] -> logit (B,1) of 'real'."""

    def __init__(self, cfg: GANConfig):
        super().__init__()
        c = cfg.d_channels
        self.net = nn.Sequential(
            spectral_norm(nn.Conv2d(1, c, 4, 2, 1)), nn.LeakyReLU(0.2),          # (B,c,14,14)
            spectral_norm(nn.Conv2d(c, 2 * c, 4, 2, 1)), nn.LeakyReLU(0.2),      # (B,2c,7,7)
            spectral_norm(nn.Conv2d(2 * c, 2 * c, 3, 1, 1)), nn.LeakyReLU(0.2),  # (B,2c,7,7)
            nn.Flatten(), spectral_norm(nn.Linear(2 * c * 49, 1)),
        )

    def forward(self, x):
        return self.net(x)


class GeneratorImage(nn.Module):
    """What the browser runs: z -> intensities in [0,1]."""

    def __init__(self, g: Generator):
        super().__init__()
        self.g = g

    def forward(self, z):
        return (self.g(z) + 1) / 2


class DiscriminatorScore(nn.Module):
    """What the browser runs: image in [0,1] -> the discriminator's probability that it is real."""

    def __init__(self, d: Discriminator):
        super().__init__()
        self.d = d

    def forward(self, image):
        return torch.sigmoid(self.d(image * 2 - 1))


def train(cfg: GANConfig, data_dir: str, device: str = "cpu", log=print) -> tuple[Generator, Discriminator, dict]:
    torch.manual_seed(cfg.seed)
    train_x, _ = load_fashion_mnist("train", data_dir)
    if cfg.train_subset:
        train_x = train_x[:cfg.train_subset]
    x = (torch.from_numpy(train_x.astype(np.float32) / 127.5 - 1)).unsqueeze(1).to(device)
    g, d = Generator(cfg).to(device), Discriminator(cfg).to(device)
    g_ema = copy.deepcopy(g).eval()
    opt_g = torch.optim.Adam(g.parameters(), lr=cfg.lr, betas=cfg.betas)
    opt_d = torch.optim.Adam(d.parameters(), lr=cfg.lr, betas=cfg.betas)
    t0, step = time.time(), 0
    while step < cfg.steps and time.time() - t0 < cfg.time_limit_s:
        real = x[torch.randint(0, len(x), (cfg.batch_size,), device=device)]
        z = torch.randn(cfg.batch_size, cfg.z_dim, device=device)
        fake = g(z)
        # Discriminator: softplus(-D(real)) + softplus(D(fake)) = -log D(x) - log(1 - D(G(z)))
        loss_d = F.softplus(-d(real)).mean() + F.softplus(d(fake.detach())).mean()
        opt_d.zero_grad(set_to_none=True)
        loss_d.backward()
        opt_d.step()
        # Generator, non-saturating: -log D(G(z))
        loss_g = F.softplus(-d(fake)).mean()
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()
        with torch.no_grad():
            decay = min(cfg.ema, (1 + step) / (10 + step))  # warm-up: early averages follow the generator
            for pe, p in zip(g_ema.parameters(), g.parameters()):
                pe.lerp_(p, 1 - decay)
            for be, b in zip(g_ema.buffers(), g.buffers()):
                be.copy_(b)
        step += 1
        if step % 200 == 0 or step == cfg.steps:
            log(f"step {step}/{cfg.steps} loss_d {loss_d.item():.3f} loss_g {loss_g.item():.3f} ({time.time() - t0:.0f} s)")
    return g_ema.cpu().eval(), d.cpu().eval(), {"steps": step, "wall_time_s": round(time.time() - t0, 1),
                                                 "stopped_by_time_limit": step < cfg.steps}


def write_extras(out_dir: str, data_dir: str, count: int = 16) -> str:
    """Real test images (uint8, base64) for the demo's 'score real images' contrast, two of each class."""
    import base64
    import json
    test_x, test_y = load_fashion_mnist("t10k", data_dir)
    idx = [int(i) for c in range(10) for i in np.where(test_y == c)[0][:2]][:count]
    path = os.path.join(out_dir, "extras.json")
    with open(path, "w") as f:
        json.dump({"real_test_images": [{"index": i, "label": int(test_y[i]),
                                         "pixels_base64": base64.b64encode(test_x[i].tobytes()).decode()} for i in idx]},
                  f, separators=(",", ":"))
    return path


def main(argv=None) -> dict:
    p = base_parser(__doc__, "gan/*.onnx, gan/extras.json")
    p.add_argument("--steps", type=int, help="override the preset's generator updates")
    p.add_argument("--extras-only", action="store_true", help="only (re)write gan/extras.json (real test images)")
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    if args.extras_only:
        import json
        out_dir = os.path.join(args.out, "gan")
        extras = write_extras(out_dir, args.data)
        with open(os.path.join(args.out, "manifest.json")) as f:
            entry = json.load(f)["models"]["gan"]
        entry["roles"]["extras"] = "gan/extras.json"
        files = [os.path.join(args.out, p) for p in entry["roles"].values()]
        write_model_entry("gan", {k: v for k, v in entry.items() if k != "files"}, files, models_dir=args.out)
        return {"extras": extras}
    cfg = GANConfig(**SMOKE) if args.smoke else GANConfig()
    if args.steps:
        cfg.steps = args.steps
    g, d, run = train(cfg, args.data, args.device)

    out_dir = os.path.join(args.out, "gan")
    os.makedirs(out_dir, exist_ok=True)
    g_path, d_path = os.path.join(out_dir, "generator.onnx"), os.path.join(out_dir, "discriminator.onnx")
    gen = torch.Generator().manual_seed(7)
    z = torch.randn(4, cfg.z_dim, generator=gen)
    gi, ds = GeneratorImage(g).eval(), DiscriminatorScore(d).eval()
    with torch.no_grad():
        imgs = gi(z)
    export_onnx(gi, {"z": z}, ["image"], g_path)
    export_onnx(ds, {"image": imgs}, ["score"], d_path)
    parity = {"generator": check_parity(gi, g_path, {"z": z}, ["image"]),
              "discriminator": check_parity(ds, d_path, {"image": imgs}, ["score"])}
    print(f"parity vs torch (onnxruntime-web, Node, WASM): {parity}")
    extras_path = write_extras(out_dir, args.data)
    entry = fashion_mnist_entry(
        "gan", "DCGAN-style GAN, spectral-norm discriminator",
        {"generator": count_params(g), "discriminator": count_params(d), "total": count_params(g) + count_params(d)},
        asdict(cfg), training_record("gan", args, run), {}, parity,
        {"generator": "gan/generator.onnx", "discriminator": "gan/discriminator.onnx", "extras": "gan/extras.json"})
    write_model_entry("gan", entry, [g_path, d_path, extras_path], models_dir=args.out)
    print(f"wrote {out_dir}")
    return entry


if __name__ == "__main__":
    main()
