"""Extracts the astronaut photograph that scikit-image ships (data.astronaut(): Eileen Collins,
NASA, public domain) once, as a 96×96 RGB PNG for the RGB feature-map lesson.

    pip install scikit-image && python3 lessons/images/make_astronaut.py

ConvViz never needs Python: the PNG is committed; this script says how it was made.
"""
import pathlib

import numpy as np
from PIL import Image
from skimage import data

here = pathlib.Path(__file__).parent
img = data.astronaut()                      # 512×512×3 uint8
face = img[0:320, 96:416]                   # the head and shoulders, square
small = Image.fromarray(face).resize((96, 96), Image.Resampling.LANCZOS)
small.save(here / "astronaut-96.png", optimize=True)
print(np.asarray(small).shape)
