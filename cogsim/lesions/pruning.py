"""Pruning: removing connections, at random or smallest first.

刈り込み：結合の除去。
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from .._validation import check_option
from .base import WeightLesion, _uniform, register_lesion

__all__ = ["Pruning"]


@register_lesion("pruning")
@dataclass(frozen=True)
class Pruning(WeightLesion):
    """Set a share ``severity`` of the site's connections (weights) to zero.

    ``method="random"`` removes connections in a random order fixed by the
    random_state; ``"magnitude"`` removes the smallest ``|w|`` first (ties in a
    random order).  Either way the order is drawn once, so a higher severity
    removes a superset of the connections a lower one removes.  Severity 1
    removes every connection of the site.
    """

    method: str = "random"

    def __post_init__(self):
        super().__post_init__()
        check_option("method", self.method, ("magnitude", "random"))

    def damage_weight(self, weight, rng):
        flat = weight.reshape(-1)
        n_cut = int(round(self.severity * flat.numel()))
        tiebreak = _uniform(flat.shape, rng)
        if self.method == "random":
            order = torch.argsort(tiebreak, stable=True)
        else:
            # lexicographic: magnitude first, then the random tie-break
            order = np.lexsort((tiebreak.numpy(), flat.abs().double().numpy()))
            order = torch.from_numpy(order)
        out = flat.clone()
        out[order[:n_cut]] = 0.0
        return out.reshape(weight.shape)
