"""CI smoke run of every training script: tiny subset, few steps, export, parity check. Keeps the code from rotting.

Writes into a temporary folder; the shipped models in public/models are not touched.
"""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vae  # noqa: E402

with tempfile.TemporaryDirectory() as out:
    entry = vae.main(["--smoke", "--out", out])
    manifest = json.load(open(os.path.join(out, "manifest.json")))
    files = manifest["models"]["vae"]["files"]
    assert {f["path"] for f in files} == {"vae/decoder.onnx", "vae/encoder.onnx", "vae/extras.json"}, files
    assert all(len(f["sha256"]) == 64 and f["bytes"] > 0 for f in files)
    assert max(entry["parity"]["max_abs_err"].values()) <= entry["parity"]["atol"]
    print("training smoke run OK:", json.dumps(entry["parity"]["max_abs_err"]))
