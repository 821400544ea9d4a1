"""Unit tests of the yardstick metrics (python3 -m unittest training.test_metrics)."""
import unittest

import numpy as np

from training.metrics import (class_coverage, fd_between, frechet_distance, laplacian_variance, nearest_distances,
                              precision_recall)


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


class PrecisionRecall(unittest.TestCase):
    def setUp(self):
        self.rng = np.random.default_rng(2)
        self.real = self.rng.normal(size=(800, 8))

    def test_same_distribution_scores_high_on_both(self):
        p, r = precision_recall(self.real, self.rng.normal(size=(800, 8)))
        self.assertGreater(p, 0.8)
        self.assertGreater(r, 0.8)

    def test_collapsed_samples_are_precise_but_miss_recall(self):
        # every sample near the mode: all look real (precision), most of the real spread is missed (recall)
        p, r = precision_recall(self.real, self.rng.normal(scale=0.1, size=(800, 8)))
        self.assertGreater(p, 0.95)
        self.assertLess(r, 0.2)

    def test_far_samples_score_low_precision(self):
        p, _ = precision_recall(self.real, self.rng.normal(loc=6.0, size=(800, 8)))
        self.assertLess(p, 0.05)


class NearestDistances(unittest.TestCase):
    def test_copies_are_at_zero_and_others_at_their_true_distance(self):
        rng = np.random.default_rng(3)
        train = rng.random((300, 28, 28))
        probe = np.concatenate([train[:5], train[5:10] + 0.5])
        d = nearest_distances(probe, train, chunk=3)
        np.testing.assert_allclose(d[:5], 0, atol=1e-6)
        # a shift by 0.5 of all 784 pixels lies 0.5 * 28 = 14 from its source; nothing is closer by much
        self.assertTrue(np.all(d[5:] <= 14 + 1e-6) and np.all(d[5:] > 5))


if __name__ == "__main__":
    unittest.main()
