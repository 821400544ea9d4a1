"""Unit tests of the PNG writer and the sample grid (python3 -m unittest training.test_png)."""
import os
import tempfile
import unittest

import numpy as np

from training.png import image_grid, read_png, write_png


class WritePng(unittest.TestCase):
    def test_round_trip_grey_and_rgb(self):
        rng = np.random.default_rng(0)
        with tempfile.TemporaryDirectory() as tmp:
            for shape in ((7, 5), (6, 9, 3)):
                img = rng.integers(0, 256, shape, dtype=np.uint8)
                path = os.path.join(tmp, "x.png")
                write_png(path, img)
                back = read_png(path)
                np.testing.assert_array_equal(back.reshape(img.shape), img)

    def test_grid_places_each_image_and_keeps_the_gaps_white(self):
        images = np.stack([np.full((3, 3), v) for v in (0.0, 0.5, 1.0)])
        grid = image_grid(images, columns=2, scale=2, gap=1)
        self.assertEqual(grid.shape, (2 * 7 + 1, 2 * 7 + 1))
        self.assertEqual(grid[1, 1], 0)          # first image, black
        self.assertEqual(grid[1, 8], 128)        # second image, mid grey
        self.assertEqual(grid[8, 1], 255)        # third image, white
        self.assertEqual(grid[0, :].min(), 255)  # top gap


if __name__ == "__main__":
    unittest.main()
