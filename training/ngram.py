"""A character n-gram model with interpolated absolute discounting: the classic baseline that the training
study (training/study.py) sets beside the character GPT, to see whether the transformer's need for data shows.

    p_n(c | h) = (max(N(h c) - D, 0) + D · F(h) · p_{n-1}(c | h')) / N(h ·)

where h is the last n-1 characters, h' the last n-2, N counts in the training text, F(h) is how many different
characters followed h there, and p_0 is uniform over the vocabulary. A history never seen falls back to the
lower order. Counting is vectorised with numpy: every n-gram is one integer (base = vocabulary size), so the
tables are sorted arrays searched with np.searchsorted.

tune_and_fit picks the order and D on held-out text (fitted on the rest), then fits that choice on both, so
the validation text is never used for choosing.
"""
from __future__ import annotations

import time

import numpy as np

from . import transformer
from .study_model import StudyModel

DISCOUNTS = (0.5, 0.7, 0.8, 0.9, 0.95)


def keys(ids: np.ndarray, n: int, base: int) -> np.ndarray:
    """The n-grams of ids as integers: entry j is the n-gram ids[j : j + n]."""
    out = np.zeros(len(ids) - n + 1, dtype=np.int64)
    for k in range(n):
        out = out * base + ids[k:len(ids) - n + 1 + k]
    return out


def lookup(table: np.ndarray, values: np.ndarray, query: np.ndarray) -> np.ndarray:
    """values[i] where table[i] == query, else 0 (table sorted)."""
    i = np.minimum(np.searchsorted(table, query), len(table) - 1)
    return np.where(table[i] == query, values[i], 0)


class NGram:
    """The count tables of every order up to `order`; the discount is chosen when probabilities are asked for."""

    def __init__(self, ids: np.ndarray, vocab: int, order: int, discount: float = 0.8):
        if vocab ** order >= 2 ** 63:
            raise ValueError(f"order {order} with {vocab} symbols does not fit one int64 key")
        self.vocab, self.order, self.discount = vocab, order, discount
        ids = np.asarray(ids, dtype=np.int64)
        self.tables = []
        for n in range(1, order + 1):
            grams, counts = np.unique(keys(ids, n, vocab), return_counts=True)
            ctx, first, followers = np.unique(grams // vocab, return_index=True, return_counts=True)
            self.tables.append((grams, counts, ctx, np.add.reduceat(counts, first), followers))

    def probs(self, ids: np.ndarray, discount: float | None = None) -> np.ndarray:
        """[order, len(ids) - 1]: p_n of each character ids[1:] given what precedes it, for n = 1..order."""
        d = self.discount if discount is None else discount
        ids = np.asarray(ids, dtype=np.int64)
        target = ids[1:]
        p = np.full(len(target), 1.0 / self.vocab)
        out = []
        for n, (grams, counts, ctx, totals, followers) in enumerate(self.tables, start=1):
            lower = p
            h = np.zeros(len(target), dtype=np.int64)
            if n > 1:  # history of n-1 characters ending just before each target; earlier positions keep p_{n-1}
                h[n - 2:] = keys(ids[:-1], n - 1, self.vocab)
            ok = np.arange(len(target)) >= n - 2
            total = lookup(ctx, totals, h).astype(np.float64)
            follow = lookup(ctx, followers, h).astype(np.float64)
            count = lookup(grams, counts, h * self.vocab + target).astype(np.float64)
            seen = ok & (total > 0)
            safe = np.where(seen, total, 1.0)
            mixed = (np.maximum(count - d, 0) + d * follow * lower) / safe
            p = np.where(seen, mixed, lower)
            out.append(p)
        return np.stack(out)

    def loss(self, ids: np.ndarray) -> float:
        """Mean cross-entropy in nats per character of ids[1:] at the full order."""
        return float(-np.log(self.probs(ids)[-1]).mean())


def tune_and_fit(ids: np.ndarray, dev: np.ndarray, vocab: int, max_order: int = 9) -> dict:
    """The order (1..max_order) and discount with the lowest loss on `dev` when fitted on `ids`; then that
    choice fitted on both. Returns the model, the choice and the grid of dev losses."""
    ids, dev = np.asarray(ids, dtype=np.int64), np.asarray(dev, dtype=np.int64)
    max_order = min(max_order, int(np.floor(62 / np.log2(vocab))))
    tables = NGram(ids, vocab, max_order)
    grid = []
    for d in DISCOUNTS:
        losses = -np.log(tables.probs(dev, d)).mean(axis=1)
        grid += [{"order": n, "discount": d, "dev_loss": round(float(v), 4)} for n, v in enumerate(losses, start=1)]
    best = min(grid, key=lambda g: g["dev_loss"])
    return {"model": NGram(np.concatenate([ids, dev]), vocab, best["order"], best["discount"]), "order": best["order"],
            "discount": best["discount"], "grid": grid,
            "tuned_on": f"order 1-{max_order} and discount {', '.join(map(str, DISCOUNTS))} on the held-out text "
                        "(fitted on the rest), then refitted on all of it"}


# ---- the training study (training/study.py): beside the GPT on the same shares of its corpus ----------------

def study_run(run, p, args, cache: dict) -> dict:
    _, train_f, val_ids, vocab, index = transformer.study_corpus(p, args, cache)
    fit, dev = transformer.corpus_share(train_f, run.data["share"])
    ids, dev_ids = (np.array([index[c] for c in transformer.join(part)]) for part in (fit, dev))
    cpu0 = time.process_time()
    tuned = tune_and_fit(ids, dev_ids, len(vocab), max_order=4 if p.smoke else 9)
    val = tuned["model"].loss(val_ids.numpy())
    cpu_s = time.process_time() - cpu0
    return {"config": {"order": tuned["order"], "discount": tuned["discount"], "tuned_on": tuned["tuned_on"]},
            "data": transformer.share_about(fit, dev, run.data["share"], {"val_chars": len(val_ids)}), "steps": 0,
            "train_cpu_s": round(cpu_s, 1), "curve": [], "tuning": tuned["grid"],
            "final": {"val_loss_nats_per_char": round(val, 4), "order": tuned["order"], "discount": tuned["discount"]}}


STUDY = StudyModel("ngram", ("transformer_data",), lambda p: 0, study_run)  # counting: no time budget
