"""Unit tests of the compressed copies model files travel as (python3 -m unittest training.test_wire)."""
import hashlib
import json
import os
import tempfile
import unittest
import zlib

import numpy as np

from training.manifest import file_entry
from training.wire import MIN_SAVING, MODELS, wire_entry


class WireEntry(unittest.TestCase):
    def test_a_file_that_shrinks_gets_a_copy_that_inflates_to_it(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "m", "occupancy.bin")
            os.makedirs(os.path.dirname(path))
            data = bytes(4000) + b"\x01" * 96  # mostly empty space, like the NeRF's occupancy bits
            open(path, "wb").write(data)
            entry = file_entry(path, tmp)
            self.assertEqual(entry["wire"], {"path": "m/occupancy.bin.z", "bytes": os.path.getsize(path + ".z"),
                                             "encoding": "deflate"})
            self.assertEqual(zlib.decompress(open(path + ".z", "rb").read()), data)
            self.assertEqual(entry["sha256"], hashlib.sha256(data).hexdigest())  # of the file, not of its copy

    def test_a_file_that_hardly_shrinks_travels_as_it_is_and_a_stale_copy_goes(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "features.bin")  # random: nothing to gain
            open(path, "wb").write(np.random.default_rng(0).bytes(5000))
            open(path + ".z", "wb").write(b"left from an earlier version")
            self.assertIsNone(wire_entry(path, tmp))
            self.assertNotIn("wire", file_entry(path, tmp))
            self.assertFalse(os.path.exists(path + ".z"))

    def test_files_hosts_compress_themselves_get_no_copy(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "extras.json")
            open(path, "w").write(json.dumps({"means": [0.0] * 1000}))
            self.assertIsNone(wire_entry(path, tmp))
            self.assertFalse(os.path.exists(path + ".z"))


class ShippedCopies(unittest.TestCase):
    def test_the_manifest_lists_a_current_copy_exactly_where_one_pays(self):
        manifest = json.load(open(os.path.join(MODELS, "manifest.json")))
        for model in manifest["models"].values():
            for f in model["files"]:
                data = open(os.path.join(MODELS, f["path"]), "rb").read()
                pays = f["path"].endswith((".onnx", ".bin")) and len(zlib.compress(data, 9)) <= (1 - MIN_SAVING) * len(data)
                self.assertEqual("wire" in f, pays, f"{f['path']}: run npm run models:wire")
                if pays:
                    copy = open(os.path.join(MODELS, f["wire"]["path"]), "rb").read()
                    self.assertEqual(len(copy), f["wire"]["bytes"], f["wire"]["path"])
                    self.assertEqual(zlib.decompress(copy), data, f["wire"]["path"])


if __name__ == "__main__":
    unittest.main()
