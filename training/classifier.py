"""Fashion-MNIST classifier used only as a yardstick: its penultimate features give FMNIST-FD, its predictions
give class coverage and class accuracy of generated samples. Not a demo model.

    /usr/bin/python3 -m training.classifier            # ~5 min on 2 CPU cores
    /usr/bin/python3 -m training.classifier --smoke --out /tmp/x
"""
from __future__ import annotations

import math
import os
import time
from dataclasses import asdict, dataclass

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from .data import load_fashion_mnist
from .export import check_parity, count_params, export_onnx
from .float16 import float32_initializers
from .cli import base_parser, training_record
from .manifest import fashion_mnist_entry, update_metrics, write_model_entry

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@dataclass
class ClassifierConfig:
    channels: int = 32      # first conv width; the second has 2x
    features: int = 128     # penultimate width: the feature space of FMNIST-FD
    epochs: int = 6
    batch_size: int = 128
    lr: float = 1e-3        # Adam, cosine-decayed to 0
    dropout: float = 0.3
    seed: int = 0
    train_subset: int = 0   # 0 = all 60k
    max_steps: int = 0      # 0 = no cap


SMOKE = dict(epochs=1, train_subset=1024, max_steps=8, channels=8, features=16)


class Classifier(nn.Module):
    """x (B,1,28,28) in [0,1] -> logits (B,10), features (B,F)."""

    def __init__(self, cfg: ClassifierConfig):
        super().__init__()
        c = cfg.channels
        self.conv = nn.Sequential(
            # No batch norm: export would fold it into the convolutions and the ONNX file could not be read
            # back into this module by parameter name (load_from_onnx).
            nn.Conv2d(1, c, 3, padding=1), nn.ReLU(),
            nn.Conv2d(c, c, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),          # (B,c,14,14)
            nn.Conv2d(c, 2 * c, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),      # (B,2c,7,7)
        )
        self.features = nn.Sequential(nn.Flatten(), nn.Linear(2 * c * 49, cfg.features), nn.ReLU())
        self.drop = nn.Dropout(cfg.dropout)
        self.head = nn.Linear(cfg.features, 10)

    def forward(self, x):
        f = self.features(self.conv(x))
        return self.head(self.drop(f)), f


def to_tensor(images: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)


@torch.no_grad()
def predict(model: Classifier, images: torch.Tensor, batch: int = 1000) -> tuple[np.ndarray, np.ndarray]:
    """images (N,1,28,28) in [0,1] -> (predicted class (N,), features (N,F))."""
    model.eval()
    preds, feats = [], []
    for i in range(0, len(images), batch):
        logits, f = model(images[i:i + batch])
        preds.append(logits.argmax(1).numpy())
        feats.append(f.numpy())
    return np.concatenate(preds), np.concatenate(feats)


def load_from_onnx(path: str) -> Classifier:
    """Rebuilds the classifier from its ONNX file (initializer names are torch's parameter names)."""
    state = {k: torch.from_numpy(v) for k, v in float32_initializers(path).items()}
    c = state["conv.0.weight"].shape[0]
    cfg = ClassifierConfig(channels=c, features=state["features.1.weight"].shape[0])
    model = Classifier(cfg)
    model.load_state_dict(state, strict=True)
    return model.eval()


def main(argv=None) -> dict:
    p = base_parser(__doc__, "yardstick/classifier.onnx")
    p.add_argument("--evaluate-only", action="store_true",
                   help="no training: measure the shipped classifier.onnx's test accuracy again (manifest metrics)")
    args = p.parse_args(argv)
    if args.evaluate_only:
        torch.set_num_threads(args.threads)
        test_x, test_y = load_fashion_mnist("t10k", args.data)
        model = load_from_onnx(os.path.join(args.out, "yardstick", "classifier.onnx"))
        acc = float((predict(model, to_tensor(test_x))[0] == test_y).mean())
        print(f"test accuracy of the shipped file {acc:.4f}")
        return update_metrics("classifier", {"test_accuracy": round(acc, 4)}, models_dir=args.out)
    if args.device != "cpu":
        raise SystemExit("The classifier trains on CPU in about 9 minutes; --device is not used here.")
    torch.set_num_threads(args.threads)
    cfg = ClassifierConfig(**SMOKE) if args.smoke else ClassifierConfig()
    torch.manual_seed(cfg.seed)

    train_x, train_y = load_fashion_mnist("train", args.data)
    test_x, test_y = load_fashion_mnist("t10k", args.data)
    if cfg.train_subset:
        train_x, train_y = train_x[:cfg.train_subset], train_y[:cfg.train_subset]
    if args.smoke:
        test_x, test_y = test_x[:1000], test_y[:1000]
    x, y = to_tensor(train_x), torch.from_numpy(train_y.astype(np.int64))
    model = Classifier(cfg)
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    steps_per_epoch = math.ceil(len(x) / cfg.batch_size)
    total = steps_per_epoch * cfg.epochs if not cfg.max_steps else min(cfg.max_steps, steps_per_epoch * cfg.epochs)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=total)
    step, t0 = 0, time.time()
    for epoch in range(cfg.epochs):
        model.train()
        perm = torch.randperm(len(x))
        for b in range(steps_per_epoch):
            idx = perm[b * cfg.batch_size:(b + 1) * cfg.batch_size]
            xb = x[idx]
            flip = torch.rand(len(xb)) < 0.5                       # garments are left-right symmetric enough
            xb = torch.where(flip[:, None, None, None], xb.flip(3), xb)
            loss = F.cross_entropy(model(xb)[0], y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            step += 1
            if step >= total:
                break
        acc = float((predict(model, to_tensor(test_x))[0] == test_y).mean())
        print(f"epoch {epoch + 1}/{cfg.epochs} step {step} loss {loss.item():.3f} test accuracy {acc:.4f} "
              f"({time.time() - t0:.0f} s)")
        if step >= total:
            break
    wall = time.time() - t0
    model.eval()

    out_dir = os.path.join(args.out, "yardstick")
    path = os.path.join(out_dir, "classifier.onnx")
    sample = to_tensor(test_x[:4])
    export_onnx(model, {"image": sample}, ["logits", "features"], path)
    parity = check_parity(model, path, {"image": sample}, ["logits", "features"])
    reloaded = load_from_onnx(path)
    acc_reloaded = float((predict(reloaded, to_tensor(test_x))[0] == test_y).mean())
    # the file stores float16 weights: a few borderline test images may change class, no more
    assert abs(acc_reloaded - acc) < 3e-3, (acc, acc_reloaded)
    print(f"test accuracy {acc:.4f} (shipped file: {acc_reloaded:.4f}); parity {parity:.2e}")
    entry = fashion_mnist_entry(
        "classifier", "Fashion-MNIST classifier (evaluation yardstick only)", {"total": count_params(model)},
        asdict(cfg), training_record("classifier", args, {"steps": step, "wall_time_s": round(wall, 1)}),
        {"test_accuracy": round(acc_reloaded, 4), "feature_dim": cfg.features}, parity,
        {"classifier": "yardstick/classifier.onnx"})
    write_model_entry("classifier", entry, [path], models_dir=args.out)
    return entry


if __name__ == "__main__":
    main()
