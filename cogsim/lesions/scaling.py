"""Weight scaling: uniform weakening of every connection.

重みの一様な縮小。
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import WeightLesion, register_lesion

__all__ = ["WeightScaling"]


@register_lesion("weight_scaling")
@dataclass(frozen=True)
class WeightScaling(WeightLesion):
    """Multiply the site's weights by ``1 - severity`` (no randomness).

    Severity 1 sets every weight of the site to zero.
    """

    def damage_weight(self, weight, rng):
        return weight * (1.0 - self.severity)
