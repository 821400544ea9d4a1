"""The texts the text-training page (#/train-text) learns from, shipped as the study used them.

- fortunes: the shipped GPT's corpus split exactly as training/transformer.py splits it (the same fortunes, the
  same vocabulary filter, the same 5 % held out with the same seed), so the page's held-out loss and the
  study's n-gram figure are measured on the same text.
- article: the site's source article shaped like a fortune (transformer.unseen_text: paragraphs wrapped at the
  fortunes' median line width, characters outside the vocabulary left out).

Each file is UTF-8 text, zlib-compressed (the browser's DecompressionStream 'deflate' reads it):
public/models/text/fortunes-train.txt.z, fortunes-val.txt.z, article.txt.z.

    /usr/bin/python3 -m training.text_data      # npm run data:text
"""
from __future__ import annotations

import os
import zlib

from . import transformer
from .manifest import MANIFEST, write_model_entry

ARTICLE = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "seed", "000_5c90608c4829bdd2.txt")


def main() -> None:
    cfg = transformer.GPTConfig()
    fortunes = transformer.first_chars(transformer.read_fortunes(), cfg.max_chars)
    vocab, kept = transformer.build_vocab(fortunes, cfg.min_count)
    train_text, val_text = transformer.split(kept, cfg.val_share, cfg.seed)
    article, about = transformer.unseen_text(ARTICLE, train_text, vocab)
    models_dir = os.path.dirname(MANIFEST)
    out = os.path.join(models_dir, "text")
    os.makedirs(out, exist_ok=True)
    paths = []
    for name, text in (("fortunes-train", train_text), ("fortunes-val", val_text), ("article", article)):
        path = os.path.join(out, f"{name}.txt.z")
        with open(path, "wb") as f:
            f.write(zlib.compress(text.encode("utf-8"), 9))
        paths.append(path)
    entry = {
        "kind": "data",
        "title": "Texts for the text-training page: the fortunes (the shipped GPT's split) and the source article",
        "params": {},
        "dataset": {**transformer.CORPUS_INFO, "fortunes": len(fortunes), "fortunes_kept": len(kept),
                    "train_chars": len(train_text), "val_chars": len(val_text), "vocab_size": len(vocab),
                    "split": f"{cfg.val_share:.0%} of the fortunes held out (seed {cfg.seed}), as training/transformer.py"},
        "licence": {"data": transformer.CORPUS_INFO["licence"],
                    "article": "not stated by its publisher: the project's source article (shared/seed), shipped only as "
                               "text to train on; to be replaced if its publisher objects"},
        "training": {"command": "npm run data:text", "script": "training/text_data.py", "device": "none",
                     "wall_time_s": 0, "steps": 0, "preset": "none"},
        "metrics": {"train_chars": len(train_text), "val_chars": len(val_text), "article_chars": about["chars"]},
        "config": {"article": about, "vocab": "public/models/transformer/vocab.json"},
        "roles": {"fortunes_train": "text/fortunes-train.txt.z", "fortunes_val": "text/fortunes-val.txt.z",
                  "article": "text/article.txt.z"},
    }
    write_model_entry("text_data", entry, paths, models_dir)
    print(f"fortunes {len(train_text)} + {len(val_text)} characters, article {about['chars']}: {out}")


if __name__ == "__main__":
    main()
