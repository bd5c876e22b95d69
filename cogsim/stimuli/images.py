"""Image operations the paradigms need: compositing and recolouring.

Both are pure functions of their inputs (no randomness), return new images
and leave their argument untouched.

画像操作：背景への合成と色相の付け替え（再着色）。
"""

from __future__ import annotations

from typing import Union

import numpy as np
from matplotlib.colors import hsv_to_rgb, rgb_to_hsv
from PIL import Image, ImageColor

from .colour import chromatic_mask, colour_stats

__all__ = ["Background", "composite", "recolour"]

#: A background: a colour name or hex string PIL understands, an (r, g, b)
#: tuple of 0-255 ints, or None to keep the transparency.
Background = Union[str, tuple, None]


def _background_rgb(background) -> tuple[int, int, int]:
    if isinstance(background, str):
        try:
            return ImageColor.getrgb(background)[:3]
        except ValueError:
            raise ValueError(
                f"Invalid value for 'background': {background!r} is not a colour name "
                "or hex string PIL understands (e.g. 'white', '#808080')."
            ) from None
    if (
        isinstance(background, tuple)
        and len(background) == 3
        and all(isinstance(c, (int, np.integer)) and 0 <= c <= 255 for c in background)
    ):
        return tuple(int(c) for c in background)
    raise TypeError(
        "The 'background' parameter must be a colour name, a hex string, an (r, g, b) "
        f"tuple of ints in [0, 255] or None. Got {background!r} instead."
    )


def composite(image: Image.Image, background: Background = "white") -> Image.Image:
    """Place a picture with transparency on a plain background.

    Parameters
    ----------
    image : PIL.Image.Image
        Any mode PIL converts to RGBA.
    background : str, tuple or None, default "white"
        Colour name, hex string or ``(r, g, b)``; None returns the picture as RGBA.

    Returns
    -------
    PIL.Image.Image
        An RGB picture (RGBA when *background* is None).

    Examples
    --------
    >>> from PIL import Image
    >>> clear = Image.new("RGBA", (2, 2), (255, 0, 0, 0))
    >>> composite(clear, "black").getpixel((0, 0))
    (0, 0, 0)
    """
    rgba = image.convert("RGBA")
    if background is None:
        return rgba
    base = Image.new("RGBA", rgba.size, _background_rgb(background) + (255,))
    base.alpha_composite(rgba)
    return base.convert("RGB")


def recolour(image: Image.Image, target_hue: float, *, source_hue: float | None = None) -> Image.Image:
    """Rotate the hue of a picture's chromatic pixels so its dominant hue becomes *target_hue*.

    The rotation is the same for every chromatic pixel, so shading and the
    relative hues of parts survive; saturation and value are kept.  Achromatic
    pixels (outlines, greys, white, black: see :mod:`cogsim.stimuli.colour`)
    and the alpha channel are left exactly as they were.

    Parameters
    ----------
    image : PIL.Image.Image
        The picture; any mode PIL converts to RGBA.
    target_hue : float
        Hue in degrees that the dominant hue is moved to (taken modulo 360).
    source_hue : float, optional
        The hue to move; by default the picture's dominant hue
        (:func:`cogsim.stimuli.colour.colour_stats`).

    Returns
    -------
    PIL.Image.Image
        A new RGBA picture.

    Raises
    ------
    ValueError
        If the picture has no chromatic pixel, so there is no hue to rotate.

    Examples
    --------
    >>> from PIL import Image
    >>> red = Image.new("RGB", (4, 4), (200, 0, 0))
    >>> recolour(red, 120).getpixel((0, 0))
    (0, 200, 0, 255)
    """
    if isinstance(target_hue, bool) or not isinstance(target_hue, (int, float, np.floating)):
        raise TypeError(f"The 'target_hue' parameter must be a number of degrees. Got {target_hue!r} instead.")
    rgba = np.asarray(image.convert("RGBA"), dtype=np.float64) / 255.0
    if source_hue is None:
        source_hue = colour_stats(image).dominant_hue
    if source_hue is None or np.isnan(source_hue):
        raise ValueError(
            "Cannot recolour a picture without chromatic pixels: it has no hue to rotate."
        )
    hsv = rgb_to_hsv(rgba[..., :3])
    mask = chromatic_mask(hsv)
    shift = (float(target_hue) - float(source_hue)) / 360.0
    hsv[..., 0] = np.where(mask, np.mod(hsv[..., 0] + shift, 1.0), hsv[..., 0])
    rgb = np.where(mask[..., None], hsv_to_rgb(hsv), rgba[..., :3])
    out = np.concatenate([rgb, rgba[..., 3:]], axis=-1)
    return Image.fromarray(np.round(out * 255.0).astype(np.uint8), "RGBA")
