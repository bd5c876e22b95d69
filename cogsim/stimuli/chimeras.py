"""Chimeras for object decision: the front of one animal joined to the body of another.

Object decision (Figure 2c right; Rogers, Lambon Ralph, Hodges & Patterson
2004) shows a real animal beside a chimera that differs from it in one part.
cogsim builds the chimera in code from two transparent pictures of the same
domain (:func:`make_chimera`):

1. each picture is cropped to its object (the bounding box of its opaque pixels);
2. the donor of the front part is mirrored if it faces the other way (the
   battery's ``facing`` column says which way each head points);
3. the donor is scaled to the height of the body's object;
4. the front ``front`` share of the body's width (the side its head is on)
   is cut off and replaced by the same share of the donor: the chimera keeps
   the real animal's body, legs and tail and gets another animal's head and
   neck, butted together at the cut.

Pictures that face the viewer (``facing == "front"``) get no chimera.
:class:`Chimeras` is a picture set (like :class:`~cogsim.patients.features.Recoloured`):
its backbone features are cached like the battery's own.

キメラ刺激（物体判断課題）：ある動物の前部を別の動物の体につなぐ。
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from .._validation import plain_numbers
from PIL import Image

__all__ = ["make_chimera", "Chimeras", "object_box", "FRONT"]

#: Share of the body's width replaced by the donor's front part.
FRONT = 0.4
_ALPHA_MIN = 16


def object_box(rgba: Image.Image) -> tuple[int, int, int, int]:
    """``(left, top, right, bottom)`` of the pixels with alpha above 16 (the whole picture if none)."""
    alpha = np.asarray(rgba.getchannel("A"))
    rows, cols = np.flatnonzero((alpha > _ALPHA_MIN).any(1)), np.flatnonzero((alpha > _ALPHA_MIN).any(0))
    if not len(rows):
        return 0, 0, rgba.width, rgba.height
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


def make_chimera(body: Image.Image, donor: Image.Image, body_facing: str, donor_facing: str, *,
                 front: float = FRONT) -> Image.Image:
    """The front *front* share of *donor* joined to the rest of *body*: an RGBA picture.

    Parameters
    ----------
    body, donor : PIL.Image.Image
        RGBA pictures on transparent backgrounds.
    body_facing, donor_facing : {"left", "right"}
        Which way each head points.
    front : float, default 0.4
        Share of the object's width that is the "front part".

    Returns
    -------
    PIL.Image.Image
        RGBA, as tall as the body's object, transparent around it.
    """
    for name, facing in (("body_facing", body_facing), ("donor_facing", donor_facing)):
        if facing not in ("left", "right"):
            raise ValueError(f"The {name!r} parameter must be 'left' or 'right' (a picture facing the viewer has "
                             f"no front part to swap). Got {facing!r} instead.")
    if not 0.05 <= float(front) <= 0.95:
        raise ValueError(f"The 'front' parameter must be between 0.05 and 0.95. Got {front!r} instead.")
    body = body.convert("RGBA").crop(object_box(body.convert("RGBA")))
    donor = donor.convert("RGBA").crop(object_box(donor.convert("RGBA")))
    if donor_facing != body_facing:
        donor = donor.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    height = body.height
    width = max(1, round(donor.width * height / donor.height))
    donor = donor.resize((width, height), Image.Resampling.LANCZOS)
    keep = body.width - round(front * body.width)  # the body's back part
    take = max(1, round(front * donor.width))  # the donor's front part
    b, d = np.asarray(body, dtype=np.float32), np.asarray(donor, dtype=np.float32)
    if body_facing == "left":  # head on the left: donor's left part, then the body's right part
        parts = (d[:, :take], b[:, body.width - keep:])
    else:
        parts = (b[:, :keep], d[:, donor.width - take:])
    return Image.fromarray(np.concatenate(parts, axis=1).astype(np.uint8), "RGBA")


@dataclass(frozen=True)
class Chimeras:
    """A picture set of chimeras: one per ``(body, donor)`` pair of item ids.

    Attributes
    ----------
    pairs : tuple of (str, str)
        The real item whose body is kept, and the item whose front part replaces its own.
    front : float, default 0.4
    """

    pairs: tuple
    front: float = FRONT

    def __post_init__(self):
        plain_numbers(self)
        pairs = tuple((str(b), str(d)) for b, d in self.pairs)
        object.__setattr__(self, "pairs", pairs)
        object.__setattr__(self, "front", round(float(self.front), 6))

    def spec(self) -> dict:
        return {"kind": "chimeras", "pairs": [list(p) for p in self.pairs], "front": self.front}

    def image(self, battery, index: int) -> Image.Image:
        """The RGBA chimera of ``pairs[index]``."""
        from .norms import require_norms

        require_norms(battery.items, ["facing"], "Chimeras")
        body, donor = self.pairs[index]
        facing = {b: battery.row(b)["facing"] for b in (body, donor)}
        return make_chimera(battery.image(body, background=None), battery.image(donor, background=None),
                            facing[body], facing[donor], front=self.front)

    def batch(self, battery, size: int, background="white"):
        """The chimeras as a ``(n, 3, size, size)`` tensor in [0, 1] (like the battery's canonical pictures)."""
        import torch

        from .battery import _fit_square
        from .images import composite

        pictures = []
        for k in range(len(self.pairs)):
            rgb = composite(_fit_square(self.image(battery, k), size), background)
            pictures.append(torch.from_numpy(np.asarray(rgb, dtype=np.float32) / 255.0).permute(2, 0, 1))
        return torch.stack(pictures) if pictures else torch.zeros(0, 3, size, size)
