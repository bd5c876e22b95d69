"""Unit ablation: silencing whole units (hub) or channels (visual layers).

ユニット除去：ユニット（チャネル）を沈黙させる。
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .base import UnitLesion, register_lesion

__all__ = ["UnitAblation"]


@register_lesion("unit_ablation")
@dataclass(frozen=True)
class UnitAblation(UnitLesion):
    """Silence ``round(severity * n_units)`` units of each layer of the site.

    Hub sites silence hidden units (the output layer only when named
    explicitly); visual sites silence output channels of a stage.  Units die
    in a random order fixed by the random_state, so the units dead at a low
    severity stay dead at every higher one.  Severity 1 silences every unit.

    Examples
    --------
    >>> UnitAblation(severity=0.4, site="hub")
    UnitAblation(severity=0.4, site='hub')
    """

    def dead_units(self, n_units: int, rng: np.random.Generator) -> np.ndarray:
        order = rng.permutation(n_units)
        dead = np.zeros(n_units, dtype=bool)
        dead[order[: int(round(self.severity * n_units))]] = True
        return dead
