"""Colour measurements on item pictures: dominant hue, chromaticity, typicality.

Hues are in degrees on the HSV colour circle (0 = red, 60 = yellow, 120 = green,
180 = cyan, 240 = blue, 300 = magenta).  Only opaque pixels count, and only
*chromatic* pixels (saturation and value above small thresholds) carry a hue:
outlines, greys, white and black never do.

色の計測：支配的な色相・有彩色かどうか・領域に典型的な色かどうか。
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np
from matplotlib.colors import rgb_to_hsv
from PIL import Image

__all__ = [
    "ColourStats",
    "colour_stats",
    "hue_distance",
    "hue_histogram",
    "typical_hue",
    "colour_typicality",
    "MIN_SATURATION",
    "MIN_VALUE",
    "MIN_CHROMATIC_FRACTION",
    "TYPICALITY_TOLERANCE",
]

#: A pixel is chromatic when its HSV saturation and value both reach these.
MIN_SATURATION = 0.25
MIN_VALUE = 0.2
#: An item is chromatic when at least this fraction of its opaque pixels is.
MIN_CHROMATIC_FRACTION = 0.3
#: An item's colour is typical of its domain within this many degrees of hue.
TYPICALITY_TOLERANCE = 40.0

_N_BINS = 36  # 10-degree bins
_ALPHA_OPAQUE = 128


@dataclass(frozen=True)
class ColourStats:
    """Colour summary of one picture.

    Attributes
    ----------
    dominant_hue : float
        Peak of the hue histogram of the chromatic pixels, in degrees [0, 360);
        NaN when the picture has no chromatic pixel.
    chromatic_fraction : float
        Share of opaque pixels that are chromatic.
    chromatic : bool
        ``chromatic_fraction >= MIN_CHROMATIC_FRACTION``.
    histogram : numpy.ndarray
        36-bin hue histogram of the chromatic pixels, normalised to sum 1
        (all zeros when there is none).
    """

    dominant_hue: float
    chromatic_fraction: float
    chromatic: bool
    histogram: np.ndarray


def _opaque_hsv(image: Image.Image) -> np.ndarray:
    rgba = np.asarray(image.convert("RGBA"), dtype=np.float64) / 255.0
    opaque = rgba[..., 3] >= _ALPHA_OPAQUE / 255.0
    if not opaque.any():
        return np.zeros((0, 3))
    return rgb_to_hsv(rgba[..., :3][opaque])


def chromatic_mask(hsv: np.ndarray) -> np.ndarray:
    """Boolean mask of chromatic pixels in an ``(..., 3)`` HSV array in [0, 1]."""
    return (hsv[..., 1] >= MIN_SATURATION) & (hsv[..., 2] >= MIN_VALUE)


def hue_histogram(hues_deg: np.ndarray) -> np.ndarray:
    """36-bin histogram of hues in degrees, normalised to sum 1 (zeros if empty)."""
    counts, _ = np.histogram(np.mod(hues_deg, 360.0), bins=_N_BINS, range=(0.0, 360.0))
    total = counts.sum()
    return counts / total if total else counts.astype(np.float64)


def _peak_hue(histogram: np.ndarray, hues_deg: np.ndarray | None = None) -> float:
    """Hue at the peak of a circularly smoothed histogram.

    With the raw hues given, the peak is refined to their circular mean within
    one bin and a half of the peak bin's centre.
    """
    if histogram.sum() == 0:
        return float("nan")
    smooth = np.roll(histogram, 1) + 2 * histogram + np.roll(histogram, -1)
    peak = (int(np.argmax(smooth)) + 0.5) * (360.0 / _N_BINS)
    if hues_deg is None or hues_deg.size == 0:
        return float(peak % 360.0)
    near = hues_deg[hue_distance(hues_deg, peak) <= 15.0]
    if near.size == 0:
        return float(peak % 360.0)
    angles = np.deg2rad(near)
    mean = np.rad2deg(np.arctan2(np.sin(angles).mean(), np.cos(angles).mean()))
    return float(mean % 360.0)


def colour_stats(image: Image.Image) -> ColourStats:
    """Measure the colour of one picture.

    Parameters
    ----------
    image : PIL.Image.Image
        Any mode PIL can convert to RGBA; transparent pixels are ignored.

    Returns
    -------
    ColourStats

    Examples
    --------
    >>> from PIL import Image
    >>> stats = colour_stats(Image.new("RGB", (8, 8), (0, 200, 0)))
    >>> round(stats.dominant_hue), stats.chromatic
    (120, True)
    """
    hsv = _opaque_hsv(image)
    if hsv.shape[0] == 0:
        return ColourStats(float("nan"), 0.0, False, np.zeros(_N_BINS))
    mask = chromatic_mask(hsv)
    hues = hsv[mask, 0] * 360.0
    fraction = float(mask.mean())
    histogram = hue_histogram(hues)
    return ColourStats(
        dominant_hue=_peak_hue(histogram, hues),
        chromatic_fraction=fraction,
        chromatic=fraction >= MIN_CHROMATIC_FRACTION,
        histogram=histogram,
    )


def hue_distance(a, b):
    """Circular distance between hues in degrees, in [0, 180]."""
    d = np.abs(np.mod(np.asarray(a, dtype=np.float64) - b, 360.0))
    return np.minimum(d, 360.0 - d)


def typical_hue(histograms: Iterable[np.ndarray]) -> float:
    """The typical hue of a domain: the peak of its items' pooled hue histograms.

    Each item's histogram counts once (they are normalised), so large pictures
    do not outweigh small ones.  NaN when no histogram has any chromatic pixel.
    """
    pooled = np.zeros(_N_BINS)
    for h in histograms:
        pooled += np.asarray(h, dtype=np.float64)
    return _peak_hue(pooled)


def colour_typicality(hue: float, domain_hue: float, *, tolerance: float = TYPICALITY_TOLERANCE) -> str:
    """``'typical'`` when *hue* lies within *tolerance* degrees of *domain_hue*, else ``'atypical'``.

    Returns ``''`` when either hue is NaN (achromatic item or domain).
    """
    if np.isnan(hue) or np.isnan(domain_hue):
        return ""
    return "typical" if hue_distance(hue, domain_hue) <= tolerance else "atypical"
