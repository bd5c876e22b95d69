"""Weight scaling: uniform weakening of every connection.

重みの一様な縮小。
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import Lesion

__all__ = ["WeightScaling"]


@dataclass(frozen=True)
class WeightScaling(Lesion):
    """Multiply the site's weights by ``1 - severity`` (no randomness).

    Severity 1 sets every weight of the site to zero.
    """

    def damage_weight(self, weight, rng):
        return weight * (1.0 - self.severity)
