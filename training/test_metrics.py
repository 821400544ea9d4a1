"""Unit tests of the yardstick metrics (python3 -m unittest training.test_metrics)."""
import unittest

import numpy as np

from training.metrics import class_coverage, fd_between, frechet_distance, laplacian_variance


class FrechetDistance(unittest.TestCase):
    def setUp(self):
        rng = np.random.default_rng(0)
        self.a = rng.normal(size=(5000, 16)) @ rng.normal(size=(16, 16))  # correlated features

    def test_set_with_itself_is_zero(self):
        self.assertLess(abs(fd_between(self.a, self.a)), 1e-6)

    def test_grows_with_a_shift(self):
        small, big = fd_between(self.a, self.a + 0.5), fd_between(self.a, self.a + 2.0)
        # A pure shift by d in every one of 16 dims adds exactly 16 d^2.
        self.assertAlmostEqual(small, 16 * 0.25, places=6)
        self.assertAlmostEqual(big, 16 * 4.0, places=5)

    def test_matches_closed_form_for_diagonal_gaussians(self):
        # For diagonal covariances FD = sum (mu1-mu2)^2 + (sqrt(s1) - sqrt(s2))^2.
        s1, s2 = np.diag([1.0, 4.0]), np.diag([9.0, 1.0])
        fd = frechet_distance(np.zeros(2), s1, np.ones(2), s2)
        self.assertAlmostEqual(fd, 2 + (1 - 3) ** 2 + (2 - 1) ** 2, places=9)


class Coverage(unittest.TestCase):
    def test_one_class_set_covers_a_tenth(self):
        c = class_coverage(np.full(1000, 3))
        self.assertEqual(c["coverage"], 0.1)
        self.assertEqual(c["class_entropy_nats"], 0.0)

    def test_even_set_covers_all_with_max_entropy(self):
        c = class_coverage(np.arange(1000) % 10)
        self.assertEqual(c["coverage"], 1.0)
        self.assertAlmostEqual(c["class_entropy_nats"], np.log(10), places=9)


class Sharpness(unittest.TestCase):
    def test_blurring_lowers_laplacian_variance(self):
        rng = np.random.default_rng(1)
        sharp = (rng.random((50, 28, 28)) > 0.5).astype(np.float64)
        blurred = sharp.copy()
        blurred[:, 1:-1, 1:-1] = (sharp[:, :-2, 1:-1] + sharp[:, 2:, 1:-1] + sharp[:, 1:-1, :-2] + sharp[:, 1:-1, 2:]
                                  + sharp[:, 1:-1, 1:-1]) / 5
        self.assertGreater(laplacian_variance(sharp), 3 * laplacian_variance(blurred))
        self.assertEqual(laplacian_variance(np.full((4, 28, 28), 0.7)), 0.0)


if __name__ == "__main__":
    unittest.main()
