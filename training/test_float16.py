"""Unit tests of the float16 storage (python3 -m unittest training.test_float16; also run by smoke.py)."""
import os
import unittest

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from training.float16 import HALF_SUFFIX, MIN_ELEMENTS, halve, widen, widened_copy


def model_with(*tensors: np.ndarray) -> onnx.ModelProto:
    """A graph whose initializers are `tensors` (named t0, t1, …); the nodes do not matter here."""
    inits = [numpy_helper.from_array(t, f"t{i}") for i, t in enumerate(tensors)]
    graph = helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "g",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])], inits)
    return helper.make_model(graph)


class Halve(unittest.TestCase):
    def setUp(self):
        rng = np.random.default_rng(0)
        self.matrix = rng.normal(size=(64, 32)).astype(np.float32)
        self.vector = rng.normal(size=(4096,)).astype(np.float32)  # a bias or norm scale: stays float32
        self.small = rng.normal(size=(8, 8)).astype(np.float32)    # under MIN_ELEMENTS: stays float32
        self.shape = np.array([-1, 64, 7, 7], dtype=np.int64)

    def test_only_large_float_matrices_become_float16(self):
        m = model_with(self.matrix, self.vector, self.small, self.shape)
        self.assertEqual(halve(m), ["t0"])
        types = [t.data_type for t in m.graph.initializer]
        self.assertEqual(types, [TensorProto.FLOAT16, TensorProto.FLOAT, TensorProto.FLOAT, TensorProto.INT64])
        self.assertGreaterEqual(self.matrix.size, MIN_ELEMENTS)
        # stored under another name, widened by a Cast to the name the graph reads: a standard model
        self.assertEqual(m.graph.initializer[0].name, "t0" + HALF_SUFFIX)
        cast = m.graph.node[0]
        self.assertEqual((cast.op_type, list(cast.input), list(cast.output)), ("Cast", ["t0" + HALF_SUFFIX], ["t0"]))
        self.assertEqual(cast.attribute[0].i, TensorProto.FLOAT)
        onnx.checker.check_model(m, full_check=True)

    def test_a_float16_initializer_without_its_cast_gets_one(self):
        m = model_with(self.matrix)
        t = m.graph.initializer[0]
        t.CopyFrom(numpy_helper.from_array(self.matrix.astype(np.float16), "t0"))  # the earlier stored form
        self.assertEqual(halve(m), ["t0"])
        self.assertEqual([(n.op_type, n.output[0]) for n in m.graph.node][0], ("Cast", "t0"))
        onnx.checker.check_model(m, full_check=True)

    def test_widening_gives_the_float16_values_exactly_and_is_the_inverse(self):
        m = model_with(self.matrix)
        halve(m)
        self.assertEqual(widen(m), ["t0"])
        back = numpy_helper.to_array(m.graph.initializer[0])
        self.assertEqual(back.dtype, np.float32)
        self.assertEqual(m.graph.initializer[0].name, "t0")
        self.assertEqual([n.op_type for n in m.graph.node], ["Identity"])  # the Cast went with it
        np.testing.assert_array_equal(back, self.matrix.astype(np.float16).astype(np.float32))
        self.assertEqual(widen(m), [])  # nothing left to widen

    def test_a_second_halving_changes_nothing(self):
        m = model_with(self.matrix)
        halve(m)
        once = m.SerializeToString()
        self.assertEqual(halve(m), [])
        self.assertEqual(m.SerializeToString(), once)

    def test_refuses_values_beyond_float16(self):
        big = self.matrix.copy()
        big[3, 4] = 7e4
        with self.assertRaisesRegex(ValueError, "does not fit float16"):
            halve(model_with(big))

    def test_kept_names_stay_float32(self):
        m = model_with(self.matrix)
        self.assertEqual(halve(m, keep={"t0"}), [])

    def test_widened_copy_is_the_file_itself_without_float16(self):
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "m.onnx")
            onnx.save(model_with(self.matrix), path)
            with widened_copy(path) as runnable:
                self.assertEqual(runnable, path)
            m = model_with(self.matrix)
            halve(m)
            onnx.save(m, path)
            with widened_copy(path) as runnable:
                self.assertNotEqual(runnable, path)
                self.assertEqual(onnx.load(runnable).graph.initializer[0].data_type, TensorProto.FLOAT)
            self.assertFalse(os.path.exists(runnable))


if __name__ == "__main__":
    unittest.main()
