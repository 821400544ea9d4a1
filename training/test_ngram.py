"""Unit tests of the n-gram baseline (training/ngram.py), run in the training smoke run."""
import unittest

import numpy as np

from training import ngram


class NGramTest(unittest.TestCase):
    def setUp(self):
        rng = np.random.default_rng(0)
        # a text with structure: a repeated phrase in random noise
        phrase = np.array([3, 1, 4, 1, 5, 2, 6])
        parts = [phrase if rng.random() < 0.6 else rng.integers(0, 8, 5) for _ in range(400)]
        self.ids = np.concatenate(parts)

    def test_probabilities_sum_to_one(self):
        model = ngram.NGram(self.ids, 8, 4, 0.8)
        history = self.ids[100:110]
        totals = [model.probs(np.append(history, c))[:, -1] for c in range(8)]
        np.testing.assert_allclose(np.sum(totals, axis=0), 1.0, atol=1e-9)

    def test_matches_counting_by_hand(self):
        ids = np.array([0, 1, 0, 1, 0, 2])  # bigram counts after 0: 1 twice, 2 once
        model = ngram.NGram(ids, 3, 2, 0.5)
        p = model.probs(np.array([0, 1]))  # p(1 | 0)
        counts = {0: 3, 1: 2, 2: 1}
        unigram = (max(counts[1] - 0.5, 0) + 0.5 * 3 * (1 / 3)) / 6
        self.assertAlmostEqual(p[0, 0], unigram)
        self.assertAlmostEqual(p[1, 0], (2 - 0.5 + 0.5 * 2 * unigram) / 3)

    def test_higher_order_learns_the_phrase(self):
        fit = ngram.tune_and_fit(self.ids[:2400], self.ids[2400:], 8, max_order=5)
        self.assertGreater(fit["order"], 1)
        self.assertLess(fit["model"].loss(self.ids[:500]), ngram.NGram(self.ids, 8, 1, 0.8).loss(self.ids[:500]))
        self.assertEqual(len(fit["grid"]), 5 * len(ngram.DISCOUNTS))


if __name__ == "__main__":
    unittest.main()
