"""Model files that travel compressed: static hosts compress by content type at most, and send .onnx and .bin
files (application/octet-stream) as they are, so the site ships a zlib copy of each such file where that is
worth it, `<file>.z` beside it, and the manifest entry of the file gains where that copy is:

    "wire": {"path": "nerf/field.onnx.z", "bytes": 1236601, "encoding": "deflate"}

The browser downloads the copy, inflates it (DecompressionStream 'deflate' reads zlib streams) and checks the
result against the file's own `bytes` and `sha256`, so the engines get exactly the shipped file
(src/core/any-thread/model-files.ts). The file itself stays in the repository for everything that reads it
from disk (tests, benchmarks, these scripts); the site's build leaves it out of dist/ (vite.config.ts).

training/manifest.py's file_entry calls wire_entry for every file it describes, so each script that writes
a manifest entry keeps the copies current. To write them for the shipped models as they are:

    /usr/bin/python3 -m training.wire            # npm run models:wire
"""
from __future__ import annotations

import argparse
import json
import os
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS = os.path.join(ROOT, "public", "models")

SUFFIX = ".z"
# what hosts leave uncompressed (JSON, text and the site's code they compress themselves)
TRAVELS_RAW = (".onnx", ".bin")
# a copy must be at least this much smaller than the file to be worth an inflate in the browser: float16
# weights shrink by about 8 %, which is not; the NeRF field's grids (mostly empty space) by 81 %
MIN_SAVING = 0.10


def wire_entry(path: str, models_dir: str) -> dict | None:
    """Writes `path`.z and returns the manifest's `wire` field when the copy pays (see MIN_SAVING); otherwise
    removes a copy left from an earlier version of the file and returns None."""
    copy = path + SUFFIX
    packed = None
    if path.endswith(TRAVELS_RAW):
        data = open(path, "rb").read()
        packed = zlib.compress(data, 9)
        if len(packed) > (1 - MIN_SAVING) * len(data):
            packed = None
    if packed is None:
        if os.path.exists(copy):
            os.remove(copy)
        return None
    with open(copy, "wb") as f:
        f.write(packed)
    return {"path": os.path.relpath(copy, models_dir).replace(os.sep, "/"), "bytes": len(packed), "encoding": "deflate"}


def refresh(models_dir: str = MODELS) -> dict:
    """Rewrites the copies (and `wire` fields) of every file the manifest in `models_dir` lists."""
    from .manifest import save_manifest  # here, not at the top: manifest imports this module

    manifest_path = os.path.join(models_dir, "manifest.json")
    with open(manifest_path) as f:
        manifest = json.load(f)
    for model in manifest["models"].values():
        for entry in model["files"]:
            wire = wire_entry(os.path.join(models_dir, entry["path"]), models_dir)
            entry.pop("wire", None)
            if wire:
                entry["wire"] = wire
                print(f"{entry['path']}: {entry['bytes']} -> {wire['path']} {wire['bytes']} bytes")
    save_manifest(manifest, manifest_path)
    return manifest


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--models", default=MODELS, help="models folder with manifest.json")
    refresh(p.parse_args(argv).models)


if __name__ == "__main__":
    main()
