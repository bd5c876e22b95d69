"""Fonts of cogsim's figures: matplotlib's default, with a Japanese font for the glyphs it lacks.

A helper below every layer that draws (:mod:`cogsim.analysis.figures`, :mod:`cogsim.explain`).
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

import matplotlib

__all__ = ["FONT_FAMILY", "japanese_font", "with_fonts"]

#: The font family list cogsim's figures draw with: matplotlib's default, then a Japanese font for the
#: glyphs it lacks (item and category names in Japanese), so Japanese never shows as empty boxes.
FONT_FAMILY = ["DejaVu Sans", "IPAexGothic"]


@functools.lru_cache(maxsize=None)
def japanese_font() -> Path | None:
    """The Japanese font file cogsim registers with matplotlib (IPAex Gothic, from the package
    ``matplotlib-fontja``), or None if that package is missing.

    The file is added to matplotlib's font list only; matplotlib's settings are left as they were
    (importing ``matplotlib_fontja`` itself would change them for the whole session).
    """
    spec = importlib.util.find_spec("matplotlib_fontja")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "fonts" / "ipaexg.ttf"
    if not path.is_file():
        return None
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(path))
    return path


def with_fonts(plot):
    """Draw *plot*'s texts with :data:`FONT_FAMILY` (Japanese falls back to IPAex Gothic)."""
    @functools.wraps(plot)
    def wrapped(*args, **kwargs):
        family = FONT_FAMILY if japanese_font() is not None else FONT_FAMILY[:1]
        with matplotlib.rc_context({"font.family": family}):
            return plot(*args, **kwargs)

    return wrapped
