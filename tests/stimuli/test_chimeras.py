"""Chimeras built from two small generated transparent pictures."""

import numpy as np
import pytest
from PIL import Image

from cogsim.stimuli.chimeras import make_chimera, object_box


def _animal(colour, head, width=40, height=20, pad=5):
    """An RGBA 'animal': a body of *colour* with a 10-pixel head of colour *head* on its right, on transparency."""
    a = np.zeros((height + 2 * pad, width + 2 * pad, 4), np.uint8)
    a[pad:pad + height, pad:pad + width] = (*colour, 255)
    a[pad:pad + height, pad + width - 10:pad + width] = (*head, 255)
    return Image.fromarray(a, "RGBA")


def test_object_box_finds_the_opaque_pixels():
    assert object_box(_animal((255, 0, 0), (0, 0, 255))) == (5, 5, 45, 25)


def test_the_front_of_the_donor_replaces_the_front_of_the_body():
    body, donor = _animal((255, 0, 0), (255, 255, 0)), _animal((0, 255, 0), (0, 0, 255), width=60, height=30)
    out = np.asarray(make_chimera(body, donor, "right", "right", front=0.4))
    assert out.shape[0] == 20  # the body's height
    # oracle: 24 body columns kept (40 − 16), then 0.4 × the donor scaled to height 20 (width 40): 16 columns
    assert out.shape[1] == 24 + 16
    assert (out[:, :24, :3] == (255, 0, 0)).all()  # the body's back, red
    assert (out[:, -1, :3] == (0, 0, 255)).all()  # the donor's head at the front
    assert (out[:, 24:28, :3] == (0, 255, 0)).all()  # the donor's neck


def test_a_donor_facing_the_other_way_is_mirrored():
    body = _animal((255, 0, 0), (255, 255, 0)).transpose(Image.Transpose.FLIP_LEFT_RIGHT)  # head on the left
    donor = _animal((0, 255, 0), (0, 0, 255))  # head on the right
    out = np.asarray(make_chimera(body, donor, "left", "right", front=0.4))
    assert (out[:, 0, :3] == (0, 0, 255)).all()  # the donor's head, now on the left
    assert (out[:, -1, :3] == (255, 0, 0)).all()  # the body's back


def test_bad_facing_and_front_are_refused():
    a = _animal((1, 2, 3), (4, 5, 6))
    with pytest.raises(ValueError, match="'body_facing' parameter must be 'left' or 'right'"):
        make_chimera(a, a, "front", "left")
    with pytest.raises(ValueError, match="'front' parameter must be between"):
        make_chimera(a, a, "left", "left", front=1.0)
