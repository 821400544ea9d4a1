"""A character-level GPT on German fortunes (Debian's fortunes-de).

Pre-LayerNorm decoder blocks (Radford et al. 2019): x += attn(ln1(x)); x += mlp(ln2(x)), causal multi-head
self-attention, an MLP with the tanh form of GELU (WGSL has tanh but no erf, so our kernels compute the very
same function), learned token and position embeddings, a final LayerNorm and a linear head to the logits of
the next character. Every character is one token; the vocabulary is the characters that occur often enough
in the corpus (rare ones are left out with the fortunes that hold them), shipped as transformer/vocab.json
together with the aliases that map typographic variants (« » „ “ – …) onto it.

Export (transformer/gpt.onnx) runs one step with a key/value cache of fixed size, so a new character costs
one step and not the whole prefix, and every call has the same cache shape:

    inputs   tokens  int64 [1, T]           T new characters (the prompt at once, then one at a time)
             pos     int64 [1]              how many cache slots are filled already (position of tokens[0])
             past_kv float [L, 2, H, C, D]  keys (0) and values (1) of every layer; slots >= pos are ignored
    outputs  logits    float [1, T, V]      next-character logits after each new token
             present_kv float [L, 2, H, C, D]  the cache with slots pos..pos+T-1 written
             attention float [L, H, T, C]   attention probabilities of the new tokens over the cache slots

The cache is written with a one-hot matrix (S^T @ new, blended by the slot mask), which needs only MatMul and
element-wise ops: exact, and supported by every onnxruntime execution provider. Parameters keep their torch
names in the file (no constant folding) — the `wgsl` engine (src/engines/gpt/gpt-wgsl.ts) reads them by name.

    /usr/bin/python3 -m training.transformer                  # CPU preset, stops by time_limit_s (90 min)
    /usr/bin/python3 -m training.transformer --device cuda --preset full
    /usr/bin/python3 -m training.transformer --smoke --out /tmp/gpt-smoke
"""
from __future__ import annotations

import collections
import copy
import json
import math
import os
import random
import time
import unicodedata
from dataclasses import asdict, dataclass, replace

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from .cli import add_preset_args, base_parser, preset_config, training_record
from .export import check_parity, count_params, export_onnx
from .float16 import float32_initializers
from .manifest import parity_record, update_metrics, write_model_entry
from .study_model import StudyModel

CORPUS_DIR = "/usr/share/games/fortunes/de"
CORPUS_INFO = {
    "name": "fortunes-de (German fortune cookies: quotes, proverbs, jokes, poems)",
    "licence": "GPL-2+ (Debian package fortunes-de, /usr/share/doc/fortunes-de/copyright)",
    "source": "https://packages.debian.org/bookworm/fortunes-de",
    "installed_from": "Debian package fortunes-de",
}
MODEL_LICENCE = "GPL-2+ (trained by this project on GPL-2+ text, so shared on the same terms)"
# The site's source article (German, not in the repository: only the loss on it is shipped).
UNSEEN_TEXT = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                           "shared", "seed", "000_5c90608c4829bdd2.txt")
SKIP_FILES = {"asciiart"}   # pictures made of characters, not language
SEPARATOR = "%\n"           # ends every fortune, as in the fortune files; the model learns to write it
# Typographic variants mapped onto plain characters before counting; the browser applies the same table.
ALIASES = {"\t": " ", "\r": "", "\u00a0": " ", "«": '"', "»": '"', "„": '"', "“": '"', "”": '"', "‚": "'",
           "‘": "'", "’": "'", "´": "'", "`": "'", "–": "-", "—": "-", "…": "...", "\u00ad": ""}


@dataclass
class GPTConfig:
    context: int = 128       # C: positions the model can see
    n_layer: int = 4
    n_head: int = 4
    n_embd: int = 128        # head size n_embd / n_head = 32
    min_count: int = 40      # characters rarer than this in the corpus are left out of the vocabulary
    val_share: float = 0.05  # share of fortunes held out for validation
    steps: int = 30000       # an upper bound: the CPU preset stops by time (5,121 steps on one VM, ~11,000 on another)
    batch_size: int = 32
    lr: float = 2e-3
    min_lr: float = 1e-4
    warmup: int = 100
    weight_decay: float = 0.05
    seed: int = 0
    max_chars: int = 0       # 0 = the whole corpus (smoke runs take a slice)
    time_limit_s: float = 5400  # the CPU preset stops after 90 minutes of training


SMOKE = dict(steps=4, batch_size=4, n_layer=1, n_head=2, n_embd=16, context=32, warmup=2, max_chars=60000,
             min_count=5)
PRESETS = {"cpu": {}, "full": dict(n_layer=6, n_head=4, n_embd=192, context=256, steps=30000, batch_size=64,
                                   time_limit_s=4 * 3600)}


# ---- corpus -----------------------------------------------------------------------------------------------

def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return "".join(ALIASES.get(ch, ch) for ch in text)


def read_fortunes(folder: str = CORPUS_DIR) -> list[str]:
    """Every fortune of every file (sorted by name), normalised, without duplicates, in file order."""
    if not os.path.isdir(folder):
        raise SystemExit(f"{folder} not found: install the Debian package fortunes-de")
    seen, out = set(), []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if "." in name or name in SKIP_FILES or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            for chunk in f.read().split("\n%\n"):
                text = normalise(chunk).strip("\n")
                text = "\n".join(line.rstrip() for line in text.split("\n"))
                if text and text != "%" and text not in seen:
                    seen.add(text)
                    out.append(text + "\n")
    return out


def build_vocab(fortunes: list[str], min_count: int) -> tuple[list[str], list[str]]:
    """(vocabulary sorted by code point, fortunes whose characters are all in it)."""
    counts = collections.Counter("".join(fortunes) + SEPARATOR)
    chars = sorted(ch for ch, n in counts.items() if n >= min_count or ch in SEPARATOR)
    keep = set(chars)
    return chars, [f for f in fortunes if set(f) <= keep]


def split_fortunes(fortunes: list[str], val_share: float, seed: int) -> tuple[list[str], list[str]]:
    """(training fortunes, validation fortunes), each in corpus order; `val_share` of them held out at random."""
    order = list(range(len(fortunes)))
    random.Random(seed).shuffle(order)
    n_val = max(1, int(len(order) * val_share))
    return [fortunes[i] for i in sorted(order[n_val:])], [fortunes[i] for i in sorted(order[:n_val])]


def join(fortunes: list[str]) -> str:
    return "".join(f + SEPARATOR for f in fortunes)


def split(fortunes: list[str], val_share: float, seed: int) -> tuple[str, str]:
    train, val = split_fortunes(fortunes, val_share, seed)
    return join(train), join(val)


def first_chars(fortunes: list[str], max_chars: int) -> list[str]:
    """The fortunes from the start up to the first that passes max_chars in all (0 = all of them)."""
    if not max_chars:
        return fortunes
    total, cut = 0, []
    for f in fortunes:
        if total > max_chars:
            break
        cut.append(f)
        total += len(f)
    return cut


# ---- model ------------------------------------------------------------------------------------------------

class Attention(nn.Module):
    def __init__(self, cfg: GPTConfig):
        super().__init__()
        self.h, self.d = cfg.n_head, cfg.n_embd // cfg.n_head
        self.qkv = nn.Linear(cfg.n_embd, 3 * cfg.n_embd)
        self.proj = nn.Linear(cfg.n_embd, cfg.n_embd)

    def heads(self, x):  # [B, T, 3E] -> three [B, H, T, D]
        B, T, _ = x.shape
        q, k, v = self.qkv(x).view(B, T, 3, self.h, self.d).permute(2, 0, 3, 1, 4)
        return q, k, v

    def forward(self, x):
        B, T, E = x.shape
        q, k, v = self.heads(x)
        s = q @ k.transpose(-1, -2) / math.sqrt(self.d)
        mask = torch.ones(T, T, dtype=torch.bool, device=x.device).tril()
        p = s.masked_fill(~mask, float("-inf")).softmax(-1)
        return self.proj((p @ v).transpose(1, 2).reshape(B, T, E))


class Block(nn.Module):
    def __init__(self, cfg: GPTConfig):
        super().__init__()
        self.ln1, self.attn = nn.LayerNorm(cfg.n_embd), Attention(cfg)
        self.ln2 = nn.LayerNorm(cfg.n_embd)
        self.fc, self.out = nn.Linear(cfg.n_embd, 4 * cfg.n_embd), nn.Linear(4 * cfg.n_embd, cfg.n_embd)

    def mlp(self, x):
        return self.out(F.gelu(self.fc(x), approximate="tanh"))

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.mlp(self.ln2(x))


class GPT(nn.Module):
    def __init__(self, cfg: GPTConfig, vocab_size: int):
        super().__init__()
        self.cfg = cfg
        self.tok_emb = nn.Embedding(vocab_size, cfg.n_embd)
        self.pos_emb = nn.Embedding(cfg.context, cfg.n_embd)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.n_layer))
        self.ln_f = nn.LayerNorm(cfg.n_embd)
        self.head = nn.Linear(cfg.n_embd, vocab_size)
        self.apply(self._init)
        for name, p in self.named_parameters():  # GPT-2: residual projections scaled by depth
            if name.endswith(("attn.proj.weight", "out.weight")):
                nn.init.normal_(p, 0.0, 0.02 / math.sqrt(2 * cfg.n_layer))

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, 0.0, 0.02)
        if isinstance(m, nn.Linear):
            nn.init.zeros_(m.bias)

    def forward(self, idx):  # [B, T] -> logits [B, T, V]
        x = self.tok_emb(idx) + self.pos_emb(torch.arange(idx.shape[1], device=idx.device))
        for b in self.blocks:
            x = b(x)
        return self.head(self.ln_f(x))


class CachedGPT(nn.Module):
    """One step with a fixed-size key/value cache; the graph that is exported (see the module docstring)."""

    def __init__(self, gpt: GPT):
        super().__init__()
        self.gpt = gpt

    def forward(self, tokens, pos, past_kv):
        g, cfg = self.gpt, self.gpt.cfg
        T, C = tokens.shape[1], cfg.context
        positions = pos + torch.arange(T)                                      # [T]
        slots = torch.arange(C)
        write = (positions[:, None] == slots[None, :]).float()                # [T, C] one-hot rows
        keep = 1.0 - write.sum(0)[:, None]                                     # [C, 1]
        allowed = slots[None, :] <= positions[:, None]                         # [T, C] causal over slots
        x = g.tok_emb(tokens) + g.pos_emb(positions)                           # [1, T, E]
        presents, attns = [], []
        for i, b in enumerate(g.blocks):
            a = b.attn
            q, k, v = a.heads(b.ln1(x))                                        # [1, H, T, D]
            k_all = past_kv[i, 0] * keep + write.t() @ k[0]                    # [H, C, D]
            v_all = past_kv[i, 1] * keep + write.t() @ v[0]
            s = q[0] @ k_all.transpose(-1, -2) / math.sqrt(a.d)                # [H, T, C]
            p = torch.where(allowed, s, torch.full_like(s, -1e9)).softmax(-1)
            y = (p @ v_all).transpose(0, 1).reshape(1, T, cfg.n_embd)
            x = x + a.proj(y)
            x = x + b.mlp(b.ln2(x))
            presents.append(torch.stack([k_all, v_all]))
            attns.append(p)
        return g.head(g.ln_f(x)), torch.stack(presents), torch.stack(attns)


def empty_cache(cfg: GPTConfig) -> torch.Tensor:
    return torch.zeros(cfg.n_layer, 2, cfg.n_head, cfg.context, cfg.n_embd // cfg.n_head)


# ---- training ---------------------------------------------------------------------------------------------

def batches(data: torch.Tensor, cfg: GPTConfig, gen: torch.Generator):
    while True:
        start = torch.randint(0, len(data) - cfg.context - 1, (cfg.batch_size,), generator=gen)
        x = torch.stack([data[s:s + cfg.context] for s in start.tolist()])
        y = torch.stack([data[s + 1:s + cfg.context + 1] for s in start.tolist()])
        yield x, y


def lr_at(cfg: GPTConfig, progress: float, step: int) -> float:
    """Linear warm-up, then cosine decay to min_lr over `progress` (the larger of steps and time used)."""
    if step < cfg.warmup:
        return cfg.lr * (step + 1) / cfg.warmup
    return cfg.min_lr + 0.5 * (cfg.lr - cfg.min_lr) * (1 + math.cos(math.pi * min(1.0, progress)))


@torch.no_grad()
def evaluate_loss(model: GPT, data: torch.Tensor, cfg: GPTConfig, device: str, max_windows: int = 0) -> float:
    """Mean cross-entropy in nats per character over non-overlapping windows of `data`: all of them, or
    `max_windows` spread evenly over it; every character is predicted from the window's preceding characters."""
    model.eval()
    n = (len(data) - 1) // cfg.context
    starts = [r * cfg.context for r in range(n)]
    if max_windows and max_windows < n:
        starts = [starts[int(i * n / max_windows)] for i in range(max_windows)]
    total, count = 0.0, 0
    for s in range(0, len(starts), 64):
        batch = starts[s:s + 64]
        x = torch.stack([data[b:b + cfg.context] for b in batch]).to(device)
        y = torch.stack([data[b + 1:b + cfg.context + 1] for b in batch]).to(device)
        total += F.cross_entropy(model(x).flatten(0, 1), y.flatten(), reduction="sum").item()
        count += y.numel()
    model.train()
    return total / count


def load_from_onnx(cfg: GPTConfig, vocab_size: int, path: str) -> GPT:
    """The shipped gpt.onnx back in torch (its initializers keep the parameter names; float16 ones widened)."""
    weights = {k: torch.from_numpy(v) for k, v in float32_initializers(path).items()}
    cached = CachedGPT(GPT(cfg, vocab_size))
    cached.load_state_dict({k: v for k, v in weights.items() if k.startswith("gpt.")})
    return cached.gpt.eval()


def train(cfg: GPTConfig, train_ids: torch.Tensor, val_ids: torch.Tensor, vocab_size: int, device: str = "cpu",
          log=print, keep_best: bool = False, eval_every: int = 250) -> tuple[GPT, dict]:
    """Trains for cfg.steps or cfg.time_limit_s, measuring the loss on 128 windows of val_ids every `eval_every`
    steps (the curve); with keep_best, the weights of the best of those measurements are the ones returned
    (early stopping: then val_ids must be text held out from training, not the validation text)."""
    torch.manual_seed(cfg.seed)
    model = GPT(cfg, vocab_size).to(device).train()
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2 and "emb" not in n]
    other = [p for n, p in model.named_parameters() if not (p.dim() >= 2 and "emb" not in n)]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": cfg.weight_decay},
                             {"params": other, "weight_decay": 0.0}], lr=cfg.lr, betas=(0.9, 0.99))
    gen = torch.Generator().manual_seed(cfg.seed)
    data = batches(train_ids, cfg, gen)
    t0, step, running, curve = time.time(), 0, 0.0, []
    best = (math.inf, 0, None)
    while step < cfg.steps and time.time() - t0 < cfg.time_limit_s:
        progress = max(step / cfg.steps, (time.time() - t0) / cfg.time_limit_s)
        for group in opt.param_groups:
            group["lr"] = lr_at(cfg, progress, step)
        x, y = next(data)
        loss = F.cross_entropy(model(x.to(device)).flatten(0, 1), y.to(device).flatten())
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        running = 0.98 * running + 0.02 * loss.item() if step else loss.item()
        step += 1
        if step % eval_every == 0 or step == cfg.steps:
            val = evaluate_loss(model, val_ids, cfg, device, max_windows=128)
            curve.append({"step": step, "train": round(running, 4), "val_128_windows": round(val, 4),
                          "s": round(time.time() - t0)})
            if keep_best and val < best[0]:
                best = (val, step, copy.deepcopy(model.state_dict()))
            log(f"step {step}/{cfg.steps} loss {running:.4f} val~{val:.4f} ({time.time() - t0:.0f} s)")
    kept = {}
    if keep_best and best[2] is not None:
        model.load_state_dict(best[2])
        kept = {"kept_step": best[1]}
    return model.cpu().eval(), {"steps": step, "wall_time_s": round(time.time() - t0, 1),
                                "stopped_by_time_limit": step < cfg.steps, "final_loss_ema": round(running, 5),
                                "curve": curve, **kept}


@torch.no_grad()
def sample_text(model: GPT, vocab: list[str], prompt: str, n: int, temperature: float = 0.8, seed: int = 0) -> str:
    index = {ch: i for i, ch in enumerate(vocab)}
    ids = [index[c] for c in prompt if c in index]
    g = torch.Generator().manual_seed(seed)
    C = model.cfg.context
    for _ in range(n):
        logits = model(torch.tensor([ids[-C:]]))[0, -1] / temperature
        ids.append(int(torch.multinomial(logits.softmax(-1), 1, generator=g)))
    return "".join(vocab[i] for i in ids)


# ---- export -----------------------------------------------------------------------------------------------

class PlainAttention(nn.Module):
    """Causal attention alone, no weights (q [H,T,D], k and v [H,S,D], scale [1] = 1/sqrt(D) -> out [H,T,D];
    query i sees keys 0..S-T+i): the graph the benchmark runs in onnxruntime beside our attention kernel.
    The scale is an input because a traced sqrt of a dynamic size would be frozen to the example's."""

    def forward(self, q, k, v, scale):
        T, S = q.shape[1], k.shape[1]
        s = (q @ k.transpose(-1, -2)) * scale
        allowed = torch.arange(S)[None, :] <= torch.arange(T)[:, None] + (S - T)
        return torch.where(allowed, s, torch.full_like(s, -1e9)).softmax(-1) @ v


def write_attention_graph(path: str) -> None:
    g = torch.Generator().manual_seed(2)
    example = {"q": torch.randn(4, 5, 32, generator=g), "k": torch.randn(4, 9, 32, generator=g),
               "v": torch.randn(4, 9, 32, generator=g), "scale": torch.tensor([32 ** -0.5])}
    export_onnx(PlainAttention(), example, ["out"], path,
                dynamic_axes={"q": {0: "H", 1: "T", 2: "D"}, "k": {0: "H", 1: "S", 2: "D"},
                              "v": {0: "H", 1: "S", 2: "D"}, "out": {0: "H", 1: "T", 2: "D"}})
    check_parity(PlainAttention(), path, example, ["out"])


def parity_inputs(cfg: GPTConfig, vocab_size: int, model: GPT) -> list[dict]:
    """A prefill of 9 tokens into an empty cache, then a one-token decode step on that cache."""
    g = torch.Generator().manual_seed(5)
    n = min(9, cfg.context - 1)
    prompt = torch.randint(0, vocab_size, (1, n), generator=g)
    cached = CachedGPT(model).eval()
    with torch.no_grad():
        _, cache, _ = cached(prompt, torch.tensor([0]), empty_cache(cfg))
    return [{"tokens": prompt, "pos": torch.tensor([0]), "past_kv": empty_cache(cfg)},
            {"tokens": torch.randint(0, vocab_size, (1, 1), generator=g), "pos": torch.tensor([n]), "past_kv": cache}]


def prepare_corpus(cfg: GPTConfig, folder: str):
    """Token ids of the training and validation text, the vocabulary, and the corpus facts for the manifest."""
    fortunes = first_chars(read_fortunes(folder), cfg.max_chars)
    vocab, kept = build_vocab(fortunes, cfg.min_count)
    train_text, val_text = split(kept, cfg.val_share, cfg.seed)
    index = {ch: i for i, ch in enumerate(vocab)}
    train_ids = torch.tensor([index[c] for c in train_text], dtype=torch.long)
    val_ids = torch.tensor([index[c] for c in val_text], dtype=torch.long)
    corpus = {**CORPUS_INFO, "fortunes": len(fortunes), "fortunes_kept": len(kept),
              "train_chars": len(train_text), "val_chars": len(val_text), "vocab_size": len(vocab)}
    return train_ids, val_ids, vocab, corpus


def unseen_text(path: str, train_text: str, vocab: list[str]) -> tuple[str, dict]:
    """Prose the model never saw (default: this site's source article), shaped like the training text: one
    fortune per paragraph, lines wrapped at the median line length of the fortunes, the same aliases, and
    characters outside the vocabulary left out (their count is reported). Only the loss is shipped, not the text."""
    import textwrap
    with open(path, encoding="utf-8") as f:
        lines = [ln for ln in f.read().split("\n") if not ln.strip().startswith("date ")]
    width = int(np.median([len(ln) for ln in train_text.split("\n") if ln and ln != "%"]))
    paragraphs = [" ".join(p.split()) for p in "\n".join(lines).split("\n\n") if p.strip()]
    text = "".join("\n".join(textwrap.wrap(normalise(p), width)) + "\n" + SEPARATOR for p in paragraphs)
    keep = set(vocab)
    kept = "".join(ch for ch in text if ch in keep)
    return kept, {"source": os.path.basename(path), "paragraphs": len(paragraphs), "line_width": width,
                  "chars": len(kept), "chars_left_out": len(text) - len(kept)}


def measure_losses(model: GPT, train_ids: torch.Tensor, val_ids: torch.Tensor, cfg: GPTConfig,
                   unseen: tuple[torch.Tensor, dict] | None = None) -> dict:
    """Validation loss over the whole held-out text; training loss over as many windows, spread evenly; and
    the loss on unseen prose (see unseen_text) where it is given."""
    val_loss = evaluate_loss(model, val_ids, cfg, "cpu")
    train_loss = evaluate_loss(model, train_ids, cfg, "cpu", max_windows=len(val_ids) // cfg.context)
    print(f"validation loss {val_loss:.4f} nats/char (training text {train_loss:.4f})", flush=True)
    out = {"val_loss_nats_per_char": round(val_loss, 4), "train_loss_nats_per_char": round(train_loss, 4),
           "val_bits_per_char": round(val_loss / math.log(2), 4)}
    if unseen is not None:
        loss = evaluate_loss(model, unseen[0], cfg, "cpu")
        print(f"unseen text ({unseen[1]['source']}): {loss:.4f} nats/char", flush=True)
        a = unseen[1]
        out.update({"unseen_loss_nats_per_char": round(loss, 4), "unseen_text_chars": a["chars"],
                    "unseen_text_about": f"{a['source']} (the site's source article): {a['paragraphs']} paragraphs "
                                         f"wrapped at {a['line_width']} characters, {a['chars_left_out']} characters "
                                         "outside the vocabulary left out"})
    return out


def unseen_ids(args, train_ids: torch.Tensor, vocab: list[str]) -> tuple[torch.Tensor, dict] | None:
    """--unseen-text as token ids, or None where the file is not there (a fresh clone has no article)."""
    if not args.unseen_text or not os.path.exists(args.unseen_text):
        return None
    index = {ch: i for i, ch in enumerate(vocab)}
    text, about = unseen_text(args.unseen_text, "".join(vocab[i] for i in train_ids[:200000].tolist()), vocab)
    return torch.tensor([index[c] for c in text], dtype=torch.long), about


def load_shipped(args) -> tuple[dict, GPTConfig, GPT, torch.Tensor, torch.Tensor, list[str]]:
    """The manifest entry, config and model of the shipped gpt.onnx, the corpus split it was trained on and
    the vocabulary."""
    with open(os.path.join(args.out, "manifest.json")) as f:
        entry = json.load(f)["models"]["transformer"]
    cfg = GPTConfig(**{k: v for k, v in entry["config"].items() if k != "vocab_size"})
    train_ids, val_ids, vocab, _ = prepare_corpus(cfg, args.corpus)
    with open(os.path.join(args.out, "transformer", "vocab.json"), encoding="utf-8") as f:
        assert json.load(f)["chars"] == vocab, "the corpus gives another vocabulary than the shipped one"
    torch.set_num_threads(args.threads)
    model = load_from_onnx(cfg, len(vocab), os.path.join(args.out, "transformer", "gpt.onnx"))
    return entry, cfg, model, train_ids, val_ids, vocab


def evaluate_shipped(args) -> dict:
    """Measures the losses of the shipped gpt.onnx again and updates only the manifest's metrics."""
    _, cfg, model, train_ids, val_ids, vocab = load_shipped(args)
    losses = measure_losses(model, train_ids, val_ids, cfg, unseen_ids(args, train_ids, vocab))
    return update_metrics("transformer", {**losses, "evaluated_with": "npm run train:transformer -- --evaluate-only"},
                          models_dir=args.out)


def refresh(args) -> dict:
    out_dir = os.path.join(args.out, "transformer")
    entry, cfg, model, train_ids, val_ids, vocab = load_shipped(args)
    entry["metrics"].update(measure_losses(model, train_ids, val_ids, cfg, unseen_ids(args, train_ids, vocab)))
    write_attention_graph(os.path.join(out_dir, "attention.onnx"))
    entry["roles"]["attention"] = "transformer/attention.onnx"
    entry["licence"]["model"] = MODEL_LICENCE
    files = [os.path.join(args.out, r) for r in entry["roles"].values()]
    write_model_entry("transformer", {k: v for k, v in entry.items() if k != "files"}, files, models_dir=args.out)
    print(f"refreshed {out_dir}")
    return entry


def main(argv=None) -> dict:
    p = base_parser(__doc__, "transformer/gpt.onnx, transformer/vocab.json")
    add_preset_args(p, PRESETS, "cpu (here, 90 min) or full (GPU)")
    p.add_argument("--corpus", default=CORPUS_DIR, help="folder of fortune files")
    p.add_argument("--unseen-text", default=UNSEEN_TEXT,
                   help="prose the model never saw, for the panel's 'unseen text' loss (skipped where missing)")
    p.add_argument("--refresh", action="store_true",
                   help="no training: read the shipped gpt.onnx back, measure the losses again, rewrite "
                        "attention.onnx (attention alone, for the benchmark) and the manifest entry")
    p.add_argument("--evaluate-only", action="store_true",
                   help="no training, no files written: measure the shipped gpt.onnx's losses again and update "
                        "its manifest metrics")
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    cfg = preset_config(GPTConfig, args, SMOKE, PRESETS)

    if args.evaluate_only:
        return evaluate_shipped(args)
    if args.refresh:
        return refresh(args)
    train_ids, val_ids, vocab, corpus = prepare_corpus(cfg, args.corpus)
    print(f"corpus: {corpus}", flush=True)

    model, run = train(cfg, train_ids, val_ids, len(vocab), args.device, log=lambda m: print(m, flush=True))
    losses = measure_losses(model, train_ids, val_ids, cfg, unseen_ids(args, train_ids, vocab))
    sample = sample_text(model, vocab, "Wer ", 0 if args.smoke else 200, seed=1)
    print(f"sample: {sample!r}", flush=True)

    out_dir = os.path.join(args.out, "transformer")
    os.makedirs(out_dir, exist_ok=True)
    onnx_path, vocab_path = os.path.join(out_dir, "gpt.onnx"), os.path.join(out_dir, "vocab.json")
    attention_path = os.path.join(out_dir, "attention.onnx")
    write_attention_graph(attention_path)
    cached = CachedGPT(model).eval()
    cases = parity_inputs(cfg, len(vocab), model)
    with torch.no_grad():  # the cached graph computes what the plain GPT computes
        full = model(torch.cat([cases[0]["tokens"], cases[1]["tokens"]], 1))
        step = cached(**cases[1])[0]
        assert torch.allclose(full[:, -1], step[:, -1], atol=1e-4), (full[:, -1] - step[:, -1]).abs().max()
    names = ["logits", "present_kv", "attention"]
    export_onnx(cached, cases[0], names, onnx_path, constant_folding=False,
                dynamic_axes={"tokens": {1: "T"}, "logits": {1: "T"}, "attention": {2: "T"}})
    parity = max(check_parity(cached, onnx_path, case, names) for case in cases)
    print(f"parity vs torch (onnxruntime-web, Node, WASM): {parity:.2e}", flush=True)
    with open(vocab_path, "w", encoding="utf-8") as f:
        json.dump({"chars": vocab, "aliases": ALIASES, "separator": SEPARATOR,
                   "about": "index = token id; `aliases` map characters before lookup (the training text "
                            "went through the same table after Unicode NFC)"}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    params = count_params(model)
    entry = {
        "kind": "transformer", "title": "Character-level GPT (pre-LN, causal multi-head attention, KV cache)",
        "params": {"gpt": params, "total": params}, "config": {**asdict(cfg), "vocab_size": len(vocab)},
        "dataset": corpus,
        # The weights learned from GPL text and can reproduce pieces of it: they are shared on the same terms.
        "licence": {"model": MODEL_LICENCE, "data": CORPUS_INFO["licence"]},
        "training": training_record("transformer", args, run, preset=args.preset),
        "metrics": {**losses, "sample": sample},
        "parity": parity_record(parity),
        "roles": {"gpt": "transformer/gpt.onnx", "vocab": "transformer/vocab.json", "attention": "transformer/attention.onnx"},
    }
    write_model_entry("transformer", entry, [onnx_path, vocab_path, attention_path], models_dir=args.out)
    print(f"wrote {out_dir}")
    return entry


# ---- the training study (training/study.py): the GPT on shares of its corpus -----------------------------
# (the n-gram baseline, training/ngram.py, reads the same shares)

def study_corpus(p, args, cache: dict):
    """(config, training fortunes, validation ids, vocabulary, index): the shipped split and vocabulary."""
    if "corpus" not in cache:
        cfg = GPTConfig(**SMOKE) if p.smoke else GPTConfig()
        fortunes = first_chars(read_fortunes(args.corpus), cfg.max_chars)
        vocab, kept = build_vocab(fortunes, cfg.min_count)
        train_f, val_f = split_fortunes(kept, cfg.val_share, cfg.seed)
        index = {ch: i for i, ch in enumerate(vocab)}
        cache["corpus"] = (cfg, train_f, torch.tensor([index[c] for c in join(val_f)]), vocab, index)
    return cache["corpus"]


def corpus_share(train_f: list[str], share: float, seed: int = 0) -> tuple[list[str], list[str]]:
    """A random `share` of the training fortunes (fixed seed; each smaller share is part of the larger), split
    into the fortunes to fit (90 %) and those held out to choose with (10 %: the GPT's stopping point, the
    n-gram model's order and discount)."""
    order = np.random.default_rng(seed).permutation(len(train_f))[:max(2, int(round(share * len(train_f))))]
    cut = max(1, int(round(0.9 * len(order))))
    return [train_f[i] for i in np.sort(order[:cut])], [train_f[i] for i in np.sort(order[cut:])]


def share_about(fit: list[str], dev: list[str], share: float, facts: dict) -> dict:
    """The study file's description of a run's share of the corpus."""
    return {"dataset": CORPUS_INFO["name"], "licence": CORPUS_INFO["licence"],
            "share_of_training_fortunes": share, "fortunes": len(fit) + len(dev),
            "train_chars": len(join(fit)) + len(join(dev)),
            "held_out_for_choosing": f"{len(dev)} of the share's fortunes ({len(join(dev))} characters)",
            **facts}


def study_run(run, p, args, cache: dict) -> dict:
    base, train_f, val_ids, vocab, index = study_corpus(p, args, cache)
    fit, dev = corpus_share(train_f, run.data["share"])
    ids, dev_ids = (torch.tensor([index[c] for c in join(part)]) for part in (fit, dev))
    cfg = replace(base, steps=10 ** 9, seed=run.seed, time_limit_s=run.budget_s)
    if min(len(ids), len(dev_ids)) <= cfg.context + 1:
        raise SystemExit(f"{run.id}: too little text for one training window")
    cpu0 = time.process_time()
    # on 1 % of the corpus one pass takes a few steps: look often enough to catch the best point
    model, record = train(cfg, ids, dev_ids, len(vocab), args.device, log=lambda m: None, keep_best=True,
                          eval_every=5 if p.smoke else 50)
    cpu_s = time.process_time() - cpu0
    val = evaluate_loss(model, val_ids, cfg, "cpu")
    train_loss = evaluate_loss(model, ids, cfg, "cpu", max_windows=len(val_ids) // cfg.context)
    return {"config": asdict(cfg), "data": share_about(fit, dev, run.data["share"], {"val_chars": len(val_ids)}),
            "steps": record["steps"], "train_cpu_s": round(cpu_s, 1), "curve": record["curve"],
            "final": {"val_loss_nats_per_char": round(val, 4), "train_loss_nats_per_char": round(train_loss, 4),
                      "kept_step": record.get("kept_step", record["steps"]),
                      "epochs": round(record["steps"] * cfg.batch_size * cfg.context / len(ids), 2)},
            "choosing": "the weights of the step with the lowest loss on the held-out 10 % of the share "
                        "(measured every 50 steps) are kept: early stopping, as the n-gram model is tuned there"}


STUDY = StudyModel("gpt", ("transformer_data",), lambda p: p.gpt_budget_s, study_run,
                   options=(("--corpus", dict(default=CORPUS_DIR, help="folder of fortune files")),))


if __name__ == "__main__":
    main()
