"""Draws color-shapes.png (96×96 RGB): a red square, a green disc and a blue triangle on grey,
for the RGB feature-map lesson. ConvViz never needs Python: the PNG is committed.

    python3 lessons/images/make_color_shapes.py
"""
import pathlib

import numpy as np
from PIL import Image

here = pathlib.Path(__file__).parent
img = np.full((96, 96, 3), 128, np.uint8)
img[12:40, 10:38] = (220, 40, 40)                     # red square
yy, xx = np.mgrid[0:96, 0:96]
img[(yy - 28) ** 2 + (xx - 68) ** 2 <= 15 ** 2] = (40, 180, 60)   # green disc
for r in range(54, 88):                               # blue triangle, apex up
    half = (r - 54) // 2
    img[r, 30 - half:30 + half + 1] = (40, 70, 210)
img[58:86, 56:86] = (230, 210, 40)                    # yellow square
Image.fromarray(img).save(here / "color-shapes.png", optimize=True)
